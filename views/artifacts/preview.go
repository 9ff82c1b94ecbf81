package artifacts

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image"
	_ "image/gif" // DecodeConfig reads GIF headers
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"mltui/format"
	"mltui/theme"
	"mltui/views/components/picture"
)

// previewLimit is how much of a file a preview reads: a ranged read where
// the store allows, never the whole of a big file.
const previewLimit = 256 << 10

// preview is the head of one file, as read for the pane.
type preview struct {
	Path string
	Size int64            // the whole file's size; -1 when the store did not say
	Head []byte           // at most previewLimit bytes from the start
	Pic  *picture.Picture // an image decoded for drawing; nil when not an image or not drawn
}

// truncated reports whether Head is only part of the file.
func (p preview) truncated() bool {
	return p.Size < 0 && len(p.Head) >= previewLimit || p.Size > int64(len(p.Head))
}

// kind is how a file is shown.
type kind int

const (
	kindText kind = iota
	kindJSON
	kindTable
	kindImage
	kindBinary
	kindEmpty
)

// classify picks the kind from the name and the first bytes: images by
// their magic numbers, then JSON, CSV/TSV by extension, text when the head is
// UTF-8 without NULs, else binary.
func classify(name string, head []byte) kind {
	ext := strings.ToLower(path.Ext(name))
	switch {
	case len(head) == 0:
		return kindEmpty
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")), bytes.HasPrefix(head, []byte{0xff, 0xd8, 0xff}),
		bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return kindImage
	case !isText(head):
		return kindBinary
	case ext == ".json" || ext == ".ipynb":
		return kindJSON
	case ext == ".csv" || ext == ".tsv":
		return kindTable
	}
	return kindText
}

// isText: valid UTF-8 (a rune cut at the end of the head allowed), no NUL.
func isText(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// kindName is the pane's heading word for a kind.
func kindName(k kind, name string) string {
	switch k {
	case kindJSON:
		return "JSON"
	case kindTable:
		if strings.EqualFold(path.Ext(name), ".tsv") {
			return "TSV"
		}
		return "CSV"
	case kindImage:
		return "image"
	case kindBinary:
		return "binary"
	case kindEmpty:
		return "empty"
	}
	if ext := strings.ToLower(path.Ext(name)); ext == ".yaml" || ext == ".yml" || path.Base(name) == "MLmodel" {
		return "YAML"
	}
	return "text"
}

// render draws the preview w cells wide and at most h lines high. Every
// piece of the file's text goes through format.Visible: artifacts are
// untrusted and must not drive the terminal.
func render(p preview, s *theme.Styles, w, h int) []string {
	w, h = max(w, 10), max(h, 3)
	k := classify(p.Path, p.Head)
	head := kindName(k, p.Path) + " · " + sizeText(p)
	if k == kindBinary || k == kindImage {
		head = kindName(k, p.Path) + " · " + wholeSize(p)
	}
	lines := []string{s.PanelTitle.Render(format.Truncate(format.Visible(path.Base(p.Path)), w)), s.Muted.Render(format.Truncate(head, w))}
	var body []string
	switch k {
	case kindEmpty:
		body = []string{s.Muted.Render("(empty file)")}
	case kindImage:
		body = imageLines(p, s, w)
	case kindBinary:
		mt := http.DetectContentType(p.Head)
		body = []string{s.Muted.Render(format.Truncate(mt+": not shown as text", w))}
	case kindJSON:
		body = jsonLines(p, s, w)
	case kindTable:
		body = tableLines(p, s, w, h-2)
	default:
		body = textLines(p.Head, p.truncated(), w)
	}
	lines = append(lines, body...)
	if len(lines) > h {
		lines = lines[:h]
	}
	return lines
}

// wholeSize is the file's size alone (for what is not shown as text).
func wholeSize(p preview) string {
	if p.Size < 0 {
		return "size unknown"
	}
	return format.Bytes(p.Size)
}

func sizeText(p preview) string {
	switch {
	case p.Size < 0:
		return "size unknown"
	case p.truncated():
		return format.Bytes(p.Size) + " (showing the first " + format.Bytes(int64(len(p.Head))) + ")"
	}
	return format.Bytes(p.Size)
}

// textLines splits text into display lines: tabs expanded, each line cut to
// w, a line cut by the preview's end dropped.
func textLines(b []byte, truncated bool, w int) []string {
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	ls := strings.Split(text, "\n")
	if truncated && len(ls) > 1 {
		ls = ls[:len(ls)-1]
	}
	if !truncated && len(ls) > 0 && ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = format.Truncate(format.Visible(strings.ReplaceAll(l, "\t", "    ")), w)
	}
	return out
}

// jsonLines pretty-prints a whole JSON file; a file cut by the preview or
// not valid JSON is shown as text with a note.
func jsonLines(p preview, s *theme.Styles, w int) []string {
	if !p.truncated() {
		if n, err := parseJSON(p.Head); err == nil {
			return textLines([]byte(strings.Join(n.pretty(w), "\n")), false, w)
		}
		return append([]string{s.Warning.Render(format.Truncate("not valid JSON: shown as text", w))}, textLines(p.Head, false, w)...)
	}
	return textLines(p.Head, true, w)
}

// imageLines name the format and dimensions from the header alone; a file
// that does not decode says so.
func imageLines(p preview, s *theme.Styles, w int) []string {
	cfg, fmtName, err := image.DecodeConfig(bytes.NewReader(p.Head))
	if err != nil {
		return []string{s.Warning.Render(format.Truncate("an image that does not decode: "+format.Visible(err.Error()), w))}
	}
	return []string{format.Truncate(fmt.Sprintf("%s image, %d×%d pixels", strings.ToUpper(fmtName), cfg.Width, cfg.Height), w)}
}

// tableLines show a CSV/TSV head as aligned columns with their inferred
// types; the record cut by the preview's end is left out.
func tableLines(p preview, s *theme.Styles, w, h int) []string {
	r := csv.NewReader(bytes.NewReader(p.Head))
	if strings.EqualFold(path.Ext(p.Path), ".tsv") {
		r.Comma = '\t'
	}
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	var rows [][]string
	for len(rows) <= h+1 {
		rec, err := r.Read()
		if err != nil {
			break
		}
		rows = append(rows, rec)
	}
	if p.truncated() && len(rows) > 1 && len(rows) <= h+1 {
		rows = rows[:len(rows)-1]
	}
	if len(rows) == 0 {
		return textLines(p.Head, p.truncated(), w)
	}
	header, data := rows[0], rows[1:]
	if len(data) > h-2 {
		data = data[:max(h-2, 0)]
	}
	cols := len(header)
	for _, d := range data {
		cols = max(cols, len(d))
	}
	titles := make([]string, cols)
	widths := make([]int, cols)
	for c := range cols {
		t := ""
		if c < len(header) {
			t = header[c]
		}
		titles[c] = format.Visible(t) + " (" + columnType(data, c) + ")"
		widths[c] = min(format.Width(titles[c]), 24)
		for _, d := range data {
			if c < len(d) {
				widths[c] = min(max(widths[c], format.TextWidth(d[c])), 24)
			}
		}
	}
	line := func(cells []string) string {
		parts := make([]string, cols)
		for c := range cols {
			v := ""
			if c < len(cells) {
				v = format.Visible(cells[c])
			}
			parts[c] = format.Fit(v, widths[c])
		}
		return format.Truncate(strings.TrimRight(strings.Join(parts, "  "), " "), w)
	}
	out := []string{s.Label.Render(line(titles))}
	for _, d := range data {
		out = append(out, line(d))
	}
	return out
}

// columnType is int, float or text: what every non-empty cell parses as.
func columnType(rows [][]string, c int) string {
	typ := ""
	for _, r := range rows {
		if c >= len(r) || strings.TrimSpace(r[c]) == "" {
			continue
		}
		v := strings.TrimSpace(r[c])
		switch {
		case isInt(v):
			if typ == "" {
				typ = "int"
			}
		case isFloat(v):
			if typ == "" || typ == "int" {
				typ = "float"
			}
		default:
			return "text"
		}
	}
	if typ == "" {
		return "empty"
	}
	return typ
}

func isInt(v string) bool   { _, err := strconv.ParseInt(v, 10, 64); return err == nil }
func isFloat(v string) bool { _, err := strconv.ParseFloat(v, 64); return err == nil }
