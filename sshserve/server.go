package sshserve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	wishtea "charm.land/wish/v2/bubbletea"

	"mltui/client"
	"mltui/tui"
)

// Config configures a Server.
type Config struct {
	Addr        string
	HostKeyPEM  []byte
	Keys        Keys
	Writers     []string // fingerprints or comments
	MaxSessions int      // default 20
	IdleTimeout time.Duration
	// Store is shared by every session; a reader's is wrapped read-only.
	Store client.Store
	// Options builds a session's dashboard options from its environment
	// (the session's, never the server's); Store, ReadOnly and Info.User
	// are set by the server.
	Options func(getenv func(string) string) tui.Options
	Log     *log.Logger
	// Audit records every write of a served session (nil: none).
	Audit *Audit
}

// Server is a running SSH dashboard server.
type Server struct {
	cfg      Config
	srv      *ssh.Server
	sessions atomic.Int64
	wg       sync.WaitGroup
	base     context.Context
	stop     context.CancelFunc
}

type ctxKey struct{}

// New makes a server; Serve starts it.
func New(cfg Config) (*Server, error) {
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = 20
	}
	if cfg.Log == nil {
		cfg.Log = log.New(io.Discard, "", 0)
	}
	s := &Server{cfg: cfg}
	s.base, s.stop = context.WithCancel(context.Background())
	opts := []ssh.Option{
		wish.WithAddress(cfg.Addr),
		wish.WithHostKeyPEM(cfg.HostKeyPEM),
		wish.WithPublicKeyAuth(func(ctx ssh.Context, pk ssh.PublicKey) bool {
			k, ok := cfg.Keys.Lookup(pk)
			if ok {
				ctx.SetValue(ctxKey{}, k)
			} else {
				cfg.Log.Printf("refused key %s for %s from %s", fingerprint(pk), ctx.User(), ctx.RemoteAddr())
			}
			return ok
		}),
		wish.WithMiddleware(s.handle),
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, err
	}
	s.srv = srv
	return s, nil
}

func fingerprint(pk ssh.PublicKey) string {
	if pk == nil {
		return ""
	}
	return strings.TrimSpace(gosshFingerprint(pk))
}

// Sessions is the number of sessions open now.
func (s *Server) Sessions() int { return int(s.sessions.Load()) }

// ListenAndServe serves until ctx ends, then lets every session end (a
// registry write under way finishes) and returns.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is ListenAndServe on ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.cfg.Log.Printf("serving the dashboard over SSH on %s", ln.Addr())
	done := make(chan error, 1)
	go func() { done <- s.srv.Serve(ln) }()
	select {
	case err := <-done:
		s.stop()
		s.wg.Wait()
		return err
	case <-ctx.Done():
	}
	s.cfg.Log.Printf("shutting down: ending %d session(s)", s.Sessions())
	_ = ln.Close()
	s.stop() // every program quits; each lets its write finish
	s.wg.Wait()
	_ = s.srv.Close()
	<-done
	return nil
}

func (s *Server) handle(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.wg.Add(1)
		defer s.wg.Done()
		n := s.sessions.Add(1)
		defer s.sessions.Add(-1)
		if int(n) > s.cfg.MaxSessions {
			wish.Fatalln(sess, fmt.Sprintf("mltui: the server is full (%d sessions); try again later", s.cfg.MaxSessions))
			return
		}
		pty, windows, ok := sess.Pty()
		if !ok {
			wish.Fatalln(sess, "mltui: the dashboard needs a terminal: connect with ssh -t")
			return
		}
		k, _ := sess.Context().Value(ctxKey{}).(Key)
		defer func() {
			if r := recover(); r != nil {
				s.cfg.Log.Printf("session of %s (%s) panicked: %v\n%s", sess.User(), k.Fingerprint, r, debug.Stack())
				_ = sess.Exit(1)
			}
		}()
		writer := IsWriter(k, s.cfg.Writers)
		env := sess.Environ()
		env = append(env, "TERM="+pty.Term)
		getenv := func(name string) string {
			for i := len(env) - 1; i >= 0; i-- {
				if v, ok := strings.CutPrefix(env[i], name+"="); ok {
					return v
				}
			}
			return ""
		}
		o := s.cfg.Options(getenv)
		o.Store = s.cfg.Store
		if !writer && !client.IsReadOnly(o.Store) {
			o.Store = client.ReadOnly(o.Store)
		}
		o.ReadOnly = client.IsReadOnly(o.Store)
		if !o.ReadOnly && s.cfg.Audit != nil {
			o.Store = Audited(o.Store, s.cfg.Audit, sess.User(), k.Fingerprint)
		}
		o.Info.User = sess.User()
		o.Reopen = nil // a served session stays on the server's store
		s.cfg.Log.Printf("session of %s (%s, %s) from %s: %dx%d", sess.User(), k.Fingerprint, map[bool]string{true: "writer", false: "reader"}[writer], sess.RemoteAddr(), pty.Window.Width, pty.Window.Height)
		ctx, cancel := context.WithCancel(sess.Context())
		defer cancel()
		stop := context.AfterFunc(s.base, cancel)
		defer stop()
		sizes := make(chan tea.WindowSizeMsg)
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case w := <-windows:
					select {
					case sizes <- tea.WindowSizeMsg{Width: w.Width, Height: w.Height}:
					case <-ctx.Done():
						return
					}
				}
			}
		}()
		in := newIdleInput(sess)
		var idled atomic.Bool
		if s.cfg.IdleTimeout > 0 {
			go in.watch(ctx, s.cfg.IdleTimeout, min(time.Second, s.cfg.IdleTimeout/4), func() {
				idled.Store(true)
				cancel()
			})
		}
		// The session's input goes through the idle clock; options after
		// wish's replace its input.
		err := tui.RunServed(ctx, o, sizes, sess.Stderr(), append(wishtea.MakeOptions(sess), tea.WithInput(in))...)
		if idled.Load() {
			s.cfg.Log.Printf("session of %s idle for %v: closed", sess.User(), s.cfg.IdleTimeout)
			wish.Println(sess, fmt.Sprintf("mltui: no key for %v; session closed", s.cfg.IdleTimeout))
		}
		if errors.Is(err, tea.ErrProgramPanic) {
			// Bubble Tea recovered it (in a Cmd or in Update/View) and
			// printed the trace on stderr, so the recover above never sees it.
			s.cfg.Log.Printf("session of %s (%s) panicked: %v (the trace is on the server's stderr)", sess.User(), k.Fingerprint, err)
			wish.Println(sess, "mltui: the dashboard failed (a bug); the server logged it")
			_ = sess.Exit(1)
			return
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			s.cfg.Log.Printf("session of %s ended: %v", sess.User(), err)
		}
		s.cfg.Log.Printf("session of %s ended", sess.User())
		next(sess)
	}
}
