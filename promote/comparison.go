package promote

import (
	"context"

	"mltui/diff"
)

// MetricComparison is the metric part of the diff package's version diff,
// the holder (from) as baseline: the promotion dialog and `mltui promote`
// show it beside the gates.
func MetricComparison(from, to diff.VersionSide, lowerIsBetter func(string) bool) diff.Table {
	t := diff.Versions(from, to, diff.Options{LowerIsBetter: lowerIsBetter})
	rows := make([]diff.Row, 0, len(t.Rows))
	for _, r := range t.Rows {
		if r.Section == diff.SectionMetrics {
			rows = append(rows, r)
		}
	}
	t.Rows = rows
	return t
}

// LoadSide reads a version and its source run for a comparison. A source
// run that cannot be read leaves Run nil: the comparison then shows its
// metrics as missing rather than failing.
func LoadSide(ctx context.Context, s Reader, model, version string) (diff.VersionSide, error) {
	mv, err := s.GetModelVersion(ctx, model, version)
	if err != nil {
		return diff.VersionSide{}, err
	}
	side := diff.VersionSide{Version: mv}
	if mv.RunID != "" {
		if r, err := s.GetRun(ctx, mv.RunID); err == nil {
			side.Run = &r
		}
	}
	return side, nil
}
