package promote

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"mltui/client"
	"mltui/client/search"
	"mltui/config"
)

// LoggedModelReady is the status a logged model must have to be registered.
const LoggedModelReady = "LOGGED_MODEL_READY"

// ModelState is what the screen showed about the registered model before
// asking to register into it.
type ModelState int

const (
	// AnyModel: register whether the model exists or not (as
	// mlflow.register_model does).
	AnyModel ModelState = iota
	// NewModel: the model did not exist; refuse if someone made it since.
	NewModel
	// ExistingModel: the model existed; refuse if it is gone.
	ExistingModel
)

// RegisterOptions are the optional parts of a registration.
type RegisterOptions struct {
	// Expect is what the confirm dialog said about the model.
	Expect ModelState
	// Description of the new version ("" none).
	Description string
	// Alias, when set, is moved to the new version afterwards with
	// MoveAlias and its guards; AliasExpect is the holder the screen
	// showed (Unchecked(): whatever holds it now).
	Alias       string
	AliasExpect Expect
	// Config, when set, names the gates to report on the new version.
	Config *config.Config
}

// Registration is the outcome of RegisterLoggedModel.
type Registration struct {
	// Change lists what was created: the model (if it was) and version N.
	Change Change
	// Version is the new version as read back.
	Version client.ModelVersion
	// CreatedModel is set when this call created the registered model.
	CreatedModel bool
	// Alias is the alias move's report, when one was asked for and tried.
	Alias *Change
	// AliasErr is why the alias was not moved (the version exists anyway).
	AliasErr error
	// Gates is the gate report on the new version, when the config has
	// gates for the model.
	Gates *GateReport
}

// Lines is the whole report: the creation, the alias move, the gates.
func (r Registration) Lines() []string {
	out := r.Change.Lines()
	if r.Alias != nil {
		out = append(out, r.Alias.Lines()...)
	}
	if r.AliasErr != nil {
		out = append(out, "  alias not moved: "+r.AliasErr.Error())
	}
	if r.Gates != nil {
		verdict := "all pass"
		if !r.Gates.Passed {
			verdict = fmt.Sprintf("%d of %d fail", r.Gates.Failed(), len(r.Gates.Results))
		}
		out = append(out, fmt.Sprintf("gates on v%s (metrics from %s): %s", r.Gates.Version, r.Gates.Source, verdict))
		for _, g := range r.Gates.Results {
			line := fmt.Sprintf("  %s %s", g.Status, g.Gate)
			if g.Reason != "" {
				line += " — " + g.Reason
			}
			out = append(out, line)
		}
	}
	return out
}

// RegisterAction is the report's title: "register models:/m-… as a new
// version of NAME".
func RegisterAction(model, loggedModelID string) string {
	return fmt.Sprintf("register models:/%s as a new version of %s", loggedModelID, model)
}

// RegisterLoggedModel makes a new version of model from an MLflow 3 logged
// model, as mlflow.register_model("models:/<id>", model) does: the
// registered model is created first if it does not exist, then the version
// with source models:/<id> and model_id <id> (the store fills run_id with
// the logged model's source run).
//
// Guards: refused in read-only mode; the model is read first (or found
// absent) and checked against opt.Expect; the logged model is re-read right
// before writing and must exist and be READY; after the create the version
// and model are read back and the report lists exactly what was created,
// with anything the read-back shows that this call did not do. The create
// itself is not repeated on failure (a retried create would make a second
// version).
func (s *Service) RegisterLoggedModel(ctx context.Context, model, loggedModelID string, opt RegisterOptions) (Registration, error) {
	op := "register " + loggedModelID
	reg := Registration{Change: Change{Action: RegisterAction(model, loggedModelID), Model: model}}
	if err := search.ValidateModelName(model); err != nil {
		return reg, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: err.Error()}
	}
	if strings.TrimSpace(loggedModelID) == "" || strings.ContainsAny(loggedModelID, "/@") {
		return reg, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: fmt.Sprintf("%q is not a logged model ID", loggedModelID)}
	}
	if opt.Alias != "" {
		if err := ValidateAlias(opt.Alias); err != nil {
			return reg, &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: err.Error()}
		}
	}
	if err := s.refuseIfReadOnly(op); err != nil {
		return reg, err
	}

	// The model as it is now, or its absence.
	before, err := s.Store.GetRegisteredModel(ctx, model)
	exists := err == nil
	if err != nil && client.KindOf(err) != client.KindNotFound {
		return reg, fmt.Errorf("%s: read model %s: %w", op, model, err)
	}
	switch {
	case opt.Expect == NewModel && exists:
		return reg, &client.Error{Kind: client.KindConflict, Op: op,
			Message: fmt.Sprintf("registered model %s now exists (it did not when this was confirmed); nothing was written", model)}
	case opt.Expect == ExistingModel && !exists:
		return reg, &client.Error{Kind: client.KindConflict, Op: op,
			Message: fmt.Sprintf("registered model %s no longer exists; nothing was written", model)}
	}

	// The logged model, right before writing.
	lm, err := s.Store.GetLoggedModel(ctx, loggedModelID)
	if err != nil {
		return reg, fmt.Errorf("%s: read logged model: %w; nothing was written", op, err)
	}
	if lm.Status != LoggedModelReady {
		return reg, &client.Error{Kind: client.KindConflict, Op: op,
			Message: fmt.Sprintf("logged model %s (%s) is %s, not READY: MLflow registers only finished models; nothing was written",
				loggedModelID, lm.Name, strings.TrimPrefix(lm.Status, "LOGGED_MODEL_"))}
	}

	var intended []FieldChange
	if !exists {
		_, err := s.Store.CreateRegisteredModel(ctx, model)
		switch {
		case err == nil:
			reg.CreatedModel = true
			intended = append(intended, FieldChange{Object: model, Field: "registered model", After: ptr("created")})
		case client.KindOf(err) == client.KindAlreadyExists && opt.Expect != NewModel:
			// Someone made it in between: go on as mlflow.register_model does.
			reg.Change.Unexpected = append(reg.Change.Unexpected,
				fmt.Sprintf("registered model %s was created by someone else meanwhile; the version was added to it", model))
		case client.KindOf(err) == client.KindAlreadyExists:
			return reg, &client.Error{Kind: client.KindConflict, Op: op,
				Message: fmt.Sprintf("registered model %s was created by someone else meanwhile; nothing was written", model), Err: err}
		default:
			return reg, fmt.Errorf("%s: create registered model %s: %w; nothing was written", op, model, err)
		}
	}

	source := "models:/" + loggedModelID
	v, err := s.Store.CreateModelVersion(ctx, client.CreateVersion{Name: model, Source: source, ModelID: loggedModelID, Description: opt.Description})
	if err != nil {
		reg.Change.Fields = intended
		return reg, fmt.Errorf("%s: create version: %w", op, err)
	}
	obj := model + " v" + v.Version
	intended = append(intended, FieldChange{Object: obj, Field: "version", After: ptr("created")},
		FieldChange{Object: obj, Field: "source", After: ptr(source)})
	if v.RunID != "" {
		intended = append(intended, FieldChange{Object: obj, Field: "run_id", After: ptr(v.RunID)})
	}

	// Read back.
	reg.Version = v
	reg.Change.Fields = intended
	if back, err := s.Store.GetModelVersion(ctx, model, v.Version); err != nil {
		reg.Change.Warnings = append(reg.Change.Warnings, fmt.Sprintf("the version was created but reading it back failed (%v); the changes listed are what was written, not confirmed", err))
	} else {
		reg.Version = back
		if back.Source != source || back.LoggedModelID() != loggedModelID {
			reg.Change.Unexpected = append(reg.Change.Unexpected,
				fmt.Sprintf("%s v%s reads back with source %q, not %s", model, v.Version, back.Source, source))
		}
		if lm.SourceRunID != "" && back.RunID != lm.SourceRunID {
			reg.Change.Unexpected = append(reg.Change.Unexpected,
				fmt.Sprintf("%s v%s reads back with run %q, not the logged model's run %s", model, v.Version, back.RunID, lm.SourceRunID))
		}
	}
	if after, err := s.Store.GetRegisteredModel(ctx, model); err != nil {
		reg.Change.Warnings = append(reg.Change.Warnings, fmt.Sprintf("reading %s back failed: %v", model, err))
	} else if exists {
		for _, f := range Diff(Snapshot{Model: before}, Snapshot{Model: after}) {
			reg.Change.Unexpected = append(reg.Change.Unexpected, "changed by someone else meanwhile: "+f.String())
		}
	}
	if back, err := s.Store.GetLoggedModel(ctx, loggedModelID); err == nil {
		raw, _ := findTag(back.Tags, client.ModelVersionsTag)
		if !linksVersion(raw, model, v.Version) {
			reg.Change.Warnings = append(reg.Change.Warnings, fmt.Sprintf("logged model %s does not list %s v%s in its %s tag", loggedModelID, model, v.Version, client.ModelVersionsTag))
		}
	}

	if opt.Alias != "" {
		ac, err := s.MoveAlias(ctx, Move{Model: model, Alias: opt.Alias, To: reg.Version.Version, Expect: opt.AliasExpect, Note: "register"})
		if err != nil {
			reg.AliasErr = err
		} else {
			reg.Alias = &ac
		}
	}
	if opt.Config != nil && len(GatesFor(opt.Config.Registry, model)) > 0 {
		rep, err := Evaluate(ctx, s.Store, opt.Config, model, reg.Version.Version)
		if err != nil {
			reg.Change.Warnings = append(reg.Change.Warnings, fmt.Sprintf("gates could not be evaluated: %v", err))
		} else {
			reg.Gates = &rep
		}
	}
	return reg, nil
}

func findTag(tags []client.Tag, key string) (string, bool) {
	for _, t := range tags {
		if t.Key == key {
			return t.Value, true
		}
	}
	return "", false
}

// linksVersion reports whether a logged model's mlflow.modelVersions tag
// lists version of model (the version a number or a string: MLflow writes
// both).
func linksVersion(raw, model, version string) bool {
	var links []map[string]any
	if json.Unmarshal([]byte(raw), &links) != nil {
		return false
	}
	for _, l := range links {
		if l["name"] != model {
			continue
		}
		switch v := l["version"].(type) {
		case string:
			if v == version {
				return true
			}
		case float64:
			if strconv.FormatFloat(v, 'f', -1, 64) == version {
				return true
			}
		}
	}
	return false
}
