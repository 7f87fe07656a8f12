package elf

import (
	"bytes"
	"encoding/binary"
)

// synth describes a small but complete ELF image for tests: program
// headers with a PT_DYNAMIC segment, .text, .dynsym/.dynstr,
// .symtab/.strtab, .dynamic and .shstrtab, in either class and byte order.
type synth struct {
	is64    bool
	bigEnd  bool
	typ     uint16 // e_type
	machine uint16
}

// synthSym is a symbol of a synthetic image.
type synthSym struct {
	name  string
	info  byte
	shndx uint16
	value uint64
	size  uint64
}

// build returns the image's bytes.
func (s synth) build() []byte {
	var bo interface {
		binary.ByteOrder
		binary.AppendByteOrder
	} = binary.LittleEndian
	if s.bigEnd {
		bo = binary.BigEndian
	}
	ehSize, phSize, shSize, symSize, dynSize := 52, 32, 40, 16, 8
	if s.is64 {
		ehSize, phSize, shSize, symSize, dynSize = 64, 56, 64, 24, 16
	}
	const base = 0x400000
	var buf bytes.Buffer
	pad := func(align int) {
		for buf.Len()%align != 0 {
			buf.WriteByte(0)
		}
	}
	u16 := func(b []byte, v uint16) []byte { return bo.AppendUint16(b, v) }
	u32 := func(b []byte, v uint32) []byte { return bo.AppendUint32(b, v) }
	word := func(b []byte, v uint64) []byte {
		if s.is64 {
			return bo.AppendUint64(b, v)
		}
		return bo.AppendUint32(b, uint32(v))
	}
	strtab := func(names ...string) ([]byte, []uint32) {
		t := []byte{0}
		var idx []uint32
		for _, n := range names {
			idx = append(idx, uint32(len(t)))
			t = append(append(t, n...), 0)
		}
		return t, idx
	}

	// Reserve the ELF header and two program headers.
	buf.Write(make([]byte, ehSize+2*phSize))
	pad(16)
	textOff := buf.Len()
	buf.Write(bytes.Repeat([]byte{0x90}, 48))

	dynNames := []string{"puts", "exit", "libc.so.6"}
	dynstr, dynIdx := strtab(dynNames...)
	dynstrOff := buf.Len()
	buf.Write(dynstr)
	pad(8)
	syms := func(names []uint32, list []synthSym) []byte {
		var b []byte
		b = append(b, make([]byte, symSize)...) // the null symbol
		for i, sy := range list {
			if s.is64 {
				b = u32(b, names[i])
				b = append(b, sy.info, 0)
				b = u16(b, sy.shndx)
				b = bo.AppendUint64(b, sy.value)
				b = bo.AppendUint64(b, sy.size)
			} else {
				b = u32(b, names[i])
				b = u32(b, uint32(sy.value))
				b = u32(b, uint32(sy.size))
				b = append(b, sy.info, 0)
				b = u16(b, sy.shndx)
			}
		}
		return b
	}
	dynsymOff := buf.Len()
	dynsym := syms(dynIdx, []synthSym{
		{info: 0x12, shndx: 0},
		{info: 0x22, shndx: 0},
	})
	buf.Write(dynsym)

	symNames := []string{"main", "helper", "data_object", "file.c"}
	strt, symIdx := strtab(symNames...)
	strtabOff := buf.Len()
	buf.Write(strt)
	pad(8)
	symtabOff := buf.Len()
	symtab := syms(symIdx, []synthSym{
		{info: 0x12, shndx: 1, value: base + uint64(textOff), size: 16},
		{info: 0x02, shndx: 1, value: base + uint64(textOff) + 16, size: 32},
		{info: 0x11, shndx: 5, value: base + 0x2000, size: 8},
		{info: 0x04, shndx: 0xfff1},
	})
	buf.Write(symtab)

	pad(8)
	dynOff := buf.Len()
	var dyn []byte
	for _, e := range [][2]uint64{
		{1, uint64(dynIdx[2])}, {5, base + uint64(dynstrOff)}, {6, base + uint64(dynsymOff)},
		{10, uint64(len(dynstr))}, {11, uint64(symSize)}, {0, 0},
	} {
		dyn = word(dyn, e[0])
		dyn = word(dyn, e[1])
	}
	buf.Write(dyn)

	shNames := []string{".text", ".dynstr", ".dynsym", ".strtab", ".symtab", ".dynamic", ".shstrtab"}
	shstr, shIdx := strtab(shNames...)
	shstrOff := buf.Len()
	buf.Write(shstr)
	pad(8)
	shOff := buf.Len()
	type sh struct {
		name, typ        uint32
		flags, addr, off uint64
		size             uint64
		link, info       uint32
		align, entsize   uint64
	}
	sections := []sh{
		{},
		{shIdx[0], 1, 6, base + uint64(textOff), uint64(textOff), 48, 0, 0, 16, 0},
		{shIdx[1], 3, 2, base + uint64(dynstrOff), uint64(dynstrOff), uint64(len(dynstr)), 0, 0, 1, 0},
		{shIdx[2], 11, 2, base + uint64(dynsymOff), uint64(dynsymOff), uint64(len(dynsym)), 2, 1, 8, uint64(symSize)},
		{shIdx[3], 3, 0, 0, uint64(strtabOff), uint64(len(strt)), 0, 0, 1, 0},
		{shIdx[4], 2, 0, 0, uint64(symtabOff), uint64(len(symtab)), 4, 3, 8, uint64(symSize)},
		{shIdx[5], 6, 3, base + uint64(dynOff), uint64(dynOff), uint64(len(dyn)), 2, 0, 8, uint64(dynSize)},
		{shIdx[6], 3, 0, 0, uint64(shstrOff), uint64(len(shstr)), 0, 0, 1, 0},
	}
	for _, sec := range sections {
		var b []byte
		b = u32(b, sec.name)
		b = u32(b, sec.typ)
		b = word(b, sec.flags)
		b = word(b, sec.addr)
		b = word(b, sec.off)
		b = word(b, sec.size)
		b = u32(b, sec.link)
		b = u32(b, sec.info)
		b = word(b, sec.align)
		b = word(b, sec.entsize)
		buf.Write(b)
	}
	img := buf.Bytes()
	size := uint64(len(img))

	// Program headers: one PT_LOAD mapping the whole file, one PT_DYNAMIC.
	var ph []byte
	phdr := func(typ, flags uint32, off, vaddr, filesz, memsz, align uint64) {
		if s.is64 {
			ph = u32(ph, typ)
			ph = u32(ph, flags)
			ph = bo.AppendUint64(ph, off)
			ph = bo.AppendUint64(ph, vaddr)
			ph = bo.AppendUint64(ph, vaddr)
			ph = bo.AppendUint64(ph, filesz)
			ph = bo.AppendUint64(ph, memsz)
			ph = bo.AppendUint64(ph, align)
		} else {
			ph = u32(ph, typ)
			ph = u32(ph, uint32(off))
			ph = u32(ph, uint32(vaddr))
			ph = u32(ph, uint32(vaddr))
			ph = u32(ph, uint32(filesz))
			ph = u32(ph, uint32(memsz))
			ph = u32(ph, flags)
			ph = u32(ph, uint32(align))
		}
	}
	phdr(1, 5, 0, base, size, size+0x1000, 0x1000)
	phdr(2, 6, uint64(dynOff), base+uint64(dynOff), uint64(len(dyn)), uint64(len(dyn)), 8)
	copy(img[ehSize:], ph)

	// The ELF header.
	var eh []byte
	class := byte(1)
	if s.is64 {
		class = 2
	}
	data := byte(1)
	if s.bigEnd {
		data = 2
	}
	eh = append(eh, 0x7f, 'E', 'L', 'F', class, data, 1, 0)
	eh = append(eh, make([]byte, 8)...)
	eh = u16(eh, s.typ)
	eh = u16(eh, s.machine)
	eh = u32(eh, 1)
	eh = word(eh, base+uint64(textOff)) // entry
	eh = word(eh, uint64(ehSize))       // phoff
	eh = word(eh, uint64(shOff))        // shoff
	eh = u32(eh, 0)
	eh = u16(eh, uint16(ehSize))
	eh = u16(eh, uint16(phSize))
	eh = u16(eh, 2)
	eh = u16(eh, uint16(shSize))
	eh = u16(eh, uint16(len(sections)))
	eh = u16(eh, uint16(len(sections)-1))
	copy(img, eh)
	return img
}

// synthImages returns the synthetic images of every class, byte order and
// file type the tests use.
func synthImages() map[string][]byte {
	out := map[string][]byte{}
	for _, is64 := range []bool{false, true} {
		for _, big := range []bool{false, true} {
			for _, typ := range []uint16{2, 3} {
				name := "synth32"
				if is64 {
					name = "synth64"
				}
				if big {
					name += "be"
				} else {
					name += "le"
				}
				if typ == 2 {
					name += "-exec"
				} else {
					name += "-dyn"
				}
				out[name] = synth{is64: is64, bigEnd: big, typ: typ, machine: 62}.build()
			}
		}
	}
	return out
}
