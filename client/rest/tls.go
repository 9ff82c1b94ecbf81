package rest

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
)

// tlsConfig builds certificate handling from the config: a CA bundle (a PEM
// file, or a directory of them, as requests accepts), a client certificate
// (one PEM holding certificate and key, as requests' cert=path), or no
// verification at all.
func tlsConfig(c Config) (*tls.Config, error) {
	t := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.InsecureTLS {
		t.InsecureSkipVerify = true // the user asked: MLFLOW_TRACKING_INSECURE_TLS
	}
	if c.ServerCertPath != "" {
		pool, err := loadCABundle(c.ServerCertPath)
		if err != nil {
			return nil, fmt.Errorf("MLFLOW_TRACKING_SERVER_CERT_PATH: %w", err)
		}
		t.RootCAs = pool
	}
	if c.ClientCertPath != "" {
		b, err := os.ReadFile(c.ClientCertPath)
		if err != nil {
			return nil, fmt.Errorf("MLFLOW_TRACKING_CLIENT_CERT_PATH: %w", err)
		}
		cert, err := tls.X509KeyPair(b, b)
		if err != nil {
			return nil, fmt.Errorf("MLFLOW_TRACKING_CLIENT_CERT_PATH %s: want one PEM file holding the certificate and its private key: %w", c.ClientCertPath, err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	return t, nil
}

func loadCABundle(path string) (*x509.CertPool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	files := []string{path}
	if fi.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, err
		}
		files = files[:0]
		for _, e := range entries {
			if !e.IsDir() {
				files = append(files, filepath.Join(path, e.Name()))
			}
		}
	}
	pool := x509.NewCertPool()
	added := false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		if pool.AppendCertsFromPEM(b) {
			added = true
		}
	}
	if !added {
		return nil, fmt.Errorf("%s: no PEM certificates found", path)
	}
	return pool, nil
}
