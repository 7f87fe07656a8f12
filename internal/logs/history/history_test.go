package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
)

func scan(t testing.TB, s string, opts Options) ([]*event.Event, Stats) {
	t.Helper()
	p := New(opts)
	var evs []*event.Event
	if err := p.Scan(strings.NewReader(s), func(e *event.Event) error {
		evs = append(evs, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return evs, p.Stats()
}

type want struct {
	cmd  string
	at   int64 // Unix seconds, -1 for no time
	line int64
}

func check(t *testing.T, name string, evs []*event.Event, wants []want) {
	t.Helper()
	if len(evs) != len(wants) {
		t.Errorf("%s: %d events, want %d", name, len(evs), len(wants))
		for _, e := range evs {
			t.Logf("  %q at %v line %d", e.Fields["command"], e.At, e.Line)
		}
		return
	}
	for i, w := range wants {
		e := evs[i]
		at := int64(-1)
		if !e.At.IsZero() {
			at = e.At.Unix()
		}
		if e.Fields["command"] != w.cmd || at != w.at || e.Line != w.line ||
			e.Source != event.SourceHistory || e.Type != event.TypeCommand {
			t.Errorf("%s[%d]: %q at %d line %d, want %q at %d line %d", name, i,
				e.Fields["command"], at, e.Line, w.cmd, w.at, w.line)
		}
	}
}

func TestBash(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		wants []want
		st    Stats
	}{
		{"plain", "ls -la\n\ncd /tmp\r\nwget http://x/y.sh\n",
			[]want{{"ls -la", -1, 1}, {"cd /tmp", -1, 3}, {"wget http://x/y.sh", -1, 4}},
			Stats{Lines: 4, Commands: 3, Untimed: 3}},
		{"timed", "#1599999999\nid\n#1600000000\nwhoami\n",
			[]want{{"id", 1599999999, 2}, {"whoami", 1600000000, 4}},
			Stats{Lines: 4, Commands: 2}},
		{"multiline", "#10\nfor i in 1 2; do\necho $i\ndone\n#20\nexit\n",
			[]want{{"for i in 1 2; do\necho $i\ndone", 10, 2}, {"exit", 20, 6}},
			Stats{Lines: 6, Commands: 2}},
		{"orphans", "#10\n#20\nuname -a\n#30\n",
			[]want{{"uname -a", 20, 3}},
			Stats{Lines: 4, Commands: 1, OrphanTimestamps: 2}},
		{"bad timestamp", "#99999999999999999999\nx\n",
			[]want{{"x", -1, 2}},
			Stats{Lines: 2, Commands: 1, Untimed: 1, BadTimestamps: 1}},
		// "#" not followed by a digit is a command (a comment line).
		{"comment", "# note\nls\n", []want{{"# note", -1, 1}, {"ls", -1, 2}},
			Stats{Lines: 2, Commands: 2, Untimed: 2}},
	}
	for _, tt := range tests {
		evs, st := scan(t, tt.in, Options{Format: FormatBash, User: "root", File: "/root/.bash_history"})
		check(t, tt.name, evs, tt.wants)
		tt.st.Format = FormatBash
		if st != tt.st {
			t.Errorf("%s: stats %+v, want %+v", tt.name, st, tt.st)
		}
		for _, e := range evs {
			if e.User != "root" || e.File != "/root/.bash_history" || e.Raw == "" {
				t.Errorf("%s: event %+v", tt.name, e)
			}
		}
	}
	evs, _ := scan(t, "#1599999999\nid\n", Options{Location: time.FixedZone("X", 3600)})
	if _, off := evs[0].At.Zone(); off != 3600 || evs[0].Raw != "#1599999999\nid" {
		t.Errorf("zone offset %d raw %q", off, evs[0].Raw)
	}
}

func TestZsh(t *testing.T) {
	in := ": 1599999999:0;ls\n" +
		": 1600000000:12;echo a\\\nb\\\\\n" + // continuation, then an escaped backslash at the end
		": 1600000001:0;echo \\\\\n" + // even backslashes: no continuation
		"plain command\n" +
		": 1600000002:0;echo \x83\xa3\n" // metafied 0x83
	evs, st := scan(t, in, Options{})
	check(t, "zsh", evs, []want{
		{"ls", 1599999999, 1}, {"echo a\nb\\\\", 1600000000, 2}, {"echo \\\\", 1600000001, 4},
		{"plain command", -1, 5}, {"echo \x83", 1600000002, 6},
	})
	if st.Format != FormatZsh || st.Untimed != 1 || evs[1].Fields["elapsed"] != "12" {
		t.Errorf("stats %+v elapsed %q", st, evs[1].Fields["elapsed"])
	}
}

func TestFish(t *testing.T) {
	in := "- cmd: echo hello\\nworld\n  when: 1599999999\n  paths:\n    - /tmp\n- cmd: ls \\\\x\n  when: bogus\n"
	evs, st := scan(t, in, Options{})
	check(t, "fish", evs, []want{{"echo hello\nworld", 1599999999, 1}, {"ls \\x", -1, 5}})
	if st.Format != FormatFish || st.BadTimestamps != 1 || !strings.Contains(evs[0].Raw, "- /tmp") {
		t.Errorf("stats %+v raw %q", st, evs[0].Raw)
	}
}

func TestFormatFor(t *testing.T) {
	for name, f := range map[string]Format{
		"/home/a/.zsh_history": FormatZsh, "/root/.local/share/fish/fish_history": FormatFish,
		"/root/.bash_history": FormatBash, "/x/y": FormatAuto,
	} {
		if got := FormatFor(name); got != f {
			t.Errorf("%s: %q", name, got)
		}
	}
}

func TestLimits(t *testing.T) {
	long := strings.Repeat("A", 3*MaxLine)
	evs, st := scan(t, long+"\nls\n", Options{Format: FormatBash})
	if len(evs) != 2 || st.Truncated != 1 || len(evs[0].Fields["command"]) != MaxLine {
		t.Errorf("%d events, stats %+v", len(evs), st)
	}
	// A multi-line command longer than MaxCommand is split, not grown.
	var sb strings.Builder
	sb.WriteString("#1\n")
	line := strings.Repeat("B", 1000) + "\n"
	for range MaxCommand/1000 + 10 {
		sb.WriteString(line)
	}
	evs, st = scan(t, sb.String(), Options{})
	if len(evs) != 2 || st.Split != 1 || evs[1].At.Unix() != 1 {
		t.Errorf("%d events, stats %+v", len(evs), st)
	}
	for _, e := range evs {
		if len(e.Fields["command"]) > MaxCommand {
			t.Errorf("command of %d bytes", len(e.Fields["command"]))
		}
	}
}

func TestCorpus(t *testing.T) {
	dir := filepath.Join(testcorpus.Path(t, "logs"), "plaso")
	// The multi-line entry at #1623364236, as in the file.
	multi := "binary argument1 \"--params=\\\nparam1=foo,\nparam2=bar\n\" argument2"
	tests := []struct {
		file  string
		wants []want
		st    Stats
	}{
		// grep -c '^#[0-9]' bash_history → 4 timestamps, 4 commands;
		// grep -c '' bash_history → 11 lines.
		{"bash_history", []want{
			{"/usr/lib/plaso", 1380630977, 2}, {"/bin/bash", 1380630978, 4},
			{"/usr/local/bin/splunk -p 8080", 1380630979, 6}, {multi, 1623364236, 8},
		}, Stats{Lines: 11, Commands: 4, Format: FormatBash}},
		// The same with a leading untimed line: grep -c '' → 12 lines,
		// grep -c '^#[0-9]' → 4 timestamps, plus /sbin/reboot untimed.
		{"bash_history_desync", []want{
			{"/sbin/reboot", -1, 1},
			{"/usr/lib/plaso", 1380630977, 3}, {"/bin/bash", 1380630978, 5},
			{"/usr/local/bin/splunk -p 8080", 1380630979, 7}, {multi, 1623364236, 9},
		}, Stats{Lines: 12, Commands: 5, Untimed: 1, Format: FormatBash}},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		evs, st := scan(t, string(data), Options{File: tt.file, User: "plaso"})
		check(t, tt.file, evs, tt.wants)
		if st != tt.st {
			t.Errorf("%s: stats %+v, want %+v", tt.file, st, tt.st)
		}
		if got := evs[len(evs)-1].At.UTC().Format(time.RFC3339); got != "2021-06-10T22:30:36Z" {
			t.Errorf("%s: last at %s", tt.file, got)
		}
	}
}
