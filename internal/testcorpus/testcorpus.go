// Package testcorpus gives tests the development data sets of
// ../shared/corpus (beside the repository): where a data set is, and the
// files of a tar.gz one, read as data (never run). A data set missing on
// a developer machine skips the test; in CI (CI=true) it fails it, since
// CI always has the corpus.
package testcorpus

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// MaxMember bounds how much of one archive member is read.
const MaxMember = 64 << 20

// Path returns the path of the data set name (e.g. "webshell-dev.tar.gz")
// in ../shared/corpus beside the module root, found from the test's
// working directory.
func Path(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("testcorpus: no go.mod above the test's directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "corpus", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus %s missing under CI: %v", name, err)
		}
		t.Skipf("corpus %s absent: %v", name, err)
	}
	return p
}

// EachFile calls fn with the name and content of every regular member of
// the tar.gz archive at path (at most MaxMember bytes of each).
func EachFile(path string, fn func(name string, data []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(tr, MaxMember))
		if err != nil {
			return fmt.Errorf("%s: %s: %w", path, h.Name, err)
		}
		if err := fn(h.Name, data); err != nil {
			return err
		}
	}
}

// Extract writes the regular members of the tar.gz archive at path below
// dir, refusing names that would leave it. The samples are written as
// inert data files (mode 0644).
func Extract(path, dir string) error {
	return EachFile(path, func(name string, data []byte) error {
		clean := filepath.Clean(filepath.FromSlash(name))
		if !filepath.IsLocal(clean) {
			return fmt.Errorf("%s: unsafe member name %q", path, name)
		}
		dst := filepath.Join(dir, clean)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}
