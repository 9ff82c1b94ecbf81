package testenv

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// ObjectStore is a private SeaweedFS (`weed mini`) serving the S3 API on 127.0.0.1: the
// production stack's artifact store, as MinIO or S3 is in the seed's docker-compose.
type ObjectStore struct {
	Dir      string
	Endpoint string // http://127.0.0.1:PORT
	Bucket   string // created at start; the seed's mlflow-artifacts
	// Keys of the identity that may do everything, and of one that may only read a bucket that
	// does not exist (to provoke AccessDenied).
	AccessKey, SecretKey           string
	OtherAccessKey, OtherSecretKey string

	cmd      *exec.Cmd
	done     chan struct{}
	stopOnce sync.Once
}

// Bucket of the seed's deployment (`--default-artifact-root s3://mlflow-artifacts/experiments`).
const (
	ArtifactBucket = "mlflow-artifacts"
	ArtifactPrefix = "experiments"
)

const objectStoreStartTimeout = 2 * time.Minute

// StartObjectStore builds SeaweedFS if needed (testenv/weed.sh), starts it in a new temporary
// directory and waits until the bucket answers a signed request. parentPID is the process whose
// death stops it (0: none). On error the half-started server is already stopped.
func StartObjectStore(parentPID int) (*ObjectStore, error) {
	out, err := exec.Command("bash", Script("weed.sh")).Output()
	if err != nil {
		return nil, fmt.Errorf("testenv/weed.sh: %w%s", err, stderrOf(err))
	}
	bin := strings.TrimSpace(string(out))
	dir, err := os.MkdirTemp("", "mltui-s3-")
	if err != nil {
		return nil, err
	}
	o := &ObjectStore{Dir: dir, Bucket: ArtifactBucket,
		AccessKey: "AKIAMLTUI" + strings.ToUpper(randomHex(6)), SecretKey: "secret-" + randomHex(16),
		OtherAccessKey: "AKIAOTHER" + strings.ToUpper(randomHex(6)), OtherSecretKey: "other-" + randomHex(16)}
	if err := o.start(bin, parentPID); err != nil {
		o.Stop()
		return nil, err
	}
	return o, nil
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
		return "\n" + tail(string(ee.Stderr), 3000)
	}
	return ""
}

// s3Identities is SeaweedFS's -s3.config: who may do what.
func (o *ObjectStore) s3Identities() ([]byte, error) {
	type cred struct {
		AccessKey string `json:"accessKey"`
		SecretKey string `json:"secretKey"`
	}
	type identity struct {
		Name        string   `json:"name"`
		Credentials []cred   `json:"credentials"`
		Actions     []string `json:"actions"`
	}
	return json.Marshal(map[string][]identity{"identities": {
		{Name: "mltui", Credentials: []cred{{o.AccessKey, o.SecretKey}}, Actions: []string{"Admin", "Read", "Write", "List", "Tagging"}},
		{Name: "elsewhere", Credentials: []cred{{o.OtherAccessKey, o.OtherSecretKey}}, Actions: []string{"Read:elsewhere", "List:elsewhere"}},
	}})
}

// weedPorts picks HTTP ports for the five servers `weed mini` runs; each also listens on port+10000
// for gRPC, so both must be free.
func weedPorts() ([]int, error) {
	var ports []int
	taken := map[int]bool{}
	for tries := 0; len(ports) < 5; tries++ {
		if tries > 200 {
			return nil, fmt.Errorf("no free port pairs (p, p+10000) for SeaweedFS")
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		p := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if p+10000 > 65535 || taken[p] || taken[p+10000] || !portFree(p+10000) {
			continue
		}
		taken[p], taken[p+10000] = true, true
		ports = append(ports, p)
	}
	return ports, nil
}

func portFree(p int) bool {
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
	if err != nil {
		return false
	}
	l.Close()
	return true
}

func (o *ObjectStore) start(bin string, parentPID int) error {
	ctx, cancel := context.WithTimeout(context.Background(), objectStoreStartTimeout)
	defer cancel()
	cfg, err := o.s3Identities()
	if err != nil {
		return err
	}
	cfgPath := filepath.Join(o.Dir, "s3.json")
	if err := os.WriteFile(cfgPath, cfg, 0o600); err != nil {
		return err
	}
	logPath := filepath.Join(o.Dir, "weed.log")
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		ports, err := weedPorts()
		if err != nil {
			return err
		}
		o.Endpoint = fmt.Sprintf("http://127.0.0.1:%d", ports[3])
		logf, err := os.Create(logPath)
		if err != nil {
			return err
		}
		// -logdir keeps glog's files out of /tmp.
		args := []string{bin, "-logdir=" + o.Dir, "mini", "-dir=" + filepath.Join(o.Dir, "data"), "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
			"-master.port=" + strconv.Itoa(ports[0]), "-volume.port=" + strconv.Itoa(ports[1]),
			"-filer.port=" + strconv.Itoa(ports[2]), "-s3.port=" + strconv.Itoa(ports[3]),
			"-admin.port=" + strconv.Itoa(ports[4]), "-admin.port.legacy=0", "-admin.ui=false",
			"-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
			"-s3.config=" + cfgPath, "-bucket=" + o.Bucket}
		// The same watcher as PostgreSQL's: a new process group that dies with parentPID.
		cmd := exec.Command("bash", append([]string{"-c", pgWatcher, "_", o.Dir, strconv.Itoa(parentPID)}, args...)...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, logf, logf
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		err = cmd.Start()
		logf.Close()
		if err != nil {
			return fmt.Errorf("starting SeaweedFS: %w", err)
		}
		o.cmd, o.done = cmd, make(chan struct{})
		go func(done chan struct{}) { _ = cmd.Wait(); close(done) }(o.done)
		if lastErr = o.waitReady(ctx); lastErr == nil {
			return nil
		}
		o.kill()
		log, _ := os.ReadFile(logPath)
		if !strings.Contains(string(log), "address already in use") {
			return lastErr
		}
	}
	return lastErr
}

// Client is an S3 client for the admin identity, for tests that put or look at objects.
func (o *ObjectStore) Client() *s3.Client {
	return o.ClientWith(o.AccessKey, o.SecretKey)
}

// ClientWith is an S3 client with the given keys.
func (o *ObjectStore) ClientWith(key, secret string) *s3.Client {
	return s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(o.Endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(key, secret, ""),
	})
}

// waitReady polls until the bucket answers a signed HeadBucket, the server exits, or ctx ends.
func (o *ObjectStore) waitReady(ctx context.Context) error {
	c := o.Client()
	var err error
	for {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err = c.HeadBucket(rctx, &s3.HeadBucketInput{Bucket: aws.String(o.Bucket)})
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-o.done:
			log, _ := os.ReadFile(filepath.Join(o.Dir, "weed.log"))
			return fmt.Errorf("SeaweedFS exited during startup; weed.log:\n%s", tail(string(log), 3000))
		case <-ctx.Done():
			log, _ := os.ReadFile(filepath.Join(o.Dir, "weed.log"))
			return fmt.Errorf("SeaweedFS did not serve bucket %s within %s (last try: %v); weed.log:\n%s",
				o.Bucket, objectStoreStartTimeout, err, tail(string(log), 3000))
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// Env is what a process needs to reach the object server as MLflow's S3 code and the AWS SDKs
// read it (the seed's docker-compose sets the same variables).
func (o *ObjectStore) Env() []string {
	return []string{"MLFLOW_S3_ENDPOINT_URL=" + o.Endpoint, "AWS_ACCESS_KEY_ID=" + o.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + o.SecretKey, "AWS_DEFAULT_REGION=us-east-1"}
}

// ArtifactRoot is s3://mlflow-artifacts/experiments, or under a sub-prefix when given.
func (o *ObjectStore) ArtifactRoot(sub string) string {
	root := "s3://" + o.Bucket + "/" + ArtifactPrefix
	if sub != "" {
		root += "/" + sub
	}
	return root
}

func (o *ObjectStore) kill() { killGroup(o.cmd, o.done) }

// Pause stops the server's processes (SIGSTOP) so requests hang as on a dead network path;
// Resume continues them. For fault tests.
func (o *ObjectStore) Pause() error { return syscall.Kill(-o.cmd.Process.Pid, syscall.SIGSTOP) }

// Crash kills the server's processes at once (SIGKILL), as a machine losing power would: open
// connections are cut mid-transfer. Stop still cleans up after it.
func (o *ObjectStore) Crash() { o.kill() }

// Resume continues a paused server.
func (o *ObjectStore) Resume() error { return syscall.Kill(-o.cmd.Process.Pid, syscall.SIGCONT) }

// Stop shuts the server down (SIGINT, then KILL after 10 s) and removes its directory. Idempotent.
func (o *ObjectStore) Stop() {
	o.stopOnce.Do(func() {
		if o.cmd != nil && o.cmd.Process != nil {
			_ = syscall.Kill(-o.cmd.Process.Pid, syscall.SIGCONT)
			_ = o.cmd.Process.Signal(syscall.SIGINT)
			select {
			case <-o.done:
			case <-time.After(10 * time.Second):
				fmt.Fprintf(os.Stderr, "testenv: SeaweedFS in %s ignored SIGINT for 10 s; killing it\n", o.Dir)
			}
			o.kill()
		}
		os.RemoveAll(o.Dir)
	})
}

// NewObjectStore starts a private object server for one test and stops it at cleanup (gated like
// every integration helper; a failure to build or start it fails the test).
func NewObjectStore(t testing.TB) *ObjectStore {
	t.Helper()
	gate(t)
	o, err := StartObjectStore(os.Getpid())
	if err != nil {
		t.Fatalf("starting the object server: %v", err)
	}
	t.Cleanup(o.Stop)
	return o
}
