package diff

// Op is one kind of edit in a character diff.
type Op int

const (
	OpEqual  Op = iota // text both values share
	OpDelete           // text only the baseline has
	OpInsert           // text only the other value has
)

// Edit is a run of characters with one Op.
type Edit struct {
	Op   Op
	Text string
}

// Bounds keep the character diff cheap on huge values (a JSON blob, a
// long path list): beyond them the differing middle is shown as one
// delete and one insert rather than searched exactly.
const (
	MaxDiffRunes = 20000 // longest middle (after common prefix/suffix) searched exactly
	MaxDiffEdits = 400   // most edits (Myers' D) searched before giving up
)

// Runes is a readable character-level diff of a against b: Myers' O(ND)
// algorithm on runes, bounded by MaxDiffRunes and MaxDiffEdits, then
// Cleanup.
func Runes(a, b string) []Edit {
	return Cleanup(RunesBounded(a, b, MaxDiffRunes, MaxDiffEdits))
}

// RunesBounded is a minimal character diff (no cleanup) with explicit bounds.
func RunesBounded(a, b string, maxRunes, maxEdits int) []Edit {
	ra, rb := []rune(a), []rune(b)
	// Common prefix and suffix cost nothing to find and shrink the search.
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	s := 0
	for s < len(ra)-p && s < len(rb)-p && ra[len(ra)-1-s] == rb[len(rb)-1-s] {
		s++
	}
	var e edits
	e.add(OpEqual, ra[:p])
	ma, mb := ra[p:len(ra)-s], rb[p:len(rb)-s]
	if len(ma)+len(mb) > maxRunes || !myers(ma, mb, maxEdits, &e) {
		e.add(OpDelete, ma)
		e.add(OpInsert, mb)
	}
	e.add(OpEqual, ra[len(ra)-s:])
	return e.out
}

// edits accumulates runs, merging neighbours with the same op.
type edits struct{ out []Edit }

func (e *edits) add(op Op, r []rune) {
	if len(r) == 0 {
		return
	}
	if n := len(e.out); n > 0 && e.out[n-1].Op == op {
		e.out[n-1].Text += string(r)
		return
	}
	e.out = append(e.out, Edit{Op: op, Text: string(r)})
}

// myers finds a shortest edit script from a to b and appends it to e. It
// returns false (appending nothing) if more than maxD edits are needed.
func myers(a, b []rune, maxD int, e *edits) bool {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		e.add(OpDelete, a)
		e.add(OpInsert, b)
		return true
	}
	limit := min(maxD, n+m)
	off := limit + 1
	v := make([]int, 2*limit+3)
	// trace[d] is v over k ∈ [-d, d] after step d, for backtracking.
	var trace [][]int
	found := -1
	for d := 0; d <= limit && found < 0; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // step down: insert b[y]
			} else {
				x = v[off+k-1] + 1 // step right: delete a[x]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				found = d
			}
		}
		snap := make([]int, 2*d+1)
		copy(snap, v[off-d:off+d+1])
		trace = append(trace, snap)
	}
	if found < 0 {
		return false
	}
	// Walk back from (n, m): each step d is a snake (equal runs) preceded
	// by one edit from the furthest point of step d-1.
	type step struct {
		op   Op
		x, y int
	}
	var rev []step
	x, y := n, m
	for d := found; d > 0; d-- {
		prev := trace[d-1] // k ∈ [-(d-1), d-1] at index k+d-1
		k := x - y
		pk := k - 1
		if k == -d || (k != d && prev[k-1+d-1] < prev[k+1+d-1]) {
			pk = k + 1
		}
		px := prev[pk+d-1]
		py := px - pk
		midX, midY := px+1, py // after deleting a[px]
		if pk == k+1 {
			midX, midY = px, py+1 // after inserting b[py]
		}
		for x > midX && y > midY {
			x--
			y--
			rev = append(rev, step{OpEqual, x, y})
		}
		if pk == k+1 {
			rev = append(rev, step{OpInsert, px, py})
		} else {
			rev = append(rev, step{OpDelete, px, py})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, step{OpEqual, x, y})
	}
	for i := len(rev) - 1; i >= 0; i-- {
		st := rev[i]
		switch st.op {
		case OpEqual:
			e.add(OpEqual, a[st.x:st.x+1])
		case OpDelete:
			e.add(OpDelete, a[st.x:st.x+1])
		case OpInsert:
			e.add(OpInsert, b[st.y:st.y+1])
		}
	}
	return true
}
