package php

import (
	"archive/tar"
	"compress/gzip"
	"io"
	"os"
	"path"
	"strings"
	"testing"
	"time"
)

// corpus is the development set of webshells and benign applications.
const corpus = "../../../../shared/corpus/webshell-dev.tar.gz"

// TestCorpusSmoke tokenizes every PHP sample of the development corpus
// (read from the archive, never executed) and checks that the tokens
// cover each file. Without the corpus it skips, except in CI.
func TestCorpusSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	f, err := os.Open(corpus)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus missing under CI: %v", err)
		}
		t.Skipf("corpus absent: %v", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var files, withErr, bytesTotal int
	start := time.Now()
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg || path.Base(path.Dir(h.Name)) != "php" {
			continue
		}
		src, err := io.ReadAll(io.LimitReader(tr, 64<<20))
		if err != nil {
			t.Fatal(err)
		}
		toks, lexErr := Tokenize(src)
		var b strings.Builder
		for _, tok := range toks {
			b.WriteString(tok.Text)
		}
		if b.String() != string(src) {
			t.Errorf("%s: tokens do not reproduce the file", h.Name)
		}
		files++
		bytesTotal += len(src)
		if lexErr != nil {
			withErr++
			// Attackers ship broken PHP on purpose; listed for review.
			t.Logf("%s: %.200s", path.Base(h.Name), lexErr.Error())
		}
	}
	if files < 3000 {
		t.Errorf("only %d PHP files in %s", files, corpus)
	}
	t.Logf("%d files, %d bytes in %v; %d with lexical errors", files, bytesTotal, time.Since(start), withErr)
}
