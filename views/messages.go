package views

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
)

// Kind names a kind of screen; the shell maps kinds to Factories.
type Kind string

// Screen kinds. A kind without a registered factory answers with a toast
// "<kind> not available yet".
const (
	KindExperiments Kind = "experiments"
	KindRuns        Kind = "runs"
	KindRun         Kind = "run"         // run detail
	KindChart       Kind = "chart"       // metric curves of RunIDs
	KindDiff        Kind = "diff"        // run diff of RunIDs
	KindModels      Kind = "models"      // registered models
	KindModel       Kind = "model"       // one model's versions
	KindVersion     Kind = "version"     // one model version
	KindArtifacts   Kind = "artifacts"   // a run's (RunIDs[0]) or a version's (Model, Version) files
	KindGroups      Kind = "groups"      // Runs grouped by params (GroupBy)
	KindScatter     Kind = "scatter"     // one point per run of Runs
	KindParallel    Kind = "parallel"    // parallel coordinates: one line per run of Runs
	KindCheckpoints Kind = "checkpoints" // the logged models (MLflow 3) a run (RunIDs[0]) produced
	KindSystem      Kind = "system"      // a run's (RunIDs[0]) system metrics
)

// OpenMsg asks the shell to build a screen of Kind and push it. Every field
// but Kind is optional; each factory documents what it reads.
type OpenMsg struct {
	Kind Kind

	Experiment    *client.Experiment // the experiment, if already loaded
	ExperimentIDs []string
	// ExperimentName is resolved by the screen (":runs NAME").
	ExperimentName string

	RunIDs []string
	// Runs are the runs behind RunIDs when the sender already has them, so
	// the new screen can paint at once (it may still re-read them).
	Runs   []client.Run
	Metric string // chart: the metric to draw first ("" lets it choose)
	// GroupBy are the params ("lr") or tags ("tags.seed") runs are grouped
	// by (groups screen; the chart draws groups when it is set).
	GroupBy []string
	// Filter is the runs table's filter to start with (an MLflow filter).
	Filter string

	Model string // registry: model name
	// LoggedModelID: the artifact viewer shows this logged model's files.
	LoggedModelID string
	Version       string // registry: version number
	// Watch opens the chart as a run's live view: a grid of its loss, its
	// other metrics and GPU utilisation, with its pace in the status line.
	Watch bool

	// Replace clears the stack before pushing (command line ":exp" etc.).
	Replace bool
}

// Open returns a Cmd that sends m.
func Open(m OpenMsg) tea.Cmd { return func() tea.Msg { return m } }

// OpenChart opens the chart of runs (marked runs, or the selected one).
func OpenChart(runs []client.Run, metric string) tea.Cmd {
	return Open(OpenMsg{Kind: KindChart, RunIDs: runIDs(runs), Runs: runs, Metric: metric})
}

// OpenDiff opens the diff of runs.
func OpenDiff(runs []client.Run) tea.Cmd {
	return Open(OpenMsg{Kind: KindDiff, RunIDs: runIDs(runs), Runs: runs})
}

func runIDs(runs []client.Run) []string {
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.Info.RunID
	}
	return ids
}

// BackMsg pops the top screen (esc does this too).
type BackMsg struct{}

// Back returns a Cmd that pops the top screen.
func Back() tea.Msg { return BackMsg{} }

// Level is a toast's severity.
type Level int

const (
	LevelInfo Level = iota
	LevelSuccess
	LevelWarning
	LevelError
)

// ToastMsg shows a short notice that fades by itself: the result of a
// finished action ("champion: v3 → v4", "copied run id").
type ToastMsg struct {
	Level Level
	Text  string
	TTL   time.Duration // 0 means the shell's default
}

// Toast returns a Cmd that shows a toast.
func Toast(level Level, format string, args ...any) tea.Cmd {
	text := fmt.Sprintf(format, args...)
	return func() tea.Msg { return ToastMsg{Level: level, Text: text} }
}

// ErrorMsg puts an error in the status bar until the next success of the
// same operation or the next error. Use it for errors that are not shown
// inside the screen already.
type ErrorMsg struct {
	Op  string
	Err error
}

// ReportError returns a Cmd that shows err in the status bar.
func ReportError(op string, err error) tea.Cmd {
	return func() tea.Msg { return ErrorMsg{Op: op, Err: err} }
}

// ClearErrorMsg clears the status-bar error of Op (a later success).
type ClearErrorMsg struct{ Op string }

// CopyMsg asks the shell to put Text on the clipboard (OSC52; through tmux
// when $TMUX is set) and toast "copied What".
type CopyMsg struct {
	Text string
	What string // "run id"
}

// Copy returns a Cmd that copies text to the clipboard.
func Copy(text, what string) tea.Cmd {
	return func() tea.Msg { return CopyMsg{Text: text, What: what} }
}

// TickMsg is sent by the shell to the top screen every refresh interval
// (config refresh_interval, default 5 s). Screens with live data (RUNNING
// runs) re-query on it; it is also the moment to retry after an error.
type TickMsg struct{ Now time.Time }

// MouseAction is what the mouse did.
type MouseAction int

const (
	MouseClick MouseAction = iota // left button pressed
	MouseWheelUp
	MouseWheelDown
	MouseWheelLeft
	MouseWheelRight
)

// MouseMsg is a mouse event in the body's cells (0,0 is the body's top
// left). The shell sends it to the top screen only, while the mouse is on
// (config `mouse:`) and no dialog or picker holds the keys.
type MouseMsg struct {
	X, Y   int
	Action MouseAction
	// Double is a second click on the same line soon after the first.
	Double bool
}

// Wheel is -1 for a wheel turn up, +1 down, 0 for anything else: the rows
// a scrolling screen moves.
func (m MouseMsg) Wheel() int {
	switch m.Action {
	case MouseWheelUp:
		return -1
	case MouseWheelDown:
		return 1
	}
	return 0
}

// GroupByHint is what a group-by list says when nothing was checked.
const GroupByHint = "check one or more params with space to group by them"
