package rest

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"mltui/client"
	"mltui/testenv"
)

// The integration tests compare what this client returns with what the
// MLflow Python client returns (testenv/dump.py), so the Go side is
// converted into dump.py's shapes here. The conversions only rename and
// regroup (tags as maps, an unset end time as null); they never fill in
// values the Go client did not return.

func tagMap(tags []client.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[t.Key] = t.Value
	}
	return m
}

func paramMap(ps []client.Param) map[string]string {
	m := map[string]string{}
	for _, p := range ps {
		m[p.Key] = p.Value
	}
	return m
}

func dumpMetric(m client.Metric) testenv.DumpMetric {
	return testenv.DumpMetric{Key: m.Key, Value: testenv.Float(m.Value), Timestamp: m.Timestamp, Step: m.Step}
}

func dumpMetrics(ms []client.Metric) []testenv.DumpMetric {
	out := []testenv.DumpMetric{}
	for _, m := range ms {
		out = append(out, dumpMetric(m))
	}
	return out
}

func dumpExperiment(e client.Experiment) testenv.DumpExperiment {
	return testenv.DumpExperiment{ExperimentID: e.ID, Name: e.Name, ArtifactLocation: e.ArtifactLocation,
		LifecycleStage: e.LifecycleStage, CreationTime: e.CreationTime, LastUpdateTime: e.LastUpdateTime, Tags: tagMap(e.Tags)}
}

func dumpRun(r client.Run) testenv.DumpRun {
	var d testenv.DumpRun
	i := r.Info
	d.Info.RunID, d.Info.RunName, d.Info.ExperimentID, d.Info.UserID = i.RunID, i.RunName, i.ExperimentID, i.UserID
	d.Info.Status, d.Info.StartTime, d.Info.ArtifactURI, d.Info.LifecycleStage = string(i.Status), i.StartTime, i.ArtifactURI, i.LifecycleStage
	if i.EndTime != 0 {
		end := i.EndTime
		d.Info.EndTime = &end
	}
	ms := append([]client.Metric(nil), r.Data.Metrics...)
	sort.Slice(ms, func(a, b int) bool { return ms[a].Key < ms[b].Key })
	d.Data.Metrics = dumpMetrics(ms)
	d.Data.Params, d.Data.Tags = paramMap(r.Data.Params), tagMap(r.Data.Tags)
	for _, in := range r.Inputs.Datasets {
		d.Inputs.DatasetInputs = append(d.Inputs.DatasetInputs, testenv.DumpDatasetInput{Tags: tagMap(in.Tags), Dataset: testenv.DumpDataset(in.Dataset)})
	}
	d.Inputs.ModelInputs = r.Inputs.ModelInputs
	for _, o := range r.Outputs.ModelOutputs {
		d.Outputs.ModelOutputs = append(d.Outputs.ModelOutputs, testenv.DumpModelOutput(o))
	}
	return d
}

func dumpRegisteredModel(m client.RegisteredModel) testenv.DumpRegisteredModel {
	d := testenv.DumpRegisteredModel{Name: m.Name, CreationTimestamp: m.CreationTimestamp,
		LastUpdatedTimestamp: m.LastUpdatedTimestamp, Description: m.Description, Tags: tagMap(m.Tags), Aliases: map[string]string{}}
	for _, a := range m.Aliases {
		d.Aliases[a.Alias] = a.Version
	}
	latest := append([]client.ModelVersion(nil), m.LatestVersions...)
	sort.Slice(latest, func(a, b int) bool { return versionNum(latest[a].Version) < versionNum(latest[b].Version) })
	for _, v := range latest {
		d.LatestVersions = append(d.LatestVersions, struct {
			Version      string `json:"version"`
			CurrentStage string `json:"current_stage"`
		}{v.Version, v.CurrentStage})
	}
	return d
}

func versionNum(v string) int {
	n, _ := strconv.Atoi(v)
	return n
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func dumpModelVersion(v client.ModelVersion) testenv.DumpModelVersion {
	aliases := append([]string{}, v.Aliases...)
	sort.Strings(aliases)
	return testenv.DumpModelVersion{Name: v.Name, Version: v.Version, CreationTimestamp: v.CreationTimestamp,
		LastUpdatedTimestamp: v.LastUpdatedTimestamp, CurrentStage: v.CurrentStage, Description: v.Description,
		Source: v.Source, RunID: v.RunID, RunLink: v.RunLink, Status: v.Status, StatusMessage: v.StatusMessage,
		UserID: v.UserID, Tags: tagMap(v.Tags), Aliases: aliases, ModelID: strPtr(v.ModelID)}
}

// loggedModelStatus maps the wire enum to the Python entity's name.
var loggedModelStatus = map[string]string{
	"LOGGED_MODEL_STATUS_UNSPECIFIED": "UNSPECIFIED", "LOGGED_MODEL_PENDING": "PENDING",
	"LOGGED_MODEL_READY": "READY", "LOGGED_MODEL_UPLOAD_FAILED": "FAILED",
}

func dumpLoggedModel(m client.LoggedModel) testenv.DumpLoggedModel {
	d := testenv.DumpLoggedModel{ModelID: m.ModelID, ExperimentID: m.ExperimentID, Name: m.Name, ArtifactLocation: m.ArtifactURI,
		CreationTimestamp: m.CreationTimestampMs, LastUpdatedTimestamp: m.LastUpdatedTimestampMs,
		Status: firstNonEmpty(loggedModelStatus[m.Status], m.Status), ModelType: strPtr(m.ModelType), SourceRunID: m.SourceRunID,
		StatusMessage: strPtr(m.StatusMessage), Tags: tagMap(m.Tags), Params: paramMap(m.Params)}
	for _, x := range m.Metrics {
		d.Metrics = append(d.Metrics, struct {
			Key           string        `json:"key"`
			Value         testenv.Float `json:"value"`
			Timestamp     int64         `json:"timestamp"`
			Step          int64         `json:"step"`
			DatasetName   *string       `json:"dataset_name"`
			DatasetDigest *string       `json:"dataset_digest"`
			RunID         string        `json:"run_id"`
		}{x.Key, testenv.Float(x.Value), x.Timestamp, x.Step, strPtr(x.DatasetName), strPtr(x.DatasetDigest), x.RunID})
	}
	return d
}

// diff compares two values deeply and lists the differences by path. NaN
// equals NaN, a nil map or slice equals an empty one, and a nil *string
// equals a pointer to "" (Python writes None where Go has no value).
func diff(path string, a, b any) []string {
	var out []string
	diffValue(path, reflect.ValueOf(a), reflect.ValueOf(b), &out)
	return out
}

func diffValue(path string, a, b reflect.Value, out *[]string) {
	if len(*out) > 20 {
		return
	}
	if !a.IsValid() || !b.IsValid() {
		if a.IsValid() != b.IsValid() {
			*out = append(*out, fmt.Sprintf("%s: %v vs %v", path, a, b))
		}
		return
	}
	switch a.Kind() {
	case reflect.Pointer:
		az, bz := a.IsNil() || a.Elem().IsZero(), b.IsNil() || b.Elem().IsZero()
		if az && bz {
			return
		}
		if az != bz {
			*out = append(*out, fmt.Sprintf("%s: %s vs %s", path, show(a), show(b)))
			return
		}
		diffValue(path, a.Elem(), b.Elem(), out)
	case reflect.Struct:
		for i := range a.NumField() {
			diffValue(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i), out)
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			*out = append(*out, fmt.Sprintf("%s: length %d vs %d", path, a.Len(), b.Len()))
			return
		}
		for i := range a.Len() {
			diffValue(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), out)
		}
	case reflect.Map:
		keys := map[string]bool{}
		for _, k := range a.MapKeys() {
			keys[k.String()] = true
		}
		for _, k := range b.MapKeys() {
			keys[k.String()] = true
		}
		for k := range keys {
			kv := reflect.ValueOf(k)
			av, bv := a.MapIndex(kv), b.MapIndex(kv)
			if !av.IsValid() || !bv.IsValid() {
				*out = append(*out, fmt.Sprintf("%s[%q]: %s vs %s", path, k, show(av), show(bv)))
				continue
			}
			diffValue(fmt.Sprintf("%s[%q]", path, k), av, bv, out)
		}
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		if x != y && !(math.IsNaN(x) && math.IsNaN(y)) {
			*out = append(*out, fmt.Sprintf("%s: %v vs %v", path, x, y))
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*out = append(*out, fmt.Sprintf("%s: %s vs %s", path, show(a), show(b)))
		}
	}
}

func show(v reflect.Value) string {
	if !v.IsValid() {
		return "<missing>"
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "nil"
		}
		v = v.Elem()
	}
	s := fmt.Sprintf("%#v", v.Interface())
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ReplaceAll(s, "\n", " ")
}
