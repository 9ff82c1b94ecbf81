package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/x/term"

	"mltui/format"
)

// safeData is a data format's output (CSV) for stdout. Into a file or a
// pipe it is exact: it is data for another program. On a terminal a
// hostile value (a run name holding escape sequences) would act on the
// reader's terminal, so there every control character shows as
// format.Visible draws it, line by line, and stderr says so once.
func (a *App) safeData(out, what string) string {
	if !a.stdoutIsTerminal() {
		return out
	}
	v := format.VisibleLines(out)
	if v == out {
		return out
	}
	fmt.Fprintf(a.Stderr, "note: some %s fields hold control characters, shown here as ␛, ␇, ⟨U+…⟩; redirect to a file or pipe for the exact bytes\n", what)
	return v
}

// stdoutIsTerminal reports whether stdout is an interactive terminal.
func (a *App) stdoutIsTerminal() bool {
	if a.ttyOut != nil {
		return a.ttyOut()
	}
	return writerIsTerminal(a.Stdout)
}

func writerIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}
