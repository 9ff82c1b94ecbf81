package termimage

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// placeholder is the Kitty graphics protocol's image placeholder: a cell
// holding it shows part of the image whose id is the cell's foreground
// colour, the part named by the row and column diacritics after it.
const placeholder = '\U0010EEEE'

// diacritics are the combining marks that number rows and columns, in the
// protocol's order (kitty's gen/rowcolumn-diacritics.txt, from Unicode 6.0:
// class-230 marks without decompositions). The first 160 cover any pane.
var diacritics = [...]rune{
	0x0305, 0x030D, 0x030E, 0x0310, 0x0312, 0x033D, 0x033E, 0x033F, 0x0346, 0x034A, 0x034B, 0x034C, 0x0350, 0x0351, 0x0352, 0x0357,
	0x035B, 0x0363, 0x0364, 0x0365, 0x0366, 0x0367, 0x0368, 0x0369, 0x036A, 0x036B, 0x036C, 0x036D, 0x036E, 0x036F, 0x0483, 0x0484,
	0x0485, 0x0486, 0x0487, 0x0592, 0x0593, 0x0594, 0x0595, 0x0597, 0x0598, 0x0599, 0x059C, 0x059D, 0x059E, 0x059F, 0x05A0, 0x05A1,
	0x05A8, 0x05A9, 0x05AB, 0x05AC, 0x05AF, 0x05C4, 0x0610, 0x0611, 0x0612, 0x0613, 0x0614, 0x0615, 0x0616, 0x0617, 0x0657, 0x0658,
	0x0659, 0x065A, 0x065B, 0x065D, 0x065E, 0x06D6, 0x06D7, 0x06D8, 0x06D9, 0x06DA, 0x06DB, 0x06DC, 0x06DF, 0x06E0, 0x06E1, 0x06E2,
	0x06E4, 0x06E7, 0x06E8, 0x06EB, 0x06EC, 0x0730, 0x0732, 0x0733, 0x0735, 0x0736, 0x073A, 0x073D, 0x073F, 0x0740, 0x0741, 0x0743,
	0x0745, 0x0747, 0x0749, 0x074A, 0x07EB, 0x07EC, 0x07ED, 0x07EE, 0x07EF, 0x07F0, 0x07F1, 0x07F3, 0x0816, 0x0817, 0x0818, 0x0819,
	0x081B, 0x081C, 0x081D, 0x081E, 0x081F, 0x0820, 0x0821, 0x0822, 0x0823, 0x0825, 0x0826, 0x0827, 0x0829, 0x082A, 0x082B, 0x082C,
	0x082D, 0x0951, 0x0953, 0x0954, 0x0F82, 0x0F83, 0x0F86, 0x0F87, 0x135D, 0x135E, 0x135F, 0x17DD, 0x193A, 0x1A17, 0x1A75, 0x1A76,
	0x1A77, 0x1A78, 0x1A79, 0x1A7A, 0x1A7B, 0x1A7C, 0x1B6B, 0x1B6D, 0x1B6E, 0x1B6F, 0x1B70, 0x1B71, 0x1B72, 0x1B73, 0x1CD0, 0x1CD1,
}

// MaxKittyCells is the largest placement, each way, the diacritics number.
const MaxKittyCells = len(diacritics)

// kittyChunk is the most base64 one graphics escape may carry.
const kittyChunk = 4096

// KittyTransmit sends a PNG to the terminal as image id (1–255) and makes
// a virtual placement of cols×rows cells (a=T, U=1): the image shows
// wherever KittyPlaceholders' cells are drawn, so the renderer moves it
// like text. q=2 keeps the terminal's replies off the program's input.
// Each chunk is its own escape; wrap is applied to each (Passthrough in
// tmux, or nothing).
func KittyTransmit(id int, png []byte, cols, rows int, wrap func(string) string) string {
	if wrap == nil {
		wrap = func(s string) string { return s }
	}
	data := base64.StdEncoding.EncodeToString(png)
	var sb strings.Builder
	for first := true; first || data != ""; first = false {
		n := min(kittyChunk, len(data))
		chunk := data[:n]
		data = data[n:]
		more := 0
		if data != "" {
			more = 1
		}
		if first {
			sb.WriteString(wrap(fmt.Sprintf("\x1b_Ga=T,U=1,f=100,t=d,i=%d,c=%d,r=%d,q=2,m=%d;%s\x1b\\", id, cols, rows, more, chunk)))
		} else {
			sb.WriteString(wrap(fmt.Sprintf("\x1b_Gm=%d;%s\x1b\\", more, chunk)))
		}
	}
	return sb.String()
}

// KittyDelete frees image id and its placements in the terminal.
func KittyDelete(id int, wrap func(string) string) string {
	s := "\x1b_Ga=d,d=I,i=" + strconv.Itoa(id) + ",q=2\x1b\\"
	if wrap != nil {
		s = wrap(s)
	}
	return s
}

// KittyPlaceholders are the cols×rows cells that show image id: every cell
// names its row and column, so no terminal has to infer them; the id is
// the 256-colour foreground.
func KittyPlaceholders(id, cols, rows int) []string {
	cols, rows = min(cols, MaxKittyCells), min(rows, MaxKittyCells)
	out := make([]string, rows)
	fg := "\x1b[38;5;" + strconv.Itoa(id) + "m"
	for r := range rows {
		var sb strings.Builder
		sb.WriteString(fg)
		for c := range cols {
			sb.WriteRune(placeholder)
			sb.WriteRune(diacritics[r])
			sb.WriteRune(diacritics[c])
		}
		sb.WriteString("\x1b[39m")
		out[r] = sb.String()
	}
	return out
}
