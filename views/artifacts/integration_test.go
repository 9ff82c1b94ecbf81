package artifacts_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"mltui/client/rest"
	"mltui/internal/screentest"
	"mltui/testenv"
	"mltui/views"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// logScript logs a folder's contents as a new run's artifacts with the MLflow client (through the
// server's artifact proxy) and prints the run ID.
const logScript = `
import sys, mlflow
mlflow.set_tracking_uri(sys.argv[1])
mlflow.set_experiment("artifact-viewer")
with mlflow.start_run(run_name="viewer") as run:
    mlflow.log_artifacts(sys.argv[2])
print(run.info.run_id)
`

// writeArtifacts lays out what the run logs: a 200 MB log, a folder of 10,000 files, a CSV, a
// real PNG and a corrupt one.
func writeArtifacts(t *testing.T, dir string) {
	t.Helper()
	mk := func(rel string, b []byte) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var log bytes.Buffer
	for i := 0; log.Len() < 200<<20; i++ {
		fmt.Fprintf(&log, "step %d loss %.6f\n", i, 1/float64(i+1))
	}
	mk("big/train.log", log.Bytes())
	for i := range 10000 {
		mk(fmt.Sprintf("many/shard-%05d.txt", i), []byte(fmt.Sprint(i)))
	}
	mk("preds.csv", []byte("id,label,score\n1,setosa,0.98\n2,virginica,0.71\n"))
	// Left half red, right half blue: the half blocks must show both.
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			c := color.RGBA{200, 10, 10, 255}
			if x >= 32 {
				c = color.RGBA{10, 10, 200, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	mk("plots/confusion_matrix.png", buf.Bytes())
	mk("plots/corrupt.png", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0xba, 0xad}, 64)...))
}

// The viewer on a real server's proxied artifacts, as the MLflow client logged them: the tree,
// a CSV as a table, a real and a corrupt PNG, a 200 MB log previewed from its first 256 KiB
// (without reading the rest), and a folder of 10,000 files.
func TestIntegrationViewerOnRealArtifacts(t *testing.T) {
	srv := testenv.Server(t)
	dir := t.TempDir()
	writeArtifacts(t, dir)
	start := time.Now()
	out := strings.Split(strings.TrimSpace(testenv.PythonEnv(t, srv.Env(), "-c", logScript, srv.URL, dir)), "\n")
	runID := out[len(out)-1] // after the client's own "View run at" lines
	t.Logf("the MLflow client logged 200 MB and 10,004 files in %.1f s (run %s)", time.Since(start).Seconds(), runID)

	s, err := rest.OpenStore(srv.URL, func(string) string { return "" }, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sess := screentest.Start(t, s, 120, 30, screentest.Options{Start: views.OpenMsg{Kind: views.KindArtifacts, RunIDs: []string{runID}}})
	sess.WaitFor("▸ big/", "▸ many/", "▸ plots/", "preds.csv")

	// Folders first, then files: big/, many/, plots/, preds.csv.
	sess.Keys("G")
	sess.WaitFor("CSV · 46 B", "id (int)  label (text)  score (float)", "virginica     0.71")

	// The 200 MB log: its head, and the process did not take in the whole file.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sess.Keys("g", "enter")
	sess.WaitFor("▾ big/", "train.log")
	sess.Keys("j")
	scr := sess.WaitFor("text · 200.0 MiB (showing the first 256.0 KiB)", "step 0 loss 1.000000", "step 1 loss 0.500000")
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
		t.Errorf("previewing the 200 MB file allocated %d MiB: it was read whole", got>>20)
	}
	t.Logf("200 MB log:\n%s", scr)

	// Ten thousand files in one folder: listed, the end reachable.
	sess.Keys("h", "j", "enter")
	sess.WaitFor("▾ many/", "shard-00000.txt")
	sess.Keys("G")
	scr = sess.WaitFor("shard-09999.txt", "10,004 entries", "10,002 files")
	t.Logf("10,000 files:\n%s", scr)

	// The PNGs: one is drawn in half blocks of its own colours, the corrupt one says it does not decode.
	sess.Keys("g", "j", "h", "j", "enter")
	sess.WaitFor("▾ plots/", "confusion_matrix.png")
	sess.Keys("j")
	scr = sess.WaitFor("image · ", "PNG 64×48", "▀▀▀▀▀▀▀▀")
	raw := sess.Raw()
	for _, want := range []string{"38;2;200;10;10", "48;2;200;10;10", "38;2;10;10;200", "48;2;10;10;200"} {
		if !strings.Contains(raw, want) {
			t.Errorf("the drawn PNG has no %s cell:\n%s", want, scr)
		}
	}
	sess.Keys("j")
	sess.WaitFor("corrupt.png", "an image that does not decode: ", "not drawn: ")

	// Saved with s, the plots/ folder is what the Python client downloads, byte for byte.
	sess.Keys("k", "k", "s")
	sess.WaitFor("save plots/ to plots")
	ours := filepath.Join(t.TempDir(), "plots")
	sess.Keys("ctrl+u")
	sess.Type(ours)
	sess.Keys("enter")
	sess.WaitFor("saved runs:/" + runID + "/plots/ to ") // the toast: the rest may be cut to the width
	if _, err := os.Stat(ours); err != nil {
		t.Fatalf("the toast came before the folder: %v", err)
	}
	theirs := strings.TrimSpace(testenv.PythonEnv(t, srv.Env(), "-c", downloadScript, srv.URL, runID, "plots", t.TempDir()))
	theirs = strings.Split(theirs, "\n")[len(strings.Split(theirs, "\n"))-1]
	if a, b := treeSums(t, ours), treeSums(t, theirs); len(a) != 2 || !maps.Equal(a, b) {
		t.Fatalf("saved %v, the MLflow client downloaded %v", a, b)
	}
	// Again: asked before anything is replaced.
	sess.Keys("s", "ctrl+u")
	sess.Type(ours)
	sess.Keys("enter")
	sess.WaitFor(ours + " exists: replace it? y/N")
	sess.Keys("n")
	sess.WaitFor("not saved: ")
}

// downloadScript downloads one artifact folder with the MLflow client and prints where.
const downloadScript = `
import sys, mlflow
mlflow.set_tracking_uri(sys.argv[1])
print(mlflow.artifacts.download_artifacts(run_id=sys.argv[2], artifact_path=sys.argv[3], dst_path=sys.argv[4]))
`

// treeSums is each file under root, by relative path, as its SHA-256.
func treeSums(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// m shows the run's logged models beside its artifacts (MLflow 3 keeps their files apart), on
// the seed's real server: the iris baseline run's model, its MLmodel previewed, and back.
func TestIntegrationViewerLoggedModels(t *testing.T) {
	srv := testenv.Shared(t)
	runID := srv.Summary.Run(t, "iris_baseline")
	s, err := rest.OpenStore(srv.URL, func(string) string { return "" }, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sess := screentest.Start(t, s, 120, 30, screentest.Options{Start: views.OpenMsg{Kind: views.KindArtifacts, RunIDs: []string{runID}}})
	sess.WaitFor("▸ eval/", "▸ plots/")
	sess.Keys("m")
	scr := sess.WaitFor("logged model m-", "MLmodel", "requirements.txt")
	if strings.Contains(scr, "▸ plots/") {
		t.Fatalf("the run's artifacts are still listed:\n%s", scr)
	}
	sess.Keys("g")
	sess.WaitFor("YAML · ", "flavors:")
	sess.Keys("m")
	sess.WaitFor("▸ eval/", "▸ plots/")
}
