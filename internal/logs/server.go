package logs

import (
	"fmt"
	"io/fs"
	"path"

	"github.com/yingji/yingji/internal/logs/access"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/webroot"
)

// FindSource lists the log files of a Source as Find does, plus the access
// logs its web server configurations name wherever they are (nginx
// access_log, Apache CustomLog), with their rotated copies, and returns
// the log formats those configurations define, compiled for the access log
// parser (Options.AccessFormats).
func FindSource(src source.Source) ([]File, []*access.Format, []error) {
	files, errs := Find(src)
	_, confLogs, err := webroot.Config(src, nil)
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
	return files, formats, errs
}
