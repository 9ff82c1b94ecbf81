package search

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// attrSpec describes one searchable attribute.
type attrSpec struct {
	numeric bool
	intOnly bool // numeric, and the SQL store rejects fractions
	ops     []Op // allowed operators
}

// schema is what one search endpoint accepts.
type schema struct {
	what    string          // "run", "experiment", …: used in messages
	types   map[string]Kind // identifier prefixes and what they mean
	attrs   map[string]attrSpec
	aliases map[string]string // alternate attribute spellings → canonical key
	ops     map[Kind][]Op     // operators for metric/param/tag/dataset keys
	// order-by keys for attributes; nil means the filter attributes.
	orderAttrs []string
	orderKinds []Kind // kinds order_by accepts besides attributes
}

var (
	numericOps = []Op{OpEq, OpNe, OpGt, OpGe, OpLt, OpLe}
	stringOps  = []Op{OpEq, OpNe, OpLike, OpILike}
	listOps    = []Op{OpEq, OpNe, OpLike, OpILike, OpIn, OpNotIn}
	nullOps    = []Op{OpEq, OpNe, OpLike, OpILike, OpIsNull, OpIsNotNull}
)

var runTypes = map[string]Kind{
	"metric": Metric, "metrics": Metric,
	"parameter": Param, "parameters": Param, "param": Param, "params": Param,
	"tag": Tag, "tags": Tag,
	"attribute": Attribute, "attributes": Attribute, "attr": Attribute, "run": Attribute,
	"dataset": Dataset, "datasets": Dataset,
}

var runSchema = &schema{
	what:  "run",
	types: runTypes,
	attrs: map[string]attrSpec{
		"run_id":       {ops: listOps},
		"run_name":     {ops: stringOps},
		"user_id":      {ops: stringOps},
		"status":       {ops: stringOps},
		"artifact_uri": {ops: stringOps},
		"start_time":   {numeric: true, ops: numericOps},
		"end_time":     {numeric: true, ops: numericOps},
	},
	aliases: map[string]string{
		"created": "start_time", "Created": "start_time",
		"run name": "run_name", "Run name": "run_name", "Run Name": "run_name",
	},
	ops: map[Kind][]Op{
		Metric:  numericOps,
		Param:   nullOps,
		Tag:     nullOps,
		Dataset: listOps,
	},
	orderAttrs: []string{"run_id", "run_name", "user_id", "status", "artifact_uri", "start_time", "end_time", "created", "Created"},
	orderKinds: []Kind{Metric, Param, Tag},
}

var experimentSchema = &schema{
	what:  "experiment",
	types: map[string]Kind{"attribute": Attribute, "attributes": Attribute, "tag": Tag, "tags": Tag},
	attrs: map[string]attrSpec{
		"name":             {ops: stringOps},
		"experiment_id":    {ops: []Op{OpEq, OpNe, OpIn, OpNotIn}},
		"creation_time":    {numeric: true, intOnly: true, ops: numericOps},
		"last_update_time": {numeric: true, intOnly: true, ops: numericOps},
	},
	ops:        map[Kind][]Op{Tag: nullOps},
	orderAttrs: []string{"name", "experiment_id", "creation_time", "last_update_time"},
}

var modelSchema = &schema{
	what:       "registered model",
	types:      map[string]Kind{"attribute": Attribute, "tag": Tag, "tags": Tag},
	attrs:      map[string]attrSpec{"name": {ops: listOps}},
	ops:        map[Kind][]Op{Tag: stringOps},
	orderAttrs: []string{"name", "timestamp", "creation_timestamp", "last_updated_timestamp"},
}

var versionSchema = &schema{
	what:  "model version",
	types: map[string]Kind{"attribute": Attribute, "tag": Tag, "tags": Tag},
	attrs: map[string]attrSpec{
		"name":           {ops: listOps},
		"run_id":         {ops: listOps},
		"source_path":    {ops: stringOps},
		"version_number": {numeric: true, intOnly: true, ops: numericOps},
	},
	ops:        map[Kind][]Op{Tag: stringOps},
	orderAttrs: []string{"name", "version_number", "creation_timestamp", "last_updated_timestamp"},
}

var loggedModelSchema = &schema{
	what:  "logged model",
	types: runTypes,
	attrs: map[string]attrSpec{
		"name":                   {ops: listOps},
		"model_id":               {ops: listOps},
		"model_type":             {ops: listOps},
		"status":                 {ops: listOps},
		"source_run_id":          {ops: listOps},
		"creation_timestamp":     {numeric: true, ops: numericOps},
		"last_updated_timestamp": {numeric: true, ops: numericOps},
	},
	aliases: map[string]string{"creation_time": "creation_timestamp", "last_updated_time": "last_updated_timestamp"},
	ops:     map[Kind][]Op{Metric: numericOps, Param: stringOps, Tag: stringOps},
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func opList(ops []Op) string {
	s := make([]string, len(ops))
	for i, o := range ops {
		s[i] = string(o)
	}
	return strings.Join(s, ", ")
}

// resolve maps an identifier to (kind, canonical key).
func (sc *schema) resolve(in string, id ident, orderBy bool) (Kind, string, error) {
	if len(id.parts) == 1 {
		return sc.resolveAttr(in, id, id.parts[0], orderBy)
	}
	prefix := id.parts[0]
	key := strings.Join(id.parts[1:], ".")
	kind, ok := sc.types[prefix]
	if !ok {
		return "", "", errAt(in, id.pos, "unknown entity %q in %q: %s filters use %s", prefix, id.text, sc.what, strings.Join(sortedKeys(sc.types), ", "))
	}
	if kind == Attribute {
		return sc.resolveAttr(in, id, key, orderBy)
	}
	if key == "" {
		return "", "", errAt(in, id.pos, "%q has an empty key", id.text)
	}
	if kind == Dataset {
		if orderBy {
			return "", "", errAt(in, id.pos, "cannot order %ss by dataset fields", sc.what)
		}
		switch key {
		case "name", "digest", "context":
		default:
			return "", "", errAt(in, id.pos, "unknown dataset field %q: use datasets.name, datasets.digest or datasets.context", key)
		}
	}
	if orderBy && !slices.Contains(sc.orderKinds, kind) {
		return "", "", errAt(in, id.pos, "cannot order %ss by %s keys; order by one of %s", sc.what, kind, strings.Join(sc.orderAttrs, ", "))
	}
	return kind, key, nil
}

func (sc *schema) resolveAttr(in string, id ident, key string, orderBy bool) (Kind, string, error) {
	if orderBy {
		if !slices.Contains(sc.orderAttrs, key) {
			return "", "", errAt(in, id.pos, "cannot order %ss by %q: use one of %s", sc.what, key, strings.Join(sc.orderAttrs, ", "))
		}
		if c, ok := sc.aliases[key]; ok {
			key = c
		}
		return Attribute, key, nil
	}
	if c, ok := sc.aliases[key]; ok {
		key = c
	}
	if _, ok := sc.attrs[key]; !ok {
		hint := ""
		if len(id.parts) == 1 && sc.types["metrics"] != "" {
			hint = " (metrics, params and tags need a prefix, e.g. metrics." + key + ")"
		}
		return "", "", errAt(in, id.pos, "unknown %s attribute %q: use one of %s%s", sc.what, key, strings.Join(sortedKeys(sc.attrs), ", "), hint)
	}
	return Attribute, key, nil
}

func (sc *schema) allowedOps(c Clause) []Op {
	if c.Kind == Attribute {
		return sc.attrs[c.Key].ops
	}
	return sc.ops[c.Kind]
}

func (sc *schema) describeKey(c Clause) string {
	if c.Kind == Attribute {
		return "attribute " + c.Key
	}
	return string(c.Kind) + "s"
}

// checkOp rejects operators the key does not support.
func (sc *schema) checkOp(in string, pos int, c Clause, name string) error {
	ops := sc.allowedOps(c)
	if slices.Contains(ops, c.Op) {
		return nil
	}
	if (c.Op == OpIsNull || c.Op == OpIsNotNull) && !slices.Contains(ops, OpIsNull) {
		return errAt(in, pos, "%s is not supported for %s; only params and tags can be tested for NULL", c.Op, sc.describeKey(c))
	}
	return errAt(in, pos, "%s does not support %s: use one of %s", name, c.Op, opList(ops))
}

// checkValue checks the value's type and fills Str/Num for clause c.
func (sc *schema) checkValue(in string, pos int, c *Clause, name string, v token) error {
	if c.Op == OpIn || c.Op == OpNotIn {
		return nil
	}
	numeric := c.Kind == Metric || (c.Kind == Attribute && sc.attrs[c.Key].numeric)
	if numeric {
		if v.kind != tokNumber {
			return errAt(in, pos, "%s compares numbers: write a number without quotes, found %s", name, v.text)
		}
		f, err := strconv.ParseFloat(v.text, 64)
		if err != nil || math.IsInf(f, 0) {
			return errAt(in, pos, "%q is not a usable number", v.text)
		}
		c.Num, c.IsNum = f, true
		c.IsInt = !strings.ContainsAny(v.text, ".eE")
		if c.Kind == Attribute && sc.attrs[c.Key].intOnly && !c.IsInt {
			return errAt(in, pos, "%s takes a whole number (milliseconds or a version), found %s", name, v.text)
		}
		return nil
	}
	switch {
	case v.kind == tokNumber:
		return errAt(in, pos, "%s compares strings: quote the value, e.g. '%s'", name, v.text)
	case v.kind == tokQuoted && strings.HasPrefix(v.text, "`"):
		return errAt(in, pos, "backticks quote names, not values: write '%s'", v.val)
	}
	c.Str = v.val
	return nil
}
