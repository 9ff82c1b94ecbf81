package experiments

import (
	"reflect"
	"testing"

	"mltui/client"
)

func exps() []client.Experiment {
	return []client.Experiment{
		{ID: "0", Name: "Default", LastUpdateTime: 100, CreationTime: 100, LifecycleStage: "active"},
		{ID: "10", Name: "iris-classification", LastUpdateTime: 300, CreationTime: 200, LifecycleStage: "active"},
		{ID: "9", Name: "epoch-curves", LastUpdateTime: 200, CreationTime: 300, LifecycleStage: "active"},
		{ID: "11", Name: "old-iris", LastUpdateTime: 400, CreationTime: 50, LifecycleStage: "deleted"},
	}
}

func names(e []client.Experiment, idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = e[j].Name
	}
	return out
}

func TestOrderSortKeys(t *testing.T) {
	e := exps()
	cases := []struct {
		key     SortKey
		reverse bool
		want    []string
	}{
		{SortUpdated, false, []string{"iris-classification", "epoch-curves", "Default"}},
		{SortName, false, []string{"Default", "epoch-curves", "iris-classification"}},
		{SortName, true, []string{"iris-classification", "epoch-curves", "Default"}},
		// Numeric, not lexical: 9 before 10.
		{SortID, false, []string{"Default", "epoch-curves", "iris-classification"}},
		{SortCreated, false, []string{"epoch-curves", "iris-classification", "Default"}},
	}
	for _, c := range cases {
		if got := names(e, Order(e, "", c.key, c.reverse, false)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v reverse=%v: %v, want %v", c.key, c.reverse, got, c.want)
		}
	}
}

func TestOrderDeletedAndFuzzy(t *testing.T) {
	e := exps()
	if got := Order(e, "", SortName, false, true); len(got) != 4 {
		t.Errorf("showDeleted: %d rows", len(got))
	}
	got := names(e, Order(e, "iris", SortName, false, true))
	if len(got) != 2 || !reflect.DeepEqual(map[string]bool{got[0]: true, got[1]: true}, map[string]bool{"iris-classification": true, "old-iris": true}) {
		t.Errorf("fuzzy iris: %v", got)
	}
	if got := names(e, Order(e, "iris", SortName, false, false)); !reflect.DeepEqual(got, []string{"iris-classification"}) {
		t.Errorf("fuzzy hides deleted: %v", got)
	}
	if got := Order(e, "zzz", SortName, false, true); len(got) != 0 {
		t.Errorf("no match: %v", got)
	}
}
