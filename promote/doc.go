// Package promote makes registry writes safe for people and CI: it re-reads
// the state the screen showed right before writing, refuses when it changed,
// writes, reads back, and reports exactly what changed. It also keeps the
// alias history MLflow does not, evaluates quality gates, and explains
// permission errors. It has no UI imports; views and the CLI call it.
package promote
