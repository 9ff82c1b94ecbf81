package integration

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"mltui/client"
	"mltui/client/sqlstore"
	"mltui/promote"
	"mltui/testenv"
)

// On a local SQLite store the holder check and the move are one
// transaction (client.AliasSwapper), so of two promoters who both saw
// champion on v3, exactly one succeeds and the other gets a conflict.
func TestConcurrentLocalPromotersCannotBothSucceed(t *testing.T) {
	cp := testenv.SQLiteCopy(t)
	open := func() client.Store {
		s, err := sqlstore.OpenStore(t.Context(), cp.Path, false)
		if err != nil {
			t.Fatalf("open %s: %v", cp.Path, err)
		}
		t.Cleanup(func() { s.Close() })
		if _, ok := s.(client.AliasSwapper); !ok {
			t.Fatal("sqlstore does not implement client.AliasSwapper")
		}
		return s
	}
	a, b := open(), open()
	const rounds = 8
	winner := ""
	for round := 0; round < rounds; round++ {
		// Both screens show champion on v3.
		if err := a.SetAlias(t.Context(), model, "champion", "3"); err != nil {
			t.Fatal(err)
		}
		var (
			wg    sync.WaitGroup
			start = make(chan struct{})
			errs  = make([]error, 2)
		)
		for i, s := range []client.Store{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = service(s).MoveAlias(t.Context(), promote.Move{Model: model, Alias: "champion", To: []string{"4", "5"}[i], Expect: promote.Holder("3")})
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
				winner = []string{"4", "5"}[i]
			case client.KindOf(err) != client.KindConflict:
				t.Fatalf("round %d promoter %d: %v (want success or conflict)", round, i, err)
			}
		}
		if ok != 1 {
			t.Fatalf("round %d: %d promoters succeeded (errors %v)", round, ok, errs)
		}
		m, err := a.GetRegisteredModel(t.Context(), model)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := m.AliasVersion("champion"); v != winner {
			t.Fatalf("round %d: champion on v%s, the winner moved it to v%s", round, v, winner)
		}
	}
	// The Python client reads the same store.
	out := testenv.PythonEnv(t, []string{"MLFLOW_TRACKING_URI=" + cp.URI}, "-c",
		`import json; from mlflow import MlflowClient; print(json.dumps(MlflowClient().get_registered_model("iris-classifier").aliases))`)
	var aliases map[string]any
	if err := json.Unmarshal([]byte(lastLine(out)), &aliases); err != nil {
		t.Fatalf("python %q: %v", out, err)
	}
	// The client returns the version as a number or a string depending on the release.
	if got := fmt.Sprint(aliases["champion"]); got != winner {
		t.Fatalf("python sees champion %v, want v%s", got, winner)
	}
}
