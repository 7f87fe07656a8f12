package pe

import (
	m "github.com/yingji/yingji/internal/yara/module"
)

// delayedDetailsField is where YARA 4.2.3 declares the delay-load import
// details. Its pe.c fills "delayed_import_details", a name it does not
// declare, so the declared array always stays empty; both are reproduced.
const delayedDetailsField = "delay_import_details"

// constants are the integer constants of the module, set for every file.
var constants = map[string]int64{
	"IMPORT_DELAYED":  2,
	"IMPORT_STANDARD": 1,
	"IMPORT_ANY":      -1,

	"MACHINE_UNKNOWN":     0x0000,
	"MACHINE_AM33":        0x01d3,
	"MACHINE_AMD64":       0x8664,
	"MACHINE_ARM":         0x01c0,
	"MACHINE_ARMNT":       0x01c4,
	"MACHINE_ARM64":       0xaa64,
	"MACHINE_EBC":         0x0ebc,
	"MACHINE_I386":        0x014c,
	"MACHINE_IA64":        0x0200,
	"MACHINE_M32R":        0x9041,
	"MACHINE_MIPS16":      0x0266,
	"MACHINE_MIPSFPU":     0x0366,
	"MACHINE_MIPSFPU16":   0x0466,
	"MACHINE_POWERPC":     0x01f0,
	"MACHINE_POWERPCFP":   0x01f1,
	"MACHINE_R4000":       0x0166,
	"MACHINE_SH3":         0x01a2,
	"MACHINE_SH3DSP":      0x01a3,
	"MACHINE_SH4":         0x01a6,
	"MACHINE_SH5":         0x01a8,
	"MACHINE_THUMB":       0x01c2,
	"MACHINE_WCEMIPSV2":   0x0169,
	"MACHINE_TARGET_HOST": 0x0001,
	"MACHINE_R3000":       0x0162,
	"MACHINE_R10000":      0x0168,
	"MACHINE_ALPHA":       0x0184,
	"MACHINE_SH3E":        0x01a4,
	"MACHINE_ALPHA64":     0x0284,
	"MACHINE_AXP64":       0x0284,
	"MACHINE_TRICORE":     0x0520,
	"MACHINE_CEF":         0x0cef,
	"MACHINE_CEE":         0xc0ee,

	"SUBSYSTEM_UNKNOWN":                  0,
	"SUBSYSTEM_NATIVE":                   1,
	"SUBSYSTEM_WINDOWS_GUI":              2,
	"SUBSYSTEM_WINDOWS_CUI":              3,
	"SUBSYSTEM_OS2_CUI":                  5,
	"SUBSYSTEM_POSIX_CUI":                7,
	"SUBSYSTEM_NATIVE_WINDOWS":           8,
	"SUBSYSTEM_WINDOWS_CE_GUI":           9,
	"SUBSYSTEM_EFI_APPLICATION":          10,
	"SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER":  11,
	"SUBSYSTEM_EFI_RUNTIME_DRIVER":       12,
	"SUBSYSTEM_EFI_ROM_IMAGE":            13,
	"SUBSYSTEM_XBOX":                     14,
	"SUBSYSTEM_WINDOWS_BOOT_APPLICATION": 16,

	"HIGH_ENTROPY_VA":       0x0020,
	"DYNAMIC_BASE":          0x0040,
	"FORCE_INTEGRITY":       0x0080,
	"NX_COMPAT":             0x0100,
	"NO_ISOLATION":          0x0200,
	"NO_SEH":                0x0400,
	"NO_BIND":               0x0800,
	"APPCONTAINER":          0x1000,
	"WDM_DRIVER":            0x2000,
	"GUARD_CF":              0x4000,
	"TERMINAL_SERVER_AWARE": 0x8000,

	"RELOCS_STRIPPED":         0x0001,
	"EXECUTABLE_IMAGE":        0x0002,
	"LINE_NUMS_STRIPPED":      0x0004,
	"LOCAL_SYMS_STRIPPED":     0x0008,
	"AGGRESIVE_WS_TRIM":       0x0010,
	"LARGE_ADDRESS_AWARE":     0x0020,
	"BYTES_REVERSED_LO":       0x0080,
	"MACHINE_32BIT":           0x0100,
	"DEBUG_STRIPPED":          0x0200,
	"REMOVABLE_RUN_FROM_SWAP": 0x0400,
	"NET_RUN_FROM_SWAP":       0x0800,
	"SYSTEM":                  0x1000,
	"DLL":                     0x2000,
	"UP_SYSTEM_ONLY":          0x4000,
	"BYTES_REVERSED_HI":       0x8000,

	"IMAGE_DIRECTORY_ENTRY_EXPORT":         0,
	"IMAGE_DIRECTORY_ENTRY_IMPORT":         1,
	"IMAGE_DIRECTORY_ENTRY_RESOURCE":       2,
	"IMAGE_DIRECTORY_ENTRY_EXCEPTION":      3,
	"IMAGE_DIRECTORY_ENTRY_SECURITY":       4,
	"IMAGE_DIRECTORY_ENTRY_BASERELOC":      5,
	"IMAGE_DIRECTORY_ENTRY_DEBUG":          6,
	"IMAGE_DIRECTORY_ENTRY_ARCHITECTURE":   7,
	"IMAGE_DIRECTORY_ENTRY_COPYRIGHT":      7,
	"IMAGE_DIRECTORY_ENTRY_GLOBALPTR":      8,
	"IMAGE_DIRECTORY_ENTRY_TLS":            9,
	"IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG":    10,
	"IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT":   11,
	"IMAGE_DIRECTORY_ENTRY_IAT":            12,
	"IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT":   13,
	"IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR": 14,

	"IMAGE_NT_OPTIONAL_HDR32_MAGIC": 0x10b,
	"IMAGE_NT_OPTIONAL_HDR64_MAGIC": 0x20b,
	"IMAGE_ROM_OPTIONAL_HDR_MAGIC":  0x107,

	"SECTION_NO_PAD":                 0x00000008,
	"SECTION_CNT_CODE":               0x00000020,
	"SECTION_CNT_INITIALIZED_DATA":   0x00000040,
	"SECTION_CNT_UNINITIALIZED_DATA": 0x00000080,
	"SECTION_LNK_OTHER":              0x00000100,
	"SECTION_LNK_INFO":               0x00000200,
	"SECTION_LNK_REMOVE":             0x00000800,
	"SECTION_LNK_COMDAT":             0x00001000,
	"SECTION_NO_DEFER_SPEC_EXC":      0x00004000,
	"SECTION_GPREL":                  0x00008000,
	"SECTION_MEM_FARDATA":            0x00008000,
	"SECTION_MEM_PURGEABLE":          0x00020000,
	"SECTION_MEM_16BIT":              0x00020000,
	"SECTION_MEM_LOCKED":             0x00040000,
	"SECTION_MEM_PRELOAD":            0x00080000,
	"SECTION_ALIGN_1BYTES":           0x00100000,
	"SECTION_ALIGN_2BYTES":           0x00200000,
	"SECTION_ALIGN_4BYTES":           0x00300000,
	"SECTION_ALIGN_8BYTES":           0x00400000,
	"SECTION_ALIGN_16BYTES":          0x00500000,
	"SECTION_ALIGN_32BYTES":          0x00600000,
	"SECTION_ALIGN_64BYTES":          0x00700000,
	"SECTION_ALIGN_128BYTES":         0x00800000,
	"SECTION_ALIGN_256BYTES":         0x00900000,
	"SECTION_ALIGN_512BYTES":         0x00A00000,
	"SECTION_ALIGN_1024BYTES":        0x00B00000,
	"SECTION_ALIGN_2048BYTES":        0x00C00000,
	"SECTION_ALIGN_4096BYTES":        0x00D00000,
	"SECTION_ALIGN_8192BYTES":        0x00E00000,
	"SECTION_ALIGN_MASK":             0x00F00000,
	"SECTION_LNK_NRELOC_OVFL":        0x01000000,
	"SECTION_MEM_DISCARDABLE":        0x02000000,
	"SECTION_MEM_NOT_CACHED":         0x04000000,
	"SECTION_MEM_NOT_PAGED":          0x08000000,
	"SECTION_MEM_SHARED":             0x10000000,
	"SECTION_MEM_EXECUTE":            0x20000000,
	"SECTION_MEM_READ":               0x40000000,
	"SECTION_MEM_WRITE":              0x80000000,
	"SECTION_SCALE_INDEX":            0x00000001,

	"RESOURCE_TYPE_CURSOR":       1,
	"RESOURCE_TYPE_BITMAP":       2,
	"RESOURCE_TYPE_ICON":         3,
	"RESOURCE_TYPE_MENU":         4,
	"RESOURCE_TYPE_DIALOG":       5,
	"RESOURCE_TYPE_STRING":       6,
	"RESOURCE_TYPE_FONTDIR":      7,
	"RESOURCE_TYPE_FONT":         8,
	"RESOURCE_TYPE_ACCELERATOR":  9,
	"RESOURCE_TYPE_RCDATA":       10,
	"RESOURCE_TYPE_MESSAGETABLE": 11,
	"RESOURCE_TYPE_GROUP_CURSOR": 12,
	"RESOURCE_TYPE_GROUP_ICON":   14,
	"RESOURCE_TYPE_VERSION":      16,
	"RESOURCE_TYPE_DLGINCLUDE":   17,
	"RESOURCE_TYPE_PLUGPLAY":     19,
	"RESOURCE_TYPE_VXD":          20,
	"RESOURCE_TYPE_ANICURSOR":    21,
	"RESOURCE_TYPE_ANIICON":      22,
	"RESOURCE_TYPE_HTML":         23,
	"RESOURCE_TYPE_MANIFEST":     24,

	"IMAGE_DEBUG_TYPE_UNKNOWN":       0,
	"IMAGE_DEBUG_TYPE_COFF":          1,
	"IMAGE_DEBUG_TYPE_CODEVIEW":      2,
	"IMAGE_DEBUG_TYPE_FPO":           3,
	"IMAGE_DEBUG_TYPE_MISC":          4,
	"IMAGE_DEBUG_TYPE_EXCEPTION":     5,
	"IMAGE_DEBUG_TYPE_FIXUP":         6,
	"IMAGE_DEBUG_TYPE_OMAP_TO_SRC":   7,
	"IMAGE_DEBUG_TYPE_OMAP_FROM_SRC": 8,
	"IMAGE_DEBUG_TYPE_BORLAND":       9,
	"IMAGE_DEBUG_TYPE_RESERVED10":    10,
	"IMAGE_DEBUG_TYPE_CLSID":         11,
	"IMAGE_DEBUG_TYPE_VC_FEATURE":    12,
	"IMAGE_DEBUG_TYPE_POGO":          13,
	"IMAGE_DEBUG_TYPE_ILTCG":         14,
	"IMAGE_DEBUG_TYPE_MPX":           15,
	"IMAGE_DEBUG_TYPE_REPRO":         16,
}

// intFields are the module's plain integer fields.
var intFields = []string{
	"is_pe", "machine", "number_of_sections", "timestamp",
	"pointer_to_symbol_table", "number_of_symbols", "size_of_optional_header",
	"characteristics", "entry_point", "entry_point_raw", "image_base",
	"number_of_rva_and_sizes", "number_of_version_infos", "opthdr_magic",
	"size_of_code", "size_of_initialized_data", "size_of_uninitialized_data",
	"base_of_code", "base_of_data", "section_alignment", "file_alignment",
	"win32_version_value", "size_of_image", "size_of_headers", "checksum",
	"subsystem", "dll_characteristics", "size_of_stack_reserve",
	"size_of_stack_commit", "size_of_heap_reserve", "size_of_heap_commit",
	"loader_flags", "number_of_imports", "number_of_imported_functions",
	"number_of_delayed_imports", "number_of_delayed_imported_functions",
	"number_of_exports", "export_timestamp", "resource_timestamp",
	"number_of_resources", "number_of_signatures",
}

// Schema returns the structure the pe module exports, as YARA 4.2.3
// declares it.
func Schema() *m.Type {
	f := map[string]*m.Type{}
	for name := range constants {
		f[name] = m.Int
	}
	for _, name := range intFields {
		f[name] = m.Int
	}
	f["dll_name"] = m.Str
	f["pdb_path"] = m.Str
	majorMinor := func() *m.Type { return m.StructOf(map[string]*m.Type{"major": m.Int, "minor": m.Int}) }
	for _, name := range []string{"linker_version", "os_version", "image_version", "subsystem_version", "resource_version"} {
		f[name] = majorMinor()
	}
	f["version_info"] = m.DictOf(m.Str)
	f["version_info_list"] = m.ArrayOf(m.StructOf(map[string]*m.Type{"key": m.Str, "value": m.Str}))
	f["data_directories"] = m.ArrayOf(m.StructOf(map[string]*m.Type{"virtual_address": m.Int, "size": m.Int}))
	f["sections"] = m.ArrayOf(m.StructOf(map[string]*m.Type{
		"name": m.Str, "full_name": m.Str, "characteristics": m.Int,
		"virtual_address": m.Int, "virtual_size": m.Int,
		"raw_data_offset": m.Int, "raw_data_size": m.Int,
		"pointer_to_relocations": m.Int, "pointer_to_line_numbers": m.Int,
		"number_of_relocations": m.Int, "number_of_line_numbers": m.Int,
	}))
	f["overlay"] = m.StructOf(map[string]*m.Type{"offset": m.Int, "size": m.Int})
	f["rich_signature"] = m.StructOf(map[string]*m.Type{
		"offset": m.Int, "length": m.Int, "key": m.Int,
		"raw_data": m.Str, "clear_data": m.Str,
		"version": m.FuncOf(m.Signature{Args: "i", Result: m.KindInt}, m.Signature{Args: "ii", Result: m.KindInt}),
		"toolid":  m.FuncOf(m.Signature{Args: "i", Result: m.KindInt}, m.Signature{Args: "ii", Result: m.KindInt}),
	})
	importDetails := func() *m.Type {
		return m.ArrayOf(m.StructOf(map[string]*m.Type{
			"library_name":        m.Str,
			"number_of_functions": m.Int,
			"functions":           m.ArrayOf(m.StructOf(map[string]*m.Type{"name": m.Str, "ordinal": m.Int})),
		}))
	}
	f["import_details"] = importDetails()
	f[delayedDetailsField] = importDetails()
	f["export_details"] = m.ArrayOf(m.StructOf(map[string]*m.Type{
		"offset": m.Int, "name": m.Str, "forward_name": m.Str, "ordinal": m.Int,
	}))
	f["resources"] = m.ArrayOf(m.StructOf(map[string]*m.Type{
		"rva": m.Int, "offset": m.Int, "length": m.Int,
		"type": m.Int, "id": m.Int, "language": m.Int,
		"type_string": m.Str, "name_string": m.Str, "language_string": m.Str,
	}))
	f["signatures"] = m.ArrayOf(m.StructOf(map[string]*m.Type{
		"thumbprint": m.Str, "issuer": m.Str, "subject": m.Str,
		"version": m.Int, "algorithm": m.Str, "algorithm_oid": m.Str,
		"serial": m.Str, "not_before": m.Int, "not_after": m.Int,
		"valid_on": m.FuncOf(m.Signature{Args: "i", Result: m.KindInt}),
	}))

	fn := func(sigs ...string) *m.Type {
		var s []m.Signature
		for _, a := range sigs {
			s = append(s, m.Signature{Args: a, Result: m.KindInt})
		}
		return m.FuncOf(s...)
	}
	f["calculate_checksum"] = fn("")
	f["imphash"] = m.FuncOf(m.Signature{Args: "", Result: m.KindString})
	f["section_index"] = fn("s", "i")
	f["exports"] = fn("s", "r", "i")
	f["exports_index"] = fn("s", "i", "r")
	f["imports"] = fn("ss", "si", "s", "rr", "iss", "isi", "is", "irr")
	f["locale"] = fn("i")
	f["language"] = fn("i")
	f["is_dll"] = fn("")
	f["is_32bit"] = fn("")
	f["is_64bit"] = fn("")
	f["rva_to_offset"] = fn("i")
	return m.StructOf(f)
}

// setConstants sets the constants and creates the structures, arrays and
// dictionaries YARA declares, empty, so that they exist (and iterate as
// empty) for every file, a PE or not.
func setConstants(root *m.Struct) {
	for name, v := range constants {
		root.Fields[name] = v
	}
	for _, name := range []string{"linker_version", "os_version", "image_version", "subsystem_version", "resource_version", "overlay", "rich_signature"} {
		subStruct(root, name)
	}
	for _, name := range []string{"version_info_list", "data_directories", "sections", "import_details", delayedDetailsField, "export_details", "resources", "signatures"} {
		root.Fields[name] = &m.Array{}
	}
	root.Fields["version_info"] = m.NewDict()
}
