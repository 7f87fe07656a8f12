package pe

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

// sample is a test PE file on disk.
type sample struct {
	name string
	path string
}

var (
	samplesOnce sync.Once
	samplesDir  string
	samplesList []sample
	samplesErr  error
	goExesOnce  sync.Once
	goExes      []sample
	goExesErr   error
)

// TestMain removes the files the tests build once per run.
func TestMain(m *testing.M) {
	code := m.Run()
	if samplesDir != "" {
		os.RemoveAll(samplesDir)
	}
	os.Exit(code)
}

// craftedSamples writes the hand-made PE files once per test binary run.
func craftedSamples(t testing.TB) []sample {
	t.Helper()
	samplesOnce.Do(func() {
		samplesDir, samplesErr = os.MkdirTemp("", "yingji-pe-test-")
		if samplesErr != nil {
			return
		}
		for name, data := range craftedFiles() {
			path := filepath.Join(samplesDir, name)
			if samplesErr = os.WriteFile(path, data, 0o644); samplesErr != nil {
				return
			}
			samplesList = append(samplesList, sample{name, path})
		}
	})
	if samplesErr != nil {
		t.Fatal(samplesErr)
	}
	return samplesList
}

// goSamples builds a tiny Go program for windows/amd64 and windows/386 once
// per test binary run.
func goSamples(t testing.TB) []sample {
	t.Helper()
	goTool := moduletest.NeedTool(t, "go")
	craftedSamples(t)
	goExesOnce.Do(func() {
		dir := filepath.Join(samplesDir, "goprog")
		if goExesErr = os.MkdirAll(dir, 0o755); goExesErr != nil {
			return
		}
		os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module hello\n\ngo 1.21\n"), 0o644)
		os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString(\"hi\\n\") }\n"), 0o644)
		for _, arch := range []string{"amd64", "386"} {
			out := filepath.Join(samplesDir, "go-"+arch+".exe")
			cmd := exec.Command(goTool, "build", "-trimpath", "-o", out, ".")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH="+arch, "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
			if b, err := cmd.CombinedOutput(); err != nil {
				goExesErr = &buildError{string(b), err}
				return
			}
			goExes = append(goExes, sample{"go-" + arch + ".exe", out})
		}
	})
	if goExesErr != nil {
		t.Fatal(goExesErr)
	}
	return goExes
}

// extraSamples are files named by PE_ORACLE_FILES (separated by the
// path-list separator), for comparing with yara on a local corpus.
func extraSamples() []sample {
	var out []sample
	for _, p := range filepath.SplitList(os.Getenv("PE_ORACLE_FILES")) {
		if p != "" {
			out = append(out, sample{filepath.Base(p), p})
		}
	}
	return out
}

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + ": " + e.out }

// craftedFiles returns the hand-made test files by name.
func craftedFiles() map[string][]byte {
	files := map[string][]byte{}
	for _, is64 := range []bool{false, true} {
		suffix := "32"
		if is64 {
			suffix = "64"
		}
		files["full"+suffix+".exe"] = fullPE(is64)
	}
	files["notpe.bin"] = []byte("MZ this is not a PE file at all, just some bytes")
	files["empty.bin"] = nil

	// Section table claims more sections than the file holds.
	b := newBuilder(false)
	b.addSection(".text", 0x60000020, func(uint32) []byte { return []byte{0xc3} })
	d := b.build()
	binary.LittleEndian.PutUint16(d[binary.LittleEndian.Uint32(d[60:])+6:], 200)
	files["manysections.exe"] = d[:0x200]

	// Optional header too small to hold the import directory entry, an
	// odd file alignment and a DLL.
	b = newBuilder(false)
	b.characteristics |= 0x2000
	b.fileAlign = 0x200
	b.sizeOfOptHeader = 96 + 8
	b.addSection(".text", 0x60000020, func(rva uint32) []byte {
		return b.buildImports(rva, []impDLL{{"kernel32.dll", []impFunc{{name: "ExitProcess"}}}}, false)
	})
	files["smallopt.dll"] = b.build()

	// Truncated just after the optional header.
	full := fullPE(false)
	files["truncated.exe"] = full[:binary.LittleEndian.Uint32(full[60:])+24+224+20]
	// Garbage appended to a rich header with a broken key.
	bad := fullPE(true)
	bad[0x80+4] ^= 1
	files["badrich.exe"] = bad
	for name, data := range edgeFiles() {
		files[name] = data
	}
	return files
}

// fullPE is a PE file using most of what the module parses.
func fullPE(is64 bool) []byte {
	b := newBuilder(is64)
	b.rich = [][2]uint32{{0x01045d6e, 7}, {0x00ff7809, 2}, {0x01037809, 30}}
	b.richKey = 0x9e1bd7a3
	b.dllChars = 0x8160
	b.timestamp = 0x61a2b3c4
	b.addSection(".text", 0x60000020, func(uint32) []byte {
		return append([]byte{0x55, 0x89, 0xe5, 0xc3}, make([]byte, 700)...)
	})
	b.addSection(".idata", 0xc0000040, func(rva uint32) []byte {
		return b.buildImports(rva, []impDLL{
			{"KERNEL32.dll", []impFunc{{name: "ExitProcess"}, {name: "GetProcAddress"}, {name: "LoadLibraryA"}}},
			{"WS2_32.dll", []impFunc{{ord: 1, byOrd: true}, {ord: 23, byOrd: true}, {ord: 115, byOrd: true}, {ord: 999, byOrd: true}}},
			{"oleaut32.dll", []impFunc{{ord: 2, byOrd: true}, {ord: 6, byOrd: true}}},
			{"user32", []impFunc{{name: "MessageBoxW"}}},
			{"msvcrt.dll", []impFunc{{name: "printf"}, {name: ""}}},
		}, false)
	})
	b.addSection(".didat", 0xc0000040, func(rva uint32) []byte {
		return b.buildImports(rva, []impDLL{
			{"advapi32.dll", []impFunc{{name: "RegOpenKeyExW"}, {ord: 5, byOrd: true}}},
			{"wsock32.dll", []impFunc{{ord: 3, byOrd: true}}},
		}, true)
	})
	b.addSection(".edata", 0x40000040, func(rva uint32) []byte {
		return b.buildExports(rva, "sample.dll", 3, []expFunc{
			{name: "DllMain", rva: 0x1000},
			{name: "", rva: 0x1004},
			{name: "Forwarded", forward: "NTDLL.RtlAllocateHeap"},
			{name: "zeta", rva: 0x1010},
			{name: "Alpha", rva: 0x9999999},
		})
	})
	b.addSection(".rsrc", 0x40000040, func(rva uint32) []byte {
		return b.buildResources(rva, []resEntry{
			{typ: resID{id: 16}, name: resID{id: 1}, lang: resID{id: 0x409}, data: versionInfo("040904b0", [][2]string{
				{"CompanyName", "Yingji Test Corp"},
				{"FileDescription", "Sample file"},
				{"FileVersion", "1.2.3.4"},
				{"Comments", ""},
				{"ProductName", "Café ☕"},
			})},
			{typ: resID{id: 24}, name: resID{id: 1}, lang: resID{id: 0x0}, data: []byte("<assembly/>")},
			{typ: resID{name: "MYTYPE"}, name: resID{name: "MYNAME"}, lang: resID{id: 0x407}, data: []byte("custom")},
			{typ: resID{id: 10}, name: resID{name: "CONFIG"}, lang: resID{name: "LANG"}, data: []byte("x")},
			{typ: resID{id: 3}, name: resID{id: 7}, lang: resID{id: 0x809}, data: []byte{1, 2, 3}},
		})
	})
	b.addSection(".rdata", 0x40000040, func(rva uint32) []byte {
		return b.buildDebug(rva, `C:\build\yingji\sample.pdb`)
	})
	b.addSection("/4", 0x42000040, func(uint32) []byte { return []byte("debug") })
	b.addSection(".bss", 0xc0000080, func(uint32) []byte { return nil }).vsize = 0x2000
	b.strtab = []byte(".debug_info_long\x00")
	b.symbols = 2
	b.overlay = []byte(strings.Repeat("OVERLAY!", 33))
	return b.build()
}
