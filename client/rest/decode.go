package rest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// These decoders sit on the hot path (a 25,000-point history page holds
// 75,000 of them), so the common cases parse the raw bytes without going
// back through encoding/json or allocating.

// rawScalar strips JSON quotes from a scalar. Strings with escapes (never
// seen in numbers) go through encoding/json.
func rawScalar(b []byte) ([]byte, error) {
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '"' {
		return b, nil
	}
	inner := b[1 : len(b)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return bytes.TrimSpace(inner), nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	return bytes.TrimSpace([]byte(s)), nil
}

// flexInt decodes an int64 sent as a JSON number (MLflow OSS) or a string
// (Databricks, proto3 JSON). null and "" are 0.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	v, err := rawScalar(b)
	if err != nil {
		return err
	}
	if len(v) == 0 || string(v) == "null" {
		*n = 0
		return nil
	}
	if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
		*n = flexInt(i)
		return nil
	}
	// Some encoders write large integers as 1.7e+12; accept them when exact.
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<62 {
		return fmt.Errorf("want an integer, got %.40s", b)
	}
	*n = flexInt(int64(f))
	return nil
}

// flexFloat decodes a double sent as a JSON number, as a number in a
// string, or as one of the strings proto JSON uses for non-finite values
// ("NaN", "Infinity", "-Infinity").
type flexFloat float64

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	v, err := rawScalar(b)
	if err != nil {
		return err
	}
	if len(v) == 0 || string(v) == "null" {
		*f = 0
		return nil
	}
	if x, err := strconv.ParseFloat(string(v), 64); err == nil {
		*f = flexFloat(x)
		return nil
	}
	// ParseFloat already reads "NaN", "Inf" and "Infinity" in any case; a
	// value it rejects is no number at all.
	return fmt.Errorf("want a number, got %.40s", b)
}

// flexString decodes a string that some servers send as a number (model
// version numbers are strings in the proto, integers in some stores).
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*s = ""
		return nil
	}
	if b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
		return nil
	}
	if _, err := strconv.ParseFloat(string(b), 64); err != nil {
		return fmt.Errorf("want a string, got %.40s", b)
	}
	*s = flexString(b)
	return nil
}
