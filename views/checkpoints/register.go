package checkpoints

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/client/search"
	"mltui/format"
	"mltui/keys"
	"mltui/promote"
	"mltui/views"
	"mltui/views/components/overlay"
)

// R on a checkpoint registers it as a new version of a registered model,
// as mlflow.register_model("models:/<id>", name) does, through
// promote.Service.RegisterLoggedModel: a name prompt (the model a version
// of this run already went to, else the run's name), an optional alias to
// point at the new version (empty by default: no alias is moved unless
// asked for), a confirmation that says what will be written, the write in
// a Cmd, and its report.

type regStep int

const (
	regLooking  regStep = iota // finding the default name
	regName                    // the name prompt
	regAlias                   // the alias prompt (empty: none)
	regChecking                // reading the model and the logged model
	regConfirm                 // y registers
	regRunning                 // the write
	regDone                    // the report
)

type registerFlow struct {
	step  regStep
	cp    Checkpoint
	input textinput.Model
	alias textinput.Model
	req   views.Request
	plan  regPlan
	// lines are the report (regDone) or the failure; failed marks the latter.
	lines  []string
	title  string
	failed bool
	// hidden: esc while the write runs hides the panel; the outcome then
	// comes as a toast.
	hidden bool
}

// regDefault is the default name's lookup.
type regDefault struct{ Name string }

// regPlan is what the confirmation shows: the model (or its absence) and
// the logged model as they are now.
type regPlan struct {
	Name    string
	Alias   string // "" none
	Holder  string // the version the alias is on now, "" none
	Exists  bool
	Model   client.RegisteredModel
	Logged  client.LoggedModel
	Gates   int // gates the config has for the model
	Problem string
}

// regResult is the write's outcome.
type regResult struct {
	Reg promote.Registration
	Err error
}

func (m *Model) readOnly() bool { return m.env.ReadOnly || client.IsReadOnly(m.env.Store) }

// CapturingInput: while the register panel is open every key is its own.
func (m *Model) CapturingInput() bool { return m.reg != nil && !m.reg.hidden }

func (m *Model) dialogKeys() keys.Dialog { return m.env.Keys.Dialog() }

// startRegister opens the flow for the selected checkpoint.
func (m *Model) startRegister() tea.Cmd {
	c, ok := m.Selected()
	if !ok {
		return nil
	}
	if m.readOnly() {
		return views.Toast(views.LevelWarning, "read-only mode: registering a checkpoint is a registry write, and this dashboard is read-only")
	}
	if m.reg != nil && m.reg.step == regRunning {
		return views.Toast(views.LevelInfo, "a registration is still under way")
	}
	runID, runName := m.runID, ""
	if m.run != nil {
		runName = m.run.Name()
	}
	f := &registerFlow{step: regLooking, cp: c}
	m.reg = f
	var cmd tea.Cmd
	f.req, cmd = views.Load(m.env, "register-default", func(ctx context.Context, s client.Store) (regDefault, error) {
		return regDefault{Name: defaultModelName(ctx, s, runID, runName)}, nil
	})
	return cmd
}

// defaultModelName is the registered model that already holds a version
// made from this run (the newest such version's), else the run's name.
func defaultModelName(ctx context.Context, s client.Store, runID, runName string) string {
	if lit, ok := search.Literal(runID); ok {
		page, err := s.SearchModelVersions(ctx, client.VersionQuery{Filter: "run_id = " + lit, MaxResults: 100})
		if err == nil {
			var best client.ModelVersion
			for _, v := range page.Items {
				if v.RunID == runID && v.CreationTimestamp >= best.CreationTimestamp {
					best = v
				}
			}
			if best.Name != "" {
				return best.Name
			}
		}
	}
	return runName
}

func (m *Model) newNameInput(name string) textinput.Model {
	return m.newInput(name, "registered model name")
}

func (m *Model) newInput(value, placeholder string) textinput.Model {
	in := textinput.New()
	in.SetStyles(m.env.Styles().TextInput)
	in.Prompt = "› "
	in.Placeholder = placeholder
	in.CharLimit = 256
	in.SetVirtualCursor(true)
	in.SetValue(value)
	in.CursorEnd()
	in.Focus()
	return in
}

// registerUpdate handles the flow's replies; ok false when msg is not one.
func (m *Model) registerUpdate(msg tea.Msg) (bool, tea.Cmd) {
	f := m.reg
	switch msg := msg.(type) {
	case views.Loaded[regDefault]:
		if f == nil || msg.Req != f.req || f.step != regLooking {
			return true, nil
		}
		f.req = views.Request{}
		f.input = m.newNameInput(msg.Value.Name)
		f.step = regName
		return true, textinput.Blink
	case views.Loaded[regPlan]:
		if f == nil || msg.Req != f.req || f.step != regChecking {
			return true, nil
		}
		f.req = views.Request{}
		if msg.Err != nil {
			f.step, f.failed, f.title = regDone, true, "could not check"
			f.lines = []string{format.Visible(msg.Err.Error())}
			return true, nil
		}
		f.plan = msg.Value
		f.step = regConfirm
		return true, nil
	case views.Loaded[regResult]:
		if f == nil || msg.Req != f.req {
			return true, nil
		}
		return true, m.registered(msg)
	}
	return false, nil
}

func (m *Model) registerKey(k tea.KeyPressMsg) tea.Cmd {
	f, dk := m.reg, m.dialogKeys()
	switch f.step {
	case regLooking, regChecking:
		if key.Matches(k, dk.Cancel) {
			m.env.Flights().Withdraw(f.req)
			m.reg = nil
		}
	case regName:
		switch {
		case key.Matches(k, dk.Cancel):
			m.reg = nil
		case key.Matches(k, dk.Select):
			name := strings.TrimSpace(f.input.Value())
			if err := search.ValidateModelName(name); err != nil {
				f.title = err.Error()
				return nil
			}
			f.title = ""
			f.input.Blur()
			f.alias = m.newInput("", "alias, e.g. challenger (empty: none)")
			f.step = regAlias
			return textinput.Blink
		default:
			var cmd tea.Cmd
			f.input, cmd = f.input.Update(k)
			f.title = ""
			return cmd
		}
	case regAlias:
		switch {
		case key.Matches(k, dk.Cancel):
			m.reg = nil
		case key.Matches(k, dk.Select):
			alias := strings.TrimSpace(f.alias.Value())
			if alias != "" {
				if err := promote.ValidateAlias(alias); err != nil {
					f.title = err.Error()
					return nil
				}
			}
			f.title = ""
			return m.checkPlan(strings.TrimSpace(f.input.Value()), alias)
		default:
			var cmd tea.Cmd
			f.alias, cmd = f.alias.Update(k)
			f.title = ""
			return cmd
		}
	case regConfirm:
		if key.Matches(k, dk.Yes) && f.plan.Problem == "" {
			return m.runRegister()
		}
		// Anything else, enter included, is No.
		m.reg = nil
		return views.Toast(views.LevelInfo, "not registered: nothing was written")
	case regRunning:
		if key.Matches(k, dk.Cancel) {
			f.hidden = true // the write goes on; its outcome comes as a toast
		}
	case regDone:
		if key.Matches(k, dk.Cancel) || key.Matches(k, dk.Select) {
			m.reg = nil
		}
	}
	return nil
}

// checkPlan reads what the confirmation states: whether the model exists,
// where the alias is now, and the logged model's status now.
func (m *Model) checkPlan(name, alias string) tea.Cmd {
	f := m.reg
	f.step = regChecking
	id := f.cp.Model.ModelID
	gates := len(promote.GatesFor(m.env.Config.Registry, name))
	var cmd tea.Cmd
	f.req, cmd = views.Load(m.env, "register-check", func(ctx context.Context, s client.Store) (regPlan, error) {
		p := regPlan{Name: name, Alias: alias, Gates: gates}
		mdl, err := s.GetRegisteredModel(ctx, name)
		switch {
		case err == nil:
			p.Exists, p.Model = true, mdl
			p.Holder, _ = mdl.AliasVersion(alias)
		case client.KindOf(err) != client.KindNotFound:
			return p, fmt.Errorf("read registered model %s: %w", name, err)
		}
		if p.Logged, err = s.GetLoggedModel(ctx, id); err != nil {
			return p, fmt.Errorf("read logged model %s: %w", id, err)
		}
		if p.Logged.Status != promote.LoggedModelReady {
			p.Problem = fmt.Sprintf("%s is %s, not READY: MLflow registers only finished models", p.Logged.Name,
				strings.ToLower(strings.TrimPrefix(p.Logged.Status, "LOGGED_MODEL_")))
		}
		return p, nil
	})
	return cmd
}

// runRegister is the write, in a Cmd with the shared timeout. Once begun
// it is not cancelled (esc hides the panel, quitting waits for it); asked
// for while the dashboard ends, it sends nothing.
func (m *Model) runRegister() tea.Cmd {
	f := m.reg
	f.step = regRunning
	plan, id := f.plan, f.cp.Model.ModelID
	user, now, cfg, writes := promote.Actor(m.env.Info.User, nil), m.env.Now, m.env.Config, m.env.Writes()
	expect := promote.NewModel
	if plan.Exists {
		expect = promote.ExistingModel
	}
	var cmd tea.Cmd
	f.req, cmd = views.Load(m.env, "register", func(ctx context.Context, s client.Store) (regResult, error) {
		end, ok := writes.Begin()
		if !ok {
			return regResult{Err: views.ErrEnding}, nil
		}
		defer end()
		if dl, has := ctx.Deadline(); has {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(context.WithoutCancel(ctx), dl)
			defer cancel()
		}
		svc := promote.New(s, user)
		svc.Now = now
		opt := promote.RegisterOptions{Expect: expect, Config: cfg}
		if plan.Alias != "" {
			// the holder the confirmation showed: moved meanwhile, it is not taken
			opt.Alias, opt.AliasExpect = plan.Alias, promote.Holder(plan.Holder)
		}
		r, err := svc.RegisterLoggedModel(ctx, plan.Name, id, opt)
		return regResult{Reg: r, Err: err}, nil
	})
	return cmd
}

// registered shows the write's report and says it in a toast.
func (m *Model) registered(msg views.Loaded[regResult]) tea.Cmd {
	f := m.reg
	hidden := f.hidden
	f.req, f.step, f.hidden = views.Request{}, regDone, false
	err := msg.Err
	if err == nil {
		err = msg.Value.Err
	}
	r := msg.Value.Reg
	if err != nil {
		f.failed = true
		f.title = "not registered"
		if client.KindOf(err) == client.KindConflict {
			f.title = "changed meanwhile — not registered"
		}
		f.lines = []string{format.Visible(promote.Explain(err, f.plan.Name, promote.NeedEdit))}
		if len(r.Change.Fields) > 0 {
			f.lines = append(f.lines, "", "written before the failure:")
			f.lines = append(f.lines, r.Change.Lines()...)
		}
		if hidden {
			m.reg = nil
		}
		return views.Toast(views.LevelError, "%s not registered: %s", format.Visible(f.cp.Model.Name), format.Visible(promote.Explain(err, f.plan.Name, promote.NeedEdit)))
	}
	f.title = "registered"
	f.lines = r.Lines()
	if hidden {
		m.reg = nil
	}
	level := views.LevelSuccess
	if len(r.Change.Unexpected) > 0 || len(r.Change.Warnings) > 0 || r.AliasErr != nil || (r.Gates != nil && !r.Gates.Passed) {
		level = views.LevelWarning
	}
	what := fmt.Sprintf("registered %s as %s v%s", f.cp.Model.Name, r.Version.Name, r.Version.Version)
	if r.CreatedModel {
		what += " (new model)"
	}
	if r.Gates != nil && !r.Gates.Passed {
		what += fmt.Sprintf("; %d gate(s) fail", r.Gates.Failed())
	}
	return views.Toast(level, "%s", format.Visible(what))
}

// confirmLines state what the write will do.
func (f *registerFlow) confirmLines() []string {
	p, lm := f.plan, f.cp.Model
	step := ""
	if f.cp.HasStep {
		step = fmt.Sprintf(" (step %d)", f.cp.Step)
	}
	lines := []string{fmt.Sprintf("register %s%s as a new version of %s", lm.Name, step, p.Name), ""}
	if p.Exists {
		n := 0
		for _, v := range p.Model.LatestVersions {
			n = max(n, versionNumber(v.Version))
		}
		if n > 0 {
			lines = append(lines, fmt.Sprintf("  model    %s exists (latest v%d): the version gets the next number", p.Name, n))
		} else {
			lines = append(lines, fmt.Sprintf("  model    %s exists: the version gets the next number", p.Name))
		}
	} else {
		lines = append(lines, fmt.Sprintf("  model    %s does not exist: it is created first", p.Name))
	}
	lines = append(lines,
		"  source   models:/"+lm.ModelID,
		"  model_id "+lm.ModelID)
	if p.Logged.SourceRunID != "" {
		lines = append(lines, "  run_id   "+p.Logged.SourceRunID+" (the logged model's run)")
	}
	if p.Alias != "" {
		if p.Holder != "" {
			lines = append(lines, fmt.Sprintf("  alias    %s moves from v%s to the new version", p.Alias, p.Holder))
		} else {
			lines = append(lines, fmt.Sprintf("  alias    %s is set on the new version (no version holds it now)", p.Alias))
		}
	}
	writes := "model-versions/create"
	if !p.Exists {
		writes = "registered-models/create, then " + writes
	}
	if p.Alias != "" {
		writes += ", then aliases"
	}
	lines = append(lines, "  writes   "+writes+"; the logged model's mlflow.modelVersions tag gains the version")
	if p.Gates > 0 {
		lines = append(lines, fmt.Sprintf("  gates    %d configured for %s: reported on the new version", p.Gates, p.Name))
	}
	if p.Problem != "" {
		lines = append(lines, "", "cannot register: "+p.Problem)
	}
	return lines
}

func versionNumber(v string) int {
	n := 0
	for _, r := range v {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// registerView draws the panel over the screen.
func (m *Model) registerView(base string) string {
	f := m.reg
	if f == nil || f.hidden {
		return base
	}
	s := m.env.Styles()
	w := min(max(m.Width()-4, 30), 100)
	var title, hint string
	var lines []string
	switch f.step {
	case regLooking:
		title, lines, hint = "register "+f.cp.Model.Name, []string{"looking for a registered model from this run…"}, "esc cancel"
	case regName:
		title = "register " + f.cp.Model.Name + " (models:/" + f.cp.Model.ModelID + ")"
		f.input.SetWidth(max(w-8, 10))
		lines = []string{"as a new version of the registered model:", "", f.input.View()}
		if f.title != "" {
			lines = append(lines, "", s.Error.Render(format.Visible(f.title)))
		}
		hint = "enter next · esc cancel"
	case regAlias:
		title = "register " + f.cp.Model.Name + " as a version of " + f.input.Value()
		f.alias.SetWidth(max(w-8, 10))
		lines = []string{"point an alias at the new version (enter with none: no alias):", "", f.alias.View()}
		if f.title != "" {
			lines = append(lines, "", s.Error.Render(format.Visible(f.title)))
		}
		hint = "enter next · esc cancel"
	case regChecking:
		title, lines, hint = "register "+f.cp.Model.Name, []string{"reading " + f.input.Value() + " and the logged model…"}, "esc cancel"
	case regConfirm:
		title, lines = "register checkpoint — confirm", f.confirmLines()
		hint = "y registers · any other key cancels"
		if f.plan.Problem != "" {
			hint = "any key closes"
		}
	case regRunning:
		title, lines, hint = "registering…", []string{"writing to the registry"}, "esc hides this (the write goes on)"
	case regDone:
		title, lines, hint = f.title, f.lines, "enter/esc close"
	}
	body := make([]string, 0, len(lines)+2)
	body = append(body, s.PanelTitle.Render(format.Truncate(format.Visible(title), w-4)), "")
	for _, l := range lines {
		st := s.Base
		if f.failed && f.step == regDone {
			st = s.Error
		}
		if (f.step == regName && l == f.input.View()) || (f.step == regAlias && l == f.alias.View()) {
			body = append(body, l)
			continue
		}
		body = append(body, st.Render(format.Truncate(format.Visible(l), w-4)))
	}
	body = append(body, "", s.Muted.Render(format.Truncate(hint, w-4)))
	panel := s.PanelFocused.Width(w).Padding(0, 1).Render(strings.Join(body, "\n"))
	return overlay.Center(base, panel, m.Width(), m.Height())
}
