// Package cli is mltui's command line: the dashboard (no subcommand) and the
// scripted subcommands. It resolves configuration and opens the store; the
// tui package owns the interactive program.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/client/sqlstore"
	"mltui/client/store"
	"mltui/config"
	"mltui/format"
)

// ExitError carries a specific exit code (gate: 1 fail, 2 error).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}
func (e *ExitError) Unwrap() error { return e.Err }

// App holds the global flags and what they resolve to.
type App struct {
	TrackingURI  string
	Profile      string
	ConfigPath   string
	ReadOnly     bool
	NoColor      bool
	DemoFallback string // path of a demo store copied and opened when nothing else is found
	// Version is the build's version (main sets it from -ldflags).
	Version string

	Getenv func(string) string
	Cwd    string
	Stdout io.Writer
	Stderr io.Writer

	cfg *config.Config
	// ttyOut replaces the check whether Stdout is a terminal (tests).
	ttyOut func() bool
}

// Config loads the config file once.
func (a *App) Config() (*config.Config, error) {
	if a.cfg != nil {
		return a.cfg, nil
	}
	path := a.ConfigPath
	if path == "" {
		path = a.Getenv("MLTUI_CONFIG")
	}
	if path == "" {
		path = config.DefaultPath()
	}
	c, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	a.cfg = c
	return c, nil
}

// Resolve decides which store to open, without opening it.
func (a *App) Resolve() (store.Resolution, config.Profile, error) {
	cfg, err := a.Config()
	if err != nil {
		return store.Resolution{}, config.Profile{}, err
	}
	in := store.Inputs{FlagURI: a.TrackingURI, EnvURI: a.Getenv("MLFLOW_TRACKING_URI"), Cwd: a.Cwd}
	name := a.Profile
	if name == "" {
		name = cfg.DefaultProfile
	}
	var prof config.Profile
	if name != "" {
		p, ok := cfg.Profile(name)
		if !ok && a.Profile != "" {
			return store.Resolution{}, prof, fmt.Errorf("profile %q is not in %s", name, cfg.Path())
		}
		prof = p
		in.ProfileName, in.ProfileURI = name, p.TrackingURI
	}
	if a.DemoFallback != "" {
		in.DemoPath = a.DemoFallback
	}
	r, err := store.Resolve(in)
	if err != nil {
		return r, prof, err
	}
	if r.Source == "demo store" {
		// Open a copy so the repository's demo store is never modified.
		p, err := copyToTemp(r.Path)
		if err != nil {
			return r, prof, fmt.Errorf("copy demo store: %w", err)
		}
		r.Path, r.URI = p, "sqlite:///"+p
	}
	return r, prof, nil
}

// openFor opens the store for one command bounded by timeout; done
// closes the store and releases the context.
func (a *App) openFor(parent context.Context, timeout time.Duration) (context.Context, client.Store, func(), error) {
	ctx, cancel := context.WithTimeout(parent, timeout)
	s, _, err := a.Open(ctx)
	if err != nil {
		cancel()
		return nil, nil, nil, err
	}
	return ctx, s, func() { s.Close(); cancel() }, nil
}

// withStore opens the store and reads the config for fn, and closes the
// store after it.
func (a *App) withStore(ctx context.Context, fn func(ctx context.Context, s client.Store, cfg *config.Config) error) error {
	s, _, err := a.Open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	return fn(ctx, s, cfg)
}

// Open resolves and opens the store.
func (a *App) Open(ctx context.Context) (client.Store, store.Resolution, error) {
	r, prof, err := a.Resolve()
	if err != nil {
		return nil, r, err
	}
	// A profile's read_only applies when that profile chose the store.
	fromProfile := strings.HasPrefix(r.Source, "profile ")
	ro := a.ReadOnly || (prof.ReadOnly && fromProfile)
	o := store.Options{ReadOnly: ro, Getenv: a.Getenv, UserAgent: a.userAgent()}
	if fromProfile {
		if o, err = profileOptions(o, prof); err != nil {
			return nil, r, err
		}
	}
	s, err := store.Open(ctx, r, o)
	return s, r, err
}

// DemoArtifactRoot is the artifact location the shipped demo store was
// written with (make demo-store); its artifacts sit beside it in
// artifacts/, and each copy is pointed there.
const DemoArtifactRoot = "/mltui-demo-artifacts"

func copyToTemp(src string) (string, error) {
	dir, err := os.MkdirTemp("", "mltui-demo-*")
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	dst := filepath.Join(dir, "mlflow.db")
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		return "", err
	}
	art, err := filepath.Abs(filepath.Join(filepath.Dir(src), "artifacts"))
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(art); err == nil && fi.IsDir() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := sqlstore.Relocate(ctx, dst, DemoArtifactRoot, art); err != nil {
			return "", fmt.Errorf("demo store: point its artifacts at %s: %w", art, err)
		}
	}
	return dst, nil
}

// NewRoot builds the command tree. Subcommands register themselves in
// their own files through addCommands.
func NewRoot(a *App) *cobra.Command {
	root := &cobra.Command{
		Use:   "mltui",
		Short: "A terminal dashboard for MLflow: browse runs, chart curves, diff runs, promote models",
		Long: "mltui opens the MLflow tracking store that MLflow itself would use (--tracking-uri, " +
			"MLFLOW_TRACKING_URI, a config profile, ./mlruns or ./mlflow.db) and shows it as an interactive dashboard. " +
			"Subcommands print the same data for scripts and CI.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runDashboard(cmd.Context())
		},
	}
	pf := root.PersistentFlags()
	pf.StringVar(&a.TrackingURI, "tracking-uri", "", "tracking URI of the MLflow store (http(s)://…, sqlite:///…, file:///…, or a path); overrides MLFLOW_TRACKING_URI")
	pf.StringVar(&a.Profile, "profile", "", "config profile to use")
	// The App's own ConfigPath (tests set one) is the default.
	pf.StringVar(&a.ConfigPath, "config", a.ConfigPath, "config file (default $XDG_CONFIG_HOME/mltui/config.yaml)")
	pf.BoolVar(&a.ReadOnly, "read-only", false, "refuse every write (aliases, tags, stages, descriptions)")
	pf.BoolVar(&a.NoColor, "no-color", false, "no colours (also NO_COLOR)")
	pf.StringVar(&a.DemoFallback, "demo-fallback", "", "if no store is configured or found here, open a temporary copy of this demo SQLite store")
	for _, add := range subcommands {
		root.AddCommand(add(a))
	}
	return root
}

// subcommands is filled by init functions in each subcommand's file.
var subcommands []func(*App) *cobra.Command

func register(f func(*App) *cobra.Command) { subcommands = append(subcommands, f) }

// userAgent is what the REST client calls itself: mltui/<version>.
func (a *App) userAgent() string {
	if a.Version == "" {
		return "mltui/dev"
	}
	return "mltui/" + a.Version
}

// Execute runs mltui (built as version) and returns the process exit code.
func Execute(ctx context.Context, args []string, version string) int {
	cwd, _ := os.Getwd()
	a := &App{Getenv: os.Getenv, Cwd: cwd, Stdout: os.Stdout, Stderr: os.Stderr, Version: version}
	return a.execute(ctx, args)
}

// execute runs the command line args with a's streams (tests give it
// buffers) and returns the exit code; a failure is printed on a.Stderr.
func (a *App) execute(ctx context.Context, args []string) int {
	root := NewRoot(a)
	root.SetArgs(args)
	root.SetOut(a.Stdout)
	root.SetErr(a.Stderr)
	err := fang.Execute(ctx, root, fang.WithVersion(a.Version), fang.WithoutManpage(), fang.WithErrorHandler(printError))
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return 1
}

// printError writes the error as it is: fang's default handler title-cases
// the text, which mangles model names, run IDs and paths. Errors quote
// store and server text (a model name, the server's message, a proxy's
// page), so every line is shown as format.Visible draws it.
func printError(w io.Writer, _ fang.Styles, err error) {
	fmt.Fprintf(w, "mltui: %s\n", format.VisibleLines(err.Error()))
	if isUsage(err) {
		fmt.Fprintln(w, "Try --help for usage.")
	}
}

func isUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"flag needs an argument", "unknown flag", "unknown shorthand flag", "unknown command", "invalid argument", "accepts ", "requires at least", "requires at most"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
