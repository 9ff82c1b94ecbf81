// Package keys holds mltui's key bindings: one file per screen, each a
// struct of key.Binding with ShortHelp and FullHelp for the help bubble.
// The shell's ? overlay shows the global keys and the top screen's keys.
//
// Map holds every screen's keymap; Defaults builds it and Rebind applies
// the config's keys: by action name, "screen.action" ("runs.mark"), with
// the shared names global.*, nav.* and registry.* reaching every screen
// that has the action. Actions lists the names; actions.go is the one
// table names, clash checks and rebinding come from.
package keys
