package search

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"mltui/client"
)

// EncodeOffset makes MLflow's opaque page token for an offset: base64 of
// {"offset": N}, byte for byte what MLflow's stores write.
func EncodeOffset(offset int) string {
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, `{"offset": %d}`, offset))
}

// DecodeOffset reads a token made by EncodeOffset (or by MLflow); "" is 0.
func DecodeOffset(token string) (int, error) {
	if token == "" {
		return 0, nil
	}
	raw, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return 0, fmt.Errorf("invalid page token %q: not base64", token)
	}
	var v struct {
		Offset *int `json:"offset"`
	}
	if err := json.Unmarshal(raw, &v); err != nil || v.Offset == nil || *v.Offset <= 0 {
		return 0, fmt.Errorf("invalid page token %q: it holds no positive offset", token)
	}
	return *v.Offset, nil
}

// Paginate returns the page of items starting at the token's offset.
func Paginate[T any](items []T, token string, maxResults int) (client.Page[T], error) {
	start, err := DecodeOffset(token)
	if err != nil {
		return client.Page[T]{}, err
	}
	if start > len(items) {
		start = len(items)
	}
	end := start + maxResults
	p := client.Page[T]{}
	if end < len(items) {
		p.NextPageToken = EncodeOffset(end)
	} else {
		end = len(items)
	}
	p.Items = items[start:end]
	return p, nil
}

// PageSize is the page size a search asks for: def when maxResults is 0,
// an error outside 1..limit, as MLflow's stores check it.
func PageSize(maxResults, def, limit int) (int, error) {
	switch {
	case maxResults == 0:
		return def, nil
	case maxResults < 0 || maxResults > limit:
		return 0, fmt.Errorf("max_results must be between 1 and %d, got %d", limit, maxResults)
	}
	return maxResults, nil
}

// PageWindow is PageSize and the offset the page token starts at, for a
// store that checks both before it reads anything.
func PageWindow(maxResults int, token string, def, limit int) (n, offset int, err error) {
	if n, err = PageSize(maxResults, def, limit); err != nil {
		return 0, 0, err
	}
	if offset, err = DecodeOffset(token); err != nil {
		return 0, 0, err
	}
	return n, offset, nil
}
