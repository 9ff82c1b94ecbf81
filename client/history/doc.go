// Package history is the chart's data path: it fetches metric histories
// fast first, then faithfully, on top of client.Store, and caches them per
// (run, metric). It has no UI imports; the chart screen and `mltui chart`
// drive it from their own goroutines or tea.Cmds.
//
// The approach:
//
//   - First paint (First): on a tracking server, one get-history-bulk-interval
//     call per 100 runs returns at most SampleSize rows per run. A run
//     whose sample holds fewer rows than asked for has been returned whole
//     (both the row-sampling of MLflow ≥ 3.18 and the older step-sampling
//     keep everything below the limit), so short histories are exact at once.
//     Local stores (SQLite, file) read every point directly: no sampling.
//   - Refinement (RefineStep/Refine/RefineAll): the full history is read
//     with metrics/get-history page by page, one page per call so callers can
//     show progress, cancel, and bound how many run at once. When the last
//     page arrives the sample is replaced by every point.
//   - Zoom (Range): a step range is fetched with get-history-bulk-interval
//     and start/end steps, SampleSize (≥ the pixel columns) rows per run,
//     and merged into the sample; histories already exact need no call.
//   - Live runs (Tail): get-history cannot be paged from the end, so the new
//     points are fetched as the step range (last seen step, +∞) of
//     get-history-bulk-interval. While fewer than SampleSize rows are new,
//     that answer is every new point and is appended; if more arrived since
//     the last look, the answer is a sample: it is merged and the history is
//     marked sampled again, to be refined. Points logged again at a step
//     already seen (a resumed run) are picked up by the next refinement,
//     not by Tail.
//
// Points are kept in get-history order (timestamp, step, value), so a
// resumed run's steps go backwards where it resumed and the chart starts a
// new segment there.
package history
