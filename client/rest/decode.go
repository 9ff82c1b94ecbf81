package rest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// flexInt decodes an int64 sent as a JSON number (MLflow OSS) or a string
// (Databricks, proto3 JSON). null and "" are 0.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*n = 0
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			*n = 0
			return nil
		}
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = flexInt(v)
		return nil
	}
	// Some encoders write large integers as 1.7e+12; accept them when exact.
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<62 {
		return fmt.Errorf("want an integer, got %.40s", string(b))
	}
	*n = flexInt(int64(f))
	return nil
}

// flexFloat decodes a double sent as a JSON number or as one of the strings
// proto JSON uses for non-finite values ("NaN", "Infinity", "-Infinity"), or
// a number in a string.
type flexFloat float64

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*f = 0
		return nil
	}
	if b[0] != '"' {
		v, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return fmt.Errorf("want a number, got %.40s", string(b))
		}
		*f = flexFloat(v)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "nan":
		*f = flexFloat(math.NaN())
		return nil
	case "infinity", "inf", "+infinity", "+inf":
		*f = flexFloat(math.Inf(1))
		return nil
	case "-infinity", "-inf":
		*f = flexFloat(math.Inf(-1))
		return nil
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return fmt.Errorf("want a number, got %q", s)
	}
	*f = flexFloat(v)
	return nil
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
		return fmt.Errorf("want a string, got %.40s", string(b))
	}
	*s = flexString(b)
	return nil
}
