package experiments_test

import (
	"fmt"
	"testing"

	"mltui/internal/screentest"
)

var sizes = [][2]int{{80, 24}, {160, 48}}

func TestGoldenExperiments(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			s := screentest.Start(t, screentest.DemoStore(t), sz[0], sz[1], screentest.Options{})
			// Counts arrive one at a time in list order; Default is last.
			s.Golden(s.WaitMatch(`^ Default +0 +\S+ +0\s`))
		})
	}
}

func TestGoldenExperimentsFilteredWithDeleted(t *testing.T) {
	s := screentest.Start(t, screentest.DemoStore(t), 80, 24, screentest.Options{})
	s.WaitFor("iris-classification")
	s.Keys("x")
	s.WaitFor("old-experiment")
	s.Keys("/")
	s.Type("exp")
	s.Keys("enter")
	s.Golden(s.WaitFor("/ exp", "old-experiment"))
}
