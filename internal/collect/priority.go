package collect

import (
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// ioprio_set(2) constants: the idle class gets disk time only when no other
// process wants it.
const (
	ioprioWhoProcess = 1
	ioprioClassIdle  = 3
	ioprioClassShift = 13
)

// LowerPriority gives every thread of this process the lowest CPU priority
// (nice 19) and the idle I/O class, so that collecting on a production host
// does not slow its service. Linux keeps both per thread, so each existing
// thread is changed; threads started later inherit from their creator.
func LowerPriority() error {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return err
	}
	var first error
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if err := unix.Setpriority(unix.PRIO_PROCESS, tid, 19); err != nil && first == nil {
			first = err
		}
		_, _, e := unix.Syscall(unix.SYS_IOPRIO_SET, ioprioWhoProcess, uintptr(tid), ioprioClassIdle<<ioprioClassShift)
		if e != 0 && first == nil {
			first = e
		}
	}
	return first
}
