package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// artifactColumns are where MLflow's schema keeps artifact locations.
var artifactColumns = [][2]string{
	{"experiments", "artifact_location"},
	{"runs", "artifact_uri"},
	{"logged_models", "artifact_location"},
	{"model_versions", "source"},
	{"model_versions", "storage_location"},
}

// Relocate rewrites the artifact locations under prefix from to start
// with to instead, in the database at path: what a store copied from
// another machine needs when its artifacts came along to a new place (the
// shipped demo store, whose artifacts sit beside it). It is for a private
// copy; MLflow keeps those locations absolute.
func Relocate(ctx context.Context, path, from, to string) (int64, error) {
	if from == "" || !strings.HasPrefix(from, "/") {
		return 0, fmt.Errorf("relocate %s: %q is not an absolute prefix", path, from)
	}
	q := url.Values{}
	q.Set("mode", "rw")
	db, err := sql.Open("sqlite", dsn(path, q))
	if err != nil {
		return 0, fmt.Errorf("relocate %s: %w", path, err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("relocate %s: %w", path, err)
	}
	defer tx.Rollback()
	var n int64
	for _, tc := range artifactColumns {
		cols, err := tableColumns(ctx, tx, tc[0])
		if err != nil {
			return 0, fmt.Errorf("relocate %s: %w", path, err)
		}
		if _, ok := cols[tc[1]]; !ok {
			continue
		}
		// substr, not replace: only a leading prefix is rewritten.
		res, err := tx.ExecContext(ctx, fmt.Sprintf(
			`UPDATE %s SET %s = ? || substr(%s, ?) WHERE substr(%s, 1, ?) = ?`, tc[0], tc[1], tc[1], tc[1]),
			to, utf8.RuneCountInString(from)+1, utf8.RuneCountInString(from), from)
		if err != nil {
			return 0, fmt.Errorf("relocate %s.%s in %s: %w", tc[0], tc[1], path, err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("relocate %s: %w", path, err)
	}
	return n, nil
}
