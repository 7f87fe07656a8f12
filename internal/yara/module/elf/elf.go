// Package elf is YARA's "elf" module as yara 4.2.3 has it: the ELF header
// (type, machine, entry point as a file offset), the section and program
// header tables, the dynamic section, and the symbol tables .symtab and
// .dynsym, for 32- and 64-bit files of either byte order, plus the ELF
// constants yara exports.
//
// The parser reproduces libyara/modules/elf/elf.c field by field, bounds
// checks included, because rules depend on what yara leaves undefined in
// damaged files as much as on what it reads in sound ones. Where yara's C
// has quirks that show in results (32-bit address sums that wrap, a bound
// read without byte swapping, a later PT_DYNAMIC segment overwriting an
// earlier one's entries) they are reproduced and commented. Unlike the C,
// the work is bounded: every loop is limited by the file size and no input
// makes the parser quadratic.
package elf

import (
	"bytes"
	"encoding/binary"
	"sort"

	"github.com/yingji/yingji/internal/yara/module"
)

// Module is the elf module.
var Module = &module.Module{
	Name:   "elf",
	Schema: schema(),
	Load:   load,
}

func init() { module.Register(Module) }

// ELF values the parser tests.
const (
	etExec      = 2
	shtSymtab   = 2
	shtStrtab   = 3
	shtNobits   = 8
	shtDynsym   = 11
	shtNull     = 0
	ptDynamic   = 2
	shnLoreserv = 0xff00
	pnXnum      = 0xffff
)

// yrUndefined is libyara's YR_UNDEFINED. set_integer with this value leaves
// the field undefined, so a field whose raw value happens to equal it reads
// as undefined in yara; setInt reproduces that.
const yrUndefined = 0xFFFABADAFABADAFF

// constants are the integers the module exports, in yara's order.
var constants = []struct {
	name  string
	value int64
}{
	{"ET_NONE", 0}, {"ET_REL", 1}, {"ET_EXEC", 2}, {"ET_DYN", 3}, {"ET_CORE", 4},

	{"EM_NONE", 0}, {"EM_M32", 1}, {"EM_SPARC", 2}, {"EM_386", 3}, {"EM_68K", 4},
	{"EM_88K", 5}, {"EM_860", 7}, {"EM_MIPS", 8}, {"EM_MIPS_RS3_LE", 10},
	{"EM_PPC", 20}, {"EM_PPC64", 21}, {"EM_ARM", 40}, {"EM_X86_64", 62},
	{"EM_AARCH64", 183},

	{"SHT_NULL", 0}, {"SHT_PROGBITS", 1}, {"SHT_SYMTAB", 2}, {"SHT_STRTAB", 3},
	{"SHT_RELA", 4}, {"SHT_HASH", 5}, {"SHT_DYNAMIC", 6}, {"SHT_NOTE", 7},
	{"SHT_NOBITS", 8}, {"SHT_REL", 9}, {"SHT_SHLIB", 10}, {"SHT_DYNSYM", 11},

	{"SHF_WRITE", 1}, {"SHF_ALLOC", 2}, {"SHF_EXECINSTR", 4},

	{"PT_NULL", 0}, {"PT_LOAD", 1}, {"PT_DYNAMIC", 2}, {"PT_INTERP", 3},
	{"PT_NOTE", 4}, {"PT_SHLIB", 5}, {"PT_PHDR", 6}, {"PT_TLS", 7},
	{"PT_GNU_EH_FRAME", 0x6474e550}, {"PT_GNU_STACK", 0x6474e551},

	{"DT_NULL", 0}, {"DT_NEEDED", 1}, {"DT_PLTRELSZ", 2}, {"DT_PLTGOT", 3},
	{"DT_HASH", 4}, {"DT_STRTAB", 5}, {"DT_SYMTAB", 6}, {"DT_RELA", 7},
	{"DT_RELASZ", 8}, {"DT_RELAENT", 9}, {"DT_STRSZ", 10}, {"DT_SYMENT", 11},
	{"DT_INIT", 12}, {"DT_FINI", 13}, {"DT_SONAME", 14}, {"DT_RPATH", 15},
	{"DT_SYMBOLIC", 16}, {"DT_REL", 17}, {"DT_RELSZ", 18}, {"DT_RELENT", 19},
	{"DT_PLTREL", 20}, {"DT_DEBUG", 21}, {"DT_TEXTREL", 22}, {"DT_JMPREL", 23},
	{"DT_BIND_NOW", 24}, {"DT_INIT_ARRAY", 25}, {"DT_FINI_ARRAY", 26},
	{"DT_INIT_ARRAYSZ", 27}, {"DT_FINI_ARRAYSZ", 28}, {"DT_RUNPATH", 29},
	{"DT_FLAGS", 30}, {"DT_ENCODING", 32},

	{"STT_NOTYPE", 0}, {"STT_OBJECT", 1}, {"STT_FUNC", 2}, {"STT_SECTION", 3},
	{"STT_FILE", 4}, {"STT_COMMON", 5}, {"STT_TLS", 6},

	{"STB_LOCAL", 0}, {"STB_GLOBAL", 1}, {"STB_WEAK", 2},

	{"PF_X", 1}, {"PF_W", 2}, {"PF_R", 4},
}

func schema() *module.Type {
	i, s := module.Int, module.Str
	symbol := module.StructOf(map[string]*module.Type{
		"name": s, "value": i, "size": i, "type": i, "bind": i, "shndx": i,
	})
	fields := map[string]*module.Type{
		"type":               i,
		"machine":            i,
		"entry_point":        i,
		"number_of_sections": i,
		"sh_offset":          i,
		"sh_entry_size":      i,
		"number_of_segments": i,
		"ph_offset":          i,
		"ph_entry_size":      i,
		"sections": module.ArrayOf(module.StructOf(map[string]*module.Type{
			"type": i, "flags": i, "address": i, "name": s, "size": i, "offset": i,
		})),
		"segments": module.ArrayOf(module.StructOf(map[string]*module.Type{
			"type": i, "flags": i, "offset": i, "virtual_address": i,
			"physical_address": i, "file_size": i, "memory_size": i, "alignment": i,
		})),
		"dynamic_section_entries": i,
		"dynamic": module.ArrayOf(module.StructOf(map[string]*module.Type{
			"type": i, "val": i,
		})),
		"symtab_entries": i,
		"symtab":         module.ArrayOf(symbol),
		"dynsym_entries": i,
		"dynsym":         module.ArrayOf(symbol),
	}
	for _, c := range constants {
		fields[c.name] = i
	}
	return module.StructOf(fields)
}

func load(in *module.Input) *module.Struct {
	s := module.NewStruct()
	for _, c := range constants {
		s.Set(c.name, c.value)
	}
	p := newParser(in.Data)
	if p != nil {
		p.parse(s)
	}
	return s
}

// setInt sets an integer field from an unsigned ELF value, as yara's
// set_integer does: stored as int64, and undefined if it equals
// YR_UNDEFINED.
func setInt(s *module.Struct, name string, v uint64) {
	if v != yrUndefined {
		s.Set(name, int64(v))
	}
}

// parser reads one ELF image. Offsets are uint64 file offsets; size is the
// image's size (yara's elf_size, the size of the scanned block).
type parser struct {
	data []byte
	size uint64
	bo   binary.ByteOrder
	is64 bool

	// Sizes of yara's structures for the class (sizeof in the C).
	ehdrSize, shdrSize, phdrSize, symSize, dynSize uint64
	// wordMask truncates sums of two header words to the class's width:
	// yara adds two uint32_t fields in 32-bit arithmetic.
	wordMask uint64
}

// newParser recognises an ELF image as yara does: the magic, then
// ELFCLASS32/64 and ELFDATA2LSB/MSB exactly, then an image strictly
// larger than the ELF header (yara compares block->size > sizeof header).
// It returns nil for anything else, leaving only the constants.
func newParser(data []byte) *parser {
	if len(data) < 16 || !bytes.Equal(data[:4], []byte("\x7fELF")) {
		return nil
	}
	p := &parser{data: data, size: uint64(len(data))}
	switch data[5] {
	case 1:
		p.bo = binary.LittleEndian
	case 2:
		p.bo = binary.BigEndian
	default:
		return nil
	}
	switch data[4] {
	case 1:
		p.ehdrSize, p.shdrSize, p.phdrSize, p.symSize, p.dynSize = 52, 40, 32, 16, 8
		p.wordMask = 0xffffffff
	case 2:
		p.is64 = true
		p.ehdrSize, p.shdrSize, p.phdrSize, p.symSize, p.dynSize = 64, 64, 56, 24, 16
		p.wordMask = ^uint64(0)
	default:
		return nil
	}
	if p.size <= p.ehdrSize {
		return nil
	}
	return p
}

// Readers of fixed-size fields; callers have checked the bounds.
func (p *parser) u8(off uint64) uint64  { return uint64(p.data[off]) }
func (p *parser) u16(off uint64) uint64 { return uint64(p.bo.Uint16(p.data[off:])) }
func (p *parser) u32(off uint64) uint64 { return uint64(p.bo.Uint32(p.data[off:])) }
func (p *parser) u64(off uint64) uint64 { return p.bo.Uint64(p.data[off:]) }

// word reads an address-sized field: 4 bytes in ELF32, 8 in ELF64.
func (p *parser) word(off uint64) uint64 {
	if p.is64 {
		return p.u64(off)
	}
	return p.u32(off)
}

// fits is yara's is_valid_ptr(elf, elf_size, elf + off, n): n bytes at
// off lie inside the image. A pointer made from a huge offset wraps below
// the image in C and fails the same test.
func (p *parser) fits(off, n uint64) bool {
	return n <= p.size && off <= p.size-n
}

// header is the ELF header's fields.
type header struct {
	typ, machine, entry, phoff, shoff uint64
	phentsize, phnum, shentsize       uint64
	shnum, shstrndx                   uint64
	// rawShnum is e_shnum as the C reads it in one place, without byte
	// swapping (elf->sh_entry_count): on a little-endian host, the value
	// of a big-endian file's field with its bytes reversed.
	rawShnum uint64
}

func (p *parser) header() header {
	h := header{typ: p.u16(16), machine: p.u16(18)}
	if p.is64 {
		h.entry, h.phoff, h.shoff = p.u64(24), p.u64(32), p.u64(40)
		h.phentsize, h.phnum, h.shentsize, h.shnum, h.shstrndx = p.u16(54), p.u16(56), p.u16(58), p.u16(60), p.u16(62)
		h.rawShnum = uint64(binary.LittleEndian.Uint16(p.data[60:]))
	} else {
		h.entry, h.phoff, h.shoff = p.u32(24), p.u32(28), p.u32(32)
		h.phentsize, h.phnum, h.shentsize, h.shnum, h.shstrndx = p.u16(42), p.u16(44), p.u16(46), p.u16(48), p.u16(50)
		h.rawShnum = uint64(binary.LittleEndian.Uint16(p.data[48:]))
	}
	return h
}

// section is a section header.
type section struct {
	name, typ, flags, addr, offset, size, link uint64
}

func (p *parser) section(off uint64) section {
	if p.is64 {
		return section{
			name: p.u32(off), typ: p.u32(off + 4), flags: p.u64(off + 8),
			addr: p.u64(off + 16), offset: p.u64(off + 24), size: p.u64(off + 32),
			link: p.u32(off + 40),
		}
	}
	return section{
		name: p.u32(off), typ: p.u32(off + 4), flags: p.u32(off + 8),
		addr: p.u32(off + 12), offset: p.u32(off + 16), size: p.u32(off + 20),
		link: p.u32(off + 24),
	}
}

// segment is a program header.
type segment struct {
	typ, flags, offset, vaddr, paddr, filesz, memsz, align uint64
}

func (p *parser) segment(off uint64) segment {
	if p.is64 {
		return segment{
			typ: p.u32(off), flags: p.u32(off + 4), offset: p.u64(off + 8),
			vaddr: p.u64(off + 16), paddr: p.u64(off + 24), filesz: p.u64(off + 32),
			memsz: p.u64(off + 40), align: p.u64(off + 48),
		}
	}
	return segment{
		typ: p.u32(off), offset: p.u32(off + 4), vaddr: p.u32(off + 8),
		paddr: p.u32(off + 12), filesz: p.u32(off + 16), memsz: p.u32(off + 20),
		flags: p.u32(off + 24), align: p.u32(off + 28),
	}
}

func (p *parser) parse(s *module.Struct) {
	h := p.header()
	setInt(s, "type", h.typ)
	setInt(s, "machine", h.machine)
	setInt(s, "sh_offset", h.shoff)
	setInt(s, "sh_entry_size", h.shentsize)
	setInt(s, "number_of_sections", h.shnum)
	setInt(s, "ph_offset", h.phoff)
	setInt(s, "ph_entry_size", h.phentsize)
	setInt(s, "number_of_segments", h.phnum)
	if h.entry != 0 {
		setInt(s, "entry_point", p.rvaToOffset(h, h.entry))
	}
	p.sections(s, h)
	p.segments(s, h)
}

// rvaToOffset is yara's elf_rva_to_offset: an executable's address is
// mapped through the program headers, any other file's through the section
// headers (skipping SHT_NULL and SHT_NOBITS). YR_UNDEFINED when no header
// covers it or the table is not inside the file.
func (p *parser) rvaToOffset(h header, rva uint64) uint64 {
	if h.typ == etExec {
		table := p.phdrSize * h.phnum
		if h.phoff > ^uint64(0)-table ||
			h.phoff == 0 || h.phoff > p.size || h.phoff+table > p.size || h.phnum == 0 {
			return yrUndefined
		}
		for i := uint64(0); i < h.phnum; i++ {
			seg := p.segment(h.phoff + i*p.phdrSize)
			if rva >= seg.vaddr && rva < (seg.vaddr+seg.memsz)&p.wordMask {
				return seg.offset + (rva - seg.vaddr)
			}
		}
		return yrUndefined
	}
	table := p.shdrSize * h.shnum
	if h.shoff > ^uint64(0)-table ||
		h.shoff == 0 || h.shoff > p.size || h.shoff+table > p.size || h.shnum == 0 {
		return yrUndefined
	}
	for i := uint64(0); i < h.shnum; i++ {
		sec := p.section(h.shoff + i*p.shdrSize)
		if sec.typ != shtNull && sec.typ != shtNobits &&
			rva >= sec.addr && rva < (sec.addr+sec.size)&p.wordMask {
			return sec.offset + (rva - sec.addr)
		}
	}
	return yrUndefined
}

// symbolTable locates a symbol table and its string table.
type symbolTable struct {
	found              bool
	off, size          uint64
	strOff, strSize    uint64
	fieldName, entries string
}

// sections reads the section header table, the section names and the
// symbol tables it points to.
func (p *parser) sections(s *module.Struct, h header) {
	if h.shnum >= shnLoreserv || h.shstrndx >= h.shnum || h.shoff >= p.size ||
		h.shoff+h.shnum*p.shdrSize > p.size {
		return
	}
	// Section names are read from the .shstrtab offset up to the end of
	// the file, not of the section: yara ignores the section's size.
	// Offset 0 means no names (yara tests str_table > elf_raw).
	var names *strtab
	if off := p.section(h.shoff + h.shstrndx*p.shdrSize).offset; off < p.size && off > 0 {
		names = newStrtab(p.data[off:])
	}
	symtab := symbolTable{fieldName: "symtab", entries: "symtab_entries"}
	dynsym := symbolTable{fieldName: "dynsym", entries: "dynsym_entries"}
	items := make([]any, h.shnum)
	for i := uint64(0); i < h.shnum; i++ {
		sec := p.section(h.shoff + i*p.shdrSize)
		e := module.NewStruct()
		setInt(e, "type", sec.typ)
		setInt(e, "flags", sec.flags)
		setInt(e, "address", sec.addr)
		setInt(e, "size", sec.size)
		setInt(e, "offset", sec.offset)
		if names != nil && sec.name < p.size {
			if name, ok := names.entry(sec.name); ok {
				e.Set("name", name)
			}
		}
		items[i] = e

		// The last SHT_SYMTAB and the last SHT_DYNSYM whose sh_link is a
		// string table win. The bound on sh_link is the unswapped e_shnum,
		// and the linked header need only lie inside the file, not inside
		// the table: both as in yara.
		var t *symbolTable
		switch sec.typ {
		case shtSymtab:
			t = &symtab
		case shtDynsym:
			t = &dynsym
		}
		if t != nil && sec.link < h.rawShnum {
			linkOff := h.shoff + sec.link*p.shdrSize
			if p.fits(linkOff, p.shdrSize) {
				if str := p.section(linkOff); str.typ == shtStrtab {
					t.found = true
					t.off, t.size = sec.offset, sec.size
					t.strOff, t.strSize = str.offset, str.size
				}
			}
		}
	}
	s.Set("sections", &module.Array{Items: items})
	p.symbols(s, symtab)
	p.symbols(s, dynsym)
}

// symbols reads a symbol table whose table and string table both lie
// inside the file.
func (p *parser) symbols(s *module.Struct, t symbolTable) {
	if !t.found || !p.fits(t.strOff, t.strSize) || !p.fits(t.off, t.size) {
		return
	}
	names := newStrtab(p.data[t.strOff : t.strOff+t.strSize])
	n := t.size / p.symSize
	items := make([]any, n)
	for j := uint64(0); j < n; j++ {
		off := t.off + j*p.symSize
		var name, info, shndx, value, size uint64
		if p.is64 {
			name, info, shndx, value, size = p.u32(off), p.u8(off+4), p.u16(off+6), p.u64(off+8), p.u64(off+16)
		} else {
			name, value, size, info, shndx = p.u32(off), p.u32(off+4), p.u32(off+8), p.u8(off+12), p.u16(off+14)
		}
		e := module.NewStruct()
		if str, ok := names.entry(name); ok {
			e.Set("name", str)
		}
		setInt(e, "bind", info>>4)
		setInt(e, "type", info&0xf)
		setInt(e, "shndx", shndx)
		setInt(e, "value", value)
		setInt(e, "size", size)
		items[j] = e
	}
	s.Set(t.fieldName, &module.Array{Items: items})
	setInt(s, t.entries, n)
}

// segments reads the program header table and the dynamic section of each
// PT_DYNAMIC segment.
func (p *parser) segments(s *module.Struct, h header) {
	if h.phnum == 0 || h.phnum >= pnXnum || h.phoff >= p.size ||
		h.phoff+h.phnum*p.phdrSize > p.size {
		return
	}
	items := make([]any, h.phnum)
	var dynamic []uint64 // offsets of the PT_DYNAMIC segments, in order
	for i := uint64(0); i < h.phnum; i++ {
		seg := p.segment(h.phoff + i*p.phdrSize)
		e := module.NewStruct()
		setInt(e, "type", seg.typ)
		setInt(e, "flags", seg.flags)
		setInt(e, "offset", seg.offset)
		setInt(e, "virtual_address", seg.vaddr)
		setInt(e, "physical_address", seg.paddr)
		setInt(e, "file_size", seg.filesz)
		setInt(e, "memory_size", seg.memsz)
		setInt(e, "alignment", seg.align)
		items[i] = e
		if seg.typ == ptDynamic {
			dynamic = append(dynamic, seg.offset)
		}
	}
	s.Set("segments", &module.Array{Items: items})
	if len(dynamic) > 0 {
		p.dynamic(s, dynamic)
	}
}

// dynamic fills dynamic[] and dynamic_section_entries as yara's loop over
// PT_DYNAMIC segments leaves them. For each such segment yara writes
// dynamic[j] for its entries, from the segment's file offset up to and
// including the first DT_NULL or up to the end of the file, and sets
// dynamic_section_entries to that count: a later segment overwrites the
// entries of an earlier one, whose extra entries survive, and the count is
// the last segment's.
//
// Replaying that literally is quadratic with many PT_DYNAMIC segments (each
// may scan the rest of the file), so the same final state is computed
// directly: the entry counts of all segments in time linear in the file
// size, then every index written once, by the last segment that reaches
// it.
func (p *parser) dynamic(s *module.Struct, offsets []uint64) {
	counts := p.dynamicCounts(offsets)
	var items []any
	covered := uint64(0)
	for i := len(offsets) - 1; i >= 0; i-- {
		n := counts[offsets[i]]
		for j := covered; j < n; j++ {
			off := offsets[i] + j*p.dynSize
			e := module.NewStruct()
			if p.is64 {
				setInt(e, "type", p.u64(off))
				setInt(e, "val", p.u64(off+8))
			} else {
				setInt(e, "type", p.u32(off))
				setInt(e, "val", p.u32(off+4))
			}
			items = append(items, e)
		}
		if n > covered {
			covered = n
		}
	}
	s.Set("dynamic", &module.Array{Items: items})
	setInt(s, "dynamic_section_entries", counts[offsets[len(offsets)-1]])
}

// dynamicCounts returns the number of dynamic entries yara reads at each
// offset. Offsets whose entries are aligned alike (same offset modulo the
// entry size) share their tails, so they are processed from the highest
// down and a scan stops where the previous one started: each entry of the
// file is read at most once.
func (p *parser) dynamicCounts(offsets []uint64) map[uint64]uint64 {
	uniq := map[uint64]bool{}
	var sorted []uint64
	for _, o := range offsets {
		if !uniq[o] {
			uniq[o] = true
			sorted = append(sorted, o)
		}
	}
	es := p.dynSize
	sort.Slice(sorted, func(a, b int) bool {
		ra, rb := sorted[a]%es, sorted[b]%es
		if ra != rb {
			return ra < rb
		}
		return sorted[a] > sorted[b]
	})
	counts := make(map[uint64]uint64, len(sorted))
	for i, o := range sorted {
		// The nearest higher offset with the same alignment, if any.
		var next uint64
		hasNext := i > 0 && sorted[i-1]%es == o%es
		if hasNext {
			next = sorted[i-1]
		}
		n := uint64(0)
		for pos := o; p.fits(pos, es); pos += es {
			if hasNext && pos == next {
				n += counts[next]
				break
			}
			n++
			// yara compares the raw tag with DT_NULL: zero in either
			// byte order.
			if p.word(pos) == 0 {
				break
			}
		}
		counts[o] = n
	}
	return counts
}
