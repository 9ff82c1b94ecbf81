package rest

import (
	"encoding/base64"
	"net/url"
	"strings"
)

// Redact removes user info and secret-looking query parameters from a URI so
// it can be shown. It matches client/store.Redact, which client/rest cannot
// import (client/store imports this package).
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		// An unparsable URI may still hold user info: cut everything up to
		// the last '@' of the authority rather than echo it.
		if i := strings.Index(raw, "://"); i >= 0 {
			rest := raw[i+3:]
			end := strings.IndexAny(rest, "/?#")
			if end < 0 {
				end = len(rest)
			}
			if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
				return raw[:i+3] + "***@" + rest[at+1:]
			}
		}
		return raw
	}
	if u.Scheme == "" {
		return raw
	}
	hadUser := u.User != nil
	u.User = nil
	q := u.Query()
	changed := false
	for k := range q {
		lk := strings.ToLower(k)
		if strings.Contains(lk, "token") || strings.Contains(lk, "password") || strings.Contains(lk, "secret") || strings.Contains(lk, "key") {
			q.Set(k, "***")
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	out := u.String()
	if hadUser {
		// Written by hand: url.User("***") would print %2A%2A%2A.
		out = strings.Replace(out, "://", "://***@", 1)
	}
	return out
}

// scrubber replaces known secret values in text that is about to leave the
// client (error messages, snippets of server bodies), as a last line of
// defence: a server or proxy could echo a header back.
type scrubber []string

func newScrubber(c Config) scrubber {
	var s scrubber
	secrets := []string{c.Password, c.Token}
	if c.Auth == AuthBasic {
		secrets = append(secrets, basicValue(c.Username, c.Password))
	}
	for _, v := range secrets {
		// Very short values would mangle ordinary words; they are also not
		// worth hiding from a screen the user is already looking at.
		if len(v) >= 4 {
			s = append(s, v)
		}
	}
	return s
}

func (s scrubber) clean(text string) string {
	for _, v := range s {
		text = strings.ReplaceAll(text, v, "***")
	}
	return text
}

// basicValue is the base64 part of a Basic Authorization header.
func basicValue(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}
