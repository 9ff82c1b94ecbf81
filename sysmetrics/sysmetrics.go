// Package sysmetrics reads MLflow's system metrics: the keys
// mlflow.enable_system_metrics_logging() writes under "system/" (CPU,
// memory, disk, network, one set per GPU, and a node segment when
// MLFLOW_SYSTEM_METRICS_NODE_ID is set), grouped the way a person reads a
// machine, with each series' current, mean and peak. Pure logic over keys
// and histories already read.
package sysmetrics

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Prefix is where MLflow logs system metrics.
const Prefix = "system/"

// Kind is a group of a machine's metrics, in reading order.
type Kind int

const (
	CPU Kind = iota
	Memory
	Disk
	Network
	GPU
	Other
)

// Key is one system metric key taken apart.
type Key struct {
	Raw  string // "system/node_0/gpu_1_utilization_percentage"
	Node string // "node_0", "" on a single machine
	Kind Kind
	GPU  int    // the GPU index for Kind GPU
	Name string // what is measured: "utilization", "memory usage", …
	Unit string // "%", "MB", "GB", "W"
}

// IsSystem reports whether a metric key is one of MLflow's system metrics.
func IsSystem(key string) bool { return strings.HasPrefix(key, Prefix) }

// Parse takes a system metric key apart; ok is false for other keys.
func Parse(raw string) (Key, bool) {
	rest, ok := strings.CutPrefix(raw, Prefix)
	if !ok || rest == "" {
		return Key{}, false
	}
	k := Key{Raw: raw, Kind: Other}
	if node, tail, found := strings.Cut(rest, "/"); found {
		k.Node, rest = node, tail
	}
	name := rest
	switch {
	case strings.HasPrefix(rest, "cpu_"):
		k.Kind, name = CPU, strings.TrimPrefix(rest, "cpu_")
	case strings.HasPrefix(rest, "system_memory_"):
		k.Kind, name = Memory, strings.TrimPrefix(rest, "system_memory_")
	case strings.HasPrefix(rest, "disk_"):
		k.Kind, name = Disk, strings.TrimPrefix(rest, "disk_")
	case strings.HasPrefix(rest, "network_"):
		k.Kind, name = Network, strings.TrimPrefix(rest, "network_")
	case strings.HasPrefix(rest, "gpu_"):
		idx, tail, found := strings.Cut(strings.TrimPrefix(rest, "gpu_"), "_")
		if n, err := strconv.Atoi(idx); err == nil && found {
			k.Kind, k.GPU, name = GPU, n, tail
		}
	}
	k.Name, k.Unit = nameAndUnit(name)
	return k, true
}

// nameAndUnit splits "memory_usage_megabytes" into "memory usage", "MB".
func nameAndUnit(s string) (string, string) {
	units := []struct{ suffix, unit string }{
		{"_percentage", "%"}, {"_megabytes", "MB"}, {"_gigabytes", "GB"}, {"_watts", "W"}, {"_celsius", "°C"},
	}
	for _, u := range units {
		if base, ok := strings.CutSuffix(s, u.suffix); ok {
			return strings.ReplaceAll(base, "_", " "), u.unit
		}
	}
	return strings.ReplaceAll(s, "_", " "), ""
}

// Group is the title of the key's group: "CPU", "GPU 1", "node_0 · GPU 1".
func (k Key) Group() string {
	var g string
	switch k.Kind {
	case CPU:
		g = "CPU"
	case Memory:
		g = "memory"
	case Disk:
		g = "disk"
	case Network:
		g = "network"
	case GPU:
		g = "GPU " + strconv.Itoa(k.GPU)
	default:
		g = "other"
	}
	if k.Node != "" {
		return k.Node + " · " + g
	}
	return g
}

// Percent is whether the series is a share (drawn on a 0–100 scale).
func (k Key) Percent() bool { return k.Unit == "%" }

// Less orders keys as a person reads a machine: node, then CPU, memory,
// disk, network, GPUs by index, the rest; within a group utilisation
// first, then by name.
func Less(a, b Key) int {
	if c := cmp.Compare(a.Node, b.Node); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	if c := cmp.Compare(a.GPU, b.GPU); c != 0 {
		return c
	}
	if au, bu := a.Name == "utilization", b.Name == "utilization"; au != bu {
		if au {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return cmp.Compare(a.Unit, b.Unit)
}

// Keys are the system metric keys among keys, parsed and in reading order.
func Keys(keys []string) []Key {
	var out []Key
	for _, raw := range keys {
		if k, ok := Parse(raw); ok {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, Less)
	return out
}

// Summary is one series at a glance. NaN and infinite samples are
// counted apart and take no part in the rest.
type Summary struct {
	N       int // finite samples
	NaN     int
	Current float64 // the latest finite sample (by time)
	Mean    float64
	Max     float64
	At      int64 // the latest sample's time, epoch ms
}

// Summarise reads values logged at times (same length, any order).
func Summarise(times []int64, values []float64) Summary {
	s := Summary{Current: math.NaN(), Mean: math.NaN(), Max: math.NaN()}
	sum := 0.0
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			s.NaN++
			continue
		}
		if s.N == 0 || v > s.Max {
			s.Max = v
		}
		if s.N == 0 || times[i] >= s.At {
			s.Current, s.At = v, times[i]
		}
		sum += v
		s.N++
	}
	if s.N > 0 {
		s.Mean = sum / float64(s.N)
	}
	return s
}

// IdleBelow is the utilisation (percent) under which a GPU counts as idle
// for the whole run: a GPU the job never used.
const IdleBelow = 1.0

// IdleGPUs are the GPU groups whose utilisation never reached IdleBelow,
// by group title. A GPU with no utilisation series is not judged.
func IdleGPUs(keys []Key, sums map[string]Summary) map[string]bool {
	idle := map[string]bool{}
	for _, k := range keys {
		if k.Kind != GPU || k.Name != "utilization" {
			continue
		}
		if s, ok := sums[k.Raw]; ok && s.N > 0 && s.Max < IdleBelow {
			idle[k.Group()] = true
		}
	}
	return idle
}

// Glance is one line per group of a run's latest system readings, CPU
// and memory first, then each GPU ("GPU 0  utilization 87% · memory
// usage 24000 MB · power usage 330 W"); disk and network, which say
// little at a glance, are left to the full view. latest maps a key to its
// latest value.
func Glance(latest map[string]float64, figure func(float64) string) []string {
	raw := make([]string, 0, len(latest))
	for k := range latest {
		raw = append(raw, k)
	}
	var out []string
	var group string
	var parts []string
	flush := func() {
		if group != "" && len(parts) > 0 {
			out = append(out, group+"  "+strings.Join(parts, " · "))
		}
		parts = nil
	}
	for _, k := range Keys(raw) {
		if k.Kind == Disk || k.Kind == Network || k.Kind == Other {
			continue
		}
		if k.Kind != GPU && k.Unit == "%" && k.Name != "utilization" {
			continue // memory's share repeats its MB
		}
		if k.Kind == GPU && strings.HasSuffix(k.Name, "usage") && k.Unit == "%" && k.Name != "utilization" {
			continue // the GPU's memory and power shares repeat their MB and W
		}
		if g := k.Group(); g != group {
			flush()
			group = g
		}
		unit := k.Unit
		if unit != "" && unit != "%" {
			unit = " " + unit
		}
		parts = append(parts, k.Name+" "+figure(latest[k.Raw])+unit)
	}
	flush()
	return out
}
