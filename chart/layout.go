package chart

// Cell is one chart's place in a grid, in terminal cells.
type Cell struct{ X, Y, W, H int }

// Grid lays out n charts in a w×h area: it picks the number of columns that
// gives the roomiest charts, counting a terminal cell as about twice as tall
// as it is wide, and never makes a chart smaller than MinWidth×MinHeight
// when a layout that fits exists. Leftover cells go to the first columns and
// rows, so the grid fills the area exactly.
func Grid(n, w, h int) []Cell {
	if n <= 0 || w <= 0 || h <= 0 {
		return nil
	}
	bestCols, bestScore, bestFits := 1, -1.0, false
	for cols := 1; cols <= n; cols++ {
		rows := (n + cols - 1) / cols
		cw, ch := w/cols, h/rows
		fits := cw >= MinWidth && ch >= MinHeight
		// The smaller side, in square units, is what makes a chart
		// readable; ties prefer fewer empty slots.
		score := min(float64(cw)/2, float64(ch))*1000 - float64(rows*cols-n)
		if (fits && !bestFits) || (fits == bestFits && score > bestScore) {
			bestCols, bestScore, bestFits = cols, score, fits
		}
	}
	cols := bestCols
	rows := (n + cols - 1) / cols
	out := make([]Cell, 0, n)
	y := 0
	for r := range rows {
		ch := h / rows
		if r < h%rows {
			ch++
		}
		x := 0
		for c := range cols {
			cw := w / cols
			if c < w%cols {
				cw++
			}
			if len(out) < n {
				out = append(out, Cell{x, y, cw, ch})
			}
			x += cw
		}
		y += ch
	}
	return out
}
