package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/client/rest"
	"mltui/client/store"
	"mltui/format"
)

func init() { register(newDoctorCmd) }

// healthSamples is how many /health round trips the latency median uses.
const healthSamples = 5

// Check outcomes.
const (
	checkOK   = "ok"
	checkFail = "fail"
	checkNA   = "n/a"  // the server does not offer this; not a problem
	checkWarn = "warn" // works, but not everything can be read from here (an artifact scheme mltui lacks); not a failure
)

// doctorCheck is one line of the report.
type doctorCheck struct {
	Name      string `json:"name"`
	Status    string `json:"status"` // ok, fail, n/a, warn
	Detail    string `json:"detail,omitempty"`
	Diagnosis string `json:"diagnosis,omitempty"` // what to do, for failures
}

// doctorReport is what `mltui doctor` found. It never holds secrets: the
// URI is redacted and auth is described by kind and source only.
type doctorReport struct {
	Healthy       bool          `json:"healthy"`
	URI           string        `json:"uri,omitempty"`
	Source        string        `json:"source,omitempty"`
	Why           string        `json:"why,omitempty"`
	Kind          string        `json:"kind,omitempty"`
	Path          string        `json:"path,omitempty"`
	Auth          string        `json:"auth,omitempty"`
	TLS           string        `json:"tls,omitempty"`
	Workspace     string        `json:"workspace,omitempty"`
	ServerVersion string        `json:"server_version,omitempty"`
	StoreType     string        `json:"store_type,omitempty"`
	User          string        `json:"user,omitempty"`
	LatencyMS     *float64      `json:"latency_ms,omitempty"`
	Checks        []doctorCheck `json:"checks"`
	// Artifacts details the artifact checks (also among Checks).
	Artifacts *doctorArtifacts `json:"artifacts,omitempty"`
}

func (r *doctorReport) add(c doctorCheck) { r.Checks = append(r.Checks, c) }

func (r *doctorReport) failed() int { return r.count(checkFail) }

func (r *doctorReport) count(status string) int {
	n := 0
	for _, c := range r.Checks {
		if c.Status == status {
			n++
		}
	}
	return n
}

// doctorOptions are how a doctor run goes.
type doctorOptions struct {
	timeout     time.Duration // for each check
	showRetries bool          // report retries on stderr (text output)
	// s3ClockOffset signs S3 requests this far from the local clock. Zero
	// in use; tests set it to make a real object server answer
	// RequestTimeTooSkewed, as it does to a machine with a wrong clock.
	s3ClockOffset time.Duration
}

func newDoctorCmd(a *App) *cobra.Command {
	var (
		output  string
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check which store mltui opens, how it authenticates, and whether it can read it (exit 0 healthy, 1 not)",
		Long: "doctor resolves the tracking URI as the dashboard would and reports where it came from, the store kind, " +
			"the auth and TLS settings in use (never the secrets), the server version, round-trip latency, " +
			"whether experiments and the model registry can be read, and the current user where the server says. " +
			"For the 10 most recently updated experiments it checks the artifacts: where they live (proxied by the server, " +
			"direct S3, local, or a scheme mltui does not read yet), the S3 credentials found (by name) and endpoint, and whether " +
			"a run's artifacts can be listed and a few bytes of one file read. " +
			"Each failed check comes with what to do about it. Exit status 0 when every check passes, 1 otherwise.",
		Example: "  mltui doctor\n  MLFLOW_TRACKING_URI=http://gpu-box:5000 mltui doctor -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output != "text" && output != "json" {
				return &ExitError{Code: 2, Err: fmt.Errorf("unknown output %q: use text or json", output)}
			}
			rep := a.runDoctor(cmd.Context(), doctorOptions{timeout: timeout, showRetries: output == "text"})
			var err error
			if output == "json" {
				err = writeJSON(a.Stdout, rep)
			} else {
				writeDoctorText(a.Stdout, rep)
			}
			if err != nil {
				return &ExitError{Code: 2, Err: err}
			}
			if !rep.Healthy {
				return &ExitError{Code: 1, Err: fmt.Errorf("doctor: %d check(s) failed", rep.failed())}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	cmd.Flags().DurationVar(&timeout, "timeout", 20*time.Second, "time limit for each check")
	return cmd
}

// runDoctor performs every check. It always returns a report; failures are
// checks with a diagnosis, never a bare error.
func (a *App) runDoctor(ctx context.Context, o doctorOptions) (rep doctorReport) {
	defer func() { rep.Healthy = rep.failed() == 0 && len(rep.Checks) > 0 }()
	if o.showRetries {
		ctx = client.WithRetryObserver(ctx, func(e client.RetryEvent) {
			fmt.Fprintf(a.Stderr, "  … %s: %s, retry %d/%d in %s\n", format.Visible(e.Op), format.Visible(e.Reason), e.Attempt, e.Max, e.Wait.Round(time.Millisecond))
		})
	}

	r, _, err := a.Resolve()
	if err != nil {
		rep.add(doctorCheck{Name: "resolve", Status: checkFail, Detail: err.Error(),
			Diagnosis: "set --tracking-uri or MLFLOW_TRACKING_URI, or run where ./mlruns or ./mlflow.db is"})
		return rep
	}
	rep.URI, rep.Source, rep.Why, rep.Kind, rep.Path = r.Display(), r.Source, r.Why, r.Kind, r.Path
	rep.add(doctorCheck{Name: "resolve", Status: checkOK, Detail: fmt.Sprintf("%s store from %s", r.Kind, r.Source)})

	if r.Kind == store.KindREST {
		a.doctorREST(ctx, o, r, &rep)
	} else {
		a.doctorLocal(ctx, o, r, &rep)
	}
	return rep
}

func (a *App) doctorREST(ctx context.Context, o doctorOptions, r store.Resolution, rep *doctorReport) {
	timeout := o.timeout
	cfg, err := rest.ConfigFromEnv(r.URI, a.Getenv, a.homeDir())
	if err != nil {
		rep.add(doctorCheck{Name: "settings", Status: checkFail, Detail: err.Error(), Diagnosis: "fix the MLFLOW_* variable named above"})
		return
	}
	cfg.UserAgent = a.userAgent()
	rep.URI = cfg.DisplayURI()
	rep.Auth, rep.TLS, rep.Workspace = cfg.AuthSummary(), cfg.TLSMode(), cfg.Workspace
	c, err := rest.New(cfg)
	if err != nil {
		rep.add(doctorCheck{Name: "settings", Status: checkFail, Detail: err.Error(), Diagnosis: "check the certificate files named above"})
		return
	}
	defer c.Close()
	rep.add(doctorCheck{Name: "settings", Status: checkOK, Detail: fmt.Sprintf("auth %s; TLS %s", rep.Auth, rep.TLS)})

	step := func(f func(ctx context.Context)) {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		f(cctx)
	}

	reachable := true
	step(func(ctx context.Context) {
		var times []time.Duration
		for range healthSamples {
			start := time.Now()
			ok, err := c.Health(ctx)
			if err != nil {
				rep.add(failCheck("health", err, cfg, timeout))
				reachable = !unreachable(err)
				return
			}
			if !ok {
				rep.add(doctorCheck{Name: "health", Status: checkNA, Detail: "no /health at this address (a proxy that forwards only the API?)"})
				return
			}
			times = append(times, time.Since(start))
		}
		med := median(times)
		ms := float64(med.Microseconds()) / 1000
		rep.LatencyMS = &ms
		rep.add(doctorCheck{Name: "health", Status: checkOK, Detail: fmt.Sprintf("OK; round trip %s (median of %d)", fmtLatency(med), len(times))})
	})
	if !reachable {
		// Every other check would wait through the same retries for the
		// same answer.
		rep.add(doctorCheck{Name: "other checks", Status: checkNA, Detail: "skipped: the server cannot be reached"})
		return
	}

	step(func(ctx context.Context) {
		v, ok, err := c.Version(ctx)
		switch {
		case err != nil:
			rep.add(failCheck("version", err, cfg, timeout))
		case !ok:
			rep.add(doctorCheck{Name: "version", Status: checkNA, Detail: "the server does not report its version"})
		default:
			rep.ServerVersion = v
			rep.add(doctorCheck{Name: "version", Status: checkOK, Detail: "MLflow " + v})
		}
	})

	step(func(ctx context.Context) {
		d, ok, err := c.ServerInfo(ctx)
		switch {
		case err != nil:
			rep.add(failCheck("server-info", err, cfg, timeout))
		case !ok:
			rep.add(doctorCheck{Name: "server-info", Status: checkNA, Detail: "no server-info endpoint (MLflow before 3.10)"})
		default:
			rep.StoreType = d.StoreType
			detail := "backend " + orDash(d.StoreType)
			if d.WorkspacesEnabled {
				detail += "; workspaces enabled"
			}
			rep.add(doctorCheck{Name: "server-info", Status: checkOK, Detail: detail})
		}
	})

	n, more, readable := a.doctorReads(ctx, timeout, c, cfg, rep)

	step(func(ctx context.Context) {
		u, ok, err := c.CurrentUser(ctx)
		switch {
		case err != nil:
			rep.add(failCheck("user", err, cfg, timeout))
		case !ok:
			rep.add(doctorCheck{Name: "user", Status: checkNA, Detail: "the server has no users endpoint (no auth app)"})
		default:
			rep.User = u.Username
			detail := u.Username
			if u.IsAdmin {
				detail += " (admin)"
			}
			rep.add(doctorCheck{Name: "user", Status: checkOK, Detail: detail})
		}
	})

	if !readable {
		rep.add(doctorCheck{Name: "artifacts", Status: checkNA, Detail: "skipped: the experiments cannot be read"})
		return
	}
	a.doctorArtifacts(ctx, &artifactProbe{store: c, remote: true, cfg: cfg, timeout: timeout, s3Offset: o.s3ClockOffset}, n, more, rep)
}

// doctorLocal checks a SQLite or file store through the client.Store
// interface alone, so it stays right whatever those backends become (the
// artifact roots are looked for where client/filestore, which both local
// stores read artifacts through, looks).
func (a *App) doctorLocal(ctx context.Context, o doctorOptions, r store.Resolution, rep *doctorReport) {
	timeout := o.timeout
	octx, cancel := context.WithTimeout(ctx, timeout)
	// Doctor only reads, so it opens read-only whatever the flags say.
	s, err := store.Open(octx, r, store.Options{ReadOnly: true, Getenv: a.Getenv, Home: a.homeDir(), UserAgent: a.userAgent()})
	cancel()
	if err != nil {
		rep.add(doctorCheck{Name: "open", Status: checkFail, Detail: err.Error(), Diagnosis: localDiagnosis(err, r)})
		return
	}
	defer s.Close()
	rep.add(doctorCheck{Name: "open", Status: checkOK, Detail: r.Path})

	dctx, cancel := context.WithTimeout(ctx, timeout)
	info, err := s.Describe(dctx)
	cancel()
	if err != nil {
		rep.add(doctorCheck{Name: "describe", Status: checkFail, Detail: err.Error(), Diagnosis: localDiagnosis(err, r)})
	} else {
		rep.ServerVersion, rep.StoreType, rep.User, rep.Workspace = info.Version, info.StoreType, info.User, info.Workspace
		detail := info.Kind
		if info.Version != "" {
			detail += " " + info.Version
		}
		rep.add(doctorCheck{Name: "describe", Status: checkOK, Detail: detail})
	}
	n, more, readable := a.doctorReads(ctx, timeout, s, rest.Config{}, rep)
	if !readable {
		rep.add(doctorCheck{Name: "artifacts", Status: checkNA, Detail: "skipped: the experiments cannot be read"})
		return
	}
	a.doctorArtifacts(ctx, &artifactProbe{store: s, base: localArtifactBase(r.Path), timeout: timeout}, n, more, rep)
}

// doctorReads checks that experiments and the registry can be listed. It
// returns how many experiments are visible (more: at least that many) and
// whether they could be read.
func (a *App) doctorReads(ctx context.Context, timeout time.Duration, s client.Store, cfg rest.Config, rep *doctorReport) (n int, more, readable bool) {
	const page = 100
	cctx, cancel := context.WithTimeout(ctx, timeout)
	p, err := s.SearchExperiments(cctx, client.ExperimentQuery{MaxResults: page})
	cancel()
	if err != nil {
		rep.add(failCheck("experiments", err, cfg, timeout))
	} else {
		n, more, readable = len(p.Items), p.NextPageToken != "", true
		rep.add(doctorCheck{Name: "experiments", Status: checkOK, Detail: countVisible(n, more, "experiment")})
	}

	cctx, cancel = context.WithTimeout(ctx, timeout)
	m, err := s.SearchRegisteredModels(cctx, client.ModelQuery{MaxResults: page})
	cancel()
	if err != nil {
		rep.add(failCheck("registry", err, cfg, timeout))
	} else {
		rep.add(doctorCheck{Name: "registry", Status: checkOK, Detail: countVisible(len(m.Items), m.NextPageToken != "", "registered model")})
	}
	return n, more, readable
}

// unreachable reports a failure to get any HTTP answer at all.
func unreachable(err error) bool {
	var e *client.Error
	if errors.As(err, &e) {
		return e.Kind == client.KindUnavailable && e.Status == 0
	}
	return errors.Is(err, context.DeadlineExceeded)
}

func countVisible(n int, more bool, what string) string {
	plural := what + "s"
	if n == 1 && !more {
		plural = what
	}
	if more {
		return fmt.Sprintf("can read; %d+ %s visible", n, plural)
	}
	return fmt.Sprintf("can read; %d %s visible", n, plural)
}

func failCheck(name string, err error, cfg rest.Config, timeout time.Duration) doctorCheck {
	return doctorCheck{Name: name, Status: checkFail, Detail: err.Error(), Diagnosis: diagnose(err, cfg, timeout)}
}

// diagnose says what to do about a failed check, from the error's kind.
func diagnose(err error, cfg rest.Config, timeout time.Duration) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within %s: the server is slow or unreachable (raise --timeout, or check the network path)", timeout)
	}
	var e *client.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	noAuth := cfg.Auth == rest.AuthNone || cfg.Auth == ""
	switch e.Kind {
	case client.KindUnauthenticated:
		switch {
		case e.Snippet != "":
			return "HTTP 401 from a proxy login page: point the tracking URI at the MLflow server itself, or use credentials the proxy accepts (MLFLOW_TRACKING_TOKEN)"
		case noAuth:
			return "HTTP 401: set MLFLOW_TRACKING_USERNAME/PASSWORD (or MLFLOW_TRACKING_TOKEN, or ~/.mlflow/credentials)"
		default:
			return fmt.Sprintf("HTTP 401: the server rejected the %s credentials from %s: check them", cfg.Auth, cfg.AuthSource)
		}
	case client.KindPermissionDenied:
		if noAuth {
			return "HTTP 403: no credentials were sent; set MLFLOW_TRACKING_USERNAME/PASSWORD for a user with READ permission"
		}
		return "HTTP 403: this user lacks permission; ask an MLflow admin for READ on the experiments and models"
	case client.KindNotMLflow:
		switch {
		case e.Status == 404:
			return "HTTP 404: no MLflow API at this URL: wrong URL prefix? include the server's --static-prefix in the tracking URI"
		case e.Snippet != "" && strings.Contains(e.Message, "HTML"):
			return fmt.Sprintf("got HTML from a proxy (%q): point the tracking URI at the MLflow server itself", e.Snippet)
		}
		return "something other than MLflow answered: check the tracking URI"
	case client.KindUnavailable:
		switch {
		case e.Status == 503:
			return "HTTP 503: the server is overloaded or its database is locked; try again shortly"
		case e.Status >= 502 && e.Status <= 504:
			return fmt.Sprintf("HTTP %d: a proxy cannot reach the MLflow server behind it", e.Status)
		case e.Status != 0:
			return fmt.Sprintf("HTTP %d: the server is unavailable; try again shortly", e.Status)
		case strings.Contains(e.Message, "TLS"):
			return "fix the TLS settings: MLFLOW_TRACKING_SERVER_CERT_PATH (a CA bundle), MLFLOW_TRACKING_CLIENT_CERT_PATH, or the URI's scheme"
		case strings.Contains(e.Message, "DNS"):
			return "check the host name in the tracking URI"
		case strings.Contains(e.Message, "within"):
			return "the server did not answer in time: is it overloaded, or is a firewall dropping packets? (MLFLOW_HTTP_REQUEST_TIMEOUT)"
		}
		return "the server cannot be reached from here: is it running, and are the host and port (and any VPN or SSH tunnel) right?"
	case client.KindRateLimited:
		return "HTTP 429: the server is rate limiting; wait and try again"
	case client.KindInternal:
		return "the server failed (HTTP 500): see the MLflow server's log"
	case client.KindInvalidParameter:
		return "the server rejected the request: it may be an MLflow version mltui does not support"
	case client.KindCorrupt:
		return "the local store cannot be read: is it an MLflow store, and is it complete?"
	}
	return e.Error()
}

func localDiagnosis(err error, r store.Resolution) string {
	var e *client.Error
	if errors.As(err, &e) {
		switch e.Kind {
		case client.KindCorrupt:
			return "the store at " + r.Path + " cannot be read: is it an MLflow store written by a supported MLflow version?"
		case client.KindUnavailable:
			return "the store is busy (a locked SQLite database?); try again shortly"
		case client.KindPermissionDenied:
			return "mltui may not read " + r.Path + ": check file permissions"
		}
	}
	if errors.Is(err, os.ErrNotExist) {
		return r.Path + " does not exist: check the tracking URI"
	}
	if errors.Is(err, os.ErrPermission) {
		return "mltui may not read " + r.Path + ": check file permissions"
	}
	return "check that " + r.Path + " is an MLflow store"
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtLatency(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	return d.Round(time.Millisecond).String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// homeDir is where ~/.mlflow/credentials is looked for: $HOME as the app
// sees it, so tests and profiles can point it elsewhere.
func (a *App) homeDir() string {
	if h := a.Getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}

// writeDoctorText prints the report for a person. What the server says
// (its version, store type and user, its error messages, a proxy's page)
// is shown as format.Visible draws it; -o json keeps it exact.
func writeDoctorText(w io.Writer, rep doctorReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "  %s\t%s\n", k, format.Visible(v))
		}
	}
	field("store", strings.TrimSpace(rep.URI+" ("+rep.Kind+")"))
	if rep.Source != "" {
		field("from", rep.Source+" — "+rep.Why)
	}
	field("path", rep.Path)
	field("auth", rep.Auth)
	field("tls", rep.TLS)
	field("workspace", rep.Workspace)
	if rep.ServerVersion != "" || rep.StoreType != "" {
		field("server", strings.TrimSpace(rep.ServerVersion+" "+rep.StoreType))
	}
	if rep.LatencyMS != nil {
		field("latency", fmt.Sprintf("%.1f ms (median of %d /health)", *rep.LatencyMS, healthSamples))
	}
	field("user", rep.User)
	if rep.Artifacts != nil {
		field("artifacts", rep.Artifacts.Note)
	}
	tw.Flush()
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range rep.Checks {
		mark := map[string]string{checkOK: "ok", checkFail: "FAIL", checkNA: "n/a", checkWarn: "warn"}[c.Status]
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", mark, format.Visible(c.Name), format.Visible(c.Detail))
		if c.Diagnosis != "" {
			fmt.Fprintf(tw, "  \t\t→ %s\n", format.Visible(c.Diagnosis))
		}
	}
	tw.Flush()
	fmt.Fprintln(w)
	switch warns := rep.count(checkWarn); {
	case rep.Healthy && warns > 0:
		fmt.Fprintf(w, "healthy, with %d warning(s)\n", warns)
	case rep.Healthy:
		fmt.Fprintln(w, "healthy")
	default:
		fmt.Fprintf(w, "not healthy: %d check(s) failed\n", rep.failed())
	}
}
