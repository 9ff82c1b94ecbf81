package filestore

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// testdata/mlruns was written by MLflow 3.18's own client
// (testdata/gen_mlruns.py); these are the IDs it printed.
const (
	fxExp     = "627341803050643854"
	fxDeadExp = "144710487818037408"
	fxRun1    = "7e9f65a8a0b842f1b37bb539730199f3"
	fxRun2    = "1472d959ac2b455eb3ca691ade600ef3"
	fxRunGone = "09f038fe3c734c47b9121a3534f8975c"
	fxLM      = "m-a1d51747ba3a4906af75bcf915cc1b63"
)

// copyFixture copies testdata/mlruns into a temp dir so tests can change it.
func copyFixture(t testing.TB) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "mlruns")
	err := filepath.WalkDir("testdata/mlruns", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/mlruns", p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func openFixture(t testing.TB, o Options) (*Store, string) {
	t.Helper()
	root := copyFixture(t)
	s, err := Open(root, o)
	if err != nil {
		t.Fatal(err)
	}
	return s, root
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
