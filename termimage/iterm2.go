package termimage

import (
	"encoding/base64"
	"fmt"
)

// ITerm2Inline is an OSC 1337 inline image of the file's own bytes (any
// format the terminal decodes), cols×rows cells with its aspect kept,
// drawn at the cursor. The name is not sent: it is the store's text.
func ITerm2Inline(data []byte, cols, rows int) string {
	return fmt.Sprintf("\x1b]1337;File=inline=1;size=%d;width=%d;height=%d;preserveAspectRatio=1;doNotMoveCursor=1:%s\a",
		len(data), cols, rows, base64.StdEncoding.EncodeToString(data))
}
