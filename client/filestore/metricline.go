package filestore

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"mltui/client"
)

// MetricLine is one line of a metric file.
type MetricLine struct {
	Timestamp     int64
	Value         float64
	Step          int64
	RunID         string // logged-model metric files only
	DatasetName   string
	DatasetDigest string
}

// ParseMetricLine reads one run-metric line: "ts value" (very old, step
// 0), "ts value step", or "ts value step dataset_name dataset_digest";
// four fields are read as "ts value step" plus one extra. Values are
// Python float text (nan, inf, -inf, 1e-05). MLflow's own reader takes
// step 0 for five-field lines; the step written there is the real one,
// so it is kept.
func ParseMetricLine(line string) (MetricLine, error) {
	f := strings.Split(strings.TrimSpace(line), " ")
	if len(f) < 2 || len(f) > 5 {
		return MetricLine{}, fmt.Errorf("%d fields, want 2 to 5 (timestamp value [step [dataset digest]])", len(f))
	}
	var m MetricLine
	var err error
	if m.Timestamp, err = strconv.ParseInt(f[0], 10, 64); err != nil {
		return MetricLine{}, fmt.Errorf("timestamp %q is not an integer", f[0])
	}
	if m.Value, err = parsePyFloat(f[1]); err != nil {
		return MetricLine{}, fmt.Errorf("value %q is not a number", f[1])
	}
	if len(f) >= 3 {
		if m.Step, err = strconv.ParseInt(f[2], 10, 64); err != nil {
			return MetricLine{}, fmt.Errorf("step %q is not an integer", f[2])
		}
	}
	if len(f) == 5 {
		m.DatasetName, m.DatasetDigest = f[3], f[4]
	}
	return m, nil
}

// ParseModelMetricLine reads a logged-model metric line:
// "ts value step run_id [dataset_name dataset_digest]".
func ParseModelMetricLine(line string) (MetricLine, error) {
	f := strings.Split(strings.TrimSpace(line), " ")
	if len(f) != 4 && len(f) != 6 {
		return MetricLine{}, fmt.Errorf("%d fields, want 4 or 6 (timestamp value step run_id [dataset digest])", len(f))
	}
	m, err := ParseMetricLine(strings.Join(f[:3], " "))
	if err != nil {
		return MetricLine{}, err
	}
	m.RunID = f[3]
	if len(f) == 6 {
		m.DatasetName, m.DatasetDigest = f[4], f[5]
	}
	return m, nil
}

// parsePyFloat reads Python's str(float): also "nan", "inf", "-inf".
func parsePyFloat(s string) (float64, error) {
	switch strings.ToLower(s) {
	case "nan", "+nan", "-nan":
		return math.NaN(), nil
	case "inf", "+inf", "infinity", "+infinity":
		return math.Inf(1), nil
	case "-inf", "-infinity":
		return math.Inf(-1), nil
	}
	if strings.ContainsAny(s, "xXpP_") { // Go-only syntaxes Python's float() rejects
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(s, 64)
}

// LineError is a metric line that cannot be read, with where it is.
type LineError struct {
	Path string
	Line int
	Text string
	Err  error
}

func (e *LineError) Error() string {
	return fmt.Sprintf("%s line %d (%q): %v", e.Path, e.Line, e.Text, e.Err)
}

// ParseMetricFile reads every line of a metric file's contents. A last
// line without its newline that does not parse is a write in progress and
// is left out; any other bad line is an error naming the line.
func ParseMetricFile(path string, data []byte, parse func(string) (MetricLine, error)) ([]MetricLine, error) {
	out := make([]MetricLine, 0, bytes.Count(data, []byte{'\n'})+1)
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		i := bytes.IndexByte(data, '\n')
		var line []byte
		complete := i >= 0
		if complete {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		m, err := parse(string(line))
		if err != nil {
			if !complete {
				break
			}
			return out, &LineError{Path: path, Line: lineNo, Text: string(line), Err: err}
		}
		out = append(out, m)
	}
	return out, nil
}

// readMetricFile reads and parses a run metric file.
func readMetricFile(path string) ([]MetricLine, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseMetricFile(path, data, ParseMetricLine)
}

// latest is MLflow's latest value: the largest (step, timestamp, value),
// keeping the first of equals, with NaN never larger (as Python's tuple
// comparison has it).
func latest(lines []MetricLine) (MetricLine, bool) {
	if len(lines) == 0 {
		return MetricLine{}, false
	}
	best := lines[0]
	for _, m := range lines[1:] {
		if m.Step > best.Step || (m.Step == best.Step && (m.Timestamp > best.Timestamp || (m.Timestamp == best.Timestamp && m.Value > best.Value))) {
			best = m
		}
	}
	return best, true
}

func (m MetricLine) metric(key string) client.Metric {
	return client.Metric{Key: key, Value: m.Value, Timestamp: m.Timestamp, Step: m.Step, RunID: m.RunID, DatasetName: m.DatasetName, DatasetDigest: m.DatasetDigest}
}
