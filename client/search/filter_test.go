package search

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseRunFilterAccepts(t *testing.T) {
	cases := []struct {
		in   string
		want []Clause
	}{
		{"", nil},
		{"   ", nil},
		{"metrics.accuracy > 0.9 AND params.n_estimators = '100'", []Clause{
			{Kind: Metric, Key: "accuracy", Op: OpGt, Num: 0.9, IsNum: true, Text: "0.9", Pos: 0},
			{Kind: Param, Key: "n_estimators", Op: OpEq, Str: "100", Text: "'100'", Pos: 27},
		}},
		{`metrics."f1 score" >= 1e-3`, []Clause{{Kind: Metric, Key: "f1 score", Op: OpGe, Num: 0.001, IsNum: true, Text: "1e-3"}}},
		{"metric.loss<=-2", []Clause{{Kind: Metric, Key: "loss", Op: OpLe, Num: -2, IsNum: true, IsInt: true, Text: "-2"}}},
		{"tags.`a-b` LIKE '%x%'", []Clause{{Kind: Tag, Key: "a-b", Op: OpLike, Str: "%x%", Text: "'%x%'"}}},
		{"tags.mlflow.runName = 'r1'", []Clause{{Kind: Tag, Key: "mlflow.runName", Op: OpEq, Str: "r1", Text: "'r1'"}}},
		{`tag.k = "double"`, []Clause{{Kind: Tag, Key: "k", Op: OpEq, Str: "double", Text: `"double"`}}},
		{"params.x = 'it''s'", []Clause{{Kind: Param, Key: "x", Op: OpEq, Str: "it's", Text: "'it''s'"}}},
		{"parameter.x ilike 'A%'", []Clause{{Kind: Param, Key: "x", Op: OpILike, Str: "A%", Text: "'A%'"}}},
		{"run_id IN ('a', \"b\")", []Clause{{Kind: Attribute, Key: "run_id", Op: OpIn, List: []string{"a", "b"}}}},
		{"attributes.run_id not in ('a')", []Clause{{Kind: Attribute, Key: "run_id", Op: OpNotIn, List: []string{"a"}}}},
		{"`Run name` = 'x'", []Clause{{Kind: Attribute, Key: "run_name", Op: OpEq, Str: "x", Text: "'x'"}}},
		{"attr.status != 'FAILED'", []Clause{{Kind: Attribute, Key: "status", Op: OpNe, Str: "FAILED", Text: "'FAILED'"}}},
		{"run.created > 5", []Clause{{Kind: Attribute, Key: "start_time", Op: OpGt, Num: 5, IsNum: true, IsInt: true, Text: "5"}}},
		{"params.lr IS NOT NULL and tags.t is null", []Clause{
			{Kind: Param, Key: "lr", Op: OpIsNotNull},
			{Kind: Tag, Key: "t", Op: OpIsNull, Pos: 26},
		}},
		{"datasets.context IN ('training')", []Clause{{Kind: Dataset, Key: "context", Op: OpIn, List: []string{"training"}}}},
		{"metrics.1st_epoch < 3", []Clause{{Kind: Metric, Key: "1st_epoch", Op: OpLt, Num: 3, IsNum: true, IsInt: true, Text: "3"}}},
		{"metrics.꩒0 = 1", []Clause{{Kind: Metric, Key: "꩒0", Op: OpEq, Num: 1, IsNum: true, IsInt: true, Text: "1"}}},
		{"metrics.ünïcode = 1", []Clause{{Kind: Metric, Key: "ünïcode", Op: OpEq, Num: 1, IsNum: true, IsInt: true, Text: "1"}}},
		{"end_time>=.5", []Clause{{Kind: Attribute, Key: "end_time", Op: OpGe, Num: 0.5, IsNum: true, Text: ".5"}}},
	}
	for _, c := range cases {
		got, err := ParseRunFilter(c.in)
		if err != nil {
			t.Errorf("ParseRunFilter(%q): %v", c.in, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseRunFilter(%q)\n got %+v\nwant %+v", c.in, got, c.want)
		}
	}
}

func TestParseRunFilterErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"metrics.acc >", `column 14: expected a value after "metrics.acc >"`},
		{"metrics.acc > 'x'", "column 15: metrics.acc compares numbers: write a number without quotes, found 'x'"},
		{"params.lr = 0.1", "column 13: params.lr compares strings: quote the value, e.g. '0.1'"},
		{"foo = 'x'", `column 1: unknown run attribute "foo": use one of artifact_uri, end_time, run_id, run_name, start_time, status, user_id (metrics, params and tags need a prefix, e.g. metrics.foo)`},
		{"metrics.acc > 1 OR metrics.b < 2", "column 17: OR is not supported: MLflow filters join conditions with AND only"},
		{"metrics.acc > 1 metrics.b < 2", `column 17: expected AND between conditions, found "metrics"`},
		{"params.lr = 'x", "column 13: unterminated string: add the closing '"},
		{"params.`lr = 'x'", "column 8: unterminated quoted name: add the closing `"},
		{"params.learning-rate = 'x'", "column 16: unexpected '-' in a name: quote names holding '-' or other symbols, e.g. params.`learning-rate`"},
		{"metrics.loss-1 > 0", `column 1: name "metrics.loss" is followed by "-1": quote keys holding '-' or other symbols, e.g. params.` + "`loss-1`"},
		{"status IN ('a')", "column 8: status does not support IN: use one of =, !=, LIKE, ILIKE"},
		{"metrics.acc IS NULL", "column 13: IS NULL is not supported for metrics; only params and tags can be tested for NULL"},
		{"run_id IS NOT NULL", "column 8: IS NOT NULL is not supported for attribute run_id; only params and tags can be tested for NULL"},
		{"params.x IS 'a'", "column 13: expected NULL after IS, found the string 'a'"},
		{"params.x = bar", `column 12: expected a value after "params.x =", found the bare word "bar": quote strings, e.g. 'bar'`},
		{"params.x = NULL", "column 12: compare with NULL using IS NULL or IS NOT NULL"},
		{"(metrics.a > 1)", "column 1: parentheses for grouping are not supported: MLflow filters are a flat list of conditions joined by AND"},
		{"metrics.a ~ 1", "column 11: unexpected character '~'"},
		{"metrics.a ! 1", "column 11: unexpected '!': did you mean '!='?"},
		{"metrics.a > 1 AND", "column 15: AND must be followed by another condition"},
		{"run_id IN ()", "column 12: IN needs a non-empty list of quoted strings"},
		{"run_id IN 'a'", "column 11: expected a parenthesised list after IN, e.g. ('a', 'b'), found the string 'a'"},
		{"run_id IN ('a',)", "column 16: expected a quoted string after ',', found ')'"},
		{"run_id IN ('a' 'b')", "column 16: expected ',' or ')' in the list, found the string 'b'"},
		{"run_id IN ('a'", "column 15: unclosed list: expected ',' or ')'"},
		{"run_id IN (1)", "column 12: list values must be quoted strings, found the number 1"},
		{"params.x NOT LIKE 'a'", "column 10: NOT LIKE is not supported: MLflow filters have no negated LIKE"},
		{"params.x NOT = 'a'", `column 14: expected IN after NOT, found "="`},
		{"bogus.x = 'a'", `column 1: unknown entity "bogus" in "bogus.x": run filters use attr, attribute, attributes, dataset, datasets, metric, metrics, param, parameter, parameters, params, run, tag, tags`},
		{"datasets.foo = 'x'", `column 1: unknown dataset field "foo": use datasets.name, datasets.digest or datasets.context`},
		{"metrics.a == 1", `column 11: operator "==" is not supported: use = or !=`},
		{"params.a = `x`", "column 12: backticks quote names, not values: write 'x'"},
		{"start_time > '5'", "column 14: start_time compares numbers: write a number without quotes, found '5'"},
		{"metrics. = 1", "column 10: expected a key after \"metrics.\""},
		{"'x' = params.a", "column 1: expected a name such as params.lr before the value 'x' (quote names with \" or `, values with ')"},
		{"metrics.a", `column 10: expected an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, IS NULL) after "metrics.a"`},
		{"metrics.a 1", `column 11: expected an operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, IS NULL) after "metrics.a", found the number 1`},
		{"metrics.a LIKE '1'", "column 11: metrics.a does not support LIKE: use one of =, !=, >, >=, <, <="},
		{"métrics.a = 1 AND x", `column 1: unknown entity "métrics" in "métrics.a": run filters use attr, attribute, attributes, dataset, datasets, metric, metrics, param, parameter, parameters, params, run, tag, tags`},
		{"tags.t = 'ü' AND ü", `column 18: unknown run attribute "ü": use one of artifact_uri, end_time, run_id, run_name, start_time, status, user_id (metrics, params and tags need a prefix, e.g. metrics.ü)`},
		{"params.x = '\xff'", "column 13: invalid UTF-8 byte"},
		{"꩒0", `column 1: unknown run attribute "꩒0": use one of artifact_uri, end_time, run_id, run_name, start_time, status, user_id (metrics, params and tags need a prefix, e.g. metrics.꩒0)`},
		{"params.x LIKE '%\x00'", "column 17: the filter holds a NUL character"},
	}
	for _, c := range cases {
		_, err := ParseRunFilter(c.in)
		if err == nil {
			t.Errorf("ParseRunFilter(%q) succeeded; want %q", c.in, c.want)
			continue
		}
		var se *Error
		if !errors.As(err, &se) {
			t.Errorf("ParseRunFilter(%q): error %T is not *search.Error", c.in, err)
		}
		if err.Error() != c.want {
			t.Errorf("ParseRunFilter(%q)\n got %q\nwant %q", c.in, err.Error(), c.want)
		}
	}
}

func TestErrorPositionPointsIntoInput(t *testing.T) {
	in := "tags.ü = 'ö' AND metrics.a > 'x'"
	_, err := ParseRunFilter(in)
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("want *Error, got %v", err)
	}
	if in[se.Pos:] != "'x'" {
		t.Errorf("Pos %d points at %q, want the bad value", se.Pos, in[se.Pos:])
	}
	if se.Column != 30 {
		t.Errorf("Column = %d, want 30 (characters, not bytes)", se.Column)
	}
}

func TestParseOtherFilters(t *testing.T) {
	type parseFn func(string) ([]Clause, error)
	ok := []struct {
		name string
		fn   parseFn
		in   string
		want []Clause
	}{
		{"exp", ParseExperimentFilter, "name LIKE 'iris%' AND tags.team IS NULL", []Clause{
			{Kind: Attribute, Key: "name", Op: OpLike, Str: "iris%", Text: "'iris%'"},
			{Kind: Tag, Key: "team", Op: OpIsNull, Pos: 22},
		}},
		{"exp", ParseExperimentFilter, "attributes.creation_time >= 17", []Clause{{Kind: Attribute, Key: "creation_time", Op: OpGe, Num: 17, IsNum: true, IsInt: true, Text: "17"}}},
		{"exp", ParseExperimentFilter, "experiment_id IN ('1','2')", []Clause{{Kind: Attribute, Key: "experiment_id", Op: OpIn, List: []string{"1", "2"}}}},
		{"model", ParseModelFilter, "name = 'iris-classifier' AND tags.stage != 'x'", []Clause{
			{Kind: Attribute, Key: "name", Op: OpEq, Str: "iris-classifier", Text: "'iris-classifier'"},
			{Kind: Tag, Key: "stage", Op: OpNe, Str: "x", Text: "'x'", Pos: 29},
		}},
		{"version", ParseVersionFilter, "run_id IN ('a') AND version_number >= 2", []Clause{
			{Kind: Attribute, Key: "run_id", Op: OpIn, List: []string{"a"}},
			{Kind: Attribute, Key: "version_number", Op: OpGe, Num: 2, IsNum: true, IsInt: true, Text: "2", Pos: 20},
		}},
		{"logged", ParseLoggedModelFilter, "metrics.acc > 0.5 AND creation_time > 3 AND status = 'READY'", []Clause{
			{Kind: Metric, Key: "acc", Op: OpGt, Num: 0.5, IsNum: true, Text: "0.5"},
			{Kind: Attribute, Key: "creation_timestamp", Op: OpGt, Num: 3, IsNum: true, IsInt: true, Text: "3", Pos: 22},
			{Kind: Attribute, Key: "status", Op: OpEq, Str: "READY", Text: "'READY'", Pos: 44},
		}},
	}
	for _, c := range ok {
		got, err := c.fn(c.in)
		if err != nil {
			t.Errorf("%s %q: %v", c.name, c.in, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %q\n got %+v\nwant %+v", c.name, c.in, got, c.want)
		}
	}
	bad := []struct {
		name string
		fn   parseFn
		in   string
		want string
	}{
		{"exp", ParseExperimentFilter, "metrics.a > 1", `column 1: unknown entity "metrics" in "metrics.a": experiment filters use attribute, attributes, tag, tags`},
		{"exp", ParseExperimentFilter, "name IN ('a')", "column 6: name does not support IN: use one of =, !=, LIKE, ILIKE"},
		{"exp", ParseExperimentFilter, "creation_time > 1.5", "column 17: creation_time takes a whole number (milliseconds or a version), found 1.5"},
		{"model", ParseModelFilter, "tags.x IS NULL", "column 8: IS NULL is not supported for tags; only params and tags can be tested for NULL"},
		{"model", ParseModelFilter, "attributes.name = 'a'", `column 1: unknown entity "attributes" in "attributes.name": registered model filters use attribute, tag, tags`},
		{"model", ParseModelFilter, "creation_timestamp > 1", `column 1: unknown registered model attribute "creation_timestamp": use one of name`},
		{"version", ParseVersionFilter, "source_path IN ('a')", "column 13: source_path does not support IN: use one of =, !=, LIKE, ILIKE"},
		{"version", ParseVersionFilter, "version_number = '2'", "column 18: version_number compares numbers: write a number without quotes, found '2'"},
	}
	for _, c := range bad {
		_, err := c.fn(c.in)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s %q\n got %v\nwant %q", c.name, c.in, err, c.want)
		}
	}
}

func TestParseOrderByErrors(t *testing.T) {
	cases := []struct {
		fn   func([]string) ([]OrderBy, error)
		in   []string
		want string
	}{
		{ParseRunOrderBy, []string{"foo"}, `column 1: order_by "foo": cannot order runs by "foo": use one of run_id, run_name, user_id, status, artifact_uri, start_time, end_time, created, Created`},
		{ParseRunOrderBy, []string{"metrics.a up"}, `column 11: order_by "metrics.a up": expected ASC or DESC after "metrics.a", found "up"`},
		{ParseRunOrderBy, []string{"datasets.name"}, `column 1: order_by "datasets.name": cannot order runs by dataset fields`},
		{ParseRunOrderBy, []string{"metrics.a DESC x"}, `column 16: order_by "metrics.a DESC x": unexpected "x" after the direction: give one key per order_by entry`},
		{ParseRunOrderBy, []string{"metrics.a", "metric.a DESC"}, `column 1: order_by names metric "a" twice`},
		{ParseRunOrderBy, []string{""}, `column 1: order_by "": empty clause: expected a key such as metrics.accuracy DESC`},
		{ParseExperimentOrderBy, []string{"tags.x"}, `column 1: order_by "tags.x": cannot order experiments by tag keys; order by one of name, experiment_id, creation_time, last_update_time`},
		{ParseVersionOrderBy, []string{"run_id"}, `column 1: order_by "run_id": cannot order model versions by "run_id": use one of name, version_number, creation_timestamp, last_updated_timestamp`},
	}
	for _, c := range cases {
		_, err := c.fn(c.in)
		if err == nil || err.Error() != c.want {
			t.Errorf("%q\n got %v\nwant %q", c.in, err, c.want)
		}
	}
	got, err := ParseRunOrderBy([]string{"metrics.accuracy DESC", "attributes.start_time", "params.x asc", "tags.`a b`"})
	if err != nil {
		t.Fatal(err)
	}
	want := []OrderBy{{Metric, "accuracy", false}, {Attribute, "start_time", true}, {Param, "x", true}, {Tag, "a b", true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v want %+v", got, want)
	}
	m, err := ParseModelOrderBy([]string{"timestamp DESC"})
	if err != nil || !reflect.DeepEqual(m, []OrderBy{{Attribute, "last_updated_timestamp", false}}) {
		t.Errorf("model order timestamp: %+v %v", m, err)
	}
}
