package yara

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

// TestModuleSchemaVerdicts compares with yarac whether conditions that use
// module fields and functions compile: field names, arrays, dictionaries,
// function overloads and result types come from the modules' schemas.
func TestModuleSchemaVerdicts(t *testing.T) {
	yarac := moduletest.NeedTool(t, "yarac")
	conds := []string{
		`math.foo == 1`,
		`math.entropy("a", 1, 2) > 1`,
		`math.entropy == 1`,
		`math.MEAN_BYTES(1) == 1`,
		`math.MEAN_BYTES[0] == 1`,
		`math.entropy(0, 1) == "x"`,
		`math.MEAN_BYTES.x == 1`,
		`hash.md5(0, 1)`,
		`math.to_number(true) == 1`,
		`math.to_number(1) == 1`,
		`math.entropy(/x/) > 1`,
		`math.entropy(0, filesize) > 7.0`,
		`math.entropy("x") > 1`,
		`math.in_range(1.0, 0.0, 2.0)`,
		`hash.md5("x") == "a"`,
		`hash.md5(0) == "a"`,
		`hash.crc32(0, 1) == 0x12`,
		`hash.crc32(0, 1) == "x"`,
		`pe.number_of_sections > 1`,
		`pe.number_of_sections == "x"`,
		`pe.sections[0].name == ".text"`,
		`pe.sections["a"].name == ".text"`,
		`pe.sections[0].nme == ".text"`,
		`pe.sections == 1`,
		`pe.sections[0] == 1`,
		`pe.version_info["CompanyName"] contains "Micro"`,
		`pe.version_info[0] == "x"`,
		`pe.imports("kernel32.dll", "ExitProcess")`,
		`pe.imports("kernel32.dll")`,
		`pe.imports("kernel32.dll", 1)`,
		`pe.imports(/kernel32/, /Exit/)`,
		`pe.imports(1)`,
		`pe.exports("x") and pe.exports(1) and pe.exports(/x/)`,
		`pe.exports(1.5)`,
		`pe.imphash() == "x"`,
		`pe.imphash("x") == "x"`,
		`pe.is_dll()`,
		`pe.is_dll`,
		`pe.rich_signature.version(1) > 0`,
		`pe.signatures[0].valid_on(1)`,
		`pe.signatures[0].issuer contains "x"`,
		`pe.characteristics & pe.DLL`,
		`pe.machine == pe.MACHINE_AMD64`,
		`pe.MACHINE_XYZ == 1`,
		`for any s in pe.sections : (s.name == ".text")`,
		`for any s in pe.sections : (s.nme == ".text")`,
		`for any s in pe.sections : (s == 1)`,
		`for any k, v in pe.version_info : (k == "x" and v == "y")`,
		`for any k in pe.version_info : (k == "x")`,
		`for any s, t in pe.sections : (true)`,
		`for any i in (0..pe.number_of_sections - 1) : (pe.sections[i].raw_data_size > 0)`,
		`elf.type == elf.ET_EXEC and elf.machine == elf.EM_X86_64`,
		`elf.sections[0].name == ".text" and elf.segments[0].type == elf.PT_LOAD`,
		`elf.symtab[0].name == "main"`,
		`elf.number_of_sections(1)`,
		`time.now() > 0`,
		`time.now(1) > 0`,
		`console.log("x")`,
		`console.log("x", 1)`,
		`console.hex(1)`,
		`console.log(1.5)`,
		`console.log(/x/)`,
	}
	dir := t.TempDir()
	for i, cond := range conds {
		src := "import \"math\"\nimport \"hash\"\nimport \"pe\"\nimport \"elf\"\nimport \"time\"\nimport \"console\"\nrule r { condition: " + cond + " }\n"
		path := filepath.Join(dir, "r.yar")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		out, yerr := exec.Command(yarac, path, filepath.Join(dir, "out")).CombinedOutput()
		f, err := Parse(path, []byte(src), nil)
		if err == nil {
			_, err = Compile([]*File{f}, nil)
		}
		if (yerr == nil) != (err == nil) {
			t.Errorf("%d: %s\nyarac: %v %s\nours: %v", i, cond, yerr, out, err)
		}
	}
}
