package runs

import (
	"context"
	"errors"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"mltui/client"
	"mltui/views"
)

type pageResult struct {
	page  client.Page[client.Run]
	first bool
	rest  bool // everything after the first page
}

func (m *Model) resolveExperiment() tea.Cmd {
	name := m.expName
	req, cmd := views.Load(m.env, "experiment", func(ctx context.Context, s client.Store) (client.Experiment, error) {
		return s.GetExperimentByName(ctx, name)
	})
	m.expReq = req
	m.loading = true
	return cmd
}

// orderBy is the server-side order for the current sort ("start_time
// DESC" is the server default and sent anyway so every backend agrees).
func (m *Model) orderBy() []string {
	if c := orderClause(m.sortCol, m.sortDesc); c != "" {
		return []string{c}
	}
	return nil
}

// query starts loading from the first page. A refresh keeps the rows on
// screen until every page has arrived; a new query (filter, sort) shows
// its first page as soon as it comes.
func (m *Model) query(refresh bool) tea.Cmd {
	m.refresh = refresh
	m.incoming = nil
	m.pages = 0
	m.loading = true
	m.truncated = false
	return m.page("")
}

func (m *Model) runQuery(token string) client.RunQuery {
	q := client.RunQuery{
		ExperimentIDs: slices.Clone(m.expIDs),
		Filter:        m.Filter(),
		OrderBy:       m.orderBy(),
		ViewType:      client.ActiveOnly,
		MaxResults:    laterPage,
		PageToken:     token,
	}
	if m.showDeleted {
		q.ViewType = client.AllViews
	}
	if token == "" && !m.refresh {
		q.MaxResults = firstPage
	}
	return q
}

func (m *Model) page(token string) tea.Cmd {
	q := m.runQuery(token)
	first := token == ""
	return m.Begin(views.Load(m.env, "runs", func(ctx context.Context, s client.Store) (pageResult, error) {
		p, err := s.SearchRuns(ctx, q)
		return pageResult{page: p, first: first}, err
	}))
}

// rest fetches everything after the first page in one go: wide on a
// tracking server (search_concurrency at once), page by page elsewhere.
// Each search keeps the usual timeout; the walk as a whole has a longer
// one (esc cancels it).
func (m *Model) rest(first client.Page[client.Run]) tea.Cmd {
	q := m.runQuery("")
	q.MaxResults = laterPage // the first page's token goes on at this size where the walk is not wide
	conc := m.env.Config.Concurrency()
	timeout := m.env.Timeout
	return m.Begin(views.LoadWithin(m.env, "runs", 30*timeout, func(ctx context.Context, s client.Store) (pageResult, error) {
		opt := client.WideFor(s, conc)
		opt.RequestTimeout = timeout
		opt.Limit = maxRuns
		runs, err := client.WalkRunsAfter(ctx, s, q, first, opt)
		return pageResult{page: client.Page[client.Run]{Items: runs}, rest: true}, err
	}))
}

// onPage takes one page of the current query and asks for the next.
func (m *Model) onPage(msg views.Loaded[pageResult]) tea.Cmd {
	res := msg.Value
	if msg.Err != nil {
		return m.onError(msg.Err, res.first)
	}
	m.failed, m.loadErr = false, nil
	keep := ""
	if r, ok := m.Selected(); ok {
		keep = r.Info.RunID
	}
	if res.first {
		m.applied = m.Filter()
	}
	m.SetFilterError("")
	m.pages++
	items := res.page.Items
	switch {
	case m.refresh:
		m.incoming = append(m.incoming, items...)
	case res.first:
		m.runs = items
	default:
		m.runs = append(m.runs, items...)
	}
	total := len(m.runs)
	if m.refresh {
		total = len(m.incoming)
	}
	more := res.page.NextPageToken != ""
	if more && total >= maxRuns {
		more, m.truncated = false, true
	}
	if res.rest && total >= maxRuns {
		m.truncated = true
	}
	var next tea.Cmd
	switch {
	case more && res.first:
		next = m.rest(res.page)
	case more:
		next = m.page(res.page.NextPageToken)
	default:
		m.loading = false
		if m.refresh {
			m.runs, m.incoming = m.incoming, nil
		}
	}
	m.loaded = true
	for _, r := range m.runs {
		m.env.Marks.Update(r)
	}
	m.ensureColumns()
	if !m.refresh || !more {
		m.rebuild(keep)
	}
	if !more {
		for _, r := range m.runs {
			if r.Info.Status == client.StatusRunning {
				delete(m.gpu, r.Info.RunID) // still logging: read again
			}
		}
		return tea.Batch(next, m.loadGPU())
	}
	return next
}

func (m *Model) onError(err error, first bool) tea.Cmd {
	m.loading = false
	m.refresh = false
	m.incoming = nil
	if errors.Is(err, context.Canceled) {
		return nil
	}
	if first && client.KindOf(err) == client.KindInvalidParameter {
		// A malformed filter: say why under the filter, keep the old rows.
		m.SetFilterError(messageOf(err))
		return nil
	}
	m.loadErr, m.failed = err, true
	return nil
}

// messageOf is the store's message without our wrapping, when it has one.
func messageOf(err error) string {
	var ce *client.Error
	if errors.As(err, &ce) && ce.Message != "" {
		return ce.Message
	}
	return err.Error()
}

// onTick refreshes live data: after a failure it retries; with RUNNING
// runs on screen it re-reads (every page when the table is small, else
// just those runs).
func (m *Model) onTick() tea.Cmd {
	if m.Waiting() {
		return nil
	}
	if m.failed {
		if len(m.expIDs) == 0 {
			return m.resolveExperiment()
		}
		return m.query(m.loaded)
	}
	if !m.hasRunning() {
		return nil
	}
	if len(m.runs) <= refreshAllUpTo {
		return m.query(true)
	}
	return m.refreshRunning()
}

func (m *Model) hasRunning() bool {
	for _, r := range m.runs {
		if r.Info.Status == client.StatusRunning {
			return true
		}
	}
	return false
}

type runningResult struct{ runs []client.Run }

// refreshRunning re-reads the RUNNING runs one by one (at most 50).
func (m *Model) refreshRunning() tea.Cmd {
	var ids []string
	for _, r := range m.runs {
		if r.Info.Status == client.StatusRunning && len(ids) < 50 {
			ids = append(ids, r.Info.RunID)
		}
	}
	return m.Begin(views.Load(m.env, "running", func(ctx context.Context, s client.Store) (runningResult, error) {
		out := make([]client.Run, 0, len(ids))
		for _, id := range ids {
			r, err := s.GetRun(ctx, id)
			if err != nil {
				return runningResult{out}, err
			}
			out = append(out, r)
		}
		return runningResult{out}, nil
	}))
}

func (m *Model) onRunning(msg views.Loaded[runningResult]) {
	byID := make(map[string]client.Run, len(msg.Value.runs))
	for _, r := range msg.Value.runs {
		byID[r.Info.RunID] = r
	}
	for i, r := range m.runs {
		if nr, ok := byID[r.Info.RunID]; ok {
			m.runs[i] = nr
			m.env.Marks.Update(nr)
		}
	}
	if msg.Err != nil && !errors.Is(msg.Err, context.Canceled) {
		m.loadErr, m.failed = msg.Err, true
	}
}

// sortByDuration orders runs by how long they ran (running runs up to
// now); stable, so ties keep the server's order.
func sortByDuration(runs []client.Run, desc bool, now time.Time) {
	slices.SortStableFunc(runs, func(a, b client.Run) int {
		da, db := runDuration(a, now), runDuration(b, now)
		c := 0
		switch {
		case da < db:
			c = -1
		case da > db:
			c = 1
		}
		if desc {
			return -c
		}
		return c
	})
}

// runDuration is end−start, or now−start while running; 0 if unknown.
func runDuration(r client.Run, now time.Time) time.Duration {
	if r.Info.StartTime == 0 {
		return 0
	}
	end := r.Info.EndTime
	if end == 0 {
		if r.Info.Status != client.StatusRunning {
			return 0
		}
		end = now.UnixMilli()
	}
	return time.Duration(end-r.Info.StartTime) * time.Millisecond
}
