package artifacts_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"mltui/client"
	"mltui/client/artifacts"
	"mltui/testenv"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// storeEnv is the environment of a user set up like the seed's docker-compose.
func storeEnv(o *testenv.ObjectStore) map[string]string {
	m := map[string]string{}
	for _, kv := range o.Env() {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

func put(t *testing.T, o *testenv.ObjectStore, key string, body []byte) {
	t.Helper()
	if _, err := o.Client().PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(o.Bucket), Key: aws.String(key), Body: bytes.NewReader(body)}); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
}

// TestIntegrationS3ReadsAndFailures reads a root on a real S3-compatible
// server (SeaweedFS) with the standard AWS settings, and provokes each
// failure the doctor diagnoses, expecting a typed error whose message says
// what to do and never holds a secret.
func TestIntegrationS3ReadsAndFailures(t *testing.T) {
	o := testenv.NewObjectStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	root := o.ArtifactRoot("1/run1/artifacts")
	png := bytes.Repeat([]byte("\x89PNG-0123456789"), 100)
	put(t, o, "experiments/1/run1/artifacts/plots/cm.png", png)
	put(t, o, "experiments/1/run1/artifacts/model/MLmodel", []byte("flavors: {}\n"))
	put(t, o, "experiments/1/run1/artifacts/notes.txt", []byte("hello"))

	t.Run("reads", func(t *testing.T) {
		r, err := artifacts.NewS3Session(env(storeEnv(o)), t.TempDir()).Root(root)
		if err != nil {
			t.Fatal(err)
		}
		top, err := r.List(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range top {
			names = append(names, f.Path)
		}
		if strings.Join(names, ",") != "model,notes.txt,plots" || !top[0].IsDir || top[1].FileSize != 5 {
			t.Fatalf("root listing %+v", top)
		}
		sub, err := r.List(ctx, "plots")
		if err != nil || len(sub) != 1 || sub[0].Path != "plots/cm.png" || sub[0].FileSize != int64(len(png)) {
			t.Fatalf("plots: %+v %v", sub, err)
		}
		f, err := r.Open(ctx, "plots/cm.png", 100, 50)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(b, png[100:150]) || f.Size != int64(len(png)) {
			t.Fatalf("ranged read: %d bytes, size %d", len(b), f.Size)
		}
		if _, err := r.Open(ctx, "plots/none.png", 0, -1); client.KindOf(err) != client.KindNotFound {
			t.Fatalf("missing key: %v", err)
		}
	})

	// A shared credentials file and a named profile, no keys in the environment.
	t.Run("profile", func(t *testing.T) {
		home := t.TempDir()
		creds := home + "/creds"
		if err := writeFile(creds, "[other]\naws_access_key_id = "+o.AccessKey+"\naws_secret_access_key = "+o.SecretKey+"\n"); err != nil {
			t.Fatal(err)
		}
		sess := artifacts.NewS3Session(env(map[string]string{"AWS_PROFILE": "other", "AWS_SHARED_CREDENTIALS_FILE": creds,
			"AWS_CONFIG_FILE": home + "/none", "AWS_ENDPOINT_URL": o.Endpoint}), home)
		src, err := sess.CredentialSource(ctx)
		if err != nil || !strings.Contains(src, creds) || !strings.Contains(src, "other") || strings.Contains(src, o.SecretKey) {
			t.Fatalf("credential source %q, %v", src, err)
		}
		r, _ := sess.Root(root)
		if _, err := r.List(ctx, ""); err != nil {
			t.Fatalf("list with the profile: %v", err)
		}
	})

	failures := []struct {
		name  string
		env   func(map[string]string)
		root  string
		setup func(*artifacts.S3Session)
		kind  client.ErrorKind
		code  string
		say   string
	}{
		{"wrong access key", func(m map[string]string) { m["AWS_ACCESS_KEY_ID"] = "AKIANOBODY" }, root, nil,
			client.KindUnauthenticated, artifacts.CodeInvalidAccessKeyID, "AWS_ACCESS_KEY_ID"},
		{"wrong secret", func(m map[string]string) { m["AWS_SECRET_ACCESS_KEY"] = "not-the-secret" }, root, nil,
			client.KindUnauthenticated, artifacts.CodeSignatureDoesNotMatch, "AWS_SECRET_ACCESS_KEY"},
		{"access denied", func(m map[string]string) {
			m["AWS_ACCESS_KEY_ID"], m["AWS_SECRET_ACCESS_KEY"] = o.OtherAccessKey, o.OtherSecretKey
		}, root, nil, client.KindPermissionDenied, artifacts.CodeAccessDenied, "s3:ListBucket"},
		{"no such bucket", nil, "s3://no-such-bucket/experiments", nil,
			client.KindNotFound, artifacts.CodeNoSuchBucket, "no-such-bucket"},
		{"wrong endpoint", func(m map[string]string) { m["MLFLOW_S3_ENDPOINT_URL"] = "http://127.0.0.1:1" }, root, nil,
			client.KindUnavailable, "", "MLFLOW_S3_ENDPOINT_URL"},
		{"clock skew", nil, root, func(s *artifacts.S3Session) { s.ClockOffset = -time.Hour },
			client.KindUnauthenticated, artifacts.CodeTimeTooSkewed, "clock"},
		{"no credentials", func(m map[string]string) {
			delete(m, "AWS_ACCESS_KEY_ID")
			delete(m, "AWS_SECRET_ACCESS_KEY")
			m["AWS_EC2_METADATA_DISABLED"] = "true"
		}, root, nil, client.KindUnauthenticated, artifacts.CodeNoCredentials, "AWS_ACCESS_KEY_ID"},
	}
	for _, f := range failures {
		t.Run(f.name, func(t *testing.T) {
			m := storeEnv(o)
			if f.env != nil {
				f.env(m)
			}
			home := t.TempDir()
			m["AWS_SHARED_CREDENTIALS_FILE"], m["AWS_CONFIG_FILE"] = home+"/none", home+"/none"
			sess := artifacts.NewS3Session(env(m), home)
			if f.setup != nil {
				f.setup(sess)
			}
			r, err := sess.Root(f.root)
			if err != nil {
				t.Fatal(err)
			}
			_, err = r.List(ctx, "")
			var ce *client.Error
			if !errors.As(err, &ce) || ce.Kind != f.kind || ce.Code != f.code {
				t.Fatalf("got %v (%#v), want kind %s code %q", err, err, f.kind, f.code)
			}
			if !strings.Contains(err.Error(), f.say) {
				t.Errorf("message %q does not say %q", err.Error(), f.say)
			}
			if strings.Contains(err.Error(), o.SecretKey) || strings.Contains(err.Error(), o.OtherSecretKey) {
				t.Errorf("message leaks a secret: %q", err.Error())
			}
			t.Logf("%s: %v", f.name, err)
		})
	}
}

// TestIntegrationS3ServerStoppedMidRead: an object server that stops
// answering while a file streams fails the read (no silent short file).
func TestIntegrationS3ServerStoppedMidRead(t *testing.T) {
	o := testenv.NewObjectStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	big := bytes.Repeat([]byte("0123456789abcdef"), 4<<20/16*8) // 32 MiB
	put(t, o, "experiments/big/artifacts/weights.bin", big)
	r, err := artifacts.NewS3Session(env(storeEnv(o)), t.TempDir()).Root(o.ArtifactRoot("big/artifacts"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := r.Open(ctx, "weights.bin", 0, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	if _, err := io.ReadFull(f, buf); err != nil {
		t.Fatal(err)
	}
	o.Stop()
	n, err := io.Copy(io.Discard, f)
	total := int64(len(buf)) + n
	// Either the read fails, or every byte arrived (a client may have
	// buffered the rest before the server went): never a short file that
	// looks whole.
	if err == nil && total != int64(len(big)) {
		t.Fatalf("read %d of %d bytes and no error after the server stopped", total, len(big))
	}
	t.Logf("after the stop: %d of %d bytes, error %v", total, len(big), err)
}

func writeFile(p, s string) error { return os.WriteFile(p, []byte(s), 0o600) }
