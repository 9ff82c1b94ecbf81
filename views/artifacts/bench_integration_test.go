package artifacts

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"mltui/client"
	"mltui/client/rest"
	"mltui/termimage"
	"mltui/testenv"
	"mltui/theme"
	"mltui/views/components/picture"
)

// benchLogScript logs a folder as a run's artifacts through the server's proxy; it prints the
// run ID and its artifact URI.
const benchLogScript = `
import sys, mlflow
mlflow.set_tracking_uri(sys.argv[1])
mlflow.set_experiment("preview-bench")
with mlflow.start_run() as run:
    mlflow.log_artifacts(sys.argv[2])
print(run.info.run_id, run.info.artifact_uri)
`

// pyDownloadScript times mlflow.artifacts.download_artifacts of one file, N times, each into a
// fresh folder; it prints one duration in ms per line (start-up and import left out).
const pyDownloadScript = `
import sys, time, tempfile, mlflow
mlflow.set_tracking_uri(sys.argv[1])
for _ in range(int(sys.argv[4])):
    d = tempfile.mkdtemp()
    t = time.perf_counter()
    mlflow.artifacts.download_artifacts(run_id=sys.argv[2], artifact_path=sys.argv[3], dst_path=d)
    print((time.perf_counter() - t) * 1000)
`

// noisePNG is a w×h PNG of random pixels: it does not compress, so its size is about 3·w·h.
func noisePNG(b *testing.B, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkIntegrationPreview is the time to the first preview over REST (a real server's
// artifact proxy), side by side in one run with the MLflow Python client's download of the same
// file and curl's: a 1 MB text file (its first 256 KiB read, rendered) and a 2 MB PNG (read
// whole, decoded, drawn as half blocks for a 60×30 pane); and the memory of previewing a 200 MB
// log (B/op: bounded by the preview, not the file). Run with -benchtime 1x -count N;
// bench/preview.sh prints the medians.
func BenchmarkIntegrationPreview(b *testing.B) {
	srv := testenv.Server(b)
	dir := b.TempDir()
	var text bytes.Buffer
	for i := 0; text.Len() < 1<<20; i++ {
		fmt.Fprintf(&text, "step %d loss %.6f\n", i, 1/float64(i+1))
	}
	pngBytes := noisePNG(b, 836, 836) // ≈ 2 MB
	var big bytes.Buffer
	for big.Len() < 200<<20 {
		big.Write(text.Bytes())
	}
	for name, data := range map[string][]byte{"train.log": text.Bytes(), "noise.png": pngBytes, "big.log": big.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fields := strings.Fields(lastLine(testenv.PythonEnv(b, srv.Env(), "-c", benchLogScript, srv.URL, dir)))
	runID, artifactURI := fields[0], fields[1]
	b.Logf("text %d B, png %d B, big %d B; run %s", text.Len(), len(pngBytes), big.Len(), runID)

	s, err := rest.OpenStore(srv.URL, func(string) string { return "" }, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	set := client.FileSet{RunID: runID}
	styles := &theme.New(theme.ModeDark).Styles

	// What previewSelected does in its Cmd, then what View draws.
	head := func(p string) preview {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		f, err := set.Open(ctx, s, p, 0, previewLimit)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		h, err := io.ReadAll(io.LimitReader(f, previewLimit))
		if err != nil {
			b.Fatal(err)
		}
		return preview{Path: p, Size: f.Size, Head: h}
	}
	b.Run("mltui-text-1MB", func(b *testing.B) {
		for range b.N {
			if lines := render(head("train.log"), styles, 60, 30); !strings.Contains(lines[1], "showing the first") {
				b.Fatalf("preview: %q", lines[:2])
			}
		}
	})
	b.Run("mltui-png-2MB", func(b *testing.B) {
		for range b.N {
			pv := head("noise.png")
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			pic := picture.Read(ctx, func(ctx context.Context, off, n int64) (*client.ArtifactFile, error) {
				return set.Open(ctx, s, "noise.png", off, n)
			}, pv.Head, pv.Size, termimage.HalfBlocks, color.RGBA{A: 255})
			cancel()
			if !pic.Drawable() || pic.W != 836 {
				b.Fatalf("picture: %+v", pic.Err)
			}
			c, r := termimage.Fit(pic.Img.Rect.Dx(), pic.Img.Rect.Dy(), 60, 30)
			if len(termimage.HalfBlockLines(pic.Img, c, r, color.RGBA{A: 255})) != r {
				b.Fatal("drawing")
			}
		}
	})
	b.Run("mltui-log-200MB", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			render(head("big.log"), styles, 60, 30)
		}
	})
	for _, c := range []struct{ name, path string }{{"python-text-1MB", "train.log"}, {"python-png-2MB", "noise.png"}} {
		b.Run(c.name, func(b *testing.B) {
			out := testenv.PythonEnv(b, srv.Env(), "-c", pyDownloadScript, srv.URL, runID, c.path, strconv.Itoa(b.N))
			var total float64
			n := 0
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if v, err := strconv.ParseFloat(strings.TrimSpace(l), 64); err == nil {
					total += v
					n++
				}
			}
			if n != b.N {
				b.Fatalf("the Python client timed %d downloads, want %d:\n%s", n, b.N, out)
			}
			b.ReportMetric(total/float64(n), "ms-in-python/op")
		})
	}
	// curl of the proxy's download endpoint for the same file.
	rel := strings.TrimPrefix(artifactURI, "mlflow-artifacts:")
	for _, c := range []struct{ name, path string }{{"curl-text-1MB", "train.log"}, {"curl-png-2MB", "noise.png"}} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				out, err := exec.Command("curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{size_download}",
					srv.URL+"/api/2.0/mlflow-artifacts/artifacts"+rel+"/"+c.path).Output()
				if err != nil || out == nil {
					b.Fatalf("curl: %v", err)
				}
			}
		})
	}
}

func lastLine(s string) string {
	ls := strings.Split(strings.TrimSpace(s), "\n")
	return ls[len(ls)-1]
}
