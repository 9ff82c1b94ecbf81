package cmdline

import (
	"reflect"
	"testing"
)

func TestCompleteCommands(t *testing.T) {
	if got := Complete("", Sources{}); len(got) != len(Commands) {
		t.Fatalf("empty input should list every command, got %v", got)
	}
	if got := Complete("ru", Sources{}); !reflect.DeepEqual(got, []string{"runs "}) {
		t.Errorf("ru → %v", got)
	}
	// An alias completes to the canonical name.
	if got := Complete("cont", Sources{}); !reflect.DeepEqual(got, []string{"ctx "}) {
		t.Errorf("cont → %v", got)
	}
	if got := Complete("zz", Sources{}); len(got) != 0 {
		t.Errorf("zz → %v", got)
	}
}

func TestCompleteArguments(t *testing.T) {
	src := Sources{
		Experiments: []string{"iris-classification", "epoch-curves", "Default", "my-iris"},
		Profiles:    []string{"prod", "local"},
	}
	got := Complete("runs ir", src)
	want := []string{"runs iris-classification", "runs my-iris"} // prefix before substring
	if !reflect.DeepEqual(got, want) {
		t.Errorf("runs ir → %v, want %v", got, want)
	}
	if got := Complete("runs DEF", src); !reflect.DeepEqual(got, []string{"runs Default"}) {
		t.Errorf("case-insensitive: %v", got)
	}
	if got := Complete("ctx p", src); !reflect.DeepEqual(got, []string{"ctx prod"}) {
		t.Errorf("ctx p → %v", got)
	}
	if got := Complete("exp x", src); len(got) != 0 {
		t.Errorf("exp takes no argument: %v", got)
	}
}

func TestParse(t *testing.T) {
	p, ok := Parse(":runs  iris-classification ")
	if !ok || p.Cmd.Name != "runs" || p.Arg != "iris-classification" {
		t.Errorf("parse runs: %+v %v", p, ok)
	}
	p, ok = Parse("quit")
	if !ok || p.Cmd.Name != "q" {
		t.Errorf("parse quit: %+v %v", p, ok)
	}
	if _, ok := Parse("frobnicate"); ok {
		t.Error("unknown command parsed")
	}
	if _, ok := Parse("  "); ok {
		t.Error("blank parsed")
	}
	// Names with spaces survive as the argument.
	p, _ = Parse("runs my experiment")
	if p.Arg != "my experiment" {
		t.Errorf("arg with spaces: %q", p.Arg)
	}
}
