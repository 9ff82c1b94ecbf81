package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"mltui/client"
	"mltui/client/serving"
	"mltui/format"
	"mltui/theme"
)

// servingTimeout bounds one version's serving checks (each request: 5 s).
const servingTimeout = 20 * time.Second

// servingEndpoint is a configured scoring server that serves this version
// now: its config key names an alias the version holds, or the version.
type servingEndpoint struct {
	Key, URL string
	Label    string // what the detail calls it: @champion, v3
}

// servingFor picks the config's serving entries that point at version v of
// name: NAME@ALIAS for an alias v holds, NAME/VERSION for v itself (with or
// without models:/), in key order.
func servingFor(cfg map[string]string, name string, v client.ModelVersion) []servingEndpoint {
	var out []servingEndpoint
	for key, u := range cfg {
		ref, err := client.ParseModelURI(withModelsPrefix(key))
		if err != nil || ref.Name != name || ref.Path != "" {
			continue
		}
		switch {
		case ref.Alias != "" && slices.Contains(v.Aliases, ref.Alias):
			out = append(out, servingEndpoint{Key: key, URL: u, Label: "@" + ref.Alias})
		case ref.Version != "" && ref.Version == v.Version:
			out = append(out, servingEndpoint{Key: key, URL: u, Label: "v" + ref.Version})
		}
	}
	slices.SortFunc(out, func(a, b servingEndpoint) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// withModelsPrefix lets the config say NAME@ALIAS or NAME/VERSION.
func withModelsPrefix(k string) string {
	if strings.HasPrefix(k, "models:/") {
		return k
	}
	return "models:/" + k
}

// servingResult is one endpoint's check, for the detail.
type servingResult struct {
	Endpoint servingEndpoint
	Report   serving.Report
	Example  string // the file sent; "" when the version logged none
	Err      error  // the check could not be made (bad URL, model files unreadable)
}

// servingData is every configured endpoint's result for the version.
type servingData struct {
	Version string
	Results []servingResult
}

// checkServing reads the version's input example once and checks each
// endpoint with it.
func checkServing(ctx context.Context, s client.Store, mv client.ModelVersion, eps []servingEndpoint) servingData {
	d := servingData{Version: mv.Version}
	var ex serving.ModelExample
	var exErr error
	if files, ok := client.VersionFiles(mv); ok {
		ex, exErr = serving.LoadExample(ctx, s, files)
	}
	for _, ep := range eps {
		r := servingResult{Endpoint: ep, Example: ex.From}
		rep, err := serving.Check(ctx, ep.URL, serving.Options{Example: ex.Body, Pings: 3, Timeout: 5 * time.Second})
		r.Report, r.Err = rep, err
		if err == nil && exErr != nil && rep.Healthy {
			r.Err = fmt.Errorf("healthy, but the input example could not be read: %w", exErr)
		}
		d.Results = append(d.Results, r)
	}
	return d
}

// servingLines are one endpoint's state: the config key and URL, then what
// it said, wrapped under the URL:
//
//	iris-classifier@champion  http://…
//	                          healthy · answers [0, 1, 2] for the input example · p50 12 ms
func servingLines(s *theme.Styles, r servingResult, lw, w int) []string {
	rep := r.Report
	st, text := s.Success, ""
	switch {
	case r.Err != nil:
		st, text = s.Warning, r.Err.Error()
	case !rep.Healthy:
		st, text = s.Error, "✗ unhealthy: "+rep.HealthErr
	case rep.Invoked && rep.AnswerErr != "":
		st, text = s.Error, "✗ healthy, but it rejects the input example: "+rep.AnswerErr
	case !rep.Invoked:
		text = fmt.Sprintf("✓ healthy · p50 %s · no input example logged to send", format.Latency(rep.P50))
	default:
		text = fmt.Sprintf("✓ healthy · answers %s for the input example · p50 %s", rep.AnswerText(120), format.Latency(rep.P50))
	}
	out := []string{s.Label.Render(format.Fit(r.Endpoint.Label, lw)) + s.Value.Render(format.Truncate(format.Visible(r.Endpoint.URL), max(w-lw, 1)))}
	pad := strings.Repeat(" ", lw)
	for _, l := range wrap(format.Visible(text), max(w-lw, 8)) {
		out = append(out, pad+st.Render(l))
	}
	return out
}
