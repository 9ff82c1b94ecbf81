package sshserve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func newKey(t *testing.T) (gossh.Signer, gossh.PublicKey) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sg, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return sg, sg.PublicKey()
}

func writeAuthorized(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "authorized_keys")
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func authLine(pk gossh.PublicKey, comment string) string {
	return string(bytes.TrimSpace(gossh.MarshalAuthorizedKey(pk))) + " " + comment
}

func TestAuthorizedKeys(t *testing.T) {
	_, alice := newKey(t)
	_, bob := newKey(t)
	_, eve := newKey(t)
	p := writeAuthorized(t, "# team", authLine(alice, "alice@laptop"), "garbage line", authLine(bob, "bob@desk"))
	ks, err := LoadAuthorizedKeys(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ks) != 2 {
		t.Fatalf("keys = %d, want 2", len(ks))
	}
	a, ok := ks.Lookup(alice)
	if !ok || a.Comment != "alice@laptop" || a.Fingerprint != gossh.FingerprintSHA256(alice) {
		t.Fatalf("alice = %+v, %v", a, ok)
	}
	if _, ok := ks.Lookup(eve); ok {
		t.Fatal("an unknown key was accepted")
	}
	b, _ := ks.Lookup(bob)
	writers := []string{gossh.FingerprintSHA256(alice)}
	if !IsWriter(a, writers) || IsWriter(b, writers) {
		t.Fatal("writer by fingerprint: alice writes, bob reads")
	}
	if !IsWriter(b, []string{"bob@desk"}) || IsWriter(a, []string{"bob@desk"}) {
		t.Fatal("writer by comment: bob writes, alice reads")
	}
	if IsWriter(Key{Fingerprint: "SHA256:x"}, []string{""}) {
		t.Fatal("an empty comment matched an empty writer entry")
	}
	if _, err := LoadAuthorizedKeys(writeAuthorized(t, "# nobody")); err == nil {
		t.Fatal("a file without keys was accepted")
	}
}

func TestHostKeyGeneratedOnceAndReused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "data", "mltui", "ssh_host_ed25519_key")
	first, err := EnsureHostKey(p)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, want 0600", fi.Mode().Perm())
	}
	sg, err := gossh.ParsePrivateKey(first)
	if err != nil {
		t.Fatal(err)
	}
	if sg.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("host key type %s", sg.PublicKey().Type())
	}
	second, err := EnsureHostKey(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatal("the host key was regenerated")
	}
}
