package rest

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// AuthKind says how requests authenticate. It never carries the secret.
type AuthKind string

const (
	AuthNone   AuthKind = "none"
	AuthBasic  AuthKind = "basic"
	AuthBearer AuthKind = "bearer"
)

// Interactive defaults. MLflow's Python client retries for about four
// minutes (7 retries, factor 2 s, 120 s timeout), which is right for a batch
// job and wrong for a person watching a screen: these give up within about
// ten seconds on a dead server and show each retry as it happens.
const (
	DefaultMaxRetries    = 3
	DefaultBackoffFactor = 500 * time.Millisecond
	DefaultBackoffMax    = 5 * time.Second
	DefaultBackoffJitter = 250 * time.Millisecond
	DefaultTimeout       = 30 * time.Second
	// DefaultRetryAfterMax caps a server's Retry-After so one header cannot
	// freeze a screen for minutes; ctx cancellation still ends any wait.
	DefaultRetryAfterMax = 30 * time.Second

	// Python's limits (_MLFLOW_HTTP_REQUEST_MAX_RETRIES_LIMIT and
	// _MLFLOW_HTTP_REQUEST_MAX_BACKOFF_FACTOR_LIMIT).
	maxRetriesLimit    = 10
	maxBackoffFactor   = 120 * time.Second
	pythonBackoffMax   = 120 * time.Second
	credentialsSection = "mlflow"
)

// Config is everything the REST client needs, resolved from the tracking URI
// and the MLFLOW_* variables the Python client honours. It holds secrets, so
// its String and GoString methods print a redacted summary.
type Config struct {
	// BaseURL is scheme://host[:port][/prefix] with no user info, query or
	// trailing slash; API paths are appended to it.
	BaseURL string

	Auth       AuthKind
	AuthSource string // "MLFLOW_TRACKING_USERNAME/PASSWORD", "~/.mlflow/credentials", "tracking URI", "MLFLOW_TRACKING_TOKEN", …
	Username   string
	Password   string
	Token      string

	InsecureTLS    bool   // MLFLOW_TRACKING_INSECURE_TLS
	ServerCertPath string // MLFLOW_TRACKING_SERVER_CERT_PATH: CA bundle (file or directory)
	ClientCertPath string // MLFLOW_TRACKING_CLIENT_CERT_PATH: PEM holding certificate and key

	MaxRetries        int           // retries after the first attempt
	BackoffFactor     time.Duration // wait before retry n is factor·2^(n-1), capped at BackoffMax
	BackoffMax        time.Duration
	BackoffJitter     time.Duration // up to this much random time is added to each wait
	Timeout           time.Duration // per attempt
	RespectRetryAfter bool
	RetryAfterMax     time.Duration
	AllowRedirects    bool

	Workspace string // MLFLOW_WORKSPACE, sent as X-MLFLOW-WORKSPACE
	UserAgent string
}

// DisplayURI is the base URL, safe to print.
func (c Config) DisplayURI() string { return c.BaseURL }

// TLSMode describes certificate handling in words, for `mltui doctor`.
func (c Config) TLSMode() string {
	if !strings.HasPrefix(strings.ToLower(c.BaseURL), "https://") {
		return "none (plain http)"
	}
	var parts []string
	switch {
	case c.InsecureTLS:
		parts = append(parts, "insecure (certificate not verified)")
	case c.ServerCertPath != "":
		parts = append(parts, "custom CA "+c.ServerCertPath)
	default:
		parts = append(parts, "verify (system CAs)")
	}
	if c.ClientCertPath != "" {
		parts = append(parts, "client cert "+c.ClientCertPath)
	}
	return strings.Join(parts, ", ")
}

// AuthSummary names the auth kind and where it came from, never the secret.
func (c Config) AuthSummary() string {
	if c.Auth == AuthNone || c.Auth == "" {
		return "none"
	}
	return fmt.Sprintf("%s (from %s)", c.Auth, c.AuthSource)
}

// String prints the config without secrets, so a stray %v cannot leak them.
func (c Config) String() string {
	return fmt.Sprintf("rest.Config{%s auth=%s tls=%s retries=%d timeout=%s}",
		c.BaseURL, c.AuthSummary(), c.TLSMode(), c.MaxRetries, c.Timeout)
}

// GoString keeps %#v from printing the secret fields.
func (c Config) GoString() string { return c.String() }

// DefaultConfig is the interactive configuration for a base URL, with no auth.
func DefaultConfig(baseURL string) Config {
	return Config{
		BaseURL:           strings.TrimRight(baseURL, "/"),
		Auth:              AuthNone,
		MaxRetries:        DefaultMaxRetries,
		BackoffFactor:     DefaultBackoffFactor,
		BackoffMax:        DefaultBackoffMax,
		BackoffJitter:     DefaultBackoffJitter,
		Timeout:           DefaultTimeout,
		RespectRetryAfter: true,
		RetryAfterMax:     DefaultRetryAfterMax,
		AllowRedirects:    true,
		UserAgent:         DefaultUserAgent,
	}
}

// DefaultUserAgent names the client when the caller does not (the CLI
// sends "mltui/<build version>").
const DefaultUserAgent = "mltui"

// ConfigFromEnv resolves a Config the way MLflow's Python client does, from
// the tracking URI, the MLFLOW_* variables (read through getenv) and
// home/.mlflow/credentials. Retry and timeout defaults are the interactive
// ones above; the variables override them. Errors never contain secrets.
func ConfigFromEnv(uri string, getenv func(string) string, home string) (Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	u, err := url.Parse(strings.TrimSpace(uri))
	if err != nil {
		return Config{}, fmt.Errorf("tracking URI %q: not a valid URL", Redact(uri))
	}
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "http" && scheme != "https") || u.Host == "" {
		return Config{}, fmt.Errorf("tracking URI %q: want http(s)://host[:port][/prefix]", Redact(uri))
	}
	var uriUser, uriPass string
	if u.User != nil {
		uriUser = u.User.Username()
		uriPass, _ = u.User.Password()
	}
	// The base keeps only scheme, host and path prefix: credentials travel in
	// headers, and a query or fragment in a tracking URI has no meaning.
	base := url.URL{Scheme: scheme, Host: u.Host, Path: strings.TrimRight(u.Path, "/")}
	c := DefaultConfig(base.String())

	if err := c.applyAuth(getenv, home, uriUser, uriPass); err != nil {
		return Config{}, err
	}
	if err := c.applyTLS(getenv); err != nil {
		return Config{}, err
	}
	if err := c.applyRetry(getenv); err != nil {
		return Config{}, err
	}
	c.Workspace = strings.TrimSpace(getenv("MLFLOW_WORKSPACE"))
	return c, nil
}

// applyAuth follows MLflow: username and password each come from the
// environment or else the credentials file; Basic wins over a token when
// both are set. User info in the URI wins over both, as Python's requests
// library applies it after MLflow sets its header.
func (c *Config) applyAuth(getenv func(string) string, home, uriUser, uriPass string) error {
	fileUser, filePass, err := readCredentialsFile(credentialsPath(home))
	if err != nil {
		return err
	}
	envUser, envPass := getenv("MLFLOW_TRACKING_USERNAME"), getenv("MLFLOW_TRACKING_PASSWORD")
	user, pass := firstNonEmpty(envUser, fileUser), firstNonEmpty(envPass, filePass)
	token := getenv("MLFLOW_TRACKING_TOKEN")
	switch {
	case uriUser != "" || uriPass != "":
		c.Auth, c.AuthSource, c.Username, c.Password = AuthBasic, "tracking URI", uriUser, uriPass
	case user != "" && pass != "":
		c.Auth, c.Username, c.Password = AuthBasic, user, pass
		switch {
		case envUser != "" && envPass != "":
			c.AuthSource = "MLFLOW_TRACKING_USERNAME/PASSWORD"
		case envUser == "" && envPass == "":
			c.AuthSource = "~/.mlflow/credentials"
		default:
			c.AuthSource = "MLFLOW_TRACKING_USERNAME/PASSWORD and ~/.mlflow/credentials"
		}
	case token != "":
		c.Auth, c.AuthSource, c.Token = AuthBearer, "MLFLOW_TRACKING_TOKEN", token
	default:
		c.Auth = AuthNone
	}
	return nil
}

func (c *Config) applyTLS(getenv func(string) string) error {
	insecure, err := envBool(getenv, "MLFLOW_TRACKING_INSECURE_TLS", false)
	if err != nil {
		return err
	}
	c.InsecureTLS = insecure
	c.ServerCertPath = strings.TrimSpace(getenv("MLFLOW_TRACKING_SERVER_CERT_PATH"))
	c.ClientCertPath = strings.TrimSpace(getenv("MLFLOW_TRACKING_CLIENT_CERT_PATH"))
	if c.InsecureTLS && c.ServerCertPath != "" {
		return fmt.Errorf("MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are both set: " +
			"choose one (a CA bundle to verify against, or no verification)")
	}
	return nil
}

func (c *Config) applyRetry(getenv func(string) string) error {
	if v := strings.TrimSpace(getenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("MLFLOW_HTTP_REQUEST_MAX_RETRIES=%q: not an integer", v)
		}
		if n < 0 || n > maxRetriesLimit {
			return fmt.Errorf("MLFLOW_HTTP_REQUEST_MAX_RETRIES=%d: must be between 0 and %d", n, maxRetriesLimit)
		}
		c.MaxRetries = n
	}
	if v := strings.TrimSpace(getenv("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR")); v != "" {
		d, err := envSeconds("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", v)
		if err != nil {
			return err
		}
		if d > maxBackoffFactor {
			return fmt.Errorf("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR=%s: must be at most %d seconds", v, int(maxBackoffFactor.Seconds()))
		}
		// Someone who set the factor means MLflow's schedule, so use
		// MLflow's cap (120 s) rather than the interactive 5 s.
		c.BackoffFactor, c.BackoffMax = d, pythonBackoffMax
	}
	if v := strings.TrimSpace(getenv("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER")); v != "" {
		d, err := envSeconds("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", v)
		if err != nil {
			return err
		}
		c.BackoffJitter = d
	}
	if v := strings.TrimSpace(getenv("MLFLOW_HTTP_REQUEST_TIMEOUT")); v != "" {
		d, err := envSeconds("MLFLOW_HTTP_REQUEST_TIMEOUT", v)
		if err != nil {
			return err
		}
		if d == 0 {
			return fmt.Errorf("MLFLOW_HTTP_REQUEST_TIMEOUT=%s: must be more than 0 seconds", v)
		}
		c.Timeout = d
	}
	var err error
	if c.RespectRetryAfter, err = envBool(getenv, "MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER", true); err != nil {
		return err
	}
	c.AllowRedirects = redirectsAllowed(getenv("MLFLOW_ALLOW_HTTP_REDIRECTS"))
	return nil
}

// redirectsAllowed mirrors Python, which reads this variable leniently:
// anything but true/1 (case-insensitive) turns redirects off; unset is true.
func redirectsAllowed(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return v == "" || v == "true" || v == "1"
}

// envBool parses MLflow's boolean variables: true/false/1/0, any case.
func envBool(getenv func(string) string, name string, def bool) (bool, error) {
	v := strings.TrimSpace(getenv(name))
	switch strings.ToLower(v) {
	case "":
		return def, nil
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, fmt.Errorf("%s=%q: must be true, false, 1 or 0", name, v)
}

// envSeconds parses a non-negative number of seconds (fractions allowed).
func envSeconds(name, v string) (time.Duration, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f != f || f > 1e6 {
		return 0, fmt.Errorf("%s=%q: want a non-negative number of seconds", name, v)
	}
	return time.Duration(f * float64(time.Second)), nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
