package rundetail

import (
	"path"
	"slices"
	"strings"

	"mltui/client"
)

// node is one artifact in the lazily listed tree.
type node struct {
	info     client.FileInfo
	depth    int
	open     bool
	loaded   bool
	loading  bool
	err      error
	children []*node
}

func (n *node) name() string { return path.Base(n.info.Path) }

// setChildren stores a listing, directories first then by name.
func (n *node) setChildren(files []client.FileInfo) {
	slices.SortFunc(files, func(a, b client.FileInfo) int {
		if a.IsDir != b.IsDir {
			if a.IsDir {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Path, b.Path)
	})
	n.children = make([]*node, len(files))
	for i, f := range files {
		n.children[i] = &node{info: f, depth: n.depth + 1}
	}
	n.loaded, n.loading, n.err = true, false, nil
}

// flatten lists the visible nodes (children of open directories).
func flatten(root *node) []*node {
	var out []*node
	var walk func(n *node)
	walk = func(n *node) {
		for _, c := range n.children {
			out = append(out, c)
			if c.open {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

// find returns the node with path p under root.
func find(root *node, p string) *node {
	if root.info.Path == p {
		return root
	}
	for _, c := range root.children {
		if c.info.Path == p || strings.HasPrefix(p, c.info.Path+"/") {
			if n := find(c, p); n != nil {
				return n
			}
		}
	}
	return nil
}
