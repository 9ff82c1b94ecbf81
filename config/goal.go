package config

import "strings"

// lossWords are name parts that mean "lower is better".
var lossWords = []string{"loss", "error", "err", "rmse", "mse", "mae", "mape", "perplexity", "ppl", "latency", "wer", "cer", "nll", "logloss", "cost", "regret", "distance", "fpr", "fnr"}

// LooksLikeLoss guesses from a metric name whether lower is better.
func LooksLikeLoss(metric string) bool {
	name := strings.ToLower(metric)
	parts := strings.FieldsFunc(name, func(r rune) bool {
		return r == '_' || r == '-' || r == '.' || r == '/' || r == ' '
	})
	for _, p := range parts {
		for _, w := range lossWords {
			if p == w {
				return true
			}
		}
	}
	return strings.HasSuffix(name, "loss") || strings.HasSuffix(name, "error")
}
