package diff

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"mltui/format"

	"github.com/mattn/go-runewidth"
)

// Export chooses what an export holds.
type Export struct {
	All          bool // every row; otherwise only rows that differ
	SortByChange bool
}

func (x Export) view() View { return View{DiffOnly: !x.All, SortByChange: x.SortByChange} }

// DeltaText is the change shown after a metric value: "+0.012 +1.3%", or
// "" for the baseline column and unchanged or non-metric cells. A part
// that is undefined (NaN, missing, zero baseline) shows as Missing.
func (t Table) DeltaText(r Row, col int) string {
	c := r.Cells[col]
	if !r.Metric() || col == t.Baseline || !c.Changed || c.Missing || c.Pending || c.Failed {
		return ""
	}
	if !c.Delta.HasAbs {
		return Missing // one mark, not "— —": nothing can be measured
	}
	return c.Delta.AbsText() + " " + c.Delta.PctText()
}

// HeaderLabel is a column's title, marking the baseline.
func (t Table) HeaderLabel(col int) string {
	l := t.Columns[col].Label
	if col == t.Baseline {
		l += " (base)"
	}
	return l
}

// SectionTitle is "params (2 of 15 differ)".
func SectionTitle(l Line) string {
	if l.Changed == l.Total {
		return fmt.Sprintf("%s (%d)", l.Section, l.Total)
	}
	return fmt.Sprintf("%s (%d of %d differ)", l.Section, l.Changed, l.Total)
}

// FoldTitle is "12 identical params".
func FoldTitle(l Line) string {
	return fmt.Sprintf("%d identical %s", l.Count, l.Section.Noun(l.Count))
}

// Markdown renders the diff as a GitHub table (for PR comments and the
// clipboard): best metric values in bold, deltas after values.
func (t Table) Markdown(x Export) string {
	var b strings.Builder
	b.WriteString("|  |")
	for i, c := range t.Columns {
		fmt.Fprintf(&b, " %s |", mdEscape(t.HeaderLabel(i)+" `"+c.Sub+"`"))
	}
	b.WriteString("\n|---|")
	b.WriteString(strings.Repeat("---|", len(t.Columns)))
	b.WriteString("\n")
	empty := strings.Repeat(" |", len(t.Columns))
	for _, l := range t.Lines(x.view()) {
		switch l.Kind {
		case LineSection:
			fmt.Fprintf(&b, "| **%s** |%s\n", mdEscape(SectionTitle(l)), empty)
		case LineFold:
			fmt.Fprintf(&b, "| _%s_ |%s\n", FoldTitle(l), empty)
		case LineRow:
			r := t.Rows[l.Row]
			fmt.Fprintf(&b, "| %s |", mdEscape(r.Label()))
			for i, c := range r.Cells {
				v := mdEscape(c.Raw)
				if c.Missing || c.Pending || c.Failed || r.Metric() {
					v = c.Text // metrics at display precision, not 17 digits
				}
				if c.Best {
					v = "**" + v + "**"
				}
				if d := t.DeltaText(r, i); d != "" {
					v += " (" + d + ")"
				}
				fmt.Fprintf(&b, " %s |", v)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func mdEscape(s string) string {
	return format.Visible(strings.NewReplacer("|", `\|`, "\r\n", "<br>", "\n", "<br>", "\r", "<br>").Replace(s))
}

// CSV renders one line per row: section, key, stat, identical, then each
// run's full value ("" when missing), headed by run IDs.
func (t Table) CSV(x Export) (string, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := []string{"section", "key", "stat", "identical"}
	for _, c := range t.Columns {
		head = append(head, c.RunID)
	}
	if err := w.Write(head); err != nil {
		return "", fmt.Errorf("write csv: %w", err)
	}
	for _, l := range t.Lines(x.view()) {
		if l.Kind != LineRow {
			continue
		}
		r := t.Rows[l.Row]
		rec := []string{r.Section.String(), r.Key, r.Stat.String(), fmt.Sprint(r.Identical)}
		for _, c := range r.Cells {
			v := c.Raw
			if r.Metric() && c.IsNum && !c.Pending && !c.Failed {
				v = strconv.FormatFloat(c.Num, 'g', -1, 64)
			}
			rec = append(rec, v)
		}
		if err := w.Write(rec); err != nil {
			return "", fmt.Errorf("write csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return "", fmt.Errorf("write csv: %w", err)
	}
	return buf.String(), nil
}

type jsonColumn struct {
	RunID    string `json:"run_id"`
	Label    string `json:"label"`
	Sub      string `json:"sub,omitempty"`
	Baseline bool   `json:"baseline,omitempty"`
}

type jsonCell struct {
	Value    any               `json:"value"` // number, string, or null when missing
	Missing  bool              `json:"missing,omitempty"`
	Pending  bool              `json:"pending,omitempty"`
	Error    string            `json:"error,omitempty"`
	Changed  bool              `json:"changed,omitempty"`
	Best     bool              `json:"best,omitempty"`
	Delta    *format.JSONFloat `json:"delta,omitempty"`
	DeltaPct *format.JSONFloat `json:"delta_pct,omitempty"`
}

type jsonRow struct {
	Section       string           `json:"section"`
	Key           string           `json:"key"`
	Stat          string           `json:"stat,omitempty"`
	Identical     bool             `json:"identical"`
	LowerIsBetter *bool            `json:"lower_is_better,omitempty"`
	Change        format.JSONFloat `json:"change"`
	Cells         []jsonCell       `json:"cells"`
}

type jsonTable struct {
	Columns []jsonColumn   `json:"columns"`
	Rows    []jsonRow      `json:"rows"`
	Hidden  map[string]int `json:"hidden_identical,omitempty"`
}

// JSON renders the diff for scripts. Metric values are numbers, with NaN
// and infinities as strings; other values are strings; missing is null.
func (t Table) JSON(x Export) ([]byte, error) {
	out := jsonTable{Columns: []jsonColumn{}, Rows: []jsonRow{}}
	for i, c := range t.Columns {
		out.Columns = append(out.Columns, jsonColumn{RunID: c.RunID, Label: c.Label, Sub: c.Sub, Baseline: i == t.Baseline})
	}
	for _, l := range t.Lines(x.view()) {
		switch l.Kind {
		case LineFold:
			if out.Hidden == nil {
				out.Hidden = map[string]int{}
			}
			out.Hidden[l.Section.String()] = l.Count
		case LineRow:
			out.Rows = append(out.Rows, jsonRowOf(t.Rows[l.Row]))
		}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode diff as json: %w", err)
	}
	return append(b, '\n'), nil
}

func jsonRowOf(r Row) jsonRow {
	jr := jsonRow{Section: r.Section.String(), Key: r.Key, Stat: r.Stat.String(), Identical: r.Identical, Change: format.JSONFloat(r.Change)}
	if r.Metric() {
		lower := r.Lower
		jr.LowerIsBetter = &lower
	}
	for _, c := range r.Cells {
		jc := jsonCell{Missing: c.Missing, Pending: c.Pending, Changed: c.Changed, Best: c.Best}
		switch {
		case c.Missing, c.Pending:
		case c.Failed:
			jc.Error = c.Raw
		case r.Metric():
			jc.Value = format.JSONFloat(c.Num)
		default:
			jc.Value = c.Raw
		}
		if c.Delta.HasAbs {
			d := format.JSONFloat(c.Delta.Abs)
			jc.Delta = &d
		}
		if c.Delta.HasPct {
			p := format.JSONFloat(c.Delta.Pct)
			jc.DeltaPct = &p
		}
		jr.Cells = append(jr.Cells, jc)
	}
	return jr
}

// Text renders an aligned plain-text table (the CLI's default output).
// Cells longer than width runes are cut with "…"; width ≤ 0 means 32.
func (t Table) Text(x Export, width int) string {
	if width <= 0 {
		width = 32
	}
	lines := t.Lines(x.view())
	keyW := 4
	for _, l := range lines {
		switch l.Kind {
		case LineRow:
			keyW = max(keyW, runewidth.StringWidth(format.Visible(t.Rows[l.Row].Label()))+2)
		}
	}
	keyW = min(keyW, width)
	colW := make([]int, len(t.Columns))
	cells := func(r Row, i int) string {
		s := r.Cells[i].Text
		if r.Cells[i].Best {
			s += " *"
		}
		if d := t.DeltaText(r, i); d != "" {
			s += " " + d
		}
		return format.Visible(s)
	}
	for i := range t.Columns {
		colW[i] = max(runewidth.StringWidth(format.Visible(t.HeaderLabel(i))), runewidth.StringWidth(format.Visible(t.Columns[i].Sub)))
		for _, l := range lines {
			if l.Kind == LineRow {
				colW[i] = max(colW[i], runewidth.StringWidth(cells(t.Rows[l.Row], i)))
			}
		}
		colW[i] = min(colW[i], width)
	}
	var b strings.Builder
	row := func(key string, vals []string) {
		b.WriteString(pad(key, keyW))
		for i, v := range vals {
			b.WriteString("  ")
			if i == len(vals)-1 {
				b.WriteString(runewidth.Truncate(v, colW[i], "…"))
			} else {
				b.WriteString(pad(v, colW[i]))
			}
		}
		b.WriteString("\n")
	}
	var labels, subs []string
	for i, c := range t.Columns {
		labels = append(labels, format.Visible(t.HeaderLabel(i)))
		subs = append(subs, format.Visible(c.Sub))
	}
	row("", labels)
	row("", subs)
	for _, l := range lines {
		switch l.Kind {
		case LineSection:
			b.WriteString(SectionTitle(l) + "\n")
		case LineFold:
			b.WriteString("  (" + FoldTitle(l) + ")\n")
		case LineRow:
			r := t.Rows[l.Row]
			vals := make([]string, len(r.Cells))
			for i := range r.Cells {
				vals[i] = cells(r, i)
			}
			row("  "+format.Visible(r.Label()), vals)
		}
	}
	out := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for i := range out {
		out[i] = strings.TrimRight(out[i], " ")
	}
	return strings.Join(out, "\n") + "\n"
}

func pad(s string, w int) string {
	s = runewidth.Truncate(s, w, "…")
	return s + strings.Repeat(" ", w-runewidth.StringWidth(s))
}
