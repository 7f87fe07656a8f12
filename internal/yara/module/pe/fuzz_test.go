package pe

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/yara/module"
)

// callAll calls every function of a loaded structure with a few arguments,
// as rules would.
func callAll(root *module.Struct) {
	intArgs := [][]any{nil, {int64(0)}, {int64(1)}, {int64(0x1000)}, {int64(-1)}, {int64(1), int64(2)}}
	strArgs := [][]any{{"kernel32.dll"}, {".text"}, {"kernel32.dll", "ExitProcess"}, {"ws2_32.dll", int64(23)}}
	reArgs := [][]any{{re(`.`)}, {re(`.`), re(`.`)}, {int64(-1), re(`.`), re(`.`)}, {int64(3), "a", "b"}, {int64(3), "a", int64(1)}, {int64(2), "a"}}
	for _, v := range root.Fields {
		if fn, ok := v.(module.Func); ok {
			for _, set := range [][][]any{intArgs, strArgs, reArgs} {
				for _, args := range set {
					fn(args)
				}
			}
		}
	}
	if rich, ok := root.Get("rich_signature").(*module.Struct); ok {
		rich.Get("version").(module.Func)([]any{int64(1)})
		rich.Get("toolid").(module.Func)([]any{int64(1), int64(2)})
	}
	if arr, ok := root.Get("signatures").(*module.Array); ok {
		for _, it := range arr.Items {
			if s, ok := it.(*module.Struct); ok {
				s.Get("valid_on").(module.Func)([]any{int64(0)})
			}
		}
	}
}

// FuzzLoad feeds arbitrary bytes to Load and every function: nothing may
// panic or run away.
func FuzzLoad(f *testing.F) {
	for _, data := range craftedFiles() {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		root := Load(&module.Input{Data: data, Size: int64(len(data))})
		callAll(root)
		// Work is bounded by the input size; a small input taking this
		// long means an unbounded loop (the margin absorbs a busy
		// machine).
		if d := time.Since(start); d > 10*time.Second && len(data) < 1<<20 {
			t.Fatalf("%d bytes took %v", len(data), d)
		}
		// A truncated read of the same file must not break either.
		if len(data) > 10 {
			callAll(Load(&module.Input{Data: data[:len(data)/2], Size: int64(len(data))}))
		}
	})
}

// TestHostileResourceTree checks that a resource tree whose every entry
// points at shared subdirectories (32768 entries on two levels, so 2^30
// visits for YARA) is cut by the step budget.
func TestHostileResourceTree(t *testing.T) {
	b := newBuilder(false)
	b.addSection(".rsrc", 0x40000040, func(rva uint32) []byte {
		const n = 32768 // the most pe.c accepts in one directory
		buf := make([]byte, 16+8*n+16+8*n+16+16)
		le16 := binary.LittleEndian.PutUint16
		le32 := binary.LittleEndian.PutUint32
		l1 := 16 + 8*n
		l2 := l1 + 16 + 8*n
		// Level 0 and level 1: n entries each pointing at the next level.
		le16(buf[14:], n)
		le16(buf[l1+14:], n)
		for i := 0; i < n; i++ {
			le32(buf[16+8*i:], uint32(i))
			le32(buf[16+8*i+4:], 0x80000000|uint32(l1))
			le32(buf[l1+16+8*i:], uint32(i))
			le32(buf[l1+16+8*i+4:], 0x80000000|uint32(l2))
		}
		// Level 2: a directory whose Characteristics end the walk early.
		le32(buf[l2:], 1)
		b.setDir(dirResource, rva, uint32(len(buf)))
		return buf
	})
	data := b.build()
	start := time.Now()
	root := Load(&module.Input{Data: data, Size: int64(len(data))})
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Load took %v", d)
	}
	if n := root.Get("number_of_resources"); n != int64(0) {
		t.Fatalf("number_of_resources = %v", n)
	}
}

// TestHostileVersionInfo checks that many VERSION resources with large
// version blocks stay within the version limits.
func TestHostileVersionInfo(t *testing.T) {
	var strs [][2]string
	for i := 0; i < 3000; i++ {
		strs = append(strs, [2]string{"K", "v"})
	}
	vi := versionInfo("040904b0", strs)
	var entries []resEntry
	for i := 0; i < 100; i++ {
		entries = append(entries, resEntry{typ: resID{id: 16}, name: resID{id: uint32(i + 1)}, lang: resID{id: 0}, data: vi})
	}
	b := newBuilder(false)
	b.addSection(".rsrc", 0x40000040, func(rva uint32) []byte { return b.buildResources(rva, entries) })
	data := b.build()
	start := time.Now()
	root := Load(&module.Input{Data: data, Size: int64(len(data))})
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Load took %v", d)
	}
	if n := root.Get("number_of_version_infos"); n != int64(maxVersionInfos) {
		t.Fatalf("number_of_version_infos = %v, want the limit %d", n, maxVersionInfos)
	}
}

// TestHostileExports checks the largest export table pe.c accepts: its
// name search is quadratic there, ours is not.
func TestHostileExports(t *testing.T) {
	var funcs []expFunc
	for i := 0; i < maxPEExports; i++ {
		funcs = append(funcs, expFunc{name: "f", rva: 0x1000})
	}
	b := newBuilder(true)
	b.addSection(".edata", 0x40000040, func(rva uint32) []byte {
		data := b.buildExports(rva, "x.dll", 1, funcs)
		// pe.c wants the function table to fit after the DLL name: point
		// the name at the start of the directory.
		binary.LittleEndian.PutUint32(data[12:], rva)
		return data
	})
	data := b.build()
	start := time.Now()
	root := Load(&module.Input{Data: data, Size: int64(len(data))})
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Load took %v", d)
	}
	if n := root.Get("number_of_exports"); n != int64(maxPEExports) {
		t.Fatalf("number_of_exports = %v", n)
	}
}

// TestNotPE checks what a non-PE file gets: constants, is_pe = 0, empty
// arrays, and undefined from every function.
func TestNotPE(t *testing.T) {
	root := Load(&module.Input{Data: []byte("hello")})
	if root.Get("is_pe") != int64(0) || root.Get("MACHINE_AMD64") != int64(0x8664) || root.Get("IMPORT_ANY") != int64(-1) {
		t.Fatalf("constants: %v %v %v", root.Get("is_pe"), root.Get("MACHINE_AMD64"), root.Get("IMPORT_ANY"))
	}
	for name, v := range root.Fields {
		if fn, ok := v.(module.Func); ok {
			for _, args := range [][]any{nil, {int64(1)}, {"a"}, {"a", "b"}} {
				if got := fn(args); got != nil {
					t.Errorf("%s(%v) = %v on a non-PE", name, args, got)
				}
			}
		}
	}
	if arr, ok := root.Get("sections").(*module.Array); !ok || len(arr.Items) != 0 {
		t.Errorf("sections = %v", root.Get("sections"))
	}
}

// TestSchemaCoversValues checks that every value Load produces is declared
// in the schema with the right kind.
func TestSchemaCoversValues(t *testing.T) {
	for name, data := range craftedFiles() {
		root := Load(&module.Input{Data: data, Size: int64(len(data))})
		checkKinds(t, name, "pe", root, Schema())
	}
}

func checkKinds(t *testing.T, file, path string, s *module.Struct, typ *module.Type) {
	for name, v := range s.Fields {
		ft := typ.Fields[name]
		if ft == nil {
			t.Errorf("%s: %s.%s not in the schema", file, path, name)
			continue
		}
		checkValue(t, file, path+"."+name, v, ft)
	}
}

func checkValue(t *testing.T, file, path string, v any, ft *module.Type) {
	ok := false
	switch x := v.(type) {
	case int64:
		ok = ft.Kind == module.KindInt
	case string:
		ok = ft.Kind == module.KindString
	case module.Func:
		ok = ft.Kind == module.KindFunc
	case *module.Struct:
		ok = ft.Kind == module.KindStruct
		if ok {
			checkKinds(t, file, path, x, ft)
		}
	case *module.Array:
		ok = ft.Kind == module.KindArray
		if ok {
			for _, it := range x.Items {
				if it != nil {
					checkValue(t, file, path+"[]", it, ft.Elem)
				}
			}
		}
	case *module.Dict:
		ok = ft.Kind == module.KindDict
		if ok {
			for _, it := range x.Items {
				checkValue(t, file, path+"{}", it, ft.Elem)
			}
		}
	}
	if !ok {
		t.Errorf("%s: %s is %T, schema says %v", file, path, v, ft.Kind)
	}
}

// TestHostileImports checks many one-function DLLs: the import counts stay
// exact while import_details stops at the slot limit.
func TestHostileImports(t *testing.T) {
	var dlls []impDLL
	for i := 0; i < 16000; i++ {
		dlls = append(dlls, impDLL{"k.dll", []impFunc{{name: "F"}}})
	}
	b := newBuilder(false)
	b.addSection(".idata", 0xc0000040, func(rva uint32) []byte { return b.buildImports(rva, dlls, false) })
	data := b.build()
	start := time.Now()
	root := Load(&module.Input{Data: data, Size: int64(len(data))})
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Load took %v", d)
	}
	if n := root.Get("number_of_imported_functions"); n != int64(16000) {
		t.Fatalf("number_of_imported_functions = %v", n)
	}
	details := root.Get("import_details").(*module.Array)
	slots := 0
	for _, it := range details.Items {
		slots += len(it.(*module.Struct).Get("functions").(*module.Array).Items)
	}
	if slots > maxImportSlots || len(details.Items) == 0 {
		t.Fatalf("%d DLLs, %d function slots", len(details.Items), slots)
	}
	if got := root.Get("imports").(module.Func)([]any{"k.dll"}); got != int64(16000) {
		t.Fatalf(`imports("k.dll") = %v`, got)
	}
}

// BenchmarkLoad measures Load plus every function on the crafted files.
func BenchmarkLoad(b *testing.B) {
	files := craftedFiles()
	for b.Loop() {
		for _, data := range files {
			callAll(Load(&module.Input{Data: data, Size: int64(len(data))}))
		}
	}
}
