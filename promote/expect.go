package promote

// Expect is what the screen (or --expect-current) showed for the value about
// to change. The write goes ahead only if the store still shows the same.
type Expect struct {
	check   bool
	present bool
	value   string
}

// Absent expects the value not to exist (no alias holder, no tag).
func Absent() Expect { return Expect{check: true} }

// Value expects exactly v.
func Value(v string) Expect { return Expect{check: true, present: true, value: v} }

// Holder expects an alias holder as the screen shows it: "" means none.
func Holder(version string) Expect {
	if version == "" {
		return Absent()
	}
	return Value(version)
}

// Unchecked skips the comparison. Only for writes whose outcome does not
// depend on the old value and where nobody saw the old value.
func Unchecked() Expect { return Expect{} }

// Checked reports whether the expectation is compared at all.
func (e Expect) Checked() bool { return e.check }

// Matches reports whether the store's current value satisfies e.
func (e Expect) Matches(v string, present bool) bool {
	if !e.check {
		return true
	}
	if e.present != present {
		return false
	}
	return !present || e.value == v
}

// String shows the expectation for messages.
func (e Expect) String() string {
	switch {
	case !e.check:
		return "(not checked)"
	case !e.present:
		return "(none)"
	default:
		return e.value
	}
}
