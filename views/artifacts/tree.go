package artifacts

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"mltui/client"
)

// entry is one file or folder of the tree, listed lazily: a folder's
// children are asked for when it is first opened.
type entry struct {
	Path  string // relative to the file set's root
	IsDir bool
	Size  int64
	Depth int

	open    bool
	listed  bool // children arrived
	listing bool // children asked for
	err     error
}

func (e *entry) name() string { return path.Base(e.Path) }

// tree holds every entry listed so far, by path, and each folder's children.
type tree struct {
	byPath   map[string]*entry
	children map[string][]string // folder path ("" = root) → child paths, folders first
}

func newTree() *tree {
	return &tree{byPath: map[string]*entry{}, children: map[string][]string{}}
}

// set records a folder's listing, keeping what is known of children that
// are still there (open folders stay open across a refresh).
func (t *tree) set(dir string, files []client.FileInfo) {
	depth := 0
	if dir != "" {
		depth = strings.Count(dir, "/") + 1
	}
	var kids []string
	for _, f := range files {
		p := strings.Trim(f.Path, "/")
		if p == "" || p == dir {
			continue
		}
		if old, ok := t.byPath[p]; ok {
			old.IsDir, old.Size, old.Depth = f.IsDir, f.FileSize, depth
		} else {
			t.byPath[p] = &entry{Path: p, IsDir: f.IsDir, Size: f.FileSize, Depth: depth}
		}
		kids = append(kids, p)
	}
	slices.SortFunc(kids, func(a, b string) int {
		ea, eb := t.byPath[a], t.byPath[b]
		if ea.IsDir != eb.IsDir {
			if ea.IsDir {
				return -1
			}
			return 1
		}
		return cmp.Compare(a, b)
	})
	t.children[dir] = kids
	if e, ok := t.byPath[dir]; ok {
		e.listed, e.listing, e.err = true, false, nil
	}
}

// visible is the tree in display order: each open folder's children under it.
func (t *tree) visible() []*entry {
	var out []*entry
	var walk func(dir string)
	walk = func(dir string) {
		for _, p := range t.children[dir] {
			e := t.byPath[p]
			out = append(out, e)
			if e.IsDir && e.open {
				walk(p)
			}
		}
	}
	walk("")
	return out
}

// totals are the files and bytes listed so far.
func (t *tree) totals() (files int, bytes int64) {
	for _, e := range t.byPath {
		if !e.IsDir {
			files++
			bytes += e.Size
		}
	}
	return files, bytes
}
