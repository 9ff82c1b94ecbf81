package keys

import "charm.land/bubbles/v2/key"

// First is the first key bound to b ("" if none), for hints that name a
// key in running text and must follow a rebinding.
func First(b key.Binding) string {
	if ks := b.Keys(); len(ks) > 0 {
		return HelpKey(ks[:1])
	}
	return ""
}
