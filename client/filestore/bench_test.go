package filestore

import (
	"context"
	"testing"
)

// BenchmarkChangeStampIdle is one poll of an idle file store (the fixture:
// 3 experiments, 3 runs, 2 registered models).
func BenchmarkChangeStampIdle(b *testing.B) {
	s, _ := openFixture(b, Options{ReadOnly: true})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ChangeStamp(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
