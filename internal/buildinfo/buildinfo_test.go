package buildinfo

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

func TestGet(t *testing.T) {
	in := Get()
	b, err := os.ReadFile("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if in.BinarySHA256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("binary hash %q, want %x", in.BinarySHA256, sum)
	}
	if in.Version == "" || !strings.HasPrefix(in.GoVersion, "go") || !strings.Contains(in.String(), in.BinarySHA256) {
		t.Fatalf("info %+v", in)
	}
	RegisterRulePack(RulePack{Name: "test", SHA256: "ab", Files: 1, Origin: "embedded"})
	if r := ToolRecord(); len(r.RulePacks) != 1 || r.RulePacks[0].Name != "test" || r.Build.BinarySHA256 != in.BinarySHA256 {
		t.Fatalf("tool record %+v", r)
	}
}
