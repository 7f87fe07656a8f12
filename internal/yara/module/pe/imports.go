package pe

import (
	"crypto/md5"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/yingji/yingji/internal/yara/module"
)

// importedDLL is one DLL of the import (or delay-load import) table.
type importedDLL struct {
	name      string
	functions []importedFunction
}

// importedFunction is a function imported by name or by ordinal. An
// ordinal import also gets a name: the one pefile knows for ws2_32,
// wsock32 and oleaut32, or "ordN".
type importedFunction struct {
	name       string
	ordinal    uint16
	hasOrdinal bool
}

// validDLLName is pe_valid_dll_name: a NUL-terminated name within the n
// bytes at off, non-empty, without control characters or the characters
// Windows forbids in file names (" * < > ? |).
func (p *file) validDLLName(off int64) (string, bool) {
	stop := p.dllNameStops().first(off)
	if stop >= p.n || p.data[stop] != 0 || stop == off {
		return "", false
	}
	return string(p.data[off:stop]), true
}

// parseImports is pe_parse_imports: the import directory, at most
// MAX_PE_IMPORTS descriptors and functions. Descriptors with an invalid
// name are skipped without being counted; descriptors yielding no function
// are counted in number_of_imports but not listed.
func (p *file) parseImports() []*importedDLL {
	o := p.out
	setInt(o, "number_of_imports", 0)
	setInt(o, "number_of_imported_functions", 0)
	dir := p.directory(dirImport)
	if dir < 0 || p.u32(dir) == 0 {
		return nil
	}
	off := p.rvaToOffset(uint64(p.u32(dir)))
	if off < 0 {
		return nil
	}
	var dlls []*importedDLL
	numImports, numFunctions := 0, 0
	for ; p.fits(off, sizeofImportDescriptor) && p.u32(off+12) != 0 && numImports < maxPEImports; off += sizeofImportDescriptor {
		nameOff := p.rvaToOffset(uint64(p.u32(off + 12)))
		if nameOff >= 0 {
			name, ok := p.validDLLName(nameOff)
			if !ok {
				continue
			}
			funcs := p.parseImportDescriptor(off, name, &numFunctions)
			if len(funcs) > 0 {
				dlls = append(dlls, &importedDLL{name: name, functions: funcs})
			}
		}
		numImports++
	}
	setInt(o, "number_of_imports", int64(numImports))
	setInt(o, "number_of_imported_functions", int64(numFunctions))
	p.setImports(dlls, "import_details")
	return dlls
}

// parseImportDescriptor is pe_parse_import_descriptor: the thunks of one
// descriptor, from OriginalFirstThunk or, when that maps to no offset (or
// to offset 0), FirstThunk.
func (p *file) parseImportDescriptor(desc int64, dll string, numFunctions *int) []importedFunction {
	off := p.rvaToOffset(uint64(p.u32(desc)))
	if off <= 0 {
		off = p.rvaToOffset(uint64(p.u32(desc + 16)))
	}
	if off < 0 {
		return nil
	}
	thunkSize := int64(4)
	flag := uint64(0x80000000)
	if p.is64 {
		thunkSize = 8
		flag = 0x8000000000000000
	}
	var funcs []importedFunction
	for ; p.fits(off, thunkSize) && *numFunctions < maxPEImports; off += thunkSize {
		var thunk uint64
		if p.is64 {
			thunk = p.u64(off)
		} else {
			thunk = uint64(p.u32(off))
		}
		if thunk == 0 {
			break
		}
		if thunk&flag == 0 {
			nameOff := p.rvaToOffset(thunk)
			if nameOff >= 0 && p.fits(nameOff, sizeofImportByName) {
				limit := p.avail(nameOff + 2)
				if limit > 512 {
					limit = 512
				}
				funcs = append(funcs, importedFunction{name: p.cstring(nameOff+2, limit)})
			}
		} else {
			ord := uint16(thunk & 0xffff)
			funcs = append(funcs, importedFunction{name: ordLookup(dll, ord), ordinal: ord, hasOrdinal: true})
		}
		*numFunctions++
	}
	return funcs
}

// setImports is pe_set_imports. YARA 4.2.3 numbers the functions of
// import_details with one counter over all DLLs, so the second DLL's
// functions start at the index after the first DLL's last, and
// number_of_functions is that running total. Rules see exactly that, so it
// is reproduced.
func (p *file) setImports(dlls []*importedDLL, field string) {
	funCnt, slots := 0, 0
	for i, dll := range dlls {
		slots += funCnt + len(dll.functions)
		if slots > maxImportSlots {
			return
		}
		d := structAt(p.out, field, i)
		for _, f := range dll.functions {
			fs := structAt(d, "functions", funCnt)
			fs.Set("name", f.name)
			if f.hasOrdinal {
				setInt(fs, "ordinal", int64(f.ordinal))
			}
			funCnt++
		}
		d.Set("library_name", dll.name)
		setInt(d, "number_of_functions", int64(funCnt))
	}
}

// normalizeDelayValue is pe_normalize_delay_import_value: old (Visual C++
// 6) delay-load descriptors hold VAs instead of RVAs.
func normalizeDelayValue(imageBase, va uint64) uint64 {
	if va != 0 && va > imageBase {
		return va - imageBase
	}
	return va
}

// parseDelayedImports is pe_parse_delayed_imports: the delay-load import
// descriptors.
func (p *file) parseDelayedImports() []*importedDLL {
	o := p.out
	setInt(o, "number_of_delayed_imports", 0)
	setInt(o, "number_of_delayed_imported_functions", 0)
	dir := p.directory(dirDelayImport)
	if dir < 0 || p.u32(dir) == 0 {
		return nil
	}
	off := p.rvaToOffset(uint64(p.u32(dir)))
	if off < 0 {
		return nil
	}
	imageBase := p.imageBase()
	sizeOfImage := uint64(p.sizeOfImage())
	ptrSize := uint64(4)
	ordinalMask := uint64(0x80000000)
	if p.is64 {
		ptrSize = 8
		ordinalMask = 0x8000000000000000
	}
	var dlls []*importedDLL
	numImports, numFunctions := 0, 0
	for ; p.fits(off, sizeofDelayDescriptor); off += sizeofDelayDescriptor {
		var f [8]uint32
		allZero := true
		for i := range f {
			f[i] = p.u32(off + int64(i)*4)
			if f[i] != 0 {
				allZero = false
			}
		}
		if allZero {
			break
		}
		attributes := f[0]
		dllNameRVA, iatRVA, intRVA := f[1], f[3], f[4]
		if attributes > 1 {
			break
		}
		if !p.is64 && attributes == 0 {
			dllNameRVA = uint32(normalizeDelayValue(imageBase, uint64(dllNameRVA)))
			iatRVA = uint32(normalizeDelayValue(imageBase, uint64(iatRVA)))
			intRVA = uint32(normalizeDelayValue(imageBase, uint64(intRVA)))
		}
		if uint64(intRVA) >= sizeOfImage || uint64(iatRVA) >= sizeOfImage ||
			dllNameRVA < sizeofDOSHeader || intRVA < sizeofDOSHeader {
			break
		}
		nameOff := p.rvaToOffset(uint64(dllNameRVA))
		if nameOff < 0 {
			continue
		}
		name, ok := p.validDLLName(nameOff)
		if !ok {
			continue
		}
		dll := &importedDLL{name: name}
		nameRVA, funcRVA := uint64(intRVA), uint64(iatRVA)
		for numFunctions < maxDelayedFunctions {
			nameAddr, ok1 := p.delayPointer(ptrSize, nameRVA)
			funcAddr, ok2 := p.delayPointer(ptrSize, funcRVA)
			if !ok1 || !ok2 || nameAddr == 0 || funcAddr == 0 {
				break
			}
			var fn importedFunction
			if nameAddr&ordinalMask == 0 {
				if attributes == 0 {
					nameAddr = normalizeDelayValue(imageBase, nameAddr)
				}
				strOff := p.rvaToOffset(nameAddr + 2)
				limit := p.avail(strOff)
				if limit > 512 {
					limit = 512
				}
				fn.name = p.cstring(strOff, limit)
			} else {
				fn.ordinal = uint16(nameAddr & 0xffff)
				fn.hasOrdinal = true
				fn.name = ordLookup(name, fn.ordinal)
			}
			dll.functions = append(dll.functions, fn)
			numFunctions++
			nameRVA += ptrSize
			funcRVA += ptrSize
		}
		numImports++
		dlls = append(dlls, dll)
	}
	setInt(o, "number_of_delayed_imports", int64(numImports))
	setInt(o, "number_of_delayed_imported_functions", int64(numFunctions))
	// pe.c stores these under "delayed_import_details", which 4.2.3 does
	// not declare, so delay_import_details stays empty (see schema.go).
	return dlls
}

// delayPointer is pe_parse_delay_import_pointer: a pointer-sized value at
// an RVA; false when the RVA maps outside the file (YR_UNDEFINED in pe.c,
// which also stops the walk when a 64-bit value equals it).
func (p *file) delayPointer(size, rva uint64) (uint64, bool) {
	off := p.rvaToOffset(rva)
	if !p.fits(off, int64(size)) {
		return 0, false
	}
	if size == 8 {
		v := p.u64(off)
		return v, int64(v) != yrUndefined
	}
	return uint64(p.u32(off)), true
}

// ordLookup is ord_lookup: the names pefile gives to ordinal imports of
// ws2_32.dll / wsock32.dll and oleaut32.dll, else "ordN". Like pe_utils.c
// it compares only the length of the known name, case-insensitively, so
// "ws2_32.dllx" matches too.
func ordLookup(dll string, ord uint16) string {
	var table map[uint16]string
	switch {
	case hasPrefixFold(dll, "WS2_32.dll"), hasPrefixFold(dll, "wsock32.dll"):
		table = ws2_32Ordinals
	case hasPrefixFold(dll, "oleaut32.dll"):
		table = oleaut32Ordinals
	}
	if name, ok := table[ord]; ok {
		return name
	}
	return "ord" + strconv.Itoa(int(ord))
}

// hasPrefixFold is strncasecmp(s, prefix, len(prefix)) == 0.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && asciiEqualFold(s[:len(prefix)], prefix)
}

// asciiLower lowers ASCII letters only, as tolower in the C locale does.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// asciiEqualFold is strcasecmp(a, b) == 0 in the C locale.
func asciiEqualFold(a, b string) bool {
	return len(a) == len(b) && asciiLower(a) == asciiLower(b)
}

// cstr cuts s at its first NUL, as C code sees a string argument.
func cstr(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// imphash is the imphash function: md5 of "dll.function" pairs of the
// standard imports, lower-cased and comma-separated, where the DLL name
// loses everything from its first '.' when that starts ".dll", ".ocx" or
// ".sys".
func imphash(dlls []*importedDLL) string {
	h := md5.New()
	first := true
	for _, dll := range dlls {
		name := dll.name
		if i := strings.IndexByte(name, '.'); i >= 0 {
			ext := name[i:]
			if hasPrefixFold(ext, ".ocx") || hasPrefixFold(ext, ".sys") || hasPrefixFold(ext, ".dll") {
				name = name[:i]
			}
		}
		for _, f := range dll.functions {
			s := name + "." + f.name
			if !first {
				s = "," + s
			}
			h.Write([]byte(asciiLower(s)))
			first = false
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// importsFunc answers imports(dll, function).
func importsFunc(dlls []*importedDLL, dll, fn string) bool {
	dll, fn = cstr(dll), cstr(fn)
	for _, d := range dlls {
		if asciiEqualFold(d.name, dll) {
			for _, f := range d.functions {
				if asciiEqualFold(f.name, fn) {
					return true
				}
			}
		}
	}
	return false
}

// importsOrdinal answers imports(dll, ordinal).
func importsOrdinal(dlls []*importedDLL, dll string, ord int64) bool {
	dll = cstr(dll)
	for _, d := range dlls {
		if asciiEqualFold(d.name, dll) {
			for _, f := range d.functions {
				if f.hasOrdinal && uint64(f.ordinal) == uint64(ord) {
					return true
				}
			}
		}
	}
	return false
}

// importsDLL answers imports(dll): how many functions the DLL (every
// descriptor of that name) contributes.
func importsDLL(dlls []*importedDLL, dll string) int64 {
	dll = cstr(dll)
	var n int64
	for _, d := range dlls {
		if asciiEqualFold(d.name, dll) {
			n += int64(len(d.functions))
		}
	}
	return n
}

// importsRegexp answers imports(/dll/, /function/): the number of matching
// functions.
func importsRegexp(dlls []*importedDLL, dll, fn module.Regexp) int64 {
	var n int64
	for _, d := range dlls {
		if !matchNonEmpty(dll, d.name) {
			continue
		}
		for _, f := range d.functions {
			if matchNonEmpty(fn, f.name) {
				n++
			}
		}
	}
	return n
}

// matchNonEmpty is pe.c's yr_re_match(...) > 0 test. yr_re_match tries a
// match at every offset before the end of the name and returns where the
// first match ends, so an empty match at offset 0 does not count (/^/,
// /^$/), nor does one at the very end, where no attempt starts (/$/),
// while an empty match inside the name does (/t*/ counts "ExitProcess").
func matchNonEmpty(re module.Regexp, s string) bool {
	return re.MatchEnd(s) > 0
}
