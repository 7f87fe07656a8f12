package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/collect"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/progress"
	"github.com/yingji/yingji/internal/units"
)

func collectCmd() *cobra.Command {
	var (
		o                                           collect.Options
		live, noLive, asJSON                        bool
		priority                                    string
		fileMax, logMax, logTotal, hashMax, reserve string
		logAge                                      string
	)
	c := &cobra.Command{
		Use:   "collect [--root DIR] [--out FILE]",
		Short: "Collect the evidence of a host into one bundle, changing nothing on it",
		Long: `Collect the evidence of a live host (--root /, the default) or of a mounted
disk image (--root DIR) into one ZIP bundle: the volatile state (live only),
executables of suspicious processes, account, system and persistence files,
logs, web server configurations, package databases and a file-system timeline
(Sleuth Kit body file), with a manifest of SHA-256 hashes and a hash-chained
operation record. Files are read with O_NOATIME and never executed; nothing is
written but the bundle. Write the bundle to removable or network storage where
you can, or stream it with --out - .`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			for _, p := range []struct {
				s   string
				dst *int64
			}{{fileMax, &o.FileMaxSize}, {logMax, &o.LogMaxSize}, {logTotal, &o.LogMaxTotal}, {hashMax, &o.HashMaxSize}, {reserve, &o.Reserve}} {
				if p.s != "" {
					if *p.dst, err = units.ParseSize(p.s); err != nil {
						return &exitError{2, err}
					}
				}
			}
			if o.LogMaxAge, err = units.ParseDuration(logAge); err != nil {
				return &exitError{2, err}
			}
			abs, err := filepath.Abs(o.Root)
			if err != nil {
				return &exitError{2, err}
			}
			o.Root = abs
			o.Live = o.Root == "/" && !noLive || live
			if o.Output == "" {
				host, _ := os.Hostname()
				o.Output = fmt.Sprintf("yingji-%s-%s.zip", host, time.Now().UTC().Format("20060102T150405Z"))
			}
			switch priority {
			case "low":
				if err := collect.LowerPriority(); err != nil {
					fmt.Fprintln(cmd.ErrOrStderr(), "yingji: could not lower priority:", err)
				}
			case "normal":
			default:
				return &exitError{2, fmt.Errorf("--priority must be low or normal")}
			}
			// A soft limit: the collector streams, and must stay small on a
			// host that is already in trouble.
			debug.SetMemoryLimit(128 << 20)
			stderr := cmd.ErrOrStderr()
			o.Progress = progress.New(stderr)
			report := cmd.OutOrStdout()
			if o.Output == "-" {
				o.Stdout, report = cmd.OutOrStdout(), stderr
			}
			res, err := collect.Run(cmd.Context(), o)
			if err != nil {
				return &exitError{2, err}
			}
			if asJSON {
				b, _ := json.MarshalIndent(res, "", "  ")
				fmt.Fprintln(report, string(b))
			} else {
				fmt.Fprintf(stderr, "bundle:   %s (%s, %d members, %s)\nproblems: %d (listed in the manifest and the operation record)\nhead:     %s\n",
					res.Path, res.Status, res.Members, units.FormatSize(res.Bytes), res.Problems, res.Head)
				if res.Reason != "" {
					fmt.Fprintf(stderr, "reason:   %s\n", res.Reason)
				}
				fmt.Fprintln(stderr, "Note the head hash in your case notes: `yingji verify --head HASH BUNDLE` proves the bundle unchanged.")
			}
			if res.Status != "complete" {
				return &exitError{3, nil}
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&o.Root, "root", "/", "the target's root: / for the live host, or a mounted image")
	f.StringVarP(&o.Output, "out", "o", "", "bundle file to create, or - for standard output (default yingji-HOST-TIME.zip)")
	f.BoolVar(&live, "live", false, "read volatile state from /proc even when --root is not /")
	f.BoolVar(&noLive, "no-live", false, "do not read volatile state even when --root is /")
	f.StringVar(&o.Operator, "operator", oplog.DefaultOperator(), "who runs the collection (default: $YINGJI_OPERATOR or the OS user)")
	f.BoolVar(&o.NoRedact, "no-redact", false, "keep password hashes, private keys and credential files")
	f.StringVar(&fileMax, "file-max-size", "32M", "largest non-log file copied whole (larger: first part)")
	f.StringVar(&logMax, "log-max-size", "256M", "largest log copied whole (larger: newest part)")
	f.StringVar(&logAge, "log-max-age", "400d", "skip logs not modified for longer (0: no limit)")
	f.StringVar(&logTotal, "log-max-total", "4G", "total size of all logs")
	f.StringVar(&hashMax, "hash-max-size", "64M", "timeline hashes executables and scripts up to this size")
	f.StringVar(&reserve, "reserve", "", "output space kept free to finish the bundle when the disk fills (default 8M + 4K per member)")
	f.BoolVar(&o.NoTimeline, "no-timeline", false, "skip the file-system timeline")
	f.BoolVar(&o.IncludeRemote, "include-remote", false, "include network file systems in the timeline")
	f.StringSliceVar(&o.Exclude, "exclude", nil, "target path to leave out (repeatable)")
	f.BoolVar(&o.StrictAtime, "strict-atime", false, "skip files that cannot be read without updating their access time")
	f.StringVar(&priority, "priority", "low", "CPU and I/O priority: low or normal")
	f.BoolVar(&asJSON, "json", false, "print the result as JSON")
	return c
}
