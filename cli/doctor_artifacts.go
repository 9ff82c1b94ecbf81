package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mltui/client"
	"mltui/client/artifacts"
	"mltui/client/filestore"
	"mltui/client/rest"
)

// The artifact checks: for the most recently updated experiments, where the
// artifacts live (the experiment's artifact_location), how mltui reads them
// there, and whether it can: list the root, list one run's artifacts and
// read a few bytes of one of its files, the way the dashboard would.

// Artifact modes, by the scheme of the artifact root.
const (
	modeProxied     = "proxied"     // mlflow-artifacts: — the tracking server's proxy serves the bytes
	modeS3          = "direct S3"   // s3:// — this machine reads the bucket with its own AWS settings
	modeLocal       = "local"       // file: or a plain path
	modeUnsupported = "unsupported" // gs://, wasbs://, hdfs:… — mltui does not read these yet
	modeNone        = "none"        // the experiment names no artifact location
)

// How much the artifact checks look at.
const (
	artifactExperimentsMax = 10 // experiments checked, the most recently updated first
	artifactRunsMax        = 3  // runs tried per experiment for a file to read
	artifactListsMax       = 8  // listings per run while looking for a file
	artifactReadBytes      = 16 // bytes read of that file (a ranged read)
)

// Causes name what went wrong for scripts (-o json "cause").
const (
	causeNoCredentials   = "no_credentials"
	causeWrongAccessKey  = "wrong_access_key"
	causeWrongSecret     = "wrong_secret_key"
	causeAccessDenied    = "access_denied"
	causeNoSuchBucket    = "no_such_bucket"
	causeUnreachable     = "endpoint_unreachable"
	causeClockSkew       = "clock_skew"
	causeS3Settings      = "s3_settings"
	causeNotServed       = "artifacts_not_served"
	causeNoProxy         = "no_artifact_proxy"
	causeProxyHTML       = "proxy_html"
	causeServerStore     = "server_artifact_store"
	causeUnsupported     = "unsupported_scheme"
	causeNoLocation      = "no_artifact_location"
	causeNotOnThisDisk   = "not_on_this_disk"
	causeRootMissing     = "root_missing"
	causePermission      = "permission"
	causeTimeout         = "timeout"
	causeTrackingServer  = "tracking_server"
	causeArtifactMissing = "artifact_missing"
	causeOther           = "other"
)

// doctorArtifacts is the artifact part of the report (-o json "artifacts").
type doctorArtifacts struct {
	Checked int  `json:"checked"` // experiments checked
	Capped  bool `json:"capped"`  // more experiments are visible than were checked
	// Note says which experiments were checked, for a person.
	Note        string               `json:"note"`
	S3          *doctorS3            `json:"s3,omitempty"`
	Experiments []artifactExperiment `json:"experiments"`
}

// doctorS3 is how s3:// roots are read: names and addresses, never secrets.
type doctorS3 struct {
	Credentials  string `json:"credentials,omitempty"` // where they were found, by the names of the variables or files
	Endpoint     string `json:"endpoint"`              // the object server, "AWS S3" when none is configured
	EndpointFrom string `json:"endpoint_from,omitempty"`
	Region       string `json:"region,omitempty"`
}

// artifactExperiment is what the checks found for one experiment.
type artifactExperiment struct {
	ID        string        `json:"experiment_id"`
	Name      string        `json:"experiment"`
	Root      string        `json:"root"` // artifact_location, user info removed
	Mode      string        `json:"mode"`
	Scheme    string        `json:"scheme"`
	RunID     string        `json:"run_id,omitempty"`   // the run whose artifacts were listed
	RunRoot   string        `json:"run_root,omitempty"` // its artifact_uri
	Read      string        `json:"read,omitempty"`     // the file read, relative to the run's root
	Status    string        `json:"status"`
	Cause     string        `json:"cause,omitempty"`
	Diagnosis string        `json:"diagnosis,omitempty"`
	Steps     []doctorCheck `json:"steps"`
}

// classifyArtifactRoot names the mode of an artifact root and its scheme.
func classifyArtifactRoot(uri string) (mode, scheme string) {
	if strings.TrimSpace(uri) == "" {
		return modeNone, ""
	}
	switch scheme = artifacts.Scheme(uri); scheme {
	case "mlflow-artifacts":
		return modeProxied, scheme
	case "s3":
		return modeS3, scheme
	case "file":
		return modeLocal, scheme
	}
	return modeUnsupported, scheme
}

// artifactProbe runs the artifact checks against one store.
type artifactProbe struct {
	store   client.Store
	remote  bool   // a tracking server (else a local store)
	base    string // local stores: the directory relative roots are taken from
	cfg     rest.Config
	timeout time.Duration
	getenv  func(string) string
	home    string

	s3Offset time.Duration // doctorOptions.s3ClockOffset
	s3       *artifacts.S3Session
	s3Check  *doctorCheck // the "s3 credentials" check, once an s3:// root is met
	s3Info   *doctorS3
	// broken holds, per way of reading ("s3", "proxy"), a failure every
	// root read that way shares, with the experiment that showed it: the
	// others are not tried again.
	broken map[string]brokenPath
}

type brokenPath struct {
	experiment, cause, diagnosis string
}

// doctorArtifacts checks the artifacts of the visible experiments and adds
// the checks to rep. visible/more are what the experiments check counted.
func (a *App) doctorArtifacts(ctx context.Context, p *artifactProbe, visible int, more bool, rep *doctorReport) {
	p.getenv, p.home = a.Getenv, a.homeDir()
	cctx, cancel := context.WithTimeout(ctx, p.timeout)
	page, err := p.store.SearchExperiments(cctx, client.ExperimentQuery{MaxResults: artifactExperimentsMax,
		OrderBy: []string{"last_update_time DESC"}})
	cancel()
	if err != nil {
		rep.add(p.scrubCheck(doctorCheck{Name: "artifacts", Status: checkFail, Detail: "list the experiments to check: " + err.Error(),
			Diagnosis: p.trackingDiagnosis(err)}))
		return
	}
	ar := &doctorArtifacts{Checked: len(page.Items), Capped: page.NextPageToken != ""}
	ar.Note = artifactsNote(len(page.Items), ar.Capped, visible, more)
	rep.Artifacts = ar
	if len(page.Items) == 0 {
		rep.add(doctorCheck{Name: "artifacts", Status: checkNA, Detail: "no experiments to check"})
		return
	}
	for _, e := range page.Items {
		x := p.experiment(ctx, e)
		if p.s3Check != nil && ar.S3 == nil {
			// Shown once, before the first experiment read from S3.
			ar.S3 = p.s3Info
			rep.add(*p.s3Check)
		}
		ar.Experiments = append(ar.Experiments, x)
		rep.add(x.check())
	}
}

// artifactsNote says which experiments were checked.
func artifactsNote(checked int, capped bool, visible int, more bool) string {
	switch {
	case !capped:
		return fmt.Sprintf("%d experiment%s checked", checked, plural(checked))
	case visible > checked && more:
		return fmt.Sprintf("the %d most recently updated of %d+ experiments checked", checked, visible)
	case visible > checked:
		return fmt.Sprintf("the %d most recently updated of %d experiments checked", checked, visible)
	}
	return fmt.Sprintf("the %d most recently updated experiments checked (more are visible)", checked)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// check is the experiment's line among the report's checks.
func (x artifactExperiment) check() doctorCheck {
	var parts []string
	for _, s := range x.Steps {
		parts = append(parts, s.Detail)
	}
	head := fmt.Sprintf("%s: %s", x.Name, x.Mode)
	if x.Root != "" {
		head += " " + x.Root
	}
	if x.Mode == modeUnsupported {
		head = fmt.Sprintf("%s: %s", x.Name, x.Root)
	}
	detail := head
	if len(parts) > 0 {
		detail += " — " + strings.Join(parts, "; ")
	}
	c := doctorCheck{Name: "artifacts " + x.ID, Status: x.Status, Detail: detail, Diagnosis: x.Diagnosis}
	if c.Status == checkNA {
		c.Diagnosis = "" // a skipped experiment: the check that failed says what to do
	}
	return c
}

// experiment checks one experiment's artifacts.
func (p *artifactProbe) experiment(ctx context.Context, e client.Experiment) (x artifactExperiment) {
	x = artifactExperiment{ID: e.ID, Name: e.Name, Root: rest.Redact(e.ArtifactLocation)}
	x.Mode, x.Scheme = classifyArtifactRoot(e.ArtifactLocation)
	defer func() { x = p.scrubExperiment(x.finish()) }()

	switch x.Mode {
	case modeNone:
		x.step(doctorCheck{Name: "root", Status: checkWarn, Detail: "no artifact location",
			Diagnosis: "the experiment names no artifact location, so its runs have nowhere to keep artifacts: is the store complete?"}, causeNoLocation)
		return x
	case modeUnsupported:
		x.step(doctorCheck{Name: "root", Status: checkWarn, Detail: "not supported yet: " + x.Scheme,
			Diagnosis: "mltui reads local paths, s3:// and the tracking server's proxy (mlflow-artifacts:), not " + x.Scheme +
				" roots yet; to browse these artifacts in mltui, serve them through the tracking server (mlflow server --serve-artifacts " +
				"--artifacts-destination " + x.Scheme + "://…) and give new experiments mlflow-artifacts: roots"}, causeUnsupported)
		return x
	}

	if x.Mode == modeS3 && p.remote {
		if ok := p.s3Credentials(ctx); !ok {
			x.step(doctorCheck{Name: "root", Status: checkNA, Detail: "skipped: no S3 credentials (see the s3 credentials check)"}, "")
			x.Cause, x.Diagnosis = causeNoCredentials, p.s3Check.Diagnosis
			return x
		}
	}
	if b, ok := p.broken[p.way(x.Mode)]; ok {
		x.step(doctorCheck{Name: "root", Status: checkNA,
			Detail: fmt.Sprintf("skipped: every %s root fails the same way (see experiment %s)", x.Mode, b.experiment)}, "")
		x.Cause, x.Diagnosis = b.cause, b.diagnosis
		return x
	}

	if !p.root(ctx, e, &x) {
		return x
	}
	p.runs(ctx, e, &x)
	return x
}

// way is how roots of a mode are read, for broken.
func (p *artifactProbe) way(mode string) string {
	switch {
	case mode == modeS3 && p.remote:
		return "s3"
	case mode == modeProxied && p.remote:
		return "proxy"
	}
	return ""
}

// step records one step; a failed or warned step sets the experiment's
// cause and diagnosis (the first one wins).
func (x *artifactExperiment) step(c doctorCheck, cause string) {
	x.Steps = append(x.Steps, c)
	if (c.Status == checkFail || c.Status == checkWarn) && x.Diagnosis == "" {
		x.Cause, x.Diagnosis = cause, c.Diagnosis
	}
}

// finish sets the experiment's status from its steps: the worst of them.
func (x artifactExperiment) finish() artifactExperiment {
	rank := map[string]int{checkNA: 0, checkOK: 1, checkWarn: 2, checkFail: 3}
	x.Status = checkNA
	for _, s := range x.Steps {
		if rank[s.Status] > rank[x.Status] {
			x.Status = s.Status
		}
	}
	return x
}

// root checks the experiment's artifact root itself where that can be done
// without a run: an S3 prefix is listed, a local directory looked at. It
// reports whether the run checks should follow.
func (p *artifactProbe) root(ctx context.Context, e client.Experiment, x *artifactExperiment) bool {
	loc := e.ArtifactLocation
	switch {
	case x.Mode == modeS3 && p.remote:
		r, err := p.session().Root(loc)
		if err != nil {
			p.fail(x, "root", "read the root", err)
			return false
		}
		cctx, cancel := context.WithTimeout(ctx, p.timeout)
		files, err := r.List(cctx, "")
		cancel()
		if err != nil {
			p.fail(x, "root", "list "+r.URI(), err)
			return false
		}
		x.step(doctorCheck{Name: "root", Status: checkOK,
			Detail: fmt.Sprintf("bucket %s answers; %s under the prefix", r.Bucket, entries(len(files)))}, "")
		return true

	case x.Mode == modeProxied && p.remote:
		// The proxy is reached through a run's artifacts (below).
		return true

	case x.Mode == modeLocal && p.remote:
		dir, err := artifacts.LocalDir(loc, "")
		if err != nil {
			p.fail(x, "root", "read the root", err)
			return false
		}
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return p.localDir(x, dir, "on this machine")
		}
		x.step(doctorCheck{Name: "root", Status: checkNA, Detail: "not on this machine: the tracking server lists it"}, "")
		return true
	}

	// A local store: the root is where the store itself would look.
	repo, err := filestore.ArtifactRepo(loc, p.base, "experiment "+e.ID)
	if err != nil {
		if dest := p.localDestination(); x.Mode == modeProxied && dest != "" {
			// The server that wrote this store kept its artifacts in dest,
			// which holds nothing for this experiment: none were logged.
			x.step(doctorCheck{Name: "root", Status: checkOK, Detail: "no artifacts logged yet (" + dest + " holds none for it)"}, "")
			return false
		}
		p.fail(x, "root", "read the root", err)
		// Not on this disk: the runs are still counted (see runs).
		return x.Cause == causeNotOnThisDisk
	}
	if l, ok := repo.(artifacts.Local); ok {
		where := ""
		if x.Mode == modeProxied {
			where = "found on this disk"
		}
		return p.localDir(x, l.Dir, where)
	}
	return true
}

// localDestination is the folder beside a local store where a server
// started there keeps proxied artifacts (see filestore.ArtifactRepo), or "".
func (p *artifactProbe) localDestination() string {
	if p.base == "" {
		return ""
	}
	for _, d := range []string{"mlartifacts", "artifacts"} {
		dir := filepath.Join(p.base, d)
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
	}
	return ""
}

// localDir checks that a local root exists and can be read.
func (p *artifactProbe) localDir(x *artifactExperiment, dir, where string) bool {
	label, missing := "readable", "does not exist"
	if where != "" {
		label, missing = where+" at "+dir, dir+" does not exist"
	}
	des, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// A warning once runs are known to exist (see runs).
		x.step(doctorCheck{Name: "root", Status: checkWarn, Detail: missing,
			Diagnosis: dir + " does not exist on this machine: it appears when a run logs its first artifact; " +
				"if runs did log artifacts, they were written on another machine (open the tracking server's URI to read them)"}, causeRootMissing)
		return true // runs may still keep theirs elsewhere
	case errors.Is(err, fs.ErrPermission):
		x.step(doctorCheck{Name: "root", Status: checkFail, Detail: "cannot read " + dir + ": permission denied",
			Diagnosis: "mltui may not read " + dir + ": check its permissions (and those of the folders above it) for this user"}, causePermission)
		return false
	case err != nil:
		x.step(doctorCheck{Name: "root", Status: checkFail, Detail: "cannot read " + dir + ": " + err.Error(),
			Diagnosis: "check that " + dir + " is a readable folder"}, causeOther)
		return false
	}
	x.step(doctorCheck{Name: "root", Status: checkOK, Detail: fmt.Sprintf("%s: %s", label, entries(len(des)))}, "")
	return true
}

// runs lists the artifacts of the experiment's latest runs until one holds
// a file, and reads a few bytes of it.
func (p *artifactProbe) runs(ctx context.Context, e client.Experiment, x *artifactExperiment) {
	cctx, cancel := context.WithTimeout(ctx, p.timeout)
	page, err := p.store.SearchRuns(cctx, client.RunQuery{ExperimentIDs: []string{e.ID}, MaxResults: artifactRunsMax})
	cancel()
	if err != nil {
		x.step(doctorCheck{Name: "runs", Status: checkFail, Detail: "search its runs: " + err.Error(),
			Diagnosis: p.trackingDiagnosis(err)}, causeTrackingServer)
		return
	}
	if len(page.Items) == 0 {
		if x.Cause == causeRootMissing || x.Cause == causeNotOnThisDisk {
			// An experiment with no runs has no artifacts yet: nothing is wrong.
			x.Steps[0].Status, x.Steps[0].Diagnosis = checkNA, ""
			x.Cause, x.Diagnosis = "", ""
		}
		x.step(doctorCheck{Name: "list", Status: checkNA, Detail: "no runs to list"}, "")
		return
	}
	if x.Cause == causeNotOnThisDisk {
		return // the root's warning covers its runs
	}
	rootFound := len(x.Steps) > 0 && x.Steps[0].Name == "root" && x.Steps[0].Status == checkOK
	for i, run := range page.Items {
		repo, how := p.runRepo(run)
		x.RunID, x.RunRoot = run.Info.RunID, rest.Redact(run.Info.ArtifactURI)
		f, n, err := findFile(ctx, repo, p.timeout)
		if err != nil && !p.remote && rootFound {
			if cause, _ := p.explain(err, x.Mode); cause == causeNotOnThisDisk {
				// The experiment's folder is here and the run's is not:
				// the run logged no artifacts.
				err = nil
			}
		}
		if err != nil {
			p.fail(x, "list", "list the artifacts of run "+run.Info.RunID+how, err)
			return
		}
		if f.Path == "" && i < len(page.Items)-1 {
			continue // try an older run
		}
		x.step(doctorCheck{Name: "list", Status: checkOK, Detail: fmt.Sprintf("run %s%s: %s", run.Info.RunID, how, entries(n))}, "")
		if f.Path == "" {
			x.step(doctorCheck{Name: "read", Status: checkNA,
				Detail: fmt.Sprintf("no file with content in the last %d run%s to read", len(page.Items), plural(len(page.Items)))}, "")
			return
		}
		cctx, cancel := context.WithTimeout(ctx, p.timeout)
		got, size, err := readSome(cctx, repo, f.Path)
		cancel()
		if err != nil {
			p.fail(x, "read", "read "+f.Path, err)
			return
		}
		x.Read = f.Path
		x.step(doctorCheck{Name: "read", Status: checkOK, Detail: readDetail(got, size, f.Path)}, "")
		return
	}
}

// runRepo is how a run's artifacts are read: s3:// with the doctor's own
// session (the settings of this environment), anything else through the
// store, as the dashboard does. how says so for the report.
func (p *artifactProbe) runRepo(run client.Run) (repo artifacts.Repo, how string) {
	mode, _ := classifyArtifactRoot(run.Info.ArtifactURI)
	if p.remote && mode == modeS3 {
		if r, err := p.session().Root(run.Info.ArtifactURI); err == nil {
			return r, ""
		}
	}
	if p.remote && mode == modeProxied {
		how = " through the server's proxy"
	}
	return storeRunRepo{s: p.store, runID: run.Info.RunID}, how
}

// storeRunRepo reads one run's artifacts through a store.
type storeRunRepo struct {
	s     client.Store
	runID string
}

func (r storeRunRepo) List(ctx context.Context, rel string) ([]client.FileInfo, error) {
	return r.s.ListArtifacts(ctx, r.runID, rel)
}

func (r storeRunRepo) Open(ctx context.Context, rel string, off, n int64) (*client.ArtifactFile, error) {
	ar, ok := r.s.(client.ArtifactReader)
	if !ok {
		return nil, &client.Error{Kind: client.KindUnsupported, Op: "read artifact", Message: "this store cannot read artifact files"}
	}
	return ar.OpenArtifact(ctx, r.runID, rel, off, n)
}

// findFile walks a root breadth first, at most artifactListsMax listings,
// for the first file with content. n is how many entries the root holds.
func findFile(ctx context.Context, repo artifacts.Repo, timeout time.Duration) (f client.FileInfo, n int, err error) {
	queue := []string{""}
	for lists := 0; len(queue) > 0 && lists < artifactListsMax; lists++ {
		dir := queue[0]
		queue = queue[1:]
		cctx, cancel := context.WithTimeout(ctx, timeout)
		files, err := repo.List(cctx, dir)
		cancel()
		if err != nil {
			return client.FileInfo{}, n, err
		}
		if dir == "" {
			n = len(files)
		}
		for _, fi := range files {
			if !fi.IsDir && fi.FileSize > 0 {
				return fi, n, nil
			}
		}
		for _, fi := range files {
			if fi.IsDir {
				queue = append(queue, fi.Path)
			}
		}
	}
	return client.FileInfo{}, n, nil
}

// readSome reads the first artifactReadBytes bytes of rel.
func readSome(ctx context.Context, repo artifacts.Repo, rel string) (got int, size int64, err error) {
	f, err := repo.Open(ctx, rel, 0, artifactReadBytes)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, artifactReadBytes))
	if err != nil {
		return len(b), f.Size, &client.Error{Kind: client.KindUnavailable, Op: "read artifact", Message: "the read of " + rel + " was cut short", Err: err}
	}
	if len(b) == 0 {
		return 0, f.Size, &client.Error{Kind: client.KindUnavailable, Op: "read artifact", Message: "reading " + rel + " gave no bytes"}
	}
	return len(b), f.Size, nil
}

func readDetail(got int, size int64, rel string) string {
	if size >= 0 {
		return fmt.Sprintf("read %d of %d bytes of %s", got, size, rel)
	}
	return fmt.Sprintf("read %d bytes of %s", got, rel)
}

func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

// s3Credentials finds the S3 credentials once and reports whether there
// are any. It builds the "s3 credentials" check the report shows before the
// first experiment read from S3.
func (p *artifactProbe) s3Credentials(ctx context.Context) bool {
	if p.s3Check != nil {
		return p.s3Check.Status == checkOK
	}
	p.session()
	info := &doctorS3{Endpoint: "AWS S3"}
	if p.s3.Endpoint != "" {
		info.Endpoint, info.EndpointFrom = rest.Redact(p.s3.Endpoint), p.s3.EndpointFrom
	}
	cctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	src, err := p.s3.CredentialSource(cctx)
	info.Region = p.s3.Region(cctx)
	where := "endpoint " + info.Endpoint
	if info.EndpointFrom != "" {
		where += " (" + info.EndpointFrom + ")"
	}
	if info.Region != "" {
		where += "; region " + info.Region
	}
	c := doctorCheck{Name: "s3 credentials"}
	if err != nil {
		_, diag := p.explain(err, modeS3)
		c.Status, c.Detail, c.Diagnosis = checkFail, "none found; "+where, diag
	} else {
		info.Credentials = src
		c.Status, c.Detail = checkOK, "from "+src+"; "+where
	}
	c = p.scrubCheck(c)
	p.s3Check, p.s3Info = &c, info
	return err == nil
}

// session is the S3 session of this environment, made on first use.
func (p *artifactProbe) session() *artifacts.S3Session {
	if p.s3 == nil {
		p.s3 = artifacts.NewS3Session(p.getenv, p.home)
		p.s3.ClockOffset = p.s3Offset
	}
	return p.s3
}

// fail records a failed step and, when every root read the same way would
// fail alike, remembers that.
func (p *artifactProbe) fail(x *artifactExperiment, step, what string, err error) {
	cause, diag := p.explain(err, x.Mode)
	status := checkFail
	if cause == causeUnsupported || cause == causeNotOnThisDisk {
		// Not a fault of this setup: what mltui cannot read (yet) from here.
		status = checkWarn
	}
	detail := what + ": " + shortError(err, diag)
	switch cause {
	case causeNotOnThisDisk:
		detail = "not on this disk"
	case causeUnsupported:
		detail = "not supported yet: " + x.Scheme
	}
	x.step(doctorCheck{Name: step, Status: status, Detail: detail, Diagnosis: diag}, cause)
	switch cause {
	case causeNoCredentials, causeWrongAccessKey, causeWrongSecret, causeClockSkew, causeUnreachable, causeS3Settings, causeTimeout,
		causeNotServed, causeNoProxy, causeProxyHTML:
		// Not causeAccessDenied, causeNoSuchBucket or the tracking
		// server's answers: those can differ from one root to the next
		// (bucket policies, per-experiment permissions).
		if w := p.way(x.Mode); w != "" {
			if p.broken == nil {
				p.broken = map[string]brokenPath{}
			}
			p.broken[w] = brokenPath{experiment: x.ID, cause: cause, diagnosis: diag}
		}
	}
}

// shortError is err without the part the diagnosis already says.
func shortError(err error, diag string) string {
	var e *client.Error
	if !errors.As(err, &e) || e.Message == "" || !strings.Contains(diag, e.Message) {
		return err.Error()
	}
	s := e.Kind.String()
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Code != "" {
		s += " " + e.Code
	}
	return s
}

// explain names the cause of a failed artifact step and says what to do.
// The S3 messages are client/artifacts' own (they already say what to do);
// the rest are the tracking server's proxy and local stores.
func (p *artifactProbe) explain(err error, mode string) (cause, diagnosis string) {
	if errors.Is(err, context.DeadlineExceeded) {
		return causeTimeout, fmt.Sprintf("no answer within %s: the artifact store is slow or unreachable (raise --timeout, or check the network path)", p.timeout)
	}
	var e *client.Error
	if !errors.As(err, &e) {
		return causeOther, err.Error()
	}
	switch e.Code {
	case artifacts.CodeNoCredentials:
		return causeNoCredentials, e.Message
	case artifacts.CodeInvalidAccessKeyID:
		return causeWrongAccessKey, e.Message
	case artifacts.CodeSignatureDoesNotMatch:
		return causeWrongSecret, e.Message
	case artifacts.CodeAccessDenied, "Forbidden", "AllAccessDisabled":
		return causeAccessDenied, e.Message
	case artifacts.CodeNoSuchBucket:
		return causeNoSuchBucket, e.Message
	case artifacts.CodeTimeTooSkewed, "RequestExpired":
		return causeClockSkew, e.Message
	}
	if e.Kind == client.KindUnsupported {
		return causeUnsupported, e.Message
	}
	if mode == modeS3 && p.remote {
		switch {
		case e.Op == "s3 settings":
			return causeS3Settings, e.Message + ": fix the AWS_* variables or the files they name"
		case e.Kind == client.KindUnavailable && e.Status == 0 && e.Message != "":
			return causeUnreachable, e.Message
		case e.Kind == client.KindNotFound:
			return causeArtifactMissing, e.Message + ": the listing named it, so it went meanwhile, or the object server is inconsistent"
		}
		if e.Message != "" {
			return causeOther, e.Message
		}
		return causeOther, err.Error()
	}
	if !p.remote {
		switch {
		case e.Kind == client.KindUnavailable && e.Path == "" && (strings.Contains(e.Message, "not on this disk") || strings.Contains(e.Message, "remote storage")):
			return causeNotOnThisDisk, e.Message
		case e.Kind == client.KindPermissionDenied || errors.Is(err, fs.ErrPermission):
			return causePermission, "mltui may not read " + orDash(e.Path) + ": check its permissions for this user"
		case e.Kind == client.KindNotFound:
			return causeArtifactMissing, "the artifact was listed but is gone: was it deleted meanwhile?"
		}
		return causeOther, localDiagnosisOf(err)
	}
	// The tracking server: its proxy, or its own artifact endpoints.
	proxied := mode == modeProxied
	msg := strings.ToLower(e.Message + " " + e.Snippet)
	switch {
	case e.Status == 503 && (strings.Contains(msg, "no-serve-artifacts") || strings.Contains(msg, "artifact serving is disabled")):
		return causeNotServed, "the tracking server does not serve artifacts (it runs with --no-serve-artifacts), yet these runs keep " +
			"theirs at mlflow-artifacts: URIs, which only its proxy can read: restart it with --serve-artifacts " +
			"(and --artifacts-destination where the files are), or give the experiments an artifact root clients read themselves (s3://…)"
	case e.Kind == client.KindNotMLflow && e.Snippet != "" && strings.Contains(msg, "html"):
		return causeProxyHTML, fmt.Sprintf("a proxy in front of the tracking server answers the artifact endpoint %s with an HTML page (%q) "+
			"instead of passing it to MLflow: let it forward %s as it forwards /api/2.0/mlflow/, or use credentials it accepts",
			artifactEndpoint(proxied), e.Snippet, artifactEndpoint(proxied))
	case proxied && e.Kind == client.KindNotMLflow && e.Status == 404:
		return causeNoProxy, "nothing serves " + artifactEndpoint(true) + " (HTTP 404): the server runs without its artifact proxy " +
			"(an MLflow before 1.24, or a reverse proxy that does not forward that path): start it with --serve-artifacts, " +
			"or forward the path"
	case proxied && e.Status == 503:
		return causeNotServed, "the artifact proxy is unavailable (HTTP 503): if the server runs with --no-serve-artifacts, restart it with " +
			"--serve-artifacts; else try again shortly"
	case e.Kind == client.KindInternal:
		return causeServerStore, "the tracking server failed to read its own artifact store (HTTP 500): check its access to " +
			"--artifacts-destination (credentials, bucket, path); its log says more"
	case e.Kind == client.KindNotFound:
		return causeArtifactMissing, "the artifact was listed but cannot be read: was it deleted meanwhile?"
	}
	return causeTrackingServer, diagnose(err, p.cfg, p.timeout)
}

func artifactEndpoint(proxied bool) string {
	if proxied {
		return "/api/2.0/mlflow-artifacts/"
	}
	return "/api/2.0/mlflow/artifacts/ and /get-artifact"
}

// trackingDiagnosis is what to do about a failed store call.
func (p *artifactProbe) trackingDiagnosis(err error) string {
	if p.remote {
		return diagnose(err, p.cfg, p.timeout)
	}
	return localDiagnosisOf(err)
}

func localDiagnosisOf(err error) string {
	var e *client.Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return err.Error()
}

// secrets are the values no report may show, as a last line of defence:
// client/artifacts never puts them in a message.
func (p *artifactProbe) secrets() []string {
	var out []string
	for _, k := range []string{"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		if v := p.getenv(k); len(v) >= 4 {
			out = append(out, v)
		}
	}
	return out
}

func (p *artifactProbe) scrub(s string) string {
	for _, v := range p.secrets() {
		s = strings.ReplaceAll(s, v, "***")
	}
	return s
}

func (p *artifactProbe) scrubCheck(c doctorCheck) doctorCheck {
	c.Detail, c.Diagnosis = p.scrub(c.Detail), p.scrub(c.Diagnosis)
	return c
}

func (p *artifactProbe) scrubExperiment(x artifactExperiment) artifactExperiment {
	x.Diagnosis = p.scrub(x.Diagnosis)
	for i := range x.Steps {
		x.Steps[i] = p.scrubCheck(x.Steps[i])
	}
	return x
}

// localArtifactBase is where a local store takes relative artifact roots
// from: the folder holding the database or the mlruns folder.
func localArtifactBase(path string) string {
	if path == "" {
		return ""
	}
	return filepath.Dir(path)
}
