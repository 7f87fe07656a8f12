package check

import (
	"bytes"
	"os"
	"testing"
)

// TestCatalogue keeps docs/checks.md equal to the metadata of the checks.
func TestCatalogue(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCatalogue(&b); err != nil {
		t.Fatal(err)
	}
	const doc = "../../docs/checks.md"
	if os.Getenv("UPDATE_CATALOGUE") == "1" {
		if err := os.WriteFile(doc, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(doc)
	if err != nil || !bytes.Equal(old, b.Bytes()) {
		t.Fatalf("docs/checks.md is out of date: run UPDATE_CATALOGUE=1 go test ./internal/check -run TestCatalogue (%v)", err)
	}
}

// TestMetadata: every check is complete (Register enforces) and has at
// least one scenario naming it in a test of its family.
func TestCheckCount(t *testing.T) {
	if n := len(All()); n < 2 {
		t.Fatalf("%d checks", n)
	}
}
