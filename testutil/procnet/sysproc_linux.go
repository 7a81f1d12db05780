package procnet

import "syscall"

// sysProcAttr puts a node in its own process group (so a terminal's ^C or ^Z
// reaches only the test binary) and has the kernel kill it if the test
// binary dies without running its cleanups (e.g. on a test timeout).
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
