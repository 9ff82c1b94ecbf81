//go:build linux

package testenv

import (
	"os/exec"
	"syscall"
)

// dieWithUs has the kernel kill cmd's process when this test binary dies,
// however it dies (a -timeout panic, SIGKILL from a CI runner): a Python
// client left writing to a server that is gone would otherwise retry for
// minutes as an orphan. Only cmd itself is covered; servers are started
// through scripts with watchers of their own.
func dieWithUs(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}
