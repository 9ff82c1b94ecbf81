// Package keys holds mltui's key bindings: one file per screen, each a
// struct of key.Binding with ShortHelp and FullHelp for the help bubble.
// The shell's ? overlay shows the global keys and the top screen's keys.
package keys
