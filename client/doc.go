// Package client holds mltui's MLflow domain types and the Store interface
// that every backend (REST, SQLite, file store) implements. It has no UI
// imports: the TUI and the CLI consume it, never the other way round.
//
// Backends live in sub-packages (client/rest, client/sqlite, client/filestore)
// and are chosen by client/store.Open from a resolved tracking URI.
package client
