// Package checkpoints lists the logged models (MLflow 3) one run
// produced — a checkpoint per step when the training logs one — with the
// step each was logged at, its status and the metrics logged against it,
// so the best checkpoint can be picked by its own figures, not the run's
// last ones.
package checkpoints

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/client/search"
	"mltui/keys"
	"mltui/views"
	"mltui/views/components/listscreen"
)

// Checkpoint is one logged model of the run.
type Checkpoint struct {
	Model client.LoggedModel
	// Step is where the run logged it (its outputs say); HasStep is false
	// for a model the run's outputs do not name.
	Step    int64
	HasStep bool
}

// Model is the checkpoints screen.
type Model struct {
	listscreen.Frame[Checkpoint]
	env  views.Env
	keys keys.Checkpoints

	runID   string
	run     *client.Run
	exp     *client.Experiment
	metrics []string // metric columns, from the models' metrics
	desc    bool     // latest step first

	reg *registerFlow // R: the registration on screen or under way; nil none
}

// New is the views.Factory for KindCheckpoints: the run is RunIDs[0].
func New(env views.Env, req views.OpenMsg) (views.Screen, error) {
	if len(req.RunIDs) == 0 || req.RunIDs[0] == "" {
		return nil, errors.New("checkpoints: no run given")
	}
	m := &Model{env: env, keys: env.Keys.Checkpoints(), runID: req.RunIDs[0], exp: req.Experiment}
	if len(req.Runs) > 0 {
		m.run = &req.Runs[0]
	}
	m.Frame = listscreen.New(env, listscreen.Spec[Checkpoint]{
		ID:     func(c Checkpoint) string { return c.Model.ModelID },
		Order:  m.order,
		Reload: m.load,
		Sorted: func() (string, bool) { return colStep, m.desc },
		Open: func(c Checkpoint) tea.Cmd {
			return views.Open(views.OpenMsg{Kind: views.KindArtifacts, LoggedModelID: c.Model.ModelID})
		},
		Layout:      listscreen.Layout{SideFrom: 120, SideMax: 60, DetailRows: 5},
		Filter:      views.FilterFuzzy,
		Placeholder: "fuzzy match model names",
	})
	m.Table.SetColumns(columns(nil))
	return m, nil
}

// Init loads the list.
func (m *Model) Init() tea.Cmd { return m.load() }

// Title is the breadcrumb.
func (m *Model) Title() string { return "checkpoints" }

// KeyMap is the help.
func (m *Model) KeyMap() help.KeyMap { return m.keys }

// loaded is what one load brings: the run (for its outputs) and the
// logged models whose source is the run.
type loaded struct {
	Run         client.Run
	Checkpoints []Checkpoint
}

func (m *Model) load() tea.Cmd {
	runID := m.runID
	return m.Begin(views.Load(m.env, "checkpoints", func(ctx context.Context, s client.Store) (loaded, error) {
		run, err := s.GetRun(ctx, runID)
		if err != nil {
			return loaded{}, fmt.Errorf("read run %s: %w", runID, err)
		}
		cps, err := Load(ctx, s, run)
		return loaded{Run: run, Checkpoints: cps}, err
	}))
}

// Load reads the logged models whose source is run, with the step the
// run's outputs give each.
func Load(ctx context.Context, s client.Store, run client.Run) ([]Checkpoint, error) {
	lit, ok := search.Literal(run.Info.RunID)
	if !ok {
		return nil, fmt.Errorf("run id %q cannot be searched for", run.Info.RunID)
	}
	q := client.LoggedModelQuery{ExperimentIDs: []string{run.Info.ExperimentID}, Filter: "source_run_id = " + lit, MaxResults: 100}
	models, err := client.All(ctx, func(ctx context.Context, tok string) (client.Page[client.LoggedModel], error) {
		q.PageToken = tok
		return s.SearchLoggedModels(ctx, q)
	})
	if err != nil {
		return nil, fmt.Errorf("search the run's logged models: %w", err)
	}
	steps := map[string]int64{}
	for _, o := range run.Outputs.ModelOutputs {
		steps[o.ModelID] = o.Step
	}
	out := make([]Checkpoint, len(models))
	for i, lm := range models {
		st, ok := steps[lm.ModelID]
		out[i] = Checkpoint{Model: lm, Step: st, HasStep: ok}
	}
	return out, nil
}

// Update handles loads and keys.
func (m *Model) Update(msg tea.Msg) (views.Screen, tea.Cmd) {
	if ok, cmd := m.registerUpdate(msg); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case views.Loaded[loaded]:
		if m.Arrived(msg) {
			r := msg.Value.Run
			m.run = &r
			m.metrics = metricKeys(msg.Value.Checkpoints)
			m.Table.SetColumns(columns(m.metrics))
			m.SetItems(msg.Value.Checkpoints)
		}
	case views.MouseMsg:
		if m.CapturingInput() {
			return m, nil
		}
		return m, m.Mouse(msg)
	case tea.KeyPressMsg:
		if m.CapturingInput() {
			return m, m.registerKey(msg)
		}
		return m, m.key(msg)
	}
	if m.reg != nil && m.reg.step == regName {
		// The cursor's blink.
		var cmd tea.Cmd
		m.reg.input, cmd = m.reg.input.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) key(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.Navigate(k, m.keys.Nav):
	case key.Matches(k, m.keys.Open):
		return m.Open()
	case key.Matches(k, m.keys.Left):
		m.Table.ScrollColumns(-1)
	case key.Matches(k, m.keys.Right):
		m.Table.ScrollColumns(1)
	case key.Matches(k, m.keys.Reverse):
		m.desc = !m.desc
		m.Reorder()
	case key.Matches(k, m.keys.Refresh):
		return m.load()
	case key.Matches(k, m.keys.CopyURI):
		if c, ok := m.Selected(); ok {
			return views.Copy("models:/"+c.Model.ModelID, "model URI")
		}
	case key.Matches(k, m.keys.Chart):
		return m.chart()
	case key.Matches(k, m.keys.Register):
		return m.startRegister()
	}
	return nil
}

// chart opens the run's curve of the first checkpoint metric the run
// logged too (val_loss against the checkpoints' val_loss).
func (m *Model) chart() tea.Cmd {
	if m.run == nil {
		return nil
	}
	metric := ""
	for _, k := range m.metrics {
		if _, ok := m.run.Metric(k); ok {
			metric = k
			break
		}
	}
	if metric == "" && len(m.metrics) > 0 {
		return views.Toast(views.LevelInfo, "the run logged none of its checkpoints' metrics (%s)", strings.Join(m.metrics, ", "))
	}
	return views.OpenChart([]client.Run{*m.run}, metric)
}

// order sorts by step (models the run's outputs do not name last), a
// filter matching names.
func (m *Model) order(cs []Checkpoint, filter string) []int {
	out := listscreen.All(len(cs))
	if filter != "" {
		return listscreen.Fuzzy(filter, out, func(i int) string { return cs[i].Model.Name })
	}
	listscreen.SortStable(out, m.desc, func(a, b int) int {
		x, y := cs[a], cs[b]
		if x.HasStep != y.HasStep {
			if x.HasStep {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(x.Step, y.Step); c != 0 {
			return c
		}
		return cmp.Compare(x.Model.CreationTimestampMs, y.Model.CreationTimestampMs)
	})
	return out
}

// metricKeys are the metrics logged against any of the models, sorted.
func metricKeys(cs []Checkpoint) []string {
	var out []string
	for _, c := range cs {
		for _, mt := range c.Model.Metrics {
			if !slices.Contains(out, mt.Key) {
				out = append(out, mt.Key)
			}
		}
	}
	slices.Sort(out)
	return out
}

// latest is the model's value of metric at its highest step.
func latest(lm client.LoggedModel, metric string) (client.Metric, bool) {
	var best client.Metric
	found := false
	for _, mt := range lm.Metrics {
		if mt.Key == metric && (!found || mt.Step > best.Step || mt.Step == best.Step && mt.Timestamp > best.Timestamp) {
			best, found = mt, true
		}
	}
	return best, found
}
