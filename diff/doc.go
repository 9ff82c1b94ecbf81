// Package diff compares MLflow runs (or two model versions) side by side.
// It is a pure engine: it takes runs, optional metric-history statistics and
// options, and returns a Table of rows and cells with deltas, "best" marks
// and change sizes already worked out. It does no I/O and knows nothing of
// terminals, so the TUI, the CLI and the promotion dialog share one answer.
package diff
