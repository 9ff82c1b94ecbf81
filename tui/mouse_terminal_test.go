package tui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTerminalMouse drives the runs table with the mouse in a real
// terminal: tmux passes SGR mouse reports (what xterm-likes send) to the
// program, which asked for them. A click selects the row under it, the
// wheel moves the cursor, a double click opens the row; with "mouse:
// false" the program asks for no reports and ignores any that come.
func TestTerminalMouse(t *testing.T) {
	needTmux(t)
	dir, db := demoCopy(t)
	for _, on := range []bool{true, false} {
		t.Run(fmt.Sprintf("mouse=%v", on), func(t *testing.T) {
			cfg := filepath.Join(dir, fmt.Sprintf("config-%v.yaml", on))
			if err := os.WriteFile(cfg, []byte(fmt.Sprintf("mouse: %v\n", on)), 0o644); err != nil {
				t.Fatal(err)
			}
			tm := startTerm(t, 120, 30, baseEnv(t), mltuiBinary(t), "--config", cfg, "--tracking-uri", "sqlite:///"+db)
			tm.waitText(20*time.Second, "iris-classification")
			tm.keys(":")
			tm.typeText("runs iris-classification")
			tm.keys("Enter")
			scr := tm.waitText(15*time.Second, "6 runs", "rf-stump")
			rows := runRows(scr, "rf-")
			line := map[string]int{} // 1-based terminal line of each row
			for i, l := range strings.Split(scr, "\n") {
				if f := strings.Fields(l); len(f) > 1 {
					line[f[1]] = i + 1
				}
			}
			at := func(want string) {
				t.Helper()
				var got string
				for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
					if got = selectedRow(tm.tmux("capture-pane", "-p", "-e", "-t", "main"), rows); got == want {
						return
					}
				}
				t.Fatalf("the cursor is on %q, want %q:\n%s", got, want, tm.screen())
			}
			click := func(y int) { tm.typeText(fmt.Sprintf("\x1b[<0;10;%dM\x1b[<0;10;%dm", y, y)) }
			at(rows[0])
			click(line[rows[3]])
			if !on {
				time.Sleep(500 * time.Millisecond)
				at(rows[0])
				return
			}
			at(rows[3])
			tm.typeText(fmt.Sprintf("\x1b[<65;10;%dM", line[rows[3]])) // wheel down
			at(rows[4])
			tm.typeText(fmt.Sprintf("\x1b[<64;10;%dM\x1b[<64;10;%dM", line[rows[3]], line[rows[3]])) // wheel up twice
			at(rows[2])
			click(line[rows[1]])
			click(line[rows[1]])
			tm.waitText(10*time.Second, "› "+rows[1], "overview")
		})
	}
}
