package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/logs"
	"github.com/yingji/yingji/internal/sigma"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/rules"
)

func logsCmd() *cobra.Command {
	var (
		asJSON, events, all bool
		lang, tz            string
		workers             int
		sigmaDirs           []string
	)
	c := &cobra.Command{
		Use:   "logs [--json | --events] [--tz ZONE] [--sigma DIR]... PATH...",
		Short: "Read logs (syslog, auth, login records, auditd, web access, shell histories) and report what they show",
		Long: `Parse the logs under the given paths and run the log detections: SSH brute
force and spraying and the login that followed them, root logins, new and
privileged accounts, sudo and su abuse, commands that download and run code,
erase logs, add SSH keys or disable protections, and web attacks and scanners
in access logs.

A PATH that is a host's root (a mounted image, an unpacked bundle, /) is
searched for its logs in the usual places (/var/log, web servers' logs, the
histories of root and the users under /home), and its own time zone is read
from its /etc/localtime. Any other directory or file is read as logs whose
kind is recognised by name and content. Rotated and compressed copies
(gzip, bzip2, xz, zstd) are read in time order.

--events prints every event as JSON Lines instead of findings; --json prints
the findings as JSON Lines. Exit status: 0 nothing of medium severity or
above, 1 such findings, 2 error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if os.Getenv("GOGC") == "" {
				// Reading logs makes a few hundred bytes of garbage per
				// line, and the collector's work grows with what is
				// allocated divided by GOGC: at the default (100) it
				// took a quarter of the detections' time. What stays
				// live is bounded (rules, correlation windows, the
				// evidence kept), so collecting at five times it
				// rather than twice costs memory (about 100 MB more on
				// a large auth.log) that does not grow with the logs.
				// GOGC, when set, decides.
				defer debug.SetGCPercent(debug.SetGCPercent(400))
			}
			// --events prints what the parsers read and runs no rule:
			// loading them (the YAML and the regular expressions of
			// hundreds) would only cost time.
			var (
				set      *sigma.Set
				ruleErrs []error
			)
			if events && len(sigmaDirs) > 0 {
				return &exitError{2, errors.New("--sigma: --events runs no rules")}
			}
			if !events {
				if set, ruleErrs = rules.SigmaSetWith(sigmaDirs); set == nil {
					return &exitError{2, errors.Join(ruleErrs...)}
				}
			}
			var fixed *time.Location
			if tz != "" {
				var err error
				if fixed, err = time.LoadLocation(tz); err != nil {
					return &exitError{2, fmt.Errorf("--tz: %w", err)}
				}
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			stderr := cmd.ErrOrStderr()
			var (
				findings []finding.Finding
				results  []logs.FileResult
				failed   = len(ruleErrs) > 0
			)
			for _, err := range ruleErrs {
				fmt.Fprintln(stderr, "error: rule:", err)
			}
			var (
				mu sync.Mutex
				lw *event.LineWriter // --events
			)
			if events {
				lw = event.NewLineWriter(cmd.OutOrStdout())
			}
			for _, arg := range args {
				fsys, files, opts, err := logInputs(arg)
				if err != nil {
					fmt.Fprintln(stderr, "error:", err)
					failed = true
					continue
				}
				opts.Workers = workers
				if fixed != nil {
					opts.Location = fixed
				}
				if events {
					// each event is printed, then forgotten, and its
					// fields are read by the encoder alone
					opts.Reuse, opts.Forget, opts.ListFields = true, true, true
					write := func(_ string, e *event.Event) error {
						// Sets read at once take turns; unlocked without
						// a defer, which costs as much again, as nothing
						// here panics but on a bug.
						mu.Lock()
						err := lw.Write(e)
						mu.Unlock()
						return err
					}
					if workers == 1 || oneSet(files) {
						// read one at a time: no turns to take
						write = func(_ string, e *event.Event) error { return lw.Write(e) }
					}
					rs := logs.Read(cmd.Context(), fsys, files, opts, write)
					results = append(results, rs...)
				} else {
					fs, rs := logs.Analyze(cmd.Context(), fsys, files, set, opts, nil)
					findings = append(findings, fs...)
					results = append(results, rs...)
				}
				if c, ok := fsys.(io.Closer); ok {
					c.Close()
				}
			}
			if lw != nil {
				if err := lw.Close(); err != nil && cmd.Context().Err() == nil {
					fmt.Fprintln(stderr, "error:", err)
					failed = true
				}
			}
			for _, r := range results {
				if r.Err != nil && cmd.Context().Err() == nil {
					fmt.Fprintln(stderr, "error:", r.Err)
					failed = true
				}
			}
			if !events {
				if asJSON {
					if err := finding.WriteJSONL(out, findings); err != nil {
						return &exitError{2, err}
					}
				} else {
					printLogFindings(out, findings, results, lang, all)
				}
			}
			if err := cmd.Context().Err(); err != nil {
				return &exitError{130, err}
			}
			if failed {
				return &exitError{2, errors.New("some logs or rules could not be read")}
			}
			for _, f := range findings {
				if f.Severity >= finding.Medium {
					return &exitError{1, nil}
				}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print findings as JSON Lines")
	c.Flags().BoolVar(&events, "events", false, "print every event as JSON Lines instead of findings")
	c.Flags().BoolVar(&all, "all", false, "also print low and informational findings")
	c.Flags().StringVar(&lang, "lang", "en", "language of the findings: en or zh-CN")
	c.Flags().StringVar(&tz, "tz", "", "time zone of times the logs write without one (default: the root's /etc/localtime, else this machine's)")
	c.Flags().IntVarP(&workers, "parallel", "p", 2, "log sets read at once")
	c.Flags().StringArrayVar(&sigmaDirs, "sigma", nil, "a directory of your own Sigma rules, used with the embedded ones (repeatable)")
	return c
}

// oneSet reports whether files are one rotation set, which logs.Read
// reads in one goroutine.
func oneSet(files []logs.File) bool {
	for i := 1; i < len(files); i++ {
		if files[i].Set != files[0].Set {
			return false
		}
	}
	return true
}

// maxLogWalk bounds the files looked at under a directory that is not a
// host's root.
const maxLogWalk = 100_000

// logInputs opens a PATH for reading logs without changing it: a host's
// root with its logs found in the usual places, or any directory or file
// read as logs of the kind their names and content say.
func logInputs(arg string) (fs.FS, []logs.File, logs.Options, error) {
	abs, err := filepath.Abs(arg)
	if err != nil {
		return nil, nil, logs.Options{}, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return nil, nil, logs.Options{}, err
	}
	if fi.IsDir() {
		src, err := source.OpenDir(abs, false) // read-only, O_NOATIME, links not followed
		if err != nil {
			return nil, nil, logs.Options{}, err
		}
		if files, opts, _ := logs.FindSource(src, nil); len(files) > 0 {
			return src, files, opts, nil
		}
		src.Close()
	}
	// Not a host's root: read from / so that events name the files by
	// their real paths.
	rel := strings.TrimPrefix(filepath.ToSlash(abs), "/")
	if rel == "" {
		rel = "."
	}
	src, err := source.OpenDir("/", false)
	if err != nil {
		return nil, nil, logs.Options{}, err
	}
	var files []logs.File
	n := 0
	err = fs.WalkDir(src, rel, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil // unreadable entries are skipped; the rest is read
		}
		if n++; n > maxLogWalk {
			return fs.SkipAll
		}
		k := sniffFile(src, p)
		if k == logs.KindUnknown {
			return nil
		}
		base, order := logs.Rotation(path.Base(p))
		files = append(files, logs.File{Path: p, Kind: k, Set: path.Join(path.Dir(p), base), Order: order})
		return nil
	})
	if err != nil {
		src.Close()
		return nil, nil, logs.Options{}, err
	}
	if len(files) == 0 {
		src.Close()
		return nil, nil, logs.Options{}, fmt.Errorf("%s: no log found (syslog, login records, auditd, access logs, shell histories)", arg)
	}
	sort.SliceStable(files, func(i, j int) bool {
		if files[i].Set != files[j].Set {
			return files[i].Set < files[j].Set
		}
		return files[i].Order < files[j].Order
	})
	return src, files, logs.Options{}, nil
}

// sniffFile recognises a log by its name and first bytes, decompressed.
func sniffFile(fsys fs.FS, p string) logs.Kind {
	r, _, err := logs.Open(fsys, p)
	if err != nil {
		return logs.KindUnknown
	}
	defer r.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(r, head)
	return logs.Sniff(p, head[:n])
}

// printLogFindings writes findings for people, then what was read.
func printLogFindings(w io.Writer, fs []finding.Finding, results []logs.FileResult, lang string, all bool) {
	printFindingList(w, fs, lang, all)
	var events, unparsed int64
	for _, r := range results {
		events += r.Events
		unparsed += r.Unparsed
	}
	fmt.Fprintf(w, "\n%s: %d %s, %d %s, %d %s, %d %s\n", pick(lang, "Read", "读取"),
		len(results), pick(lang, "files", "个文件"), events, pick(lang, "events", "条事件"),
		unparsed, pick(lang, "records not understood (kept as raw events)", "条记录未能解析（已作为原始事件保留）"),
		len(fs), pick(lang, "findings", "项发现"))
}
