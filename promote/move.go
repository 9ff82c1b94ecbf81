package promote

import (
	"context"
	"fmt"

	"mltui/client"
)

// Provenance tags set on a version promoted through mltui.
const (
	TagPromotedBy      = "promoted_by"
	TagPromotedAt      = "promoted_at"
	TagPreviousVersion = "previous_version"
	TagPromotedAlias   = "promoted_alias"
)

// Move asks to point Alias at version To.
type Move struct {
	Model  string
	Alias  string
	To     string
	Expect Expect // the holder the screen showed (Holder(""): none)
	Note   string // recorded in the history: "rollback", "approve"
}

// Action describes the move for reports: "move alias champion to v4".
func (m Move) Action() string { return fmt.Sprintf("move alias %s to v%s", m.Alias, m.To) }

// MoveAlias re-reads the alias holder, refuses if it is not what the screen
// showed, moves the alias, tags the new holder with its provenance, records
// the move in the model's history tag and reads everything back.
//
// On a store that implements client.AliasSwapper (local SQLite) the check
// and the write are one transaction. Over REST MLflow has no
// compare-and-set: a write by someone else between the re-read and the
// write (milliseconds) is not detected before writing, but the read-back
// reports it in Change.Unexpected.
func (s *Service) MoveAlias(ctx context.Context, m Move) (Change, error) {
	op := "move alias " + m.Alias
	if err := ValidateAlias(m.Alias); err != nil {
		return Change{}, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: err.Error()}
	}
	if err := ValidateVersion(m.To); err != nil {
		return Change{}, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: err.Error()}
	}
	if err := s.refuseIfReadOnly(op); err != nil {
		return Change{}, err
	}
	c := Change{Action: m.Action(), Model: m.Model}

	expected := ""
	if m.Expect.present {
		expected = m.Expect.value
	}
	before, err := s.snapshot(ctx, m.Model, m.To, expected)
	if err != nil {
		return c, fmt.Errorf("%s: %w", op, err)
	}
	holder, held := before.Model.AliasVersion(m.Alias)
	if !m.Expect.Matches(holder, held) {
		return c, newConflict(op, m.Model, "alias "+m.Alias, m.Expect, holder, held, before)
	}
	if held && holder == m.To {
		c.NoOp = true
		return c, nil
	}
	if !m.Expect.Checked() {
		// Nobody saw the old holder: read it now for the report.
		if err := s.addVersions(ctx, &before, m.Model, holder); err != nil {
			return c, fmt.Errorf("%s: %w", op, err)
		}
	}

	if sw, ok := s.Store.(client.AliasSwapper); ok {
		err = sw.SwapAlias(ctx, m.Model, m.Alias, holder, m.To)
	} else {
		err = s.Store.SetAlias(ctx, m.Model, m.Alias, m.To)
	}
	if err != nil {
		if client.KindOf(err) == client.KindConflict {
			return c, s.conflictAfterSwap(ctx, op, m.Model, m.Alias, m.Expect)
		}
		return c, fmt.Errorf("%s: %w", op, err)
	}

	intended := []FieldChange{{Object: m.Model, Field: "alias " + m.Alias, Before: optional(holder, held), After: ptr(m.To)}}
	prev := holder
	if !held {
		prev = "none"
	}
	at := s.now()
	tags := []struct{ k, v string }{
		{TagPromotedAlias, m.Alias},
		{TagPromotedBy, s.Actor},
		{TagPromotedAt, at},
		{TagPreviousVersion, prev},
	}
	for _, t := range tags {
		if t.k == TagPromotedBy && t.v == "" {
			continue
		}
		if err := s.Store.SetModelVersionTag(ctx, m.Model, m.To, t.k, t.v); err != nil {
			c.Warnings = append(c.Warnings, fmt.Sprintf("alias moved, but tagging v%s %s failed: %v", m.To, t.k, err))
			continue
		}
		intended = append(intended, versionTagChange(before, m.Model, m.To, t.k, ptr(t.v)))
	}
	entry := HistoryEntry{Alias: m.Alias, From: holderOrEmpty(holder, held), To: m.To, By: s.Actor, At: at, Note: m.Note}
	s.record(ctx, &c, entry)
	return s.finish(ctx, c, before, intended, false)
}

// DeleteAlias removes an alias after checking it still points where the
// screen showed. MLflow requires MANAGE permission for this.
func (s *Service) DeleteAlias(ctx context.Context, model, alias string, expect Expect, note string) (Change, error) {
	op := "delete alias " + alias
	expected := ""
	if expect.present {
		expected = expect.value
	}
	c, before, err := s.begin(ctx, op, model, expected)
	if err != nil {
		return c, err
	}
	holder, held := before.Model.AliasVersion(alias)
	if !expect.Matches(holder, held) {
		return c, newConflict(op, model, "alias "+alias, expect, holder, held, before)
	}
	if !held {
		c.NoOp = true
		return c, nil
	}
	if err := s.Store.DeleteAlias(ctx, model, alias); err != nil {
		return c, fmt.Errorf("%s: %w", op, err)
	}
	intended := []FieldChange{{Object: model, Field: "alias " + alias, Before: ptr(holder)}}
	s.record(ctx, &c, HistoryEntry{Alias: alias, From: holder, By: s.Actor, At: s.now(), Note: note})
	return s.finish(ctx, c, before, intended, false)
}

// conflictAfterSwap re-reads after an atomic swap refused, so the screen
// can show who holds the alias now.
func (s *Service) conflictAfterSwap(ctx context.Context, op, model, alias string, want Expect) error {
	cur, err := s.Store.GetRegisteredModel(ctx, model)
	if err != nil {
		return fmt.Errorf("%s: the alias changed meanwhile and re-reading it failed: %w", op, err)
	}
	holder, held := cur.AliasVersion(alias)
	return newConflict(op, model, "alias "+alias, want, holder, held, Snapshot{Model: cur, Versions: map[string]client.ModelVersion{}})
}

// record appends to the history tag. It re-reads the tag right before
// writing so concurrent promoters lose as little as possible, and skips an
// entry that is already newest so a repeated call does not record twice.
// Failure is a warning: the alias move itself already happened.
func (s *Service) record(ctx context.Context, c *Change, e HistoryEntry) {
	m, err := s.Store.GetRegisteredModel(ctx, c.Model)
	if err != nil {
		c.Warnings = append(c.Warnings, fmt.Sprintf("could not record the move in %s: %v", HistoryTag, err))
		return
	}
	raw, _ := m.Tag(HistoryTag)
	h, perr := ParseHistory(raw)
	if perr != nil {
		c.Warnings = append(c.Warnings, perr.Error()+"; starting a new history")
	}
	h = h.Append(e, s.HistoryLimit)
	if err := s.Store.SetRegisteredModelTag(ctx, c.Model, HistoryTag, h.Encode()); err != nil {
		c.Warnings = append(c.Warnings, fmt.Sprintf("could not record the move in %s: %v", HistoryTag, err))
		return
	}
	c.Recorded = &e
}

func optional(v string, ok bool) *string {
	if !ok {
		return nil
	}
	return ptr(v)
}

func holderOrEmpty(v string, ok bool) string {
	if !ok {
		return ""
	}
	return v
}
