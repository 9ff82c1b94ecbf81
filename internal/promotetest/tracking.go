package promotetest

import (
	"bytes"
	"context"
	"errors"
	"io"

	"mltui/client"
)

var errNoTracking = errors.New("the promotetest store holds only runs by ID")

func (s *Store) SearchExperiments(context.Context, client.ExperimentQuery) (client.Page[client.Experiment], error) {
	return client.Page[client.Experiment]{}, errNoTracking
}
func (s *Store) GetExperiment(context.Context, string) (client.Experiment, error) {
	return client.Experiment{}, errNoTracking
}
func (s *Store) GetExperimentByName(context.Context, string) (client.Experiment, error) {
	return client.Experiment{}, errNoTracking
}
func (s *Store) SearchRuns(context.Context, client.RunQuery) (client.Page[client.Run], error) {
	return client.Page[client.Run]{}, errNoTracking
}

func (s *Store) GetRun(ctx context.Context, id string) (client.Run, error) {
	if err := s.call("GetRun"); err != nil {
		return client.Run{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.runs[id]
	if !ok {
		return r, notFound("runs/get", "Run with id="+id+" not found")
	}
	return r, nil
}

func (s *Store) MetricHistoryPage(context.Context, client.HistoryQuery) (client.Page[client.Metric], error) {
	return client.Page[client.Metric]{}, errNoTracking
}
func (s *Store) SampledHistory(context.Context, client.SampledQuery) ([]client.Metric, error) {
	return nil, errNoTracking
}

func (s *Store) ListArtifacts(ctx context.Context, runID, path string) ([]client.FileInfo, error) {
	if err := s.call("ListArtifacts"); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []client.FileInfo
	for _, f := range s.files[runID] {
		dir := ""
		if i := lastSlash(f.Path); i >= 0 {
			dir = f.Path[:i]
		}
		if dir == path {
			out = append(out, f)
		}
	}
	return out, nil
}

var _ client.ArtifactReader = (*Store)(nil)

// OpenArtifact serves bytes [off, off+n) of a file given content with
// SetArtifactContent; other files are not found.
func (s *Store) OpenArtifact(ctx context.Context, runID, path string, off, n int64) (*client.ArtifactFile, error) {
	if err := s.call("OpenArtifact"); err != nil {
		return nil, err
	}
	s.mu.Lock()
	b, ok := s.contents[runID+"/"+path]
	s.mu.Unlock()
	if !ok {
		return nil, &client.Error{Kind: client.KindNotFound, Op: "read artifact", Message: "no such artifact " + path}
	}
	size := int64(len(b))
	off = min(max(off, 0), size)
	end := size
	if n >= 0 {
		end = min(off+n, size)
	}
	return &client.ArtifactFile{ReadCloser: io.NopCloser(bytes.NewReader(b[off:end])), Size: size}, nil
}

func lastSlash(p string) int {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return i
		}
	}
	return -1
}

func (s *Store) Describe(context.Context) (client.ServerInfo, error) {
	return client.ServerInfo{Kind: "memory", URI: "memory://promotetest", User: "tester"}, nil
}

func (s *Store) Close() error { return nil }

var _ client.Store = (*Store)(nil)
var _ client.AliasSwapper = Swapper{}
