// Package bundle is the evidence bundle: one ZIP file that a customer can send
// as it is and that anyone can open with common tools, holding the collected
// files, the volatile snapshot, the file-system timeline, a manifest with the
// SHA-256 and metadata of every member, and the operation record sealed over
// the manifest.
//
// Layout:
//
//	fs/<path on target>       copies of target files (names via pathenc.Member)
//	proc/<pid>-exe            executables of running processes
//	volatile/snapshot.json    processes, sockets, mounts, modules... (live only)
//	timeline/bodyfile.txt     Sleuth Kit body file of the whole target
//	tool.json                 the yingji build that collected
//	manifest.json             every member above with its hash and metadata
//	oplog.jsonl               the hash-chained operation record; its last
//	                          record ("bundle.seal") holds the manifest's SHA-256
//	oplog.head                the hash of that last record
//
// ZIP was chosen over tar.gz because members can be read at random, so a
// bundle serves directly as an analysis Source without unpacking it.
package bundle

import (
	"time"

	"github.com/yingji/yingji/internal/buildinfo"
)

// Format identifies the bundle layout version.
const Format = "yingji-bundle/1"

// Names of the members that describe the bundle itself.
const (
	ManifestMember = "manifest.json"
	OplogMember    = "oplog.jsonl"
	HeadMember     = "oplog.head"
	ToolMember     = "tool.json"
	SnapshotMember = "volatile/snapshot.json"
	TimelineMember = "timeline/bodyfile.txt"
	SealAction     = "bundle.seal"
)

// Status values of a bundle.
const (
	Complete   = "complete"
	Incomplete = "incomplete"
)

// Entry kinds.
const (
	KindFile      = "file"      // copy of a target file
	KindSymlink   = "symlink"   // a link on the target; no data member
	KindGenerated = "generated" // made by yingji: snapshot, timeline, tool record
	KindProcExe   = "process-exe"
)

// Manifest describes a bundle.
type Manifest struct {
	Format   string         `json:"format"`
	ID       string         `json:"id"`
	Status   string         `json:"status"`
	Reason   string         `json:"reason,omitempty"`
	Started  time.Time      `json:"started"`
	Finished time.Time      `json:"finished"`
	Source   SourceInfo     `json:"source"`
	Tool     buildinfo.Info `json:"tool"`
	Options  map[string]any `json:"options,omitempty"`
	Entries  []Entry        `json:"entries"`
	// Problems lists what could not be collected, and why.
	Problems []Problem `json:"problems,omitempty"`
}

// SourceInfo says what was collected.
type SourceInfo struct {
	Kind     string `json:"kind"` // "live" or "image"
	Root     string `json:"root"` // the directory taken as the target's "/"
	Hostname string `json:"hostname,omitempty"`
}

// Entry is one collected item. Paths are absolute target paths encoded with
// pathenc.Escape.
type Entry struct {
	Member   string `json:"member,omitempty"`
	Kind     string `json:"kind"`
	Category string `json:"category,omitempty"`
	Path     string `json:"path,omitempty"`
	PID      int    `json:"pid,omitempty"`
	// Size and SHA256 describe the member's data as stored.
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256,omitempty"`
	// The target file's metadata at collection time.
	Mode       uint32     `json:"mode,omitempty"`
	UID        uint32     `json:"uid"`
	GID        uint32     `json:"gid"`
	Inode      uint64     `json:"inode,omitempty"`
	Atime      *time.Time `json:"atime,omitempty"`
	Mtime      *time.Time `json:"mtime,omitempty"`
	Ctime      *time.Time `json:"ctime,omitempty"`
	Btime      *time.Time `json:"btime,omitempty"`
	LinkTarget string     `json:"link_target,omitempty"`
	// SourceSize is the target file's size; SourceSHA256 its digest when the
	// member is not a verbatim copy (redacted or truncated) and it was hashed.
	SourceSize   int64  `json:"source_size,omitempty"`
	SourceSHA256 string `json:"source_sha256,omitempty"`
	// Offset is where in the target file the stored data starts (a log too
	// large to copy whole keeps its newest part).
	Offset    int64  `json:"offset,omitempty"`
	Truncated bool   `json:"truncated,omitempty"`
	Redacted  bool   `json:"redacted,omitempty"`
	Changed   bool   `json:"changed_during_copy,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Problem is something that could not be collected.
type Problem struct {
	Path  string `json:"path"`
	Stage string `json:"stage"`
	Error string `json:"error"`
}
