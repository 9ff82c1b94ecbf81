package cli

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"mltui/client"
	"mltui/sshserve"
	"mltui/theme"
	"mltui/tui"
	"mltui/views"
)

func init() { register(newServeCmd) }

type serveFlags struct {
	ssh            string
	authorizedKeys string
	hostKey        string
	maxSessions    int
	idleTimeout    time.Duration
	auditLog       string
}

func newServeCmd(a *App) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve --ssh ADDR",
		Short: "Serve the dashboard over SSH to a team: public keys from authorized_keys, read-only unless a writer",
		Long: "serve --ssh listens on ADDR and gives every SSH session with a PTY its own dashboard, sized and " +
			"coloured from that session's terminal. Only keys in --authorized-keys get in; sessions are read-only " +
			"unless the key's fingerprint or comment is listed in the config's serve: writers:, and the SSH user " +
			"is recorded as promoted_by. The host key is generated once (ed25519) under $XDG_DATA_HOME/mltui.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.ssh == "" {
				return fmt.Errorf("serve: --ssh ADDR is required (e.g. --ssh 127.0.0.1:2222)")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return a.serveSSH(ctx, f)
		},
	}
	cmd.Flags().StringVar(&f.ssh, "ssh", "", "address to listen on for SSH (host:port)")
	cmd.Flags().StringVar(&f.authorizedKeys, "authorized-keys", "", "authorized_keys file of the keys let in (default ~/.ssh/authorized_keys)")
	cmd.Flags().StringVar(&f.hostKey, "host-key", "", "host key file, generated when missing (default $XDG_DATA_HOME/mltui/ssh_host_ed25519_key)")
	cmd.Flags().IntVar(&f.maxSessions, "max-sessions", 20, "sessions at once; the next is refused")
	cmd.Flags().DurationVar(&f.idleTimeout, "idle-timeout", 30*time.Minute, "close a session that gets no key for this long (0: never)")
	cmd.Flags().StringVar(&f.auditLog, "audit-log", "", "JSON lines of every write made in a served session (default $XDG_STATE_HOME/mltui/serve-audit.jsonl)")
	return cmd
}

// dataDir is $XDG_DATA_HOME/mltui (default ~/.local/share/mltui).
func (a *App) dataDir() (string, error) {
	if d := a.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "mltui"), nil
	}
	home := a.Getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		home = h
	}
	return filepath.Join(home, ".local", "share", "mltui"), nil
}

func (a *App) serveSSH(ctx context.Context, f serveFlags) error {
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	km, err := keyMap(cfg)
	if err != nil {
		return err
	}
	dir, err := a.dataDir()
	if err != nil {
		return err
	}
	hostKey := f.hostKey
	if hostKey == "" {
		hostKey = filepath.Join(dir, "ssh_host_ed25519_key")
	}
	pem, err := sshserve.EnsureHostKey(hostKey)
	if err != nil {
		return err
	}
	ak := f.authorizedKeys
	if ak == "" {
		home := a.Getenv("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		ak = filepath.Join(home, ".ssh", "authorized_keys")
	}
	keys, err := sshserve.LoadAuthorizedKeys(ak)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	auditPath := f.auditLog
	if auditPath == "" {
		if st := a.Getenv("XDG_STATE_HOME"); st != "" {
			auditPath = filepath.Join(st, "mltui", "serve-audit.jsonl")
		} else {
			home := a.Getenv("HOME")
			if home == "" {
				home, _ = os.UserHomeDir()
			}
			auditPath = filepath.Join(home, ".local", "state", "mltui", "serve-audit.jsonl")
		}
	}
	audit, err := sshserve.NewAudit(auditPath)
	if err != nil {
		return fmt.Errorf("serve: audit log: %w", err)
	}
	s, r, err := a.Open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	display := r.Display()
	var start views.OpenMsg
	if r.Source == "demo store" {
		start = views.OpenMsg{Kind: views.KindExperiments, ExperimentName: demoLanding}
		defer os.RemoveAll(filepath.Dir(r.Path))
		display = "demo store (temporary copy) " + r.Path
	}
	srv, err := sshserve.New(sshserve.Config{
		Addr:        f.ssh,
		HostKeyPEM:  pem,
		Keys:        keys,
		Writers:     cfg.Serve.Writers,
		MaxSessions: f.maxSessions,
		IdleTimeout: f.idleTimeout,
		Store:       s,
		Audit:       audit,
		Log:         log.New(a.Stderr, "mltui serve: ", log.LstdFlags),
		Options: func(getenv func(string) string) tui.Options {
			return tui.Options{
				Info:    client.ServerInfo{Kind: r.Kind, URI: display},
				Config:  cfg,
				Theme:   theme.New(theme.ResolveMode(cfg.Theme, a.NoColor || getenv("NO_COLOR") != "", getenv)),
				Keys:    km,
				NoMouse: !cfg.MouseEnabled(),
				InTmux:  getenv("TMUX") != "",
				Images:  imageMode(cfg, getenv),
				Start:   start,
			}
		},
	})
	if err != nil {
		return err
	}
	return srv.ListenAndServe(ctx)
}
