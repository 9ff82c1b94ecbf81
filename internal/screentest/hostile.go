package screentest

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"mltui/client"
	"mltui/format"
	"mltui/testenv"
)

// Hostile is testdata/hostile/summary.json: what testenv/hostile.py wrote
// with the real MLflow client into testdata/hostile/mlflow.db (make
// hostile-store): names, params, tags and descriptions that try to act
// on the reader's terminal.
type Hostile = testenv.Hostile

// HostileNow is the clock for screens over the hostile store: an hour
// after it was written.
func HostileNow(h Hostile) time.Time { return time.UnixMilli(h.WrittenMS).Add(time.Hour).UTC() }

type hostileStore struct{ client.Store }

func (d hostileStore) Describe(ctx context.Context) (client.ServerInfo, error) {
	info, err := d.Store.Describe(ctx)
	info.URI = "sqlite:///testdata/hostile/mlflow.db"
	return info, err
}

// HostileStore opens a private copy of the hostile store and reads its
// summary.
func HostileStore(t testing.TB) (client.Store, Hostile) {
	t.Helper()
	h := testenv.ReadHostile(t, filepath.Join(testdata(), "hostile", "summary.json"))
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

// HostileText is what a fuzz target writes into the string fields of a
// copy of the hostile store.
type HostileText struct {
	RunName, Param, Tag, Experiment, ModelDesc, VersionDesc, VersionTag string
}

// Visible is x with every field passed through format.Visible between
// its line breaks, which stay (a value's CR and LF still mean it has
// several lines, and Markdown writes them as <br>): what every sink must
// turn x into.
func (x HostileText) Visible() HostileText {
	v := func(s string) string {
		var b strings.Builder
		for {
			i := strings.IndexAny(s, "\r\n")
			if i < 0 {
				b.WriteString(format.Visible(s))
				return b.String()
			}
			b.WriteString(format.Visible(s[:i]))
			b.WriteByte(s[i])
			s = s[i+1:]
		}
	}
	return HostileText{v(x.RunName), v(x.Param), v(x.Tag), v(x.Experiment), v(x.ModelDesc), v(x.VersionDesc), v(x.VersionTag)}
}

// Write puts x into the MLflow tables of the store at path (a CopyDB):
// the evil run's name, param p and tag note, experiment 1's name, the
// model's and its v1's descriptions and v1's tag note.
func (x HostileText) Write(tb testing.TB, path string, h Hostile) {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	exp := x.Experiment
	if exp == "" {
		exp = "-" // MLflow refuses an empty name
	}
	evil := h.Runs["evil"]
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE runs SET name = ? WHERE run_uuid = ?`, []any{x.RunName, evil}},
		{`UPDATE tags SET value = ? WHERE run_uuid = ? AND key = 'mlflow.runName'`, []any{x.RunName, evil}},
		{`UPDATE params SET value = ? WHERE run_uuid = ? AND key = 'p'`, []any{x.Param, evil}},
		{`UPDATE tags SET value = ? WHERE run_uuid = ? AND key = 'note'`, []any{x.Tag, evil}},
		{`UPDATE experiments SET name = ? WHERE experiment_id = 1`, []any{exp}},
		{`UPDATE registered_models SET description = ? WHERE name = ?`, []any{x.ModelDesc, h.Model}},
		{`UPDATE model_versions SET description = ? WHERE name = ?`, []any{x.VersionDesc, h.Model}},
		{`UPDATE model_version_tags SET value = ? WHERE name = ? AND key = 'note'`, []any{x.VersionTag, h.Model}},
	} {
		if _, err := db.Exec(q.sql, q.args...); err != nil {
			tb.Fatalf("%s: %v", q.sql, err)
		}
	}
}

// CopyHostileDB copies testdata/hostile/mlflow.db to dir/name and returns
// its path.
func CopyHostileDB(tb testing.TB, dir, name string) string {
	tb.Helper()
	dst := filepath.Join(dir, name)
	copyFile(tb, filepath.Join(testdata(), "hostile", "mlflow.db"), dst)
	return dst
}
