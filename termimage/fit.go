package termimage

import (
	"image"
	"image/color"
	"math"
)

// CellAspect is a cell's height over its width, in pixels: 2 in nearly
// every monospace font (10×20, 8×16, 9×18).
const CellAspect = 2

// Fit is the size in cells that shows a w×h-pixel image as large as fits
// in cols×rows with its aspect ratio kept. Small images are enlarged to
// the box too: a pane that shows a 10×10 confusion matrix as 5×3 cells
// helps nobody.
func Fit(w, h, cols, rows int) (int, int) {
	if w <= 0 || h <= 0 || cols <= 0 || rows <= 0 {
		return 0, 0
	}
	// In cell units an image pixel is 1 wide and 1/CellAspect high.
	s := math.Min(float64(cols)/float64(w), float64(rows)*CellAspect/float64(h))
	c := max(1, min(cols, int(math.Round(float64(w)*s))))
	r := max(1, min(rows, int(math.Round(float64(h)*s/CellAspect))))
	return c, r
}

// Scale resamples src to w×h: a box average when shrinking (so a thin line
// keeps its colour in the mix), nearest pixel when enlarging (so pixel art
// stays sharp). Transparent pixels are laid over bg.
func Scale(src *image.RGBA, w, h int, bg color.RGBA) *image.RGBA {
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	if w <= 0 || h <= 0 || sw == 0 || sh == 0 {
		return out
	}
	for y := range h {
		y0 := y * sh / h
		y1 := max((y+1)*sh/h, y0+1)
		for x := range w {
			x0 := x * sw / w
			x1 := max((x+1)*sw/w, x0+1)
			var r, g, b, n uint64
			for yy := y0; yy < y1; yy++ {
				row := src.Pix[yy*src.Stride:]
				for xx := x0; xx < x1; xx++ {
					p := row[xx*4 : xx*4+4]
					a := uint64(p[3])
					// src is premultiplied: add bg for what alpha leaves.
					r += uint64(p[0]) + uint64(bg.R)*(255-a)/255
					g += uint64(p[1]) + uint64(bg.G)*(255-a)/255
					b += uint64(p[2]) + uint64(bg.B)*(255-a)/255
					n++
				}
			}
			i := y*out.Stride + x*4
			out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(r/n), uint8(g/n), uint8(b/n), 255
		}
	}
	return out
}
