//go:build !linux

package procnet

import "syscall"

// sysProcAttr puts a node in its own process group so a terminal's ^C or ^Z
// reaches only the test binary.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
