package pe

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
)

// peBuilder writes small PE files for tests: headers, sections whose
// content is generated knowing the section's RVA, data directories, a Rich
// header, a COFF string table and an overlay.
type peBuilder struct {
	is64            bool
	machine         uint16
	characteristics uint16
	timestamp       uint32
	dllChars        uint16
	subsystem       uint16
	imageBase       uint64
	entryRVA        uint32
	fileAlign       uint32
	rvaAndSizes     uint32
	sizeOfOptHeader uint16 // 0: the standard size

	rich     [][2]uint32 // (tool id << 16 | version, count)
	richKey  uint32
	sections []*bSection
	dirs     [16][2]uint32
	// symbols and strtab make a COFF symbol table after the sections.
	symbols int
	strtab  []byte
	overlay []byte
	// certTable is appended after the sections and referenced by the
	// security directory.
	certTable []byte
}

type bSection struct {
	name  string
	chars uint32
	data  []byte
	vsize uint32
	va    uint32
	raw   uint32
}

func newBuilder(is64 bool) *peBuilder {
	b := &peBuilder{is64: is64, machine: 0x14c, characteristics: 0x0102, subsystem: 3,
		imageBase: 0x400000, fileAlign: 0x200, rvaAndSizes: 16, timestamp: 0x5f000000}
	if is64 {
		b.machine = 0x8664
		b.characteristics = 0x0022
		b.imageBase = 0x140000000
	}
	return b
}

const builderSectionAlign = 0x1000

func alignUp(v, a uint32) uint32 { return (v + a - 1) / a * a }

// nextRVA is where the next section will be mapped.
func (b *peBuilder) nextRVA() uint32 {
	if len(b.sections) == 0 {
		return builderSectionAlign
	}
	s := b.sections[len(b.sections)-1]
	size := s.vsize
	if size == 0 {
		size = uint32(len(s.data))
	}
	return alignUp(s.va+max(size, 1), builderSectionAlign)
}

// addSection adds a section whose content gen builds from its RVA.
func (b *peBuilder) addSection(name string, chars uint32, gen func(rva uint32) []byte) *bSection {
	s := &bSection{name: name, chars: chars, va: b.nextRVA()}
	s.data = gen(s.va)
	b.sections = append(b.sections, s)
	return s
}

func (b *peBuilder) setDir(i int, rva, size uint32) { b.dirs[i] = [2]uint32{rva, size} }

// richHeader builds the "DanS ... Rich key" block.
func (b *peBuilder) richHeader() []byte {
	if len(b.rich) == 0 {
		return nil
	}
	var w bytes.Buffer
	le := func(v uint32) { binary.Write(&w, binary.LittleEndian, v) }
	le(0x536e6144 ^ b.richKey)
	le(b.richKey)
	le(b.richKey)
	le(b.richKey)
	for _, e := range b.rich {
		le(e[0] ^ b.richKey)
		le(e[1] ^ b.richKey)
	}
	le(0x68636952)
	le(b.richKey)
	return w.Bytes()
}

// build lays the file out.
func (b *peBuilder) build() []byte {
	dosStub := make([]byte, 0x80)
	copy(dosStub, "MZ")
	rich := b.richHeader()
	lfanew := uint32(0x80 + len(rich))
	lfanew = alignUp(lfanew, 8)
	optSize := uint16(sizeofOptionalHeader32)
	if b.is64 {
		optSize = sizeofOptionalHeader64
	}
	if b.sizeOfOptHeader != 0 {
		optSize = b.sizeOfOptHeader
	}
	headersEnd := lfanew + 24 + uint32(optSize) + uint32(40*len(b.sections))
	headersSize := alignUp(headersEnd, b.fileAlign)

	raw := headersSize
	for _, s := range b.sections {
		s.raw = raw
		raw += alignUp(uint32(len(s.data)), b.fileAlign)
	}
	out := make([]byte, raw)
	copy(out, dosStub)
	copy(out[0x80:], rich)
	binary.LittleEndian.PutUint32(out[60:], lfanew)
	h := out[lfanew:]
	copy(h, "PE\x00\x00")
	le16 := binary.LittleEndian.PutUint16
	le32 := binary.LittleEndian.PutUint32
	le64 := binary.LittleEndian.PutUint64
	le16(h[4:], b.machine)
	le16(h[6:], uint16(len(b.sections)))
	le32(h[8:], b.timestamp)
	le16(h[20:], optSize)
	le16(h[22:], b.characteristics)
	o := h[24:]
	var codeSize, dataSize uint32
	for _, s := range b.sections {
		if s.chars&0x20 != 0 {
			codeSize += alignUp(uint32(len(s.data)), b.fileAlign)
		} else {
			dataSize += alignUp(uint32(len(s.data)), b.fileAlign)
		}
	}
	entry := b.entryRVA
	if entry == 0 && len(b.sections) > 0 {
		entry = b.sections[0].va
	}
	sizeOfImage := alignUp(b.nextRVA(), builderSectionAlign)
	if b.is64 {
		le16(o[0:], 0x20b)
	} else {
		le16(o[0:], 0x10b)
	}
	o[2], o[3] = 14, 29
	le32(o[4:], codeSize)
	le32(o[8:], dataSize)
	le32(o[16:], entry)
	le32(o[20:], builderSectionAlign)
	if b.is64 {
		le64(o[24:], b.imageBase)
	} else {
		le32(o[24:], builderSectionAlign)
		le32(o[28:], uint32(b.imageBase))
	}
	le32(o[32:], builderSectionAlign)
	le32(o[36:], b.fileAlign)
	le16(o[40:], 6)
	le16(o[42:], 1)
	le16(o[44:], 1)
	le16(o[46:], 2)
	le16(o[48:], 6)
	le16(o[50:], 0)
	le32(o[56:], sizeOfImage)
	le32(o[60:], headersSize)
	le16(o[68:], b.subsystem)
	le16(o[70:], b.dllChars)
	dd := 96
	if b.is64 {
		le64(o[72:], 0x100000)
		le64(o[80:], 0x1000)
		le64(o[88:], 0x100000)
		le64(o[96:], 0x1000)
		le32(o[108:], b.rvaAndSizes)
		dd = 112
	} else {
		le32(o[72:], 0x100000)
		le32(o[76:], 0x1000)
		le32(o[80:], 0x100000)
		le32(o[84:], 0x1000)
		le32(o[92:], b.rvaAndSizes)
	}
	for i, d := range b.dirs {
		if dd+8*i+8 <= len(o) && 24+dd+8*i+8 <= 24+int(optSize)+40*len(b.sections) {
			le32(o[dd+8*i:], d[0])
			le32(o[dd+8*i+4:], d[1])
		}
	}
	st := h[24+int(optSize):]
	for i, s := range b.sections {
		e := st[40*i:]
		copy(e[:8], s.name)
		vsize := s.vsize
		if vsize == 0 {
			vsize = uint32(len(s.data))
		}
		le32(e[8:], vsize)
		le32(e[12:], s.va)
		le32(e[16:], alignUp(uint32(len(s.data)), b.fileAlign))
		le32(e[20:], s.raw)
		le32(e[36:], s.chars)
		copy(out[s.raw:], s.data)
	}
	if b.symbols > 0 || len(b.strtab) > 0 {
		le32(h[12:], uint32(len(out)))
		le32(h[16:], uint32(b.symbols))
		out = append(out, make([]byte, 18*b.symbols)...)
		tab := make([]byte, 4, 4+len(b.strtab))
		le32(tab, uint32(4+len(b.strtab)))
		out = append(out, append(tab, b.strtab...)...)
	}
	if len(b.certTable) > 0 {
		for len(out)%8 != 0 {
			out = append(out, 0)
		}
		sec := 24 + dd + 8*dirSecurity
		le32(h[sec:], uint32(len(out)))
		le32(h[sec+4:], uint32(len(b.certTable)))
		out = append(out, b.certTable...)
	}
	return append(out, b.overlay...)
}

// Section content builders. Each returns the bytes of a section at rva.

type impFunc struct {
	name  string
	ord   uint16
	byOrd bool
}

type impDLL struct {
	name  string
	funcs []impFunc
}

// buildImports lays out an import directory at rva and sets directory 1
// (or 13 for delay-load descriptors when delayed is true).
func (b *peBuilder) buildImports(rva uint32, dlls []impDLL, delayed bool) []byte {
	ptr := uint32(4)
	flag := uint64(0x80000000)
	if b.is64 {
		ptr, flag = 8, 0x8000000000000000
	}
	descSize := uint32(20)
	if delayed {
		descSize = 32
	}
	// Pass 1: sizes.
	off := descSize * uint32(len(dlls)+1)
	type lay struct{ ilt, iat, names, dllName uint32 }
	lays := make([]lay, len(dlls))
	for i, d := range dlls {
		lays[i].ilt = off
		off += ptr * uint32(len(d.funcs)+1)
		lays[i].iat = off
		off += ptr * uint32(len(d.funcs)+1)
	}
	buf := make([]byte, off, off+4096)
	put := func(at uint32, v uint64) {
		for len(buf) < int(at+ptr) {
			buf = append(buf, 0)
		}
		if ptr == 8 {
			binary.LittleEndian.PutUint64(buf[at:], v)
		} else {
			binary.LittleEndian.PutUint32(buf[at:], uint32(v))
		}
	}
	for i, d := range dlls {
		for j, f := range d.funcs {
			var v uint64
			if f.byOrd {
				v = flag | uint64(f.ord)
			} else {
				if len(buf)%2 != 0 {
					buf = append(buf, 0)
				}
				v = uint64(rva) + uint64(len(buf))
				buf = append(buf, 0, 0)
				buf = append(buf, f.name...)
				buf = append(buf, 0)
			}
			put(lays[i].ilt+ptr*uint32(j), v)
			put(lays[i].iat+ptr*uint32(j), v)
		}
		lays[i].dllName = uint32(len(buf))
		buf = append(buf, d.name...)
		buf = append(buf, 0)
	}
	for i := range dlls {
		at := descSize * uint32(i)
		if delayed {
			binary.LittleEndian.PutUint32(buf[at:], 1)
			binary.LittleEndian.PutUint32(buf[at+4:], rva+lays[i].dllName)
			binary.LittleEndian.PutUint32(buf[at+12:], rva+lays[i].iat)
			binary.LittleEndian.PutUint32(buf[at+16:], rva+lays[i].ilt)
		} else {
			binary.LittleEndian.PutUint32(buf[at:], rva+lays[i].ilt)
			binary.LittleEndian.PutUint32(buf[at+12:], rva+lays[i].dllName)
			binary.LittleEndian.PutUint32(buf[at+16:], rva+lays[i].iat)
		}
	}
	if delayed {
		b.setDir(dirDelayImport, rva, descSize*uint32(len(dlls)+1))
	} else {
		b.setDir(dirImport, rva, descSize*uint32(len(dlls)+1))
	}
	return buf
}

type expFunc struct {
	name    string // "" for an export by ordinal only
	rva     uint32
	forward string
}

// buildExports lays out an export directory at rva and sets directory 0.
func (b *peBuilder) buildExports(rva uint32, dllName string, base uint32, funcs []expFunc) []byte {
	var named []int
	for i, f := range funcs {
		if f.name != "" {
			named = append(named, i)
		}
	}
	n := uint32(len(funcs))
	addrFuncs := uint32(40)
	addrNames := addrFuncs + 4*n
	addrOrds := addrNames + 4*uint32(len(named))
	strs := addrOrds + 2*uint32(len(named))
	buf := make([]byte, strs)
	le32 := binary.LittleEndian.PutUint32
	le32(buf[4:], 0x12345678)
	le32(buf[16:], base)
	le32(buf[20:], n)
	le32(buf[24:], uint32(len(named)))
	le32(buf[28:], rva+addrFuncs)
	le32(buf[32:], rva+addrNames)
	le32(buf[36:], rva+addrOrds)
	le32(buf[12:], rva+uint32(len(buf)))
	buf = append(append(buf, dllName...), 0)
	for k, i := range named {
		le32(buf[addrNames+4*uint32(k):], rva+uint32(len(buf)))
		binary.LittleEndian.PutUint16(buf[addrOrds+2*uint32(k):], uint16(i))
		buf = append(append(buf, funcs[i].name...), 0)
	}
	for i, f := range funcs {
		if f.forward != "" {
			le32(buf[addrFuncs+4*uint32(i):], rva+uint32(len(buf)))
			buf = append(append(buf, f.forward...), 0)
		} else {
			le32(buf[addrFuncs+4*uint32(i):], f.rva)
		}
	}
	b.setDir(dirExport, rva, uint32(len(buf)))
	return buf
}

// resID names a resource directory entry by number or by name.
type resID struct {
	id   uint32
	name string
}

type resEntry struct {
	typ, name, lang resID
	data            []byte
}

// buildResources lays out a three-level resource tree at rva (one
// subdirectory per distinct type and name) and sets directory 2.
func (b *peBuilder) buildResources(rva uint32, entries []resEntry) []byte {
	type node struct {
		key      resID
		children []*node
		leaf     *resEntry
	}
	find := func(list *[]*node, k resID) *node {
		for _, n := range *list {
			if n.key == k {
				return n
			}
		}
		n := &node{key: k}
		*list = append(*list, n)
		return n
	}
	var root []*node
	for i := range entries {
		e := &entries[i]
		t := find(&root, e.typ)
		n := find(&t.children, e.name)
		l := find(&n.children, e.lang)
		l.leaf = e
	}
	var buf []byte
	le32 := func(at int, v uint32) { binary.LittleEndian.PutUint32(buf[at:], v) }
	var strings []struct {
		at   int
		name string
	}
	var leaves []struct {
		at int
		e  *resEntry
	}
	var writeDir func(list []*node) int
	writeDir = func(list []*node) int {
		at := len(buf)
		buf = append(buf, make([]byte, 16+8*len(list))...)
		le32(at+4, 0x11223344)
		var namedN, idN uint16
		for _, n := range list {
			if n.key.name != "" {
				namedN++
			} else {
				idN++
			}
		}
		binary.LittleEndian.PutUint16(buf[at+8:], 4)
		binary.LittleEndian.PutUint16(buf[at+12:], namedN)
		binary.LittleEndian.PutUint16(buf[at+14:], idN)
		for i, n := range list {
			e := at + 16 + 8*i
			if n.key.name != "" {
				strings = append(strings, struct {
					at   int
					name string
				}{e, n.key.name})
			} else {
				le32(e, n.key.id)
			}
			if n.leaf != nil {
				leaves = append(leaves, struct {
					at int
					e  *resEntry
				}{e + 4, n.leaf})
			} else {
				sub := writeDir(n.children)
				le32(e+4, 0x80000000|uint32(sub))
			}
		}
		return at
	}
	writeDir(root)
	for _, s := range strings {
		le32(s.at, 0x80000000|uint32(len(buf)))
		u := utf16.Encode([]rune(s.name))
		buf = binary.LittleEndian.AppendUint16(buf, uint16(len(u)))
		for _, c := range u {
			buf = binary.LittleEndian.AppendUint16(buf, c)
		}
	}
	for _, l := range leaves {
		for len(buf)%4 != 0 {
			buf = append(buf, 0)
		}
		le32(l.at, uint32(len(buf)))
		buf = append(buf, make([]byte, 16)...)
		entry := len(buf) - 16
		le32(entry+4, uint32(len(l.e.data)))
		le32(entry, rva+uint32(len(buf)))
		buf = append(buf, l.e.data...)
	}
	b.setDir(dirResource, rva, uint32(len(buf)))
	return buf
}

// versionInfo builds a VS_VERSION_INFO block with one string table.
func versionInfo(lang string, strs [][2]string) []byte {
	wstr := func(s string) []byte {
		var out []byte
		for _, c := range utf16.Encode([]rune(s)) {
			out = binary.LittleEndian.AppendUint16(out, c)
		}
		return append(out, 0, 0)
	}
	pad := func(b []byte) []byte {
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		return b
	}
	block := func(key string, typ uint16, valueLen uint16, value []byte, children []byte) []byte {
		b := make([]byte, 6)
		binary.LittleEndian.PutUint16(b[2:], valueLen)
		binary.LittleEndian.PutUint16(b[4:], typ)
		b = pad(append(b, wstr(key)...))
		b = append(b, value...)
		if len(children) > 0 {
			b = pad(b)
			b = append(b, children...)
		}
		binary.LittleEndian.PutUint16(b, uint16(len(b)))
		return b
	}
	var strings []byte
	for _, kv := range strs {
		v := wstr(kv[1])
		strings = pad(append(strings, block(kv[0], 1, uint16(len(v)/2), v, nil)...))
	}
	table := block(lang, 1, 0, nil, strings)
	sfi := block("StringFileInfo", 1, 0, nil, table)
	fixed := make([]byte, 52)
	binary.LittleEndian.PutUint32(fixed, 0xfeef04bd)
	vfi := block("VarFileInfo", 1, 0, nil, block("Translation", 0, 4, []byte{9, 4, 0xb0, 4}, nil))
	return block("VS_VERSION_INFO", 0, 52, fixed, pad(append(pad(sfi), vfi...)))
}

// codeView builds a debug directory with one RSDS entry at rva and sets
// directory 6.
func (b *peBuilder) buildDebug(rva uint32, pdb string) []byte {
	buf := make([]byte, 28)
	binary.LittleEndian.PutUint32(buf[12:], 2)
	cv := append([]byte("RSDS"), make([]byte, 20)...)
	cv = append(append(cv, pdb...), 0)
	binary.LittleEndian.PutUint32(buf[16:], uint32(len(cv)))
	binary.LittleEndian.PutUint32(buf[20:], rva+28)
	buf = append(buf, cv...)
	b.setDir(dirDebug, rva, 28)
	return buf
}
