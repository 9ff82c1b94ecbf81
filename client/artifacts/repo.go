// Package artifacts reads artifact stores the way MLflow's own client does:
// one Repo per artifact root (a run's or a logged model's artifact_uri),
// chosen by the URI's scheme. Local paths and s3:// are read here; the
// tracking server's proxy (mlflow-artifacts:) needs the REST client's
// transport and lives in client/rest, behind the same Repo interface.
package artifacts

import (
	"context"
	"net/url"
	"path"
	"strings"

	"mltui/client"
)

// Repo reads one artifact root.
type Repo interface {
	// List lists one level under rel ("" = the root). Paths in the answer are
	// relative to the root, as MLflow returns them; a missing directory lists
	// empty, as in MLflow.
	List(ctx context.Context, rel string) ([]client.FileInfo, error)
	// Open reads bytes [off, off+n) of the file rel (n < 0: to the end).
	// Stores that ignore ranges are read from the start and skipped forward,
	// so the caller always gets what it asked for.
	Open(ctx context.Context, rel string, off, n int64) (*client.ArtifactFile, error)
}

// Scheme names how an artifact URI is read: "file" for plain paths, else
// the URI's scheme in lower case ("s3", "mlflow-artifacts", "gs", …).
func Scheme(uri string) string {
	i := strings.Index(uri, ":")
	if i <= 1 { // "", no scheme, or a Windows drive letter ("C:\…")
		return "file"
	}
	s := strings.ToLower(uri[:i])
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
			return "file"
		}
	}
	return s
}

// Unsupported is the error for an artifact root mltui cannot read yet. owner
// names whose artifacts they are ("run 0a1b…"), for the message.
func Unsupported(op, owner, uri string) error {
	scheme := Scheme(uri)
	return &client.Error{Kind: client.KindUnsupported, Op: op, Code: scheme,
		Message: "not supported yet: " + scheme + " (" + owner + " keeps its artifacts at " + redactURI(uri) +
			"; mltui reads local paths, s3:// and the tracking server's proxy, mlflow-artifacts:)"}
}

// CleanRel checks that rel stays inside the root and returns it in slash
// form without a leading "./" ("" for the root).
func CleanRel(op, rel string) (string, error) {
	r := strings.ReplaceAll(rel, "\\", "/")
	bad := strings.HasPrefix(r, "/")
	for _, part := range strings.Split(r, "/") {
		bad = bad || part == ".."
	}
	if bad {
		return "", &client.Error{Kind: client.KindInvalidParameter, Op: op,
			Message: "invalid artifact path " + rel + ": it must be relative and stay inside the artifacts"}
	}
	clean := path.Clean(r)
	if clean == "." {
		clean = ""
	}
	return clean, nil
}

// CleanFile is CleanRel for a path that must name a file: the root itself
// cannot be read.
func CleanFile(rel string) (string, error) {
	const op = "read artifact"
	clean, err := CleanRel(op, rel)
	if err == nil && clean == "" {
		err = &client.Error{Kind: client.KindInvalidParameter, Op: op, Message: "no artifact path given"}
	}
	return clean, err
}

// join is root/rel for object keys and URL paths ("" parts dropped).
func join(root, rel string) string {
	switch {
	case root == "":
		return rel
	case rel == "":
		return root
	}
	return strings.TrimSuffix(root, "/") + "/" + rel
}

// redactURI drops any user:password from a URI before it goes in a message.
func redactURI(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.User == nil {
		return uri
	}
	u.User = nil
	return u.String()
}
