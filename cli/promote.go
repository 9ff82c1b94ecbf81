package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/config"
	"mltui/diff"
	"mltui/format"
	"mltui/promote"
)

func init() { register(newPromoteCmd) }

// Exit codes of `mltui promote`.
const (
	promoteDone    = 0 // moved, or already so
	promoteRefused = 1 // conflict, not confirmed, or the read-back differs
	promoteError   = 2 // bad input, read-only, permission, store errors
)

type promoteFlags struct {
	alias   string
	expect  string
	yes     bool
	timeout time.Duration
}

func newPromoteCmd(a *App) *cobra.Command {
	var f promoteFlags
	cmd := &cobra.Command{
		Use:   "promote MODEL VERSION --alias ALIAS",
		Short: "Point an alias at a model version, safely (exit 0 done, 1 refused, 2 error)",
		Long: "promote moves an alias (champion, staging, …) to a version. It reads who holds the alias, shows the " +
			"move with the metric diff of the two versions' source runs, asks for confirmation (typing the alias name " +
			"for protected aliases), re-reads the holder right before writing and refuses if it changed " +
			"(--expect-current makes the expected holder explicit), then reads back and prints exactly what changed. " +
			"It tags the version promoted_by/promoted_at/previous_version and records the move in the model's " +
			"mltui.alias_history tag. Without a terminal it needs --yes. --read-only refuses.\n\n" +
			"Exit status: 0 the alias points at VERSION (moved, or already so); 1 refused: the holder changed, " +
			"the move was not confirmed, or the read-back shows someone else wrote in between; 2 error.",
		Example: "  mltui promote iris-classifier 4 --alias champion\n" +
			"  mltui promote iris-classifier 4 --alias champion --expect-current 3 --yes   # in CI",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			version, err := parseVersionArg(args[1])
			if err != nil {
				return &ExitError{Code: promoteError, Err: err}
			}
			cfg, err := a.Config()
			if err != nil {
				return &ExitError{Code: promoteError, Err: err}
			}
			ctx, s, done, err := a.openFor(cmd.Context(), f.timeout)
			if err != nil {
				return &ExitError{Code: promoteError, Err: err}
			}
			defer done()
			p := promoter{store: s, cfg: cfg, in: cmd.InOrStdin(), out: a.Stdout, actor: actorOf(ctx, s, a.Getenv)}
			return p.run(ctx, args[0], version, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.alias, "alias", "", "the alias to move (required)")
	fl.StringVar(&f.expect, "expect-current", "", "refuse unless the alias is held by this version now (\"none\": unassigned)")
	fl.BoolVarP(&f.yes, "yes", "y", false, "do not ask for confirmation (needed without a terminal)")
	fl.DurationVar(&f.timeout, "timeout", 2*time.Minute, "give up after this long")
	_ = cmd.MarkFlagRequired("alias")
	return cmd
}

// isTerminal reports whether r is an interactive terminal; tests replace it.
var isTerminal = func(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// actorOf names who is promoting: the server's user, else the login.
func actorOf(ctx context.Context, s client.Store, getenv func(string) string) string {
	info, _ := s.Describe(ctx)
	return promote.Actor(info.User, getenv)
}

type promoter struct {
	store client.Store
	cfg   *config.Config
	in    io.Reader
	out   io.Writer
	actor string
}

func (p promoter) run(ctx context.Context, model, version string, f promoteFlags) error {
	if err := promote.ValidateAlias(f.alias); err != nil {
		return &ExitError{Code: promoteError, Err: fmt.Errorf("--alias: %w", err)}
	}
	if client.IsReadOnly(p.store) {
		return &ExitError{Code: promoteError, Err: errors.New("read-only mode (--read-only or a read-only profile): promote writes nothing")}
	}
	m, err := p.store.GetRegisteredModel(ctx, model)
	if err != nil {
		return &ExitError{Code: promoteError, Err: fmt.Errorf("read model %s: %w", model, err)}
	}
	cur, held := m.AliasVersion(f.alias)
	expect := promote.Holder(holderOr(cur, held))
	if f.expect != "" {
		want := ""
		if !strings.EqualFold(f.expect, "none") {
			if want, err = parseVersionArg(f.expect); err != nil {
				return &ExitError{Code: promoteError, Err: fmt.Errorf("--expect-current: %w", err)}
			}
		}
		expect = promote.Holder(want)
		if !expect.Matches(cur, held) {
			return &ExitError{Code: promoteRefused, Err: fmt.Errorf("%s on %s is held by %s, not %s as --expect-current says; nothing was written",
				f.alias, model, showHolder(cur, held), showHolder(want, want != ""))}
		}
	}
	if held && cur == version {
		fmt.Fprintf(p.out, "%s: %s already on v%s; nothing to do\n", format.Visible(model), f.alias, version)
		return nil
	}
	fmt.Fprintf(p.out, "%s  %s: %s → v%s\n", format.Visible(model), f.alias, showHolder(cur, held), version)
	if held {
		if t, err := p.comparison(ctx, model, cur, version); err == nil {
			fmt.Fprint(p.out, indent(t, "  "))
		} else {
			fmt.Fprintf(p.out, "  (metric comparison unavailable: %s)\n", format.Visible(err.Error()))
		}
	}
	if !f.yes {
		if !isTerminal(p.in) {
			return &ExitError{Code: promoteRefused, Err: errors.New("not confirmed: stdin is not a terminal; pass --yes to promote without asking")}
		}
		if ok, err := p.confirm(f.alias); err != nil || !ok {
			if err == nil {
				err = errors.New("not confirmed; nothing was written")
			}
			return &ExitError{Code: promoteRefused, Err: err}
		}
	}
	svc := promote.New(p.store, p.actor)
	c, err := svc.MoveAlias(ctx, promote.Move{Model: model, Alias: f.alias, To: version, Expect: expect})
	if err != nil {
		code := promoteError
		if client.KindOf(err) == client.KindConflict {
			code = promoteRefused
		}
		return &ExitError{Code: code, Err: errors.New(promote.Explain(err, model, promote.NeedEdit))}
	}
	// The report quotes tag values and descriptions as the read-back found them.
	fmt.Fprintln(p.out, format.VisibleLines(c.String()))
	if len(c.Unexpected) > 0 {
		return &ExitError{Code: promoteRefused, Err: errors.New("the read-back differs from what was written: someone else wrote in between (see above)")}
	}
	return nil
}

// comparison is the metric diff of the two versions' source runs.
func (p promoter) comparison(ctx context.Context, model, from, to string) (string, error) {
	a, err := promote.LoadSide(ctx, p.store, model, from)
	if err != nil {
		return "", err
	}
	b, err := promote.LoadSide(ctx, p.store, model, to)
	if err != nil {
		return "", err
	}
	t := promote.MetricComparison(a, b, p.cfg.LowerIsBetter)
	if len(t.Rows) == 0 {
		return "no metrics on either source run\n", nil
	}
	return t.Text(diff.Export{All: true}, 32), nil
}

// confirm asks y/N, or the alias name for protected aliases.
func (p promoter) confirm(alias string) (bool, error) {
	r := bufio.NewReader(p.in)
	if slices.Contains(p.cfg.Registry.ProtectedAliases, alias) {
		fmt.Fprintf(p.out, "%s is protected: type its name to confirm: ", alias)
		line, err := r.ReadString('\n')
		if err != nil && line == "" {
			return false, fmt.Errorf("read confirmation: %w", err)
		}
		return strings.TrimSpace(line) == alias, nil
	}
	fmt.Fprintf(p.out, "Move %s? [y/N] ", alias)
	line, err := r.ReadString('\n')
	if err != nil && line == "" {
		return false, fmt.Errorf("read confirmation: %w", err)
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
}

func holderOr(v string, ok bool) string {
	if !ok {
		return ""
	}
	return v
}

func showHolder(v string, ok bool) string {
	if !ok || v == "" {
		return "(none)"
	}
	return "v" + v
}

func indent(s, pre string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pre + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
