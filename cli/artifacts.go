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
			"store. A run is given by its ID or as runs:/RUN_ID/PATH, a model as models:/NAME@ALIAS, models:/NAME/VERSION " +
			"(or /STAGE, /latest) or models:/m-ID, optionally followed by /PATH, as MLflow writes them.",
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
		Use:     "ls RUN|MODEL_URI [PATH]",
		Short:   "List one level of a run's artifacts",
		Example: "  mltui artifacts ls 3f2a…\n  mltui artifacts ls runs:/3f2a…/model -o json\n  mltui artifacts ls models:/iris-classifier@champion",
		Args:    cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return &ExitError{Code: 2, Err: fmt.Errorf("unknown output %q: use table or json", output)}
			}
			tgt, rel, err := artifactArgs(args)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			ctx, s, done, err := a.openFor(cmd.Context(), timeout)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			defer done()
			src, err := tgt.resolve(ctx, s)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			files, err := src.list(ctx, rel)
			if err != nil {
				return &ExitError{Code: 2, Err: fmt.Errorf("list artifacts of %s: %w", src, err)}
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
		Use:   "get RUN|MODEL_URI [PATH]",
		Short: "Save one artifact file (to ./NAME, -o FILE, or -o - for a pipe)",
		Long: "get saves one of a run's artifact files. It downloads to a hidden temporary file beside the target " +
			"and renames it into place only when every byte has arrived, so an interrupted download leaves nothing " +
			"at the target. An existing file is replaced only with --force. Saving to disk is a write: --read-only " +
			"(and a read_only profile) refuse it; -o - streams to a pipe instead.",
		Example: "  mltui artifacts get runs:/3f2a…/plots/confusion_matrix.png\n" +
			"  mltui artifacts get 3f2a… model/MLmodel -o MLmodel.yaml\n  mltui artifacts get models:/iris-classifier@champion/MLmodel\n  mltui artifacts get 3f2a… metrics.csv -o - | head",
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			tgt, rel, err := artifactArgs(args)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			if rel == "" {
				return &ExitError{Code: 2, Err: fmt.Errorf("name the artifact file to get (mltui artifacts ls %s lists them)", tgt)}
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
			src, err := tgt.resolve(ctx, s)
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			open := func(ctx context.Context, off, n int64) (*client.ArtifactFile, error) {
				return src.open(ctx, rel, off, n)
			}
			what := tgt.String() + "/" + format.Visible(rel)
			if dest == "-" {
				f, err := open(ctx, 0, -1)
				if err != nil {
					return &ExitError{Code: 2, Err: fmt.Errorf("get %s%s: %w", what, src.detail, err)}
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
				return &ExitError{Code: 2, Err: fmt.Errorf("get %s%s: %w", what, src.detail, err)}
			}
			fmt.Fprintf(a.Stderr, "saved %s%s to %s (%s)\n", what, src.detail, dest, format.Bytes(n))
			return nil
		},
	}
	cmd.Flags().StringVarP(&dest, "output", "o", "", "the file to write (default ./NAME; - for stdout)")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing file")
	cmd.Flags().DurationVar(&timeout, "timeout", 30*time.Minute, "give up after this long")
	return cmd
}

// artifactTarget is what artifacts ls/get read from: a run, or a model by
// its models:/ URI.
type artifactTarget struct {
	runID string
	model *client.ModelRef
}

// String is the target as the user would write it, control characters shown.
func (t artifactTarget) String() string {
	if t.model != nil {
		return format.Visible(t.model.String())
	}
	return "runs:/" + format.Visible(t.runID)
}

// artifactArgs reads RUN [PATH], where RUN may be runs:/RUN_ID[/PATH] or a
// models:/ URI (models:/NAME@ALIAS[/PATH], models:/NAME/VERSION, models:/m-ID),
// as MLflow's download_artifacts takes them.
func artifactArgs(args []string) (t artifactTarget, rel string, err error) {
	first := args[0]
	if strings.HasPrefix(first, "models:/") {
		ref, err := client.ParseModelURI(first)
		if err != nil {
			return t, "", err
		}
		rel = ref.Path
		if rel != "" && len(args) > 1 {
			return t, "", fmt.Errorf("give the path inside the models:/ URI or as PATH, not both")
		}
		if len(args) > 1 {
			rel = args[1]
		}
		ref.Path = ""
		return artifactTarget{model: &ref}, strings.Trim(rel, "/"), nil
	}
	runID := first
	if rest, ok := strings.CutPrefix(first, "runs:/"); ok {
		rest = strings.TrimLeft(rest, "/")
		runID, rel, _ = strings.Cut(rest, "/")
		if len(args) > 1 {
			return t, "", fmt.Errorf("give the path inside the runs:/ URI or as PATH, not both")
		}
	} else if len(args) > 1 {
		rel = args[1]
	}
	if runID == "" {
		return t, "", fmt.Errorf("no run ID in %q", first)
	}
	return artifactTarget{runID: runID}, strings.Trim(rel, "/"), nil
}

// artifactSource lists and opens the files of a resolved target.
type artifactSource struct {
	list func(ctx context.Context, rel string) ([]client.FileInfo, error)
	open func(ctx context.Context, rel string, off, n int64) (*client.ArtifactFile, error)
	name string
	// detail says which version a models:/ URI named when it was read: " (version 3, logged model m-…)".
	detail string
}

func (s artifactSource) String() string { return s.name + s.detail }

// resolve finds where the target's files are: for a model, the version its
// URI names now (an alias is read once, here) and that version's files.
func (t artifactTarget) resolve(ctx context.Context, s client.Store) (artifactSource, error) {
	if t.model == nil {
		return artifactSource{
			list: func(ctx context.Context, rel string) ([]client.FileInfo, error) {
				return s.ListArtifacts(ctx, t.runID, rel)
			},
			open: func(ctx context.Context, rel string, off, n int64) (*client.ArtifactFile, error) {
				ar, ok := s.(client.ArtifactReader)
				if !ok {
					return nil, fmt.Errorf("this store cannot read artifact files")
				}
				return ar.OpenArtifact(ctx, t.runID, rel, off, n)
			},
			name: "run " + format.Visible(t.runID),
		}, nil
	}
	mv, files, err := client.ResolveModel(ctx, s, *t.model)
	if err != nil {
		return artifactSource{}, err
	}
	detail := " (" + format.Visible(files.String()) + ")"
	if mv != nil {
		detail = " (version " + format.Visible(mv.Version) + ", " + format.Visible(files.String()) + ")"
	}
	return artifactSource{
		list: func(ctx context.Context, rel string) ([]client.FileInfo, error) { return files.List(ctx, s, rel) },
		open: func(ctx context.Context, rel string, off, n int64) (*client.ArtifactFile, error) {
			return files.Open(ctx, s, rel, off, n)
		},
		name: t.String(), detail: detail,
	}, nil
}
