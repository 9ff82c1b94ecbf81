// Package sshserve serves the dashboard over SSH: one tui program per
// session, on that session's PTY, authenticated by public key against an
// authorized_keys file, read-only unless the key is a listed writer.
package sshserve

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// Key is one authorized key.
type Key struct {
	Fingerprint string // SHA256:…
	Comment     string
}

// Keys are the keys of an authorized_keys file, by fingerprint.
type Keys map[string]Key

// LoadAuthorizedKeys reads an authorized_keys file. Lines that do not
// parse are skipped; a file without a single key is an error.
func LoadAuthorizedKeys(path string) (Keys, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ks := Keys{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pk, comment, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			continue
		}
		fp := gossh.FingerprintSHA256(pk)
		ks[fp] = Key{Fingerprint: fp, Comment: comment}
	}
	if len(ks) == 0 {
		return nil, fmt.Errorf("%s: no public keys", path)
	}
	return ks, nil
}

// Lookup is the authorized key pk is, if it is one.
func (ks Keys) Lookup(pk gossh.PublicKey) (Key, bool) {
	k, ok := ks[gossh.FingerprintSHA256(pk)]
	return k, ok
}

// IsWriter reports whether k is listed in writers by fingerprint or by
// its authorized_keys comment.
func IsWriter(k Key, writers []string) bool {
	for _, w := range writers {
		if w == k.Fingerprint || (k.Comment != "" && w == k.Comment) {
			return true
		}
	}
	return false
}

// EnsureHostKey generates an ed25519 host key at path (0600, its folder
// 0700) unless one is there, and returns its PEM.
func EnsureHostKey(path string) ([]byte, error) {
	if b, err := os.ReadFile(path); err == nil {
		if _, err := gossh.ParsePrivateKey(b); err != nil {
			return nil, fmt.Errorf("host key %s: %w", path, err)
		}
		return b, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	blk, err := gossh.MarshalPrivateKey(priv, "mltui host key")
	if err != nil {
		return nil, err
	}
	b := pem.EncodeToMemory(blk)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return nil, err
	}
	return b, nil
}

func gosshFingerprint(pk gossh.PublicKey) string { return gossh.FingerprintSHA256(pk) }
