//go:build linux

package testenv

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A Python client started by a test binary dies with it, even when the
// binary is SIGKILLed and runs no cleanup: the child test below starts
// one, prints its pid and kills itself.
func TestIntegrationPythonDiesWithTheTestBinary(t *testing.T) {
	if os.Getenv("MLTUI_DIE_CHILD") == "1" {
		pid := PythonWriter(t, nil, "-c", "import os, time; print(os.getpid(), flush=True); time.sleep(300)")
		fmt.Println("PYTHON", strings.TrimSpace(pid))
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		return
	}
	gate(t)
	Venv(t)
	child := exec.Command(os.Args[0], "-test.run=^TestIntegrationPythonDiesWithTheTestBinary$", "-test.count=1")
	child.Env = append(os.Environ(), "MLTUI_DIE_CHILD=1")
	out, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	pid := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "PYTHON "); ok {
			pid, _ = strconv.Atoi(v)
		}
	}
	err = child.Wait()
	if pid == 0 {
		t.Fatalf("the child test printed no python pid (%v)", err)
	}
	if ws, ok := child.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the child test was not SIGKILLed: %v", child.ProcessState)
	}
	deadline := time.Now().Add(10 * time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("python %d outlived the SIGKILLed test binary by 10 s", pid)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// alive: the process exists and is not a zombie.
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || !strings.HasPrefix(s[i+1:], " Z")
}
