package rest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mltui/client"
)

func tlsServer(t *testing.T, clientAuth tls.ClientAuthType) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if clientAuth != tls.NoClientCert && len(r.TLS.PeerCertificates) == 0 {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"experiment":{"experiment_id":"1","name":"tls"}}`))
	}))
	srv.TLS = &tls.Config{ClientAuth: clientAuth}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are expected here
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func writeServerCA(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ca.pem")
	b := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeClientPEM writes a self-signed certificate and its key into one file,
// the form MLFLOW_TRACKING_CLIENT_CERT_PATH takes.
func writeClientPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mltui-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	b := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})...)
	p := filepath.Join(t.TempDir(), "client.pem")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func tlsClient(t *testing.T, srvURL string, env map[string]string) (*Client, error) {
	t.Helper()
	cfg, err := ConfigFromEnv(srvURL, envMap(env), "")
	if err != nil {
		return nil, err
	}
	cfg.MaxRetries = 0
	return New(cfg)
}

func TestTLSVerification(t *testing.T) {
	srv := tlsServer(t, tls.NoClientCert)
	ctx := context.Background()

	c, err := tlsClient(t, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetExperiment(ctx, "1")
	if client.KindOf(err) != client.KindUnavailable || !strings.Contains(err.Error(), "MLFLOW_TRACKING_SERVER_CERT_PATH") {
		t.Fatalf("untrusted certificate: err = %v", err)
	}

	c, err = tlsClient(t, srv.URL, map[string]string{"MLFLOW_TRACKING_SERVER_CERT_PATH": writeServerCA(t, srv)})
	if err != nil {
		t.Fatal(err)
	}
	if e, err := c.GetExperiment(ctx, "1"); err != nil || e.Name != "tls" {
		t.Fatalf("custom CA: %v %v", e, err)
	}

	// A directory of PEM files works as a bundle too.
	dir := filepath.Dir(writeServerCA(t, srv))
	c, err = tlsClient(t, srv.URL, map[string]string{"MLFLOW_TRACKING_SERVER_CERT_PATH": dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetExperiment(ctx, "1"); err != nil {
		t.Fatalf("CA directory: %v", err)
	}

	c, err = tlsClient(t, srv.URL, map[string]string{"MLFLOW_TRACKING_INSECURE_TLS": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetExperiment(ctx, "1"); err != nil {
		t.Fatalf("insecure: %v", err)
	}
}

func TestTLSClientCertificate(t *testing.T) {
	srv := tlsServer(t, tls.RequireAnyClientCert)
	ca := writeServerCA(t, srv)
	c, err := tlsClient(t, srv.URL, map[string]string{"MLFLOW_TRACKING_SERVER_CERT_PATH": ca, "MLFLOW_TRACKING_CLIENT_CERT_PATH": writeClientPEM(t)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetExperiment(context.Background(), "1"); err != nil {
		t.Fatalf("with client cert: %v", err)
	}
	// A PEM with only a certificate (no key) is refused up front.
	if _, err := tlsClient(t, srv.URL, map[string]string{"MLFLOW_TRACKING_CLIENT_CERT_PATH": ca}); err == nil ||
		!strings.Contains(err.Error(), "private key") {
		t.Fatalf("cert without key: err = %v", err)
	}
	// A file with no certificates at all is refused as a CA bundle.
	empty := filepath.Join(t.TempDir(), "empty.pem")
	_ = os.WriteFile(empty, []byte("not a pem"), 0o600)
	if _, err := tlsClient(t, srv.URL, map[string]string{"MLFLOW_TRACKING_SERVER_CERT_PATH": empty}); err == nil ||
		!strings.Contains(err.Error(), "no PEM certificates") {
		t.Fatalf("empty bundle: err = %v", err)
	}
}

func TestHTTPSToPlainPort(t *testing.T) {
	srv := newScripted(t, jsonReply(200, `{}`))
	c, err := tlsClient(t, strings.Replace(srv.URL, "http://", "https://", 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetExperiment(context.Background(), "1")
	if client.KindOf(err) != client.KindUnavailable || !strings.Contains(err.Error(), "does not speak TLS") {
		t.Fatalf("err = %v", err)
	}
}
