package client

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// WideOptions tunes a wide run search: the runs after the first page are
// fetched by start_time ranges, several at once, and merged in order.
type WideOptions struct {
	Concurrency int // searches in flight; 1 or less means one page after another
	PageSize    int // runs per request; 0 means 1000
	Limit       int // stop once this many runs (first page included) are known in order; 0 means all
	// RequestTimeout bounds each search on its own (0: only ctx bounds
	// them), so a long walk is not cut off by a timeout meant for one page.
	RequestTimeout time.Duration
}

// search is one runs/search within opt's per-request timeout.
func (opt WideOptions) search(ctx context.Context, s Tracking, q RunQuery) (Page[Run], error) {
	if opt.RequestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.RequestTimeout)
		defer cancel()
	}
	return s.SearchRuns(ctx, q)
}

const widePageSize = 1000

// WideOrder reports whether a run order can be split by start_time ranges:
// MLflow's default (start_time DESC) or any order whose first key is
// start_time, because then every range's runs sit together in the result.
// Other orders (a metric, a param) would need the server's comparison on
// the client; they are walked page after page.
func WideOrder(orderBy []string) (desc, ok bool) {
	if len(orderBy) == 0 {
		return true, true
	}
	f := strings.Fields(orderBy[0])
	if len(f) == 0 || len(f) > 2 {
		return false, false
	}
	key := strings.ToLower(strings.Trim(f[0], "`\""))
	for _, p := range []string{"attributes.", "attribute.", "attr.", "run."} {
		key = strings.TrimPrefix(key, p)
	}
	key = strings.Trim(key, "`\"")
	if key != "start_time" {
		return false, false
	}
	if len(f) == 2 {
		switch strings.ToUpper(f[1]) {
		case "DESC":
			return true, true
		case "ASC":
			return false, true
		default:
			return false, false
		}
	}
	return false, true // MLflow's default direction is ASC
}

// WalkRuns returns every run of q in the server's order, going wide where
// the order allows and opt asks for it. With nothing to paint first, the
// first "page" is one run: it fixes the top of the range and every page
// after it is fetched concurrently (a first page of 1,000 asked for alone
// was a tenth of a 10,000-run walk done one request at a time).
func WalkRuns(ctx context.Context, s Tracking, q RunQuery, opt WideOptions) ([]Run, error) {
	q.PageToken = ""
	if q.MaxResults <= 0 {
		q.MaxResults = pageSizeOf(opt)
	}
	fq := q
	if _, wide := WideOrder(q.OrderBy); wide && opt.Concurrency > 1 && opt.Limit <= 0 {
		fq.MaxResults = 1
	}
	first, err := opt.search(ctx, s, fq)
	if err != nil {
		return nil, err
	}
	rest, err := WalkRunsAfter(ctx, s, q, first, opt)
	return append(first.Items, rest...), err
}

// WalkRunsAfter returns the runs that follow first (the answer to q with no
// page token) in the server's order. The result is the search as it stood
// when the first page was read: runs that arrive later start after every
// range it asks for, so they are neither repeated nor counted, and no run is
// skipped because another arrived (offset paging, which the Python client
// does, repeats runs when new ones land on top while it walks).
func WalkRunsAfter(ctx context.Context, s Tracking, q RunQuery, first Page[Run], opt WideOptions) ([]Run, error) {
	if first.NextPageToken == "" || len(first.Items) == 0 {
		return nil, nil
	}
	limit := 0
	if opt.Limit > 0 {
		limit = opt.Limit - len(first.Items)
		if limit <= 0 {
			return nil, nil
		}
	}
	desc, wide := WideOrder(q.OrderBy)
	if !wide || opt.Concurrency <= 1 {
		return walkTokens(ctx, s, q, first.NextPageToken, limit, opt)
	}
	w := &wideWalk{s: s, q: q, desc: desc, page: pageSizeOf(opt), conc: opt.Concurrency, limit: limit, opt: opt}
	return w.run(ctx, first.Items)
}

func pageSizeOf(opt WideOptions) int {
	if opt.PageSize > 0 {
		return opt.PageSize
	}
	return widePageSize
}

// walkTokens follows page tokens from tok on, as MLflow's own clients do.
func walkTokens(ctx context.Context, s Tracking, q RunQuery, tok string, limit int, opt WideOptions) ([]Run, error) {
	var out []Run
	seen := map[string]bool{}
	for tok != "" {
		if seen[tok] {
			return out, &Error{Kind: KindNotMLflow, Op: "paging", Message: "server repeated a page token; stopping to avoid an endless loop"}
		}
		seen[tok] = true
		q.PageToken = tok
		p, err := opt.search(ctx, s, q)
		if err != nil {
			return out, err
		}
		out = append(out, p.Items...)
		if limit > 0 && len(out) >= limit {
			return out[:limit], nil
		}
		tok = p.NextPageToken
	}
	return out, nil
}

// span is an inclusive range of start_time in milliseconds.
type span struct{ lo, hi int64 }

func (sp span) filter(user string) string {
	f := fmt.Sprintf("attributes.start_time >= %d AND attributes.start_time <= %d", sp.lo, sp.hi)
	// MLflow's filter grammar is a conjunction only, so appending is exact.
	if strings.TrimSpace(user) != "" {
		f = user + " AND " + f
	}
	return f
}

func (sp span) contains(t int64) bool { return t >= sp.lo && t <= sp.hi }

// chunk is the complete answer for one span, in the server's order;
// skipped means it lies past the limit and was never asked for.
type chunk struct {
	span
	runs    []Run
	skipped bool
}

type wideWalk struct {
	s     Tracking
	q     RunQuery
	desc  bool
	page  int
	conc  int
	limit int
	opt   WideOptions

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []span
	active int
	chunks []chunk
	err    error
	whole  span
}

// run fetches everything after the first page. The runs on the first page
// that share its last start_time are asked for again with their range (the
// server's tie order is kept inside one range) and dropped here.
func (w *wideWalk) run(ctx context.Context, first []Run) ([]Run, error) {
	edge := first[len(first)-1].Info.StartTime
	end, ok, err := w.farEnd(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, nil
	}
	if w.desc {
		w.whole = span{lo: min(end, edge), hi: edge}
	} else {
		w.whole = span{lo: edge, hi: max(end, edge)}
	}
	w.cond = sync.NewCond(&w.mu)
	w.queue = w.split(w.whole, w.conc)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range w.conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.worker(ctx, cancel)
		}()
	}
	wg.Wait()
	if w.err != nil {
		return nil, w.err
	}
	return w.merge(first)
}

// farEnd is the start_time at the other end of the search: one run asked
// for in the opposite order.
func (w *wideWalk) farEnd(ctx context.Context) (int64, bool, error) {
	q := w.q
	q.PageToken, q.MaxResults = "", 1
	q.OrderBy = []string{"attributes.start_time ASC"}
	if !w.desc {
		q.OrderBy = []string{"attributes.start_time DESC"}
	}
	p, err := w.opt.search(ctx, w.s, q)
	if err != nil {
		return 0, false, fmt.Errorf("find the other end of the search: %w", err)
	}
	if len(p.Items) == 0 {
		return 0, false, nil
	}
	return p.Items[0].Info.StartTime, true, nil
}

// split cuts sp into up to n spans of equal width, first in order first.
func (w *wideWalk) split(sp span, n int) []span {
	width := sp.hi - sp.lo + 1
	if n < 1 || int64(n) > width {
		n = int(max(width, 1))
	}
	var out []span
	lo := sp.lo
	for i := range n {
		hi := sp.lo + width*int64(i+1)/int64(n) - 1
		if i == n-1 {
			hi = sp.hi
		}
		out = append(out, span{lo, hi})
		lo = hi + 1
	}
	if w.desc {
		slices.Reverse(out)
	}
	return out
}

func (w *wideWalk) worker(ctx context.Context, cancel context.CancelFunc) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		for len(w.queue) == 0 && w.active > 0 && w.err == nil {
			w.cond.Wait()
		}
		if w.err != nil || len(w.queue) == 0 {
			w.cond.Broadcast()
			return
		}
		sp := w.queue[0]
		w.queue = w.queue[1:]
		if w.pastLimit(sp) {
			w.chunks = append(w.chunks, chunk{span: sp, skipped: true})
			continue
		}
		w.active++
		w.mu.Unlock()
		var done []chunk
		var rest *span
		err := Guard("search runs", func() (err error) {
			done, rest, err = w.fetch(ctx, sp)
			return err
		})
		w.mu.Lock()
		w.active--
		if err != nil {
			if w.err == nil {
				w.err = err
				cancel()
			}
			w.cond.Broadcast()
			return
		}
		w.chunks = append(w.chunks, done...)
		if rest != nil {
			// Keep every worker busy: cut what is left when some would idle.
			n := 1
			if idle := w.conc - w.active - len(w.queue); idle > 1 {
				n = idle
			}
			w.queue = append(w.queue, w.split(*rest, n)...)
		}
		w.cond.Broadcast()
	}
}

// fetch asks for one page of sp. A short answer completes sp. A full one
// completes the part before its last start_time and leaves the rest (that
// start_time included, so its ties stay together) for later.
func (w *wideWalk) fetch(ctx context.Context, sp span) ([]chunk, *span, error) {
	q := w.q
	q.Filter, q.PageToken, q.MaxResults = sp.filter(w.q.Filter), "", w.page
	p, err := w.opt.search(ctx, w.s, q)
	if err != nil {
		return nil, nil, fmt.Errorf("search runs started %d–%d: %w", sp.lo, sp.hi, err)
	}
	if err := w.check(sp, p.Items); err != nil {
		return nil, nil, err
	}
	if p.NextPageToken == "" {
		return []chunk{{span: sp, runs: p.Items}}, nil, nil
	}
	if len(p.Items) == 0 {
		return nil, nil, &Error{Kind: KindNotMLflow, Op: "search runs", Message: "server sent an empty page with a next page token"}
	}
	last := p.Items[len(p.Items)-1].Info.StartTime
	var out []chunk
	cut := 0
	for cut < len(p.Items) && p.Items[cut].Info.StartTime != last {
		cut++
	}
	if cut == 0 {
		// A whole page shares one start_time: page through that instant by token.
		tie := span{last, last}
		q.Filter = tie.filter(w.q.Filter)
		runs, err := walkTokens(ctx, w.s, q, p.NextPageToken, 0, w.opt)
		if err != nil {
			return nil, nil, fmt.Errorf("search runs started at %d: %w", last, err)
		}
		out = append(out, chunk{span: tie, runs: append(p.Items, runs...)})
		if w.desc {
			if last-1 < sp.lo {
				return out, nil, nil
			}
			return out, &span{sp.lo, last - 1}, nil
		}
		if last+1 > sp.hi {
			return out, nil, nil
		}
		return out, &span{last + 1, sp.hi}, nil
	}
	if w.desc {
		out = append(out, chunk{span: span{last + 1, sp.hi}, runs: p.Items[:cut]})
		return out, &span{sp.lo, last}, nil
	}
	out = append(out, chunk{span: span{sp.lo, last - 1}, runs: p.Items[:cut]})
	return out, &span{last, sp.hi}, nil
}

// check refuses an answer that ignores the range or the order: merging it
// would lose or repeat runs without a word.
func (w *wideWalk) check(sp span, runs []Run) error {
	for i, r := range runs {
		t := r.Info.StartTime
		if !sp.contains(t) {
			return &Error{Kind: KindNotMLflow, Op: "search runs", Message: fmt.Sprintf("server answered run %s started %d for the range %d–%d; it does not filter on start_time", r.Info.RunID, t, sp.lo, sp.hi)}
		}
		if i > 0 {
			prev := runs[i-1].Info.StartTime
			if (w.desc && t > prev) || (!w.desc && t < prev) {
				return &Error{Kind: KindNotMLflow, Op: "search runs", Message: "server did not order runs by start_time as asked"}
			}
		}
	}
	return nil
}

// ordered returns the chunks in the search's order.
func (w *wideWalk) ordered() []chunk {
	cs := slices.Clone(w.chunks)
	slices.SortFunc(cs, func(a, b chunk) int {
		if w.desc {
			return compareInt64(b.hi, a.hi)
		}
		return compareInt64(a.lo, b.lo)
	})
	return cs
}

func compareInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pastLimit reports whether every run before sp in order is already known
// and there are enough of them. Called with w.mu held.
func (w *wideWalk) pastLimit(sp span) bool {
	if w.limit <= 0 {
		return false
	}
	n := 0
	next := w.whole.hi // desc: the chunks must reach down from here
	if !w.desc {
		next = w.whole.lo
	}
	for _, c := range w.ordered() {
		if (w.desc && c.hi != next) || (!w.desc && c.lo != next) || c.skipped {
			break
		}
		n += len(c.runs)
		if w.desc {
			next = c.lo - 1
		} else {
			next = c.hi + 1
		}
	}
	if n < w.limit {
		return false
	}
	if w.desc {
		return sp.hi <= next
	}
	return sp.lo >= next
}

// merge joins the chunks, checks they tile the whole range with no gap or
// overlap, and drops the first page's runs.
func (w *wideWalk) merge(first []Run) ([]Run, error) {
	seen := make(map[string]bool, len(first))
	for _, r := range first {
		seen[r.Info.RunID] = true
	}
	var out []Run
	cs := w.ordered()
	next := w.whole.hi
	if !w.desc {
		next = w.whole.lo
	}
	for _, c := range cs {
		if (w.desc && c.hi != next) || (!w.desc && c.lo != next) {
			return nil, fmt.Errorf("wide run search: ranges do not meet at %d (a bug in mltui; set search_concurrency: 1)", next)
		}
		if w.desc {
			next = c.lo - 1
		} else {
			next = c.hi + 1
		}
		if c.skipped {
			return truncate(out, w.limit), nil
		}
		for _, r := range c.runs {
			if !seen[r.Info.RunID] {
				seen[r.Info.RunID] = true
				out = append(out, r)
			}
		}
	}
	if (w.desc && next != w.whole.lo-1) || (!w.desc && next != w.whole.hi+1) {
		return nil, fmt.Errorf("wide run search: ranges stop at %d (a bug in mltui; set search_concurrency: 1)", next)
	}
	return truncate(out, w.limit), nil
}

func truncate(runs []Run, limit int) []Run {
	if limit > 0 && len(runs) > limit {
		return runs[:limit]
	}
	return runs
}

// Wider is a store whose run searches gain from going wide: a tracking
// server, where several workers answer at once. Local stores read one file
// tree or database and would only repeat the work, so they walk pages.
type Wider interface {
	GoesWide() bool
}

// WideFor is the options for a run search on s with concurrency searches
// in flight where s gains from it, one page after another where not.
func WideFor(s Tracking, concurrency int) WideOptions {
	if w, ok := s.(Wider); ok && w.GoesWide() && concurrency > 1 {
		return WideOptions{Concurrency: concurrency}
	}
	return WideOptions{Concurrency: 1}
}
