package filestore

import (
	"context"
	"encoding/binary"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"mltui/client"
)

// stampState remembers, per experiment folder, its modification time and
// which of its runs were live when last looked at, so a poll stats only
// what can change: folder times (new experiments and runs), the meta.yaml
// and metric files of RUNNING runs, and each registered model's and
// version's meta.yaml (every registry write rewrites one of them).
type stampState struct {
	exps map[string]expStamp
}

type expStamp struct {
	mtime int64
	live  []string // run folders that were RUNNING or SCHEDULED
}

func addStat(h interface{ Write([]byte) (int, error) }, path string) {
	var b [24]byte
	fi, err := os.Stat(path)
	if err == nil {
		binary.LittleEndian.PutUint64(b[0:], uint64(fi.Size()))
		binary.LittleEndian.PutUint64(b[8:], uint64(fi.ModTime().UnixNano()))
		binary.LittleEndian.PutUint64(b[16:], uint64(fi.Mode()))
	}
	h.Write([]byte(path))
	h.Write(b[:])
}

// ChangeStamp returns a token that changes when runs are created, a live
// run logs or ends, or the registry changes. It does bounded work: no
// finished run's files are opened.
func (s *Store) ChangeStamp(ctx context.Context) (string, error) {
	h := fnv.New64a()
	addStat(h, s.root)
	dirs, err := s.experimentDirs(client.AllViews)
	if err != nil {
		return "", ioError("change stamp", s.root, err)
	}
	s.mu.Lock()
	if s.stamp.exps == nil {
		s.stamp.exps = map[string]expStamp{}
	}
	s.mu.Unlock()
	for _, d := range dirs {
		fi, err := os.Stat(d.path)
		if err != nil {
			continue
		}
		mt := fi.ModTime().UnixNano()
		h.Write([]byte(d.path))
		h.Write(binary.LittleEndian.AppendUint64(nil, uint64(mt)))
		s.mu.Lock()
		st, ok := s.stamp.exps[d.path]
		s.mu.Unlock()
		if !ok || st.mtime != mt {
			st = expStamp{mtime: mt, live: liveRuns(d)}
			s.mu.Lock()
			s.stamp.exps[d.path] = st
			s.mu.Unlock()
		}
		for _, run := range st.live {
			dir := filepath.Join(d.path, run)
			addStat(h, filepath.Join(dir, metaFile))
			_ = filepath.WalkDir(filepath.Join(dir, "metrics"), func(p string, e fs.DirEntry, err error) error {
				if err == nil {
					addStat(h, p)
				}
				return nil
			})
		}
	}
	models, _ := os.ReadDir(s.modelsRoot())
	for _, m := range models {
		dir := filepath.Join(s.modelsRoot(), m.Name())
		addStat(h, dir)
		addStat(h, filepath.Join(dir, metaFile))
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "version-") || e.Name() == "aliases" || e.Name() == "tags" {
				addStat(h, filepath.Join(dir, e.Name(), metaFile))
				addStat(h, filepath.Join(dir, e.Name()))
			}
		}
	}
	return strconv.FormatUint(h.Sum64(), 16), nil
}

// liveRuns lists an experiment's runs that may still log.
func liveRuns(d expDir) []string {
	names, err := runDirs(d)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range names {
		info, err := readRunInfo(d, n)
		if err != nil {
			continue
		}
		if info.Status == client.StatusRunning || info.Status == client.StatusScheduled {
			out = append(out, n)
		}
	}
	return out
}
