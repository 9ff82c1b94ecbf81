package promote

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"mltui/client"
	"mltui/config"
)

// VersionInfo is a model version with its source run, for listings.
type VersionInfo struct {
	client.ModelVersion
	Run    *client.Run // nil when the version has no run, or it is gone
	RunErr error       // reading the run failed (shown, not fatal)
}

// runWorkers bounds concurrent GetRun calls so a model with many versions
// does not flood the server.
const runWorkers = 4

// LoadModel reads a registered model and its versions, newest first, each
// with its source run. Version aliases come from the model: MLflow's
// version search leaves them out.
func LoadModel(ctx context.Context, s Reader, model string) (client.RegisteredModel, []VersionInfo, error) {
	m, err := s.GetRegisteredModel(ctx, model)
	if err != nil {
		return m, nil, fmt.Errorf("read model %s: %w", model, err)
	}
	vs, err := client.AllModelVersions(ctx, s, client.VersionQuery{Filter: VersionFilter(model)})
	if err != nil {
		return m, nil, fmt.Errorf("list versions of %s: %w", model, err)
	}
	held := map[string][]string{}
	for _, a := range AliasHolders(m) {
		held[a.Version] = append(held[a.Version], a.Alias)
	}
	out := make([]VersionInfo, 0, len(vs))
	for _, v := range vs {
		if v.Name == model {
			v.Aliases = held[v.Version]
			out = append(out, VersionInfo{ModelVersion: v})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return versionLess(out[j].Version, out[i].Version) })
	AttachRuns(ctx, s, out)
	return m, out, nil
}

// AttachRuns reads the source run of each version (runs shared by several
// versions are read once). A missing run leaves Run nil; other failures
// are kept in RunErr.
func AttachRuns(ctx context.Context, s client.Tracking, vs []VersionInfo) {
	ids := map[string][]int{}
	var order []string
	for i, v := range vs {
		if v.RunID == "" {
			continue
		}
		if _, ok := ids[v.RunID]; !ok {
			order = append(order, v.RunID)
		}
		ids[v.RunID] = append(ids[v.RunID], i)
	}
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		sem = make(chan struct{}, runWorkers)
	)
	for _, id := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			var r client.Run
			err := client.Guard("read run "+id, func() (err error) {
				r, err = s.GetRun(ctx, id)
				return err
			})
			mu.Lock()
			defer mu.Unlock()
			for _, i := range ids[id] {
				switch {
				case err == nil:
					run := r
					vs[i].Run = &run
				case client.KindOf(err) != client.KindNotFound:
					vs[i].RunErr = err
				}
			}
		}()
	}
	wg.Wait()
}

// KeyMetrics picks up to n metric names to show beside versions: the
// metrics the model's gates use first, then the others alphabetically.
func KeyMetrics(reg config.Registry, model string, vs []VersionInfo, n int) []string {
	seen := map[string]bool{}
	var out []string
	add := func(k string) {
		if k != "" && !seen[k] && len(out) < n {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, g := range GatesFor(reg, model) {
		add(g.Metric)
	}
	var rest []string
	have := map[string]bool{}
	for _, v := range vs {
		if v.Run == nil {
			continue
		}
		for _, m := range v.Run.Data.Metrics {
			if !have[m.Key] {
				have[m.Key] = true
				rest = append(rest, m.Key)
			}
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		add(k)
	}
	return out
}

// AliasHolders maps each alias of a model to its version, sorted by alias.
func AliasHolders(m client.RegisteredModel) []client.AliasRef {
	out := append([]client.AliasRef(nil), m.Aliases...)
	sort.Slice(out, func(i, j int) bool { return out[i].Alias < out[j].Alias })
	return out
}

// LatestVersion is the highest version number among a model's latest
// versions per stage ("" if none).
func LatestVersion(m client.RegisteredModel) string {
	best := ""
	for _, v := range m.LatestVersions {
		if best == "" || versionLess(best, v.Version) {
			best = v.Version
		}
	}
	return best
}
