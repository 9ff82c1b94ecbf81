package listscreen

import (
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"mltui/client"
	"mltui/format"
	"mltui/theme"
)

// Details builds the selected row's panel line by line: a title, key/value
// lines whose labels share one width, sections and sorted tags, each line
// cut to the panel's width and store text kept to one line.
type Details struct {
	s     *theme.Styles
	w     int
	label int
	lines []string
}

// NewDetails starts a panel w cells wide with labels label cells wide.
func NewDetails(s *theme.Styles, w, label int) *Details {
	return &Details{s: s, w: w, label: label}
}

// Title is the panel's first line.
func (d *Details) Title(t string) { d.Styled(d.s.PanelTitle, t) }

// Muted adds a dim line.
func (d *Details) Muted(t string) { d.Styled(d.s.Muted, t) }

// Styled adds one line in style st.
func (d *Details) Styled(st lipgloss.Style, t string) {
	d.lines = append(d.lines, st.Render(format.Truncate(format.Visible(t), d.w)))
}

// KV adds "label  value".
func (d *Details) KV(k, v string) {
	d.lines = append(d.lines, d.s.Label.Render(format.Fit(k, d.label))+
		d.s.Value.Render(format.Truncate(format.Visible(v), max(d.w-d.label, 1))))
}

// Gap adds a blank line.
func (d *Details) Gap() { d.lines = append(d.lines, "") }

// Section adds a section header.
func (d *Details) Section(name string) { d.lines = append(d.lines, d.s.SectionHeader.Render(name)) }

// Tags adds a "tags" section of "key = value" lines sorted by key (after a
// blank line when gap), or nothing when there are none.
func (d *Details) Tags(tags []client.Tag, gap bool) {
	if len(tags) == 0 {
		return
	}
	if gap {
		d.Gap()
	}
	d.Section("tags")
	for _, t := range SortedTags(tags) {
		d.Muted(t.Key + " = " + t.Value)
	}
}

// String is the panel.
func (d *Details) String() string { return strings.Join(d.lines, "\n") }

// SortedTags is a copy of ts sorted by key.
func SortedTags(ts []client.Tag) []client.Tag {
	out := slices.Clone(ts)
	slices.SortFunc(out, func(a, b client.Tag) int { return strings.Compare(a.Key, b.Key) })
	return out
}
