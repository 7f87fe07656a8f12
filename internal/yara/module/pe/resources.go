package pe

import (
	"github.com/yingji/yingji/internal/yara/module"
)

// Resource iteration results, as in pe.c.
const (
	iterFinished = 0
	iterAborted  = 1
)

// resourceWalk is the state pe.c keeps in pointers while walking the
// resource tree: type, id and language are shared by all levels, so a data
// entry found above the language level reports whatever an earlier sibling
// left there.
type resourceWalk struct {
	rsrc              int64 // offset of the root directory
	typ, id, language int32
	exhausted         bool // a limit was reached: stop walking
}

// parseResources is pe_iterate_resources with the pe_collect_resources
// callback.
func (p *file) parseResources() {
	dir := p.directory(dirResource)
	if dir < 0 || p.u32(dir) == 0 {
		return
	}
	off := p.rvaToOffset(uint64(p.u32(dir)))
	if off < 0 || !p.fits(off, sizeofResourceDirectory) {
		return
	}
	setInt(p.out, "resource_timestamp", int64(p.u32(off+4)))
	rv := subStruct(p.out, "resource_version")
	setInt(rv, "major", int64(p.u16(off+8)))
	setInt(rv, "minor", int64(p.u16(off+10)))
	w := &resourceWalk{rsrc: off, typ: -1, id: -1, language: -1}
	p.iterateResources(w, off, 0, -1, -1, -1)
}

// iterateResources is _pe_iterate_resources for the directory at dir on
// tree level level (0 type, 1 name, 2 language). The string arguments are
// offsets of IMAGE_RESOURCE_DIR_STRING_U, or -1.
func (p *file) iterateResources(w *resourceWalk, dir int64, level int, typeStr, nameStr, langStr int64) int {
	named := p.u16(dir + 12)
	ids := p.u16(dir + 14)
	if p.u32(dir) != 0 || named > 32768 || ids > 32768 {
		return iterFinished
	}
	total := int(named) + int(ids)
	result := iterFinished
	entry := dir + sizeofResourceDirectory
	for i := 0; i < total; i++ {
		if w.exhausted {
			return iterAborted
		}
		// Past MAX_RESOURCES pe.c keeps walking but records nothing, so
		// stopping changes no result; the step budget is the documented
		// limit for trees that make YARA walk without end.
		p.resourceSteps++
		if p.resources > maxResources || p.resourceSteps > maxResourceSteps {
			w.exhausted = true
			return iterAborted
		}
		if !p.fits(entry, sizeofResourceEntry) {
			result = iterAborted
			break
		}
		name := p.u32(entry)
		offsetToData := p.u32(entry + 4)
		switch level {
		case 0:
			w.typ = int32(name)
			typeStr = p.resourceName(w.rsrc, name)
		case 1:
			w.id = int32(name)
			nameStr = p.resourceName(w.rsrc, name)
		case 2:
			w.language = int32(name)
			langStr = p.resourceName(w.rsrc, name)
		}
		target := w.rsrc + int64(offsetToData&0x7fffffff)
		if offsetToData&0x80000000 != 0 && level < 2 {
			if p.fits(target, sizeofResourceDirectory) {
				result = p.iterateResources(w, target, level+1, typeStr, nameStr, langStr)
			} else {
				result = iterAborted
			}
		} else {
			if p.fits(target, sizeofResourceDataEntry) {
				p.collectResource(target, w.typ, w.id, w.language, typeStr, nameStr, langStr)
			} else {
				result = iterAborted
			}
		}
		if result == iterAborted {
			break
		}
		entry += sizeofResourceEntry
	}
	return result
}

// resourceName is parse_resource_name: for a name with the high bit set,
// the offset of its length-prefixed UTF-16 string when that lies in the
// file, else -1.
func (p *file) resourceName(rsrc int64, name uint32) int64 {
	if name&0x80000000 == 0 {
		return -1
	}
	s := rsrc + int64(name&0x7fffffff)
	if !p.fits(s, 2) {
		return -1
	}
	if !p.fits(s, 2+int64(p.u16(s))*2) {
		return -1
	}
	return s
}

// collectResource is pe_collect_resources for the data entry at entry.
func (p *file) collectResource(entry int64, typ, id, lang int32, typeStr, nameStr, langStr int64) {
	if p.resources > maxResources {
		return
	}
	r := structAt(p.out, "resources", p.resources)
	rva := p.u32(entry)
	setInt(r, "rva", int64(rva))
	if off := p.rvaToOffset(uint64(rva)); off >= 0 {
		setInt(r, "offset", off)
	}
	setInt(r, "length", int64(p.u32(entry+4)))
	p.setResourceStringOrID(r, typeStr, typ, "type_string", "type")
	p.setResourceStringOrID(r, nameStr, id, "name_string", "id")
	p.setResourceStringOrID(r, langStr, lang, "language_string", "language")
	if typ == 16 { // RESOURCE_TYPE_VERSION
		p.parseVersionInfo(rva)
	}
	p.resources++
}

// setResourceStringOrID is pe_set_resource_string_or_id: a named entry
// gets its raw UTF-16LE name, a numbered one its number.
func (p *file) setResourceStringOrID(r *module.Struct, str int64, v int32, strField, intField string) {
	if str >= 0 {
		length := int64(p.u16(str)) * 2
		if p.fits(str+2, length) {
			r.Set(strField, string(p.data[str+2:str+2+length]))
		}
		return
	}
	r.Set(intField, int64(v))
}

// addOffset is ADD_OFFSET: pe.c rounds the added amount, not the address,
// up to a multiple of 4.
func addOffset(ptr, off int64) int64 {
	return ptr + ((off + 3) &^ 3)
}

// parseVersionInfo is pe_parse_version_info: the StringFileInfo strings of
// a VS_VERSION_INFO resource, into version_info and version_info_list.
// Resources sharing one version block are parsed once.
func (p *file) parseVersionInfo(rva uint32) {
	vi := p.rvaToOffset(uint64(rva))
	if vi < 0 {
		return
	}
	if p.versionMemo == nil {
		p.versionMemo = map[int64][][2]string{}
	}
	pairs, ok := p.versionMemo[vi]
	if !ok {
		pairs = p.versionStrings(vi)
		p.versionMemo[vi] = pairs
	}
	dict, _ := p.out.Fields["version_info"].(*module.Dict)
	for _, kv := range pairs {
		if p.versions >= maxVersionInfos {
			return
		}
		dict.Set(kv[0], kv[1])
		e := structAt(p.out, "version_info_list", p.versions)
		e.Set("key", kv[0])
		e.Set("value", kv[1])
		p.versions++
	}
}

// versionStrings walks the version block at vi and returns its (key,
// value) strings in order.
func (p *file) versionStrings(vi int64) [][2]string {
	var out [][2]string
	if !p.fits(vi, sizeofVersionInfo) || !p.fits(vi+6, 32) || !p.strcmpW(vi+6, "VS_VERSION_INFO") {
		return nil
	}
	// step counts loop iterations against the budget shared by all
	// version blocks of the file.
	step := func() bool {
		p.versionSteps++
		return p.versionSteps <= maxVersionSteps
	}
	vi = addOffset(vi, sizeofVersionInfo+86)
	for p.fits(vi+6, 24) && p.strcmpW(vi+6, "VarFileInfo") && p.u16(vi) != 0 {
		if !step() {
			return out
		}
		vi = addOffset(vi, int64(p.u16(vi)))
	}
	for p.fits(vi+6, 30) && p.strcmpW(vi+6, "StringFileInfo") && p.u16(vi) != 0 {
		if !step() {
			return out
		}
		table := addOffset(vi, sizeofVersionInfo+30)
		vi = addOffset(vi, int64(p.u16(vi)))
		for p.fits(table, sizeofVersionInfo) && p.wideFits(table+6) && p.u16(table) != 0 && table < vi {
			if !step() {
				return out
			}
			keyLen, _ := p.wideLen(table + 6)
			str := addOffset(table, sizeofVersionInfo+2*(keyLen+1))
			table = addOffset(table, int64(p.u16(table)))
			for p.fits(str, sizeofVersionInfo) && p.wideFits(str+6) && p.u16(str) != 0 && str < table {
				if !step() || len(out) >= maxVersionInfos {
					return out
				}
				keyLen, _ := p.wideLen(str + 6)
				value := addOffset(str, sizeofVersionInfo+2*(keyLen+1))
				if p.wideFits(value) {
					key := p.strlcpyW(str+6, 64)
					val := p.strlcpyW(value, 256)
					if p.u16(str+2) == 0 { // ValueLength
						val = ""
					}
					out = append(out, [2]string{key, val})
				}
				str = addOffset(str, int64(p.u16(str)))
			}
		}
	}
	return out
}

// strcmpW is strcmp_w(w, s) == 0: the UTF-16LE string at off equals the
// ASCII s, terminator included. The caller checked that len(s)+1 wide
// characters fit.
func (p *file) strcmpW(off int64, s string) bool {
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		if p.u8(off+int64(2*i)) != c || p.u8(off+int64(2*i+1)) != 0 {
			return false
		}
	}
	return true
}

// strlcpyW is strlcpy_w: the low bytes of the wide string at off, up to
// the first zero low byte, at most n-1 of them.
func (p *file) strlcpyW(off int64, n int) string {
	var b []byte
	for len(b) < n-1 {
		c := p.u8(off)
		if c == 0 {
			break
		}
		b = append(b, c)
		off += 2
	}
	return string(b)
}

// wideFits is wide_string_fits_in_pe: a 0x0000 wide character follows at
// an even distance from off inside the file.
func (p *file) wideFits(off int64) bool {
	_, ok := p.wideLen(off)
	return ok
}

// wideLen is strnlen_w: the number of wide characters before the 0x0000
// terminator at or after off, and whether the terminator is in the file.
func (p *file) wideLen(off int64) (int64, bool) {
	if off < 0 || off >= p.n {
		return 0, false
	}
	t, ok := p.wideTerms().term(off)
	return (t - off) / 2, ok
}
