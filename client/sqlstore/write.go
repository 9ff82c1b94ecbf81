package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"time"

	"mltui/client"
	"mltui/client/search"
)

// write runs fn in one IMMEDIATE transaction on a short-lived read-write
// connection: the write lock is taken before anything is read, so the
// checks fn makes still hold when it writes. The schema is read again
// inside the transaction; a schema mltui does not understand is never
// written.
func (s *Store) write(ctx context.Context, op string, fn func(tx *sql.Tx, sch *schemaInfo) error) error {
	if s.readOnly {
		return &client.Error{Kind: client.KindReadOnly, Op: op, Path: s.path, Message: "the store was opened read-only; nothing was written"}
	}
	if !s.sch.registry {
		return &client.Error{Kind: client.KindReadOnly, Op: op, Path: s.path, Message: "this database has no model registry tables; nothing was written"}
	}
	if s.sch.writeRefusal != "" {
		return &client.Error{Kind: client.KindReadOnly, Op: op, Path: s.path, Message: s.sch.writeRefusal}
	}
	q := url.Values{}
	q.Set("mode", "rw")
	q.Set("_txlock", "immediate")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "case_sensitive_like(1)")
	db, err := sql.Open("sqlite", dsn(s.path, q))
	if err != nil {
		return s.wrap(op, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(op, err)
	}
	defer tx.Rollback()
	sch := &schemaInfo{tables: map[string]map[string]column{}}
	for _, t := range tablesOfInterest {
		cols, err := tableColumns(ctx, tx, t)
		if err != nil {
			return s.wrap(op, err)
		}
		if len(cols) > 0 {
			sch.tables[t] = cols
		}
	}
	sch.derive()
	if sch.writeRefusal != "" {
		return &client.Error{Kind: client.KindReadOnly, Op: op, Path: s.path, Message: sch.writeRefusal}
	}
	if err := fn(tx, sch); err != nil {
		return s.wrap(op, err)
	}
	return s.wrap(op, tx.Commit())
}

func nowMillis() int64 { return time.Now().UnixMilli() }

// wsValue adds the workspace column to an INSERT when the table has one.
func (s *Store) wsInsert(sch *schemaInfo, table string, cols string, args []any) (string, []any) {
	if sch.has(table, "workspace") {
		return cols + ", workspace", append(args, s.workspace)
	}
	return cols, args
}

// writeModel is write for a change to one registered model: it refuses
// a model that does not exist before fn runs.
func (s *Store) writeModel(ctx context.Context, op, name string, fn func(tx *sql.Tx, sch *schemaInfo) error) error {
	return s.write(ctx, op, func(tx *sql.Tx, sch *schemaInfo) error {
		if _, err := s.getModelTx(ctx, tx, op, name); err != nil {
			return err
		}
		return fn(tx, sch)
	})
}

// writeVersion is write for a change to one model version: it refuses a
// version that does not exist or is deleted before fn runs.
func (s *Store) writeVersion(ctx context.Context, op, name string, version int64, fn func(tx *sql.Tx, sch *schemaInfo) error) error {
	return s.write(ctx, op, func(tx *sql.Tx, sch *schemaInfo) error {
		if _, err := s.getVersionTx(ctx, tx, op, name, version); err != nil {
			return err
		}
		return fn(tx, sch)
	})
}

// execWS runs an UPDATE or DELETE of registry rows aliased x, limited to
// the workspace.
func (s *Store) execWS(ctx context.Context, tx *sql.Tx, q *sqlBuf) error {
	if q.err != nil {
		return q.err
	}
	s.regWS(q, "x")
	_, err := tx.ExecContext(ctx, q.String(), q.args...)
	return err
}

func (s *Store) insertOrReplace(ctx context.Context, tx *sql.Tx, sch *schemaInfo, table, cols string, args ...any) error {
	cols, args = s.wsInsert(sch, table, cols, args)
	_, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO "+table+" ("+cols+") VALUES "+placeholders(len(args)), args...)
	return err
}

func checkName(op, name string) error {
	if err := search.ValidateModelName(name); err != nil {
		return invalid(op, "%v", err)
	}
	return nil
}

func checkNameVersion(op, name, version string) (int64, error) {
	if err := checkName(op, name); err != nil {
		return 0, err
	}
	v, err := search.ParseVersion(version)
	if err != nil {
		return 0, invalid(op, "%v", err)
	}
	return v, nil
}

// SetAlias points alias at a version (moving it if it exists).
func (s *Store) SetAlias(ctx context.Context, name, alias, version string) error {
	const op = "set alias"
	v, err := checkNameVersion(op, name, version)
	if err != nil {
		return err
	}
	if err := search.ValidateAlias(alias); err != nil {
		return invalid(op, "%v", err)
	}
	return s.writeVersion(ctx, op, name, v, func(tx *sql.Tx, sch *schemaInfo) error {
		return s.insertOrReplace(ctx, tx, sch, "registered_model_aliases", "alias, version, name", alias, v, name)
	})
}

// SwapAlias moves alias to newVersion only if it still points at
// expectVersion ("" meaning unset), checked and written in one transaction.
func (s *Store) SwapAlias(ctx context.Context, name, alias, expectVersion, newVersion string) error {
	const op = "move alias"
	v, err := checkNameVersion(op, name, newVersion)
	if err != nil {
		return err
	}
	if err := search.ValidateAlias(alias); err != nil {
		return invalid(op, "%v", err)
	}
	var expect int64
	if expectVersion != "" {
		if expect, err = search.ParseVersion(expectVersion); err != nil {
			return invalid(op, "%v", err)
		}
	}
	return s.writeModel(ctx, op, name, func(tx *sql.Tx, sch *schemaInfo) error {
		q := &sqlBuf{}
		q.sql("SELECT x.version FROM registered_model_aliases x WHERE x.name = ").arg(name).sql(" AND x.alias = ").arg(alias)
		s.regWS(q, "x")
		var cur int64
		err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(&cur)
		switch {
		case err == sql.ErrNoRows:
			if expectVersion != "" {
				return &client.Error{Kind: client.KindConflict, Op: op, Message: fmt.Sprintf("alias %q of %s no longer exists (expected it on version %s); nothing was written", alias, name, expectVersion)}
			}
		case err != nil:
			return err
		case expectVersion == "":
			return &client.Error{Kind: client.KindConflict, Op: op, Message: fmt.Sprintf("alias %q of %s now points to version %d (expected it unset); nothing was written", alias, name, cur)}
		case cur != expect:
			return &client.Error{Kind: client.KindConflict, Op: op, Message: fmt.Sprintf("alias %q of %s now points to version %d, not %s; nothing was written", alias, name, cur, expectVersion)}
		}
		if _, err := s.getVersionTx(ctx, tx, op, name, v); err != nil {
			return err
		}
		return s.insertOrReplace(ctx, tx, sch, "registered_model_aliases", "alias, version, name", alias, v, name)
	})
}

// DeleteAlias removes an alias; deleting a missing alias is not an error.
func (s *Store) DeleteAlias(ctx context.Context, name, alias string) error {
	const op = "delete alias"
	if err := checkName(op, name); err != nil {
		return err
	}
	if err := search.ValidateAliasName(alias); err != nil {
		return invalid(op, "%v", err)
	}
	return s.writeModel(ctx, op, name, func(tx *sql.Tx, _ *schemaInfo) error {
		q := &sqlBuf{}
		q.sql("DELETE FROM registered_model_aliases AS x WHERE x.name = ").arg(name).sql(" AND x.alias = ").arg(alias)
		return s.execWS(ctx, tx, q)
	})
}

func checkTag(op, key, value string) error {
	if err := search.ValidateTagKey(key); err != nil {
		return invalid(op, "%v", err)
	}
	if err := search.ValidateTagValue(value); err != nil {
		return invalid(op, "%v", err)
	}
	return nil
}

// SetModelVersionTag sets a tag on a live version.
func (s *Store) SetModelVersionTag(ctx context.Context, name, version, key, value string) error {
	const op = "set version tag"
	v, err := checkNameVersion(op, name, version)
	if err != nil {
		return err
	}
	if err := checkTag(op, key, value); err != nil {
		return err
	}
	return s.writeVersion(ctx, op, name, v, func(tx *sql.Tx, sch *schemaInfo) error {
		return s.insertOrReplace(ctx, tx, sch, "model_version_tags", "key, value, name, version", key, value, name, v)
	})
}

// DeleteModelVersionTag removes a version tag; a missing tag is not an error.
func (s *Store) DeleteModelVersionTag(ctx context.Context, name, version, key string) error {
	const op = "delete version tag"
	v, err := checkNameVersion(op, name, version)
	if err != nil {
		return err
	}
	if err := search.ValidateTagKey(key); err != nil {
		return invalid(op, "%v", err)
	}
	return s.writeVersion(ctx, op, name, v, func(tx *sql.Tx, _ *schemaInfo) error {
		q := &sqlBuf{}
		q.sql("DELETE FROM model_version_tags AS x WHERE x.name = ").arg(name).sql(" AND x.version = ").arg(v).sql(" AND x.key = ").arg(key)
		return s.execWS(ctx, tx, q)
	})
}

// SetRegisteredModelTag sets a tag on a registered model.
func (s *Store) SetRegisteredModelTag(ctx context.Context, name, key, value string) error {
	const op = "set model tag"
	if err := checkName(op, name); err != nil {
		return err
	}
	if err := checkTag(op, key, value); err != nil {
		return err
	}
	return s.writeModel(ctx, op, name, func(tx *sql.Tx, sch *schemaInfo) error {
		return s.insertOrReplace(ctx, tx, sch, "registered_model_tags", "key, value, name", key, value, name)
	})
}

// DeleteRegisteredModelTag removes a model tag; a missing tag is not an error.
func (s *Store) DeleteRegisteredModelTag(ctx context.Context, name, key string) error {
	const op = "delete model tag"
	if err := checkName(op, name); err != nil {
		return err
	}
	if err := search.ValidateTagKey(key); err != nil {
		return invalid(op, "%v", err)
	}
	return s.writeModel(ctx, op, name, func(tx *sql.Tx, _ *schemaInfo) error {
		q := &sqlBuf{}
		q.sql("DELETE FROM registered_model_tags AS x WHERE x.name = ").arg(name).sql(" AND x.key = ").arg(key)
		return s.execWS(ctx, tx, q)
	})
}

// UpdateModelVersionDescription sets a version's description and returns it.
func (s *Store) UpdateModelVersionDescription(ctx context.Context, name, version, description string) (client.ModelVersion, error) {
	const op = "update version description"
	v, err := checkNameVersion(op, name, version)
	if err != nil {
		return client.ModelVersion{}, err
	}
	var out client.ModelVersion
	err = s.writeVersion(ctx, op, name, v, func(tx *sql.Tx, _ *schemaInfo) error {
		q := &sqlBuf{}
		q.sql("UPDATE model_versions AS x SET description = ").arg(description).sql(", last_updated_time = ").arg(nowMillis()).
			sql(" WHERE x.name = ").arg(name).sql(" AND x.version = ").arg(v)
		if err := s.execWS(ctx, tx, q); err != nil {
			return err
		}
		out, err = s.getVersionTx(ctx, tx, op, name, v)
		return err
	})
	return out, err
}

// UpdateRegisteredModelDescription sets a model's description and returns it.
func (s *Store) UpdateRegisteredModelDescription(ctx context.Context, name, description string) (client.RegisteredModel, error) {
	const op = "update model description"
	if err := checkName(op, name); err != nil {
		return client.RegisteredModel{}, err
	}
	var out client.RegisteredModel
	err := s.writeModel(ctx, op, name, func(tx *sql.Tx, _ *schemaInfo) error {
		q := &sqlBuf{}
		q.sql("UPDATE registered_models AS x SET description = ").arg(description).sql(", last_updated_time = ").arg(nowMillis()).sql(" WHERE x.name = ").arg(name)
		if err := s.execWS(ctx, tx, q); err != nil {
			return err
		}
		var err error
		out, err = s.getModelDetailsTx(ctx, tx, op, name)
		return err
	})
	return out, err
}

// TransitionStage moves a version to a stage, optionally archiving the
// stage's other versions, and stamps the version and the model as updated.
func (s *Store) TransitionStage(ctx context.Context, name, version, stage string, archiveExisting bool) (client.ModelVersion, error) {
	const op = "transition stage"
	v, err := checkNameVersion(op, name, version)
	if err != nil {
		return client.ModelVersion{}, err
	}
	canon, err := search.CheckTransition(stage, archiveExisting)
	if err != nil {
		return client.ModelVersion{}, invalid(op, "%v", err)
	}
	var out client.ModelVersion
	err = s.writeVersion(ctx, op, name, v, func(tx *sql.Tx, _ *schemaInfo) error {
		now := nowMillis()
		if archiveExisting {
			q := &sqlBuf{}
			q.sql("UPDATE model_versions AS x SET current_stage = 'Archived', last_updated_time = ").arg(now).
				sql(" WHERE x.name = ").arg(name).sql(" AND x.version != ").arg(v).sql(" AND x.current_stage = ").arg(canon)
			if err := s.execWS(ctx, tx, q); err != nil {
				return err
			}
		}
		q := &sqlBuf{}
		q.sql("UPDATE model_versions AS x SET current_stage = ").arg(canon).sql(", last_updated_time = ").arg(now).
			sql(" WHERE x.name = ").arg(name).sql(" AND x.version = ").arg(v)
		if err := s.execWS(ctx, tx, q); err != nil {
			return err
		}
		q = &sqlBuf{}
		q.sql("UPDATE registered_models AS x SET last_updated_time = ").arg(now).sql(" WHERE x.name = ").arg(name)
		if err := s.execWS(ctx, tx, q); err != nil {
			return err
		}
		out, err = s.getVersionTx(ctx, tx, op, name, v)
		return err
	})
	return out, err
}
