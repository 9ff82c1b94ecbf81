// Package cmdline is the ":" command line: parsing, completion and the
// input box. The shell executes the parsed command.
package cmdline

import (
	"sort"
	"strings"
)

// Command is one command the line accepts.
type Command struct {
	Name    string   // canonical name ("runs")
	Aliases []string // other spellings ("exp" for "experiments")
	Arg     string   // argument placeholder for help ("[experiment]"), "" for none
	Desc    string
	// ArgSource names the completion source for the argument:
	// "experiments", "profiles" or "".
	ArgSource string
}

// Commands are the commands the shell knows.
var Commands = []Command{
	{Name: "exp", Aliases: []string{"experiments", "e"}, Desc: "list experiments"},
	{Name: "runs", Aliases: []string{"r"}, Arg: "[experiment]", Desc: "runs of an experiment (default: the current one)", ArgSource: "experiments"},
	{Name: "models", Aliases: []string{"m", "registry"}, Desc: "registered models"},
	{Name: "ctx", Aliases: []string{"context", "profile"}, Arg: "NAME", Desc: "switch to a config profile", ArgSource: "profiles"},
	{Name: "q", Aliases: []string{"quit", "q!"}, Desc: "quit"},
}

// Sources are the values arguments complete from.
type Sources struct {
	Experiments []string
	Profiles    []string
}

// Parsed is a command line split into its command and argument.
type Parsed struct {
	Cmd Command
	Arg string
}

// Parse resolves the command name (canonical or alias, case-insensitive)
// and returns the rest of the line as the argument.
func Parse(line string) (Parsed, bool) {
	line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), ":"))
	if line == "" {
		return Parsed{}, false
	}
	name, arg, _ := strings.Cut(line, " ")
	if c, ok := lookup(name); ok {
		return Parsed{Cmd: c, Arg: strings.TrimSpace(arg)}, true
	}
	return Parsed{}, false
}

func lookup(name string) (Command, bool) {
	name = strings.ToLower(name)
	for _, c := range Commands {
		if c.Name == name {
			return c, true
		}
		for _, a := range c.Aliases {
			if a == name {
				return c, true
			}
		}
	}
	return Command{}, false
}

// Complete returns the whole lines that input can complete to, best first:
// command names while the first word is typed, then argument values from
// the command's source. Prefix matches rank before substring matches;
// matching ignores case.
func Complete(input string, src Sources) []string {
	input = strings.TrimPrefix(input, ":")
	name, arg, hasArg := strings.Cut(input, " ")
	if !hasArg {
		var out []string
		seen := map[string]bool{}
		for _, c := range Commands {
			for _, n := range append([]string{c.Name}, c.Aliases...) {
				if strings.HasPrefix(n, strings.ToLower(name)) && !seen[c.Name] {
					seen[c.Name] = true
					suffix := ""
					if c.Arg != "" {
						suffix = " "
					}
					out = append(out, c.Name+suffix)
				}
			}
		}
		return out
	}
	c, ok := lookup(name)
	if !ok {
		return nil
	}
	var values []string
	switch c.ArgSource {
	case "experiments":
		values = src.Experiments
	case "profiles":
		values = src.Profiles
	}
	arg = strings.TrimLeft(arg, " ")
	return prefixThenSubstring(c.Name+" ", arg, values)
}

func prefixThenSubstring(prefix, typed string, values []string) []string {
	t := strings.ToLower(typed)
	var pre, sub []string
	for _, v := range values {
		lv := strings.ToLower(v)
		switch {
		case strings.HasPrefix(lv, t):
			pre = append(pre, v)
		case strings.Contains(lv, t):
			sub = append(sub, v)
		}
	}
	sort.Strings(pre)
	sort.Strings(sub)
	out := make([]string, 0, len(pre)+len(sub))
	for _, v := range append(pre, sub...) {
		out = append(out, prefix+v)
	}
	return out
}
