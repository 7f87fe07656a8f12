package pe

import (
	"github.com/yingji/yingji/internal/yara/module"
)

// Import flags of the imports(flags, ...) overloads.
const (
	importStandard = 1
	importDelayed  = 2
)

// argInt, argString and argRegexp read a function argument of the type the
// matched overload declares; ok is false for anything else.
func argInt(args []any, i int) (int64, bool) {
	if i >= len(args) {
		return 0, false
	}
	v, ok := args[i].(int64)
	return v, ok
}

func argString(args []any, i int) (string, bool) {
	if i >= len(args) {
		return "", false
	}
	v, ok := args[i].(string)
	return v, ok
}

func argRegexp(args []any, i int) (module.Regexp, bool) {
	if i >= len(args) {
		return nil, false
	}
	v, ok := args[i].(module.Regexp)
	return v, ok && v != nil
}

// getInt reads an integer field as pe.c's get_integer does: YR_UNDEFINED
// when the field is undefined.
func getInt(s *module.Struct, name string) int64 {
	if v, ok := s.Get(name).(int64); ok {
		return v
	}
	return yrUndefined
}

// arrayItem returns item i of an array field as a structure, or nil.
func arrayItem(s *module.Struct, field string, i int) *module.Struct {
	arr, _ := s.Get(field).(*module.Array)
	if arr == nil || i < 0 || i >= len(arr.Items) {
		return nil
	}
	st, _ := arr.Items[i].(*module.Struct)
	return st
}

// setFunctions installs the module's functions in root; p is nil when the
// file is not a PE.
func setFunctions(root *module.Struct, p *file) {
	f := func(name string, fn module.Func) { root.Fields[name] = fn }

	f("calculate_checksum", func([]any) any {
		if p == nil || p.size > p.n {
			// The whole file is needed; a truncated read cannot answer.
			return nil
		}
		return p.checksum()
	})
	f("imphash", func([]any) any {
		if p == nil {
			return nil
		}
		return imphash(p.imported)
	})
	f("section_index", func(args []any) any {
		if name, ok := argString(args, 0); ok {
			return sectionIndexName(root, name)
		}
		if addr, ok := argInt(args, 0); ok {
			return sectionIndexAddr(root, addr)
		}
		return nil
	})
	f("exports", func(args []any) any {
		if p == nil {
			return nil
		}
		n := int(getInt(root, "number_of_exports"))
		if n == 0 {
			return int64(0)
		}
		if ord, ok := argInt(args, 0); ok {
			return module.Bool(exportIndexOrdinal(root, n, ord) >= 0)
		}
		return module.Bool(exportIndexName(root, n, args) >= 0)
	})
	f("exports_index", func(args []any) any {
		if p == nil {
			return nil
		}
		n := int(getInt(root, "number_of_exports"))
		if n == 0 {
			return nil
		}
		var i int
		if ord, ok := argInt(args, 0); ok {
			i = exportIndexOrdinal(root, n, ord)
		} else {
			i = exportIndexName(root, n, args)
		}
		if i < 0 {
			return nil
		}
		return int64(i)
	})
	f("imports", func(args []any) any {
		if p == nil {
			return nil
		}
		return p.imports(args)
	})
	f("locale", func(args []any) any {
		return resourceLanguage(root, p, args, 0xffff)
	})
	f("language", func(args []any) any {
		return resourceLanguage(root, p, args, 0xff)
	})
	f("is_dll", func([]any) any {
		c, ok := root.Get("characteristics").(int64)
		if !ok {
			return nil
		}
		// pe.c returns characteristics & IMAGE_FILE_DLL: 0x2000, not 1.
		return c & 0x2000
	})
	f("is_32bit", func([]any) any {
		if p == nil {
			return nil
		}
		return module.Bool(!p.is64)
	})
	f("is_64bit", func([]any) any {
		if p == nil {
			return nil
		}
		return module.Bool(p.is64)
	})
	f("rva_to_offset", func(args []any) any {
		rva, ok := argInt(args, 0)
		if p == nil || !ok {
			return nil
		}
		off := p.rvaToOffset(uint64(rva))
		if off == -1 {
			return nil
		}
		return off
	})

	rich := subStruct(root, "rich_signature")
	rich.Fields["version"] = module.Func(func(args []any) any {
		v, ok := argInt(args, 0)
		if !ok {
			return nil
		}
		toolid := yrUndefined
		if t, ok := argInt(args, 1); ok {
			toolid = t
		}
		return richVersion(rich, v, toolid)
	})
	rich.Fields["toolid"] = module.Func(func(args []any) any {
		t, ok := argInt(args, 0)
		if !ok {
			return nil
		}
		version := yrUndefined
		if v, ok := argInt(args, 1); ok {
			version = v
		}
		return richVersion(rich, version, t)
	})
}

// sectionIndexName is section_index(name): the first section whose name,
// as a C string, equals name.
func sectionIndexName(root *module.Struct, name string) any {
	if _, ok := root.Get("number_of_sections").(int64); !ok {
		return nil
	}
	n := min(getInt(root, "number_of_sections"), maxPESections)
	name = cstr(name)
	for i := 0; int64(i) < n; i++ {
		s := arrayItem(root, "sections", i)
		if sect, ok := s.Get("name").(string); ok && cstr(sect) == name {
			return int64(i)
		}
	}
	return nil
}

// sectionIndexAddr is section_index(offset): the first section whose raw
// data holds the file offset. Sections the header counts but the file
// lacks read as YR_UNDEFINED, as in pe.c.
func sectionIndexAddr(root *module.Struct, addr int64) any {
	if _, ok := root.Get("number_of_sections").(int64); !ok {
		return nil
	}
	n := min(getInt(root, "number_of_sections"), maxPESections)
	for i := 0; int64(i) < n; i++ {
		s := arrayItem(root, "sections", i)
		offset, size := yrUndefined, yrUndefined
		if s != nil {
			offset, size = getInt(s, "raw_data_offset"), getInt(s, "raw_data_size")
		}
		if addr >= offset && addr < offset+size {
			return int64(i)
		}
	}
	return nil
}

// exportIndexName is the search of exports(name|regexp): the index of the
// first named export equal to the name (case-insensitively) or matching
// the regular expression, or -1.
func exportIndexName(root *module.Struct, n int, args []any) int {
	search, isString := argString(args, 0)
	re, isRegexp := argRegexp(args, 0)
	if !isString && !isRegexp {
		return -1
	}
	for i := 0; i < n; i++ {
		name, ok := arrayItem(root, "export_details", i).Get("name").(string)
		if !ok {
			continue
		}
		if isString && asciiEqualFold(name, search) {
			return i
		}
		if isRegexp && re.MatchString(cstr(name)) {
			return i
		}
	}
	return -1
}

// exportIndexOrdinal is the search of exports(ordinal). pe.c gives up on
// ordinal 0 and on ordinals above the number of exports, even when the
// ordinal base makes such an ordinal exist.
func exportIndexOrdinal(root *module.Struct, n int, ord int64) int {
	if ord == 0 || ord > int64(n) {
		return -1
	}
	for i := 0; i < n; i++ {
		if getInt(arrayItem(root, "export_details", i), "ordinal") == ord {
			return i
		}
	}
	return -1
}

// imports dispatches the eight imports overloads.
func (p *file) imports(args []any) any {
	flags := int64(importStandard)
	if len(args) >= 2 {
		if f, ok := argInt(args, 0); ok {
			flags = f
			args = args[1:]
		}
	}
	var lists [][]*importedDLL
	if flags&importStandard != 0 {
		lists = append(lists, p.imported)
	}
	if flags&importDelayed != 0 {
		lists = append(lists, p.delayed)
	}
	if dllRe, ok := argRegexp(args, 0); ok {
		fnRe, ok := argRegexp(args, 1)
		if !ok {
			return nil
		}
		var n int64
		for _, l := range lists {
			n += importsRegexp(l, dllRe, fnRe)
		}
		return n
	}
	dll, ok := argString(args, 0)
	if !ok {
		return nil
	}
	if len(args) == 1 {
		var n int64
		for _, l := range lists {
			n += importsDLL(l, dll)
		}
		return n
	}
	if fn, ok := argString(args, 1); ok {
		for _, l := range lists {
			if importsFunc(l, dll, fn) {
				return int64(1)
			}
		}
		return int64(0)
	}
	if ord, ok := argInt(args, 1); ok {
		for _, l := range lists {
			if importsOrdinal(l, dll, ord) {
				return int64(1)
			}
		}
		return int64(0)
	}
	return nil
}

// resourceLanguage is locale(n) (mask 0xffff) and language(n) (mask 0xff):
// whether a resource's language id matches. Resources with a named
// language read as YR_UNDEFINED, as in pe.c.
func resourceLanguage(root *module.Struct, p *file, args []any, mask uint64) any {
	want, ok := argInt(args, 0)
	if !ok {
		return nil
	}
	if _, ok := root.Get("number_of_resources").(int64); !ok || p == nil {
		return nil
	}
	n := int(getInt(root, "number_of_resources"))
	for i := 0; i < n; i++ {
		lang := yrUndefined
		if r := arrayItem(root, "resources", i); r != nil {
			lang = getInt(r, "language")
		}
		if uint64(lang)&mask == uint64(want) {
			return int64(1)
		}
	}
	return int64(0)
}

// richVersion is _rich_version: the summed use counts of the Rich header
// entries matching version and tool id; YR_UNDEFINED matches anything.
func richVersion(rich *module.Struct, version, toolid int64) any {
	length, ok := rich.Get("length").(int64)
	if !ok {
		return nil
	}
	clear, ok := rich.Get("clear_data").(string)
	if !ok {
		return nil
	}
	if version == yrUndefined && toolid == yrUndefined {
		return int64(0)
	}
	var result uint64
	if length < sizeofRichSignature {
		// pe.c computes a huge unsigned count here and reads past the
		// header; there is nothing to count.
		return int64(0)
	}
	count := (length - sizeofRichSignature) / sizeofRichVersionInfo
	for i := int64(0); i < count; i++ {
		at := sizeofRichSignature + i*sizeofRichVersionInfo
		if at+8 > int64(len(clear)) {
			break
		}
		idVersion := uint32(clear[at]) | uint32(clear[at+1])<<8 | uint32(clear[at+2])<<16 | uint32(clear[at+3])<<24
		times := uint32(clear[at+4]) | uint32(clear[at+5])<<8 | uint32(clear[at+6])<<16 | uint32(clear[at+7])<<24
		matchVersion := uint64(version) == uint64(idVersion&0xffff)
		matchToolid := uint64(toolid) == uint64(idVersion>>16)
		if (version == yrUndefined || matchVersion) && (toolid == yrUndefined || matchToolid) {
			result += uint64(times)
		}
	}
	return int64(result)
}

// checksum is calculate_checksum: the PE checksum (as imagehlp computes
// it) of the whole file, the CheckSum field counting as zero.
func (p *file) checksum() int64 {
	csumOffset := uint64(p.hdr + optionalHeaderOffset + 64)
	size := uint64(p.n)
	var csum uint64
	for i := uint64(0); i <= size/4; i++ {
		if 4*i == csumOffset {
			continue
		}
		if 4*i+4 <= size {
			d := p.data[4*i:]
			csum += uint64(d[0]) | uint64(d[1])<<8 | uint64(d[2])<<16 | uint64(d[3])<<24
		} else {
			for j := uint64(0); j < size%4; j++ {
				csum += uint64(p.data[4*i+j]) << (8 * j)
			}
		}
		if csum > 0xffffffff {
			csum = (csum & 0xffffffff) + (csum >> 32)
		}
	}
	csum = (csum & 0xffff) + (csum >> 16)
	csum += csum >> 16
	csum &= 0xffff
	csum += size
	return int64(csum)
}
