package keys

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func press(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

func TestDefaultsMatchTheConstructors(t *testing.T) {
	m := Defaults()
	if !reflect.DeepEqual(m.Runs(), NewRuns()) || !reflect.DeepEqual(m.Global(), NewGlobal()) ||
		!reflect.DeepEqual(m.Versions(true), NewVersions(true)) || !reflect.DeepEqual(m.Version(false), NewVersion(false)) {
		t.Fatal("Defaults differ from the New* keymaps")
	}
	var none *Map
	if !reflect.DeepEqual(none.Diff(), NewDiff()) || !none.Versions(true).ReadOnly {
		t.Fatal("a nil Map does not give the defaults")
	}
}

// Every key of every screen has one action name, and no two are the same.
func TestActionNamesAreUniqueAndCoverEveryBinding(t *testing.T) {
	m := Defaults()
	seen := map[string]bool{}
	for _, a := range m.Actions() {
		if seen[a.Name] {
			t.Errorf("action %s listed twice", a.Name)
		}
		seen[a.Name] = true
		if len(a.Bindings) == 0 {
			t.Errorf("action %s sets nothing", a.Name)
		}
	}
	for _, want := range []string{"global.quit", "nav.down", "runs.down", "runs.mark", "registry.promote", "versions.promote", "version.describe", "chart.zoom_in"} {
		if !seen[want] {
			t.Errorf("no action %s", want)
		}
	}
	if seen["dialog.yes"] {
		t.Error("dialog keys are rebindable, but the dialogs' hints are fixed text")
	}
	// A shared action sets the binding on every screen that has it.
	for _, a := range m.Actions() {
		if a.Name == "nav.down" && len(a.Bindings) != 13 { // experiments, runs, run, diff, models, versions, version, artifacts, groups, scatter, parallel, checkpoints, system
			t.Errorf("nav.down sets %d bindings, want 13", len(a.Bindings))
		}
	}
}

// The defaults' live keys do not clash anywhere: the check that guards
// rebinding holds for the shipped keymaps too.
func TestDefaultsHaveNoClashes(t *testing.T) {
	m := Defaults()
	all := map[*key.Binding]string{}
	for _, a := range m.Actions() {
		for _, b := range a.Bindings {
			all[b] = a.Name
		}
	}
	if p := clashes(m.scopes(), map[*key.Binding][]string{}, all); len(p) > 0 {
		t.Fatalf("default keys clash:\n%s", strings.Join(p, "\n"))
	}
}

func TestRebindSetsKeysAndHelp(t *testing.T) {
	m := Defaults()
	err := m.Rebind(map[string][]string{"nav.down": {"n", "down"}, "nav.up": {"u"}, "runs.up": {"e"}, "runs.mark": {"ctrl+x"}, "global.quit": {"Q"}})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Runs()
	if !key.Matches(press('n'), r.Down) || key.Matches(press('j'), r.Down) {
		t.Errorf("runs down keys = %v", r.Down.Keys())
	}
	if !key.Matches(tea.KeyPressMsg{Code: tea.KeyDown}, r.Down) {
		t.Errorf("down arrow no longer moves down: %v", r.Down.Keys())
	}
	if h := r.Down.Help(); h.Key != "n/↓" || h.Desc != "down" {
		t.Errorf("runs down help = %+v", h)
	}
	if h := r.Up.Help(); h.Key != "e" || m.Models().Up.Help().Key != "u" {
		t.Errorf("runs up help = %+v, models up %v", h, m.Models().Up.Keys())
	}
	if h := r.Mark.Help(); h.Key != "ctrl+x" || h.Desc != "mark run" {
		t.Errorf("mark help = %+v", h)
	}
	if h := m.Global().Quit.Help(); h.Key != "Q" || !key.Matches(press('Q'), m.Global().Quit) {
		t.Errorf("quit = %v %+v", m.Global().Quit.Keys(), h)
	}
	// nav.* reaches every screen that moves, keeping each one's words.
	if got := m.Experiments().Down.Keys(); !reflect.DeepEqual(got, []string{"n", "down"}) {
		t.Errorf("experiments down = %v", got)
	}
	if h := m.Version(false).Down.Help(); h.Key != "n/↓" || h.Desc != "scroll down" {
		t.Errorf("version detail down help = %+v", h)
	}
	// What was not named keeps its defaults.
	if !reflect.DeepEqual(m.Runs().Sort, NewRuns().Sort) || !reflect.DeepEqual(m.Chart(), NewChart()) {
		t.Error("an action not in the config changed")
	}
}

func TestRebindScreenNameWinsOverShared(t *testing.T) {
	m := Defaults()
	if err := m.Rebind(map[string][]string{"runs.down": {"n"}, "nav.down": {"J"}}); err != nil {
		t.Fatal(err)
	}
	if got := m.Runs().Down.Keys(); !reflect.DeepEqual(got, []string{"n"}) {
		t.Errorf("runs down = %v, want [n]", got)
	}
	if got := m.Models().Down.Keys(); !reflect.DeepEqual(got, []string{"J"}) {
		t.Errorf("models down = %v, want [J]", got)
	}
}

func TestRebindUnknownActionSuggests(t *testing.T) {
	m := Defaults()
	err := m.Rebind(map[string][]string{"run.mark": {"m"}, "nav.dwon": {"n"}})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{`unknown key action "nav.dwon" (did you mean "nav.down"?)`, `unknown key action "run.mark" (did you mean "runs.mark"?)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	assertDefaults(t, m)
}

func TestRebindClashNamesBothActions(t *testing.T) {
	cases := []struct {
		binds map[string][]string
		want  string
	}{
		// Within one screen.
		{map[string][]string{"runs.mark": {"c"}}, `runs.chart and runs.mark both use key "c" (runs table)`},
		// With a global key live on that screen.
		{map[string][]string{"runs.mark": {"q"}}, `global.quit and runs.mark both use key "q" (runs table)`},
		// A shared name, reported once with every screen where it clashes.
		{map[string][]string{"nav.up": {"e"}}, `nav.up and versions.describe both use key "e" (versions table)`},
		{map[string][]string{"nav.down": {"q"}}, `global.quit and nav.down both use key "q" (experiments list, runs table, run detail, diff, models list, versions table, version detail, artifact viewer, grouped runs, scatter plot, parallel coordinates, checkpoints, system metrics)`},
		// Two new bindings against each other.
		{map[string][]string{"runs.mark": {"n"}, "runs.down": {"n"}}, `runs.down and runs.mark both use key "n" (runs table)`},
	}
	for _, c := range cases {
		m := Defaults()
		err := m.Rebind(c.binds)
		if err == nil {
			t.Errorf("%v: no error", c.binds)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %q lacks %q", c.binds, err, c.want)
		}
		assertDefaults(t, m)
	}
}

// One bad entry among good ones changes nothing at all.
func TestRebindErrorChangesNothing(t *testing.T) {
	m := Defaults()
	err := m.Rebind(map[string][]string{"nav.down": {"n"}, "runs.mark": {"c"}, "chart.zoom_in": {"Z"}})
	if err == nil {
		t.Fatal("no error")
	}
	assertDefaults(t, m)
	for _, bad := range []map[string][]string{{"runs.mark": {}}, {"runs.mark": {""}}, {"runs.mark": {" "}}} {
		if err := m.Rebind(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	assertDefaults(t, m)
}

// Moving a key off an action frees it for another in the same config.
func TestRebindSwapKeys(t *testing.T) {
	m := Defaults()
	if err := m.Rebind(map[string][]string{"runs.chart": {"d"}, "runs.diff": {"c"}}); err != nil {
		t.Fatal(err)
	}
	if m.Runs().Chart.Help().Key != "d" || m.Runs().Diff.Help().Key != "c" {
		t.Errorf("chart %v diff %v", m.Runs().Chart.Keys(), m.Runs().Diff.Keys())
	}
}

func assertDefaults(t *testing.T, m *Map) {
	t.Helper()
	if !reflect.DeepEqual(m, Defaults()) {
		t.Error("a failed Rebind changed bindings")
	}
}

func TestHelpKey(t *testing.T) {
	if got := HelpKey([]string{"n", "down", "left", "ctrl+d"}); got != "n/↓/←/ctrl+d" {
		t.Errorf("HelpKey = %q", got)
	}
}

// The README mentions every action name and every screen name.
func TestREADMENamesEveryAction(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, a := range Defaults().Actions() {
		screen, action, _ := strings.Cut(a.Name, ".")
		if !strings.Contains(readme, "`"+screen+"`") && !strings.Contains(readme, "`"+screen+".*`") {
			t.Errorf("README does not name the screen of %s", a.Name)
		}
		if !strings.Contains(readme, "`"+action+"`") {
			t.Errorf("README does not name %s", a.Name)
		}
	}
}
