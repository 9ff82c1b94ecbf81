package termimage

import (
	"image"
	"image/color"
	"strconv"
	"strings"
)

// HalfBlockLines draws img in cols×rows cells of ▀: each cell's
// foreground is the upper pixel and its background the lower one, in
// 24-bit colour (the renderer lowers it to what the terminal shows). Each
// line ends by resetting the colours.
func HalfBlockLines(img *image.RGBA, cols, rows int, bg color.RGBA) []string {
	px := Scale(img, cols, rows*2, bg)
	out := make([]string, rows)
	var sb strings.Builder
	for y := range rows {
		sb.Reset()
		var lastFG, lastBG [3]uint8
		for x := range cols {
			top, bot := rgb(px, x, 2*y), rgb(px, x, 2*y+1)
			if x == 0 || top != lastFG {
				sgr(&sb, 38, top)
			}
			if x == 0 || bot != lastBG {
				sgr(&sb, 48, bot)
			}
			lastFG, lastBG = top, bot
			sb.WriteString("▀")
		}
		sb.WriteString("\x1b[m")
		out[y] = sb.String()
	}
	return out
}

func rgb(img *image.RGBA, x, y int) [3]uint8 {
	i := y*img.Stride + x*4
	return [3]uint8{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}
}

// sgr writes ESC[38;2;R;G;Bm (or 48 for the background).
func sgr(sb *strings.Builder, which int, c [3]uint8) {
	sb.WriteString("\x1b[")
	sb.WriteString(strconv.Itoa(which))
	sb.WriteString(";2;")
	sb.WriteString(strconv.Itoa(int(c[0])))
	sb.WriteByte(';')
	sb.WriteString(strconv.Itoa(int(c[1])))
	sb.WriteByte(';')
	sb.WriteString(strconv.Itoa(int(c[2])))
	sb.WriteByte('m')
}
