// Package hash is YARA's "hash" module as yara 4.2.3 has it: md5, sha1,
// sha256 (lower-case hex), checksum32 (the byte sum modulo 2^32) and crc32
// (IEEE), each over a range of the scanned file or over a string.
//
// A range starting outside the file (or with a negative offset or length)
// is undefined; one running past the end of the file is clipped to it, and
// a zero length at a valid offset hashes the empty string, as in yara.
package hash

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	stdhash "hash"
	"hash/crc32"
	"sync"

	"github.com/yingji/yingji/internal/yara/module"
)

// Module is the hash module.
var Module = &module.Module{
	Name:   "hash",
	Schema: schema(),
	Load:   load,
}

func init() { module.Register(Module) }

func schema() *module.Type {
	overloads := func(res module.Kind) *module.Type {
		return module.FuncOf(
			module.Signature{Args: "ii", Result: res},
			module.Signature{Args: "s", Result: res},
		)
	}
	return module.StructOf(map[string]*module.Type{
		"md5":        overloads(module.KindString),
		"sha1":       overloads(module.KindString),
		"sha256":     overloads(module.KindString),
		"checksum32": overloads(module.KindInt),
		"crc32":      overloads(module.KindInt),
	})
}

// file is what the functions of one scan read.
type file struct {
	data []byte
	size int64

	// Digests of ranges are cached, as yara does, because rule sets tend
	// to hash the same range (often the whole file) in many rules.
	mu    sync.Mutex
	cache map[cacheKey]string
}

type cacheKey struct {
	algo           string
	offset, length int64
}

func load(in *module.Input) *module.Struct {
	f := &file{data: in.Data, size: in.Size}
	if f.size < int64(len(f.data)) {
		f.size = int64(len(f.data))
	}
	s := module.NewStruct()
	s.Set("md5", module.Func(f.digest("md5", md5.New)))
	s.Set("sha1", module.Func(f.digest("sha1", sha1.New)))
	s.Set("sha256", module.Func(f.digest("sha256", sha256.New)))
	s.Set("checksum32", module.Func(f.checksum32))
	s.Set("crc32", module.Func(f.crc32))
	return s
}

// span is module.Span over the file.
func (f *file) span(offset, length int64) ([]byte, bool) {
	return module.Span(f.data, f.size, offset, length)
}

// input returns the bytes an (offset, length) or (string) call reads.
func (f *file) input(args []any) ([]byte, bool) {
	if s, ok := args[0].(string); ok {
		return []byte(s), true
	}
	if len(args) < 2 {
		return nil, false
	}
	off, _ := args[0].(int64)
	n, _ := args[1].(int64)
	return f.span(off, n)
}

// digest returns a function computing a cryptographic digest in lower-case
// hex.
func (f *file) digest(algo string, newHash func() stdhash.Hash) module.Func {
	return func(args []any) any {
		if s, ok := args[0].(string); ok {
			h := newHash()
			h.Write([]byte(s))
			return hex.EncodeToString(h.Sum(nil))
		}
		off, _ := args[0].(int64)
		var n int64
		if len(args) > 1 {
			n, _ = args[1].(int64)
		}
		key := cacheKey{algo, off, n}
		f.mu.Lock()
		d, hit := f.cache[key]
		f.mu.Unlock()
		if hit {
			return d
		}
		b, ok := f.span(off, n)
		if !ok {
			return nil
		}
		h := newHash()
		h.Write(b)
		d = hex.EncodeToString(h.Sum(nil))
		f.mu.Lock()
		if f.cache == nil {
			f.cache = map[cacheKey]string{}
		}
		f.cache[key] = d
		f.mu.Unlock()
		return d
	}
}

// checksum32 is the sum of the bytes, wrapping at 32 bits.
func (f *file) checksum32(args []any) any {
	b, ok := f.input(args)
	if !ok {
		return nil
	}
	var sum uint32
	for _, c := range b {
		sum += uint32(c)
	}
	return int64(sum)
}

// crc32 is the IEEE CRC-32 (the one of zlib and PNG), whose table yara
// hard-codes.
func (f *file) crc32(args []any) any {
	b, ok := f.input(args)
	if !ok {
		return nil
	}
	return int64(crc32.ChecksumIEEE(b))
}
