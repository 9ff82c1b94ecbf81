package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/client/artifacts"
	"mltui/client/rest"
)

func TestClassifyArtifactRoot(t *testing.T) {
	cases := []struct{ uri, mode, scheme string }{
		{"mlflow-artifacts:/1", modeProxied, "mlflow-artifacts"},
		{"mlflow-artifacts://mlflow.example.com/1", modeProxied, "mlflow-artifacts"},
		{"s3://bucket/prefix", modeS3, "s3"},
		{"S3://Bucket/prefix", modeS3, "s3"},
		{"file:///data/mlruns/1", modeLocal, "file"},
		{"/data/mlruns/1", modeLocal, "file"},
		{"./mlruns/1", modeLocal, "file"},
		{`C:\mlruns\1`, modeLocal, "file"},
		{"gs://bucket/x", modeUnsupported, "gs"},
		{"wasbs://container@account.blob.core.windows.net/x", modeUnsupported, "wasbs"},
		{"hdfs://namenode:8020/mlflow", modeUnsupported, "hdfs"},
		{"dbfs:/databricks/mlflow", modeUnsupported, "dbfs"},
		{"", modeNone, ""},
		{"  ", modeNone, ""},
	}
	for _, c := range cases {
		if mode, scheme := classifyArtifactRoot(c.uri); mode != c.mode || scheme != c.scheme {
			t.Errorf("classifyArtifactRoot(%q) = %q, %q; want %q, %q", c.uri, mode, scheme, c.mode, c.scheme)
		}
	}
}

func TestArtifactsNote(t *testing.T) {
	cases := []struct {
		checked, visible int
		capped, more     bool
		want             string
	}{
		{1, 1, false, false, "1 experiment checked"},
		{4, 4, false, false, "4 experiments checked"},
		{10, 37, true, false, "the 10 most recently updated of 37 experiments checked"},
		{10, 100, true, true, "the 10 most recently updated of 100+ experiments checked"},
		{10, 0, true, false, "the 10 most recently updated experiments checked (more are visible)"},
	}
	for _, c := range cases {
		if got := artifactsNote(c.checked, c.capped, c.visible, c.more); got != c.want {
			t.Errorf("artifactsNote(%d, %v, %d, %v) = %q, want %q", c.checked, c.capped, c.visible, c.more, got, c.want)
		}
	}
}

// TestDoctorArtifactsText: a fixed report prints exactly this, store text
// (an experiment name holding escapes) shown visibly.
func TestDoctorArtifactsText(t *testing.T) {
	s3 := artifactExperiment{ID: "7", Name: "doctor-s3", Root: "s3://mlflow-artifacts/experiments/doctor", Mode: modeS3, Scheme: "s3",
		Steps: []doctorCheck{
			{Name: "root", Status: checkFail, Detail: "list s3://mlflow-artifacts/experiments/doctor: unauthenticated (HTTP 403) InvalidAccessKeyId",
				Diagnosis: "http://minio:9000 does not know this access key: check AWS_ACCESS_KEY_ID (or aws_access_key_id in the profile)"}}}
	s3.Cause, s3.Diagnosis = causeWrongAccessKey, s3.Steps[0].Diagnosis
	proxied := artifactExperiment{ID: "1", Name: "iris\x1b]0;owned\x07", Root: "mlflow-artifacts:/1", Mode: modeProxied, Scheme: "mlflow-artifacts",
		Steps: []doctorCheck{
			{Name: "list", Status: checkOK, Detail: "run 0a1b through the server's proxy: 3 entries"},
			{Name: "read", Status: checkOK, Detail: "read 16 of 380 bytes of eval/report.txt"}}}
	gs := artifactExperiment{ID: "12", Name: "vision", Root: "gs://bucket/vision", Mode: modeUnsupported, Scheme: "gs",
		Steps: []doctorCheck{{Name: "root", Status: checkWarn, Detail: "not supported yet: gs", Diagnosis: "serve them through the tracking server"}}}
	gs.Cause, gs.Diagnosis = causeUnsupported, gs.Steps[0].Diagnosis
	skipped := artifactExperiment{ID: "0", Name: "Default", Root: "mlflow-artifacts:/0", Mode: modeProxied, Scheme: "mlflow-artifacts",
		Diagnosis: "kept for JSON", Steps: []doctorCheck{{Name: "list", Status: checkNA, Detail: "no runs to list"}}}

	rep := doctorReport{URI: "http://mlflow:5000", Kind: "rest", Source: "MLFLOW_TRACKING_URI", Why: "MLFLOW_TRACKING_URI is set",
		Auth: "none", TLS: "none (plain http)", ServerVersion: "3.18.0", StoreType: "SqlStore",
		Artifacts: &doctorArtifacts{Checked: 4, Capped: true, Note: "the 4 most recently updated of 9 experiments checked"}}
	rep.add(doctorCheck{Name: "experiments", Status: checkOK, Detail: "can read; 9 experiments visible"})
	rep.add(doctorCheck{Name: "s3 credentials", Status: checkOK,
		Detail: "from environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); endpoint http://minio:9000 (MLFLOW_S3_ENDPOINT_URL); region us-east-1"})
	for _, x := range []artifactExperiment{s3, proxied, gs, skipped} {
		x = x.finish()
		rep.Artifacts.Experiments = append(rep.Artifacts.Experiments, x)
		rep.add(x.check())
	}
	rep.Healthy = rep.failed() == 0

	var b bytes.Buffer
	writeDoctorText(&b, rep)
	want := `  store      http://mlflow:5000 (rest)
  from       MLFLOW_TRACKING_URI — MLFLOW_TRACKING_URI is set
  auth       none
  tls        none (plain http)
  server     3.18.0 SqlStore
  artifacts  the 4 most recently updated of 9 experiments checked

  ok    experiments     can read; 9 experiments visible
  ok    s3 credentials  from environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); endpoint http://minio:9000 (MLFLOW_S3_ENDPOINT_URL); region us-east-1
  FAIL  artifacts 7     doctor-s3: direct S3 s3://mlflow-artifacts/experiments/doctor — list s3://mlflow-artifacts/experiments/doctor: unauthenticated (HTTP 403) InvalidAccessKeyId
                        → http://minio:9000 does not know this access key: check AWS_ACCESS_KEY_ID (or aws_access_key_id in the profile)
  ok    artifacts 1     iris␛]0;owned␇: proxied mlflow-artifacts:/1 — run 0a1b through the server's proxy: 3 entries; read 16 of 380 bytes of eval/report.txt
  warn  artifacts 12    vision: gs://bucket/vision — not supported yet: gs
                        → serve them through the tracking server
  n/a   artifacts 0     Default: proxied mlflow-artifacts:/0 — no runs to list

not healthy: 1 check(s) failed
`
	if got := b.String(); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
	assertInert(t, "doctor text", b.String())

	// Only warnings: healthy, and it says how many.
	rep.Checks = rep.Checks[3:]
	rep.Healthy = rep.failed() == 0
	b.Reset()
	writeDoctorText(&b, rep)
	if !strings.HasSuffix(b.String(), "\nhealthy, with 1 warning(s)\n") {
		t.Errorf("warnings only:\n%s", b.String())
	}
}

// fakeArtifactStore is a local store of experiments whose runs keep their
// artifacts in real folders; only what the artifact checks call is there.
type fakeArtifactStore struct {
	client.Store
	exps  []client.Experiment
	runs  map[string][]client.Run // by experiment ID
	query client.ExperimentQuery  // the last experiment search
}

func (f *fakeArtifactStore) SearchExperiments(_ context.Context, q client.ExperimentQuery) (client.Page[client.Experiment], error) {
	f.query = q
	p := client.Page[client.Experiment]{Items: f.exps}
	if q.MaxResults > 0 && len(f.exps) > q.MaxResults {
		p.Items, p.NextPageToken = f.exps[:q.MaxResults], "more"
	}
	return p, nil
}

func (f *fakeArtifactStore) SearchRuns(_ context.Context, q client.RunQuery) (client.Page[client.Run], error) {
	runs := f.runs[q.ExperimentIDs[0]]
	if len(runs) > q.MaxResults {
		runs = runs[:q.MaxResults]
	}
	return client.Page[client.Run]{Items: runs}, nil
}

func (f *fakeArtifactStore) repo(runID string) (artifacts.Repo, error) {
	for _, runs := range f.runs {
		for _, r := range runs {
			if r.Info.RunID == runID {
				dir, err := artifacts.LocalDir(r.Info.ArtifactURI, "")
				return artifacts.Local{Dir: dir}, err
			}
		}
	}
	return nil, &client.Error{Kind: client.KindNotFound, Message: "no run " + runID}
}

func (f *fakeArtifactStore) ListArtifacts(ctx context.Context, runID, path string) ([]client.FileInfo, error) {
	r, err := f.repo(runID)
	if err != nil {
		return nil, err
	}
	return r.List(ctx, path)
}

func (f *fakeArtifactStore) OpenArtifact(ctx context.Context, runID, path string, off, n int64) (*client.ArtifactFile, error) {
	r, err := f.repo(runID)
	if err != nil {
		return nil, err
	}
	return r.Open(ctx, path, off, n)
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func fakeRun(id, uri string) client.Run {
	return client.Run{Info: client.RunInfo{RunID: id, ArtifactURI: uri}}
}

// TestDoctorArtifactsLocalStoreOutcomes runs the artifact checks over a
// local store whose experiments cover each outcome a local root can have.
func TestDoctorArtifactsLocalStoreOutcomes(t *testing.T) {
	base := t.TempDir()
	good := filepath.Join(base, "mlruns", "1")
	writeTestFile(t, filepath.Join(good, "r1", "artifacts", "empty.txt"), "")
	writeTestFile(t, filepath.Join(good, "r1", "artifacts", "plots", "loss.txt"), "0123456789abcdefghij")
	writeTestFile(t, filepath.Join(good, "r2", "artifacts", "x.txt"), "older run")
	notDir := filepath.Join(base, "a-file")
	writeTestFile(t, notDir, "not a folder")
	missing := filepath.Join(base, "gone")

	f := &fakeArtifactStore{
		exps: []client.Experiment{
			{ID: "1", Name: "good", ArtifactLocation: "file://" + good},
			{ID: "2", Name: "vision", ArtifactLocation: "gs://bucket/vision"},
			{ID: "3", Name: "file root", ArtifactLocation: notDir},
			{ID: "4", Name: "empty", ArtifactLocation: missing + "/4"},
			{ID: "5", Name: "moved", ArtifactLocation: missing + "/5"},
			{ID: "6", Name: "\x1b[2Jevil", ArtifactLocation: ""},
			{ID: "7", Name: "no file yet", ArtifactLocation: good},
		},
		runs: map[string][]client.Run{
			"1": {fakeRun("r1", "file://"+filepath.Join(good, "r1", "artifacts")), fakeRun("r2", filepath.Join(good, "r2", "artifacts"))},
			"5": {fakeRun("r5", filepath.Join(missing, "5", "r5", "artifacts"))},
			"7": {fakeRun("r7", filepath.Join(good, "r7", "artifacts"))},
		},
	}
	a := &App{Getenv: func(string) string { return "" }}
	var rep doctorReport
	a.doctorArtifacts(context.Background(), &artifactProbe{store: f, base: base, timeout: 5 * time.Second}, 7, false, &rep)

	if f.query.MaxResults != artifactExperimentsMax || len(f.query.OrderBy) != 1 || f.query.OrderBy[0] != "last_update_time DESC" {
		t.Errorf("experiments asked for with %+v", f.query)
	}
	want := map[string]struct{ status, cause, detail string }{
		"1": {checkOK, "", "good: local file://" + good + " — readable: 2 entries; run r1: 2 entries; read 16 of 20 bytes of plots/loss.txt"},
		"2": {checkWarn, causeUnsupported, "vision: gs://bucket/vision — not supported yet: gs"},
		"3": {checkFail, causeOther, "file root: local " + notDir + " — cannot read " + notDir + ": "},
		"4": {checkNA, "", "empty: local " + missing + "/4 — does not exist; no runs to list"},
		"5": {checkWarn, causeRootMissing, "moved: local " + missing + "/5 — does not exist; run r5: 0 entries; no file with content in the last 1 run to read"},
		"6": {checkWarn, causeNoLocation, "\x1b[2Jevil: none — no artifact location"},
		"7": {checkOK, "", "no file yet: local " + good + " — readable: 2 entries; run r7: 0 entries; no file with content in the last 1 run to read"},
	}
	if rep.Artifacts == nil || rep.Artifacts.Checked != 7 || rep.Artifacts.Capped || len(rep.Artifacts.Experiments) != 7 {
		t.Fatalf("artifacts %+v", rep.Artifacts)
	}
	for _, x := range rep.Artifacts.Experiments {
		w := want[x.ID]
		c := findCheck(rep, "artifacts "+x.ID)
		if x.Status != w.status || x.Cause != w.cause || c.Status != w.status || !strings.HasPrefix(c.Detail, w.detail) {
			t.Errorf("experiment %s: status %s cause %q detail %q\nwant %s %q %q", x.ID, x.Status, x.Cause, c.Detail, w.status, w.cause, w.detail)
		}
		if (x.Status == checkFail || x.Status == checkWarn) && (x.Diagnosis == "" || c.Diagnosis != x.Diagnosis) {
			t.Errorf("experiment %s says nothing to do: %+v", x.ID, x)
		}
	}
	if x := rep.Artifacts.Experiments[0]; x.Read != "plots/loss.txt" || x.RunID != "r1" {
		t.Errorf("read %q of run %q", x.Read, x.RunID)
	}
	if findCheck(rep, "s3 credentials").Name != "" || rep.Artifacts.S3 != nil {
		t.Error("a local store checked S3")
	}
	if rep.failed() != 1 {
		t.Errorf("%d failed checks, want 1 (the file root)", rep.failed())
	}

	var b bytes.Buffer
	writeDoctorText(&b, rep)
	assertInert(t, "doctor text", b.String())
	if !strings.Contains(b.String(), "␛[2Jevil: none") {
		t.Errorf("the hostile name is not shown visibly:\n%s", b.String())
	}

	// More experiments than are checked: capped, and the note says so.
	for i := 0; i < 8; i++ {
		f.exps = append(f.exps, client.Experiment{ID: "x" + string(rune('a'+i)), Name: "more", ArtifactLocation: good})
	}
	rep = doctorReport{}
	a.doctorArtifacts(context.Background(), &artifactProbe{store: f, base: base, timeout: 5 * time.Second}, len(f.exps), false, &rep)
	if !rep.Artifacts.Capped || rep.Artifacts.Checked != artifactExperimentsMax ||
		rep.Artifacts.Note != "the 10 most recently updated of 15 experiments checked" {
		t.Errorf("capped: %+v", rep.Artifacts)
	}
}

// TestExplainArtifactErrors: what each failure of the proxy, the server's
// own endpoints and S3 is diagnosed as. The S3 messages come from
// client/artifacts as they are (they already say what to do).
func TestExplainArtifactErrors(t *testing.T) {
	remote := &artifactProbe{remote: true, timeout: 7 * time.Second}
	cases := []struct {
		err         error
		mode, cause string
		say         string
	}{
		{&client.Error{Kind: client.KindUnavailable, Status: 503, Op: "mlflow-artifacts/list", Message: "Endpoint: /api/2.0/mlflow-artifacts/artifacts " +
			"disabled due to the mlflow server running with `--no-serve-artifacts`. To enable artifacts server functionality, run `mlflow server` with `--serve-artifacts`"},
			modeProxied, causeNotServed, "restart it with --serve-artifacts"},
		{&client.Error{Kind: client.KindUnavailable, Status: 503, Op: "mlflow-artifacts/download", Message: "Artifact serving is disabled. Run `mlflow server` with `--serve-artifacts` to enable."},
			modeProxied, causeNotServed, "it runs with --no-serve-artifacts"},
		{&client.Error{Kind: client.KindUnavailable, Status: 503, Op: "mlflow-artifacts/list", Message: "Service Unavailable"},
			modeProxied, causeNotServed, "else try again shortly"},
		{&client.Error{Kind: client.KindNotMLflow, Status: 404, Op: "mlflow-artifacts/list", Message: "no MLflow API at http://h (wrong URL prefix?)"},
			modeProxied, causeNoProxy, "start it with --serve-artifacts, or forward the path"},
		{&client.Error{Kind: client.KindNotMLflow, Status: 200, Op: "mlflow-artifacts/list", Message: "got an HTML page instead of MLflow JSON", Snippet: "Sign in"},
			modeProxied, causeProxyHTML, `with an HTML page ("Sign in")`},
		{&client.Error{Kind: client.KindNotMLflow, Status: 200, Op: "get-artifact", Message: "got an HTML page instead of the artifact a.txt", Snippet: "Login"},
			modeLocal, causeProxyHTML, "/get-artifact"},
		{&client.Error{Kind: client.KindInternal, Status: 500, Op: "mlflow-artifacts/list", Message: "botocore NoCredentialsError"},
			modeProxied, causeServerStore, "--artifacts-destination"},
		{&client.Error{Kind: client.KindUnauthenticated, Status: 401, Op: "mlflow-artifacts/list"},
			modeProxied, causeTrackingServer, "HTTP 401: set MLFLOW_TRACKING_USERNAME/PASSWORD"},
		{&client.Error{Kind: client.KindUnsupported, Op: "list artifacts", Code: "gs", Message: "not supported yet: gs (…)"},
			modeProxied, causeUnsupported, "not supported yet: gs"},
		{&client.Error{Kind: client.KindUnauthenticated, Code: artifacts.CodeNoCredentials, Message: "no AWS credentials found: set AWS_ACCESS_KEY_ID"},
			modeS3, causeNoCredentials, "set AWS_ACCESS_KEY_ID"},
		{&client.Error{Kind: client.KindUnauthenticated, Status: 403, Code: artifacts.CodeInvalidAccessKeyID, Message: "check AWS_ACCESS_KEY_ID"},
			modeS3, causeWrongAccessKey, "check AWS_ACCESS_KEY_ID"},
		{&client.Error{Kind: client.KindUnauthenticated, Status: 403, Code: artifacts.CodeSignatureDoesNotMatch, Message: "check AWS_SECRET_ACCESS_KEY"},
			modeS3, causeWrongSecret, "check AWS_SECRET_ACCESS_KEY"},
		{&client.Error{Kind: client.KindPermissionDenied, Status: 403, Code: artifacts.CodeAccessDenied, Message: "must allow s3:ListBucket"},
			modeS3, causeAccessDenied, "s3:ListBucket"},
		{&client.Error{Kind: client.KindNotFound, Status: 404, Code: artifacts.CodeNoSuchBucket, Message: "bucket b does not exist"},
			modeS3, causeNoSuchBucket, "bucket b does not exist"},
		{&client.Error{Kind: client.KindUnauthenticated, Status: 403, Code: artifacts.CodeTimeTooSkewed, Message: "set the time"},
			modeS3, causeClockSkew, "set the time"},
		{&client.Error{Kind: client.KindUnavailable, Op: "list artifacts", Message: "cannot reach the object server at http://h:1: connection refused (check MLFLOW_S3_ENDPOINT_URL)"},
			modeS3, causeUnreachable, "check MLFLOW_S3_ENDPOINT_URL"},
		{&client.Error{Kind: client.KindInvalidParameter, Op: "s3 settings", Message: "the AWS configuration cannot be read: bad profile"},
			modeS3, causeS3Settings, "bad profile"},
		{context.DeadlineExceeded, modeS3, causeTimeout, "no answer within 7s"},
		{errors.New("plain"), modeS3, causeOther, "plain"},
	}
	for _, c := range cases {
		cause, diag := remote.explain(c.err, c.mode)
		if cause != c.cause || !strings.Contains(diag, c.say) {
			t.Errorf("explain(%v, %s) = %q, %q; want %q saying %q", c.err, c.mode, cause, diag, c.cause, c.say)
		}
	}

	local := &artifactProbe{timeout: time.Second}
	if cause, diag := local.explain(&client.Error{Kind: client.KindUnavailable, Op: "artifacts",
		Message: "the artifacts of run r are served by a tracking server (mlflow-artifacts:/1/r) and are not on this disk; open the server's URI to browse them"},
		modeProxied); cause != causeNotOnThisDisk || !strings.Contains(diag, "open the server's URI") {
		t.Errorf("local, not on this disk: %q %q", cause, diag)
	}
	if cause, _ := local.explain(&client.Error{Kind: client.KindPermissionDenied, Path: "/x"}, modeLocal); cause != causePermission {
		t.Errorf("local, permission: %q", cause)
	}
}

// A secret value never reaches the report, even if a message held it.
func TestDoctorArtifactsScrubsSecrets(t *testing.T) {
	const secret = "wJalrXUtnFEMI/K7MDENG"
	p := &artifactProbe{getenv: func(k string) string {
		if k == "AWS_SECRET_ACCESS_KEY" {
			return secret
		}
		return ""
	}, remote: true, cfg: rest.Config{}}
	x := artifactExperiment{ID: "1", Mode: modeS3}
	p.fail(&x, "root", "list s3://b", &client.Error{Kind: client.KindUnknown, Message: "echoed " + secret})
	x = p.scrubExperiment(x.finish())
	c := x.check()
	if strings.Contains(c.Detail+c.Diagnosis+x.Diagnosis, secret) {
		t.Errorf("the secret is in %+v", x)
	}
}
