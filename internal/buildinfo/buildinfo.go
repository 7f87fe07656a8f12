// Package buildinfo identifies the exact yingji build that produced an output.
//
// Evidence must name the tool that made it: every bundle, operation record and
// report carries the version, the VCS commit and the SHA-256 of the running
// binary, so that a result can be reproduced with the very same build and a
// substituted binary is detectable.
package buildinfo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
)

// Version is the release version. Release builds set it with
// -ldflags "-X github.com/yingji/yingji/internal/buildinfo.Version=v1.2.3".
var Version = "0.1.0-dev"

// Info describes one build of yingji.
type Info struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Commit    string `json:"commit,omitempty"`
	CommitAt  string `json:"commit_time,omitempty"`
	Modified  bool   `json:"modified,omitempty"`
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	// BinarySHA256 is the SHA-256 of the executable file that is running,
	// or empty when it cannot be read (BinaryError says why).
	BinarySHA256 string `json:"binary_sha256,omitempty"`
	BinaryPath   string `json:"binary_path,omitempty"`
	BinaryError  string `json:"binary_error,omitempty"`
}

var (
	once   sync.Once
	cached Info
)

// Get returns the build information of the running binary. The binary hash is
// computed once per process.
func Get() Info {
	once.Do(func() { cached = compute() })
	return cached
}

func compute() Info {
	in := Info{
		Name:      "yingji",
		Version:   Version,
		GoVersion: runtime.Version(),
		OS:        runtime.GOOS,
		Arch:      runtime.GOARCH,
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Commit = s.Value
			case "vcs.time":
				in.CommitAt = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
	}
	// /proc/self/exe is the file the kernel actually mapped, even if the path
	// was replaced after start; os.Executable gives the name to show.
	if p, err := os.Executable(); err == nil {
		in.BinaryPath = p
	}
	sum, err := HashFile("/proc/self/exe")
	if err != nil && in.BinaryPath != "" {
		sum, err = HashFile(in.BinaryPath)
	}
	if err != nil {
		in.BinaryError = err.Error()
	} else {
		in.BinarySHA256 = sum
	}
	return in
}

// HashFile returns the hex SHA-256 of a file: of the running binary here,
// and of the files a case directory or a bundle names.
func HashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Short is a one-line identification such as "yingji 0.1.0-dev (abc1234)".
func (in Info) Short() string {
	s := in.Name + " " + in.Version
	if in.Commit != "" {
		c := in.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		if in.Modified {
			c += "+dirty"
		}
		s += " (" + c + ")"
	}
	return s
}

// String is the multi-line form printed by `yingji version`.
func (in Info) String() string {
	commit := in.Commit
	if commit == "" {
		commit = "unknown (built without VCS information)"
	} else if in.Modified {
		commit += " (modified working tree)"
	}
	bin := in.BinarySHA256
	if bin == "" {
		bin = "unavailable: " + in.BinaryError
	}
	return fmt.Sprintf("yingji %s\ncommit:  %s\ngo:      %s %s/%s\nbinary:  %s\nsha256:  %s\n",
		in.Version, commit, in.GoVersion, in.OS, in.Arch, in.BinaryPath, bin)
}

// RulePack identifies a set of detection rules embedded in or loaded by the
// binary, by the SHA-256 over its files.
type RulePack struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Files  int    `json:"files"`
	Origin string `json:"origin"` // "embedded" or the directory it was loaded from
}

// Record is the tool record stored with every bundle and report.
type Record struct {
	Build     Info       `json:"build"`
	RulePacks []RulePack `json:"rule_packs"`
}

var (
	packsMu sync.Mutex
	packs   []RulePack
)

// RegisterRulePack adds a rule pack to the tool record of this process.
func RegisterRulePack(p RulePack) {
	packsMu.Lock()
	defer packsMu.Unlock()
	packs = append(packs, p)
}

// ToolRecord returns the build information and the rule packs in use.
func ToolRecord() Record {
	packsMu.Lock()
	defer packsMu.Unlock()
	return Record{Build: Get(), RulePacks: append([]RulePack{}, packs...)}
}

// HashPack identifies the rule files below dir in fsys whose names end in
// one of exts: the SHA-256 over their names, lengths and contents in path
// order (the digest the YARA pack uses), for the tool record.
func HashPack(name, origin string, fsys fs.FS, dir string, exts ...string) (RulePack, error) {
	var names []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, e := range exts {
			if d.Type().IsRegular() && strings.HasSuffix(p, e) {
				names = append(names, p)
				break
			}
		}
		return nil
	})
	if err != nil {
		return RulePack{}, fmt.Errorf("rule pack %s: %w", origin, err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return RulePack{}, fmt.Errorf("rule pack %s: %w", origin, err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return RulePack{Name: name, SHA256: hex.EncodeToString(h.Sum(nil)), Files: len(names), Origin: origin}, nil
}
