package yara

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDifferential mutates rules (the parse cases and the rules of the
// shared corpus), generates random string declarations and condition
// terms, and requires that yara and we agree on whether each
// mutant compiles. It runs only when YINGJI_YARA_DIFF is set to the number
// of mutants to try (each costs one yarac run); YINGJI_YARA_DIFF_SEED
// picks the random seed. Mutants that touch module fields or regexp bodies
// are reported but not failed: their checks belong to the module and
// regexp packages, which plug in later (see Options.CheckRegexp).
func TestDifferential(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("YINGJI_YARA_DIFF"))
	if n <= 0 {
		t.Skip("set YINGJI_YARA_DIFF=N to compare N mutated rules with yarac")
	}
	yarac, err := exec.LookPath("yarac")
	if err != nil {
		t.Skip("yarac not installed")
	}
	seed, _ := strconv.ParseInt(os.Getenv("YINGJI_YARA_DIFF_SEED"), 10, 64)
	rng := rand.New(rand.NewSource(seed))

	var seeds []string
	for _, tc := range parseCases {
		seeds = append(seeds, tc.src)
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "signature-base", "yara", "*.yar"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, part := range strings.Split(string(b), "\nrule ")[1:] {
			if len(part) > 1500 || strings.Contains(part, "filename") || strings.Contains(part, "filepath") || strings.Contains(part, "extension") {
				continue
			}
			head := ""
			for _, m := range []string{"pe", "math", "hash", "elf"} {
				if strings.Contains(part, m+".") {
					head += `import "` + m + "\"\n"
				}
			}
			seeds = append(seeds, head+"rule "+strings.SplitN(part, "\n}", 2)[0]+"\n}\n")
		}
	}
	vocab := strings.Fields(`( ) { } [ ] $a $b $ $a* #a @a !a @a[1] !a[1] "x" "" /x/ /x/i 1 0 -1 1.5 0x10 1KB .. , : . = == != < <= > >= << >> + - * \ % & | ^ ~ and or not defined true false of them all any none for in at filesize entrypoint uint8(0) int16be(0) contains icontains matches startswith iequals rule private global strings condition meta wide ascii nocase fullword xor base64 base64wide xor(1-2) i j pe pe.x ?? AA A? [1-2] [-] 50%`)
	const bytesAlphabet = "(){}[]$#@!\"/\\|-?*: \n=<>.,aA019xz_"

	hexVocab := strings.Fields(`AA ?? ?A A? [1] [0] [1-2] [2-1] [-] [3-] [250] [1-250] ( | ) ( AA | BB ) ~AA A [ ] - /*c*/ 0 1`)
	modVocab := strings.Fields(`nocase wide ascii fullword private xor base64 base64wide xor(1) xor(1-3) xor(3-1) xor(300) base64("x")`)
	atoms := strings.Fields(`1 0 -1 1.5 "s" /r/ $a $b #a @a !a @a[1] !a[2] filesize entrypoint true false r0 them ($a) ($*) ($a*,$b) (r0) (r0*) i uint8(0) (1..2) (1,2) ("a","b") $ # @ ! pe pe.x pe.x[0] pe.f(1) x`)
	ops := strings.Fields(`and or not defined == != < <= > >= + - * \ % & | ^ ~ << >> contains icontains startswith iendswith iequals matches of any all none for in at : ( ) % , ..`)
	pick := func(v []string, max int) string {
		var out []string
		for k := rng.Intn(max) + 1; k > 0; k-- {
			out = append(out, v[rng.Intn(len(v))])
		}
		return strings.Join(out, " ")
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "m.yar")
	differ := 0
	for i := 0; i < n; i++ {
		src := seeds[rng.Intn(len(seeds))]
		switch mode := rng.Intn(4); {
		case mode == 2:
			// A random hex string, text or regexp with random modifiers.
			mods := ""
			if rng.Intn(3) > 0 {
				mods = pick(modVocab, 2)
			}
			decl := [...]string{"{ " + pick(hexVocab, 6) + " }", `"ab"`, "/ab/"}[rng.Intn(3)]
			src = "rule a { strings: $a = " + decl + " " + mods + " condition: $a }"
		case mode == 3:
			// A random condition term built from atoms and operators.
			var toks []string
			for k := rng.Intn(4) + 1; k > 0; k-- {
				if rng.Intn(2) == 0 {
					toks = append(toks, atoms[rng.Intn(len(atoms))])
				} else {
					toks = append(toks, ops[rng.Intn(len(ops))])
				}
			}
			src = `import "pe" rule r0 { condition: true } rule a { strings: $a = "x" $b = "y" condition: (` + strings.Join(toks, " ") + ") or ($a and $b) }"
		case mode == 0:
			toks := strings.Fields(src)
			for k := rng.Intn(2) + 1; k > 0; k-- {
				pos := rng.Intn(len(toks))
				switch rng.Intn(3) {
				case 0:
					toks = append(toks[:pos:pos], append([]string{vocab[rng.Intn(len(vocab))]}, toks[pos:]...)...)
				case 1:
					toks = append(toks[:pos:pos], toks[pos+1:]...)
				default:
					toks[pos] = vocab[rng.Intn(len(vocab))]
				}
			}
			src = strings.Join(toks, " ")
		default:
			b := []byte(src)
			for k := rng.Intn(3) + 1; k > 0 && len(b) > 0; k-- {
				pos := rng.Intn(len(b))
				switch rng.Intn(3) {
				case 0:
					b = append(b[:pos:pos], b[pos+1:]...)
				case 1:
					b[pos] = bytesAlphabet[rng.Intn(len(bytesAlphabet))]
				default:
					ins := []byte(vocab[rng.Intn(len(vocab))] + " ")
					b = append(b[:pos:pos], append(ins, b[pos:]...)...)
				}
			}
			src = string(b)
		}
		if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd := exec.Command(yarac, path, os.DevNull)
		cmd.Stderr = &stderr
		yerr := cmd.Run()
		var exitErr *exec.ExitError
		if yerr != nil && !errors.As(yerr, &exitErr) {
			t.Fatal(yerr)
		}
		_, err := Parse(path, []byte(src), nil)
		if (yerr == nil) == (err == nil) {
			continue
		}
		ymsg := firstError(stderr.String())
		ours := ""
		if err != nil {
			ours = strings.SplitN(err.Error(), "\n", 2)[0]
		}
		outOfScope := false
		for _, s := range []string{"invalid field name", "is not a structure", "type mismatch", "wrong usage of identifier", "invalid regular expression", "wrong arguments", "not a function", "not indexable", "is not iterable"} {
			if strings.Contains(ymsg, s) {
				outOfScope = true
			}
		}
		if outOfScope {
			t.Logf("module/regexp check (not ours yet): %q\n  yara: %s", src, ymsg)
			continue
		}
		differ++
		t.Errorf("verdicts differ on %q\n  yara: %s\n  ours: %s", src, ymsg, ours)
	}
	t.Logf("%d mutants, %d differ", n, differ)
}
