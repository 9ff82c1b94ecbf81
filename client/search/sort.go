package search

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"mltui/client"
)

// sortValue is one order_by value: a number, a string, NaN or missing.
// Present values sort first, then NaN, then missing, in either direction,
// as MLflow's stores do.
type sortValue struct {
	rank  int // 0 present, 1 NaN, 2 missing
	num   float64
	str   string
	isStr bool
}

func numValue(f float64) sortValue {
	if math.IsNaN(f) {
		return sortValue{rank: 1}
	}
	return sortValue{num: f}
}

func strValue(s string, ok bool) sortValue {
	if !ok {
		return sortValue{rank: 2}
	}
	return sortValue{str: s, isStr: true}
}

var missing = sortValue{rank: 2}

func compareValues(a, b sortValue, asc bool) int {
	if a.rank != b.rank {
		return cmp.Compare(a.rank, b.rank)
	}
	if a.rank != 0 {
		return 0
	}
	var c int
	if a.isStr || b.isStr {
		c = cmp.Compare(a.str, b.str)
	} else {
		c = cmp.Compare(a.num, b.num)
	}
	if !asc {
		c = -c
	}
	return c
}

func runSortValue(r client.Run, o OrderBy) sortValue {
	switch o.Kind {
	case Metric:
		m, ok := r.Metric(o.Key)
		if !ok {
			return missing
		}
		return numValue(m.Value)
	case Param:
		return strValue(r.Param(o.Key))
	case Tag:
		return strValue(r.Tag(o.Key))
	}
	switch o.Key {
	case "start_time":
		return numValue(float64(r.Info.StartTime))
	case "end_time":
		if r.Info.EndTime == 0 {
			return missing
		}
		return numValue(float64(r.Info.EndTime))
	case "run_id":
		return strValue(r.Info.RunID, true)
	case "run_name":
		return strValue(r.Info.RunName, r.Info.RunName != "")
	case "user_id":
		return strValue(r.Info.UserID, true)
	case "status":
		return strValue(string(r.Info.Status), true)
	case "artifact_uri":
		return strValue(r.Info.ArtifactURI, true)
	}
	return missing
}

// SortRuns orders runs by order, then start_time DESC and run_id, as
// MLflow does.
func SortRuns(runs []client.Run, order []OrderBy) {
	startGiven := slices.ContainsFunc(order, func(o OrderBy) bool { return o.Kind == Attribute && o.Key == "start_time" })
	slices.SortStableFunc(runs, func(a, b client.Run) int {
		for _, o := range order {
			if c := compareValues(runSortValue(a, o), runSortValue(b, o), o.Asc); c != 0 {
				return c
			}
		}
		if !startGiven {
			if c := cmp.Compare(b.Info.StartTime, a.Info.StartTime); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Info.RunID, b.Info.RunID)
	})
}

// compareIDs orders experiment IDs as numbers when both are numbers (SQL
// stores hold integers), as strings otherwise.
func compareIDs(a, b string) int {
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return cmp.Compare(a, b)
}

// DefaultExperimentOrder is MLflow's experiment order when none is given.
var DefaultExperimentOrder = []OrderBy{{Attribute, "creation_time", false}, {Attribute, "experiment_id", true}}

// withTieBreak is order with key appended as a last tie-breaker unless
// order already names it; order itself is never changed.
func withTieBreak(order []OrderBy, key string, asc bool) []OrderBy {
	if slices.ContainsFunc(order, func(o OrderBy) bool { return o.Key == key }) {
		return order
	}
	return append(slices.Clone(order), OrderBy{Attribute, key, asc})
}

// sortByKeys sorts items stably by the order_by keys in turn; compareKey
// compares two items on one key, ascending (0 for a key it does not know).
func sortByKeys[T any](items []T, order []OrderBy, compareKey func(a, b T, key string) int) {
	slices.SortStableFunc(items, func(a, b T) int {
		for _, o := range order {
			c := compareKey(a, b, o.Key)
			if !o.Asc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

// SortExperiments orders experiments; nil order means DefaultExperimentOrder.
// Without an experiment_id key, ties fall back to experiment_id DESC (MLflow's tie-breaker).
func SortExperiments(exps []client.Experiment, order []OrderBy) {
	if len(order) == 0 {
		order = DefaultExperimentOrder
	}
	sortByKeys(exps, withTieBreak(order, "experiment_id", false), func(a, b client.Experiment, key string) int {
		switch key {
		case "name":
			return cmp.Compare(a.Name, b.Name)
		case "experiment_id":
			return compareIDs(a.ID, b.ID)
		case "creation_time":
			return cmp.Compare(a.CreationTime, b.CreationTime)
		case "last_update_time":
			return cmp.Compare(a.LastUpdateTime, b.LastUpdateTime)
		}
		return 0
	})
}

// SortModels orders registered models; ties fall back to name ASC.
func SortModels(models []client.RegisteredModel, order []OrderBy) {
	sortByKeys(models, withTieBreak(order, "name", true), func(a, b client.RegisteredModel, key string) int {
		switch key {
		case "name":
			return cmp.Compare(a.Name, b.Name)
		case "creation_timestamp":
			return cmp.Compare(a.CreationTimestamp, b.CreationTimestamp)
		case "last_updated_timestamp", "timestamp":
			return cmp.Compare(a.LastUpdatedTimestamp, b.LastUpdatedTimestamp)
		}
		return 0
	})
}

// DefaultVersionOrder is MLflow's model-version order when none is given.
var DefaultVersionOrder = []OrderBy{{Attribute, "last_updated_timestamp", false}, {Attribute, "name", true}, {Attribute, "version_number", false}}

func versionNumber(v client.ModelVersion) int64 {
	n, _ := strconv.ParseInt(v.Version, 10, 64)
	return n
}

// SortVersions orders model versions; nil order means DefaultVersionOrder,
// and ties fall back to name ASC, version DESC.
func SortVersions(vs []client.ModelVersion, order []OrderBy) {
	if len(order) == 0 {
		order = DefaultVersionOrder
	}
	order = withTieBreak(withTieBreak(order, "name", true), "version_number", false)
	sortByKeys(vs, order, func(a, b client.ModelVersion, key string) int {
		switch key {
		case "name":
			return cmp.Compare(a.Name, b.Name)
		case "version_number":
			return cmp.Compare(versionNumber(a), versionNumber(b))
		case "creation_timestamp":
			return cmp.Compare(a.CreationTimestamp, b.CreationTimestamp)
		case "last_updated_timestamp":
			return cmp.Compare(a.LastUpdatedTimestamp, b.LastUpdatedTimestamp)
		}
		return 0
	})
}

// SortLoggedModels orders logged models as MLflow does by default:
// creation time DESC, then model ID.
func SortLoggedModels(ms []client.LoggedModel) {
	slices.SortStableFunc(ms, func(a, b client.LoggedModel) int {
		if c := cmp.Compare(b.CreationTimestampMs, a.CreationTimestampMs); c != 0 {
			return c
		}
		return cmp.Compare(a.ModelID, b.ModelID)
	})
}
