package registry

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/promote"
)

// inputDialog asks for one line of text.
type inputDialog struct {
	title string
	lines []string
	input textinput.Model
	err   string
	// check validates the text on enter ("" ok).
	check func(string) string
	next  func(a *actions, text string) tea.Cmd
}

func (d *inputDialog) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, a.keys.Cancel):
		a.close()
		return nil
	case key.Matches(k, a.keys.Select):
		text := d.input.Value()
		if d.check != nil {
			if msg := d.check(text); msg != "" {
				d.err = msg
				return nil
			}
		}
		return d.next(a, text)
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(k)
	d.err = ""
	return cmd
}

func (d *inputDialog) view(a *actions, w, h int) string {
	s := a.env.Styles()
	d.input.SetWidth(max(w-10, 10))
	lines := append(visibleLines(d.lines), "", d.input.View())
	if d.err != "" {
		lines = append(lines, s.InputError.Render(d.err))
	}
	return frame(s, d.title, lines, "enter next · esc cancel", w, h)
}

func newTagKeyInput(a *actions, v promote.VersionInfo) dialog {
	model, ver := a.model.Name, v.Version
	return &inputDialog{
		title: fmt.Sprintf("%s v%s: set tag", model, ver),
		lines: []string{"tag key (an existing key edits its value)"},
		input: newInput(a, "key, e.g. validation_status"),
		check: func(s string) string {
			switch {
			case strings.TrimSpace(s) == "":
				return "the key cannot be empty"
			case len(s) > 250:
				return "MLflow allows keys of at most 250 characters"
			}
			return ""
		},
		next: func(a *actions, k string) tea.Cmd {
			k = strings.TrimSpace(k)
			cur, present := v.Tag(k)
			in := newInput(a, "value")
			in.SetValue(cur)
			expect := promote.Absent()
			was := "new tag"
			if present {
				expect, was = promote.Value(cur), fmt.Sprintf("now %q", cur)
			}
			a.dlg = &inputDialog{
				title: fmt.Sprintf("%s v%s: tag %s", model, ver, k),
				lines: []string{"value (" + was + ")"},
				input: in,
				next: func(a *actions, val string) tea.Cmd {
					a.dlg = newConfirm(a, confirmSpec{
						title: "set tag",
						lines: []string{fmt.Sprintf("%s v%s: %s = %q (%s)", model, ver, k, val, was)},
						run: func() tea.Cmd {
							return a.write("set tag "+k, promote.NeedEdit, func(ctx context.Context, svc *promote.Service) (promote.Change, error) {
								return svc.SetVersionTag(ctx, model, ver, k, val, expect)
							})
						},
					})
					return nil
				},
			}
			return nil
		},
	}
}

func newDescriptionInput(a *actions, v promote.VersionInfo) dialog {
	model, ver, old := a.model.Name, v.Version, v.Description
	in := newInput(a, "description")
	in.SetValue(old)
	lines := []string{"one line; the version's description is replaced"}
	if strings.Contains(old, "\n") {
		lines = append(lines, "the current description has several lines; saving joins them")
	}
	return &inputDialog{
		title: fmt.Sprintf("%s v%s: description", model, ver),
		lines: lines,
		input: in,
		next: func(a *actions, text string) tea.Cmd {
			a.dlg = newConfirm(a, confirmSpec{
				title: "edit description",
				lines: []string{fmt.Sprintf("%s v%s description:", model, ver), "  was: " + quoteOrNone(old), "  new: " + quoteOrNone(text)},
				run: func() tea.Cmd {
					return a.write("edit description of v"+ver, promote.NeedEdit, func(ctx context.Context, svc *promote.Service) (promote.Change, error) {
						return svc.SetVersionDescription(ctx, model, ver, text, promote.Value(old))
					})
				},
			})
			return nil
		},
	}
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(empty)"
	}
	return fmt.Sprintf("%q", s)
}

// stagePicker chooses a legacy stage; tab toggles archiving the versions
// already in Staging or Production, which the server allows only there.
type stagePicker struct {
	version promote.VersionInfo
	stages  []string
	cursor  int
	archive bool
}

func newStagePicker(a *actions, v promote.VersionInfo) dialog {
	d := &stagePicker{version: v, stages: client.Stages()}
	for i, st := range d.stages {
		if st == v.CurrentStage {
			d.cursor = i
		}
	}
	return d
}

func (d *stagePicker) update(a *actions, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, a.keys.Cancel):
		a.close()
	case choose(a, k, &d.cursor, len(d.stages)):
	case key.Matches(k, a.keys.Toggle):
		d.archive = !d.archive
	case key.Matches(k, a.keys.Select):
		stage := d.stages[d.cursor]
		archive := d.archive && promote.ArchiveAllowed(stage)
		model, ver, cur := a.model.Name, d.version.Version, d.version.CurrentStage
		line := fmt.Sprintf("%s v%s: stage %s → %s", model, ver, cur, stage)
		lines := []string{line}
		if archive {
			others := a.inStage(stage, ver)
			if len(others) == 0 {
				lines = append(lines, "archive existing: no other version is in "+stage)
			} else {
				lines = append(lines, "and archive "+strings.Join(others, ", ")+" (now "+stage+")")
			}
		}
		lines = append(lines, "legacy stages are deprecated in MLflow; aliases are preferred")
		a.dlg = newConfirm(a, confirmSpec{
			title: "stage transition",
			lines: lines,
			run: func() tea.Cmd {
				return a.write(fmt.Sprintf("v%s → %s", ver, stage), promote.NeedEdit, func(ctx context.Context, svc *promote.Service) (promote.Change, error) {
					return svc.TransitionStage(ctx, model, ver, stage, archive, promote.Value(cur))
				})
			},
		})
	}
	return nil
}

// inStage lists the other versions the screen shows in stage.
func (a *actions) inStage(stage, except string) []string {
	var out []string
	for _, v := range a.versions {
		if v.Version != except && v.CurrentStage == stage {
			out = append(out, "v"+v.Version)
		}
	}
	return out
}

func (d *stagePicker) view(a *actions, w, h int) string {
	s := a.env.Styles()
	lines := []string{fmt.Sprintf("now: %s", d.version.CurrentStage), ""}
	for i, st := range d.stages {
		text := "  " + st
		style := s.Base
		if st == d.version.CurrentStage {
			text += "  (current)"
		}
		if i == d.cursor {
			text, style = "› "+strings.TrimPrefix(text, "  "), s.RowSelected
		}
		lines = append(lines, style.Render(text))
	}
	stage := d.stages[d.cursor]
	box := "[ ]"
	if d.archive {
		box = "[x]"
	}
	arch := box + " archive the versions already in " + stage
	if !promote.ArchiveAllowed(stage) {
		arch = s.Muted.Render("archive existing: only for Staging and Production")
	}
	lines = append(lines, "", arch)
	return frame(s, fmt.Sprintf("%s v%s: stage", a.model.Name, d.version.Version), lines, "↑/↓ choose · tab archive existing · enter next · esc cancel", w, h)
}
