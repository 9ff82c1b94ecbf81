package cli

import (
	"context"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/client/artifacts"
	"mltui/format"
)

func init() { register(newArtifactsCmd) }

func newArtifactsCmd(a *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "artifacts",
		Short: "List a run's artifacts or save one to a file",
		Long: "artifacts reads what a run logged, through the same paths as the dashboard: the server's artifact " +
			"proxy (mlflow-artifacts:), S3 directly (s3://, with the AWS settings MLflow's client reads), or the local " +
			"store. A run is given by its ID or as runs:/RUN_ID/PATH, as MLflow writes it.",
	}
	cmd.AddCommand(newArtifactsLsCmd(a), newArtifactsGetCmd(a))
	return cmd
}

func newArtifactsLsCmd(a *App) *cobra.Command {
	var (
		output  string
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:     "ls RUN [PATH]",
		Short:   "List one level of a run's artifacts",
		Example: "  mltui artifacts ls 3f2a…\n  mltui artifacts ls runs:/3f2a…/model -o json",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return &ExitError{Code: 2, Err: fmt.Errorf("unknown output %q: use table or json", output)}
			}
			runID, rel, err := artifactArgs(args)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			ctx, s, done, err := a.openFor(cmd.Context(), timeout)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			defer done()
			files, err := s.ListArtifacts(ctx, runID, rel)
			if err != nil {
				return &ExitError{Code: 2, Err: fmt.Errorf("list artifacts of run %s: %w", runID, err)}
			}
			if output == "json" {
				if files == nil {
					files = []client.FileInfo{}
				}
				return writeJSON(a.Stdout, files)
			}
			tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "PATH\tSIZE")
			for _, f := range files {
				if f.IsDir {
					fmt.Fprintf(tw, "%s/\t-\n", format.Visible(f.Path))
				} else {
					fmt.Fprintf(tw, "%s\t%s\n", format.Visible(f.Path), format.Bytes(f.FileSize))
				}
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "table", "output format: table or json")
	cmd.Flags().DurationVar(&timeout, "timeout", 2*time.Minute, "give up after this long")
	return cmd
}

func newArtifactsGetCmd(a *App) *cobra.Command {
	var (
		dest    string
		force   bool
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "get RUN [PATH]",
		Short: "Save one artifact file (to ./NAME, -o FILE, or -o - for a pipe)",
		Long: "get saves one of a run's artifact files. It downloads to a hidden temporary file beside the target " +
			"and renames it into place only when every byte has arrived, so an interrupted download leaves nothing " +
			"at the target. An existing file is replaced only with --force. Saving to disk is a write: --read-only " +
			"(and a read_only profile) refuse it; -o - streams to a pipe instead.",
		Example: "  mltui artifacts get runs:/3f2a…/plots/confusion_matrix.png\n" +
			"  mltui artifacts get 3f2a… model/MLmodel -o MLmodel.yaml\n  mltui artifacts get 3f2a… metrics.csv -o - | head",
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			runID, rel, err := artifactArgs(args)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			if rel == "" {
				return &ExitError{Code: 2, Err: fmt.Errorf("name the artifact file to get (mltui artifacts ls %s lists them)", runID)}
			}
			if dest == "" {
				base := path.Base(rel)
				if format.Visible(base) != base {
					return &ExitError{Code: 2, Err: fmt.Errorf("the artifact's name %s holds control characters: choose a file name with -o", format.Visible(base))}
				}
				dest = filepath.Join(a.Cwd, base)
			}
			if dest == "-" && a.stdoutIsTerminal() {
				return &ExitError{Code: 2, Err: fmt.Errorf("-o - writes the file's raw bytes: redirect stdout to a file or a pipe")}
			}
			ctx, s, done, err := a.openFor(cmd.Context(), timeout)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			defer done()
			if dest != "-" && client.IsReadOnly(s) {
				return &ExitError{Code: 2, Err: fmt.Errorf("read-only: saving to %s is a write; use -o - to stream to a pipe", dest)}
			}
			ar, ok := s.(client.ArtifactReader)
			if !ok {
				return &ExitError{Code: 2, Err: fmt.Errorf("this store cannot read artifact files")}
			}
			open := func(ctx context.Context, off, n int64) (*client.ArtifactFile, error) {
				return ar.OpenArtifact(ctx, runID, rel, off, n)
			}
			what := "runs:/" + runID + "/" + format.Visible(rel)
			if dest == "-" {
				f, err := open(ctx, 0, -1)
				if err != nil {
					return &ExitError{Code: 2, Err: fmt.Errorf("get %s: %w", what, err)}
				}
				defer f.Close()
				if _, err := io.Copy(a.Stdout, f); err != nil {
					return &ExitError{Code: 2, Err: fmt.Errorf("get %s: %w", what, err)}
				}
				return nil
			}
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(a.Cwd, dest)
			}
			n, err := artifacts.Save(ctx, open, dest, force)
			if err != nil {
				return &ExitError{Code: 2, Err: fmt.Errorf("get %s: %w", what, err)}
			}
			fmt.Fprintf(a.Stderr, "saved %s to %s (%s)\n", what, dest, format.Bytes(n))
			return nil
		},
	}
	cmd.Flags().StringVarP(&dest, "output", "o", "", "the file to write (default ./NAME; - for stdout)")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing file")
	cmd.Flags().DurationVar(&timeout, "timeout", 30*time.Minute, "give up after this long")
	return cmd
}

// artifactArgs reads RUN [PATH], where RUN may be runs:/RUN_ID[/PATH].
func artifactArgs(args []string) (runID, rel string, err error) {
	runID = args[0]
	if rest, ok := strings.CutPrefix(runID, "runs:/"); ok {
		rest = strings.TrimLeft(rest, "/")
		runID, rel, _ = strings.Cut(rest, "/")
		if len(args) > 1 {
			return "", "", fmt.Errorf("give the path inside the runs:/ URI or as PATH, not both")
		}
	} else if len(args) > 1 {
		rel = args[1]
	}
	if runID == "" {
		return "", "", fmt.Errorf("no run ID in %q", args[0])
	}
	return runID, strings.Trim(rel, "/"), nil
}
