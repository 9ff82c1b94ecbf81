package views

import "mltui/client"

// Marks are the runs marked with space in the runs table, in the order they
// were marked (so chart colours and diff columns follow that order). They
// live in Shared so the chart, diff and registry screens can read them.
type Marks struct {
	order []string
	runs  map[string]client.Run
}

// NewMarks returns an empty set.
func NewMarks() *Marks { return &Marks{runs: map[string]client.Run{}} }

// Toggle marks or unmarks a run and reports whether it is now marked.
func (m *Marks) Toggle(r client.Run) bool {
	id := r.Info.RunID
	if _, ok := m.runs[id]; ok {
		delete(m.runs, id)
		for i, x := range m.order {
			if x == id {
				m.order = append(m.order[:i:i], m.order[i+1:]...)
				break
			}
		}
		return false
	}
	m.runs[id] = r
	m.order = append(m.order, id)
	return true
}

// Has reports whether a run is marked.
func (m *Marks) Has(runID string) bool { _, ok := m.runs[runID]; return ok }

// Len is the number of marked runs.
func (m *Marks) Len() int { return len(m.order) }

// IDs are the marked run IDs in marking order.
func (m *Marks) IDs() []string { return append([]string(nil), m.order...) }

// Runs are the marked runs in marking order, as last seen.
func (m *Marks) Runs() []client.Run {
	out := make([]client.Run, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, m.runs[id])
	}
	return out
}

// Update refreshes a marked run's data (a newer copy was loaded).
func (m *Marks) Update(r client.Run) {
	if _, ok := m.runs[r.Info.RunID]; ok {
		m.runs[r.Info.RunID] = r
	}
}

// Clear unmarks everything.
func (m *Marks) Clear() {
	m.order = nil
	m.runs = map[string]client.Run{}
}
