package diff

import (
	"sort"
	"strings"

	"mltui/client"
)

// VersionSide is one model version with its source run (nil when the
// version has no run or it could not be read).
type VersionSide struct {
	Version client.ModelVersion
	Run     *client.Run
}

// Versions compares two versions of a registered model: their registry
// fields (stage, aliases, description…), version tags, and their source
// runs' params and metrics. a is the baseline column, so deltas read as
// "b against a" (champion v3 → challenger v4).
func Versions(a, b VersionSide, o Options) Table {
	sides := []VersionSide{a, b}
	t := Table{Baseline: clamp(o.Baseline, 2)}
	for _, s := range sides {
		c := Column{Label: "v" + s.Version.Version, Sub: strings.Join(sortedAliases(s.Version.Aliases), ",")}
		if s.Run != nil {
			c.RunID = s.Run.Info.RunID
		} else {
			c.RunID = s.Version.RunID
		}
		t.Columns = append(t.Columns, c)
	}
	add := func(sec Section, key string, get func(VersionSide) (string, bool)) {
		row := Row{Section: sec, Key: key, Cells: make([]Cell, 2)}
		for i, s := range sides {
			row.Cells[i] = textCell(get(s))
		}
		finish(&row, t.Baseline)
		t.Rows = append(t.Rows, row)
	}
	nonEmpty := func(v string) (string, bool) { return v, v != "" }

	add(SectionVersion, "aliases", func(s VersionSide) (string, bool) {
		return nonEmpty(strings.Join(sortedAliases(s.Version.Aliases), ", "))
	})
	add(SectionVersion, "stage", func(s VersionSide) (string, bool) { return nonEmpty(s.Version.CurrentStage) })
	add(SectionVersion, "status", func(s VersionSide) (string, bool) { return nonEmpty(s.Version.Status) })
	add(SectionVersion, "description", func(s VersionSide) (string, bool) { return nonEmpty(s.Version.Description) })
	add(SectionVersion, "run", func(s VersionSide) (string, bool) {
		if s.Run != nil {
			return s.Run.Name() + " (" + shortID(s.Run.Info.RunID) + ")", true
		}
		return nonEmpty(s.Version.RunID)
	})
	add(SectionVersion, "source", func(s VersionSide) (string, bool) { return nonEmpty(s.Version.Source) })
	add(SectionVersion, "user", func(s VersionSide) (string, bool) { return nonEmpty(s.Version.UserID) })
	add(SectionVersion, "created", func(s VersionSide) (string, bool) {
		if s.Version.CreationTimestamp == 0 {
			return "", false
		}
		return formatTime(s.Version.CreationTimestamp, o.loc()), true
	})

	var runs []client.Run
	for _, s := range sides {
		if s.Run != nil {
			runs = append(runs, *s.Run)
		} else {
			// An empty run keeps the column: its params and metrics show as missing.
			runs = append(runs, client.Run{Info: client.RunInfo{RunID: s.Version.RunID}})
		}
	}
	for _, k := range unionKeys(runs, func(r client.Run) []string { return paramKeys(r.Data.Params) }) {
		add(SectionParams, k, func(s VersionSide) (string, bool) {
			if s.Run == nil {
				return "", false
			}
			return s.Run.Param(k)
		})
	}
	t.Rows = append(t.Rows, metricRows(runs, indexRuns(runs), t.Baseline, o)...)

	var tagKeysAll []string
	seen := map[string]bool{}
	for _, s := range sides {
		for _, tg := range s.Version.Tags {
			if !seen[tg.Key] {
				seen[tg.Key] = true
				tagKeysAll = append(tagKeysAll, tg.Key)
			}
		}
	}
	sort.Strings(tagKeysAll)
	for _, k := range tagKeysAll {
		add(SectionTags, k, func(s VersionSide) (string, bool) { return s.Version.Tag(k) })
	}
	return t
}

func sortedAliases(a []string) []string {
	out := append([]string(nil), a...)
	sort.Strings(out)
	return out
}
