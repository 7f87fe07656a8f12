package pe

import (
	"encoding/binary"
	"strings"
)

// edgeFiles are PE files with the odd corners pe.c handles in its own way.
func edgeFiles() map[string][]byte {
	files := map[string][]byte{}
	le16 := binary.LittleEndian.PutUint16
	le32 := binary.LittleEndian.PutUint32
	nt := func(d []byte) []byte { return d[binary.LittleEndian.Uint32(d[60:]):] }

	// A machine outside pe_get_header's list.
	d := fullPE(false)
	le16(nt(d)[4:], 0x1234)
	files["machine.exe"] = d

	// Negative e_lfanew.
	d = fullPE(false)
	le32(d[60:], 0x80000000)
	files["lfanew.exe"] = d

	// PDB paths at and around MAX_PATH.
	for _, n := range []int{1023, 1024} {
		b := newBuilder(true)
		b.addSection(".rdata", 0x40000040, func(rva uint32) []byte {
			return b.buildDebug(rva, strings.Repeat("A", n))
		})
		files["pdb"+strings.Repeat("x", n%10)+".exe"] = b.build()
	}

	// Directory counts: few, and "negative".
	for name, n := range map[string]uint32{"rva5.exe": 5, "rvaneg.exe": 0x80000000, "rva0.exe": 0} {
		b := newBuilder(false)
		b.rvaAndSizes = n
		b.addSection(".text", 0x60000020, func(rva uint32) []byte {
			return b.buildImports(rva, []impDLL{{"kernel32.dll", []impFunc{{name: "ExitProcess"}}}}, false)
		})
		files[name] = b.build()
	}

	// Odd imports: an invalid DLL name (skipped, not counted), a name RVA
	// outside the file (counted, no functions), no OriginalFirstThunk, a
	// DLL listed twice, a function name at the very end of the section.
	b := newBuilder(false)
	b.addSection(".idata", 0xc0000040, func(rva uint32) []byte {
		data := b.buildImports(rva, []impDLL{
			{"bad*name.dll", []impFunc{{name: "A"}}},
			{"gone.dll", []impFunc{{name: "B"}}},
			{"KERNEL32.DLL", []impFunc{{name: "Sleep"}, {ord: 7, byOrd: true}}},
			{"kernel32.dll", []impFunc{{name: "ExitThread"}}},
			{"noilt.dll", []impFunc{{name: "C"}}},
			{"mfc42.ocx.dll", []impFunc{{name: "X"}}},
		}, false)
		le32(data[20+12:], 0x7ffffff0) // gone.dll: unmapped name
		le32(data[80:], 0)             // noilt.dll: no OriginalFirstThunk
		return append(data, 0, 0, 'E', 'n', 'd')
	})
	files["imports-odd.exe"] = b.build()

	// Odd exports: duplicate name-ordinal entries, an unmapped name,
	// no DLL name, a large ordinal base.
	b = newBuilder(false)
	b.addSection(".edata", 0x40000040, func(rva uint32) []byte {
		data := b.buildExports(rva, "odd.dll", 0x10000, []expFunc{
			{name: "one", rva: 0x1000}, {name: "two", rva: 0x1001}, {name: "three", rva: 0x1002},
		})
		le16(data[64:], 1)          // ordinals[0] = 1: export 0 loses its name
		le16(data[66:], 1)          // ordinals[1] = 1: export 1 is named by names[0]
		le32(data[60:], 0x7ffffff0) // names[2] is unmapped
		le32(data[12:], 0)          // no DLL name
		return data
	})
	files["exports-odd.exe"] = b.build()

	// Odd version strings: over-long key and value, an empty ValueLength,
	// a repeated key, non-ASCII characters.
	long := strings.Repeat("K", 70)
	b = newBuilder(true)
	b.addSection(".rsrc", 0x40000040, func(rva uint32) []byte {
		vi := versionInfo("000004b0", [][2]string{
			{long, strings.Repeat("v", 300)},
			{"Dup", "first"},
			{"Empty", "not empty"},
			{"Dup", "second"},
			{"Wide", "中文ü"},
		})
		// Zero the ValueLength of "Empty": find its key.
		key := []byte{'E', 0, 'm', 0, 'p', 0, 't', 0, 'y', 0}
		if i := strings.Index(string(vi), string(key)); i >= 6 {
			le16(vi[i-4:], 0)
		}
		return b.buildResources(rva, []resEntry{
			{typ: resID{id: 16}, name: resID{id: 1}, lang: resID{id: 0}, data: vi},
			{typ: resID{id: 16}, name: resID{id: 2}, lang: resID{id: 0}, data: vi},
		})
	})
	files["version-odd.exe"] = b.build()

	// A hand-made resource tree: a named type whose name lies outside the
	// file, a data entry at the type level (inheriting stale ids), a
	// subdirectory with Characteristics set and a language-level entry
	// flagged as a subdirectory.
	b = newBuilder(false)
	b.addSection(".rsrc", 0x40000040, func(rva uint32) []byte {
		buf := make([]byte, 0x200)
		dir := func(at int, chars uint32, named, ids uint16) {
			le32(buf[at:], chars)
			le16(buf[at+12:], named)
			le16(buf[at+14:], ids)
		}
		entry := func(at int, name, off uint32) {
			le32(buf[at:], name)
			le32(buf[at+4:], off)
		}
		dataEntry := func(at int, dataRVA, size uint32) {
			le32(buf[at:], dataRVA)
			le32(buf[at+4:], size)
		}
		dir(0, 0, 1, 3)
		entry(16, 0x8000f000, 0x80000040) // named type, name out of range
		entry(24, 3, 0x00000100)          // data entry at the type level
		entry(32, 16, 0x80000060)         // VERSION type -> dir with chars
		entry(40, 6, 0x80000080)          // STRING type
		dir(0x40, 0, 0, 1)
		entry(0x50, 9, 0x800000a0)
		dir(0x60, 1, 0, 1)
		entry(0x70, 1, 0x100)
		dir(0x80, 0, 0, 1)
		entry(0x90, 0x80000150, 0x800000a0) // named id via string at 0x150
		dir(0xa0, 0, 0, 2)
		entry(0xb0, 0x409, 0x80000110) // language flagged as subdirectory
		entry(0xb8, 0x80000160, 0x120) // named language
		dataEntry(0x100, rva+0x180, 4)
		dataEntry(0x110, rva+0x7000, 8) // data outside the file
		dataEntry(0x120, rva+0x184, 2)
		le16(buf[0x150:], 2)
		copy(buf[0x152:], []byte{'I', 0, 'D', 0})
		le16(buf[0x160:], 1)
		copy(buf[0x162:], []byte{'L', 0})
		b.setDir(dirResource, rva, 0x200)
		return buf
	})
	files["rsrc-odd.exe"] = b.build()

	// Section names: embedded NUL, long names through the COFF string
	// table (valid, non-printable, out of range).
	b = newBuilder(false)
	for _, n := range []string{"a\x00b", "/4", "/21", "/999999", "/x", "12345678"} {
		b.addSection(n, 0x40000040, func(uint32) []byte { return []byte{1} })
	}
	b.strtab = []byte(".long_name\x00bad\x01name\x00")
	b.symbols = 1
	files["secnames.exe"] = b.build()

	// VC6-style delay-load descriptors (attributes 0, VAs) in a PE32.
	b = newBuilder(false)
	b.addSection(".didat", 0xc0000040, func(rva uint32) []byte {
		data := b.buildImports(rva, []impDLL{{"old.dll", []impFunc{{name: "F"}, {ord: 9, byOrd: true}}}}, true)
		base := uint32(b.imageBase)
		le32(data[0:], 0)
		for _, f := range []int{4, 12, 16} {
			le32(data[f:], binary.LittleEndian.Uint32(data[f:])+base)
		}
		iat := binary.LittleEndian.Uint32(data[12:]) - base - rva
		ilt := binary.LittleEndian.Uint32(data[16:]) - base - rva
		v := binary.LittleEndian.Uint32(data[ilt:]) + base
		le32(data[ilt:], v)
		le32(data[iat:], v)
		return data
	})
	files["delay-vc6.exe"] = b.build()

	// Sections reaching past the end of the file: no overlay.
	b = newBuilder(false)
	b.addSection(".text", 0x60000020, func(uint32) []byte { return make([]byte, 0x400) })
	d = b.build()
	files["short.exe"] = d[:len(d)-0x100]

	// Authenticode blobs built by hand.
	for name, blob := range pkcs7Samples() {
		b = newBuilder(false)
		b.addSection(".text", 0x60000020, func(uint32) []byte { return []byte{0xc3} })
		b.certTable = blob
		files[name] = b.build()
	}
	return files
}
