package registry

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/config"
	"mltui/keys"
	"mltui/promote"
	"mltui/views"
)

// actions are the keyboard actions on a model's versions, shared by the
// versions table and the version detail: it owns the dialog on screen and
// the requests the dialogs make.
type actions struct {
	env  views.Env
	keys keys.Dialog

	model    client.RegisteredModel
	versions []promote.VersionInfo // what the screen shows (the detail: one)

	dlg     dialog
	pending views.Request
	// writing is a write whose dialog was closed (esc stops waiting, not
	// the write): its outcome comes back as a toast.
	writing views.Request
	// reload asks the owning screen to re-read after a write or a conflict.
	reload func() tea.Cmd
}

func newActions(env views.Env, reload func() tea.Cmd) *actions {
	return &actions{env: env, keys: env.Keys.Dialog(), reload: reload}
}

// open reports whether a dialog is on screen.
func (a *actions) open() bool { return a.dlg != nil }

// set refreshes the state the dialogs read.
func (a *actions) set(m client.RegisteredModel, vs []promote.VersionInfo) {
	a.model, a.versions = m, vs
}

func (a *actions) version(v string) (promote.VersionInfo, bool) {
	for _, x := range a.versions {
		if x.Version == v {
			return x, true
		}
	}
	return promote.VersionInfo{}, false
}

func (a *actions) readOnly() bool { return a.env.ReadOnly || client.IsReadOnly(a.env.Store) }

func (a *actions) cfg() *config.Config { return a.env.Config }

func (a *actions) protected(alias string) bool {
	return slices.Contains(a.cfg().Registry.ProtectedAliases, alias)
}

func (a *actions) approveAlias() string {
	if s := a.cfg().Registry.ApproveAlias; s != "" {
		return s
	}
	return "staging"
}

// key starts an action for version v (the selected one).
func (a *actions) key(k tea.KeyPressMsg, km keys.RegistryActions, v promote.VersionInfo) (bool, tea.Cmd) {
	write := []key.Binding{km.Promote, km.DeleteAlias, km.SetTag, km.DeleteTag, km.Describe, km.Stage, km.Rollback}
	for _, b := range write {
		if key.Matches(k, b) && a.readOnly() {
			return true, views.Toast(views.LevelWarning, "read-only mode: %s is disabled", b.Help().Desc)
		}
	}
	switch {
	case key.Matches(k, km.Promote):
		a.dlg = newAliasPicker(a, v)
	case key.Matches(k, km.DeleteAlias):
		return true, a.startDeleteAlias(v)
	case key.Matches(k, km.Gates):
		return true, a.startGates(v)
	case key.Matches(k, km.SetTag):
		a.dlg = newTagKeyInput(a, v)
	case key.Matches(k, km.DeleteTag):
		return true, a.startDeleteTag(v)
	case key.Matches(k, km.Describe):
		a.dlg = newDescriptionInput(a, v)
	case key.Matches(k, km.Stage):
		a.dlg = newStagePicker(a, v)
	case key.Matches(k, km.History):
		a.dlg = newHistoryDialog(a)
	case key.Matches(k, km.Rollback):
		return true, a.startRollback("")
	default:
		return false, nil
	}
	return true, nil
}

// update routes keys to the dialog and results to their dialogs.
func (a *actions) update(msg tea.Msg) (bool, tea.Cmd) {
	switch msg := msg.(type) {
	case views.Loaded[writeOutcome]:
		if !a.writing.Zero() && msg.Request() == a.writing {
			a.writing = views.Request{}
			return true, a.writtenUnseen(msg)
		}
		if !a.answered(msg) {
			return false, nil
		}
		return true, a.written(msg.Value)
	case views.Loaded[promoteData]:
		if !a.answered(msg) {
			return false, nil
		}
		if d, ok := a.dlg.(*promoteDialog); ok {
			d.data, d.loading = msg.Value, false
		}
		return true, nil
	case views.Loaded[gateData]:
		if !a.answered(msg) {
			return false, nil
		}
		if d, ok := a.dlg.(*gatesDialog); ok {
			d.report, d.loading = msg.Value.report, false
		}
		return true, nil
	case tea.KeyPressMsg:
		if a.dlg == nil {
			return false, nil
		}
		if msg.String() == "ctrl+c" {
			return false, nil
		}
		return true, a.dlg.update(a, msg)
	}
	if a.dlg != nil {
		if u, ok := a.dlg.(interface {
			other(*actions, tea.Msg) tea.Cmd
		}); ok {
			return false, u.other(a, msg)
		}
	}
	return false, nil
}

// close removes the dialog and forgets its request.
func (a *actions) close() {
	switch {
	case !a.pending.Zero() && a.pending.Key == "write":
		a.writing = a.pending // it goes on; say how it ended
	case !a.pending.Zero():
		a.env.Flights().Withdraw(a.pending)
	}
	a.pending = views.Request{}
	a.dlg = nil
}

// answered reports whether r is the reply the dialog waits for, and stops
// waiting; a failed load replaces the dialog with its error (a cancelled
// one, esc, just ends), and the reply's own handler then finds no dialog
// of its kind.
func (a *actions) answered(r views.Reply) bool {
	if r.Request() != a.pending {
		return false
	}
	a.pending = views.Request{}
	if err := r.Failure(); err != nil && !errors.Is(err, context.Canceled) {
		a.dlg = &messageDialog{title: "could not load", lines: []string{err.Error()}, isErr: true}
	}
	return true
}

// loadFor starts a read for the dialog on screen.
func loadFor[T any](a *actions, key string, fn func(ctx context.Context, s client.Store) (T, error)) tea.Cmd {
	req, cmd := views.Load(a.env, key, fn)
	a.pending = req
	return cmd
}

// writeOutcome is a finished write: what changed, or why it was refused
// (err) with what to say about it.
type writeOutcome struct {
	change promote.Change
	toast  string
	err    error
	model  string
	need   promote.Need
}

// write runs a guarded write and shows its report. need names the
// permission a 403 means.
func (a *actions) write(what string, need promote.Need, fn func(ctx context.Context, svc *promote.Service) (promote.Change, error)) tea.Cmd {
	model, user, now := a.model.Name, promote.Actor(a.env.Info.User, nil), a.env.Now
	a.dlg = &busyDialog{title: what}
	writes := a.env.Writes()
	return loadFor(a, "write", func(ctx context.Context, s client.Store) (writeOutcome, error) {
		// A write is all or nothing as far as mltui can help it: once
		// begun it is not cancelled (esc stops waiting for it, quitting
		// waits for it) and keeps only its deadline; asked for while the
		// dashboard ends, it sends nothing.
		end, ok := writes.Begin()
		if !ok {
			return writeOutcome{toast: what, err: views.ErrEnding, model: model, need: need}, nil
		}
		defer end()
		if dl, has := ctx.Deadline(); has {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(context.WithoutCancel(ctx), dl)
			defer cancel()
		}
		svc := promote.New(s, user)
		svc.Now = now
		c, err := fn(ctx, svc)
		return writeOutcome{change: c, toast: what, err: err, model: model, need: need}, nil
	})
}

// written shows a write's report: what changed, or why nothing did.
func (a *actions) written(v writeOutcome) tea.Cmd {
	if a.dlg == nil {
		return nil // the load failed: its error is on screen
	}
	if v.err != nil {
		lines := []string{promote.Explain(v.err, v.model, v.need)}
		var ce *promote.ConflictError
		if errors.As(v.err, &ce) {
			lines = append(lines, "", "now: "+aliasSummary(ce.Current.Model))
		}
		if len(v.change.Fields) > 0 {
			lines = append(lines, "", "written before the failure:")
			lines = append(lines, v.change.Lines()...)
		}
		a.dlg = &messageDialog{title: failureTitle(v.err), lines: lines, isErr: true}
		return a.reload()
	}
	a.dlg = &messageDialog{title: "done", lines: v.change.Lines()}
	level := views.LevelSuccess
	if len(v.change.Unexpected) > 0 || len(v.change.Warnings) > 0 {
		level = views.LevelWarning
	}
	return tea.Batch(views.Toast(level, "%s", summary(v.change, v.toast)), a.reload())
}

// writtenUnseen reports a write whose dialog is gone in a toast, and
// reloads so the table shows what it did.
func (a *actions) writtenUnseen(r views.Loaded[writeOutcome]) tea.Cmd {
	v := r.Value
	switch {
	case r.Err != nil:
		return tea.Batch(views.Toast(views.LevelError, "%s: %s", v.toast, r.Err), a.reload())
	case v.err != nil:
		return tea.Batch(views.Toast(views.LevelError, "%s: %s", v.toast, promote.Explain(v.err, v.model, v.need)), a.reload())
	}
	return tea.Batch(views.Toast(views.LevelSuccess, "%s", summary(v.change, v.toast)), a.reload())
}

func failureTitle(err error) string {
	switch client.KindOf(err) {
	case client.KindConflict:
		return "changed meanwhile — nothing written"
	case client.KindPermissionDenied:
		return "permission denied"
	case client.KindReadOnly:
		return "read-only"
	}
	return "failed"
}

// summary is the toast after a write: the alias move when there is one.
func summary(c promote.Change, fallback string) string {
	if c.NoOp {
		return fallback + ": already so"
	}
	for _, f := range c.Fields {
		if strings.HasPrefix(f.Field, "alias ") {
			return strings.TrimPrefix(f.Field, "alias ") + ": " + showV(f.Before) + " → " + showV(f.After)
		}
	}
	return fallback
}

func showV(v *string) string {
	if v == nil {
		return "(none)"
	}
	return "v" + *v
}

// aliasSummary is "champion → v5, challenger → v4".
func aliasSummary(m client.RegisteredModel) string {
	as := promote.AliasHolders(m)
	if len(as) == 0 {
		return "no aliases"
	}
	parts := make([]string, len(as))
	for i, x := range as {
		parts[i] = x.Alias + " → v" + x.Version
	}
	return strings.Join(parts, ", ")
}

// --- action starters ---

func (a *actions) startDeleteAlias(v promote.VersionInfo) tea.Cmd {
	held := slices.Clone(v.Aliases)
	slices.Sort(held)
	switch len(held) {
	case 0:
		return views.Toast(views.LevelInfo, "v%s holds no alias", v.Version)
	case 1:
		a.dlg = a.confirmDeleteAlias(held[0], v.Version)
	default:
		opts := make([]option, len(held))
		for i, h := range held {
			opts[i] = option{label: h + " → v" + v.Version, value: h}
		}
		ver := v.Version
		a.dlg = &pickDialog{title: "delete which alias of v" + ver + "?", options: opts, choose: func(a *actions, o option) tea.Cmd {
			a.dlg = a.confirmDeleteAlias(o.value, ver)
			return nil
		}}
	}
	return nil
}

func (a *actions) confirmDeleteAlias(alias, version string) dialog {
	model := a.model.Name
	return newConfirm(a, confirmSpec{
		title: "delete alias",
		lines: []string{fmt.Sprintf("%s: delete alias %s (now on v%s)", model, alias, version), "needs MANAGE permission on the model"},
		typed: a.typedFor(alias),
		run: func() tea.Cmd {
			return a.write("delete alias "+alias, promote.NeedManage, func(ctx context.Context, svc *promote.Service) (promote.Change, error) {
				return svc.DeleteAlias(ctx, model, alias, promote.Holder(version), "")
			})
		},
	})
}

func (a *actions) typedFor(alias string) string {
	if a.protected(alias) {
		return alias
	}
	return ""
}

func (a *actions) startDeleteTag(v promote.VersionInfo) tea.Cmd {
	if len(v.Tags) == 0 {
		return views.Toast(views.LevelInfo, "v%s has no tags", v.Version)
	}
	tags := slices.Clone(v.Tags)
	slices.SortFunc(tags, func(x, y client.Tag) int { return strings.Compare(x.Key, y.Key) })
	opts := make([]option, len(tags))
	for i, t := range tags {
		opts[i] = option{label: t.Key + " = " + t.Value, value: t.Key, extra: t.Value}
	}
	model, ver := a.model.Name, v.Version
	a.dlg = &pickDialog{title: "delete which tag of v" + ver + "?", options: opts, choose: func(a *actions, o option) tea.Cmd {
		k, old := o.value, o.extra
		a.dlg = newConfirm(a, confirmSpec{
			title: "delete tag",
			lines: []string{fmt.Sprintf("%s v%s: delete tag %s (now %q)", model, ver, k, old), "needs MANAGE permission on the model"},
			run: func() tea.Cmd {
				return a.write("delete tag "+k, promote.NeedManage, func(ctx context.Context, svc *promote.Service) (promote.Change, error) {
					return svc.DeleteVersionTag(ctx, model, ver, k, promote.Value(old))
				})
			},
		})
		return nil
	}}
	return nil
}

// gateData is the gate report and, when approving would move an alias,
// who holds it now.
type gateData struct {
	report promote.GateReport
}

func (a *actions) startGates(v promote.VersionInfo) tea.Cmd {
	model, ver, cfg := a.model.Name, v.Version, a.cfg()
	a.dlg = &gatesDialog{version: ver, loading: true}
	return loadFor(a, "gates", func(ctx context.Context, s client.Store) (gateData, error) {
		rep, err := promote.Evaluate(ctx, s, cfg, model, ver)
		return gateData{report: rep}, err
	})
}

func (a *actions) startRollback(alias string) tea.Cmd {
	if alias == "" {
		as := promote.AliasHolders(a.model)
		if len(as) == 0 {
			return views.Toast(views.LevelInfo, "%s has no aliases to roll back", a.model.Name)
		}
		opts := make([]option, len(as))
		for i, x := range as {
			opts[i] = option{label: x.Alias + " → v" + x.Version, value: x.Alias}
		}
		a.dlg = &pickDialog{title: "roll back which alias?", options: opts, choose: func(a *actions, o option) tea.Cmd {
			return a.startRollback(o.value)
		}}
		return nil
	}
	cur, _ := a.model.AliasVersion(alias)
	var hv *client.ModelVersion
	if v, ok := a.version(cur); ok {
		hv = &v.ModelVersion
	}
	plan, err := promote.PlanRollback(a.model, hv, alias)
	if err != nil {
		a.dlg = &messageDialog{title: "cannot roll back", lines: []string{err.Error()}, isErr: true}
		return nil
	}
	model := a.model.Name
	need := promote.NeedEdit
	if plan.To == "" {
		need = promote.NeedManage
	}
	a.dlg = newConfirm(a, confirmSpec{
		title: "roll back",
		lines: []string{model + "  " + plan.String()},
		typed: a.typedFor(alias),
		run: func() tea.Cmd {
			return a.write("roll back "+alias, need, func(ctx context.Context, svc *promote.Service) (promote.Change, error) {
				c, _, err := svc.Rollback(ctx, model, alias, promote.Holder(plan.From))
				return c, err
			})
		},
	})
	return nil
}

// info is a plain toast.
func info(f string, args ...any) tea.Cmd { return views.Toast(views.LevelInfo, f, args...) }
