package diff

// Section groups rows of a diff.
type Section int

// Sections, in the order they are shown.
const (
	SectionVersion    Section = iota // model-version fields (version diffs only)
	SectionAttributes                // status, duration, user, start…
	SectionParams
	SectionMetrics
	SectionTags
	SectionDatasets
)

var sectionNames = [...]string{"version", "attributes", "params", "metrics", "tags", "datasets"}
var sectionSingular = [...]string{"field", "attribute", "param", "metric", "tag", "dataset"}

func (s Section) String() string {
	if int(s) < len(sectionNames) {
		return sectionNames[s]
	}
	return "section"
}

// Noun is the section's item name for n items: "1 param", "12 params".
func (s Section) Noun(n int) string {
	if int(s) >= len(sectionSingular) {
		return "rows"
	}
	if n == 1 {
		return sectionSingular[s]
	}
	if s == SectionVersion {
		return "fields"
	}
	return sectionNames[s]
}

// Stat says which statistic of a metric a row shows.
type Stat int

const (
	StatNone   Stat = iota // not a metric row
	StatLatest             // the run's latest value (largest step)
	StatMin                // minimum over the full history
	StatMax                // maximum over the full history
)

func (s Stat) String() string {
	switch s {
	case StatLatest:
		return "latest"
	case StatMin:
		return "min"
	case StatMax:
		return "max"
	}
	return ""
}

// Column is one run (or model version) being compared.
type Column struct {
	RunID string // the run's ID (the source run for a version; may be "")
	Label string // header: run name, or "v3"
	Sub   string // second header line: short run ID, or the version's aliases
}

// Missing is what an absent value is shown as.
const Missing = "—"

// Cell is one value of one row for one column.
type Cell struct {
	Text    string  // one-line display text, format.Visible (safe to draw); Missing when absent
	Raw     string  // the full text value (params, tags…); "" for metric values, whose full value is Num
	Missing bool    // the run has no such value
	Pending bool    // waiting for the metric history (min/max rows)
	Failed  bool    // the metric history could not be read
	Num     float64 // numeric value, when IsNum (may be NaN or ±Inf)
	IsNum   bool
	Delta   Delta // against the baseline column (metric rows only)
	Best    bool  // the best value of the row (metric rows only)
	Changed bool  // differs from the baseline column's cell
}

// Row is one attribute, param, metric statistic, tag or dataset across all columns.
type Row struct {
	Section Section
	Key     string
	Stat    Stat // metric rows: which statistic
	Cells   []Cell
	// Identical is true when every cell holds the same value (pending
	// cells count as different: we do not know yet).
	Identical bool
	// Change is the size of the largest relative change against the
	// baseline, in percent (+Inf when the baseline is zero and a value is
	// not); 0 when no change can be measured. Sorting by change uses it.
	Change float64
	// Lower is true when a lower value is better (metric rows).
	Lower bool
	// Long is true when some value is too long or multi-line to read in a
	// cell and belongs in the detail pane.
	Long bool
}

// Label is the row's display name: the key, or "key (min)" for history rows.
func (r Row) Label() string {
	switch r.Stat {
	case StatMin, StatMax:
		return r.Key + " (" + r.Stat.String() + ")"
	}
	return r.Key
}

// Metric reports whether the row holds metric values (with deltas and best).
func (r Row) Metric() bool { return r.Stat != StatNone }

// Table is a computed diff.
type Table struct {
	Columns  []Column
	Baseline int // index of the baseline column
	Rows     []Row
}

// Width is the number of compared columns.
func (t Table) Width() int { return len(t.Columns) }
