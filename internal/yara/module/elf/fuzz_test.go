package elf

import (
	"testing"

	"github.com/yingji/yingji/internal/yara/module"
)

// FuzzLoad feeds arbitrary bytes to the parser: it must never panic, and
// every count it reports must match the array it fills.
func FuzzLoad(f *testing.F) {
	for _, img := range synthImages() {
		f.Add(img)
	}
	for _, img := range quirkImages() {
		f.Add(img)
	}
	f.Add(manyDynamicsImage(50, 4096))
	f.Add([]byte("\x7fELF\x02\x01\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := Module.Load(&module.Input{Data: data, Size: int64(len(data))})
		for _, c := range [][2]string{
			{"symtab_entries", "symtab"},
			{"dynsym_entries", "dynsym"},
		} {
			n, ok := s.Get(c[0]).(int64)
			arr, _ := s.Get(c[1]).(*module.Array)
			if ok != (arr != nil) || ok && int64(len(arr.Items)) != n {
				t.Fatalf("%s = %v but %s has %v", c[0], s.Get(c[0]), c[1], arr)
			}
		}
		if arr, ok := s.Get("sections").(*module.Array); ok {
			if n, _ := s.Get("number_of_sections").(int64); int64(len(arr.Items)) != n {
				t.Fatalf("number_of_sections = %d, %d sections", n, len(arr.Items))
			}
		}
		if arr, ok := s.Get("segments").(*module.Array); ok {
			if n, _ := s.Get("number_of_segments").(int64); int64(len(arr.Items)) != n {
				t.Fatalf("number_of_segments = %d, %d segments", n, len(arr.Items))
			}
		}
		if n, ok := s.Get("dynamic_section_entries").(int64); ok {
			arr, _ := s.Get("dynamic").(*module.Array)
			if arr == nil || int64(len(arr.Items)) < n {
				t.Fatalf("dynamic_section_entries = %d beyond dynamic[]", n)
			}
		}
	})
}
