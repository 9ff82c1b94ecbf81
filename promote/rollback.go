package promote

import (
	"context"
	"fmt"

	"mltui/client"
)

// RollbackPlan says where a rollback would move an alias, and why.
type RollbackPlan struct {
	Alias string
	From  string // current holder ("" none)
	To    string // previous holder ("" means the alias did not exist: delete it)
	Basis string // "history" or "previous_version tag"
}

// String renders "champion v4 → v3 (from history)".
func (p RollbackPlan) String() string {
	return fmt.Sprintf("%s %s → %s (from %s)", p.Alias, showVersion(p.From), showVersion(p.To), p.Basis)
}

// PlanRollback finds the previous holder of alias: the newest recorded move
// that put the current holder there, else the current holder's
// previous_version tag (set by mltui when it promoted that version).
// holder is the current holder's version record, if it is loaded.
func PlanRollback(m client.RegisteredModel, holderVersion *client.ModelVersion, alias string) (RollbackPlan, error) {
	cur, held := m.AliasVersion(alias)
	p := RollbackPlan{Alias: alias, From: holderOrEmpty(cur, held)}
	raw, _ := m.Tag(HistoryTag)
	h, _ := ParseHistory(raw) // a damaged history falls through to the tag
	if last, ok := h.Last(alias); ok && last.To == p.From {
		p.To, p.Basis = last.From, "history"
		return p, nil
	}
	if held && holderVersion != nil && holderVersion.Version == cur {
		promotedAlias, _ := holderVersion.Tag(TagPromotedAlias)
		if prev, ok := holderVersion.Tag(TagPreviousVersion); ok && (promotedAlias == "" || promotedAlias == alias) {
			if prev == "none" {
				prev = ""
			}
			p.To, p.Basis = prev, TagPreviousVersion+" tag"
			return p, nil
		}
	}
	return p, &client.Error{Kind: client.KindNotFound, Op: "rollback " + alias,
		Message: fmt.Sprintf("no recorded previous holder of %s on %s (mltui records moves it makes; this alias was last moved elsewhere)", alias, m.Name)}
}

// Rollback moves alias back to its previous holder, itself a guarded move:
// expect is the holder the screen showed.
func (s *Service) Rollback(ctx context.Context, model, alias string, expect Expect) (Change, RollbackPlan, error) {
	op := "rollback " + alias
	if err := s.refuseIfReadOnly(op); err != nil {
		return Change{}, RollbackPlan{}, err
	}
	m, err := s.Store.GetRegisteredModel(ctx, model)
	if err != nil {
		return Change{}, RollbackPlan{}, fmt.Errorf("%s: read model %s: %w", op, model, err)
	}
	cur, held := m.AliasVersion(alias)
	if !expect.Matches(cur, held) {
		return Change{}, RollbackPlan{}, newConflict(op, model, "alias "+alias, expect, cur, held, Snapshot{Model: m, Versions: map[string]client.ModelVersion{}})
	}
	var hv *client.ModelVersion
	if held {
		v, err := s.Store.GetModelVersion(ctx, model, cur)
		if err != nil {
			return Change{}, RollbackPlan{}, fmt.Errorf("%s: read v%s: %w", op, cur, err)
		}
		hv = &v
	}
	plan, err := PlanRollback(m, hv, alias)
	if err != nil {
		return Change{}, plan, err
	}
	var c Change
	if plan.To == "" {
		c, err = s.DeleteAlias(ctx, model, alias, Holder(plan.From), "rollback")
	} else {
		c, err = s.MoveAlias(ctx, Move{Model: model, Alias: alias, To: plan.To, Expect: Holder(plan.From), Note: "rollback"})
	}
	if err == nil {
		c.Action = "rollback " + plan.String()
	}
	return c, plan, err
}
