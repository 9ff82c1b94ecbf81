package promote

import (
	"context"
	"fmt"
	"strings"

	"mltui/client"
)

// SetVersionTag sets a version tag after checking it still has the value
// the screen showed.
func (s *Service) SetVersionTag(ctx context.Context, model, version, key, value string, expect Expect) (Change, error) {
	op := fmt.Sprintf("set tag %s on v%s", key, version)
	return s.editVersionTag(ctx, op, model, version, key, ptr(value), expect)
}

// DeleteVersionTag deletes a version tag after the same check. MLflow
// requires MANAGE permission for this.
func (s *Service) DeleteVersionTag(ctx context.Context, model, version, key string, expect Expect) (Change, error) {
	op := fmt.Sprintf("delete tag %s on v%s", key, version)
	return s.editVersionTag(ctx, op, model, version, key, nil, expect)
}

func (s *Service) editVersionTag(ctx context.Context, op, model, version, key string, value *string, expect Expect) (Change, error) {
	if strings.TrimSpace(key) == "" {
		return Change{}, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: "tag key cannot be empty"}
	}
	c, before, err := s.begin(ctx, op, model, version)
	if err != nil {
		return c, err
	}
	cur, present := before.Versions[version].Tag(key)
	field := fmt.Sprintf("v%s tag %s", version, key)
	if !expect.Matches(cur, present) {
		return c, newConflict(op, model, field, expect, cur, present, before)
	}
	if (value == nil && !present) || (value != nil && present && cur == *value) {
		c.NoOp = true
		return c, nil
	}
	if value == nil {
		err = s.Store.DeleteModelVersionTag(ctx, model, version, key)
	} else {
		err = s.Store.SetModelVersionTag(ctx, model, version, key, *value)
	}
	if err != nil {
		return c, fmt.Errorf("%s: %w", op, err)
	}
	return s.finish(ctx, c, before, []FieldChange{versionTagChange(before, model, version, key, value)}, false)
}

// SetVersionDescription replaces a version's description after checking it
// is still what the screen showed.
func (s *Service) SetVersionDescription(ctx context.Context, model, version, description string, expect Expect) (Change, error) {
	op := fmt.Sprintf("edit description of v%s", version)
	c, before, err := s.begin(ctx, op, model, version)
	if err != nil {
		return c, err
	}
	cur := before.Versions[version].Description
	if !expect.Matches(cur, true) {
		return c, newConflict(op, model, fmt.Sprintf("v%s description", version), expect, cur, true, before)
	}
	if cur == description {
		c.NoOp = true
		return c, nil
	}
	if _, err := s.Store.UpdateModelVersionDescription(ctx, model, version, description); err != nil {
		return c, fmt.Errorf("%s: %w", op, err)
	}
	intended := []FieldChange{{Object: model + " v" + version, Field: "description", Before: ptr(cur), After: ptr(description)}}
	return s.finish(ctx, c, before, intended, false)
}

// SetModelDescription replaces the registered model's description.
func (s *Service) SetModelDescription(ctx context.Context, model, description string, expect Expect) (Change, error) {
	op := "edit description of " + model
	c, before, err := s.begin(ctx, op, model)
	if err != nil {
		return c, err
	}
	cur := before.Model.Description
	if !expect.Matches(cur, true) {
		return c, newConflict(op, model, "description", expect, cur, true, before)
	}
	if cur == description {
		c.NoOp = true
		return c, nil
	}
	if _, err := s.Store.UpdateRegisteredModelDescription(ctx, model, description); err != nil {
		return c, fmt.Errorf("%s: %w", op, err)
	}
	intended := []FieldChange{{Object: model, Field: "description", Before: ptr(cur), After: ptr(description)}}
	return s.finish(ctx, c, before, intended, false)
}

// NormalizeStage matches a stage name case-insensitively, as the server does.
func NormalizeStage(stage string) (string, error) {
	for _, s := range client.Stages() {
		if strings.EqualFold(s, strings.TrimSpace(stage)) {
			return s, nil
		}
	}
	return "", fmt.Errorf("unknown stage %q: use None, Staging, Production or Archived", stage)
}

// ArchiveAllowed says whether archive_existing_versions may be set for a
// target stage: the server accepts it only for Staging and Production.
func ArchiveAllowed(stage string) bool {
	return stage == client.StageStaging || stage == client.StageProduction
}

// TransitionStage moves a version to a legacy stage, optionally archiving
// the other versions in that stage. It checks the version's stage is still
// what the screen showed, and reads back every version so archived ones
// are reported too.
func (s *Service) TransitionStage(ctx context.Context, model, version, stage string, archiveExisting bool, expect Expect) (Change, error) {
	op := fmt.Sprintf("move v%s to stage %s", version, stage)
	norm, err := NormalizeStage(stage)
	if err != nil {
		return Change{}, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: err.Error()}
	}
	stage = norm
	op = fmt.Sprintf("move v%s to stage %s", version, stage)
	if archiveExisting {
		if !ArchiveAllowed(stage) {
			return Change{}, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: "archiving existing versions is only possible when moving to Staging or Production"}
		}
		op += " (archiving the others there)"
	}
	if err := s.refuseIfReadOnly(op); err != nil {
		return Change{}, err
	}
	c := Change{Action: op, Model: model}
	before, err := s.snapshotAll(ctx, model)
	if err != nil {
		return c, fmt.Errorf("%s: %w", op, err)
	}
	mv, ok := before.Versions[version]
	if !ok {
		return c, &client.Error{Kind: client.KindNotFound, Op: op, Message: fmt.Sprintf("%s has no version %s", model, version)}
	}
	if !expect.Matches(mv.CurrentStage, true) {
		return c, newConflict(op, model, fmt.Sprintf("v%s stage", version), expect, mv.CurrentStage, true, before)
	}
	intended := []FieldChange{}
	if mv.CurrentStage != stage {
		intended = append(intended, FieldChange{Object: model + " v" + version, Field: "stage", Before: ptr(mv.CurrentStage), After: ptr(stage)})
	}
	if archiveExisting {
		for _, v := range versionKeys(before.Versions, nil) {
			o := before.Versions[v]
			if v != version && o.CurrentStage == stage {
				intended = append(intended, FieldChange{Object: model + " v" + v, Field: "stage", Before: ptr(stage), After: ptr(client.StageArchived)})
			}
		}
	}
	if len(intended) == 0 {
		c.NoOp = true
		return c, nil
	}
	if _, err := s.Store.TransitionStage(ctx, model, version, stage, archiveExisting); err != nil {
		return c, fmt.Errorf("%s: %w", op, err)
	}
	return s.finish(ctx, c, before, intended, true)
}

// begin starts a write: refused in read-only mode, else the model (and
// versions) as they are now, which the write checks against and reports
// from.
func (s *Service) begin(ctx context.Context, op, model string, versions ...string) (Change, Snapshot, error) {
	if err := s.refuseIfReadOnly(op); err != nil {
		return Change{}, Snapshot{}, err
	}
	c := Change{Action: op, Model: model}
	before, err := s.snapshot(ctx, model, versions...)
	if err != nil {
		return c, before, fmt.Errorf("%s: %w", op, err)
	}
	return c, before, nil
}
