package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"mltui/client"
	"mltui/client/search"
)

// Registry defaults and limits (mlflow/store/model_registry/__init__.py).
const (
	defaultModelMax   = 100
	modelMaxLimit     = 1000
	defaultVersionMax = 10000
	versionMaxLimit   = 200_000
	stageDeleted      = "Deleted_Internal"
)

func (s *Store) noRegistry(op string) error {
	if s.sch.registry {
		return nil
	}
	return notFound(op, "this database has no model registry tables")
}

// col returns table alias + "." + name when the column exists, else NULL,
// so older schemas still read.
func (s *Store) col(table, alias, name string) string {
	if s.sch.has(table, name) {
		return alias + "." + name
	}
	return "NULL"
}

// regWS restricts a registry table alias to the workspace.
func (s *Store) regWS(q *sqlBuf, alias string) {
	if s.sch.regWorkspaces {
		q.sql(" AND " + alias + ".workspace = ").arg(s.workspace)
	}
}

// wsJoin is the extra join condition between two registry aliases.
func (s *Store) wsJoin(a, b string) string {
	if s.sch.regWorkspaces {
		return " AND " + a + ".workspace = " + b + ".workspace"
	}
	return ""
}

// queryingPrompts is MLflow's rule: a filter asks for prompts when its
// first prompt-tag clause is = 'true' or != 'false'.
func queryingPrompts(clauses []search.Clause) bool {
	for _, c := range clauses {
		if c.Kind != search.Tag || c.Key != search.PromptTag {
			continue
		}
		v := strings.ToLower(c.Str)
		return (c.Op == search.OpEq && v == "true") || (c.Op == search.OpNe && v == "false")
	}
	return false
}

// tagConds writes one EXISTS per tag key holding all of that key's
// conditions, and drops the prompt tag unless prompts were asked for.
func (s *Store) tagConds(q *sqlBuf, clauses []search.Clause, table, outer, match string, prompts bool) {
	byKey := map[string][]search.Clause{}
	var keys []string
	for _, c := range clauses {
		if c.Kind != search.Tag || (!prompts && c.Key == search.PromptTag) {
			continue
		}
		if _, ok := byKey[c.Key]; !ok {
			keys = append(keys, c.Key)
		}
		byKey[c.Key] = append(byKey[c.Key], c)
	}
	for _, k := range keys {
		q.sql(" AND EXISTS (SELECT 1 FROM " + table + " t WHERE " + match + s.wsJoin("t", outer) + " AND t.key = ").arg(k)
		for _, c := range byKey[k] {
			q.sql(" AND ")
			q.strCond("t.value", c)
		}
		q.sql(")")
	}
	if !prompts {
		q.sql(" AND NOT EXISTS (SELECT 1 FROM " + table + " pt WHERE pt.name = " + outer + ".name" + s.wsJoin("pt", outer) +
			" AND pt.key = '" + search.PromptTag + "' AND pt.value = 'true')")
	}
}

// SearchRegisteredModels implements registered-models/search (prompts hidden).
func (s *Store) SearchRegisteredModels(ctx context.Context, qr client.ModelQuery) (client.Page[client.RegisteredModel], error) {
	const op = "search registered models"
	var none client.Page[client.RegisteredModel]
	clauses, order, err := search.ParseModelQuery(qr)
	if err != nil {
		return none, filterError(op, err)
	}
	n, offset, err := search.PageWindow(qr.MaxResults, qr.PageToken, defaultModelMax, modelMaxLimit)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	if !s.sch.registry {
		return none, nil
	}
	q := &sqlBuf{}
	q.sql("SELECT m.name, m.creation_time, m.last_updated_time, m.description FROM registered_models m WHERE 1")
	s.regWS(q, "m")
	for _, c := range clauses {
		if c.Kind == search.Attribute {
			q.sql(" AND ")
			q.strCond("m.name", c)
		}
	}
	if s.sch.has("registered_model_tags", "key") {
		s.tagConds(q, clauses, "registered_model_tags", "m", "t.name = m.name", queryingPrompts(clauses))
	}
	q.sql(" ORDER BY ")
	for _, o := range order {
		col := map[string]string{"name": "m.name", "creation_timestamp": "m.creation_time", "last_updated_timestamp": "m.last_updated_time"}[o.Key]
		q.sql(col)
		if !o.Asc {
			q.sql(" DESC")
		}
		q.sql(", ")
	}
	q.sql("m.name LIMIT ").arg(n + 1).sql(" OFFSET ").arg(offset)
	return readPage(ctx, s, op, q, n, offset, queryModels, s.loadModelDetails)
}

func queryModels(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]client.RegisteredModel, error) {
	var out []client.RegisteredModel
	err := scanEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		var (
			name             string
			created, updated sql.NullInt64
			desc             sql.NullString
		)
		if err := rows.Scan(&name, &created, &updated, &desc); err != nil {
			return err
		}
		out = append(out, client.RegisteredModel{Name: name, CreationTimestamp: created.Int64, LastUpdatedTimestamp: updated.Int64, Description: desc.String})
		return nil
	})
	return out, err
}

// loadModelDetails fills tags, aliases and latest versions per stage.
func (s *Store) loadModelDetails(ctx context.Context, tx *sql.Tx, models []client.RegisteredModel) error {
	if len(models) == 0 {
		return nil
	}
	idx := map[string]int{}
	names := make([]string, len(models))
	for i, m := range models {
		idx[m.Name] = i
		names[i] = m.Name
	}
	return eachBatch(names, func(b []any) error {
		in := placeholders(len(b))
		ws := &sqlBuf{}
		s.regWS(ws, "x")
		args := append(slices.Clone(b), ws.args...)
		if s.sch.has("registered_model_tags", "key") {
			err := scanEach(ctx, tx, "SELECT x.name, x.key, x.value FROM registered_model_tags x WHERE x.name IN "+in+ws.String()+" ORDER BY x.name, x.key", args, func(rows *sql.Rows) error {
				var name, k string
				var v sql.NullString
				if err := rows.Scan(&name, &k, &v); err != nil {
					return err
				}
				m := &models[idx[name]]
				m.Tags = append(m.Tags, client.Tag{Key: k, Value: v.String})
				return nil
			})
			if err != nil {
				return err
			}
		}
		if s.sch.aliases {
			err := scanEach(ctx, tx, "SELECT x.name, x.alias, x.version FROM registered_model_aliases x WHERE x.name IN "+in+ws.String()+" ORDER BY x.name, x.alias", args, func(rows *sql.Rows) error {
				var name, alias string
				var v int64
				if err := rows.Scan(&name, &alias, &v); err != nil {
					return err
				}
				m := &models[idx[name]]
				m.Aliases = append(m.Aliases, client.AliasRef{Alias: alias, Version: strconv.FormatInt(v, 10)})
				return nil
			})
			if err != nil {
				return err
			}
		}
		wsV := &sqlBuf{}
		s.regWS(wsV, "v")
		latest := "SELECT " + s.versionCols("x") + " FROM (SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.name, v.current_stage ORDER BY v.version DESC) AS rn FROM model_versions v WHERE v.name IN " + in +
			wsV.String() + " AND v.current_stage != '" + stageDeleted + "') x WHERE x.rn = 1 ORDER BY x.name, x.version"
		vs, err := s.queryVersions(ctx, tx, latest, args...)
		if err != nil {
			return err
		}
		if err := s.loadVersionDetails(ctx, tx, vs); err != nil {
			return err
		}
		for _, v := range vs {
			m := &models[idx[v.Name]]
			m.LatestVersions = append(m.LatestVersions, v)
		}
		return nil
	})
}

// versionCols lists model_versions columns for alias a, NULL where absent.
func (s *Store) versionCols(a string) string {
	cols := []string{"name", "version", "creation_time", "last_updated_time", "description", "user_id", "current_stage", "source", "run_id", "status", "status_message", "run_link"}
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = s.col("model_versions", a, c)
	}
	return strings.Join(out, ", ")
}

func (s *Store) queryVersions(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]client.ModelVersion, error) {
	var out []client.ModelVersion
	err := scanEach(ctx, tx, query, args, func(rows *sql.Rows) error {
		var (
			name                                       string
			version                                    int64
			created, updated                           sql.NullInt64
			desc, user, stage, src, run, st, msg, link sql.NullString
		)
		if err := rows.Scan(&name, &version, &created, &updated, &desc, &user, &stage, &src, &run, &st, &msg, &link); err != nil {
			return err
		}
		out = append(out, client.ModelVersion{
			Name: name, Version: strconv.FormatInt(version, 10), CreationTimestamp: created.Int64, LastUpdatedTimestamp: updated.Int64,
			Description: desc.String, UserID: user.String, CurrentStage: stage.String, Source: src.String, RunID: run.String,
			Status: st.String, StatusMessage: msg.String, RunLink: link.String,
		})
		return nil
	})
	return out, err
}

// loadVersionDetails fills version tags and the aliases pointing at each
// version (MLflow's SQL search leaves aliases empty; mltui fills them so
// every backend shows the same thing).
func (s *Store) loadVersionDetails(ctx context.Context, tx *sql.Tx, vs []client.ModelVersion) error {
	if len(vs) == 0 {
		return nil
	}
	type key struct{ name, version string }
	idx := map[key]int{}
	nameSet := map[string]bool{}
	var names []string
	for i, v := range vs {
		idx[key{v.Name, v.Version}] = i
		if !nameSet[v.Name] {
			nameSet[v.Name] = true
			names = append(names, v.Name)
		}
	}
	return eachBatch(names, func(b []any) error {
		in := placeholders(len(b))
		ws := &sqlBuf{}
		s.regWS(ws, "x")
		args := append(slices.Clone(b), ws.args...)
		if s.sch.has("model_version_tags", "key") {
			err := scanEach(ctx, tx, "SELECT x.name, x.version, x.key, x.value FROM model_version_tags x WHERE x.name IN "+in+ws.String()+" ORDER BY x.name, x.version, x.key", args, func(rows *sql.Rows) error {
				var name, k string
				var ver int64
				var v sql.NullString
				if err := rows.Scan(&name, &ver, &k, &v); err != nil {
					return err
				}
				if i, ok := idx[key{name, strconv.FormatInt(ver, 10)}]; ok {
					vs[i].Tags = append(vs[i].Tags, client.Tag{Key: k, Value: v.String})
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if !s.sch.aliases {
			return nil
		}
		return scanEach(ctx, tx, "SELECT x.name, x.version, x.alias FROM registered_model_aliases x WHERE x.name IN "+in+ws.String()+" ORDER BY x.name, x.alias", args, func(rows *sql.Rows) error {
			var name, alias string
			var ver int64
			if err := rows.Scan(&name, &ver, &alias); err != nil {
				return err
			}
			if i, ok := idx[key{name, strconv.FormatInt(ver, 10)}]; ok {
				vs[i].Aliases = append(vs[i].Aliases, alias)
			}
			return nil
		})
	})
}

// GetRegisteredModel returns a registered model with its latest versions.
func (s *Store) GetRegisteredModel(ctx context.Context, name string) (client.RegisteredModel, error) {
	const op = "get registered model"
	if err := checkName(op, name); err != nil {
		return client.RegisteredModel{}, err
	}
	if err := s.noRegistry(op); err != nil {
		return client.RegisteredModel{}, err
	}
	return read(ctx, s, op, func(tx *sql.Tx) (client.RegisteredModel, error) {
		return s.getModelDetailsTx(ctx, tx, op, name)
	})
}

// getModelDetailsTx reads a model with its tags, aliases and latest versions.
func (s *Store) getModelDetailsTx(ctx context.Context, tx *sql.Tx, op, name string) (client.RegisteredModel, error) {
	m, err := s.getModelTx(ctx, tx, op, name)
	if err != nil {
		return client.RegisteredModel{}, err
	}
	m, err = withDetails(ctx, tx, m, s.loadModelDetails)
	return m, s.wrap(op, err)
}

func (s *Store) getModelTx(ctx context.Context, tx *sql.Tx, op, name string) (client.RegisteredModel, error) {
	q := &sqlBuf{}
	q.sql("SELECT m.name, m.creation_time, m.last_updated_time, m.description FROM registered_models m WHERE m.name = ").arg(name)
	s.regWS(q, "m")
	ms, err := queryModels(ctx, tx, q.String(), q.args...)
	if err != nil {
		return client.RegisteredModel{}, s.wrap(op, err)
	}
	if len(ms) == 0 {
		return client.RegisteredModel{}, notFound(op, "Registered Model with name=%s not found", name)
	}
	return ms[0], nil
}

// getVersionTx reads a live (not deleted) version.
func (s *Store) getVersionTx(ctx context.Context, tx *sql.Tx, op, name string, version int64) (client.ModelVersion, error) {
	q := &sqlBuf{}
	q.sql("SELECT " + s.versionCols("v") + " FROM model_versions v WHERE v.name = ").arg(name).sql(" AND v.version = ").arg(version)
	s.regWS(q, "v")
	q.sql(" AND v.current_stage != '" + stageDeleted + "'")
	vs, err := s.queryVersions(ctx, tx, q.String(), q.args...)
	if err != nil {
		return client.ModelVersion{}, s.wrap(op, err)
	}
	if len(vs) == 0 {
		return client.ModelVersion{}, notFound(op, "Model Version (name=%s, version=%d) not found", name, version)
	}
	if err := s.loadVersionDetails(ctx, tx, vs); err != nil {
		return client.ModelVersion{}, s.wrap(op, err)
	}
	return vs[0], nil
}

// SearchModelVersions implements model-versions/search (prompts and
// deleted versions hidden).
func (s *Store) SearchModelVersions(ctx context.Context, qr client.VersionQuery) (client.Page[client.ModelVersion], error) {
	const op = "search model versions"
	var none client.Page[client.ModelVersion]
	clauses, order, err := search.ParseVersionQuery(qr)
	if err != nil {
		return none, filterError(op, err)
	}
	if len(order) == 0 {
		order = search.DefaultVersionOrder
	}
	n, offset, err := search.PageWindow(qr.MaxResults, qr.PageToken, defaultVersionMax, versionMaxLimit)
	if err != nil {
		return none, invalid(op, "%v", err)
	}
	if !s.sch.registry {
		return none, nil
	}
	q := &sqlBuf{}
	q.sql("SELECT " + s.versionCols("v") + " FROM model_versions v WHERE v.current_stage != '" + stageDeleted + "'")
	s.regWS(q, "v")
	for _, c := range clauses {
		if c.Kind != search.Attribute {
			continue
		}
		q.sql(" AND ")
		switch c.Key {
		case "name":
			q.strCond("v.name", c)
		case "run_id":
			q.strCond("v.run_id", c)
		case "source_path":
			q.strCond("v.source", c)
		case "version_number":
			q.numCond("v.version", c)
		}
	}
	if s.sch.has("model_version_tags", "key") {
		s.tagConds(q, clauses, "model_version_tags", "v", "t.name = v.name AND t.version = v.version", queryingPrompts(clauses))
	}
	q.sql(" ORDER BY ")
	hasName, hasVersion := false, false
	for _, o := range order {
		col := map[string]string{"name": "v.name", "version_number": "v.version", "creation_timestamp": "v.creation_time", "last_updated_timestamp": "v.last_updated_time"}[o.Key]
		hasName = hasName || o.Key == "name"
		hasVersion = hasVersion || o.Key == "version_number"
		q.sql(col)
		if !o.Asc {
			q.sql(" DESC")
		}
		q.sql(", ")
	}
	if !hasName {
		q.sql("v.name, ")
	}
	if !hasVersion {
		q.sql("v.version DESC, ")
	}
	q.sql("1 LIMIT ").arg(n + 1).sql(" OFFSET ").arg(offset)
	return readPage(ctx, s, op, q, n, offset, s.queryVersions, s.loadVersionDetails)
}

// GetModelVersion returns one live version.
func (s *Store) GetModelVersion(ctx context.Context, name, version string) (client.ModelVersion, error) {
	const op = "get model version"
	v, err := checkNameVersion(op, name, version)
	if err != nil {
		return client.ModelVersion{}, err
	}
	if err := s.noRegistry(op); err != nil {
		return client.ModelVersion{}, err
	}
	return read(ctx, s, op, func(tx *sql.Tx) (client.ModelVersion, error) {
		return s.getVersionTx(ctx, tx, op, name, v)
	})
}

// GetModelVersionByAlias resolves an alias ("latest" means the highest
// live version, as MLflow has it).
func (s *Store) GetModelVersionByAlias(ctx context.Context, name, alias string) (client.ModelVersion, error) {
	const op = "get model version by alias"
	if err := checkName(op, name); err != nil {
		return client.ModelVersion{}, err
	}
	if err := search.ValidateAliasName(alias); err != nil {
		return client.ModelVersion{}, invalid(op, "%v", err)
	}
	if err := s.noRegistry(op); err != nil {
		return client.ModelVersion{}, err
	}
	return read(ctx, s, op, func(tx *sql.Tx) (client.ModelVersion, error) {
		if _, err := s.getModelTx(ctx, tx, op, name); err != nil {
			return client.ModelVersion{}, err
		}
		var version int64
		q := &sqlBuf{}
		if strings.EqualFold(alias, "latest") {
			q.sql("SELECT max(v.version) FROM model_versions v WHERE v.name = ").arg(name)
			s.regWS(q, "v")
			q.sql(" AND v.current_stage != '" + stageDeleted + "'")
			var mx sql.NullInt64
			if err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(&mx); err != nil {
				return client.ModelVersion{}, s.wrap(op, err)
			}
			if !mx.Valid {
				return client.ModelVersion{}, notFound(op, "Latest version not found for model %s.", name)
			}
			version = mx.Int64
		} else {
			if !s.sch.aliases {
				return client.ModelVersion{}, notFound(op, "Registered model alias %s not found.", alias)
			}
			q.sql("SELECT x.version FROM registered_model_aliases x WHERE x.name = ").arg(name).sql(" AND x.alias = ").arg(alias)
			s.regWS(q, "x")
			err := tx.QueryRowContext(ctx, q.String(), q.args...).Scan(&version)
			if err == sql.ErrNoRows {
				return client.ModelVersion{}, notFound(op, "Registered model alias %s not found.", alias)
			}
			if err != nil {
				return client.ModelVersion{}, s.wrap(op, err)
			}
		}
		return s.getVersionTx(ctx, tx, op, name, version)
	})
}
