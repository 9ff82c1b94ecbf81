package keys

// Map holds every screen's keymap: the defaults, with the config's keys
// applied by Rebind. Screens copy theirs when they are built, so rebinding
// happens once, at startup, before the first screen opens.
//
// A nil *Map gives the defaults, so a screen built without one still works.
type Map struct {
	global      Global
	experiments Experiments
	runs        Runs
	run         RunDetail
	chart       Chart
	diff        Diff
	models      Models
	versions    Versions
	version     Version
	artifacts   Artifacts
	groups      Groups
	scatter     Scatter
	parallel    Parallel
	checkpoints Checkpoints
	system      System
	dialog      Dialog
}

// Defaults returns the default keymaps of every screen.
func Defaults() *Map {
	return &Map{
		global:      NewGlobal(),
		experiments: NewExperiments(),
		runs:        NewRuns(),
		run:         NewRunDetail(),
		chart:       NewChart(),
		diff:        NewDiff(),
		models:      NewModels(),
		versions:    NewVersions(false),
		version:     NewVersion(false),
		artifacts:   NewArtifacts(),
		groups:      NewGroups(),
		scatter:     NewScatter(),
		parallel:    NewParallel(),
		checkpoints: NewCheckpoints(),
		system:      NewSystem(),
		dialog:      NewDialog(),
	}
}

// Artifacts are the artifact viewer's keys.
func (m *Map) Artifacts() Artifacts {
	if m == nil {
		return NewArtifacts()
	}
	return m.artifacts
}

// Global are the shell's keys.
func (m *Map) Global() Global {
	if m == nil {
		return NewGlobal()
	}
	return m.global
}

// Experiments are the experiment list's keys.
func (m *Map) Experiments() Experiments {
	if m == nil {
		return NewExperiments()
	}
	return m.experiments
}

// Runs are the runs table's keys.
func (m *Map) Runs() Runs {
	if m == nil {
		return NewRuns()
	}
	return m.runs
}

// RunDetail are the run detail's keys.
func (m *Map) RunDetail() RunDetail {
	if m == nil {
		return NewRunDetail()
	}
	return m.run
}

// Chart are the chart screen's keys.
func (m *Map) Chart() Chart {
	if m == nil {
		return NewChart()
	}
	return m.chart
}

// Diff are the diff screen's keys.
func (m *Map) Diff() Diff {
	if m == nil {
		return NewDiff()
	}
	return m.diff
}

// Models are the registered-model list's keys.
func (m *Map) Models() Models {
	if m == nil {
		return NewModels()
	}
	return m.models
}

// Versions are the versions table's keys; readOnly hides the write
// actions from the help, as NewVersions does.
func (m *Map) Versions(readOnly bool) Versions {
	if m == nil {
		return NewVersions(readOnly)
	}
	v := m.versions
	v.ReadOnly = readOnly
	return v
}

// Version are the version detail's keys; readOnly as for Versions.
func (m *Map) Version(readOnly bool) Version {
	if m == nil {
		return NewVersion(readOnly)
	}
	v := m.version
	v.ReadOnly = readOnly
	return v
}

// Dialog are the registry dialogs' keys.
func (m *Map) Dialog() Dialog {
	if m == nil {
		return NewDialog()
	}
	return m.dialog
}

// Groups are the grouped runs screen's keys.
func (m *Map) Groups() Groups {
	if m == nil {
		return NewGroups()
	}
	return m.groups
}

// Scatter are the scatter plot's keys.
func (m *Map) Scatter() Scatter {
	if m == nil {
		return NewScatter()
	}
	return m.scatter
}

// Parallel are the parallel-coordinates screen's keys.
func (m *Map) Parallel() Parallel {
	if m == nil {
		return NewParallel()
	}
	return m.parallel
}

// Checkpoints are the checkpoints list's keys.
func (m *Map) Checkpoints() Checkpoints {
	if m == nil {
		return NewCheckpoints()
	}
	return m.checkpoints
}

// System are the system metrics screen's keys.
func (m *Map) System() System {
	if m == nil {
		return NewSystem()
	}
	return m.system
}
