package promote

import (
	"context"
	"fmt"

	"mltui/client"
	"mltui/config"
)

// TagApprovalStatus is the version tag the approval workflow sets.
const TagApprovalStatus = "approval_status"

// Approval values of TagApprovalStatus.
const (
	Approved = "approved"
	Rejected = "rejected"
)

// Approval asks to approve a version: the gate report the person saw, the
// alias to set and who the screen showed holding it.
type Approval struct {
	Model, Version string
	Shown          GateReport
	Alias          string // config.Registry.ApproveAlias
	Expect         Expect // holder of Alias as the screen showed it
	// AcceptNoGates is the explicit consent needed when no gate is configured.
	AcceptNoGates bool
}

// Approve re-runs the gates right before writing and refuses if any verdict
// differs from the report shown (the champion moved, a metric was logged),
// or if the gates fail. Then it tags approval_status=approved and moves the
// alias through the guarded MoveAlias.
func (s *Service) Approve(ctx context.Context, cfg *config.Config, a Approval) (Change, error) {
	op := fmt.Sprintf("approve v%s", a.Version)
	if err := s.refuseIfReadOnly(op); err != nil {
		return Change{}, err
	}
	if err := ValidateAlias(a.Alias); err != nil {
		return Change{}, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: "approve alias: " + err.Error()}
	}
	now, err := Evaluate(ctx, s.Store, cfg, a.Model, a.Version)
	if err != nil {
		return Change{}, fmt.Errorf("%s: %w", op, err)
	}
	if !sameVerdicts(now, a.Shown) {
		return Change{}, &client.Error{Kind: client.KindConflict, Op: op,
			Message: "the gate results changed since they were shown; nothing was written — review the new results"}
	}
	switch {
	case now.NoGates && !a.AcceptNoGates:
		return Change{}, &client.Error{Kind: client.KindInvalidParameter, Op: op,
			Message: "no gates configured for " + a.Model + "; approving needs explicit confirmation"}
	case !now.NoGates && !now.Passed:
		return Change{}, &client.Error{Kind: client.KindInvalidParameter, Op: op,
			Message: fmt.Sprintf("%d of %d gates failed; not approving", now.Failed(), len(now.Results))}
	}
	tag, err := s.SetVersionTag(ctx, a.Model, a.Version, TagApprovalStatus, Approved, Unchecked())
	if err != nil {
		return Change{}, fmt.Errorf("%s: %w", op, err)
	}
	mv, err := s.MoveAlias(ctx, Move{Model: a.Model, Alias: a.Alias, To: a.Version, Expect: a.Expect, Note: "approve"})
	merged := mergeChanges(fmt.Sprintf("approve v%s (%s=%s, alias %s)", a.Version, TagApprovalStatus, Approved, a.Alias), tag, mv)
	if err != nil {
		// The tag is written; say so along with why the alias was not.
		return merged, fmt.Errorf("%s: tagged %s=%s but did not move alias %s: %w", op, TagApprovalStatus, Approved, a.Alias, err)
	}
	return merged, nil
}

// Reject tags approval_status=rejected.
func (s *Service) Reject(ctx context.Context, model, version string) (Change, error) {
	c, err := s.SetVersionTag(ctx, model, version, TagApprovalStatus, Rejected, Unchecked())
	c.Action = fmt.Sprintf("reject v%s (%s=%s)", version, TagApprovalStatus, Rejected)
	return c, err
}

func sameVerdicts(a, b GateReport) bool {
	if a.NoGates != b.NoGates || len(a.Results) != len(b.Results) {
		return false
	}
	for i := range a.Results {
		if a.Results[i].Gate != b.Results[i].Gate || a.Results[i].Status != b.Results[i].Status ||
			a.Results[i].AgainstVersion != b.Results[i].AgainstVersion {
			return false
		}
	}
	return true
}

func mergeChanges(action string, cs ...Change) Change {
	out := Change{Action: action, NoOp: true}
	for _, c := range cs {
		if out.Model == "" {
			out.Model = c.Model
		}
		out.NoOp = out.NoOp && c.NoOp
		out.Fields = append(out.Fields, c.Fields...)
		out.Unexpected = append(out.Unexpected, c.Unexpected...)
		out.Warnings = append(out.Warnings, c.Warnings...)
		if c.Recorded != nil {
			out.Recorded = c.Recorded
		}
	}
	return out
}
