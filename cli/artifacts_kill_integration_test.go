package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"mltui/testenv"
)

// TestIntegrationArtifactsGetKilled kills `mltui artifacts get` itself (SIGKILL, as an OOM killer
// or a closed laptop would) in the middle of a 256 MB download from a real object server: nothing
// is at the target afterwards — only the hidden temporary file beside it, which a next get does
// not mind — and the next get saves the whole file.
func TestIntegrationArtifactsGetKilled(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 16<<20) // 256 MB
	o := testenv.NewObjectStore(t)
	srv := testenv.Server(t)
	expID := createExperiment(t, srv.URL, "get-killed", o.ArtifactRoot("killed"))
	isolateAWS(t)
	runID, runURI := createRun(t, srv.URL, expID)
	putArtifact(t, o, runURI, "weights/big.bin", big)

	bin := filepath.Join(t.TempDir(), "mltui")
	if out, err := exec.Command("go", "build", "-C", filepath.Dir(testenv.Dir()), "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env := os.Environ()
	for k, v := range s3Env(t, o, srv.URL) {
		env = append(env, k+"="+v)
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "big.bin")
	get := exec.Command(bin, "artifacts", "get", runID, "weights/big.bin", "-o", dest)
	get.Env = env
	var stderr bytes.Buffer
	get.Stderr = &stderr
	if err := get.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- get.Wait() }()
	var killedAt int64 = -1
	deadline := time.After(3 * time.Minute)
	for killedAt < 0 {
		select {
		case err := <-exited:
			t.Fatalf("the download ended (%v) before it could be killed: %s", err, stderr.String())
		case <-deadline:
			t.Fatal("no temporary file grew to 8 MB in 3 minutes")
		case <-time.After(2 * time.Millisecond):
		}
		parts, _ := filepath.Glob(filepath.Join(dir, ".big.bin.part-*"))
		if len(parts) == 1 {
			if fi, err := os.Stat(parts[0]); err == nil && fi.Size() >= 8<<20 {
				if err := get.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				killedAt = fi.Size()
			}
		}
	}
	<-exited
	t.Logf("killed with %d of %d bytes in the temporary file", killedAt, len(big))
	if _, err := os.Lstat(dest); !os.IsNotExist(err) {
		t.Fatalf("something is at the target after the kill: %v", err)
	}
	// The next get saves it whole.
	again := exec.Command(bin, "artifacts", "get", runID, "weights/big.bin", "-o", dest)
	again.Env = env
	if out, err := again.CombinedOutput(); err != nil {
		t.Fatalf("get after the kill: %v: %s", err, out)
	}
	if b, err := os.ReadFile(dest); err != nil || !bytes.Equal(b, big) {
		t.Fatalf("saved %d bytes (%v), want the %d logged", len(b), err, len(big))
	}
}
