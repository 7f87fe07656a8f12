// Package pe is yingji's YARA "pe" module: it parses a Portable Executable
// (Windows .exe/.dll/.sys) and exports what YARA 4.2.3's pe module exports —
// headers, sections, imports, exports, resources, version information, the
// Rich header, the PDB path and Authenticode signatures — with the same
// field names, value conventions and functions (imports, exports, imphash,
// section_index, rva_to_offset, ...).
//
// The reference is libyara/modules/pe/pe.c of YARA 4.2.3 as shipped by
// Debian, checked against `yara -D`. Where that code has quirks (the
// cumulative function index of import_details, is_dll returning 0x2000,
// exports(ordinal) refusing ordinals above the number of exports, ...) this
// package reproduces them, because rules written against YARA depend on
// them. Where YARA would loop for billions of steps on a hostile file, this
// package stops early instead; those differences are listed in the doc
// comments of the limits below.
//
// Every read is bounds-checked against the input: a PE file is attacker
// controlled, so nothing here trusts a size, count or offset it reads.
package pe

import (
	"github.com/yingji/yingji/internal/yara/module"
)

func init() {
	module.Register(&module.Module{Name: "pe", Schema: Schema(), Load: Load})
}

// yrUndefined is libyara's YR_UNDEFINED. Setting an integer to it leaves
// the field undefined, and reading an undefined integer inside a module
// function yields it, so a few functions compute with it.
const yrUndefined int64 = -0x0005452505452501 // 0xFFFABADAFABADAFF

// Limits copied from pe.c / pe.h (YARA 4.2.3).
const (
	maxPEImports        = 16384 // MAX_PE_IMPORTS: descriptors and functions
	maxPEExports        = 8192  // MAX_PE_EXPORTS
	maxExportNameLength = 512   // MAX_EXPORT_NAME_LENGTH
	maxResources        = 65536 // MAX_RESOURCES
	maxPESections       = 96    // MAX_PE_SECTIONS
	maxPECerts          = 16    // MAX_PE_CERTS
	maxPath             = 1024  // MAX_PATH as libyara defines it off Windows
)

// Limits of this package where YARA has none. Each only changes a result for
// files crafted to make YARA itself spin for minutes or exhaust memory.
const (
	// maxResourceSteps bounds the directory entries visited while walking
	// the resource tree. YARA revisits shared subdirectories without limit
	// (65536 entries on each of three levels can all point at one
	// subdirectory), which is quadratic or worse; real files need a few
	// thousand steps.
	maxResourceSteps = 1 << 22
	// maxVersionInfos bounds version_info_list. YARA appends every string
	// of every VERSION resource, also when thousands of resources share one
	// version block.
	maxVersionInfos = 1 << 16
	// maxVersionSteps bounds the string-table entries visited over all
	// VERSION resources of a file.
	maxVersionSteps = 1 << 20
	// maxDelayedFunctions bounds the delay-load functions collected over
	// all delay-load descriptors; YARA applies MAX_PE_IMPORTS to standard
	// imports only.
	maxDelayedFunctions = 1 << 18
	// maxImportSlots bounds the array slots of import_details[].functions
	// over all DLLs. Because YARA indexes the functions with one counter
	// over all DLLs (see setImports), DLL k's array starts with the
	// functions of DLLs 0..k-1 as undefined slots: 16384 one-function DLLs
	// would need 2^27 slots. DLLs past the limit are left out of
	// import_details (the counts and the imports functions still see them).
	maxImportSlots = 1 << 21
)

// Load parses in.Data as a PE file and returns the module's structure. A
// file that is not a PE gets the constants and is_pe = 0 only; functions
// then return undefined.
func Load(in *module.Input) *module.Struct {
	root := module.NewStruct()
	setConstants(root)
	root.Set("is_pe", int64(0))

	size := in.Size
	if size < int64(len(in.Data)) {
		size = int64(len(in.Data))
	}
	p := newPE(in.Data, size)
	if p != nil {
		p.out = root
		p.parseHeader()
		p.parseRichSignature()
		p.parseDebugDirectory()
		p.parseCertificates()
		p.imported = p.parseImports()
		p.delayed = p.parseDelayedImports()
		p.parseExports()
	}
	setFunctions(root, p)
	return root
}

// setInt sets an integer field the way libyara's set_integer does: the
// value YR_UNDEFINED leaves the field undefined.
func setInt(s *module.Struct, name string, v int64) {
	if v != yrUndefined {
		s.Fields[name] = v
	}
}

// structAt returns the structure at index i of an array field, creating
// the array and any missing items (left nil, i.e. undefined) as libyara
// creates them on first assignment.
func structAt(s *module.Struct, field string, i int) *module.Struct {
	arr, _ := s.Fields[field].(*module.Array)
	if arr == nil {
		arr = &module.Array{}
		s.Fields[field] = arr
	}
	for len(arr.Items) <= i {
		arr.Items = append(arr.Items, nil)
	}
	st, _ := arr.Items[i].(*module.Struct)
	if st == nil {
		st = module.NewStruct()
		arr.Items[i] = st
	}
	return st
}

// subStruct returns the structure field name of s, creating it.
func subStruct(s *module.Struct, name string) *module.Struct {
	st, _ := s.Fields[name].(*module.Struct)
	if st == nil {
		st = module.NewStruct()
		s.Fields[name] = st
	}
	return st
}
