package artifacts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"mltui/client"
)

// Opener reads one artifact file from offset off (n < 0: to the end).
type Opener func(ctx context.Context, off, n int64) (*client.ArtifactFile, error)

// ErrExists is returned by Save when dest exists and overwriting was not asked for.
var ErrExists = errors.New("already exists")

// Save copies the file open reads to dest. It writes a hidden temporary file beside dest and
// renames it into place only once every byte the store announced has arrived, so a download cut
// off (object server gone, ctx cancelled, a short body) leaves nothing at dest. Without overwrite
// an existing dest is never replaced, not even by a file that appears during the download.
// It returns the number of bytes written.
func Save(ctx context.Context, open Opener, dest string, overwrite bool) (int64, error) {
	if !overwrite {
		if _, err := os.Lstat(dest); err == nil {
			return 0, fmt.Errorf("%s: %w (use --force to replace it)", dest, ErrExists)
		}
	}
	f, err := open(ctx, 0, -1)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".part-*")
	if err != nil {
		return 0, folderError(dest, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	n, err := io.Copy(tmp, ctxReader{ctx, f})
	if err != nil {
		return n, fmt.Errorf("download cut off after %d bytes, nothing saved at %s: %w", n, dest, err)
	}
	if f.Size >= 0 && n != f.Size {
		return n, fmt.Errorf("download cut off after %d of %d bytes, nothing saved at %s", n, f.Size, dest)
	}
	if err := tmp.Sync(); err != nil {
		return n, fmt.Errorf("save %s: %w", dest, err)
	}
	if err := tmp.Close(); err != nil {
		return n, fmt.Errorf("save %s: %w", dest, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return n, fmt.Errorf("save %s: %w", dest, err)
	}
	if overwrite {
		err = os.Rename(tmp.Name(), dest)
	} else if err = os.Link(tmp.Name(), dest); err == nil {
		// A hard link fails where dest exists, so a file that appeared meanwhile is kept.
		err = os.Remove(tmp.Name())
	} else if errors.Is(err, fs.ErrExist) {
		err = fmt.Errorf("%w (use --force to replace it)", ErrExists)
	} else if _, statErr := os.Lstat(dest); errors.Is(statErr, fs.ErrNotExist) {
		// No hard links here (some network and FUSE file systems): rename, dest still absent.
		err = os.Rename(tmp.Name(), dest)
	}
	if err != nil {
		return n, fmt.Errorf("save %s: %w", dest, err)
	}
	done = true
	return n, nil
}

// folderError says plainly why nothing could be written beside dest: the
// temporary file's own name would only confuse.
func folderError(dest string, err error) error {
	dir := filepath.Dir(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("save %s: the folder %s does not exist: %w", dest, dir, fs.ErrNotExist)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("save %s: no permission to write in %s: %w", dest, dir, fs.ErrPermission)
	}
	return fmt.Errorf("save %s: %w", dest, err)
}

// ctxReader stops a copy when ctx ends, even if the body keeps arriving.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
