package promote

import (
	"encoding/json"
	"fmt"
	"strings"
)

// HistoryTag is the registered-model tag where mltui records alias moves:
// MLflow itself keeps no alias history.
const HistoryTag = "mltui.alias_history"

// MaxHistoryChars keeps the tag value within the registered_model_tags.value
// column (String(5000) in MLflow 3.18's SQL schema). The validator accepts
// 100,000 characters, but PostgreSQL and MySQL enforce the column length.
const MaxHistoryChars = 5000

// DefaultHistoryLimit is how many moves are kept before the oldest drop off.
const DefaultHistoryLimit = 50

// HistoryEntry is one alias move made through mltui. From or To is "" when
// the alias did not exist before or was deleted.
type HistoryEntry struct {
	Alias string `json:"alias"`
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
	By    string `json:"by,omitempty"`
	At    string `json:"at"`             // RFC 3339, UTC
	Note  string `json:"note,omitempty"` // "rollback", "approve"
}

// String renders "champion v3 → v4 by alice at 2026-…".
func (e HistoryEntry) String() string {
	s := fmt.Sprintf("%s %s → %s", e.Alias, showVersion(e.From), showVersion(e.To))
	if e.Note != "" {
		s += " (" + e.Note + ")"
	}
	if e.By != "" {
		s += " by " + e.By
	}
	if e.At != "" {
		s += " at " + e.At
	}
	return s
}

func (e HistoryEntry) same(o HistoryEntry) bool {
	return e.Alias == o.Alias && e.From == o.From && e.To == o.To && e.At == o.At && e.By == o.By
}

func showVersion(v string) string {
	if v == "" {
		return "(none)"
	}
	return "v" + v
}

// History is a model's recorded alias moves, oldest first.
type History []HistoryEntry

// ParseHistory reads the tag value. A value that is not a valid history
// (hand-edited, truncated) gives an error and an empty history, so a
// damaged tag never blocks a promotion: the next write starts it afresh.
func ParseHistory(value string) (History, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return nil, nil
	}
	var h History
	if err := json.Unmarshal([]byte(value), &h); err != nil {
		return nil, fmt.Errorf("read %s: not a JSON list of moves: %w", HistoryTag, err)
	}
	return h, nil
}

// For returns the entries of one alias, oldest first.
func (h History) For(alias string) History {
	var out History
	for _, e := range h {
		if e.Alias == alias {
			out = append(out, e)
		}
	}
	return out
}

// Last returns the newest entry for alias.
func (h History) Last(alias string) (HistoryEntry, bool) {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Alias == alias {
			return h[i], true
		}
	}
	return HistoryEntry{}, false
}

// Append adds e unless it is already the newest entry (a retried append
// must not record the move twice), then drops the oldest entries until at
// most limit remain and the encoding fits MaxHistoryChars.
func (h History) Append(e HistoryEntry, limit int) History {
	if n := len(h); n > 0 && h[n-1].same(e) {
		return h
	}
	out := append(append(History(nil), h...), e)
	if limit <= 0 {
		limit = DefaultHistoryLimit
	}
	if len(out) > limit {
		out = out[len(out)-limit:]
	}
	for len(out) > 1 && len(out.Encode()) > MaxHistoryChars {
		out = out[1:]
	}
	return out
}

// Encode is the tag value.
func (h History) Encode() string {
	if h == nil {
		h = History{}
	}
	b, err := json.Marshal(h)
	if err != nil {
		return "[]" // only strings inside: Marshal cannot fail
	}
	return string(b)
}
