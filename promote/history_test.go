package promote

import (
	"fmt"
	"strings"
	"testing"
)

func TestHistoryAppendDedupesAndBounds(t *testing.T) {
	e := HistoryEntry{Alias: "champion", From: "3", To: "4", By: "alice", At: "2026-01-01T00:00:00Z"}
	h := History{}.Append(e, 10)
	h = h.Append(e, 10) // a retried append
	if len(h) != 1 {
		t.Fatalf("retried append recorded %d entries, want 1", len(h))
	}
	for i := 0; i < 30; i++ {
		h = h.Append(HistoryEntry{Alias: "champion", From: fmt.Sprint(i), To: fmt.Sprint(i + 1), At: fmt.Sprint(i)}, 10)
	}
	if len(h) != 10 {
		t.Fatalf("limit 10 kept %d entries", len(h))
	}
	if h[9].To != "30" || h[0].To != "21" {
		t.Errorf("kept %v … %v, want the newest ten", h[0], h[9])
	}
}

func TestHistoryFitsTagLimit(t *testing.T) {
	var h History
	long := strings.Repeat("x", 200)
	for i := 0; i < 100; i++ {
		h = h.Append(HistoryEntry{Alias: long, From: fmt.Sprint(i), To: fmt.Sprint(i + 1), By: long, At: fmt.Sprint(i)}, 1000)
	}
	enc := h.Encode()
	if len(enc) > MaxHistoryChars {
		t.Fatalf("encoded history is %d chars, limit %d", len(enc), MaxHistoryChars)
	}
	back, err := ParseHistory(enc)
	if err != nil || len(back) != len(h) || back[len(back)-1].To != "100" {
		t.Fatalf("round trip: %d entries, err %v", len(back), err)
	}
}

func TestParseHistoryRejectsGarbage(t *testing.T) {
	for _, raw := range []string{"{", "not json", `{"alias":"x"}`, `[{"alias":1}]`} {
		if h, err := ParseHistory(raw); err == nil || h != nil {
			t.Errorf("ParseHistory(%q) = %v, %v; want an error and no history", raw, h, err)
		}
	}
	if h, err := ParseHistory("  "); err != nil || h != nil {
		t.Errorf("empty tag: %v %v", h, err)
	}
}

func TestHistoryLast(t *testing.T) {
	h := History{{Alias: "champion", To: "2"}, {Alias: "staging", To: "5"}, {Alias: "champion", From: "2", To: "3"}}
	last, ok := h.Last("champion")
	if !ok || last.To != "3" {
		t.Fatalf("Last(champion) = %v %v", last, ok)
	}
	if _, ok := h.Last("nope"); ok {
		t.Fatal("Last of an unknown alias found something")
	}
	if n := len(h.For("champion")); n != 2 {
		t.Fatalf("For(champion) has %d entries", n)
	}
}
