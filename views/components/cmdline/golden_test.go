package cmdline_test

import (
	"testing"

	"mltui/internal/screentest"
)

// ":runs i" offers the experiments that match, prefix matches first.
func TestGoldenCommandLineCompletion(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24, screentest.Options{})
	s.WaitMatch(`^ Default +0 +\S+ +0\s`) // every run count in
	s.Keys(":")
	s.Type("runs i")
	s.Golden(s.WaitFor(":runs i", "runs iris-classification"))
}
