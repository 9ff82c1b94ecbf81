package checkpoints

import (
	"strconv"
	"testing"

	"mltui/client/rest"
	"mltui/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// The seed's checkpointed run logged a model at steps 5, 10 and 15 with
// the Python client; the screen's load finds each with its step and the
// metrics logged against it at that step.
func TestIntegrationCheckpointsOfSeedRun(t *testing.T) {
	srv := testenv.Shared(t)
	s, err := rest.OpenStore(srv.URL, func(string) string { return "" }, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	run, err := s.GetRun(t.Context(), srv.Summary.Run(t, "checkpoint_run"))
	if err != nil {
		t.Fatal(err)
	}
	cps, err := Load(t.Context(), s, run)
	if err != nil {
		t.Fatal(err)
	}
	if len(cps) != len(srv.Summary.Checkpoints) || len(cps) < 2 {
		t.Fatalf("%d checkpoints, the seed logged %d", len(cps), len(srv.Summary.Checkpoints))
	}
	for _, c := range cps {
		if !c.HasStep {
			t.Errorf("%s: no step from the run's outputs", c.Model.ModelID)
			continue
		}
		if want := srv.Summary.Checkpoints[strconv.FormatInt(c.Step, 10)]; want != c.Model.ModelID {
			t.Errorf("step %d: model %s, the seed logged %s", c.Step, c.Model.ModelID, want)
		}
		mt, ok := latest(c.Model, "val_loss")
		if !ok || mt.Step != c.Step {
			t.Errorf("step %d: val_loss %+v (ok %v), want one logged at its step", c.Step, mt, ok)
		}
	}
}
