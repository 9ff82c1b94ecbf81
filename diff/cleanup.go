package diff

import "unicode/utf8"

// Cleanup makes a minimal character diff readable: a short equality
// stranded between larger edits ("[-se-]p[-al_width-]") is folded into
// them, the edits between two equalities become one deletion and one
// insertion, and text both of those share at their ends moves back into
// the equalities. The script still turns a into b; it may be longer.
func Cleanup(es []Edit) []Edit {
	es = regroup(es)
	for changed := true; changed; {
		changed = false
		for i := 1; i < len(es)-1; i++ {
			if es[i].Op != OpEqual {
				continue
			}
			n := utf8.RuneCountInString(es[i].Text)
			if n <= editSize(es, i, -1) && n <= editSize(es, i, 1) {
				text := es[i].Text
				es = append(es[:i], append([]Edit{{OpDelete, text}, {OpInsert, text}}, es[i+1:]...)...)
				es = regroup(es)
				changed = true
				break
			}
		}
	}
	return es
}

// editSize is the larger of the deleted and inserted lengths between
// equality i and the previous (dir -1) or next (dir 1) equality.
func editSize(es []Edit, i, dir int) int {
	del, ins := 0, 0
	for j := i + dir; j >= 0 && j < len(es) && es[j].Op != OpEqual; j += dir {
		n := utf8.RuneCountInString(es[j].Text)
		if es[j].Op == OpDelete {
			del += n
		} else {
			ins += n
		}
	}
	return max(del, ins)
}

// regroup merges each stretch of edits into one deletion then one
// insertion, moves their common prefix and suffix into the neighbouring
// equalities, and merges adjacent equalities.
func regroup(es []Edit) []Edit {
	var out []Edit
	addEq := func(s string) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Op == OpEqual {
			out[n-1].Text += s
			return
		}
		out = append(out, Edit{OpEqual, s})
	}
	for i := 0; i < len(es); {
		if es[i].Op == OpEqual {
			addEq(es[i].Text)
			i++
			continue
		}
		var del, ins []rune
		for ; i < len(es) && es[i].Op != OpEqual; i++ {
			if es[i].Op == OpDelete {
				del = append(del, []rune(es[i].Text)...)
			} else {
				ins = append(ins, []rune(es[i].Text)...)
			}
		}
		p := 0
		for p < len(del) && p < len(ins) && del[p] == ins[p] {
			p++
		}
		addEq(string(del[:p]))
		del, ins = del[p:], ins[p:]
		s := 0
		for s < len(del) && s < len(ins) && del[len(del)-1-s] == ins[len(ins)-1-s] {
			s++
		}
		suffix := string(del[len(del)-s:])
		del, ins = del[:len(del)-s], ins[:len(ins)-s]
		if len(del) > 0 {
			out = append(out, Edit{OpDelete, string(del)})
		}
		if len(ins) > 0 {
			out = append(out, Edit{OpInsert, string(ins)})
		}
		addEq(suffix)
	}
	return out
}
