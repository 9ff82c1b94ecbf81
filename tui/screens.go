package tui

import (
	"mltui/views"
	"mltui/views/artifacts"
	chartview "mltui/views/chart"
	"mltui/views/checkpoints"
	diffview "mltui/views/diff"
	"mltui/views/experiments"
	"mltui/views/groups"
	"mltui/views/parallel"
	"mltui/views/registry"
	"mltui/views/rundetail"
	"mltui/views/runs"
	"mltui/views/scatter"
	"mltui/views/system"
)

// Factories maps every screen kind to its constructor. To add a screen,
// write its package under views/ and add one line here.
func Factories() map[views.Kind]views.Factory {
	return map[views.Kind]views.Factory{
		views.KindExperiments: experiments.New,
		views.KindRuns:        runs.New,
		views.KindRun:         rundetail.New,
		views.KindDiff:        diffview.New,
		views.KindChart:       chartview.New,
		views.KindModels:      registry.NewModels, views.KindModel: registry.NewVersions, views.KindVersion: registry.NewVersion,
		views.KindArtifacts: artifacts.New,
		views.KindGroups:    groups.New, views.KindScatter: scatter.New,
		views.KindParallel:    parallel.New,
		views.KindCheckpoints: checkpoints.New,
		views.KindSystem:      system.New,
	}
}
