package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/yara"
)

func yaraCmd() *cobra.Command {
	var (
		recursive, showStrings, negate, count, noWarn bool
		showTags, showMeta, asJSON, keepGoing         bool
		workers, timeout                              int
		defines, tagFilter, idFilter                  []string
		maxScanSize                                   int64
	)
	cmd := &cobra.Command{
		Use:   "yara [flags] RULES_FILE... TARGET",
		Short: "scan files with YARA rules, as the yara command does (pure Go, same matches)",
		Long: `Scan a file or a directory with YARA rules. The flags and the output are
those of the yara command: one "RULE TARGET_PATH" line for each rule that
matches, and with -s the matched strings as "0xOFFSET:$id: data".

Files are read without updating their access time where the kernel allows it,
symbolic links are not followed, and a file larger than --max-scan-size is
scanned over its beginning (reported on stderr). Exit status: 0 scan done
(matches or not), 1 a file could not be scanned, 2 the rules do not compile
or the command line is wrong.`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ruleFiles, target := args[:len(args)-1], args[len(args)-1]
			ext := map[string]any{}
			for _, d := range defines {
				name, val, ok := strings.Cut(d, "=")
				if !ok || name == "" {
					return &exitError{2, fmt.Errorf("bad -d %q: want name=value", d)}
				}
				ext[name] = yara.ParseExternal(val)
			}
			stderr := cmd.ErrOrStderr()
			// One namespace, as yara: a file may use the rules and
			// modules of the files before it.
			files, err := yara.ParseFiles(ruleFiles, &yara.Options{Externals: ext, CheckRegexp: yara.CheckRegexp})
			failed := err != nil
			if failed {
				fmt.Fprintln(stderr, "error:", err)
			}
			if failed && !keepGoing {
				return &exitError{2, errors.New("rules do not compile (use --keep-going to scan with the rules that do)")}
			}
			rules, err := yara.Compile(files, &yara.CompileOptions{Externals: ext})
			if err != nil {
				fmt.Fprintln(stderr, "error:", err)
				return &exitError{2, errors.New("rules do not compile")}
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			_, statErr := os.Stat(target)
			single := statErr == nil && !isDir(target)
			opts := yara.TreeOptions{
				Recursive: recursive, Workers: workers, MaxScanSize: maxScanSize,
				Scan: yara.ScanOptions{Strings: showStrings || asJSON, Negate: negate, Timeout: time.Duration(timeout) * time.Second},
			}
			nFiles, nMatches, nErrors := 0, 0, 0
			enc := json.NewEncoder(out)
			err = rules.ScanTree(cmd.Context(), target, opts, func(fr yara.FileResult) {
				nFiles++
				if fr.Err != nil {
					switch {
					case errors.Is(fr.Err, yara.ErrTruncated):
						if !noWarn {
							fmt.Fprintf(stderr, "warning: %s: only the first %d bytes were scanned\n", fr.Path, effectiveLimit(maxScanSize))
						}
					case errors.Is(fr.Err, yara.ErrMatchBudget):
						if !noWarn {
							fmt.Fprintf(stderr, "warning: %s: %v\n", fr.Path, fr.Err)
						}
					case errors.Is(fr.Err, yara.ErrTimeout):
						nErrors++
						fmt.Fprintf(stderr, "error scanning %s: timeout\n", fr.Path)
					default:
						nErrors++
						fmt.Fprintf(stderr, "error scanning %s: %v\n", fr.Path, fr.Err)
					}
				}
				if fr.Result == nil {
					return
				}
				if !noWarn {
					for _, s := range fr.Result.TooManyMatches {
						fmt.Fprintf(stderr, "warning: %s: too many matches of %s\n", fr.Path, s)
					}
				}
				ms := filterMatches(fr.Result.Matches, tagFilter, idFilter)
				nMatches += len(ms)
				switch {
				case asJSON:
					for _, m := range ms {
						enc.Encode(jsonMatch(fr.Path, m))
					}
				case count:
					if single {
						fmt.Fprintf(out, "%d\n", len(ms))
					} else {
						fmt.Fprintf(out, "%s: %d\n", fr.Path, len(ms))
					}
				default:
					for _, m := range ms {
						printMatch(out, fr.Path, m, showTags, showMeta, showStrings)
					}
				}
			})
			if err != nil {
				fmt.Fprintf(stderr, "error scanning %s: %v\n", target, err)
				nErrors++
			}
			sum := sha256.New()
			for _, rf := range ruleFiles {
				if b, err := os.ReadFile(rf); err == nil {
					sum.Write(b)
				}
			}
			rec := oplog.Record{Action: "yara.scan", Target: target, Detail: map[string]any{
				"rule_files": ruleFiles, "rules_sha256": hex.EncodeToString(sum.Sum(nil)),
				"files": nFiles, "matches": nMatches, "errors": nErrors}}
			if err := appendOplog(cmd, rec); err != nil {
				return &exitError{2, err}
			}
			if nErrors > 0 {
				return &exitError{1, nil}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&recursive, "recursive", "r", false, "scan directories recursively")
	f.IntVarP(&workers, "threads", "p", 0, "scan N files in parallel (default: number of CPUs)")
	f.BoolVarP(&showStrings, "print-strings", "s", false, "print matching strings")
	f.StringArrayVarP(&defines, "define", "d", nil, "define external variable `name=value`")
	f.BoolVarP(&negate, "negate", "n", false, "print only rules that do not match")
	f.BoolVarP(&count, "count", "c", false, "print only the number of matches")
	f.BoolVarP(&noWarn, "no-warnings", "w", false, "disable warnings")
	f.BoolVarP(&showTags, "print-tags", "g", false, "print tags")
	f.BoolVarP(&showMeta, "print-meta", "m", false, "print metadata")
	f.StringArrayVarP(&tagFilter, "tag", "t", nil, "print only rules tagged `TAG`")
	f.StringArrayVarP(&idFilter, "identifier", "i", nil, "print only the rule named `NAME`")
	f.IntVarP(&timeout, "timeout", "a", 0, "abort the scan of a file after `SECONDS` (0: no limit)")
	f.Int64Var(&maxScanSize, "max-scan-size", 0, "read at most `BYTES` of each file (default 512 MiB)")
	f.BoolVar(&keepGoing, "keep-going", false, "scan with the rules that compile when some do not")
	f.BoolVar(&asJSON, "json", false, "print one JSON object a match, with its strings")
	return cmd
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func effectiveLimit(n int64) int64 {
	if n <= 0 {
		return yara.DefaultMaxScanSize
	}
	return n
}

// filterMatches applies -t and -i.
func filterMatches(ms []yara.Match, tags, ids []string) []yara.Match {
	if len(tags) == 0 && len(ids) == 0 {
		return ms
	}
	var out []yara.Match
	for _, m := range ms {
		ok := len(tags) == 0
		for _, t := range tags {
			for _, mt := range m.Tags {
				ok = ok || t == mt
			}
		}
		if len(ids) > 0 {
			found := false
			for _, id := range ids {
				found = found || id == m.Rule
			}
			ok = ok && found
		}
		if ok {
			out = append(out, m)
		}
	}
	return out
}

// printMatch prints a match as yara does: RULE [tags] [metas] PATH, then
// the strings.
func printMatch(w io.Writer, path string, m yara.Match, tags, metas, strs bool) {
	fmt.Fprint(w, m.Rule)
	if tags {
		fmt.Fprintf(w, " [%s]", strings.Join(m.Tags, ","))
	}
	if metas {
		parts := make([]string, len(m.Metas))
		for i, md := range m.Metas {
			switch v := md.Value.(type) {
			case string:
				parts[i] = fmt.Sprintf("%s=%q", md.Name, v)
			default:
				parts[i] = fmt.Sprintf("%s=%v", md.Name, v)
			}
		}
		fmt.Fprintf(w, " [%s]", strings.Join(parts, ","))
	}
	fmt.Fprintf(w, " %s\n", path)
	if !strs {
		return
	}
	for _, s := range m.Strings {
		fmt.Fprintf(w, "0x%x:%s: %s\n", s.Offset, s.ID, yara.FormatMatchData(s))
	}
}

func jsonMatch(path string, m yara.Match) any {
	type str struct {
		ID     string `json:"id"`
		Offset int64  `json:"offset"`
		Data   string `json:"data"`
		Hex    string `json:"data_hex"`
	}
	metas := map[string]any{}
	for _, md := range m.Metas {
		metas[md.Name] = md.Value
	}
	var strs []str
	for _, s := range m.Strings {
		strs = append(strs, str{ID: s.ID, Offset: s.Offset, Data: yara.FormatMatchData(s), Hex: hex.EncodeToString(s.Data)})
	}
	return map[string]any{"path": path, "rule": m.Rule, "namespace": m.Namespace, "tags": m.Tags, "meta": metas, "strings": strs}
}
