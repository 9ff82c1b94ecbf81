package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"mltui/testenv"
)

// mlflowPost is one REST write to a test server, for setting up what the
// doctor then checks.
func mlflowPost(t *testing.T, base, endpoint string, body, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := http.Post(base+"/api/2.0/mlflow/"+endpoint, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", endpoint, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: HTTP %d: %s", endpoint, resp.StatusCode, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s: %v: %s", endpoint, err, raw)
		}
	}
}

// createExperiment makes an experiment with the given artifact root.
func createExperiment(t *testing.T, base, name, root string) string {
	t.Helper()
	var out struct {
		ID string `json:"experiment_id"`
	}
	mlflowPost(t, base, "experiments/create", map[string]string{"name": name, "artifact_location": root}, &out)
	return out.ID
}

// createRun makes a run in an experiment and returns its ID and artifact_uri.
func createRun(t *testing.T, base, expID string) (id, artifactURI string) {
	t.Helper()
	var out struct {
		Run struct {
			Info struct {
				RunID       string `json:"run_id"`
				ArtifactURI string `json:"artifact_uri"`
			} `json:"info"`
		} `json:"run"`
	}
	mlflowPost(t, base, "runs/create", map[string]any{"experiment_id": expID, "start_time": time.Now().UnixMilli(), "run_name": "doctor-run"}, &out)
	return out.Run.Info.RunID, out.Run.Info.ArtifactURI
}

// s3Env is the environment of a user set up for the object server, with
// HOME and the shared AWS files pointing at nothing, so only what the map
// holds counts.
func s3Env(t *testing.T, o *testenv.ObjectStore, uri string) map[string]string {
	home := t.TempDir()
	m := map[string]string{"MLFLOW_TRACKING_URI": uri, "HOME": home,
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "none"), "AWS_CONFIG_FILE": filepath.Join(home, "none")}
	for _, kv := range o.Env() {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// isolateAWS keeps the test process's own environment out of the AWS SDK,
// which reads it besides what mltui passes (no credentials from the
// machine, no instance-metadata probe).
func isolateAWS(t *testing.T) {
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
		"AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
		"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func artifactResult(t *testing.T, rep doctorReport, expID string) artifactExperiment {
	t.Helper()
	if rep.Artifacts == nil {
		t.Fatalf("no artifacts section: %+v", rep.Checks)
	}
	for _, x := range rep.Artifacts.Experiments {
		if x.ID == expID {
			return x
		}
	}
	t.Fatalf("experiment %s was not checked: %+v", expID, rep.Artifacts.Experiments)
	return artifactExperiment{}
}

// expectArtifactFailure asserts that experiment expID failed for cause and
// that the diagnosis says each of say (the cause and what to do).
func expectArtifactFailure(t *testing.T, rep doctorReport, expID, status, cause string, say ...string) artifactExperiment {
	t.Helper()
	x := artifactResult(t, rep, expID)
	if x.Status != status || x.Cause != cause {
		t.Errorf("experiment %s: status %s cause %q, want %s %q\n%+v", expID, x.Status, x.Cause, status, cause, x)
	}
	for _, s := range say {
		if !strings.Contains(x.Diagnosis, s) {
			t.Errorf("diagnosis %q does not say %q", x.Diagnosis, s)
		}
	}
	c := findCheck(rep, "artifacts "+expID)
	if c.Status != status || (status != checkNA && c.Diagnosis != x.Diagnosis) {
		t.Errorf("the check line %+v does not match %+v", c, x)
	}
	t.Logf("%s: %s\n  → %s", cause, c.Detail, c.Diagnosis)
	return x
}

// proxiedOutcome asserts that exactly one proxied experiment failed for
// cause, saying each of say, and that the proxied ones after it were not
// tried again (those before it have no runs). It returns the failed one.
func proxiedOutcome(t *testing.T, rep doctorReport, cause string, say ...string) artifactExperiment {
	t.Helper()
	var failed *artifactExperiment
	skipped := 0
	for _, x := range rep.Artifacts.Experiments {
		if x.Mode != modeProxied {
			continue
		}
		switch {
		case x.Status == checkFail && failed == nil:
			failed = &x
		case failed == nil && x.Status == checkNA && x.Steps[len(x.Steps)-1].Detail == "no runs to list":
		case failed != nil && x.Status == checkNA && x.Cause == cause && strings.Contains(x.Steps[0].Detail, "see experiment "+failed.ID):
			skipped++
		default:
			t.Errorf("proxied experiment %+v", x)
		}
	}
	if failed == nil || skipped == 0 {
		t.Fatalf("want one failed proxied experiment and others skipped: %+v", rep.Artifacts.Experiments)
	}
	return expectArtifactFailure(t, rep, failed.ID, checkFail, cause, say...)
}

func noSecrets(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("a secret appears in doctor's output:\n%s", text)
		}
	}
}

func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestIntegrationDoctorArtifacts provokes each artifact diagnosis for real:
// a real mlflow server (its golden runs proxied, plus an experiment whose
// root is a bucket on a real SeaweedFS), the user's environment varied the
// way it goes wrong in practice.
func TestIntegrationDoctorArtifacts(t *testing.T) {
	o := testenv.NewObjectStore(t)
	srv := testenv.Server(t)
	isolateAWS(t)

	s3Exp := createExperiment(t, srv.URL, "doctor-s3", o.ArtifactRoot("doctor"))
	runID, runURI := createRun(t, srv.URL, s3Exp)
	prefix := strings.TrimPrefix(runURI, "s3://"+o.Bucket+"/")
	if prefix == runURI {
		t.Fatalf("the run's artifact_uri %q is not in the bucket", runURI)
	}
	notes := []byte("doctor notes: 0123456789abcdef")
	if _, err := o.Client().PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(o.Bucket),
		Key: aws.String(prefix + "/notes/today.txt"), Body: bytes.NewReader(notes)}); err != nil {
		t.Fatal(err)
	}
	gsExp := createExperiment(t, srv.URL, "doctor-gs", "gs://some-bucket/doctor")
	iris := srv.Summary.Experiments["iris"]
	secrets := []string{o.SecretKey, o.OtherSecretKey}

	doctor := func(t *testing.T, env map[string]string) (doctorReport, string, int) {
		t.Helper()
		start := time.Now()
		out, errOut, code := runDoctorCmd(t, env, "-o", "json")
		noSecrets(t, out+errOut, secrets...)
		t.Logf("doctor took %s", time.Since(start).Round(time.Millisecond))
		return decodeReport(t, out), out + errOut, code
	}

	t.Run("healthy", func(t *testing.T) {
		env := s3Env(t, o, srv.URL)
		rep, all, code := doctor(t, env)
		if code != 0 || !rep.Healthy {
			t.Fatalf("exit %d\n%s", code, all)
		}
		x := artifactResult(t, rep, s3Exp)
		if x.Status != checkOK || x.Mode != modeS3 || x.Root != o.ArtifactRoot("doctor") || x.RunID != runID ||
			x.Read != "notes/today.txt" || len(x.Steps) != 3 {
			t.Errorf("direct S3 experiment: %+v", x)
		}
		if s := rep.Artifacts.S3; s == nil || s.Credentials != "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)" ||
			s.Endpoint != o.Endpoint || s.EndpointFrom != "MLFLOW_S3_ENDPOINT_URL" || s.Region != "us-east-1" {
			t.Errorf("s3 section %+v", rep.Artifacts.S3)
		}
		if c := findCheck(rep, "s3 credentials"); c.Status != checkOK || !strings.Contains(c.Detail, "AWS_ACCESS_KEY_ID") {
			t.Errorf("s3 credentials check %+v", c)
		}
		p := artifactResult(t, rep, iris)
		if p.Status != checkOK || p.Mode != modeProxied || p.Read == "" || !strings.Contains(p.Steps[len(p.Steps)-2].Detail, "through the server's proxy") {
			t.Errorf("proxied experiment: %+v", p)
		}
		g := artifactResult(t, rep, gsExp)
		if g.Status != checkWarn || g.Mode != modeUnsupported || g.Cause != causeUnsupported ||
			!strings.Contains(findCheck(rep, "artifacts "+gsExp).Detail, "not supported yet: gs") || !strings.Contains(g.Diagnosis, "--serve-artifacts") {
			t.Errorf("gs:// experiment: %+v", g)
		}
		text, errOut, code := runDoctorCmd(t, env)
		noSecrets(t, text+errOut, secrets...)
		for _, want := range []string{"  ok    s3 credentials  from environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); endpoint " +
			o.Endpoint + " (MLFLOW_S3_ENDPOINT_URL); region us-east-1\n",
			"doctor-s3: direct S3 " + o.ArtifactRoot("doctor") + " — bucket " + o.Bucket + " answers; 1 entry under the prefix; run " + runID +
				": 1 entry; read 16 of 30 bytes of notes/today.txt\n",
			"warn  artifacts " + gsExp + " ", "→ mltui reads local paths, s3:// and the tracking server's proxy",
			"healthy, with 1 warning(s)\n"} {
			if !strings.Contains(text, want) {
				t.Errorf("text lacks %q:\n%s", want, text)
			}
		}
		if code != 0 {
			t.Errorf("text: exit %d", code)
		}
		t.Logf("doctor:\n%s", text)
	})

	failures := []struct {
		name, cause string
		env         func(m map[string]string)
		say         []string
	}{
		{"no credentials", causeNoCredentials, func(m map[string]string) {
			delete(m, "AWS_ACCESS_KEY_ID")
			delete(m, "AWS_SECRET_ACCESS_KEY")
		}, []string{"no AWS credentials found", "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"}},
		{"wrong access key", causeWrongAccessKey, func(m map[string]string) { m["AWS_ACCESS_KEY_ID"] = "AKIANOBODY" },
			[]string{"does not know this access key", "check AWS_ACCESS_KEY_ID"}},
		{"wrong secret", causeWrongSecret, func(m map[string]string) { m["AWS_SECRET_ACCESS_KEY"] = "not-the-secret" },
			[]string{"the secret key does not match", "check AWS_SECRET_ACCESS_KEY"}},
		{"access denied", causeAccessDenied, func(m map[string]string) {
			m["AWS_ACCESS_KEY_ID"], m["AWS_SECRET_ACCESS_KEY"] = o.OtherAccessKey, o.OtherSecretKey
		}, []string{"these credentials may not read s3://" + o.Bucket + "/", "s3:ListBucket and s3:GetObject"}},
		{"wrong endpoint", causeUnreachable, func(m map[string]string) { m["MLFLOW_S3_ENDPOINT_URL"] = "http://" + closedPort(t) },
			[]string{"cannot reach the object server", "connection refused", "check MLFLOW_S3_ENDPOINT_URL"}},
		{"unknown endpoint host", causeUnreachable, func(m map[string]string) { m["MLFLOW_S3_ENDPOINT_URL"] = "http://no-such-host.invalid:9000" },
			[]string{"cannot reach the object server at http://no-such-host.invalid:9000", "check MLFLOW_S3_ENDPOINT_URL"}},
	}
	for _, f := range failures {
		t.Run(f.name, func(t *testing.T) {
			env := s3Env(t, o, srv.URL)
			f.env(env)
			rep, all, code := doctor(t, env)
			if code != 1 || rep.Healthy {
				t.Fatalf("exit %d\n%s", code, all)
			}
			if f.cause == causeNoCredentials {
				// The credentials check fails and says what to set; the
				// experiment is not tried without them.
				x := expectArtifactFailure(t, rep, s3Exp, checkNA, f.cause, f.say...)
				c := findCheck(rep, "s3 credentials")
				if c.Status != checkFail || c.Diagnosis != x.Diagnosis || !strings.Contains(c.Detail, "none found; endpoint "+o.Endpoint) {
					t.Errorf("credentials check %+v, experiment %+v", c, x)
				}
			} else {
				expectArtifactFailure(t, rep, s3Exp, checkFail, f.cause, f.say...)
			}
			if p := artifactResult(t, rep, iris); p.Status != checkOK {
				t.Errorf("the proxied experiment does not need S3 settings, yet: %+v", p)
			}
			for _, c := range rep.Checks {
				if c.Status == checkFail && c.Name != "artifacts "+s3Exp && c.Name != "s3 credentials" {
					t.Errorf("another check failed: %+v", c)
				}
			}
		})
	}

	// An object server that stops answering (its processes stopped): the
	// check gives up at --timeout and says so.
	t.Run("object server hangs", func(t *testing.T) {
		if err := o.Pause(); err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := o.Resume(); err != nil {
				t.Fatal(err)
			}
		}()
		start := time.Now()
		out, errOut, code := runDoctorCmd(t, s3Env(t, o, srv.URL), "-o", "json", "--timeout", "3s")
		noSecrets(t, out+errOut, secrets...)
		if took := time.Since(start); code != 1 || took > 30*time.Second {
			t.Fatalf("exit %d after %s\n%s", code, took, out)
		}
		expectArtifactFailure(t, decodeReport(t, out), s3Exp, checkFail, causeTimeout, "no answer within 3s", "raise --timeout")
	})

	// The clock: S3 refuses requests signed more than 15 minutes off. The
	// offset is the session's knob (a machine's clock cannot be moved here).
	t.Run("clock skew", func(t *testing.T) {
		env := s3Env(t, o, srv.URL)
		var out, errb bytes.Buffer
		a := &App{Getenv: func(k string) string { return env[k] }, Cwd: t.TempDir(), Stdout: &out, Stderr: &errb,
			ConfigPath: filepath.Join(env["HOME"], "none.yaml")}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		rep := a.runDoctor(ctx, doctorOptions{timeout: 20 * time.Second, s3ClockOffset: -time.Hour})
		if err := writeJSON(&out, rep); err != nil {
			t.Fatal(err)
		}
		writeDoctorText(&out, rep)
		noSecrets(t, out.String()+errb.String(), secrets...)
		if rep.Healthy {
			t.Fatalf("healthy with a skewed clock: %+v", rep.Checks)
		}
		expectArtifactFailure(t, rep, s3Exp, checkFail, causeClockSkew, "clock is too far from the object server's", "set the time")
	})

	// A root in a bucket that does not exist (another experiment's).
	t.Run("no such bucket", func(t *testing.T) {
		exp := createExperiment(t, srv.URL, "doctor-nobucket", "s3://no-such-bucket/doctor")
		defer mlflowPost(t, srv.URL, "experiments/delete", map[string]string{"experiment_id": exp}, nil)
		rep, all, code := doctor(t, s3Env(t, o, srv.URL))
		if code != 1 {
			t.Fatalf("exit %d\n%s", code, all)
		}
		expectArtifactFailure(t, rep, exp, checkFail, causeNoSuchBucket, "bucket no-such-bucket does not exist at "+o.Endpoint,
			"check the bucket in the artifact root, or create it")
		if x := artifactResult(t, rep, s3Exp); x.Status != checkOK {
			t.Errorf("the experiment in the bucket that exists: %+v", x)
		}
	})

	// A login proxy in front of the server that lets the tracking API
	// through but answers the artifact proxy's paths with its HTML page.
	t.Run("HTML from a proxy", func(t *testing.T) {
		target, _ := url.Parse(srv.URL)
		rp := httputil.NewSingleHostReverseProxy(target)
		front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, "/mlflow-artifacts/") {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				_, _ = w.Write([]byte("<!doctype html><html><head><title>Sign in - Corp SSO</title></head><body><form>login</form></body></html>"))
				return
			}
			rp.ServeHTTP(w, r)
		}))
		defer front.Close()
		rep, all, code := doctor(t, s3Env(t, o, front.URL))
		if code != 1 {
			t.Fatalf("exit %d\n%s", code, all)
		}
		proxiedOutcome(t, rep, causeProxyHTML, "HTML page", "Sign in - Corp SSO", "/api/2.0/mlflow-artifacts/", "let it forward")
		if y := artifactResult(t, rep, s3Exp); y.Status != checkOK {
			t.Errorf("direct S3 does not pass the proxy, yet: %+v", y)
		}
		for _, name := range []string{"health", "experiments", "registry"} {
			if c := findCheck(rep, name); c.Status != checkOK {
				t.Errorf("%s through the proxy: %+v", name, c)
			}
		}
	})
}

// TestIntegrationDoctorArtifactsNotServed: a server started with
// --no-serve-artifacts over runs whose artifact_uri is mlflow-artifacts:
// (what MLflow 3.18 answers there: HTTP 503 "… disabled due to the mlflow
// server running with `--no-serve-artifacts` …").
func TestIntegrationDoctorArtifactsNotServed(t *testing.T) {
	srv := testenv.Server(t, testenv.NoServeArtifacts(t.TempDir()))
	out, errOut, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": srv.URL}, "-o", "json")
	if code != 1 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	rep := decodeReport(t, out)
	x := proxiedOutcome(t, rep, causeNotServed,
		"does not serve artifacts (it runs with --no-serve-artifacts)", "mlflow-artifacts:", "restart it with --serve-artifacts")
	if last := x.Steps[len(x.Steps)-1]; !strings.Contains(last.Detail, "HTTP 503") {
		t.Errorf("the step does not say what the server answered: %+v", last)
	}
	for _, name := range []string{"health", "experiments", "registry"} {
		if c := findCheck(rep, name); c.Status != checkOK {
			t.Errorf("%s: %+v", name, c)
		}
	}

	text, _, _ := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": srv.URL})
	if !strings.Contains(text, "→ the tracking server does not serve artifacts") || !strings.Contains(text, "not healthy") {
		t.Errorf("text:\n%s", text)
	}
	t.Logf("doctor:\n%s", text)
}

// TestIntegrationDoctorArtifactsLocalStores: a SQLite store whose runs were
// logged through a server (mlflow-artifacts: roots, the files beside the
// database) and a file store (local roots) both read their artifacts.
func TestIntegrationDoctorArtifactsLocalStores(t *testing.T) {
	for _, local := range []*testenv.LocalCopy{testenv.SQLiteCopy(t), testenv.FileStoreCopy(t)} {
		t.Run(filepath.Base(local.Path), func(t *testing.T) {
			out, errOut, code := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": local.URI}, "-o", "json")
			if code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
			}
			rep := decodeReport(t, out)
			x := artifactResult(t, rep, local.Summary.Experiments["iris"])
			if x.Status != checkOK || x.Read == "" || x.Steps[0].Name != "root" || x.Steps[0].Status != checkOK {
				t.Errorf("iris: %+v", x)
			}
			want := modeLocal
			if strings.HasSuffix(local.Path, ".db") {
				want = modeProxied
				if !strings.Contains(x.Steps[0].Detail, "found on this disk at "+filepath.Join(local.Dir, "artifacts")) {
					t.Errorf("root step %+v", x.Steps[0])
				}
			}
			if x.Mode != want {
				t.Errorf("mode %q, want %q", x.Mode, want)
			}
			if rep.Artifacts.S3 != nil || findCheck(rep, "s3 credentials").Name != "" {
				t.Errorf("a local store with no s3:// roots checks S3: %+v", rep.Artifacts.S3)
			}
			text, _, _ := runDoctorCmd(t, map[string]string{"MLFLOW_TRACKING_URI": local.URI})
			t.Logf("doctor:\n%s", text)
		})
	}
}
