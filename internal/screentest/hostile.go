package screentest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"mltui/client"
)

// Hostile is testdata/hostile/summary.json: what testenv/hostile.py wrote
// with the real MLflow client into testdata/hostile/mlflow.db (make
// hostile-store): names, params, tags and descriptions that try to act
// on the reader's terminal.
type Hostile struct {
	Experiment string            `json:"experiment"`
	Model      string            `json:"model"`
	EvilModel  string            `json:"evil_model"`
	Runs       map[string]string `json:"runs"` // run ID by role: evil, plain
	Strings    struct {
		RunName   string `json:"run_name"`
		Param     string `json:"param"`
		Tag       string `json:"tag"`
		BidiTag   string `json:"bidi_tag"`
		ModelDesc string `json:"model_description"`
	} `json:"strings"`
	Version   json.Number `json:"version"`
	WrittenMS int64       `json:"written_ms"`
}

// Now is a clock an hour after the store was written.
func (h Hostile) Now() time.Time { return time.UnixMilli(h.WrittenMS).Add(time.Hour).UTC() }

type hostileStore struct{ client.Store }

func (d hostileStore) Describe(ctx context.Context) (client.ServerInfo, error) {
	info, err := d.Store.Describe(ctx)
	info.URI = "sqlite:///testdata/hostile/mlflow.db"
	return info, err
}

// HostileStore opens a private copy of the hostile store and reads its
// summary.
func HostileStore(t *testing.T) (client.Store, Hostile) {
	t.Helper()
	var h Hostile
	b, err := os.ReadFile(filepath.Join(testdata(), "hostile", "summary.json"))
	if err != nil {
		t.Fatalf("hostile summary: %v", err)
	}
	if err := json.Unmarshal(b, &h); err != nil {
		t.Fatalf("hostile summary: %v", err)
	}
	return hostileStore{openCopy(t, "hostile")}, h
}

// OnlyStyling reports the first thing in a raw frame that a terminal would
// act on other than the program's own styling (SGR, CSI … m): any other
// escape sequence, BEL or another C0 control but newline, DEL, a C1
// control, a bidi control or a byte that is not UTF-8. Untrusted text
// that reached the frame unsanitised shows up here.
func OnlyStyling(frame string) error {
	for i := 0; i < len(frame); {
		c := frame[i]
		if c == 0x1b {
			j := i + 1
			if j < len(frame) && frame[j] == '[' {
				j++
				for j < len(frame) && (frame[j] >= '0' && frame[j] <= '9' || frame[j] == ';' || frame[j] == ':') {
					j++
				}
				if j < len(frame) && frame[j] == 'm' {
					i = j + 1
					continue
				}
			}
			return fmt.Errorf("escape sequence %q at byte %d", frame[i:min(i+12, len(frame))], i)
		}
		if c < 0x20 && c != '\n' || c == 0x7f {
			return fmt.Errorf("control byte 0x%02x at byte %d", c, i)
		}
		r, n := utf8.DecodeRuneInString(frame[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return fmt.Errorf("invalid UTF-8 byte 0x%02x at byte %d", c, i)
		case r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return fmt.Errorf("control %U at byte %d", r, i)
		}
		i += n
	}
	return nil
}
