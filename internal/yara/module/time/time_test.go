package time

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	stdtime "time"

	"github.com/yingji/yingji/internal/yara/module"
)

func TestNow(t *testing.T) {
	if module.Lookup("time") != Module {
		t.Fatal("time not registered")
	}
	defer func() { now = stdtime.Now }()
	now = func() stdtime.Time { return stdtime.Unix(1700000000, 999) }
	s := Module.Load(&module.Input{})
	if got := s.Get("now").(module.Func)(nil); got != int64(1700000000) {
		t.Errorf("now() = %v", got)
	}
}

// TestAgainstYara checks that yara's time.now() and ours agree within the
// test's own duration.
func TestAgainstYara(t *testing.T) {
	yara, err := exec.LookPath("yara")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	dir := t.TempDir()
	rf := filepath.Join(dir, "r.yar")
	rule := "import \"time\"\nimport \"console\"\nrule r { condition: console.log(time.now()) }\n"
	if err := os.WriteFile(rf, []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	before := stdtime.Now().Unix()
	out, err := exec.Command(yara, rf, rf).Output()
	after := Module.Load(&module.Input{}).Get("now").(module.Func)(nil).(int64)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(string(out), "\n")
	v, err := strconv.ParseInt(line, 10, 64)
	if err != nil || v < before || v > after {
		t.Errorf("yara's time.now() = %q, ours between %d and %d", line, before, after)
	}
}
