package logs

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/yingji/yingji/internal/logs/access"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/webroot"
	"github.com/yingji/yingji/internal/webshell"
)

// FindSource lists the log files of a Source as Find does, plus the access
// logs its web server configurations name wherever they are (nginx
// access_log, Apache CustomLog), with their rotated copies, and returns
// the Options to read them with: the Source's time zone (Zone), the log
// formats those configurations define, compiled for the access log
// parser, and the lookup of requested scripts under the web roots they
// name, with extraRoots (Options.Webshell). The configurations are read
// once for all three.
func FindSource(src source.Source, extraRoots []string) ([]File, Options, []error) {
	files, errs := Find(src)
	roots, confLogs, err := webroot.Config(src, extraRoots)
	if err != nil {
		errs = append(errs, err)
	}
	have := map[string]bool{}
	for _, f := range files {
		have[f.Path] = true
	}
	var formats []*access.Format
	seenFormat := map[string]bool{}
	for _, l := range confLogs {
		if l.Format != "" && !seenFormat[l.Server+"\x00"+l.Format] {
			seenFormat[l.Server+"\x00"+l.Format] = true
			parse := access.ParseNginxFormat
			if l.Server == "apache" {
				parse = access.ParseApacheFormat
			}
			if f, err := parse(l.Format); err != nil {
				errs = append(errs, fmt.Errorf("%s: log format %q: %w", l.Why, l.FormatName, err))
			} else {
				if l.FormatName != "" {
					f.Name = l.FormatName
				}
				formats = append(formats, f)
			}
		}
		dir, base := path.Split(l.Path)
		ents, err := fs.ReadDir(src, path.Clean(dir))
		if err != nil {
			continue // a log that does not exist (yet, or any more)
		}
		for _, e := range ents {
			b, order := Rotation(e.Name())
			if b != base || !e.Type().IsRegular() {
				continue
			}
			p := path.Join(dir, e.Name())
			if have[p] {
				continue
			}
			have[p] = true
			st, err := e.Info()
			if err != nil {
				continue
			}
			files = append(files, File{Path: p, Kind: KindAccess, Set: l.Path, Order: order, Size: st.Size(), ModTime: st.ModTime()})
		}
	}
	sortFiles(files)
	return files, Options{Location: Zone(src), AccessFormats: formats, Webshell: webshellCheck(src, roots)}, errs
}

// webshellCheck returns an Options.Webshell for a Source: the URL path is
// looked up under its web roots (those serving the virtual host first),
// and the file found is analysed as yingji webshell does. Each path is
// looked up once.
func webshellCheck(src source.Source, roots []webroot.Root) func(vhost, urlPath string) (string, string, bool) {
	type verdict struct {
		file, why string
		ok        bool
	}
	var mu sync.Mutex
	cache := map[string]verdict{}
	return func(vhost, urlPath string) (string, string, bool) {
		mu.Lock()
		defer mu.Unlock()
		host, _, _ := strings.Cut(vhost, ":")
		key := host + " " + urlPath
		if v, ok := cache[key]; ok {
			return v.file, v.why, v.ok
		}
		ordered := slices.Clone(roots)
		slices.SortStableFunc(ordered, func(a, b webroot.Root) int {
			ah, bh := slices.Contains(a.Hosts, host), slices.Contains(b.Hosts, host)
			switch {
			case ah && !bh:
				return -1
			case bh && !ah:
				return 1
			}
			return 0
		})
		v := verdict{}
		rel := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
		for _, r := range ordered {
			name := path.Join(r.Path, rel)
			if st, err := fs.Stat(src, name); err != nil || !st.Mode().IsRegular() {
				continue
			}
			res := webshell.ScanFile(src, name)
			if res.Reported() {
				why, _ := webshell.Explain(res)
				v = verdict{"/" + name, why, true}
			}
			break // the first root that has the file serves it
		}
		cache[key] = v
		return v.file, v.why, v.ok
	}
}
