package filestore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"go.yaml.in/yaml/v3"

	"mltui/client"
	"mltui/client/search"
)

// Registry writes follow MLflow's file store (model_registry/file_store.py):
// each change is one file written or removed, and most also stamp the
// registered model's last_updated_timestamp. Files are replaced atomically
// (temp file + rename) so MLflow never reads half a file. The file store
// has no transactions; checks and writes happen back to back under this
// process's lock, which is as close as the format allows.

func (s *Store) writable(op string) error {
	if s.readOnly {
		return &client.Error{Kind: client.KindReadOnly, Op: op, Path: s.root, Message: "the store was opened read-only; nothing was written"}
	}
	return nil
}

// writeErr maps a failed file write to a clear kind.
func writeErr(op, path string, err error) error {
	var ce *client.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission) {
		return &client.Error{Kind: client.KindReadOnly, Op: op, Path: path, Message: "the file store cannot be written here (read-only file system or permissions); nothing was written", Err: err}
	}
	return &client.Error{Kind: client.KindUnavailable, Op: op, Path: path, Err: err}
}

// writeAtomic replaces path with data via a temp file in tmpDir (a folder
// MLflow does not list as keys) and a rename.
func writeAtomic(path, tmpDir string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(tmpDir, ".mltui-"+hex.EncodeToString(rnd[:])+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// updateMeta rewrites a meta.yaml with some fields changed, keeping every
// other key as it was.
func updateMeta(path, tmpDir string, set map[string]any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m, err := parseMeta(path, raw)
	if err != nil {
		return err
	}
	for k, v := range set {
		m[k] = v
	}
	out, err := yaml.Marshal(map[string]any(m))
	if err != nil {
		return err
	}
	return writeAtomic(path, tmpDir, out)
}

func nowMillis() int64 { return time.Now().UnixMilli() }

// regWrite runs one registry write for model name under the write lock,
// after the model has been read fresh from disk.
func (s *Store) regWrite(op, name string, fn func(mf *modelFiles, dir string) error) error {
	if err := s.writable(op); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	mf, err := s.getModel(op, name)
	if err != nil {
		return err
	}
	dir := filepath.Join(s.modelsRoot(), name)
	if err := fn(mf, dir); err != nil {
		return writeErr(op, dir, err)
	}
	return nil
}

func (s *Store) touchModel(dir string, now int64) error {
	return updateMeta(filepath.Join(dir, metaFile), dir, map[string]any{"last_updated_timestamp": now})
}

func versionArg(op, version string) (int64, error) {
	n, err := search.ParseVersion(version)
	if err != nil {
		return 0, invalid(op, "%v", err)
	}
	return n, nil
}

func tagArgs(op, key, value string) error {
	if err := search.ValidateTagKey(key); err != nil {
		return invalid(op, "%v", err)
	}
	if !safeKey(key) {
		return invalid(op, "invalid tag key %q", key)
	}
	if err := search.ValidateTagValue(value); err != nil {
		return invalid(op, "%v", err)
	}
	return nil
}

// SetAlias points alias at a live version and stamps the model.
func (s *Store) SetAlias(ctx context.Context, name, alias, version string) error {
	const op = "set alias"
	num, err := versionArg(op, version)
	if err != nil {
		return err
	}
	if err := search.ValidateAlias(alias); err != nil {
		return invalid(op, "%v", err)
	}
	return s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		if _, err := mf.version(op, num); err != nil {
			return err
		}
		if err := writeAtomic(filepath.Join(dir, "aliases", alias), dir, []byte(strconv.FormatInt(num, 10))); err != nil {
			return err
		}
		return s.touchModel(dir, nowMillis())
	})
}

// SwapAlias moves alias to newVersion only if it points at expectVersion
// ("" meaning unset) when checked, just before the write. MLflow's file
// store has no locks, so a writer outside mltui can still slip in between.
func (s *Store) SwapAlias(ctx context.Context, name, alias, expectVersion, newVersion string) error {
	const op = "move alias"
	num, err := versionArg(op, newVersion)
	if err != nil {
		return err
	}
	if err := search.ValidateAlias(alias); err != nil {
		return invalid(op, "%v", err)
	}
	if expectVersion != "" {
		if _, err := versionArg(op, expectVersion); err != nil {
			return err
		}
	}
	return s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		cur, ok := mf.model.AliasVersion(alias)
		switch {
		case !ok && expectVersion != "":
			return &client.Error{Kind: client.KindConflict, Op: op, Message: fmt.Sprintf("alias %q of %s no longer exists (expected it on version %s); nothing was written", alias, name, expectVersion)}
		case ok && expectVersion == "":
			return &client.Error{Kind: client.KindConflict, Op: op, Message: fmt.Sprintf("alias %q of %s now points to version %s (expected it unset); nothing was written", alias, name, cur)}
		case ok && cur != expectVersion:
			if a, b := versionNumOf(cur), versionNumOf(expectVersion); a != b || a < 0 {
				return &client.Error{Kind: client.KindConflict, Op: op, Message: fmt.Sprintf("alias %q of %s now points to version %s, not %s; nothing was written", alias, name, cur, expectVersion)}
			}
		}
		if _, err := mf.version(op, num); err != nil {
			return err
		}
		if err := writeAtomic(filepath.Join(dir, "aliases", alias), dir, []byte(strconv.FormatInt(num, 10))); err != nil {
			return err
		}
		return s.touchModel(dir, nowMillis())
	})
}

func versionNumOf(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// removeIfPresent deletes a key file; it reports whether one was there.
func removeIfPresent(path string) (bool, error) {
	err := os.Remove(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// DeleteAlias removes an alias (a missing one is not an error).
func (s *Store) DeleteAlias(ctx context.Context, name, alias string) error {
	const op = "delete alias"
	if err := search.ValidateAliasName(alias); err != nil {
		return invalid(op, "%v", err)
	}
	return s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		removed, err := removeIfPresent(filepath.Join(dir, "aliases", alias))
		if err != nil || !removed {
			return err
		}
		return s.touchModel(dir, nowMillis())
	})
}

// SetModelVersionTag sets a tag on a live version and stamps the model.
func (s *Store) SetModelVersionTag(ctx context.Context, name, version, key, value string) error {
	const op = "set version tag"
	num, err := versionArg(op, version)
	if err != nil {
		return err
	}
	if err := tagArgs(op, key, value); err != nil {
		return err
	}
	return s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		if _, err := mf.version(op, num); err != nil {
			return err
		}
		p := filepath.Join(dir, "version-"+strconv.FormatInt(num, 10), "tags", filepath.FromSlash(key))
		if err := writeAtomic(p, dir, []byte(value)); err != nil {
			return err
		}
		return s.touchModel(dir, nowMillis())
	})
}

// DeleteModelVersionTag removes a version tag (a missing one is not an error).
func (s *Store) DeleteModelVersionTag(ctx context.Context, name, version, key string) error {
	const op = "delete version tag"
	num, err := versionArg(op, version)
	if err != nil {
		return err
	}
	if err := tagArgs(op, key, ""); err != nil {
		return err
	}
	return s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		if _, err := mf.version(op, num); err != nil {
			return err
		}
		removed, err := removeIfPresent(filepath.Join(dir, "version-"+strconv.FormatInt(num, 10), "tags", filepath.FromSlash(key)))
		if err != nil || !removed {
			return err
		}
		return s.touchModel(dir, nowMillis())
	})
}

// SetRegisteredModelTag sets a model tag and stamps the model.
func (s *Store) SetRegisteredModelTag(ctx context.Context, name, key, value string) error {
	const op = "set model tag"
	if err := tagArgs(op, key, value); err != nil {
		return err
	}
	return s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		if err := writeAtomic(filepath.Join(dir, "tags", filepath.FromSlash(key)), dir, []byte(value)); err != nil {
			return err
		}
		return s.touchModel(dir, nowMillis())
	})
}

// DeleteRegisteredModelTag removes a model tag (a missing one is not an error).
func (s *Store) DeleteRegisteredModelTag(ctx context.Context, name, key string) error {
	const op = "delete model tag"
	if err := tagArgs(op, key, ""); err != nil {
		return err
	}
	return s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		removed, err := removeIfPresent(filepath.Join(dir, "tags", filepath.FromSlash(key)))
		if err != nil || !removed {
			return err
		}
		return s.touchModel(dir, nowMillis())
	})
}

// UpdateModelVersionDescription sets a version's description.
func (s *Store) UpdateModelVersionDescription(ctx context.Context, name, version, description string) (client.ModelVersion, error) {
	const op = "update version description"
	num, err := versionArg(op, version)
	if err != nil {
		return client.ModelVersion{}, err
	}
	err = s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		if _, err := mf.version(op, num); err != nil {
			return err
		}
		return updateMeta(filepath.Join(dir, "version-"+strconv.FormatInt(num, 10), metaFile), dir,
			map[string]any{"description": description, "last_updated_timestamp": nowMillis()})
	})
	if err != nil {
		return client.ModelVersion{}, err
	}
	return s.GetModelVersion(ctx, name, version)
}

// UpdateRegisteredModelDescription sets a model's description.
func (s *Store) UpdateRegisteredModelDescription(ctx context.Context, name, description string) (client.RegisteredModel, error) {
	const op = "update model description"
	err := s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		return updateMeta(filepath.Join(dir, metaFile), dir, map[string]any{"description": description, "last_updated_timestamp": nowMillis()})
	})
	if err != nil {
		return client.RegisteredModel{}, err
	}
	return s.GetRegisteredModel(ctx, name)
}

// TransitionStage moves a version to a stage, optionally archiving the
// stage's other versions, stamping each changed version and the model.
func (s *Store) TransitionStage(ctx context.Context, name, version, stage string, archiveExisting bool) (client.ModelVersion, error) {
	const op = "transition stage"
	num, err := versionArg(op, version)
	if err != nil {
		return client.ModelVersion{}, err
	}
	canon, err := search.CheckTransition(stage, archiveExisting)
	if err != nil {
		return client.ModelVersion{}, invalid(op, "%v", err)
	}
	err = s.regWrite(op, name, func(mf *modelFiles, dir string) error {
		if _, err := mf.version(op, num); err != nil {
			return err
		}
		now := nowMillis()
		if archiveExisting {
			for _, v := range mf.versions {
				if versionNum(v) != num && v.CurrentStage == canon {
					if err := updateMeta(filepath.Join(dir, "version-"+v.Version, metaFile), dir,
						map[string]any{"current_stage": "Archived", "last_updated_timestamp": now}); err != nil {
						return err
					}
				}
			}
		}
		if err := updateMeta(filepath.Join(dir, "version-"+strconv.FormatInt(num, 10), metaFile), dir,
			map[string]any{"current_stage": canon, "last_updated_timestamp": now}); err != nil {
			return err
		}
		return s.touchModel(dir, now)
	})
	if err != nil {
		return client.ModelVersion{}, err
	}
	return s.GetModelVersion(ctx, name, version)
}
