package pe

import (
	"bytes"
	"encoding/binary"

	"github.com/yingji/yingji/internal/yara/module"
)

// Sizes of the Windows structures as libyara declares them (pe.h, packed).
const (
	sizeofDOSHeader         = 64
	sizeofFileHeader        = 20
	sizeofOptionalHeader32  = 224
	sizeofOptionalHeader64  = 240
	sizeofSectionHeader     = 40
	sizeofDataDirectory     = 8
	sizeofImportDescriptor  = 20
	sizeofImportByName      = 4 // WORD Hint; BYTE Name[1], padded to 4
	sizeofDelayDescriptor   = 32
	sizeofExportDirectory   = 40
	sizeofResourceDirectory = 16
	sizeofResourceEntry     = 8
	sizeofResourceDataEntry = 16
	sizeofDebugDirectory    = 28
	sizeofVersionInfo       = 6
	sizeofWinCertificate    = 8
	sizeofImageSymbol       = 18
	sizeofRichSignature     = 16
	sizeofRichVersionInfo   = 8

	numberOfDirectoryEntries = 16
	optionalHeaderOffset     = 24 // Signature + IMAGE_FILE_HEADER
	optMagic64               = 0x20b
)

// Data directory indexes used by the parser.
const (
	dirExport      = 0
	dirImport      = 1
	dirResource    = 2
	dirSecurity    = 4
	dirDebug       = 6
	dirDelayImport = 13
)

// file is a parsed PE file. Offsets are int64 file offsets into data; a
// negative offset means "not in the file", as pe_rva_to_offset's -1 does.
type file struct {
	data []byte
	n    int64 // len(data): what libyara calls data_size
	size int64 // the whole file's size, for the overlay

	hdr  int64 // offset of the NT headers (e_lfanew)
	is64 bool

	// Section headers as pe_rva_to_offset walks them, read once.
	secs []sectionHeader
	// secsBroken is set when NumberOfSections claims a header that lies
	// past the end of the file: pe_rva_to_offset then fails for every RVA.
	secsBroken    bool
	lowestSection uint32
	fileAlign     uint32

	out       *module.Struct
	imported  []*importedDLL
	delayed   []*importedDLL
	resources int // pe->resources
	versions  int // pe->version_infos

	// Work counters for the limits documented in pe.go.
	resourceSteps int
	versionSteps  int
	versionMemo   map[int64][][2]string // version block offset -> strings

	// Scan indexes, built on first use (scan.go).
	dllStops   *byteStops
	printStops *byteStops
	wide       *wideStops
}

// sectionHeader is what pe_rva_to_offset reads of a section header.
type sectionHeader struct {
	virtualSize    uint32
	virtualAddress uint32
	rawSize        uint32
	rawPointer     uint32
}

// fits is libyara's fits_in_pe for an offset: size bytes at off lie inside
// the data.
func (p *file) fits(off, size int64) bool {
	return size >= 0 && size <= p.n && off >= 0 && off <= p.n-size
}

// avail is available_space: the bytes from off to the end of the data.
func (p *file) avail(off int64) int64 {
	if off < 0 || off >= p.n {
		return 0
	}
	return p.n - off
}

// Little-endian readers. Callers check bounds with fits first; reading past
// the end yields zero bytes instead of panicking.
func (p *file) u8(off int64) uint8 {
	if off < 0 || off >= p.n {
		return 0
	}
	return p.data[off]
}

func (p *file) u16(off int64) uint16 {
	if !p.fits(off, 2) {
		return 0
	}
	return binary.LittleEndian.Uint16(p.data[off:])
}

func (p *file) u32(off int64) uint32 {
	if !p.fits(off, 4) {
		return 0
	}
	return binary.LittleEndian.Uint32(p.data[off:])
}

func (p *file) u64(off int64) uint64 {
	if !p.fits(off, 8) {
		return 0
	}
	return binary.LittleEndian.Uint64(p.data[off:])
}

// cstring returns the NUL-terminated string at off, reading at most max
// bytes (strnlen semantics); off must be inside the data.
func (p *file) cstring(off, max int64) string {
	if off < 0 || off >= p.n || max <= 0 {
		return ""
	}
	end := off + max
	if end > p.n {
		end = p.n
	}
	b := p.data[off:end]
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}

// newPE is pe_get_header: it returns nil unless data starts with an MZ
// header pointing at a PE signature followed by a complete file header and
// optional header.
func newPE(data []byte, size int64) *file {
	n := int64(len(data))
	if n < sizeofDOSHeader {
		return nil
	}
	if binary.LittleEndian.Uint16(data) != 0x5a4d {
		return nil
	}
	lfanew := int64(int32(binary.LittleEndian.Uint32(data[60:])))
	if lfanew < 0 {
		return nil
	}
	headers := lfanew + 4 + sizeofFileHeader
	if n < headers {
		return nil
	}
	if binary.LittleEndian.Uint32(data[lfanew:]) != 0x00004550 {
		return nil
	}
	if n < headers+sizeofOptionalHeader32 {
		return nil
	}
	is64 := binary.LittleEndian.Uint16(data[lfanew+optionalHeaderOffset:]) == optMagic64
	if is64 {
		headers += sizeofOptionalHeader64
	} else {
		headers += sizeofOptionalHeader32
	}
	if n < headers {
		return nil
	}
	p := &file{data: data, n: n, size: size, hdr: lfanew, is64: is64}
	p.readSections()
	return p
}

// File header fields.
func (p *file) machine() uint16          { return p.u16(p.hdr + 4) }
func (p *file) numberOfSections() uint16 { return p.u16(p.hdr + 6) }
func (p *file) timeDateStamp() uint32    { return p.u32(p.hdr + 8) }
func (p *file) symbolTable() uint32      { return p.u32(p.hdr + 12) }
func (p *file) numberOfSymbols() uint32  { return p.u32(p.hdr + 16) }
func (p *file) sizeOfOptHeader() uint16  { return p.u16(p.hdr + 20) }
func (p *file) characteristics() uint16  { return p.u16(p.hdr + 22) }

// opt returns the offset of an optional header field, given its offsets in
// the 32-bit and the 64-bit layouts.
func (p *file) opt(off32, off64 int64) int64 {
	if p.is64 {
		return p.hdr + optionalHeaderOffset + off64
	}
	return p.hdr + optionalHeaderOffset + off32
}

// optWord reads a field that is 32 bits in PE32 and 64 bits in PE32+.
func (p *file) optWord(off32, off64 int64) uint64 {
	if p.is64 {
		return p.u64(p.opt(off32, off64))
	}
	return uint64(p.u32(p.opt(off32, off64)))
}

func (p *file) imageBase() uint64   { return p.optWord(28, 24) }
func (p *file) sizeOfImage() uint32 { return p.u32(p.opt(56, 56)) }

// firstSection is IMAGE_FIRST_SECTION: the section table follows the
// optional header as its declared size says, whatever the actual size.
func (p *file) firstSection() int64 {
	return p.hdr + optionalHeaderOffset + int64(p.sizeOfOptHeader())
}

// readSections reads the section headers pe_rva_to_offset walks.
func (p *file) readSections() {
	p.fileAlign = p.u32(p.opt(36, 36))
	p.lowestSection = 0xffffffff
	count := int(p.numberOfSections())
	if count > maxPESections {
		count = maxPESections
	}
	off := p.firstSection()
	for i := 0; i < count; i++ {
		if !p.fits(off, sizeofSectionHeader) {
			p.secsBroken = true
			break
		}
		s := sectionHeader{
			virtualSize:    p.u32(off + 8),
			virtualAddress: p.u32(off + 12),
			rawSize:        p.u32(off + 16),
			rawPointer:     p.u32(off + 20),
		}
		if s.virtualAddress < p.lowestSection {
			p.lowestSection = s.virtualAddress
		}
		p.secs = append(p.secs, s)
		off += sizeofSectionHeader
	}
}

// rvaToOffset is pe_rva_to_offset: the file offset of an RVA, or -1.
func (p *file) rvaToOffset(rva uint64) int64 {
	if p.secsBroken {
		return -1
	}
	var sectionRVA, sectionOffset, sectionRawSize uint32
	for _, s := range p.secs {
		if rva >= uint64(s.virtualAddress) && rva-uint64(s.virtualAddress) < uint64(s.virtualSize) &&
			sectionRVA <= s.virtualAddress {
			alignment := p.fileAlign
			if alignment > 0x200 {
				alignment = 0x200
			}
			sectionRVA = s.virtualAddress
			sectionOffset = s.rawPointer
			sectionRawSize = s.rawSize
			if alignment != 0 {
				sectionOffset -= sectionOffset % alignment
			}
		}
	}
	if rva < uint64(p.lowestSection) {
		sectionRVA = 0
		sectionOffset = 0
		sectionRawSize = uint32(p.n)
	}
	if rva-uint64(sectionRVA) >= uint64(sectionRawSize) {
		return -1
	}
	result := uint64(sectionOffset) + (rva - uint64(sectionRVA))
	if result >= uint64(p.n) {
		return -1
	}
	return int64(result)
}

// directory is pe_get_directory_entry: the offset of data directory entry
// i, or -1. YARA 4.2.3 honours NumberOfRvaAndSizes (as an unsigned count)
// but not SizeOfOptionalHeader: the entry is read from the full-size
// optional header, which newPE checked is in the data.
func (p *file) directory(i int) int64 {
	if i < 0 || i >= numberOfDirectoryEntries || uint32(i) >= p.u32(p.opt(92, 108)) {
		return -1
	}
	return p.opt(96, 112) + int64(i)*sizeofDataDirectory
}

// parseHeader is pe_parse_header: the headers, data directories, resources,
// sections and overlay.
func (p *file) parseHeader() {
	o := p.out
	o.Set("is_pe", int64(1))
	setInt(o, "machine", int64(p.machine()))
	setInt(o, "number_of_sections", int64(p.numberOfSections()))
	setInt(o, "timestamp", int64(p.timeDateStamp()))
	setInt(o, "pointer_to_symbol_table", int64(p.symbolTable()))
	setInt(o, "number_of_symbols", int64(p.numberOfSymbols()))
	setInt(o, "size_of_optional_header", int64(p.sizeOfOptHeader()))
	setInt(o, "characteristics", int64(p.characteristics()))

	entry := p.u32(p.opt(16, 16))
	setInt(o, "entry_point", p.rvaToOffset(uint64(entry)))
	setInt(o, "entry_point_raw", int64(entry))
	setInt(o, "image_base", int64(p.imageBase()))
	rvaAndSizes := p.u32(p.opt(92, 108))
	setInt(o, "number_of_rva_and_sizes", int64(rvaAndSizes))
	setInt(o, "opthdr_magic", int64(p.u16(p.opt(0, 0))))
	setInt(subStruct(o, "linker_version"), "major", int64(p.u8(p.opt(2, 2))))
	setInt(subStruct(o, "linker_version"), "minor", int64(p.u8(p.opt(3, 3))))
	setInt(o, "size_of_code", int64(p.u32(p.opt(4, 4))))
	setInt(o, "size_of_initialized_data", int64(p.u32(p.opt(8, 8))))
	setInt(o, "size_of_uninitialized_data", int64(p.u32(p.opt(12, 12))))
	setInt(o, "base_of_code", int64(p.u32(p.opt(20, 20))))
	if !p.is64 {
		setInt(o, "base_of_data", int64(p.u32(p.opt(24, 24))))
	}
	setInt(o, "section_alignment", int64(p.u32(p.opt(32, 32))))
	setInt(o, "file_alignment", int64(p.u32(p.opt(36, 36))))
	setInt(subStruct(o, "os_version"), "major", int64(p.u16(p.opt(40, 40))))
	setInt(subStruct(o, "os_version"), "minor", int64(p.u16(p.opt(42, 42))))
	setInt(subStruct(o, "image_version"), "major", int64(p.u16(p.opt(44, 44))))
	setInt(subStruct(o, "image_version"), "minor", int64(p.u16(p.opt(46, 46))))
	setInt(subStruct(o, "subsystem_version"), "major", int64(p.u16(p.opt(48, 48))))
	setInt(subStruct(o, "subsystem_version"), "minor", int64(p.u16(p.opt(50, 50))))
	setInt(o, "win32_version_value", int64(p.u32(p.opt(52, 52))))
	setInt(o, "size_of_image", int64(p.u32(p.opt(56, 56))))
	setInt(o, "size_of_headers", int64(p.u32(p.opt(60, 60))))
	setInt(o, "checksum", int64(p.u32(p.opt(64, 64))))
	setInt(o, "subsystem", int64(p.u16(p.opt(68, 68))))
	setInt(o, "dll_characteristics", int64(p.u16(p.opt(70, 70))))
	setInt(o, "size_of_stack_reserve", int64(p.optWord(72, 72)))
	setInt(o, "size_of_stack_commit", int64(p.optWord(76, 80)))
	setInt(o, "size_of_heap_reserve", int64(p.optWord(80, 88)))
	setInt(o, "size_of_heap_commit", int64(p.optWord(84, 96)))
	setInt(o, "loader_flags", int64(p.u32(p.opt(88, 104))))

	// pe.c reads NumberOfRvaAndSizes into an int: counts of 2^31 and
	// above are negative and list no directory.
	ddcount := int64(int32(rvaAndSizes))
	if ddcount > numberOfDirectoryEntries {
		ddcount = numberOfDirectoryEntries
	}
	dd := p.opt(96, 112)
	for i := int64(0); i < ddcount; i++ {
		if !p.fits(dd, sizeofDataDirectory) {
			break
		}
		d := structAt(o, "data_directories", int(i))
		setInt(d, "virtual_address", int64(p.u32(dd)))
		setInt(d, "size", int64(p.u32(dd+4)))
		dd += sizeofDataDirectory
	}

	p.parseResources()
	setInt(o, "number_of_resources", int64(p.resources))
	setInt(o, "number_of_version_infos", int64(p.versions))

	p.parseSections()
}

// parseSections fills sections[] and the overlay.
func (p *file) parseSections() {
	o := p.out
	count := int(p.numberOfSections())
	if count > maxPESections {
		count = maxPESections
	}
	var highestOff, highestSize uint64
	off := p.firstSection()
	for i := 0; i < count; i++ {
		if !p.fits(off, sizeofSectionHeader) {
			break
		}
		s := structAt(o, "sections", i)
		var raw [8]byte
		copy(raw[:], p.data[off:off+8])
		// rstrip('\0'): names may hold bytes after an embedded NUL.
		l := 8
		for l > 0 && raw[l-1] == 0 {
			l--
		}
		name := string(raw[:l])
		s.Set("name", name)
		if full, ok := p.sectionFullName(raw, name); ok {
			s.Set("full_name", full)
		}
		chars := p.u32(off + 36)
		rawSize := p.u32(off + 16)
		rawPtr := p.u32(off + 20)
		setInt(s, "characteristics", int64(chars))
		setInt(s, "raw_data_size", int64(rawSize))
		setInt(s, "raw_data_offset", int64(rawPtr))
		setInt(s, "virtual_address", int64(p.u32(off+12)))
		setInt(s, "virtual_size", int64(p.u32(off+8)))
		setInt(s, "pointer_to_relocations", int64(p.u32(off+24)))
		setInt(s, "pointer_to_line_numbers", int64(p.u32(off+28)))
		setInt(s, "number_of_relocations", int64(p.u16(off+32)))
		setInt(s, "number_of_line_numbers", int64(p.u16(off+34)))

		end := uint64(rawPtr) + uint64(rawSize)
		if end > highestOff+highestSize {
			highestOff = uint64(rawPtr)
			highestSize = uint64(rawSize)
		}
		off += sizeofSectionHeader
	}
	last := highestOff + highestSize
	ov := subStruct(o, "overlay")
	if last != 0 && uint64(p.size) > last {
		setInt(ov, "offset", int64(last))
		setInt(ov, "size", int64(uint64(p.size)-last))
	} else {
		setInt(ov, "offset", 0)
		setInt(ov, "size", 0)
	}
}

// sectionFullName is pe_get_section_full_name: a name "/123" refers to
// offset 123 of the COFF string table, which follows the symbol table. The
// string must be printable ASCII up to its NUL; otherwise there is no full
// name (undefined).
func (p *file) sectionFullName(raw [8]byte, name string) (string, bool) {
	coff := uint64(p.symbolTable())
	if coff == 0 || raw[0] != '/' {
		return name, true
	}
	var index uint64
	for i := 1; i < 8 && raw[i] >= '0' && raw[i] <= '9'; i++ {
		index = index*10 + uint64(raw[i]-'0')
	}
	start := coff + uint64(p.numberOfSymbols())*sizeofImageSymbol + index
	if start >= uint64(p.n) {
		return "", false
	}
	stop := p.printableStops().first(int64(start))
	if stop >= p.n || p.data[stop] != 0 {
		return "", false
	}
	return string(p.data[start:stop]), true
}

// parseRichSignature is pe_parse_rich_signature: the "Rich" header the
// Microsoft linker leaves between the DOS stub and the PE header.
func (p *file) parseRichSignature() {
	const richRich, richDans = 0x68636952, 0x536e6144
	nt := int64(uint32(p.u32(60)))
	if nt > p.n+4 || nt < 4 {
		return
	}
	pos := nt - 4
	var key uint32
	var richPos int64
	for ; pos >= sizeofDOSHeader; pos -= 4 {
		if p.u32(pos) == richRich {
			key = p.u32(pos + 4)
			richPos = pos
			pos -= 4
			break
		}
	}
	if key == 0 {
		return
	}
	start := int64(-1)
	for ; pos >= sizeofDOSHeader; pos -= 4 {
		if p.u32(pos)^key == richDans {
			start = pos
			break
		}
	}
	if start < 0 {
		return
	}
	key1, key2, key3 := p.u32(start+4), p.u32(start+8), p.u32(start+12)
	if key1 != key2 || key2 != key3 || p.u32(start)^key1 != richDans {
		return
	}
	length := richPos - start
	raw := p.data[start:richPos]
	clear := make([]byte, length)
	for i := int64(0); i+4 <= length; i += 4 {
		binary.LittleEndian.PutUint32(clear[i:], binary.LittleEndian.Uint32(raw[i:])^key1)
	}
	r := subStruct(p.out, "rich_signature")
	setInt(r, "offset", start)
	setInt(r, "length", length)
	setInt(r, "key", int64(key1))
	r.Set("raw_data", string(raw))
	r.Set("clear_data", string(clear))
}

// parseDebugDirectory is pe_parse_debug_directory: pdb_path from the first
// CodeView entry (RSDS, NB10 or MTOC) with a usable name.
func (p *file) parseDebugDirectory() {
	const (
		cvPDB70 = 0x53445352 // "RSDS"
		cvPDB20 = 0x3031424e // "NB10"
		cvMTOC  = 0x434f544d // "MTOC"
	)
	dir := p.directory(dirDebug)
	if dir < 0 {
		return
	}
	va, size := p.u32(dir), p.u32(dir+4)
	if size == 0 || size%sizeofDebugDirectory != 0 || va == 0 {
		return
	}
	base := p.rvaToOffset(uint64(va))
	if base < 0 {
		return
	}
	count := int64(size / sizeofDebugDirectory)
	for i := int64(0); i < count; i++ {
		d := base + i*sizeofDebugDirectory
		if !p.fits(d, sizeofDebugDirectory) {
			break
		}
		if p.u32(d+12) != 2 { // IMAGE_DEBUG_TYPE_CODEVIEW
			continue
		}
		var cv int64
		if rva := p.u32(d + 20); rva != 0 {
			cv = p.rvaToOffset(uint64(rva))
		}
		if ptr := p.u32(d + 24); cv <= 0 && ptr != 0 {
			cv = int64(ptr)
		}
		if cv <= 0 || !p.fits(cv, 8) {
			continue
		}
		path := int64(-1)
		switch p.u32(cv) {
		case cvPDB20:
			if p.fits(cv, 17) {
				path = cv + 16
			}
		case cvPDB70:
			if p.fits(cv, 25) {
				path = cv + 24
			}
		case cvMTOC:
			if p.fits(cv, 21) {
				path = cv + 20
			}
		}
		if path < 0 {
			continue
		}
		limit := p.avail(path)
		if limit > maxPath {
			limit = maxPath
		}
		s := p.cstring(path, limit)
		if len(s) > 0 && len(s) < maxPath {
			p.out.Set("pdb_path", s)
			break
		}
	}
}
