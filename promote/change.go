package promote

import (
	"fmt"
	"sort"
	"strings"

	"mltui/client"
)

// FieldChange is one field that differs between the state read right before
// a write and the state read back after it. A nil Before or After means the
// field did not exist (no alias holder, no tag).
type FieldChange struct {
	Object string  `json:"object"` // "iris-classifier" or "iris-classifier v4"
	Field  string  `json:"field"`  // "alias champion", "tag approval_status", "description", "stage"
	Before *string `json:"before"`
	After  *string `json:"after"`
}

func (f FieldChange) key() string { return f.Object + "\x00" + f.Field }

// String renders "iris-classifier: alias champion v3 → v4".
func (f FieldChange) String() string {
	return fmt.Sprintf("%s: %s %s → %s", f.Object, f.Field, f.show(f.Before), f.show(f.After))
}

func (f FieldChange) show(v *string) string {
	if v == nil {
		return "(none)"
	}
	s := *v
	if strings.HasPrefix(f.Field, "alias ") {
		return "v" + s
	}
	if s == "" {
		return `""`
	}
	if n := len([]rune(s)); n > 60 {
		return fmt.Sprintf("%q… (%d chars)", string([]rune(s)[:57]), n)
	}
	return s
}

// Change is the honest report of one guarded write.
type Change struct {
	Action string `json:"action"` // what was asked, e.g. "move alias champion to v4"
	Model  string `json:"model"`
	// NoOp is set when the store already held the requested state and
	// nothing was written.
	NoOp bool `json:"no_op,omitempty"`
	// Fields is everything that differs between the read before writing
	// and the read-back after, whoever changed it.
	Fields []FieldChange `json:"changed"`
	// Unexpected lists read-back differences this write did not make, and
	// intended changes the read-back does not show: someone else wrote in
	// between, and the report says so rather than claiming the result.
	Unexpected []string `json:"unexpected,omitempty"`
	// Recorded is the alias-history entry written, if any.
	Recorded *HistoryEntry `json:"recorded,omitempty"`
	// Warnings are follow-up writes (history, provenance tags) that failed
	// after the main write succeeded.
	Warnings []string `json:"warnings,omitempty"`
}

// Lines renders the report for the CLI and the status line.
func (c Change) Lines() []string {
	var out []string
	switch {
	case c.NoOp:
		out = append(out, c.Action+": already so; nothing written")
	case len(c.Fields) == 0:
		out = append(out, c.Action+": the read-back shows no change")
	default:
		out = append(out, c.Action+":")
		for _, f := range c.Fields {
			out = append(out, "  "+f.String())
		}
	}
	if c.Recorded != nil {
		out = append(out, "  recorded in "+HistoryTag+": "+c.Recorded.String())
	}
	for _, u := range c.Unexpected {
		out = append(out, "  ! "+u)
	}
	for _, w := range c.Warnings {
		out = append(out, "  warning: "+w)
	}
	return out
}

// String is Lines joined with newlines.
func (c Change) String() string { return strings.Join(c.Lines(), "\n") }

// Snapshot is the registry state a write touches.
type Snapshot struct {
	Model    client.RegisteredModel
	Versions map[string]client.ModelVersion
}

// Diff lists every field that differs from a to b. The history tag is left
// out: its change is reported as Change.Recorded.
func Diff(a, b Snapshot) []FieldChange {
	var out []FieldChange
	model := b.Model.Name
	if model == "" {
		model = a.Model.Name
	}
	out = appendMapDiff(out, model, "alias ", aliasMap(a.Model.Aliases), aliasMap(b.Model.Aliases))
	out = appendMapDiff(out, model, "tag ", tagMap(a.Model.Tags, HistoryTag), tagMap(b.Model.Tags, HistoryTag))
	if a.Model.Description != b.Model.Description {
		out = append(out, FieldChange{Object: model, Field: "description", Before: ptr(a.Model.Description), After: ptr(b.Model.Description)})
	}
	for _, v := range versionKeys(a.Versions, b.Versions) {
		va, okA := a.Versions[v]
		vb, okB := b.Versions[v]
		if !okA || !okB {
			continue // not loaded on both sides: nothing to compare
		}
		obj := model + " v" + v
		out = appendMapDiff(out, obj, "tag ", tagMap(va.Tags, ""), tagMap(vb.Tags, ""))
		if va.CurrentStage != vb.CurrentStage {
			out = append(out, FieldChange{Object: obj, Field: "stage", Before: ptr(va.CurrentStage), After: ptr(vb.CurrentStage)})
		}
		if va.Description != vb.Description {
			out = append(out, FieldChange{Object: obj, Field: "description", Before: ptr(va.Description), After: ptr(vb.Description)})
		}
	}
	return out
}

// reconcile compares what the write meant to do with what the read-back
// shows.
func reconcile(intended, actual []FieldChange) []string {
	got := map[string]FieldChange{}
	for _, f := range actual {
		got[f.key()] = f
	}
	meant := map[string]bool{}
	var out []string
	for _, want := range intended {
		meant[want.key()] = true
		f, ok := got[want.key()]
		switch {
		case !ok && !sameValue(want.Before, want.After):
			out = append(out, fmt.Sprintf("%s: %s was written but the read-back shows it unchanged — someone may have written in between", want.Object, want.Field))
		case ok && !sameValue(f.After, want.After):
			out = append(out, fmt.Sprintf("%s: %s was written as %s but reads back as %s — someone wrote in between", want.Object, want.Field, want.show(want.After), f.show(f.After)))
		}
	}
	for _, f := range actual {
		if !meant[f.key()] {
			out = append(out, "changed by someone else meanwhile: "+f.String())
		}
	}
	return out
}

func appendMapDiff(out []FieldChange, obj, prefix string, a, b map[string]string) []FieldChange {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		va, okA := a[k]
		vb, okB := b[k]
		if okA == okB && va == vb {
			continue
		}
		f := FieldChange{Object: obj, Field: prefix + k}
		if okA {
			f.Before = ptr(va)
		}
		if okB {
			f.After = ptr(vb)
		}
		out = append(out, f)
	}
	return out
}

func aliasMap(as []client.AliasRef) map[string]string {
	m := make(map[string]string, len(as))
	for _, a := range as {
		m[a.Alias] = a.Version
	}
	return m
}

func tagMap(ts []client.Tag, skip string) map[string]string {
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		if t.Key != skip {
			m[t.Key] = t.Value
		}
	}
	return m
}

func versionKeys(a, b map[string]client.ModelVersion) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]client.ModelVersion{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool { return versionLess(keys[i], keys[j]) })
	return keys
}

// versionLess orders version strings numerically.
func versionLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func ptr(s string) *string { return &s }

func sameValue(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
