// Package webtest serves the web-page fixtures of the dark-link corpus
// (corpus_spec.md) from 127.0.0.1 for the tests of the rendered and the
// profile views, and emulates the server-side logic some fixtures need:
//
//   - index.php with a prepended spider-cloaking block (M17): the block's
//     preg_match on the User-Agent is evaluated, and a matching spider gets
//     the body of the file_get_contents URL from the remote directory;
//     everyone else gets the page with its PHP removed;
//   - .htaccess (M18): RewriteCond on %{HTTP_REFERER} and
//     %{HTTP_USER_AGENT} with a RewriteRule redirect, and ErrorDocument 404
//     to a URL;
//   - prerender.html (B16): bots get the pre-rendered HTML, users the SPA
//     shell index.html; {{NOW}} and {{CSRF}} change on every response.
//
// Everything else is served as static files of the fixture directory.
package webtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Fixture is one fixture directory.
type Fixture struct {
	ID      string // M04, B16 …
	Name    string // m04_same_color_cascade
	Dir     string
	Site    string // www.example-univ.test
	URLPath string // "/" unless site.json says otherwise
	Expect  Expect
}

// Expect is a fixture's expect.json.
type Expect struct {
	Verdict          string   `json:"verdict"`
	MinSeverity      string   `json:"min_severity"`
	MinCount         int      `json:"min_count"`    // site fixtures: pages a finding must count
	NeedsRender      bool     `json:"needs_render"` // static-only analysis must say a render is needed
	MustFind         []Find   `json:"must_find"`
	MustNotFindKinds []string `json:"must_not_find_kinds"`
}

// Find is one must_find entry: a kind plus a host or a technique.
type Find struct {
	Kind      string `json:"kind"`
	HrefHost  string `json:"href_host"`
	Technique string `json:"technique"`
	Source    string `json:"source"` // the linked style sheet rule cited
}

// ReadExpect reads the expect.json of the fixture directory dir.
func ReadExpect(dir string) (Expect, error) {
	var e Expect
	b, err := os.ReadFile(filepath.Join(dir, "expect.json"))
	if err != nil {
		return e, err
	}
	if err := json.Unmarshal(b, &e); err != nil {
		return e, errors.New(filepath.Base(dir) + "/expect.json: " + err.Error())
	}
	return e, nil
}

// Malicious reports the MALICIOUS verdict.
func (e Expect) Malicious() bool { return strings.EqualFold(e.Verdict, "MALICIOUS") }

func here() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// Dirs are the directories holding fixtures: the static analyser's and
// this package's.
func Dirs() []string {
	h := here()
	return []string{filepath.Join(h, "..", "darklink", "testdata", "darklink"), filepath.Join(h, "testdata")}
}

// Remote is the directory of "remote" bodies (Remote/<host>/<path>) that
// the render's interception and the PHP emulation answer with.
func Remote() string { return filepath.Join(here(), "testdata", "remote") }

var fixtureName = regexp.MustCompile(`^([mb])(\d\d)_`)

// Fixtures lists every fixture directory, sorted by ID.
func Fixtures() ([]Fixture, error) {
	var out []Fixture
	for _, d := range Dirs() {
		ents, err := os.ReadDir(d)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			return nil, err
		}
		for _, e := range ents {
			m := fixtureName.FindStringSubmatch(e.Name())
			if !e.IsDir() || m == nil {
				continue
			}
			f := Fixture{ID: strings.ToUpper(m[1]) + m[2], Name: e.Name(), Dir: filepath.Join(d, e.Name()),
				Site: "www.example-univ.test", URLPath: "/"}
			if f.Expect, err = ReadExpect(f.Dir); err != nil {
				return nil, err
			}
			if b, err := os.ReadFile(filepath.Join(f.Dir, "site.json")); err == nil {
				var s struct {
					Site    string `json:"site"`
					URLPath string `json:"url_path"`
				}
				if json.Unmarshal(b, &s) == nil {
					if s.Site != "" {
						f.Site = s.Site
					}
					if s.URLPath != "" {
						f.URLPath = s.URLPath
					}
				}
			}
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Serve starts a server on 127.0.0.1 for the fixture; close it when done.
func Serve(f Fixture) *httptest.Server {
	return httptest.NewServer(Handler(f.Dir))
}

// Handler serves one fixture directory with its emulated server logic.
func Handler(dir string) http.Handler {
	h := &handler{dir: dir, remote: Remote()}
	if b, err := os.ReadFile(filepath.Join(dir, ".htaccess")); err == nil {
		h.rules = parseHtaccess(string(b))
	}
	return h
}

type handler struct {
	dir    string
	remote string
	rules  htaccess
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean("/" + r.URL.Path)
	if to, code, ok := h.rules.rewrite(r); ok {
		http.Redirect(w, r, to, code)
		return
	}
	if p == "/" || p == "/index.php" || p == "/index.html" {
		if h.php(w, r) || h.prerender(w, r) {
			return
		}
		p = "/index.html"
	}
	base := path.Base(p)
	if base == "expect.json" || base == "site.json" || base == ".htaccess" || strings.HasSuffix(base, ".php") {
		h.notFound(w, r)
		return
	}
	f := filepath.Join(h.dir, filepath.FromSlash(p))
	st, err := os.Stat(f)
	if err != nil || !st.Mode().IsRegular() {
		h.notFound(w, r)
		return
	}
	http.ServeFile(w, r, f)
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	if h.rules.errorDoc404 != "" {
		// Apache answers an ErrorDocument URL with a redirect.
		http.Redirect(w, r, h.rules.errorDoc404, http.StatusFound)
		return
	}
	http.NotFound(w, r)
}

var (
	phpBlock    = regexp.MustCompile(`(?s)<\?php.*?\?>`)
	pregUA      = regexp.MustCompile(`preg_match\('/(.+?)/(i?)',\s*\$_SERVER\['HTTP_USER_AGENT'\]\)`)
	getContents = regexp.MustCompile(`file_get_contents\('(https?://[^'?]+)`)
	botUA       = regexp.MustCompile(`(?i)bot|spider|crawl|slurp`)
)

// php emulates index.php: its spider-cloaking block, if any, and the
// page without PHP for everyone else.
func (h *handler) php(w http.ResponseWriter, r *http.Request) bool {
	b, err := os.ReadFile(filepath.Join(h.dir, "index.php"))
	if err != nil {
		return false
	}
	for _, blk := range phpBlock.FindAllString(string(b), -1) {
		m := pregUA.FindStringSubmatch(blk)
		g := getContents.FindStringSubmatch(blk)
		if m == nil || g == nil {
			continue
		}
		expr := m[1]
		if m[2] == "i" {
			expr = "(?i)" + expr
		}
		re, err := regexp.Compile(expr)
		if err != nil || !re.MatchString(r.UserAgent()) {
			continue
		}
		u := strings.TrimPrefix(strings.TrimPrefix(g[1], "http://"), "https://")
		host, rest, _ := strings.Cut(u, "/")
		if rest == "" || strings.HasSuffix(rest, "/") {
			rest += "index.html"
		}
		body, err := os.ReadFile(filepath.Join(h.remote, host, filepath.FromSlash(path.Clean("/"+rest))))
		if err != nil {
			body = nil // the panel is down: the PHP echoes nothing
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
		return true
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(strings.TrimLeft(phpBlock.ReplaceAllString(string(b), ""), "\r\n")))
	return true
}

// prerender emulates dynamic rendering: bots get prerender.html, users
// the SPA shell; both differ on every response (time, CSRF token).
func (h *handler) prerender(w http.ResponseWriter, r *http.Request) bool {
	name := "prerender.html"
	if _, err := os.Stat(filepath.Join(h.dir, name)); err != nil {
		return false
	}
	if !botUA.MatchString(r.UserAgent()) {
		name = "index.html"
	}
	b, err := os.ReadFile(filepath.Join(h.dir, name))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return true
	}
	tok := make([]byte, 16)
	rand.Read(tok)
	s := strings.NewReplacer("{{NOW}}", time.Now().Format(time.RFC3339Nano), "{{CSRF}}", hex.EncodeToString(tok)).Replace(string(b))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "User-Agent")
	w.Write([]byte(s))
	return true
}

// htaccess is the part of mod_rewrite and ErrorDocument the fixtures use.
type htaccess struct {
	rules       []rewriteRule
	errorDoc404 string
}

type rewriteCond struct {
	header string // Referer, User-Agent
	re     *regexp.Regexp
	negate bool
}

type rewriteRule struct {
	conds []rewriteCond
	match *regexp.Regexp
	to    string
	code  int
}

var condVar = map[string]string{"%{HTTP_REFERER}": "Referer", "%{HTTP_USER_AGENT}": "User-Agent", "%{HTTP_HOST}": "Host"}

func parseHtaccess(s string) htaccess {
	var h htaccess
	var conds []rewriteCond
	for _, line := range strings.Split(s, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		flags := ""
		if last := f[len(f)-1]; strings.HasPrefix(last, "[") && len(f) > 2 {
			flags = strings.ToUpper(last)
		}
		switch strings.ToLower(f[0]) {
		case "rewritecond":
			if len(f) < 3 || condVar[f[1]] == "" {
				continue
			}
			expr, neg := f[2], false
			if strings.HasPrefix(expr, "!") {
				expr, neg = expr[1:], true
			}
			if strings.Contains(flags, "NC") {
				expr = "(?i)" + expr
			}
			if re, err := regexp.Compile(expr); err == nil {
				conds = append(conds, rewriteCond{header: condVar[f[1]], re: re, negate: neg})
			}
		case "rewriterule":
			if len(f) < 3 {
				conds = nil
				continue
			}
			re, err := regexp.Compile(f[1])
			if err != nil {
				conds = nil
				continue
			}
			code := 0
			if i := strings.Index(flags, "R="); i >= 0 {
				code, _ = strconv.Atoi(strings.TrimRight(strings.SplitN(flags[i+2:], ",", 2)[0], "]"))
			} else if strings.Contains(flags, "R") {
				code = http.StatusFound
			}
			if code != 0 {
				h.rules = append(h.rules, rewriteRule{conds: conds, match: re, to: f[2], code: code})
			}
			conds = nil
		case "errordocument":
			if len(f) >= 3 && f[1] == "404" && (strings.HasPrefix(f[2], "http://") || strings.HasPrefix(f[2], "https://")) {
				h.errorDoc404 = f[2]
			}
		}
	}
	return h
}

// rewrite returns the redirect of the first rule whose conditions hold.
func (h htaccess) rewrite(r *http.Request) (string, int, bool) {
	p := strings.TrimPrefix(r.URL.Path, "/")
	for _, rule := range h.rules {
		ok := rule.match.MatchString(p)
		for _, c := range rule.conds {
			v := r.Header.Get(c.header)
			if c.header == "Host" {
				v = r.Host
			}
			if c.re.MatchString(v) == c.negate {
				ok = false
			}
		}
		if ok {
			return rule.to, rule.code, true
		}
	}
	return "", 0, false
}
