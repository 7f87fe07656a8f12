// Package decode evaluates, on constant strings, the PHP functions that
// webshells chain to hide their payload (base64_decode, gzinflate,
// str_rot13, strrev, hex2bin, urldecode, ...), so that the analysis sees
// the code an obfuscated file would run, without running anything.
//
// Every function is bounded: the output of one call is limited to
// MaxOutput bytes and decompression stops there (a gzinflate bomb ends
// with ErrTooLarge, not with the memory of the host), and the semantics
// follow PHP's for the inputs webshells use, including PHP's leniency
// (base64_decode skips characters outside the alphabet, hex2bin fails on
// odd lengths, urldecode turns '+' into a space).
package decode

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxOutput bounds what one call may produce.
const MaxOutput = 16 << 20

// ErrTooLarge is returned when a call would produce more than MaxOutput
// bytes (a decompression bomb, or a repeat of a huge count).
var ErrTooLarge = errors.New("decode: output larger than the limit")

// ErrUnknown is returned for a function this package does not evaluate.
var ErrUnknown = errors.New("decode: function not evaluated")

// ErrFailed is returned when PHP itself would return false (bad input).
var ErrFailed = errors.New("decode: the function fails on this input (PHP returns false)")

// Functions lists the names Call evaluates (lower case, as PHP function
// names are case-insensitive).
var Functions = []string{
	"base64_decode", "base64_encode", "gzinflate", "gzuncompress", "gzdecode",
	"str_rot13", "strrev", "hex2bin", "bin2hex", "urldecode", "rawurldecode",
	"strtolower", "strtoupper", "convert_uudecode", "chr", "ord", "trim",
	"str_repeat", "ltrim", "rtrim", "stripslashes",
}

// Call evaluates fn (case-insensitive) on constant string arguments. chr
// and str_repeat take their integer argument as a decimal string, as PHP
// converts it.
func Call(fn string, args ...string) (string, error) {
	fn = strings.ToLower(strings.TrimPrefix(fn, `\`))
	arg := func(i int) (string, error) {
		if i >= len(args) {
			return "", fmt.Errorf("decode: %s: missing argument %d", fn, i+1)
		}
		return args[i], nil
	}
	s, err := arg(0)
	if err != nil {
		return "", err
	}
	switch fn {
	case "base64_decode":
		return base64Decode(s), nil
	case "base64_encode":
		return base64Encode(s)
	case "gzinflate":
		return inflate(flate.NewReader(strings.NewReader(s)))
	case "gzuncompress":
		r, err := zlib.NewReader(strings.NewReader(s))
		if err != nil {
			return "", ErrFailed
		}
		return inflate(r)
	case "gzdecode":
		r, err := gzip.NewReader(strings.NewReader(s))
		if err != nil {
			return "", ErrFailed
		}
		return inflate(r)
	case "str_rot13":
		// Byte by byte: the input is often binary (a deflate stream).
		b := []byte(s)
		for i, c := range b {
			b[i] = rot13(c)
		}
		return string(b), nil
	case "strrev":
		b := []byte(s)
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return string(b), nil
	case "hex2bin":
		return hex2bin(s)
	case "bin2hex":
		if 2*len(s) > MaxOutput {
			return "", ErrTooLarge
		}
		return fmt.Sprintf("%x", s), nil
	case "urldecode":
		return urlDecode(s, true), nil
	case "rawurldecode":
		return urlDecode(s, false), nil
	case "strtolower":
		return asciiMap(s, 'A', 'Z', 32), nil
	case "strtoupper":
		return asciiMap(s, 'a', 'z', -32), nil
	case "convert_uudecode":
		return uudecode(s)
	case "chr":
		n, ok := phpInt(s)
		if !ok {
			return "", ErrFailed
		}
		// PHP 8: chr(n) is n modulo 256, negative values wrapped.
		return string([]byte{byte(((n % 256) + 256) % 256)}), nil
	case "ord":
		if s == "" {
			return "0", nil
		}
		return fmt.Sprint(s[0]), nil
	case "trim", "ltrim", "rtrim":
		cut := " \t\n\r\x00\x0B"
		if len(args) > 1 {
			cut = args[1]
		}
		switch fn {
		case "ltrim":
			return strings.TrimLeft(s, cut), nil
		case "rtrim":
			return strings.TrimRight(s, cut), nil
		}
		return strings.Trim(s, cut), nil
	case "str_repeat":
		c, err := arg(1)
		if err != nil {
			return "", err
		}
		n, ok := phpInt(c)
		if !ok || n < 0 {
			return "", ErrFailed
		}
		if len(s) > 0 && n > int64(MaxOutput/len(s)) {
			return "", ErrTooLarge
		}
		return strings.Repeat(s, int(n)), nil
	case "stripslashes":
		return stripSlashes(s), nil
	}
	return "", fmt.Errorf("%w: %s", ErrUnknown, fn)
}

// inflate reads a decompressor up to MaxOutput bytes. PHP returns false
// on a corrupt stream; what was decoded before the corruption is not
// returned either.
func inflate(r io.Reader) (string, error) {
	var b bytes.Buffer
	n, err := io.Copy(&b, io.LimitReader(r, MaxOutput+1))
	if n > MaxOutput {
		return "", ErrTooLarge
	}
	if err != nil {
		return "", ErrFailed
	}
	return b.String(), nil
}

const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

var b64Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(b64); i++ {
		t[b64[i]] = int8(i)
	}
	return t
}()

// base64Decode is PHP's non-strict base64_decode: characters outside the
// alphabet are skipped, '=' ends nothing, and a trailing partial group
// yields the bytes it completes.
func base64Decode(s string) string {
	out := make([]byte, len(s)*3/4+3)
	o := 0
	var acc uint32
	n := 0
	for i := 0; i < len(s); {
		if n == 0 && i+4 <= len(s) {
			// Four characters of the alphabet at a group boundary, as
			// nearly all of a payload is: three bytes at once.
			a, b, c, d := b64Index[s[i]], b64Index[s[i+1]], b64Index[s[i+2]], b64Index[s[i+3]]
			if a|b|c|d >= 0 {
				v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
				out[o], out[o+1], out[o+2] = byte(v>>16), byte(v>>8), byte(v)
				o += 3
				i += 4
				continue
			}
		}
		v := b64Index[s[i]]
		i++
		if v < 0 {
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out[o], out[o+1], out[o+2] = byte(acc>>16), byte(acc>>8), byte(acc)
			o += 3
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out[o] = byte(acc >> 4)
		o++
	case 3:
		out[o], out[o+1] = byte(acc>>10), byte(acc>>2)
		o += 2
	}
	return string(out[:o])
}

func base64Encode(s string) (string, error) {
	if len(s)/3*4 > MaxOutput {
		return "", ErrTooLarge
	}
	var b strings.Builder
	for i := 0; i < len(s); i += 3 {
		var v uint32
		k := min(3, len(s)-i)
		for j := 0; j < 3; j++ {
			v <<= 8
			if j < k {
				v |= uint32(s[i+j])
			}
		}
		for j := 0; j < 4; j++ {
			if j <= k {
				b.WriteByte(b64[(v>>(18-6*j))&63])
			} else {
				b.WriteByte('=')
			}
		}
	}
	return b.String(), nil
}

func rot13(c byte) byte {
	switch {
	case 'a' <= c && c <= 'z':
		return 'a' + (c-'a'+13)%26
	case 'A' <= c && c <= 'Z':
		return 'A' + (c-'A'+13)%26
	}
	return c
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// hex2bin fails, as PHP's, on an odd length or a non-hex digit.
func hex2bin(s string) (string, error) {
	if len(s)%2 != 0 {
		return "", ErrFailed
	}
	out := make([]byte, len(s)/2)
	for i := range out {
		h, ok1 := unhex(s[2*i])
		l, ok2 := unhex(s[2*i+1])
		if !ok1 || !ok2 {
			return "", ErrFailed
		}
		out[i] = h<<4 | l
	}
	return string(out), nil
}

// urlDecode decodes %XX (an invalid escape is kept as is) and, for
// urldecode, '+' as a space.
func urlDecode(s string, plus bool) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+' && plus:
			out = append(out, ' ')
		case c == '%' && i+2 < len(s):
			h, ok1 := unhex(s[i+1])
			l, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|l)
				i += 2
				continue
			}
			out = append(out, c)
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

func asciiMap(s string, lo, hi byte, delta int) string {
	b := []byte(s)
	for i, c := range b {
		if lo <= c && c <= hi {
			b[i] = byte(int(c) + delta)
		}
	}
	return string(b)
}

// uudecode is PHP's convert_uudecode: lines of a length character
// followed by groups of four characters, each (c - 32) & 63.
func uudecode(s string) (string, error) {
	var out []byte
	for _, line := range strings.Split(s, "\n") {
		if line == "" {
			continue
		}
		n := int((line[0] - 32) & 63)
		if n == 0 {
			break
		}
		body := line[1:]
		var got []byte
		for i := 0; i+4 <= len(body) || (i < len(body) && len(got) < n); i += 4 {
			var q [4]byte
			for j := 0; j < 4; j++ {
				if i+j < len(body) {
					q[j] = (body[i+j] - 32) & 63
				}
			}
			got = append(got, q[0]<<2|q[1]>>4, q[1]<<4|q[2]>>2, q[2]<<6|q[3])
		}
		if len(got) < n {
			return "", ErrFailed
		}
		out = append(out, got[:n]...)
		if len(out) > MaxOutput {
			return "", ErrTooLarge
		}
	}
	return string(out), nil
}

// phpInt converts a numeric string as PHP's integer context does for the
// decimal forms webshells use ("99", " 99", "-3").
func phpInt(s string) (int64, bool) {
	s = strings.TrimLeft(s, " \t\n\r\v\f")
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		if n > (1<<62)/10 {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// stripSlashes is PHP's stripslashes: a backslash escapes the next byte,
// "\0" is a NUL.
func stripSlashes(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			out = append(out, s[i])
			continue
		}
		if i+1 < len(s) {
			i++
			if s[i] == '0' {
				out = append(out, 0)
			} else {
				out = append(out, s[i])
			}
		}
	}
	return string(out)
}
