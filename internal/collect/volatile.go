package collect

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/pathenc"
	"github.com/yingji/yingji/internal/snapshot"
	"github.com/yingji/yingji/internal/targetfs"
)

// volatile takes the snapshot of the running host and copies the executables
// of suspicious processes.
func (c *collector) volatile() {
	snap, err := snapshot.Take(c.ctx, snapshot.Options{
		ProcPath: c.opt.ProcPath, SysPath: c.opt.SysPath,
		ReadTargetFile:  func(name string) ([]byte, error) { return c.readSmall(name, 1<<20) },
		HashExecutables: true, MaxHashSize: c.opt.HashMaxSize,
	})
	if snap == nil {
		c.problem("proc", "snapshot", err)
		return
	}
	b, merr := json.Marshal(snap)
	if merr != nil {
		c.problem("proc", "snapshot", merr)
		return
	}
	e, aerr := c.w.AddBytes(bundle.Entry{Member: bundle.SnapshotMember, Kind: bundle.KindGenerated, Category: CatVolatile}, b)
	rec := oplog.Record{Action: "snapshot.take", Target: c.opt.ProcPath, SHA256: e.SHA256, Detail: map[string]any{
		"member": bundle.SnapshotMember, "processes": len(snap.Processes), "sockets": len(snap.Sockets),
		"mounts": len(snap.Mounts), "modules": len(snap.Modules), "sessions": len(snap.Sessions), "errors": len(snap.Errors),
	}}
	if err != nil || aerr != nil {
		rec.Result = oplog.Partial
		rec.Error = fmt.Sprint(firstErr(err, aerr))
	}
	c.record(rec)
	c.opt.Progress.Stage("executables of suspicious processes")
	c.processExes(snap)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// suspiciousExe says why a process's executable is worth keeping: deleted
// from disk (a classic of droppers and miners), or run from a world-writable
// temporary place, a home directory or a hidden directory.
func suspiciousExe(p *snapshot.Process, homes []string) string {
	if p.Exe == "" {
		return ""
	}
	if p.ExeDeleted {
		return "executable deleted from disk"
	}
	for _, dir := range []string{"/tmp/", "/var/tmp/", "/dev/shm/", "/dev/", "/run/user/", "/root/", "/home/"} {
		if strings.HasPrefix(p.Exe, dir) {
			return "runs from " + strings.TrimSuffix(dir, "/")
		}
	}
	for _, h := range homes {
		if h != "/" && strings.HasPrefix(p.Exe, h+"/") {
			return "runs from a home directory"
		}
	}
	for _, el := range strings.Split(path.Dir(p.Exe), "/") {
		if strings.HasPrefix(el, ".") && el != "." && el != ".." {
			return "runs from a hidden directory"
		}
	}
	return ""
}

func (c *collector) accountHomes() []string {
	var homes []string
	if b, err := c.readSmall("etc/passwd", 16<<20); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Split(line, ":"); len(f) >= 7 && strings.HasPrefix(f[5], "/") {
				homes = append(homes, path.Clean(f[5]))
			}
		}
	}
	return homes
}

// processExes copies, through /proc/PID/exe, the executables of suspicious
// processes: this works even when the file was deleted, and reads the very
// file the process runs.
func (c *collector) processExes(snap *snapshot.Snapshot) {
	homes := c.accountHomes()
	done := map[[2]uint64]string{}
	for i := range snap.Processes {
		if c.stopped() {
			return
		}
		p := &snap.Processes[i]
		why := suspiciousExe(p, homes)
		if why == "" || p.PID == os.Getpid() {
			continue
		}
		key := [2]uint64{p.ExeDevice, p.ExeInode}
		if m, ok := done[key]; ok && p.ExeInode != 0 {
			c.record(oplog.Record{Action: "process.exe", Target: pathenc.Escape(p.Exe), Result: oplog.Skipped,
				Detail: map[string]any{"pid": p.PID, "same_as_member": m}})
			continue
		}
		src := path.Join(c.opt.ProcPath, strconv.Itoa(p.PID), "exe")
		fd, err := unix.Open(src, unix.O_RDONLY|unix.O_NOATIME|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
		if err == unix.EPERM {
			fd, err = unix.Open(src, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
		}
		if err != nil {
			c.problem(strings.TrimPrefix(src, "/"), "process-exe", fmt.Errorf("pid %d (%s): %w", p.PID, p.Exe, err))
			continue
		}
		f := os.NewFile(uintptr(fd), src)
		var st unix.Stat_t
		if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
			f.Close()
			c.problem(strings.TrimPrefix(src, "/"), "process-exe", fmt.Errorf("pid %d: not a regular file", p.PID))
			continue
		}
		ts := &targetfs.Stat{Dev: st.Dev, Ino: st.Ino, Mode: st.Mode, UID: st.Uid, GID: st.Gid, Size: st.Size}
		ts.Atime, ts.Mtime, ts.Ctime = unixTime(st.Atim), unixTime(st.Mtim), unixTime(st.Ctim)
		e := entryFor(strings.TrimPrefix(p.Exe, "/"), ts)
		e.Kind, e.Category, e.PID = bundle.KindProcExe, CatProcess, p.PID
		e.Member = fmt.Sprintf("proc/%d-%s", p.PID, pathenc.Member(path.Base(p.Exe)))
		e.Note = why
		n := st.Size
		if n > c.opt.FileMaxSize*4 {
			n = c.opt.FileMaxSize * 4
			e.Truncated = true
			e.Note += fmt.Sprintf("; larger than %d bytes: the first %d bytes are kept", n, n)
		}
		done[key] = e.Member
		c.store(e, io.NewSectionReader(f, 0, n), n, f, ts)
		f.Close()
	}
}

func unixTime(ts unix.Timespec) time.Time { return time.Unix(ts.Unix()).UTC() }
