package cli

import (
	"fmt"

	"mltui/client/store"
	"mltui/config"
)

// profileOptions applies a profile's auth source and workspace to the
// settings the store is opened with. Profiles never hold secrets: `auth`
// only narrows where they are read from, as MLflow's own sources.
func profileOptions(o store.Options, p config.Profile) (store.Options, error) {
	base := o.Getenv
	switch p.Auth {
	case "":
	case "env":
		o.NoCredentialsFile = true
	case "credentials":
		o.Getenv = func(k string) string {
			switch k {
			case "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN":
				return ""
			}
			return base(k)
		}
	default:
		return o, fmt.Errorf("profile auth %q: use env, credentials, or leave it out for both", p.Auth)
	}
	if p.Workspace != "" {
		inner := o.Getenv
		o.Getenv = func(k string) string {
			if k == "MLFLOW_WORKSPACE" {
				return p.Workspace
			}
			return inner(k)
		}
	}
	return o, nil
}
