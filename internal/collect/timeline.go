package collect

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/prometheus/procfs"

	"github.com/yingji/yingji/internal/bodyfile"
	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/targetfs"
)

// scriptExt are extensions of files hashed in the timeline although they are
// usually not executable: scripts, web shells, libraries, kernel modules.
var scriptExt = map[string]bool{
	".sh": true, ".bash": true, ".py": true, ".pl": true, ".rb": true, ".php": true, ".phtml": true,
	".jsp": true, ".jspx": true, ".asp": true, ".aspx": true, ".ashx": true, ".js": true, ".lua": true,
	".so": true, ".ko": true, ".elf": true, ".bin": true, ".service": true, ".timer": true, ".desktop": true,
}

// skippedMounts returns root-relative mount points the timeline does not
// enter: pseudo file systems, and network file systems unless included.
func (c *collector) skippedMounts() map[string]string {
	skip := map[string]string{}
	root := path.Clean(c.opt.Root)
	if c.opt.Live {
		skip["proc"], skip["sys"] = "proc", "sysfs"
	}
	mounts, err := procfs.GetMounts()
	if err != nil {
		c.record(oplog.Record{Action: "timeline.mounts", Result: oplog.Error, Error: err.Error()})
		return skip
	}
	for _, m := range mounts {
		if !pseudoFS[m.FSType] && !(remoteFS[m.FSType] && !c.opt.IncludeRemote) {
			continue
		}
		rel := ""
		switch {
		case root == "/":
			rel = strings.TrimPrefix(m.MountPoint, "/")
		case strings.HasPrefix(m.MountPoint, root+"/"):
			rel = strings.TrimPrefix(m.MountPoint, root+"/")
		default:
			continue
		}
		if rel != "" {
			skip[rel] = m.FSType
		}
	}
	return skip
}

func (c *collector) hashable(name string, st *targetfs.Stat) bool {
	if !st.IsRegular() || st.Size == 0 || st.Size > c.opt.HashMaxSize {
		return false
	}
	return st.Mode&0o111 != 0 || scriptExt[strings.ToLower(path.Ext(name))]
}

// timeline writes the body file of the whole target.
func (c *collector) timeline() {
	skip := c.skippedMounts()
	var entries, hashed, failed int
	var hashedBytes int64
	buf := make([]byte, 256<<10)
	var stopErr = errors.New("stopped")
	e, err := c.w.AddStream(bundle.Entry{Member: bundle.TimelineMember, Kind: bundle.KindGenerated, Category: CatTimeline}, func(w io.Writer) error {
		bw := bodyfile.NewWriter(w)
		werr := c.fs.Walk(c.ctx, ".", targetfs.WalkOptions{}, func(name string, st *targetfs.Stat, err error) error {
			if c.stopped() {
				return stopErr
			}
			if err != nil {
				failed++
				c.problem(name, "timeline", err)
				return nil
			}
			if c.excluded(name) || c.isOutput(st) {
				return fs.SkipDir
			}
			be := bodyfile.Entry{
				Name: "/" + name, Inode: st.Ino, Mode: st.Mode, UID: st.UID, GID: st.GID, Size: st.Size,
				Atime: st.Atime.Unix(), Mtime: st.Mtime.Unix(), Ctime: st.Ctime.Unix(),
			}
			if name == "." {
				be.Name = "/"
			}
			if !st.Btime.IsZero() {
				be.Crtime = st.Btime.Unix()
			}
			if st.IsSymlink() {
				be.LinkTarget, _ = c.fs.ReadLink(name)
			}
			if c.hashable(name, st) {
				sum, n, err := c.hashFile(name, buf)
				if err != nil {
					failed++
					c.problem(name, "hash", err)
				} else {
					be.Hash = sum
					hashed++
					hashedBytes += n
				}
			}
			if err := bw.Write(&be); err != nil {
				return err
			}
			entries++
			if entries%2048 == 0 {
				c.opt.Progress.Update("timeline: %d entries, %d hashed: /%s", entries, hashed, name)
			}
			if fsType, ok := skip[name]; ok && st.IsDir() {
				c.record(oplog.Record{Action: "timeline.skip_mount", Target: "/" + name, Result: oplog.Skipped,
					Detail: map[string]any{"fstype": fsType}})
				return fs.SkipDir
			}
			return nil
		})
		if ferr := bw.Flush(); werr == nil {
			werr = ferr
		}
		return werr
	})
	rec := oplog.Record{Action: "timeline.write", Target: c.opt.Root, SHA256: e.SHA256, Detail: map[string]any{
		"member": bundle.TimelineMember, "entries": entries, "hashed": hashed, "hashed_bytes": hashedBytes,
		"errors": failed, "hash_max_size": c.opt.HashMaxSize,
	}}
	if err != nil {
		rec.Result, rec.Error = oplog.Partial, err.Error()
		if errors.Is(err, stopErr) {
			rec.Error = "timeline stopped: " + c.stop
		}
	}
	c.record(rec)
}

func (c *collector) hashFile(name string, buf []byte) (string, int64, error) {
	f, _, err := c.fs.OpenFile(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.CopyBuffer(h, f, buf)
	if err != nil {
		return "", n, fmt.Errorf("read: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
