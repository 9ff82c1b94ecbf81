package chart

import (
	"mltui/client/history"
)

// SeriesOf turns a cached history into a chart series. The slices are
// shared, not copied: snapshots are never written again.
func SeriesOf(sn history.Snapshot, name string, slot int) *Series {
	return &Series{
		ID:      sn.RunID,
		Name:    name,
		Slot:    slot,
		Steps:   sn.Points.Steps,
		Times:   sn.Points.Times,
		Values:  sn.Points.Values,
		Rev:     sn.Rev,
		Sampled: sn.Quality != history.Exact && !sn.Partial,
		Partial: sn.Partial,
	}
}
