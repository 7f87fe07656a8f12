// Package progress shows what a long command is doing: a status line that
// redraws in place on a terminal, and plain stage lines otherwise, so that
// logs of scripted runs stay readable.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/yingji/yingji/internal/pathenc"
)

// Reporter prints progress. The zero value and a nil *Reporter print nothing.
type Reporter struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	stage string
	last  time.Time
	drawn bool
}

// New returns a Reporter writing to w; redrawing is used when w is a terminal.
func New(w io.Writer) *Reporter {
	r := &Reporter{w: w}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		r.tty = true
	}
	return r
}

// Stage starts a named stage.
func (r *Reporter) Stage(name string) {
	if r == nil || r.w == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clear()
	r.stage = name
	fmt.Fprintf(r.w, "[%s] %s\n", time.Now().Format("15:04:05"), name)
}

// Update shows the current item of the stage, at most ten times a second.
func (r *Reporter) Update(format string, args ...any) {
	if r == nil || r.w == nil || !r.tty {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.last) < 100*time.Millisecond {
		return
	}
	r.last = time.Now()
	line := pathenc.Escape(fmt.Sprintf(format, args...))
	width := 100
	if f, ok := r.w.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 10 {
			width = w - 1
		}
	}
	if utf8.RuneCountInString(line) > width {
		rs := []rune(line)
		line = "…" + string(rs[len(rs)-width+1:])
	}
	fmt.Fprintf(r.w, "\r\x1b[K%s", line)
	r.drawn = true
}

// Done ends the status line.
func (r *Reporter) Done() {
	if r == nil || r.w == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clear()
}

func (r *Reporter) clear() {
	if r.drawn {
		fmt.Fprint(r.w, "\r\x1b[K")
		r.drawn = false
	}
}
