package filestore

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// keyFile is one params/tags/metrics file and the key it holds. Keys with
// "/" are nested directories on disk.
type keyFile struct {
	key  string
	path string
}

// listKeys walks dir recursively; a missing dir has no keys.
func listKeys(dir string) ([]keyFile, error) {
	var out []keyFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out = append(out, keyFile{key: filepath.ToSlash(rel), path: p})
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out, nil
}

// readValues reads every key file under dir: the whole content is the value.
func readValues(dir string) (keys, values []string, err error) {
	files, err := listKeys(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f.path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // deleted while listing
			}
			return nil, nil, err
		}
		keys = append(keys, f.key)
		values = append(values, string(b))
	}
	return keys, values, nil
}

// safeKey reports whether a key can name a file under its directory
// without escaping it (MLflow's path_not_unique rule, enforced before
// any write).
func safeKey(key string) bool {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, "\\") {
		return false
	}
	for _, part := range strings.Split(key, "/") {
		if part == "" || part == "." || part == ".." {
			return false
		}
	}
	return true
}
