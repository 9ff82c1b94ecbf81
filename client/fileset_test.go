package client

import (
	"strings"
	"testing"
)

func TestParseModelURI(t *testing.T) {
	cases := []struct {
		in   string
		want ModelRef
	}{
		{"models:/iris-classifier/3", ModelRef{Name: "iris-classifier", Version: "3"}},
		{"models:/iris-classifier@champion", ModelRef{Name: "iris-classifier", Alias: "champion"}},
		{"models:/iris-classifier@champion/MLmodel", ModelRef{Name: "iris-classifier", Alias: "champion", Path: "MLmodel"}},
		{"iris-classifier@champion", ModelRef{Name: "iris-classifier", Alias: "champion"}},
		{"models:/iris-classifier/production", ModelRef{Name: "iris-classifier", Stage: "Production"}},
		{"models:/iris-classifier/Latest/serving_input_example.json", ModelRef{Name: "iris-classifier", Stage: "latest", Path: "serving_input_example.json"}},
		{"models:/m-0a0773bd", ModelRef{LoggedModelID: "m-0a0773bd"}},
		{"models:/m-0a0773bd/metadata/MLmodel", ModelRef{LoggedModelID: "m-0a0773bd", Path: "metadata/MLmodel"}},
		// A registered model that happens to be called m-something, by version.
		{"models:/m-model/2", ModelRef{Name: "m-model", Version: "2"}},
		{"models:/iris-classifier/3/", ModelRef{Name: "iris-classifier", Version: "3"}},
	}
	for _, c := range cases {
		got, err := ParseModelURI(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.in, got, c.want)
		}
	}
	for in, why := range map[string]string{
		"runs:/abc/model":         "not a models:/ URI",
		"models:/":                "no model name",
		"models:/iris-classifier": "give a version",
		"models:/iris@":           "alias needs",
		"models:/@champion":       "alias needs",
		"models:/iris/champion":   "neither a version number",
	} {
		_, err := ParseModelURI(in)
		if err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%s: error %v, want one saying %q", in, err, why)
		}
	}
}

func TestModelRefString(t *testing.T) {
	for _, in := range []string{"models:/a/3", "models:/a@champion", "models:/a/Staging", "models:/m-1"} {
		r, err := ParseModelURI(in)
		if err != nil || r.String() != in {
			t.Errorf("%s: %q %v", in, r.String(), err)
		}
	}
}

func TestVersionFiles(t *testing.T) {
	cases := []struct {
		mv   ModelVersion
		want FileSet
		ok   bool
	}{
		{ModelVersion{Source: "models:/m-abc", ModelID: "m-abc"}, FileSet{LoggedModelID: "m-abc"}, true},
		{ModelVersion{Source: "models:/m-abc"}, FileSet{LoggedModelID: "m-abc"}, true},
		{ModelVersion{Source: "runs:/r1/model"}, FileSet{RunID: "r1", Dir: "model"}, true},
		{ModelVersion{Source: "runs:/r1"}, FileSet{RunID: "r1"}, true},
		{ModelVersion{Source: "s3://bucket/exp/1/r1/artifacts/sub/model/", RunID: "r1"}, FileSet{RunID: "r1", Dir: "sub/model"}, true},
		{ModelVersion{Source: "s3://bucket/elsewhere/model", RunID: "r1"}, FileSet{}, false},
		{ModelVersion{Source: "dbfs:/x"}, FileSet{}, false},
	}
	for _, c := range cases {
		got, ok := VersionFiles(c.mv)
		if got != c.want || ok != c.ok {
			t.Errorf("%+v: got %+v %v, want %+v %v", c.mv, got, ok, c.want, c.ok)
		}
	}
	if got := (FileSet{RunID: "r1", Dir: "model"}).rel("MLmodel"); got != "model/MLmodel" {
		t.Errorf("rel: %q", got)
	}
}
