package pe

// parseExports is pe_parse_exports: export_details, dll_name and
// export_timestamp. As in pe.c, an export's name is found through the
// first entry of the name-ordinal table (among the first NumberOfNames)
// holding the export's index; pe.c searches that table once per export,
// this code indexes it once.
func (p *file) parseExports() {
	o := p.out
	setInt(o, "number_of_exports", 0)
	dir := p.directory(dirExport)
	if dir < 0 || p.u32(dir) == 0 {
		return
	}
	offset := p.rvaToOffset(uint64(p.u32(dir)))
	if offset < 0 {
		return
	}
	exportStart := offset
	exportSize := int64(p.u32(dir + 4))
	ed := offset
	if !p.fits(ed, sizeofExportDirectory) {
		return
	}
	numFunctions := p.u32(ed + 20)
	numberOfExports := int64(numFunctions)
	if numberOfExports > maxPEExports {
		numberOfExports = maxPEExports
	}
	base := p.u32(ed + 16)
	setInt(o, "export_timestamp", int64(p.u32(ed+4)))

	offset = p.rvaToOffset(uint64(p.u32(ed + 12)))
	if offset > 0 {
		o.Set("dll_name", p.cstring(offset, p.n-offset))
	}
	// size_t arithmetic: data_size - offset with offset -1 is data_size+1.
	if uint64(numberOfExports)*4 > uint64(p.n)-uint64(offset) {
		return
	}
	numNames := p.u32(ed + 24)
	names := int64(-1)
	if numNames > 0 {
		offset = p.rvaToOffset(uint64(p.u32(ed + 32)))
		if offset < 0 {
			return
		}
		if uint64(numNames)*4 > uint64(p.n-offset) {
			return
		}
		names = offset
	}
	ordinals := p.rvaToOffset(uint64(p.u32(ed + 36)))
	if ordinals < 0 || p.avail(ordinals) < 2*numberOfExports {
		return
	}
	functions := p.rvaToOffset(uint64(p.u32(ed + 28)))
	if functions < 0 || p.avail(functions) < 4*numberOfExports {
		return
	}
	numberOfNames := int64(numNames)
	if numberOfNames > numberOfExports {
		numberOfNames = numberOfExports
	}
	// nameIndex[i] is the first j < numberOfNames with ordinals[j] == i.
	nameIndex := map[uint16]int64{}
	if names >= 0 {
		for j := int64(0); j < numberOfNames; j++ {
			ord := p.u16(ordinals + 2*j)
			if _, ok := nameIndex[ord]; !ok {
				nameIndex[ord] = j
			}
		}
	}
	for i := int64(0); i < numberOfExports; i++ {
		e := structAt(o, "export_details", int(i))
		setInt(e, "ordinal", int64(base+uint32(i)))
		off := p.rvaToOffset(uint64(p.u32(functions + 4*i)))
		if off > exportStart && off < exportStart+exportSize {
			e.Set("forward_name", p.cstring(off, maxExportNameLength))
		} else {
			setInt(e, "offset", off)
		}
		if names >= 0 && i <= 0xffff {
			if j, ok := nameIndex[uint16(i)]; ok {
				nameOff := p.rvaToOffset(uint64(p.u32(names + 4*j)))
				if nameOff > 0 {
					e.Set("name", p.cstring(nameOff, maxExportNameLength))
				}
			}
		}
	}
	setInt(o, "number_of_exports", numberOfExports)
}
