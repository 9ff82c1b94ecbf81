package rest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"mltui/client"
)

// retryStatus are the statuses MLflow's Python client retries.
func retryStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryAfterStatus are the statuses whose Retry-After header urllib3 obeys.
func retryAfterStatus(code int) bool {
	return code == http.StatusRequestEntityTooLarge || code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable
}

// retryState follows one call's attempts: why the last one failed and how
// many retries were made, so waits can be reported and errors explained.
type retryState struct {
	cfg     *Config
	op      string
	observe func(client.RetryEvent)
	reason  string
	retries int
}

// check decides whether to retry. Every method is retried, as MLflow does:
// the writes mltui makes (set/delete alias and tags, updates, stage
// transitions) leave the same state when repeated.
func (s *retryState) check(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		// retryablehttp's policy already refuses certificate, scheme and
		// redirect-loop errors, which a retry cannot fix.
		retry, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err)
		if retry {
			s.reason = transportReason(err)
		}
		return retry, nil
	}
	code := resp.StatusCode
	if retryStatus(code) {
		s.reason = fmt.Sprintf("HTTP %d", code)
		return true, nil
	}
	// urllib3 also retries a 413 that carries Retry-After.
	if s.cfg.RespectRetryAfter && code == http.StatusRequestEntityTooLarge && resp.Header.Get("Retry-After") != "" {
		s.reason = fmt.Sprintf("HTTP %d", code)
		return true, nil
	}
	return false, nil
}

// backoff is called just before retry attemptNum+1; it picks the wait and
// reports it, so a screen can say "retrying 2/3 in 1s" while the user can
// still cancel.
func (s *retryState) backoff(_, _ time.Duration, attemptNum int, resp *http.Response) time.Duration {
	wait := s.wait(attemptNum, resp)
	s.retries = attemptNum + 1
	if s.observe != nil {
		s.observe(client.RetryEvent{Op: s.op, Attempt: attemptNum + 1, Max: s.cfg.MaxRetries, Wait: wait, Reason: s.reason})
	}
	return wait
}

func (s *retryState) wait(attemptNum int, resp *http.Response) time.Duration {
	if s.cfg.RespectRetryAfter && resp != nil && retryAfterStatus(resp.StatusCode) {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, s.cfg.RetryAfterMax)
		}
	}
	return backoffDelay(s.cfg.BackoffFactor, s.cfg.BackoffMax, s.cfg.BackoffJitter, attemptNum, rand.Float64())
}

// backoffDelay is factor·2^n capped at max, plus jitter·r (r in [0,1)).
// n is 0 for the first retry.
func backoffDelay(factor, max, jitter time.Duration, n int, r float64) time.Duration {
	d := float64(factor) * math.Pow(2, float64(n))
	if d > float64(max) || math.IsInf(d, 0) {
		d = float64(max)
	}
	return time.Duration(d) + time.Duration(r*float64(jitter))
}

// parseRetryAfter reads seconds or an HTTP date; a date in the past is 0.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(math.MaxInt64/time.Second) {
			n = int64(math.MaxInt64 / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}
