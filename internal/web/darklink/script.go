package darklink

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// What a script does that matters here.
type injection struct {
	html  string
	line  int
	sink  string
	steps []string
}

type urlUse struct {
	url   string
	line  int
	what  string
	steps []string
}

type styleHide struct {
	id, technique string
	line          int
}

type scriptFacts struct {
	injections    []injection
	css           []injection // strings a script puts in a <style> it creates
	hides         []styleHide
	srcs          []urlUse // element.src = …
	fetches       []urlUse
	redirects     []urlUse
	referrer      bool // reads document.referrer
	engines       bool // names search engines in a string or regex
	writesHTML    bool // has a sink that writes HTML, whatever its value
	createsScript bool
	createsStyle  bool
	unpacked      []string // code a packer would have run
}

var enginesRe = regexp.MustCompile(`(?i)baidu|sogou|so\.com|sm\.cn|google|bing|yahoo|haosou|youdao|soso|toutiao|yandex|360\.cn|spider|bot`)

func sortedSteps(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// scanScript reads code whose first byte is on line base.
func scanScript(code string, base int) *scriptFacts {
	f := &scriptFacts{}
	toks := lexJS(code)
	if len(toks) == 0 {
		return f
	}
	// line of a byte offset
	nl := []int{}
	for i := 0; i < len(code); i++ {
		if code[i] == '\n' {
			nl = append(nl, i)
		}
	}
	lineAt := func(pos int) int { return base + sort.SearchInts(nl, pos) }
	e := &jsEval{toks: toks, vars: map[string]value{}, funcs: map[string]string{}, varSteps: map[string]map[string]bool{}}
	eval := func(i int) (value, []string, int) {
		e.steps = map[string]bool{}
		v, j := e.expr(i, 0)
		return v, sortedSteps(e.steps), j
	}
	evalArgs := func(i int) ([]value, []string, int) {
		e.steps = map[string]bool{}
		a, j := e.args(i, 0)
		return a, sortedSteps(e.steps), j
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind == 's' || t.kind == 'r' {
			if enginesRe.MatchString(t.val) {
				f.engines = true
			}
		}
		if t.kind != 'i' && !(t.kind == 'p' && t.val == ".") {
			continue
		}
		line := lineAt(t.pos)
		if t.kind == 'p' { // member access
			m := e.at(i + 1)
			if m.kind != 'i' {
				continue
			}
			switch m.val {
			case "write", "writeln":
				if e.isP(i+2, "(") {
					f.writesHTML = true
					a, st, j := evalArgs(i + 2)
					var b strings.Builder
					for _, x := range a {
						b.WriteString(x.s)
					}
					if s := b.String(); strings.Contains(s, "<") {
						f.injections = append(f.injections, injection{s, line, "document." + m.val, st})
					}
					i = j - 1
				}
			case "innerHTML", "outerHTML", "textContent", "innerText", "cssText", "text":
				if e.isP(i+2, "=") || e.isP(i+2, "+=") {
					v, st, j := eval(i + 3)
					if m.val == "innerHTML" || m.val == "outerHTML" {
						f.writesHTML = true
						if strings.Contains(v.s, "<") {
							f.injections = append(f.injections, injection{v.s, line, m.val, st})
						}
					}
					if strings.Contains(v.s, "{") {
						f.css = append(f.css, injection{v.s, line, m.val, st})
					}
					i = j - 1
				}
			case "insertAdjacentHTML":
				if e.isP(i+2, "(") {
					f.writesHTML = true
					a, st, j := evalArgs(i + 2)
					if len(a) >= 2 && strings.Contains(a[1].s, "<") {
						f.injections = append(f.injections, injection{a[1].s, line, "insertAdjacentHTML", st})
					}
					i = j - 1
				}
			case "html", "append", "prepend", "after", "before", "replaceWith", "appendChild":
				if e.isP(i+2, "(") {
					a, st, j := evalArgs(i + 2)
					if len(a) >= 1 && strings.Contains(a[0].s, "<") {
						f.injections = append(f.injections, injection{a[0].s, line, m.val, st})
					}
					if len(a) >= 1 && strings.Contains(a[0].s, "{") && strings.Contains(a[0].s, ":") {
						f.css = append(f.css, injection{a[0].s, line, m.val, st})
					}
					i = j - 1
				}
			case "src":
				if e.isP(i+2, "=") {
					v, st, j := eval(i + 3)
					f.srcs = append(f.srcs, urlUse{v.s, line, "src", st})
					i = j - 1
				}
			case "setAttribute":
				if e.isP(i+2, "(") {
					a, st, j := evalArgs(i + 2)
					if len(a) >= 2 && (a[0].s == "src" || a[0].s == "href") {
						f.srcs = append(f.srcs, urlUse{a[1].s, line, "setAttribute " + a[0].s, st})
					}
					i = j - 1
				}
			case "referrer":
				f.referrer = true
			case "open":
				if e.isP(i+2, "(") {
					a, st, j := evalArgs(i + 2)
					if len(a) >= 2 {
						f.fetches = append(f.fetches, urlUse{a[1].s, line, "XMLHttpRequest", st})
					} else if len(a) == 1 {
						f.redirects = append(f.redirects, urlUse{a[0].s, line, "window.open", st})
					}
					i = j - 1
				}
			case "get", "post", "load", "getScript", "ajax":
				if e.isP(i+2, "(") && i > 0 && (e.isI(i-1, "$") || e.isI(i-1, "jQuery") || m.val == "load") {
					a, st, j := evalArgs(i + 2)
					if len(a) >= 1 && a[0].s != "" {
						f.fetches = append(f.fetches, urlUse{a[0].s, line, "jQuery." + m.val, st})
					}
					i = j - 1
				}
			}
			continue
		}
		// identifiers
		switch t.val {
		case "function":
			// function NAME(){ return "literal" }
			if e.at(i+1).kind == 'i' && e.isP(i+2, "(") && e.isP(i+3, ")") && e.isP(i+4, "{") && e.isI(i+5, "return") && e.at(i+6).kind == 's' {
				if len(e.funcs) < maxVars {
					e.funcs[e.at(i+1).val] = e.at(i + 6).val
				}
			}
			continue
		case "eval":
			if code, ok := unpackAt(e, i); ok {
				f.unpacked = append(f.unpacked, code)
			}
			continue
		case "fetch":
			if e.isP(i+1, "(") && !e.isP(i-1, ".") {
				a, st, j := evalArgs(i + 1)
				if len(a) >= 1 {
					f.fetches = append(f.fetches, urlUse{a[0].s, line, "fetch", st})
				}
				i = j - 1
			}
			continue
		case "createElement":
			if e.isP(i+1, "(") {
				a, _, j := evalArgs(i + 1)
				if len(a) >= 1 {
					switch strings.ToLower(a[0].s) {
					case "script":
						f.createsScript = true
					case "style":
						f.createsStyle = true
					}
				}
				i = j - 1
			}
			continue
		case "getElementById":
			// getElementById('x').style.display = …
			if e.isP(i+1, "(") && e.at(i+2).kind == 's' && e.isP(i+3, ")") && e.isP(i+4, ".") && e.isI(i+5, "style") &&
				e.isP(i+6, ".") && e.at(i+7).kind == 'i' && e.isP(i+8, "=") {
				prop := e.at(i + 7).val
				v, _, j := eval(i + 9)
				val := strings.ToLower(strings.TrimSpace(v.s))
				switch {
				case prop == "display" && val == "none":
					f.hides = append(f.hides, styleHide{e.at(i + 2).val, "display-none", line})
				case prop == "visibility" && val == "hidden":
					f.hides = append(f.hides, styleHide{e.at(i + 2).val, "visibility-hidden", line})
				}
				i = j - 1
			}
			continue
		case "location":
			var (
				a  []value
				st []string
				j  int
			)
			switch {
			case e.isP(i+1, "=") && !e.isP(i-1, "."):
				var v value
				v, st, j = eval(i + 2)
				a = []value{v}
			case e.isP(i+1, ".") && e.isI(i+2, "href") && e.isP(i+3, "="):
				var v value
				v, st, j = eval(i + 4)
				a = []value{v}
			case e.isP(i+1, ".") && (e.isI(i+2, "replace") || e.isI(i+2, "assign")) && e.isP(i+3, "("):
				a, st, j = evalArgs(i + 3)
			case e.isP(i+1, "=") && e.isP(i-1, "."):
				var v value
				v, st, j = eval(i + 2)
				a = []value{v}
			}
			if len(a) > 0 {
				f.redirects = append(f.redirects, urlUse{a[0].s, line, "location", st})
				i = j - 1
			}
			continue
		}
		// assignments: [var] name = expr; name += expr
		if !e.isP(i-1, ".") && (e.isP(i+1, "=") || e.isP(i+1, "+=")) {
			name := t.val
			add := e.isP(i+1, "+=")
			v, st, j := eval(i + 2)
			if len(e.vars) < maxVars || e.vars[name].s != "" {
				if add {
					v = concat(e.vars[name], v)
				}
				e.vars[name] = v
				set := map[string]bool{}
				if add {
					for s := range e.varSteps[name] {
						set[s] = true
					}
				}
				for _, s := range st {
					set[s] = true
				}
				e.varSteps[name] = set
			}
			if j > i+2 {
				i = j - 1
			}
		}
	}
	return f
}

// unpackAt unpacks Dean Edwards' packer, eval(function(p,a,c,k,e,d){…}
// ('payload',radix,count,'words'.split('|'),0,{})), without running it.
func unpackAt(e *jsEval, i int) (string, bool) {
	if !e.isP(i+1, "(") || !e.isI(i+2, "function") || !e.isP(i+3, "(") {
		return "", false
	}
	j := e.skipBalanced(i + 3) // parameters
	if !e.isP(j, "{") {
		return "", false
	}
	j = e.skipBalanced(j) // body
	if !e.isP(j, "(") {
		return "", false
	}
	e.steps = map[string]bool{}
	a, _ := e.args(j, 0)
	if len(a) < 4 || !a[1].isNum || !a[2].isNum || !a[3].isLst {
		return "", false
	}
	return unpack(a[0].s, int(a[1].num), int(a[2].num), a[3].list)
}

func packerBase(c, a int) string {
	var s string
	if c >= a {
		s = packerBase(c/a, a)
	}
	c %= a
	if c > 35 {
		return s + string(rune(c+29))
	}
	return s + strconv.FormatInt(int64(c), 36)
}

var wordRe = regexp.MustCompile(`\b\w+\b`)

func unpack(p string, a, c int, k []string) (string, bool) {
	if a < 2 || a > 95 || c < 0 || c > 100_000 || len(p) > maxValueLen {
		return "", false
	}
	dict := make(map[string]string, c)
	for n := c - 1; n >= 0; n-- {
		key := packerBase(n, a)
		if n < len(k) && k[n] != "" {
			dict[key] = k[n]
		} else {
			dict[key] = key
		}
	}
	out := wordRe.ReplaceAllStringFunc(p, func(w string) string {
		if r, ok := dict[w]; ok {
			return r
		}
		return w
	})
	if len(out) > maxValueLen {
		out = out[:maxValueLen]
	}
	return out, true
}
