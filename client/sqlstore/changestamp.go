package sqlstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
)

// ChangeStamp is a token that changes whenever another process commits to
// the database: the size and modification time of the file and of its
// -wal and -journal siblings, plus SQLite's file change counter (header
// bytes 24–27, bumped by every commit in rollback-journal mode, which is how
// MLflow runs SQLite). It reads 4 bytes and stats 3 files; no query runs.
func (s *Store) ChangeStamp(ctx context.Context) (string, error) {
	stamp := ""
	for _, suffix := range []string{"", "-wal", "-journal"} {
		fi, err := os.Stat(s.path + suffix)
		if err != nil {
			if suffix == "" {
				return "", s.wrap("change stamp", err)
			}
			stamp += "|-"
			continue
		}
		stamp += fmt.Sprintf("|%d.%d", fi.Size(), fi.ModTime().UnixNano())
	}
	f, err := os.Open(s.path)
	if err != nil {
		return "", s.wrap("change stamp", err)
	}
	defer f.Close()
	var b [4]byte
	if _, err := f.ReadAt(b[:], 24); err != nil {
		return "", s.wrap("change stamp", err)
	}
	return fmt.Sprintf("%d%s", binary.BigEndian.Uint32(b[:]), stamp), nil
}
