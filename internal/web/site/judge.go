package site

import (
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/lexicon"
)

// defaceRe: the signatures of a defacement page in its title or heading.
var defaceRe = regexp.MustCompile(`(?i)\b(h[a4]ck[e3]d|defaced|0wn[e3]d|owned|pwn[e3]d)\s+by\b|\bwas\s+here\b|\bhacked\s*!|黑客.{0,8}到此一游|被.{0,6}黑客.{0,4}(攻陷|入侵)`)

// A defacement page is small: its signature alone counts only on a page
// with little text and few links (not an article about an attack).
const (
	defaceMaxText  = 1500
	defaceMaxLinks = 5
)

// isIndex: names a directory URL serves.
func isIndex(base string) bool {
	switch strings.ToLower(base) {
	case "index.html", "index.htm", "index.shtml", "default.html", "default.htm", "index.xhtml":
		return true
	}
	return false
}

func judge(fsys fs.FS, pages []*Page, listed map[string]bool, opt Options, res Result) Result {
	res.Pages = len(pages)
	linked := map[string]bool{}
	for _, pg := range pages {
		for _, l := range pg.Links {
			if l != pg.Path {
				linked[l] = true
			}
		}
	}
	hasBaseline := opt.Baseline != nil || opt.Manifest != nil
	inBaseline := func(p string) bool {
		if opt.Manifest[p] {
			return true
		}
		if opt.Baseline != nil {
			if _, err := fs.Stat(opt.Baseline, p); err == nil {
				return true
			}
		}
		return false
	}
	var doors []*Page
	for _, pg := range pages {
		if _, base := path.Split(pg.Path); isIndex(base) {
			continue // a directory's page: reached by the directory's URL
		}
		if linked[pg.Path] || listed[pg.Path] {
			continue
		}
		res.Orphans++
		if hasBaseline && inBaseline(pg.Path) {
			continue
		}
		titleSpam := lexicon.AnyStrong(lexicon.Match(pg.Title + " " + pg.H1))
		// spam words in the title or heading, and dense in the text (a
		// page whose spam is a hidden block is a dark link page instead)
		if titleSpam && pg.Density >= 0.15 {
			doors = append(doors, pg)
		}
	}
	if len(doors) > 0 {
		res.Findings = append(res.Findings, doorway(doors, hasBaseline))
		for _, pg := range doors {
			res.Doorways = append(res.Doorways, pg.Path)
		}
	}
	res.Findings = append(res.Findings, defacements(fsys, pages, opt)...)
	sort.SliceStable(res.Findings, func(i, j int) bool { return res.Findings[i].Level > res.Findings[j].Level })
	for _, f := range res.Findings {
		if f.Level > res.Level {
			res.Level = f.Level
		}
	}
	return res
}

func doorway(doors []*Page, hasBaseline bool) Finding {
	sort.Slice(doors, func(i, j int) bool { return doors[i].Path < doors[j].Path })
	f := Finding{Kind: KindDoorway, Technique: "orphan-pages", Count: len(doors), Similarity: -1, Title: doors[0].Title}
	redirects := 0
	var density float64
	var times []time.Time
	words := map[string]bool{}
	for _, pg := range doors {
		if len(f.Paths) < maxExamples {
			f.Paths = append(f.Paths, pg.Path)
		}
		if len(pg.Redirects) > 0 {
			redirects++
		}
		for _, h := range pg.Redirects {
			if !contains(f.Hosts, h) && len(f.Hosts) < 12 {
				f.Hosts = append(f.Hosts, h)
			}
		}
		for _, w := range pg.Words {
			if !words[w] && len(words) < 16 {
				words[w] = true
				f.Words = append(f.Words, w)
			}
		}
		density += pg.Density
		if !pg.ModTime.IsZero() {
			times = append(times, pg.ModTime)
		}
	}
	density /= float64(len(doors))
	n := len(doors)
	switch {
	case n >= 10, hasBaseline && (n >= 3 || redirects > 0), n >= 2 && redirects > 0:
		f.Level = darklink.High
	default:
		f.Level = darklink.Medium
	}
	what := "not linked from any page nor listed in a sitemap"
	if hasBaseline {
		what += ", not in the baseline"
	}
	f.Detail = fmt.Sprintf("%d orphan pages (%s) stuffed with spam words (mean density %.2f)", n, what, density)
	if redirects > 0 {
		f.Detail += fmt.Sprintf("; %d redirect visitors to %s", redirects, strings.Join(f.Hosts, ", "))
	}
	if w, span := cluster(times); n >= 3 && w*5 >= n*4 {
		f.Detail += fmt.Sprintf("; %d of them written within %s", w, span.Round(time.Second))
	}
	return f
}

// cluster returns the most times within one hour of each other, and the
// span they cover.
func cluster(ts []time.Time) (int, time.Duration) {
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	best, span := 0, time.Duration(0)
	j := 0
	for i := range ts {
		for ts[i].Sub(ts[j]) > time.Hour {
			j++
		}
		if i-j+1 > best {
			best, span = i-j+1, ts[i].Sub(ts[j])
		}
	}
	return best, span
}

const maxCompare = 20_000

func defacements(fsys fs.FS, pages []*Page, opt Options) []Finding {
	var out []Finding
	compared := 0
	for _, pg := range pages {
		sig := (defaceRe.MatchString(pg.Title) || defaceRe.MatchString(pg.H1)) && pg.TextLen <= defaceMaxText && len(pg.Links) <= defaceMaxLinks
		var old *Page
		if opt.Baseline != nil && compared < maxCompare {
			if b, err := readBounded(opt.Baseline, pg.Path, MaxPageBytes); err == nil {
				compared++
				old = Summarize(pg.Path, b, opt)
			}
		}
		if old == nil {
			if sig {
				out = append(out, Finding{Kind: KindDefacement, Technique: "signature", Level: darklink.Medium, Count: 1,
					Paths: []string{pg.Path}, Similarity: -1, Title: pg.Title,
					Detail: "the page's title or heading is a defacement signature (" + darklink.Clip(firstNonEmpty(pg.Title, pg.H1), 80) + ")"})
			}
			continue
		}
		sim := Similarity(old.text, pg.text)
		titleChanged := norm(old.Title) != norm(pg.Title)
		lostLinks := len(pg.Links)*5 <= len(old.Links) && len(old.Links) >= 3
		shrunk := pg.TextLen*10 <= old.TextLen*3
		f := Finding{Kind: KindDefacement, Count: 1, Paths: []string{pg.Path}, Similarity: sim, Title: pg.Title, OldTitle: old.Title}
		switch {
		case sig && (titleChanged || sim < 0.5):
			f.Technique, f.Level = "baseline-title", darklink.High
			f.Detail = fmt.Sprintf("the page now reads %q (was %q); text similarity with the baseline %.2f", darklink.Clip(firstNonEmpty(pg.Title, pg.H1), 80), darklink.Clip(old.Title, 80), sim)
		case sim < 0.1 && old.TextLen >= 40 && (lostLinks || shrunk):
			f.Technique, f.Level = "baseline-diff", darklink.High
			f.Detail = fmt.Sprintf("the page's text no longer resembles the baseline (similarity %.2f, %d links where there were %d)", sim, len(pg.Links), len(old.Links))
		case sim < 0.1 && old.TextLen >= 40:
			f.Technique, f.Level = "baseline-diff", darklink.Low
			f.Detail = fmt.Sprintf("the page's text changed completely from the baseline (similarity %.2f): a redesign or a defacement", sim)
		default:
			f.Level = darklink.None
		}
		if f.Level > darklink.None {
			out = append(out, f)
		}
		if titleChanged {
			newSpam := strongWords(pg.Title)
			if len(newSpam) > 0 && len(strongWords(old.Title)) == 0 {
				out = append(out, Finding{Kind: KindTitleTamper, Technique: "baseline-title", Level: darklink.High, Count: 1,
					Paths: []string{pg.Path}, Words: newSpam, Similarity: sim, Title: pg.Title, OldTitle: old.Title,
					Detail: fmt.Sprintf("the title became %q (was %q)", darklink.Clip(pg.Title, 80), darklink.Clip(old.Title, 80))})
			}
		}
	}
	return out
}

func strongWords(s string) []string {
	var out []string
	for _, w := range lexicon.Match(s) {
		if w.Strong {
			out = append(out, w.Word)
		}
	}
	return out
}

func norm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func firstNonEmpty(a ...string) string {
	for _, s := range a {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// Similarity is the cosine similarity of the character bigrams of two
// texts (letters and digits, normalised): 1 for the same text, near 0 for
// unrelated ones; 1 when both are empty, 0 when one is.
func Similarity(a, b string) float64 {
	va, vb := bigrams(a), bigrams(b)
	if len(va) == 0 && len(vb) == 0 {
		return 1
	}
	if len(va) == 0 || len(vb) == 0 {
		return 0
	}
	var dot, na, nb float64
	for k, x := range va {
		na += float64(x * x)
		if y, ok := vb[k]; ok {
			dot += float64(x * y)
		}
	}
	for _, y := range vb {
		nb += float64(y * y)
	}
	return dot / math.Sqrt(na*nb)
}

func bigrams(s string) map[[2]rune]int {
	s = lexicon.Normalize(s)
	m := map[[2]rune]int{}
	var prev rune = -1
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			prev = -1
			continue
		}
		if prev >= 0 {
			m[[2]rune{prev, r}]++
		}
		prev = r
	}
	return m
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
