package elf

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/yara/module"
	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

func loadBytes(b []byte) *module.Struct {
	return Module.Load(&module.Input{Data: b, Size: int64(len(b))})
}

// flatten writes a module value as yara -D prints it: one "path = value"
// per defined scalar, with yara's escaping of strings.
func flatten(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case *module.Struct:
		for k, f := range v.Fields {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			flatten(p, f, out)
		}
	case *module.Array:
		for i, it := range v.Items {
			if it != nil {
				flatten(fmt.Sprintf("%s[%d]", prefix, i), it, out)
			}
		}
	case int64:
		out[prefix] = strconv.FormatInt(v, 10)
	case string:
		var b strings.Builder
		b.WriteByte('"')
		for i := 0; i < len(v); i++ {
			if c := v[i]; c >= 0x20 && c <= 0x7e {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		}
		b.WriteByte('"')
		out[prefix] = b.String()
	}
}

// parseDump reads the module data yara -D prints: tab-indented lines, a
// structure or array named on its own line, array items as [i], scalars as
// "name = value" (YR_UNDEFINED when undefined).
func parseDump(text string) map[string]string {
	out := map[string]string{}
	var stack []string
	for _, line := range strings.Split(text, "\n") {
		depth := len(line) - len(strings.TrimLeft(line, "\t"))
		c := line[depth:]
		if c == "" || depth == 0 {
			continue // blank, or the module's own name
		}
		if depth-1 < len(stack) {
			stack = stack[:depth-1]
		}
		var path strings.Builder
		for _, s := range stack {
			if path.Len() > 0 && !strings.HasPrefix(s, "[") {
				path.WriteByte('.')
			}
			path.WriteString(s)
		}
		if name, val, ok := strings.Cut(c, " = "); ok {
			if path.Len() > 0 {
				path.WriteByte('.')
			}
			path.WriteString(name)
			out[path.String()] = val
			continue
		}
		for len(stack) < depth-1 {
			stack = append(stack, "?")
		}
		stack = append(stack, c)
	}
	return out
}

// yaraDump runs yara -D with the elf module on a file.
func yaraDump(t *testing.T, yara, rules, file string) map[string]string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(yara, "-D", rules, file)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("yara -D %s: %v\n%s", file, err, stderr.String())
	}
	return parseDump(stdout.String())
}

// rulesFile writes the rule file that makes yara load the module.
func rulesFile(t *testing.T) string {
	t.Helper()
	rf := filepath.Join(t.TempDir(), "elf.yar")
	if err := os.WriteFile(rf, []byte("import \"elf\"\nrule x { condition: false }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return rf
}

// compareDump compares Load's result with yara's dump of the same bytes,
// field by field, and returns the differences.
func compareDump(yaraOut map[string]string, data []byte) []string {
	ours := map[string]string{}
	flatten("", loadBytes(data), ours)
	var diffs []string
	for k, v := range yaraOut {
		o, ok := ours[k]
		switch {
		case v == "YR_UNDEFINED" && ok:
			diffs = append(diffs, fmt.Sprintf("%s: ours %s, yara undefined", k, o))
		case v != "YR_UNDEFINED" && !ok:
			diffs = append(diffs, fmt.Sprintf("%s: ours undefined, yara %s", k, v))
		case v != "YR_UNDEFINED" && o != v:
			diffs = append(diffs, fmt.Sprintf("%s: ours %s, yara %s", k, o, v))
		}
	}
	for k, o := range ours {
		if _, ok := yaraOut[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s: ours %s, absent from yara's dump", k, o))
		}
	}
	sort.Strings(diffs)
	return diffs
}

// checkAgainstYara writes data to a file and compares.
func checkAgainstYara(t *testing.T, yara, rules, name string, data []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	diffs := compareDump(yaraDump(t, yara, rules, file), data)
	for i, d := range diffs {
		if i == 10 {
			t.Errorf("%s: %d more differences", name, len(diffs)-10)
			break
		}
		t.Errorf("%s: %s", name, d)
	}
}

func TestSchemaAndConstants(t *testing.T) {
	if module.Lookup("elf") != Module {
		t.Fatal("elf not registered")
	}
	s := loadBytes([]byte("not an ELF file"))
	for _, c := range constants {
		if s.Get(c.name) != c.value {
			t.Errorf("%s = %v", c.name, s.Get(c.name))
		}
		if Module.Schema.Fields[c.name] == nil {
			t.Errorf("%s not declared", c.name)
		}
	}
	if len(s.Fields) != len(constants) {
		t.Errorf("a non-ELF file gives %d fields, want only the %d constants", len(s.Fields), len(constants))
	}
	// 4.2.3 has neither telfhash nor import_md5 nor symbol visibility.
	for _, name := range []string{"telfhash", "import_md5"} {
		if Module.Schema.Fields[name] != nil {
			t.Errorf("%s declared", name)
		}
	}
	if Module.Schema.Fields["symtab"].Elem.Fields["visibility"] != nil {
		t.Error("visibility declared")
	}
}

// TestSynthetic checks known fields of the synthetic images.
func TestSynthetic(t *testing.T) {
	for name, img := range synthImages() {
		s := loadBytes(img)
		get := func(path ...any) any {
			var v any = s
			for _, p := range path {
				switch p := p.(type) {
				case string:
					v = v.(*module.Struct).Get(p)
				case int:
					items := v.(*module.Array).Items
					if p >= len(items) {
						return nil
					}
					v = items[p]
				}
				if v == nil {
					return nil
				}
			}
			return v
		}
		want := map[string]any{
			"machine":                 get("machine") == int64(62),
			"number_of_sections":      get("number_of_sections") == int64(8),
			"number_of_segments":      get("number_of_segments") == int64(2),
			"section name":            get("sections", 7, "name") == ".shstrtab",
			"symtab_entries":          get("symtab_entries") == int64(5),
			"symbol name":             get("symtab", 1, "name") == "main",
			"symbol bind":             get("symtab", 1, "bind") == int64(1),
			"symbol type":             get("symtab", 1, "type") == int64(2),
			"dynsym_entries":          get("dynsym_entries") == int64(3),
			"dynsym name":             get("dynsym", 2, "name") == "exit",
			"dynamic_section_entries": get("dynamic_section_entries") == int64(6),
			"dynamic type":            get("dynamic", 3, "type") == int64(10),
			"entry_point":             get("entry_point") != nil,
		}
		for k, ok := range want {
			if ok != true {
				t.Errorf("%s: %s wrong", name, k)
			}
		}
		// The entry point is .text's file offset whether mapped through
		// the program headers (ET_EXEC) or the sections (ET_DYN).
		if ep, text := get("entry_point"), get("sections", 1, "offset"); ep != text {
			t.Errorf("%s: entry_point %v, .text at %v", name, ep, text)
		}
	}
}

// goBinaries builds a small Go program for several architectures, in
// parallel. Building for a new GOARCH compiles the runtime once; later
// runs hit the build cache.
func goBinaries(t *testing.T, dir string) map[string]string {
	goTool := moduletest.NeedTool(t, "go")
	src := filepath.Join(dir, "main.go")
	prog := "package main\n\nimport \"os\"\n\nfunc main() { os.Exit(len(os.Args)) }\n"
	if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	archs := []string{"amd64", "386", "arm64", "mips"}
	out := map[string]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, arch := range archs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bin := filepath.Join(dir, "go-"+arch)
			cmd := exec.Command(goTool, "build", "-o", bin, src)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+arch, "CGO_ENABLED=0", "GOFLAGS=", "GO111MODULE=off")
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("go build %s: %v\n%s", arch, err, b)
				return
			}
			mu.Lock()
			out["go-"+arch] = bin
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

// cBinaries builds a C program with gcc: dynamically linked (PIE, ET_DYN),
// statically linked (ET_EXEC), stripped, and as an object file (ET_REL).
func cBinaries(t *testing.T, dir string) map[string]string {
	gcc := moduletest.NeedTool(t, "gcc")
	src := filepath.Join(dir, "prog.c")
	prog := "#include <stdio.h>\nint counter = 3;\nstatic int helper(int x) { return x * counter; }\n" +
		"int main(int argc, char **argv) { printf(\"%d\\n\", helper(argc)); return 0; }\n"
	if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, args := range map[string][]string{
		"c-dynamic":  {"-O1", "-o"},
		"c-static":   {"-O1", "-static", "-o"},
		"c-nopie":    {"-O1", "-no-pie", "-o"},
		"c-stripped": {"-O1", "-s", "-o"},
		"c-object":   {"-O1", "-c", "-o"},
	} {
		bin := filepath.Join(dir, name)
		cmd := exec.Command(gcc, append(append(args, bin), src)...)
		if b, err := cmd.CombinedOutput(); err != nil {
			if name == "c-static" {
				// Static libc may be missing; the rest still tests.
				t.Logf("gcc -static: %v\n%s", err, b)
				continue
			}
			t.Fatalf("gcc %s: %v\n%s", name, err, b)
		}
		out[name] = bin
	}
	return out
}

// TestAgainstYara compares the module's data with yara -D on real
// binaries of several architectures and byte orders, on the synthetic
// images, and on truncations of them.
func TestAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	rules := rulesFile(t)
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range cBinaries(t, dir) {
		files[k] = v
	}
	for k, v := range goBinaries(t, dir) {
		files[k] = v
	}
	for _, f := range []string{"/bin/true", "/usr/bin/yara"} {
		if _, err := os.Stat(f); err == nil {
			files[filepath.Base(f)] = f
		}
	}
	for name, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		diffs := compareDump(yaraDump(t, yara, rules, path), data)
		for i, d := range diffs {
			if i == 10 {
				t.Errorf("%s: %d more differences", name, len(diffs)-10)
				break
			}
			t.Errorf("%s: %s", name, d)
		}
	}
	for name, img := range synthImages() {
		checkAgainstYara(t, yara, rules, name, img)
		// Truncations: inside the header, at its size, inside each table.
		for _, n := range []int{16, 51, 52, 53, 63, 64, 65, 100, len(img) / 2, len(img) - 70, len(img) - 1} {
			if n > 0 && n < len(img) {
				checkAgainstYara(t, yara, rules, fmt.Sprintf("%s-trunc%d", name, n), img[:n])
			}
		}
	}
}

// mutate damages an image: random bytes, with a bias towards the headers
// and tables, and towards the values that exercise bounds (0, 0xff, small
// counts).
func mutate(r *rand.Rand, img []byte) []byte {
	b := append([]byte(nil), img...)
	n := 1 + r.Intn(6)
	for i := 0; i < n; i++ {
		var pos int
		switch r.Intn(3) {
		case 0:
			pos = r.Intn(min(64, len(b)))
		case 1:
			pos = len(b) - 1 - r.Intn(min(600, len(b)))
		default:
			pos = r.Intn(len(b))
		}
		switch r.Intn(4) {
		case 0:
			b[pos] = 0
		case 1:
			b[pos] = 0xff
		case 2:
			b[pos] = byte(r.Intn(16))
		default:
			b[pos] = byte(r.Intn(256))
		}
	}
	return b
}

// TestMutantsAgainstYara compares damaged images with yara, which checks
// that every bounds test fails the same way.
func TestMutantsAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	rules := rulesFile(t)
	r := rand.New(rand.NewSource(1))
	images := synthImages()
	var names []string
	for name := range images {
		names = append(names, name)
	}
	sort.Strings(names)
	for i := 0; i < 240; i++ {
		name := names[i%len(names)]
		checkAgainstYara(t, yara, rules, fmt.Sprintf("%s-mut%d", name, i), mutate(r, images[name]))
	}
}

// TestQuirksAgainstYara builds files that hit yara's quirks and compares.
func TestQuirksAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	rules := rulesFile(t)
	for name, img := range quirkImages() {
		checkAgainstYara(t, yara, rules, name, img)
	}
}

// quirkImages are images crafted for the corner cases of yara's parser.
func quirkImages() map[string][]byte {
	out := map[string][]byte{}
	le64 := synth{is64: true, typ: 3, machine: 62}.build()
	le32 := synth{is64: false, typ: 2, machine: 3}.build()
	be32 := synth{is64: false, bigEnd: true, typ: 2, machine: 8}.build()

	// Several PT_DYNAMIC segments, at different and shared offsets: later
	// ones overwrite the entries of earlier ones.
	{
		img := append([]byte(nil), le64...)
		phoff := int(getU64(img, 32))
		dynOff := getU64(img, phoff+56+8)
		// Turn the PT_LOAD into a second PT_DYNAMIC starting 2 entries
		// before the real one, so it reads more entries.
		putU32(img, phoff, 2)
		putU64(img, phoff+8, dynOff-32)
		out["multi-dynamic"] = img
		img2 := append([]byte(nil), img...)
		// And the reverse: the shorter one last.
		putU64(img2, phoff+8, dynOff+32)
		out["multi-dynamic-short-last"] = img2
	}
	// A dynamic section without DT_NULL runs to the end of the file.
	{
		img := append([]byte(nil), le64...)
		phoff := int(getU64(img, 32))
		putU64(img, phoff+56+8, uint64(len(img)-16*5-3))
		out["dynamic-unterminated"] = img
	}
	// An address sum that wraps in 32 bits (the entry point lookup).
	{
		img := append([]byte(nil), le32...)
		phoff := int(getU32(img, 28))
		putU32(img, phoff+8, 0xfffff000)  // vaddr of the PT_LOAD
		putU32(img, phoff+20, 0x00002000) // memsz: vaddr+memsz wraps
		putU32(img, 24, 0xfffff010)       // entry
		out["wrap32"] = img
	}
	// Entry point outside every segment, and zero.
	{
		img := append([]byte(nil), le32...)
		putU32(img, 24, 0x10)
		out["entry-outside"] = img
		img2 := append([]byte(nil), le32...)
		putU32(img2, 24, 0)
		out["entry-zero"] = img2
	}
	// Section names: string table at offset 0, a name index past the
	// table, a table without a leading NUL, unterminated names.
	{
		img := append([]byte(nil), le32...)
		shoff := int(getU32(img, 32))
		putU32(img, shoff+7*40+16, 0) // .shstrtab offset 0
		out["shstrtab-at-0"] = img
		img2 := append([]byte(nil), le32...)
		putU32(img2, shoff+2*40, 0x7ffffff0) // name index
		putU32(img2, shoff+3*40, uint32(len(img2)-shoff-7*40+1000))
		out["name-index-out"] = img2
		img3 := append([]byte(nil), le32...)
		shstr := int(getU32(img3, shoff+7*40+16))
		img3[shstr] = 'x'
		out["shstrtab-no-leading-nul"] = img3
		img4 := append([]byte(nil), le32...)
		for i := shstr + 1; i < len(img4); i++ {
			if img4[i] == 0 {
				img4[i] = 'z'
			}
		}
		out["names-unterminated"] = img4
	}
	// A big-endian file whose .symtab has an sh_link at or above e_shnum
	// but below the unswapped e_shnum yara compares it with: yara follows
	// the link to a header past the table (here .shstrtab's, a string
	// table). With the link past the end of the file it is ignored.
	{
		img := append([]byte(nil), be32...)
		shoff := int(getBE32(img, 32))
		img[48], img[49] = 0, 6 // e_shnum: 6, the last two headers left out
		img[50], img[51] = 0, 0 // e_shstrndx: 0, no section names
		putBE32(img, shoff+5*40+24, 7)
		out["be-link-past-table"] = img
		img2 := append([]byte(nil), be32...)
		putBE32(img2, shoff+5*40+24, 9)
		out["be-link-past-file"] = img2
	}
	// Many symbols whose names all run to the end of one huge
	// unterminated string: quadratic if names are scanned and copied
	// one by one.
	out["symbols-long-names"] = longNamesImage(300)
	return out
}

// longNamesImage builds an ELF64 file with n symbols whose names point
// into a string table holding one long run of non-NUL bytes.
func longNamesImage(n int) []byte {
	img := synth{is64: true, typ: 1, machine: 62}.build()
	strSize := 64 * n
	strOff := len(img)
	img = append(img, 0)
	img = append(img, bytes.Repeat([]byte{'A'}, strSize-2)...)
	img = append(img, 0)
	symOff := len(img)
	for i := 0; i < n; i++ {
		var sym [24]byte
		putU32(sym[:], 0, uint32(1+i%64))
		sym[4] = 0x12
		img = append(img, sym[:]...)
	}
	shoff := int(getU64(img, 40))
	// .strtab (4) and .symtab (5) point at the new tables.
	putU64(img, shoff+4*64+24, uint64(strOff))
	putU64(img, shoff+4*64+32, uint64(strSize))
	putU64(img, shoff+5*64+24, uint64(symOff))
	putU64(img, shoff+5*64+32, uint64(24*n))
	return img
}

// TestHostileIsFast checks that inputs that are quadratic for a naive
// parser load quickly.
func TestHostileIsFast(t *testing.T) {
	for name, img := range map[string][]byte{
		"long-names":    longNamesImage(200000),
		"many-dynamics": manyDynamicsImage(30000, 1<<22),
	} {
		start := time.Now()
		s := loadBytes(img)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: %v", name, d)
		}
		if s.Get("type") == nil {
			t.Errorf("%s: not parsed", name)
		}
	}
}

// manyDynamicsImage is an ELF64 file of the given size with phnum
// PT_DYNAMIC segments at distinct offsets over a region without DT_NULL:
// yara reads the rest of the file for each.
func manyDynamicsImage(phnum, size int) []byte {
	img := make([]byte, size)
	copy(img, []byte{0x7f, 'E', 'L', 'F', 2, 1, 1})
	putU16(img, 16, 3)
	putU64(img, 32, 64) // phoff
	putU16(img, 54, 56)
	putU16(img, 56, uint16(phnum))
	for i := 0; i < phnum; i++ {
		off := 64 + i*56
		putU32(img, off, 2)
		putU64(img, off+8, uint64(64+i*8))
	}
	for i := 64 + phnum*56; i < size; i++ {
		img[i] = 1
	}
	return img
}

// Little helpers to patch images.
func getU32(b []byte, off int) uint32 {
	return uint32(b[off]) | uint32(b[off+1])<<8 | uint32(b[off+2])<<16 | uint32(b[off+3])<<24
}
func getU64(b []byte, off int) uint64 {
	return uint64(getU32(b, off)) | uint64(getU32(b, off+4))<<32
}
func getBE32(b []byte, off int) uint32 {
	return uint32(b[off])<<24 | uint32(b[off+1])<<16 | uint32(b[off+2])<<8 | uint32(b[off+3])
}
func putU16(b []byte, off int, v uint16) { b[off], b[off+1] = byte(v), byte(v>>8) }
func putU32(b []byte, off int, v uint32) {
	putU16(b, off, uint16(v))
	putU16(b, off+2, uint16(v>>16))
}
func putU64(b []byte, off int, v uint64) {
	putU32(b, off, uint32(v))
	putU32(b, off+4, uint32(v>>32))
}
func putBE32(b []byte, off int, v uint32) {
	b[off], b[off+1], b[off+2], b[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}
