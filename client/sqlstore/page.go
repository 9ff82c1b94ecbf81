package sqlstore

import (
	"context"
	"database/sql"

	"mltui/client"
	"mltui/client/search"
)

// readPage runs a search built with LIMIT n+1 and the loads that complete
// its rows in one short read transaction, then cuts the page: the extra row
// only says whether another page follows.
func readPage[T any](ctx context.Context, s *Store, op string, q *sqlBuf, n, offset int,
	query func(context.Context, *sql.Tx, string, ...any) ([]T, error),
	complete func(context.Context, *sql.Tx, []T) error) (client.Page[T], error) {
	var none client.Page[T]
	if q.err != nil {
		return none, invalid(op, "%v", q.err)
	}
	return read(ctx, s, op, func(tx *sql.Tx) (client.Page[T], error) {
		items, err := query(ctx, tx, q.String(), q.args...)
		if err != nil {
			return none, s.wrap(op, err)
		}
		page := client.Page[T]{Items: items}
		if len(items) > n {
			page.Items = items[:n]
			page.NextPageToken = search.EncodeOffset(offset + n)
		}
		if err := complete(ctx, tx, page.Items); err != nil {
			return none, s.wrap(op, err)
		}
		return page, nil
	})
}

// read runs fn in one short read-only transaction, so that everything fn
// reads comes from one snapshot; a transaction that cannot begin is wrapped
// for op, and fn wraps its own errors.
func read[T any](ctx context.Context, s *Store, op string, fn func(tx *sql.Tx) (T, error)) (T, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		var zero T
		return zero, s.wrap(op, err)
	}
	defer tx.Rollback()
	return fn(tx)
}

// withDetails completes one item with a loader written for a page of them.
func withDetails[T any](ctx context.Context, tx *sql.Tx, item T, load func(context.Context, *sql.Tx, []T) error) (T, error) {
	items := []T{item}
	if err := load(ctx, tx, items); err != nil {
		var zero T
		return zero, err
	}
	return items[0], nil
}
