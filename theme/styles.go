package theme

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Styles is every style mltui renders with, built once from a palette.
// Views take what they need from here and never build colours themselves.
type Styles struct {
	// Text
	Base    lipgloss.Style
	Bold    lipgloss.Style
	Title   lipgloss.Style
	Muted   lipgloss.Style
	Subtle  lipgloss.Style
	Primary lipgloss.Style
	Accent  lipgloss.Style
	Success lipgloss.Style
	Error   lipgloss.Style
	Warning lipgloss.Style
	Info    lipgloss.Style
	Key     lipgloss.Style // a key name in prose ("press ? for help")
	Label   lipgloss.Style // "status:" in key/value sections
	Value   lipgloss.Style

	// Header: breadcrumb of the view stack
	Header        lipgloss.Style
	Crumb         lipgloss.Style
	CrumbActive   lipgloss.Style
	CrumbSep      lipgloss.Style
	SectionHeader lipgloss.Style // headings inside a screen ("Params")

	// Status bar
	StatusBar   lipgloss.Style
	StatusKey   lipgloss.Style
	StatusValue lipgloss.Style
	StatusError lipgloss.Style
	StatusWarn  lipgloss.Style
	StatusOK    lipgloss.Style

	// Tables
	TableHeader       lipgloss.Style
	TableHeaderSorted lipgloss.Style
	Row               lipgloss.Style
	RowSelected       lipgloss.Style
	RowMarked         lipgloss.Style
	RowMarkedSelected lipgloss.Style
	RowDeleted        lipgloss.Style
	MarkGutter        lipgloss.Style

	// Panels
	Panel        lipgloss.Style
	PanelFocused lipgloss.Style
	PanelTitle   lipgloss.Style

	// Toasts
	ToastInfo    lipgloss.Style
	ToastSuccess lipgloss.Style
	ToastWarning lipgloss.Style
	ToastError   lipgloss.Style

	// Inputs (command line, filter)
	Prompt      lipgloss.Style
	InputError  lipgloss.Style
	Completion  lipgloss.Style
	CompletionS lipgloss.Style // the selected completion
	TextInput   textinput.Styles

	Help    help.Styles
	Spinner lipgloss.Style

	// Run status colours, by status.
	StatusRunning   lipgloss.Style
	StatusFinished  lipgloss.Style
	StatusFailed    lipgloss.Style
	StatusKilled    lipgloss.Style
	StatusScheduled lipgloss.Style
	Stale           lipgloss.Style
}

// NewStyles derives every style from a palette. With noColor, emphasis
// comes from bold, underline and reverse video instead.
func NewStyles(p Palette, noColor bool) Styles {
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	var s Styles
	s.Base = fg(p.FgBase)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Title = fg(p.Primary).Bold(true)
	s.Muted = fg(p.FgMuted)
	s.Subtle = fg(p.FgSubtle)
	s.Primary = fg(p.Primary)
	s.Accent = fg(p.Accent)
	s.Success = fg(p.Success)
	s.Error = fg(p.Error).Bold(noColor)
	s.Warning = fg(p.Warning)
	s.Info = fg(p.Info)
	s.Key = fg(p.Primary).Bold(true)
	s.Label = fg(p.FgMuted)
	s.Value = fg(p.FgBase)

	s.Header = lipgloss.NewStyle().Background(p.BgSubtle)
	s.Crumb = fg(p.FgMuted).Background(p.BgSubtle)
	s.CrumbActive = fg(p.Primary).Background(p.BgSubtle).Bold(true)
	s.CrumbSep = fg(p.FgSubtle).Background(p.BgSubtle)
	s.SectionHeader = fg(p.Primary).Bold(true).Underline(noColor)

	s.StatusBar = fg(p.FgMuted).Background(p.BgSubtle)
	s.StatusKey = fg(p.FgSubtle).Background(p.BgSubtle)
	s.StatusValue = fg(p.FgBase).Background(p.BgSubtle)
	s.StatusError = fg(p.Error).Background(p.BgSubtle).Bold(true)
	s.StatusWarn = fg(p.Warning).Background(p.BgSubtle)
	s.StatusOK = fg(p.Success).Background(p.BgSubtle)

	s.TableHeader = fg(p.FgMuted).Bold(true)
	s.TableHeaderSorted = fg(p.Primary).Bold(true).Underline(noColor)
	s.Row = fg(p.FgBase)
	s.RowSelected = fg(p.FgBase).Background(p.BgSelect).Bold(true).Reverse(noColor)
	s.RowMarked = fg(p.Accent)
	s.RowMarkedSelected = fg(p.Accent).Background(p.BgSelect).Bold(true).Reverse(noColor)
	s.RowDeleted = fg(p.FgSubtle).Strikethrough(noColor)
	s.MarkGutter = fg(p.Accent).Bold(true)

	s.Panel = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.Border)
	s.PanelFocused = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.FocusBorder)
	s.PanelTitle = fg(p.Primary).Bold(true)

	// One-line toasts: a border would cost two rows each.
	toast := lipgloss.NewStyle().Background(p.BgSelect).Bold(true).Reverse(noColor)
	s.ToastInfo = toast.Foreground(p.Info)
	s.ToastSuccess = toast.Foreground(p.Success)
	s.ToastWarning = toast.Foreground(p.Warning)
	s.ToastError = toast.Foreground(p.Error)

	s.Prompt = fg(p.Primary).Bold(true)
	s.InputError = fg(p.Error)
	s.Completion = fg(p.FgMuted)
	s.CompletionS = fg(p.Primary).Bold(true).Reverse(noColor)
	s.TextInput = textinput.Styles{
		Focused: textinput.StyleState{
			Placeholder: fg(p.FgSubtle), Suggestion: fg(p.FgSubtle),
			Prompt: fg(p.Primary).Bold(true), Text: fg(p.FgBase),
		},
		Blurred: textinput.StyleState{
			Placeholder: fg(p.FgSubtle), Suggestion: fg(p.FgSubtle),
			Prompt: fg(p.FgMuted), Text: fg(p.FgMuted),
		},
		Cursor: textinput.CursorStyle{Color: p.Primary, Shape: tea.CursorBlock, Blink: false},
	}

	s.Help = help.Styles{
		Ellipsis:       fg(p.FgSubtle),
		ShortKey:       fg(p.FgMuted).Bold(true),
		ShortDesc:      fg(p.FgSubtle),
		ShortSeparator: fg(p.FgSubtle),
		FullKey:        fg(p.Primary).Bold(true),
		FullDesc:       fg(p.FgBase),
		FullSeparator:  fg(p.FgSubtle),
	}
	s.Spinner = fg(p.Primary)

	s.StatusRunning = fg(p.Info).Bold(true)
	s.StatusFinished = fg(p.Success)
	s.StatusFailed = fg(p.Error).Bold(true)
	s.StatusKilled = fg(p.Warning)
	s.StatusScheduled = fg(p.FgMuted)
	s.Stale = fg(p.Warning).Bold(true)
	return s
}

// RunStatus is the style of a status glyph or word.
func (s *Styles) RunStatus(st Status) lipgloss.Style { return *s.RunStatusRef(st) }

// RunStatusRef is RunStatus as a pointer into s, for renderers that cache
// per style.
func (s *Styles) RunStatusRef(st Status) *lipgloss.Style {
	switch st {
	case StatusRunning:
		return &s.StatusRunning
	case StatusFinished:
		return &s.StatusFinished
	case StatusFailed:
		return &s.StatusFailed
	case StatusKilled:
		return &s.StatusKilled
	default:
		return &s.StatusScheduled
	}
}
