package termimage

import (
	"image"
	"image/color"
	"strconv"
	"strings"
)

// Cell pixels assumed for Sixel, which is drawn in pixels: the common
// 10×20 (the terminal's real size needs a query whose answer would arrive
// as input).
const (
	SixelCellW = 10
	SixelCellH = 20
)

// SixelImage draws img as cols×rows cells of sixels at the cursor, in a
// 6×6×6 colour cube (216 registers, which every sixel terminal has).
func SixelImage(img *image.RGBA, cols, rows int, bg color.RGBA) string {
	w, h := cols*SixelCellW, rows*SixelCellH
	return encodeSixel(Scale(img, w, h, bg))
}

// cube is a colour's register in the 6×6×6 cube.
func cube(r, g, b uint8) int {
	q := func(v uint8) int { return (int(v)*5 + 127) / 255 }
	return q(r)*36 + q(g)*6 + q(b)
}

// encodeSixel writes DCS q, the raster size, the registers used, then
// each band of six pixel rows one colour at a time ($ returns to the
// band's start, - goes to the next band), runs of 4 or more as !N.
func encodeSixel(px *image.RGBA) string {
	w, h := px.Rect.Dx(), px.Rect.Dy()
	idx := make([]int16, w*h)
	var used [216]bool
	for y := range h {
		for x := range w {
			i := y*px.Stride + x*4
			c := cube(px.Pix[i], px.Pix[i+1], px.Pix[i+2])
			idx[y*w+x] = int16(c)
			used[c] = true
		}
	}
	var sb strings.Builder
	// P2=1: pixels no colour is drawn in stay as they were.
	sb.WriteString("\x1bP0;1;0q\"1;1;")
	sb.WriteString(strconv.Itoa(w))
	sb.WriteByte(';')
	sb.WriteString(strconv.Itoa(h))
	for c, ok := range used {
		if !ok {
			continue
		}
		// Registers take percentages: 0, 20, …, 100 per channel.
		sb.WriteString("#" + strconv.Itoa(c) + ";2;" + strconv.Itoa(c/36*20) + ";" + strconv.Itoa(c/6%6*20) + ";" + strconv.Itoa(c%6*20))
	}
	row := make([]byte, w)
	for y0 := 0; y0 < h; y0 += 6 {
		var inBand [216]bool
		for y := y0; y < min(y0+6, h); y++ {
			for x := range w {
				inBand[idx[y*w+x]] = true
			}
		}
		first := true
		for c, ok := range inBand {
			if !ok {
				continue
			}
			for x := range w {
				bits := 0
				for k := 0; k < 6 && y0+k < h; k++ {
					if int(idx[(y0+k)*w+x]) == c {
						bits |= 1 << k
					}
				}
				row[x] = byte(63 + bits)
			}
			if !first {
				sb.WriteByte('$')
			}
			first = false
			sb.WriteString("#" + strconv.Itoa(c))
			writeRuns(&sb, row)
		}
		sb.WriteByte('-')
	}
	sb.WriteString("\x1b\\")
	return sb.String()
}

// writeRuns writes sixel characters, runs of four or more as !N<char>.
func writeRuns(sb *strings.Builder, row []byte) {
	for i := 0; i < len(row); {
		j := i
		for j < len(row) && row[j] == row[i] {
			j++
		}
		if n := j - i; n >= 4 {
			sb.WriteString("!" + strconv.Itoa(n))
			sb.WriteByte(row[i])
		} else {
			for range n {
				sb.WriteByte(row[i])
			}
		}
		i = j
	}
}
