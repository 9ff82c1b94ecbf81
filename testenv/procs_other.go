//go:build !linux

package testenv

import "os/exec"

// dieWithUs is a no-op where there is no parent-death signal.
func dieWithUs(*exec.Cmd) {}
