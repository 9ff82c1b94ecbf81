package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"mltui/client"
	"mltui/diff"
	"mltui/format"
	"mltui/promote"
	vdiff "mltui/views/diff"
)

const newAliasValue = "\x00new"

// newAliasPicker lists the model's aliases with their holders and a "new
// alias" entry; choosing one opens the promotion dialog for v.
func newAliasPicker(a *actions, v promote.VersionInfo) dialog {
	var opts []option
	for _, x := range promote.AliasHolders(a.model) {
		label := fmt.Sprintf("%-16s now v%s", x.Alias, x.Version)
		if x.Version == v.Version {
			label += "  (already here)"
		}
		if a.protected(x.Alias) {
			label += "  protected"
		}
		opts = append(opts, option{label: label, value: x.Alias, muted: x.Version == v.Version})
	}
	opts = append(opts, option{label: "+ new alias…", value: newAliasValue})
	// Start on the first alias this version does not hold yet.
	first := 0
	for first < len(opts)-1 && opts[first].muted {
		first++
	}
	ver := v.Version
	return &pickDialog{
		title:   fmt.Sprintf("%s v%s: set or move which alias?", a.model.Name, ver),
		options: opts,
		cursor:  first,
		choose: func(a *actions, o option) tea.Cmd {
			if o.value == newAliasValue {
				a.dlg = newAliasInput(a, ver)
				return nil
			}
			return a.startPromote(o.value, ver)
		},
	}
}

// aliasInput types a new alias name, validated as MLflow does.
type aliasInput struct {
	version string
	input   textinput.Model
	err     string
}

func newAliasInput(a *actions, version string) *aliasInput {
	return &aliasInput{version: version, input: newInput(a, "alias name")}
}

func (d *aliasInput) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, a.keys.Cancel):
		a.close()
		return nil
	case key.Matches(k, a.keys.Select):
		name := strings.TrimSpace(d.input.Value())
		if err := promote.ValidateAlias(name); err != nil {
			d.err = err.Error()
			return nil
		}
		return a.startPromote(name, d.version)
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(k)
	d.err = ""
	if v := strings.TrimSpace(d.input.Value()); v != "" {
		if err := promote.ValidateAlias(v); err != nil {
			d.err = err.Error()
		}
	}
	return cmd
}

func (d *aliasInput) view(a *actions, w, h int) string {
	s := a.env.Styles()
	d.input.SetWidth(max(w-10, 10))
	lines := []string{"letters, digits, _ and -; not latest or v<number>; at most 255", "", d.input.View()}
	if d.err != "" {
		for _, l := range wrap(format.Visible(d.err), w-4) {
			lines = append(lines, s.InputError.Render(l))
		}
	}
	return frame(s, fmt.Sprintf("%s v%s: new alias", a.model.Name, d.version), lines, "enter next · esc cancel", w, h)
}

// promoteData is what the promotion dialog shows beside the move.
type promoteData struct {
	from, to diff.VersionSide
	hasFrom  bool
	gates    promote.GateReport
	gatesErr error
}

// promoteDialog is "champion: v3 → v4" with the metric diff of the two
// versions' source runs and the gate results, then the confirmation.
type promoteDialog struct {
	alias   string
	holder  string // "" none
	to      string
	loading bool
	data    promoteData
	confirm *confirmDialog
}

func (a *actions) startPromote(alias, version string) tea.Cmd {
	holder, _ := a.model.AliasVersion(alias)
	if holder == version {
		a.close()
		return info("%s already on v%s", alias, version)
	}
	d := &promoteDialog{alias: alias, holder: holder, to: version, loading: true}
	model, cfg := a.model.Name, a.cfg()
	d.confirm = newConfirm(a, confirmSpec{
		title: "promote",
		typed: a.typedFor(alias),
		run: func() tea.Cmd {
			return a.write(fmt.Sprintf("%s: %s → v%s", alias, showHolder(holder), version), promote.NeedEdit,
				func(ctx context.Context, svc *promote.Service) (promote.Change, error) {
					return svc.MoveAlias(ctx, promote.Move{Model: model, Alias: alias, To: version, Expect: promote.Holder(holder)})
				})
		},
	})
	a.dlg = d
	return loadFor(a, "promote-data", func(ctx context.Context, s client.Store) (promoteData, error) {
		var pd promoteData
		var err error
		if pd.to, err = promote.LoadSide(ctx, s, model, version); err != nil {
			return pd, err
		}
		if holder != "" {
			if pd.from, err = promote.LoadSide(ctx, s, model, holder); err != nil {
				return pd, err
			}
			pd.hasFrom = true
		}
		pd.gates, pd.gatesErr = promote.Evaluate(ctx, s, cfg, model, version)
		return pd, nil
	})
}

func (d *promoteDialog) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	if d.loading && !key.Matches(k, a.keys.Cancel) {
		// No confirming before the comparison is on screen, but a key is never
		// dropped unseen: a protected alias's name can be typed meanwhile, and
		// anything that would confirm (or cancel by being "any other key") says why
		// it did nothing.
		if d.confirm.spec.typed != "" && !key.Matches(k, a.keys.Select) {
			return d.confirm.update(a, k)
		}
		return info("still loading the comparison and gates: confirm once they show")
	}
	return d.confirm.update(a, k)
}

func (d *promoteDialog) view(a *actions, w, h int) string {
	s := a.env.Styles()
	inner := w - 4
	lines := []string{s.Title.Render(fmt.Sprintf("%s: %s → v%s", d.alias, showHolder(d.holder), d.to)), ""}
	// The confirmation always shows: the comparison and gates get what is left.
	var tail []string
	hint := "y confirm · any other key cancels"
	c := d.confirm
	if c.spec.typed == "" {
		tail = []string{"", s.Warning.Render(fmt.Sprintf("Move %s to v%s? ", d.alias, d.to)) + s.Bold.Render("y") + s.Muted.Render("/N (enter = No)")}
	} else {
		c.input.SetWidth(max(inner-6, 10))
		tail = []string{"", s.Warning.Render(c.spec.typed + " is protected: type its name to confirm"), c.input.View()}
		if c.err != "" {
			tail = append(tail, s.InputError.Render(c.err))
		}
		hint = "enter confirm (empty = No) · esc cancel"
	}
	if d.loading {
		hint = "loading… · esc cancel"
	}
	room := max(h-2-2-1-len(lines)-len(tail), 3) // border, title, hint
	switch {
	case d.loading:
		lines = append(lines, s.Muted.Render("loading the comparison and gates…"))
	case inner >= 100:
		// The diff renderer gives its key column at most a third of its width.
		cmpW := min(max(d.comparisonWidth(a), inner/2), inner-40)
		gates := gateLines(a, d.data.gates, d.data.gatesErr, inner-cmpW-2)
		cmp := d.comparison(a, cmpW, room)
		joined := lipgloss.JoinHorizontal(lipgloss.Top, lipgloss.NewStyle().Width(cmpW+2).Render(cmp), strings.Join(gates, "\n"))
		lines = append(lines, strings.Split(joined, "\n")...)
	default:
		gates := gateLines(a, d.data.gates, d.data.gatesErr, inner)
		cmp := strings.Split(d.comparison(a, inner, max(room-len(gates)-1, 3)), "\n")
		lines = append(append(append(lines, cmp...), ""), gates...)
	}
	lines = append(lines, tail...)
	return frame(s, "promote "+a.model.Name, lines, hint, w, h)
}

// comparisonWidth is the width the metric diff needs.
func (d *promoteDialog) comparisonWidth(a *actions) int {
	if !d.data.hasFrom {
		return 40
	}
	g := vdiff.Measure(promote.MetricComparison(d.data.from, d.data.to, a.cfg().LowerIsBetter))
	w := g.KeyW + 1
	for _, c := range g.ColW {
		w += 2 + c
	}
	return max(w, 40)
}

// comparison draws the metric diff with the diff screen's renderer.
func (d *promoteDialog) comparison(a *actions, w, h int) string {
	s := a.env.Styles()
	if !d.data.hasFrom {
		return s.Muted.Render(fmt.Sprintf("no version holds %s yet: nothing to compare", d.alias))
	}
	t := promote.MetricComparison(d.data.from, d.data.to, a.cfg().LowerIsBetter)
	if len(t.Rows) == 0 {
		return s.Muted.Render("no metrics on either source run")
	}
	n := len(t.Lines(diff.View{DiffOnly: true}))
	if n == 0 {
		return s.Muted.Render("the source runs' metrics are identical")
	}
	h = min(max(h, 3), n+2)
	return vdiff.RenderTable(t, w, h, vdiff.NewStyles(a.env.Theme))
}

func showHolder(v string) string {
	if v == "" {
		return "(none)"
	}
	return "v" + v
}

// gateLines renders a gate report: a verdict line, then one PASS/FAIL
// line per gate.
func gateLines(a *actions, rep promote.GateReport, err error, w int) []string {
	s := a.env.Styles()
	if err != nil {
		return []string{s.SectionHeader.Render("gates"), s.Error.Render(format.Truncate(format.Visible("could not evaluate: "+err.Error()), w))}
	}
	src := rep.Source
	if id, ok := strings.CutPrefix(src, "run "); ok {
		src = "run " + format.ShortID(id)
	}
	var verdict string
	switch {
	case rep.NoGates:
		verdict = s.Warning.Render("no gates configured")
	case rep.Passed:
		verdict = s.Success.Render(fmt.Sprintf("PASS %d of %d", len(rep.Results), len(rep.Results)))
	default:
		verdict = s.Error.Render(fmt.Sprintf("FAIL %d of %d failed", rep.Failed(), len(rep.Results)))
	}
	lines := []string{fitStyled(s.SectionHeader.Render("gates")+"  "+verdict+s.Muted.Render(" · metrics from "+src), w)}
	if rep.NoGates {
		return append(lines, s.Muted.Render(format.Truncate("add registry.gates to the config; approving then needs explicit confirmation", w)))
	}
	gw := 0
	for _, g := range rep.Results {
		gw = max(gw, format.Width(g.Gate))
	}
	gw = min(gw, max(w-24, 10))
	for _, g := range rep.Results {
		st := s.Success
		if g.Status != promote.Pass {
			st = s.Error
		}
		val := "—"
		if g.Value != nil {
			val = format.Float(float64(*g.Value))
		}
		if g.AgainstVersion != "" && g.Against != nil {
			val += " vs " + format.Float(float64(*g.Against)) + " v" + g.AgainstVersion
		}
		line := st.Render(string(g.Status)) + "  " + format.Fit(g.Gate, gw) + "  " + val
		if g.Status != promote.Pass && g.Reason != "" {
			line += s.Muted.Render("  " + format.Visible(g.Reason))
		}
		lines = append(lines, fitStyled(line, w))
	}
	return lines
}

// gatesDialog shows the gate report with approve and reject.
type gatesDialog struct {
	version string
	loading bool
	report  promote.GateReport
}

func (d *gatesDialog) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, a.keys.Cancel):
		a.close()
	case d.loading || a.readOnly():
	case key.Matches(k, a.keys.Approve):
		if !d.report.Passed && !d.report.NoGates {
			return info("gates failed: approve is not possible")
		}
		a.dlg = d.confirmApprove(a)
	case key.Matches(k, a.keys.Reject):
		model, ver := a.model.Name, d.version
		a.dlg = newConfirm(a, confirmSpec{
			title: "reject",
			lines: []string{fmt.Sprintf("%s v%s: set %s=%s", model, ver, promote.TagApprovalStatus, promote.Rejected)},
			run: func() tea.Cmd {
				return a.write("reject v"+ver, promote.NeedEdit, func(ctx context.Context, svc *promote.Service) (promote.Change, error) {
					return svc.Reject(ctx, model, ver)
				})
			},
		})
	}
	return nil
}

func (d *gatesDialog) confirmApprove(a *actions) dialog {
	model, ver, rep, cfg := a.model.Name, d.version, d.report, a.cfg()
	alias := a.approveAlias()
	holder, _ := a.model.AliasVersion(alias)
	lines := []string{fmt.Sprintf("%s v%s: set %s=%s and move %s: %s → v%s", model, ver, promote.TagApprovalStatus, promote.Approved, alias, showHolder(holder), ver)}
	if rep.NoGates {
		lines = append(lines, "no gates configured for "+model+": you approve without any check")
	}
	return newConfirm(a, confirmSpec{
		title: "approve",
		lines: lines,
		typed: a.typedFor(alias),
		run: func() tea.Cmd {
			return a.write("approve v"+ver, promote.NeedEdit, func(ctx context.Context, svc *promote.Service) (promote.Change, error) {
				return svc.Approve(ctx, cfg, promote.Approval{Model: model, Version: ver, Shown: rep, Alias: alias,
					Expect: promote.Holder(holder), AcceptNoGates: rep.NoGates})
			})
		},
	})
}

func (d *gatesDialog) view(a *actions, w, h int) string {
	s := a.env.Styles()
	title := fmt.Sprintf("gates: %s v%s", a.model.Name, d.version)
	if d.loading {
		return frame(s, title, []string{s.Muted.Render("evaluating…")}, "esc close", w, h)
	}
	lines := gateLines(a, d.report, nil, w-4)
	hint := "esc close"
	if !a.readOnly() {
		lines = append(lines, "", s.Muted.Render(fmt.Sprintf("approve: %s=%s and alias %s · reject: %s=%s",
			promote.TagApprovalStatus, promote.Approved, a.approveAlias(), promote.TagApprovalStatus, promote.Rejected)))
		hint = "a approve · x reject · esc close"
		if !d.report.Passed && !d.report.NoGates {
			hint = "x reject · esc close (approve needs every gate to pass)"
		}
	}
	return frame(s, title, lines, hint, w, h)
}

// historyDialog is the model's recorded alias moves, newest first; R
// rolls back the alias of the selected entry.
type historyDialog struct {
	entries promote.History
	err     error
	cursor  int
}

func newHistoryDialog(a *actions) *historyDialog {
	raw, _ := a.model.Tag(promote.HistoryTag)
	h, err := promote.ParseHistory(raw)
	slices.Reverse(h)
	return &historyDialog{entries: h, err: err}
}

func (d *historyDialog) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, a.keys.Cancel), k.String() == "h":
		a.close()
	case choose(a, k, &d.cursor, len(d.entries)):
	case key.Matches(k, a.keys.Rollback):
		if a.readOnly() {
			return info("read-only mode: roll back is disabled")
		}
		if d.cursor < len(d.entries) {
			return a.startRollback(d.entries[d.cursor].Alias)
		}
	}
	return nil
}

func (d *historyDialog) view(a *actions, w, h int) string {
	s := a.env.Styles()
	var lines []string
	if d.err != nil {
		lines = append(lines, s.Warning.Render(format.Truncate(format.Visible(d.err.Error()), w-4)), "")
	}
	if len(d.entries) == 0 {
		lines = append(lines, s.Muted.Render("no alias moves recorded yet"), "",
			s.Muted.Render("mltui records the moves it makes in the model tag "+promote.HistoryTag+";"),
			s.Muted.Render("MLflow itself keeps no alias history."))
	}
	for i, e := range d.entries {
		line := fmt.Sprintf("%-20s %-12s %s → %s", e.At, e.Alias, showHolder(e.From), showHolder(e.To))
		if e.By != "" {
			line += "  by " + e.By
		}
		if e.Note != "" {
			line += "  (" + e.Note + ")"
		}
		st := s.Base
		prefix := "  "
		if i == d.cursor {
			st, prefix = s.RowSelected, "› "
		}
		lines = append(lines, st.Render(format.Truncate(prefix+format.Visible(line), w-4)))
	}
	hint := "↑/↓ move · R roll back this alias · esc close"
	if a.readOnly() {
		hint = "↑/↓ move · esc close"
	}
	return frame(s, "alias history: "+a.model.Name, lines, hint, w, h)
}
