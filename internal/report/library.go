package report

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/yingji/yingji/internal/finding"
)

// Entry is one item of the library the report draws its recommendations
// (安全优化建议) and impact statements (影响评估) from. The library is data:
// rules/advice/*.yml in the binary, and a service's own directories.
type Entry struct {
	ID          string `yaml:"id"`
	Kind        string `yaml:"kind"`     // "recommendation" or "impact"
	Priority    int    `yaml:"priority"` // 1 immediately, 2 soon, 3 planned
	MinSeverity string `yaml:"min_severity"`
	Match       Match  `yaml:"match"`
	Title       Text   `yaml:"title"`
	Text        Text   `yaml:"text"`
	minSev      finding.Severity
	file        string
}

// Match selects the findings an entry answers. An entry with an empty
// Match is a baseline entry that is always given.
type Match struct {
	Rules      []string `yaml:"rules"`      // path.Match globs over rule ids
	Categories []string `yaml:"categories"` // GB/T 20986-2023 codes
	Attack     []string `yaml:"attack"`     // technique ids; "T1053*" matches sub-techniques
}

// Text is a text in both languages.
type Text struct {
	Zh string `yaml:"zh"`
	En string `yaml:"en"`
}

// In returns the text in the language.
func (t Text) In(lang string) string {
	if lang == LangEn {
		return t.En
	}
	return t.Zh
}

// Kinds of library entries.
const (
	KindRecommendation = "recommendation"
	KindImpact         = "impact"
)

// Library is an ordered set of entries.
type Library struct {
	Entries []Entry
}

// maxLibraryFile bounds one library file.
const maxLibraryFile = 4 << 20

// LoadLibrary reads the *.yml and *.yaml files under dir of each fsys in
// order. An entry whose id an earlier file used replaces it, so a
// service's directory can reword or reprioritise a built-in entry. Bad
// files or entries are errors naming them; the good entries are kept.
func LoadLibrary(fsyss []fs.FS) (*Library, error) {
	lib := &Library{}
	index := map[string]int{}
	var errs []error
	for _, fsys := range fsyss {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if d.IsDir() || !(strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if info.Size() > maxLibraryFile {
				errs = append(errs, fmt.Errorf("%s: larger than %d bytes", p, maxLibraryFile))
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			var es []Entry
			if err := yaml.Unmarshal(data, &es); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p, err))
				return nil
			}
			for _, e := range es {
				e.file = p
				if err := e.check(); err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", p, err))
					continue
				}
				if i, ok := index[e.ID]; ok {
					lib.Entries[i] = e
					continue
				}
				index[e.ID] = len(lib.Entries)
				lib.Entries = append(lib.Entries, e)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return lib, errors.Join(errs...)
}

func (e *Entry) check() error {
	switch {
	case e.ID == "":
		return errors.New("entry without id")
	case e.Kind != KindRecommendation && e.Kind != KindImpact:
		return fmt.Errorf("entry %s: kind %q (want recommendation or impact)", e.ID, e.Kind)
	case e.Title.Zh == "" || e.Title.En == "" || e.Text.Zh == "" || e.Text.En == "":
		return fmt.Errorf("entry %s: title and text need both zh and en", e.ID)
	case e.Kind == KindRecommendation && (e.Priority < 1 || e.Priority > 3):
		return fmt.Errorf("entry %s: priority %d (want 1, 2 or 3)", e.ID, e.Priority)
	}
	e.minSev = finding.Low
	if e.MinSeverity != "" {
		s, err := finding.ParseSeverity(e.MinSeverity)
		if err != nil {
			return fmt.Errorf("entry %s: %w", e.ID, err)
		}
		e.minSev = s
	}
	for _, g := range e.Match.Rules {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("entry %s: rule glob %q: %w", e.ID, g, err)
		}
	}
	return nil
}

// baseline reports whether the entry applies to every report.
func (e *Entry) baseline() bool {
	return len(e.Match.Rules) == 0 && len(e.Match.Categories) == 0 && len(e.Match.Attack) == 0
}

// matches reports whether the finding calls for the entry.
func (e *Entry) matches(f *finding.Finding) bool {
	if f.Severity < e.minSev {
		return false
	}
	for _, g := range e.Match.Rules {
		if ok, _ := path.Match(g, f.Rule); ok {
			return true
		}
	}
	for _, c := range e.Match.Categories {
		if c == f.Category {
			return true
		}
	}
	for _, a := range e.Match.Attack {
		for _, t := range f.Attack {
			if a == t || (strings.HasSuffix(a, "*") && strings.HasPrefix(t, strings.TrimSuffix(a, "*"))) {
				return true
			}
		}
	}
	return false
}

// select returns the entries of a kind that the findings call for, with
// the numbers of the findings, plus the baseline entries; recommendations
// most urgent first, then in library order.
func (l *Library) pick(kind string, fs []Finding, src []*finding.Finding) []picked {
	var out []picked
	for i := range l.Entries {
		e := &l.Entries[i]
		if e.Kind != kind {
			continue
		}
		var because []int
		for j, f := range src {
			if e.matches(f) {
				because = append(because, fs[j].Number)
			}
		}
		if len(because) > 0 || e.baseline() {
			out = append(out, picked{e, because})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].e.Priority < out[j].e.Priority })
	return out
}

type picked struct {
	e       *Entry
	because []int
}
