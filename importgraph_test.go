package main

import (
	"os/exec"
	"path"
	"strings"
	"testing"
)

// deps lists what a package pulls in, by import path.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

// The shipped binary holds no test scaffolding (fixture stores, golden
// sessions), and the theme depends on nothing of ours, so every layer may
// use it.
func TestImportGraph(t *testing.T) {
	bin := deps(t, ".")
	if len(bin) < 50 || !contains(bin, "mltui/tui") {
		t.Fatalf("go list found too little: %d packages", len(bin))
	}
	for _, p := range bin {
		if strings.HasPrefix(p, "mltui/") && strings.HasSuffix(path.Base(p), "test") {
			t.Errorf("the binary imports test scaffolding %s", p)
		}
	}
	for _, p := range deps(t, "./theme") {
		if strings.HasPrefix(p, "mltui/") && p != "mltui/theme" {
			t.Errorf("theme imports %s", p)
		}
	}
	for _, p := range deps(t, "./format") {
		if strings.HasPrefix(p, "mltui/") && p != "mltui/format" {
			t.Errorf("format imports %s", p)
		}
	}
	cli, err := exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "./cli").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Fields(string(cli)) {
		if strings.HasPrefix(p, "mltui/views/") {
			t.Errorf("cli imports the screen package %s", p)
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
