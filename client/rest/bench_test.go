package rest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// These measure the client's own cost of decoding the largest pages it
// asks for (runs/search at 1000 runs, get-history at 25,000 points), from
// bodies shaped like MLflow's, without a network.

func runsPageBody(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"runs":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"info":{"run_id":"%032x","run_uuid":"%032x","run_name":"run-%d","experiment_id":"1","user_id":"alice","status":"FINISHED","start_time":1700000000000,"end_time":1700000100000,"artifact_uri":"mlflow-artifacts:/1/%032x/artifacts","lifecycle_stage":"active"},`, i, i, i, i)
		b.WriteString(`"data":{"metrics":[`)
		for k, key := range []string{"accuracy", "f1_macro", "precision_macro", "recall_macro", "loss"} {
			if k > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"key":%q,"value":0.9%d,"timestamp":1700000000000,"step":%d}`, key, i%10, i)
		}
		b.WriteString(`],"params":[`)
		for k, key := range []string{"n_estimators", "max_depth", "criterion", "min_samples_split", "random_state"} {
			if k > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"key":%q,"value":"%d"}`, key, i)
		}
		b.WriteString(`],"tags":[{"key":"mlflow.runName","value":"run"},{"key":"mlflow.user","value":"alice"},{"key":"mlflow.source.name","value":"train.py"}]},`)
		b.WriteString(`"inputs":{"dataset_inputs":[{"tags":[{"key":"mlflow.data.context","value":"training"}],"dataset":{"name":"iris","digest":"abc","source_type":"code"}}]},"outputs":{}}`)
	}
	b.WriteString(`],"next_page_token":"eyJvZmZzZXQiOiAxMDAwfQ=="}`)
	return []byte(b.String())
}

func historyBody(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"metrics":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"key":"train_loss","value":%g,"timestamp":%d,"step":%d}`, 1.0/float64(i+1), 1700000000000+int64(i), i)
	}
	b.WriteString(`],"next_page_token":"tok"}`)
	return []byte(b.String())
}

func benchDecode(b *testing.B, body []byte, out func() any) {
	c := testClient(b, "http://127.0.0.1:1")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		resp := &http.Response{StatusCode: 200, Body: io.NopCloser(bytes.NewReader(body))}
		if err := c.decode("bench", resp, out()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeRunsPage1000(b *testing.B) {
	body := runsPageBody(1000)
	benchDecode(b, body, func() any {
		return &struct {
			Runs          []wireRun `json:"runs"`
			NextPageToken string    `json:"next_page_token"`
		}{}
	})
}

func BenchmarkDecodeHistoryPage25000(b *testing.B) {
	body := historyBody(25000)
	benchDecode(b, body, func() any {
		return &struct {
			Metrics       []wireMetric `json:"metrics"`
			NextPageToken string       `json:"next_page_token"`
		}{}
	})
}

func BenchmarkRunDomain(b *testing.B) {
	var out struct {
		Runs []wireRun `json:"runs"`
	}
	c := testClient(b, "http://127.0.0.1:1")
	if err := c.decode("bench", &http.Response{StatusCode: 200, Body: io.NopCloser(bytes.NewReader(runsPageBody(1000)))}, &out); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range out.Runs {
			_ = r.domain()
		}
	}
}
