package theme

import (
	"image/color"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestResolveMode(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	cases := []struct {
		cfg  string
		flag bool
		env  func(string) string
		want Mode
	}{
		{"", false, env(), ModeAuto},
		{"light", false, env(), ModeLight},
		{"DARK", false, env(), ModeDark},
		{"dark", true, env(), ModeNoColor},
		{"dark", false, env("NO_COLOR", "1"), ModeNoColor},
		{"none", false, env(), ModeNoColor},
	}
	for _, c := range cases {
		if got := ResolveMode(c.cfg, c.flag, c.env); got != c.want {
			t.Errorf("ResolveMode(%q, %v) = %s, want %s", c.cfg, c.flag, got, c.want)
		}
	}
}

func TestAutoFollowsBackground(t *testing.T) {
	th := New(ModeAuto)
	if !th.Dark || !th.SetBackground(false) || th.Dark || th.Palette.Name != "light" {
		t.Errorf("auto switches to light: %+v", th.Palette.Name)
	}
	fixed := New(ModeDark)
	if fixed.SetBackground(false) || !fixed.Dark {
		t.Error("an explicit theme ignores the background")
	}
}

func TestNoColorHasNoColours(t *testing.T) {
	th := New(ModeNoColor)
	out := th.Styles.StatusFailed.Render("x") + th.Styles.RowSelected.Render("y") + th.Styles.Error.Render("z")
	if want := "\x1b[1m"; len(out) == 0 || !strings.Contains(out, want) {
		t.Errorf("emphasis by attributes: %q", out)
	}
	for _, code := range []string{"38;5", "48;5", "38;2", "48;2"} {
		if strings.Contains(out, code) {
			t.Errorf("no-colour style emits colour code %s: %q", code, out)
		}
	}
	if _, ok := th.SeriesColorAt(3).(lipgloss.NoColor); !ok {
		t.Error("series have no colour in no-colour mode")
	}
}

func TestStatusGlyphsDistinct(t *testing.T) {
	seen := map[string]Status{}
	for _, st := range []Status{StatusUnknown, StatusRunning, StatusFinished, StatusFailed, StatusKilled, StatusScheduled} {
		g := st.Glyph()
		if prev, ok := seen[g]; ok {
			t.Errorf("%d and %d share glyph %s", st, prev, g)
		}
		seen[g] = st
	}
}

func TestSeriesColours(t *testing.T) {
	// Stable per run: the same ID from a fresh string gives the same slot.
	if a, b := SeriesIndex("abc"), SeriesIndex(strings.Clone("abc")); a != b {
		t.Fatalf("slot changed for the same run: %d vs %d", a, b)
	}
	ids := make([]string, SeriesCount())
	for i := range ids {
		ids[i] = string(rune('a'+i)) + "run"
	}
	slots := SeriesSlots(ids)
	used := map[int]bool{}
	for _, s := range slots {
		if used[s] {
			t.Fatalf("slots repeat within the palette size: %v", slots)
		}
		used[s] = true
	}
	if slots[0] != SeriesIndex(ids[0]) {
		t.Error("the first run keeps its hashed colour")
	}
	// Appending runs never recolours the earlier ones.
	more := SeriesSlots(append(ids[:3:3], "zzz"))
	for i := range 3 {
		if more[i] != slots[i] {
			t.Errorf("run %d recoloured", i)
		}
	}
	dark := New(ModeDark)
	var cs []color.Color
	for i := range SeriesCount() {
		cs = append(cs, dark.SeriesColorAt(i))
	}
	for i := range cs {
		for j := i + 1; j < len(cs); j++ {
			if cs[i] == cs[j] {
				t.Errorf("palette entries %d and %d are the same colour", i, j)
			}
		}
	}
}
