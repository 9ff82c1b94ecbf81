package registry

import (
	"reflect"
	"strings"
	"testing"

	"mltui/internal/promotetest"
	"mltui/views"
)

func TestExampleLine(t *testing.T) {
	for in, want := range map[string]struct {
		line string
		rows int
	}{
		`{"columns": ["a", "b"], "data": [[1, 2], [3, 4]]}`: {`[[1, 2], [3, 4]]`, 2},
		`[[5.1, 3.5]]`:                   {`[[5.1, 3.5]]`, 1},
		`{"inputs": [[1], [2], [3]]}`:    {`{"inputs":[[1], [2], [3]]}`, 3},
		`{"question": "what is mlflow"}`: {`{"question":"what is mlflow"}`, 0},
		"not json\n":                     {"not json", 0},
	} {
		line, rows := exampleLine([]byte(in))
		if line != want.line || rows != want.rows {
			t.Errorf("%s: %q %d, want %q %d", in, line, rows, want.line, want.rows)
		}
	}
}

func TestRequirements(t *testing.T) {
	got := requirements([]byte("mlflow==3.18.0\n\n# a comment\nscikit-learn==1.9.1  # pinned\n  \n"))
	if !reflect.DeepEqual(got, []string{"mlflow==3.18.0", "scikit-learn==1.9.1"}) {
		t.Fatalf("%q", got)
	}
}

// An MLmodel that is not an MLflow manifest: the card says why in its place, the rest of the
// detail is there.
func TestVersionDetailCardUnreadable(t *testing.T) {
	st := promotetest.Iris()
	st.SetArtifactContent("00000000000000000000000000000004", "model/MLmodel", []byte("<html>login</html>"))
	h := open(t, NewVersion, newEnv(st, articleConfig()), views.OpenMsg{Kind: views.KindVersion, Model: "iris-classifier", Version: "4"}, 100, 40)
	scr := h.screenText(100)
	if !strings.Contains(scr, "model\nMLmodel is not an MLflow model manifest") || !strings.Contains(scr, "source run") {
		t.Fatalf("%s", scr)
	}
	// A version whose files hold no MLmodel shows no card at all.
	h = open(t, NewVersion, newEnv(promotetest.Iris(), articleConfig()), views.OpenMsg{Kind: views.KindVersion, Model: "wine-regressor", Version: "1"}, 100, 40)
	if h.contains("flavors") {
		t.Fatalf("a card without an MLmodel:\n%s", h.screenText(100))
	}
}
