package store

import (
	"context"
	"fmt"
	"os"

	"mltui/client"
	"mltui/client/filestore"
	"mltui/client/rest"
	"mltui/client/sqlstore"
)

// Options adjust how a store is opened.
type Options struct {
	ReadOnly bool // refuse every write (--read-only or a read-only profile)
	// Getenv and Home are the environment the REST client reads its
	// MLFLOW_* settings and ~/.mlflow/credentials from; nil/"" mean the process's.
	Getenv func(string) string
	Home   string
	// NoCredentialsFile skips ~/.mlflow/credentials (a profile with auth: env).
	NoCredentialsFile bool
	// UserAgent is the REST client's User-Agent ("" for rest's default).
	UserAgent string
}

func openREST(uri string, o Options) (client.Store, error) {
	cfg, err := rest.ConfigFromEnv(uri, o.Getenv, o.Home)
	if err != nil {
		return nil, err
	}
	if o.UserAgent != "" {
		cfg.UserAgent = o.UserAgent
	}
	return rest.New(cfg)
}

// Open opens the store a Resolution names.
func Open(ctx context.Context, r Resolution, o Options) (client.Store, error) {
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Home == "" {
		o.Home, _ = os.UserHomeDir()
	}
	if o.NoCredentialsFile {
		o.Home = "" // the REST client reads no credentials file without a home
	}
	var (
		s   client.Store
		err error
	)
	switch r.Kind {
	case KindREST:
		s, err = openREST(r.URI, o)
	case KindSQLite:
		var ss *sqlstore.Store
		ss, err = sqlstore.Open(ctx, r.Path, sqlstore.Options{ReadOnly: o.ReadOnly, Workspace: o.Getenv("MLFLOW_WORKSPACE")})
		if err == nil {
			s = ss
		}
	case KindFile:
		s, err = filestore.OpenStore(r.Path, o.ReadOnly)
	default:
		return nil, fmt.Errorf("open store: unknown kind %q", r.Kind)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s (%s): %w", r.Display(), r.Source, err)
	}
	if o.ReadOnly {
		s = client.ReadOnly(s)
	}
	return s, nil
}
