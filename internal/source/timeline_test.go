package source

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/bodyfile"
)

// syntheticBody writes a body file shaped like a server's: directories of
// about 20 entries (5 of them directories), up to 10 levels deep, names of 8 to 16 bytes, one link in
// 50, realistic times.
func syntheticBody(n int) []byte {
	var buf bytes.Buffer
	w := bodyfile.NewWriter(&buf)
	w.Write(&bodyfile.Entry{Name: "/", Mode: bodyfile.ModeDir | 0o755})
	type dir struct {
		name  string
		depth int
	}
	queue := []dir{{"", 0}}
	count := 1
	seed := uint64(1)
	rnd := func(k int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % k
	}
	for count < n && len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		for i := 0; i < 20 && count < n; i++ {
			name := fmt.Sprintf("%s/%s%d", d.name, "component"[:3+rnd(6)], count)
			e := bodyfile.Entry{Name: name, Inode: uint64(count + 1000), UID: uint32(rnd(3) * 1000), GID: uint32(rnd(3) * 1000),
				Mtime: 1600000000 + int64(rnd(1e8))}
			e.Atime, e.Ctime, e.Crtime = e.Mtime+int64(rnd(1e6)), e.Mtime+int64(rnd(1e4)), e.Mtime-int64(rnd(1e6))
			switch {
			case i < 5 && d.depth < 9:
				e.Mode = bodyfile.ModeDir | 0o755
				queue = append(queue, dir{name, d.depth + 1})
			case rnd(50) == 0:
				e.Mode, e.LinkTarget = bodyfile.ModeLink|0o777, "../lib/x86_64-linux-gnu/libc.so.6"
			default:
				e.Mode, e.Size = bodyfile.ModeReg|0o644, int64(rnd(1<<20))
			}
			w.Write(&e)
			count++
		}
	}
	w.Flush()
	return buf.Bytes()
}

// TestTimelineMemory measures the index's memory per entry. Set
// YINGJI_TIMELINE_N to measure other sizes (2000000 for a big server).
func TestTimelineMemory(t *testing.T) {
	n := 200_000
	if s := os.Getenv("YINGJI_TIMELINE_N"); s != "" {
		n, _ = strconv.Atoi(s)
	} else if testing.Short() {
		n = 20_000
	}
	body := syntheticBody(n)
	var m1, m2 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m1)
	start := time.Now()
	tl := buildTimeline(bytes.NewReader(body), MaxTimelineEntries)
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&m2)
	held := int64(m2.HeapAlloc) - int64(m1.HeapAlloc)
	per := float64(held) / float64(tl.info.Entries)
	t.Logf("%d entries (%d body-file bytes, %.0f per line): index %d bytes (%.1f per entry; the index counts %d), built in %v, %d bytes allocated while building",
		tl.info.Entries, len(body), float64(len(body))/float64(n), held, per, tl.info.Bytes, took.Round(time.Millisecond), m2.TotalAlloc-m1.TotalAlloc)
	if tl.info.Entries != n-1 || tl.info.Skipped != 0 {
		t.Fatalf("indexed %d of %d, skipped %d: %q", tl.info.Entries, n-1, tl.info.Skipped, tl.info.Errors)
	}
	if per > 80 {
		t.Errorf("%.1f bytes per entry, want at most 80", per)
	}
	runtime.KeepAlive(body)
	runtime.KeepAlive(tl)
}

// TestTimelineLookup checks the index against the body file it was built
// from: every path is found with its metadata.
func TestTimelineLookup(t *testing.T) {
	body := syntheticBody(5000)
	tl := buildTimeline(bytes.NewReader(body), MaxTimelineEntries)
	r := bodyfile.NewReader(bytes.NewReader(body))
	r.Read() // the root
	for {
		e, err := r.Read()
		if err != nil {
			break
		}
		dir := uint32(rootDir)
		els := strings.Split(strings.TrimPrefix(e.Name, "/"), "/")
		for i, el := range els {
			k := tl.find(dir, el)
			if k < 0 {
				t.Fatalf("%s: %q not found", e.Name, el)
			}
			if i < len(els)-1 {
				dir = tl.nodes[k].self
				continue
			}
			st, link := tl.stat(tl.nodes[k].off)
			if st.Mode != e.Mode || st.Ino != e.Inode || st.Size != e.Size || st.UID != e.UID || st.GID != e.GID ||
				st.Mtime.Unix() != e.Mtime || st.Atime.Unix() != e.Atime || st.Ctime.Unix() != e.Ctime || st.Btime.Unix() != e.Crtime || link != e.LinkTarget {
				t.Fatalf("%s: %+v %q; body file %+v", e.Name, st, link, e)
			}
		}
	}
}

func TestTimelineLimit(t *testing.T) {
	tl := buildTimeline(bytes.NewReader(syntheticBody(1000)), 100)
	if tl.info.Entries < 100 || !strings.Contains(tl.info.Stopped, "more than 100 entries") {
		t.Errorf("Entries %d, Stopped %q", tl.info.Entries, tl.info.Stopped)
	}
}

func TestTimelineDirLimit(t *testing.T) {
	var buf bytes.Buffer
	w := bodyfile.NewWriter(&buf)
	// One line implies a thousand directories.
	w.Write(&bodyfile.Entry{Name: "/" + strings.Repeat("d/", 1000) + "f", Mode: bodyfile.ModeReg})
	w.Write(&bodyfile.Entry{Name: "/g", Mode: bodyfile.ModeReg})
	w.Flush()
	tl := buildTimeline(&buf, 100)
	if tl.info.Entries > 50 || !strings.Contains(tl.info.Stopped, "more than 50 directories") {
		t.Errorf("Entries %d, Stopped %q", tl.info.Entries, tl.info.Stopped)
	}
}
