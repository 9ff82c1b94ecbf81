package termimage

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // the first frame of a GIF
	_ "image/jpeg"
	_ "image/png"
)

// MaxPixels bounds what Decode accepts: a header claiming more is refused
// before any pixel is decoded (a 100k×100k PNG is 40 GB of RGBA).
const MaxPixels = 40 << 20

// ErrTooLarge is a picture over MaxPixels.
var ErrTooLarge = errors.New("image too large to decode")

// Decode reads a PNG, JPEG or GIF (its first frame) whose header says it
// fits in MaxPixels, as RGBA. The format name comes back with it.
func Decode(b []byte) (*image.RGBA, string, error) {
	cfg, name, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, "", fmt.Errorf("read image header: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, name, fmt.Errorf("image has no pixels (%d×%d)", cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, name, fmt.Errorf("%w: %d×%d pixels (at most %d million)", ErrTooLarge, cfg.Width, cfg.Height, MaxPixels>>20)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, name, fmt.Errorf("decode %s: %w", name, err)
	}
	if rgba, ok := img.(*image.RGBA); ok && rgba.Rect.Min == (image.Point{}) {
		return rgba, name, nil
	}
	r := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(out, out.Rect, img, r.Min, draw.Src)
	return out, name, nil
}
