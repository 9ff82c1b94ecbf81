package sysmetrics

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// The key names are MLflow 3.18's (mlflow/system_metrics/metrics/*.py and
// the monitor's "system/" + node prefix).
func TestParseMLflowKeys(t *testing.T) {
	cases := []struct {
		raw, group, name, unit string
		kind                   Kind
	}{
		{"system/cpu_utilization_percentage", "CPU", "utilization", "%", CPU},
		{"system/system_memory_usage_megabytes", "memory", "usage", "MB", Memory},
		{"system/disk_available_megabytes", "disk", "available", "MB", Disk},
		{"system/network_receive_megabytes", "network", "receive", "MB", Network},
		{"system/gpu_0_memory_usage_megabytes", "GPU 0", "memory usage", "MB", GPU},
		{"system/gpu_12_power_usage_watts", "GPU 12", "power usage", "W", GPU},
		{"system/gpu_1_memory_usage_gigabytes", "GPU 1", "memory usage", "GB", GPU},
		{"system/node_1/gpu_0_utilization_percentage", "node_1 · GPU 0", "utilization", "%", GPU},
		{"system/something_new", "other", "something new", "", Other},
	}
	for _, c := range cases {
		k, ok := Parse(c.raw)
		if !ok || k.Group() != c.group || k.Name != c.name || k.Unit != c.unit || k.Kind != c.kind {
			t.Errorf("Parse(%q) = %+v (group %q), want %s/%s/%s", c.raw, k, k.Group(), c.group, c.name, c.unit)
		}
	}
	for _, raw := range []string{"train_loss", "system/", "systemic/cpu"} {
		if _, ok := Parse(raw); ok {
			t.Errorf("Parse(%q) took a non-system key", raw)
		}
	}
}

func TestKeysReadLikeAMachine(t *testing.T) {
	ks := Keys([]string{
		"train_loss", "system/gpu_1_utilization_percentage", "system/network_transmit_megabytes",
		"system/gpu_0_memory_usage_megabytes", "system/gpu_0_utilization_percentage",
		"system/cpu_utilization_percentage", "system/node_b/cpu_utilization_percentage",
		"system/system_memory_usage_percentage", "system/disk_usage_percentage",
	})
	var got []string
	for _, k := range ks {
		got = append(got, k.Raw)
	}
	want := []string{
		"system/cpu_utilization_percentage", "system/system_memory_usage_percentage",
		"system/disk_usage_percentage", "system/network_transmit_megabytes",
		"system/gpu_0_utilization_percentage", "system/gpu_0_memory_usage_megabytes",
		"system/gpu_1_utilization_percentage", "system/node_b/cpu_utilization_percentage",
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("order\n got %v\nwant %v", got, want)
	}
}

func TestSummariseAndIdle(t *testing.T) {
	s := Summarise([]int64{30, 10, 20, 40}, []float64{5, 1, 9, math.NaN()})
	if s.N != 3 || s.NaN != 1 || s.Current != 5 || s.At != 30 || s.Max != 9 || math.Abs(s.Mean-5) > 1e-12 {
		t.Fatalf("summary %+v", s)
	}
	if e := Summarise(nil, nil); e.N != 0 || !math.IsNaN(e.Mean) {
		t.Fatalf("empty summary %+v", e)
	}
	ks := Keys([]string{"system/gpu_0_utilization_percentage", "system/gpu_1_utilization_percentage", "system/gpu_2_memory_usage_megabytes"})
	idle := IdleGPUs(ks, map[string]Summary{
		"system/gpu_0_utilization_percentage": {N: 5, Max: 97},
		"system/gpu_1_utilization_percentage": {N: 5, Max: 0},
	})
	if !idle["GPU 1"] || idle["GPU 0"] || idle["GPU 2"] || len(idle) != 1 {
		t.Fatalf("idle %v, want only GPU 1 (GPU 2 has no utilisation to judge by)", idle)
	}
}

func TestGlance(t *testing.T) {
	got := Glance(map[string]float64{
		"system/cpu_utilization_percentage":     45,
		"system/system_memory_usage_megabytes":  3660,
		"system/system_memory_usage_percentage": 14,
		"system/disk_usage_percentage":          21,
		"system/gpu_0_utilization_percentage":   87,
		"system/gpu_0_memory_usage_megabytes":   24000,
		"system/gpu_0_memory_usage_percentage":  29,
		"system/gpu_0_power_usage_watts":        330,
		"train_loss":                            0.1,
	}, func(v float64) string { return strings.TrimSuffix(strings.TrimRight(fmtG(v), "0"), ".") })
	want := []string{"CPU  utilization 45%", "memory  usage 3660 MB", "GPU 0  utilization 87% · memory usage 24000 MB · power usage 330 W"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("glance\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func fmtG(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
