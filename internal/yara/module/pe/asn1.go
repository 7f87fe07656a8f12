package pe

import (
	"errors"
	"strconv"
	"strings"
)

// This file is a small BER reader. encoding/asn1 insists on DER and on Go
// types; OpenSSL, which YARA uses to read signatures, accepts BER
// (indefinite lengths included) and keeps unknown values as raw bytes.

// Universal tags used here.
const (
	tagBoolean         = 1
	tagInteger         = 2
	tagBitString       = 3
	tagOctetString     = 4
	tagNull            = 5
	tagOID             = 6
	tagUTF8String      = 12
	tagSequence        = 16
	tagSet             = 17
	tagPrintableString = 19
	tagT61String       = 20
	tagIA5String       = 22
	tagUTCTime         = 23
	tagGeneralizedTime = 24
	tagVisibleString   = 26
	tagGeneralString   = 27
	tagUniversalString = 28
	tagBMPString       = 30
)

// Tag classes.
const (
	classUniversal = 0
	classContext   = 2
)

// maxBERDepth bounds the nesting of indefinite-length values, which are
// parsed recursively to find their end.
const maxBERDepth = 64

var errBER = errors.New("malformed BER")

// tlv is one decoded BER value.
type tlv struct {
	class       int
	constructed bool
	tag         int
	content     []byte // the contents octets (without the end-of-contents marker)
	full        []byte // the whole encoding, header included
}

// is reports whether the value has the given class and tag.
func (t tlv) is(class, tag int) bool { return t.class == class && t.tag == tag }

// readTLV decodes the value at the start of b and returns it and the rest.
func readTLV(b []byte) (tlv, []byte, error) {
	return readTLVDepth(b, 0)
}

func readTLVDepth(b []byte, depth int) (tlv, []byte, error) {
	var t tlv
	if depth > maxBERDepth || len(b) < 2 {
		return t, nil, errBER
	}
	i := 0
	id := b[i]
	i++
	t.class = int(id >> 6)
	t.constructed = id&0x20 != 0
	t.tag = int(id & 0x1f)
	if t.tag == 0x1f {
		t.tag = 0
		for {
			if i >= len(b) || t.tag > 1<<23 {
				return t, nil, errBER
			}
			c := b[i]
			i++
			t.tag = t.tag<<7 | int(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(b) {
		return t, nil, errBER
	}
	l := b[i]
	i++
	switch {
	case l < 0x80:
		end := i + int(l)
		if end > len(b) {
			return t, nil, errBER
		}
		t.content, t.full = b[i:end], b[:end]
		return t, b[end:], nil
	case l == 0x80:
		// Indefinite length: constructed only, ends with 00 00.
		if !t.constructed {
			return t, nil, errBER
		}
		rest := b[i:]
		for {
			if len(rest) >= 2 && rest[0] == 0 && rest[1] == 0 {
				end := len(b) - len(rest)
				t.content, t.full = b[i:end], b[:end+2]
				return t, rest[2:], nil
			}
			var err error
			if _, rest, err = readTLVDepth(rest, depth+1); err != nil {
				return t, nil, err
			}
		}
	default:
		n := int(l & 0x7f)
		if n > 4 || i+n > len(b) {
			return t, nil, errBER
		}
		length := 0
		for k := 0; k < n; k++ {
			length = length<<8 | int(b[i+k])
		}
		i += n
		if length < 0 || length > len(b)-i {
			return t, nil, errBER
		}
		end := i + length
		t.content, t.full = b[i:end], b[:end]
		return t, b[end:], nil
	}
}

// children decodes all the values inside a constructed value.
func (t tlv) children() ([]tlv, error) {
	if !t.constructed {
		return nil, errBER
	}
	var out []tlv
	rest := t.content
	for len(rest) > 0 {
		c, r, err := readTLV(rest)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		rest = r
	}
	return out, nil
}

// oidString decodes OBJECT IDENTIFIER contents to dotted form.
func oidString(b []byte) (string, bool) {
	if len(b) == 0 || b[len(b)-1]&0x80 != 0 {
		return "", false
	}
	var sb strings.Builder
	var v uint64
	first := true
	for i, c := range b {
		if v > 1<<56 {
			return "", false
		}
		v = v<<7 | uint64(c&0x7f)
		if c&0x80 != 0 {
			if v == 0 && (i == 0 || b[i-1]&0x80 == 0) {
				return "", false // leading 0x80: not minimal
			}
			continue
		}
		if first {
			a := v / 40
			if a > 2 {
				a = 2
			}
			sb.WriteString(strconv.FormatUint(a, 10))
			sb.WriteByte('.')
			sb.WriteString(strconv.FormatUint(v-a*40, 10))
			first = false
		} else {
			sb.WriteByte('.')
			sb.WriteString(strconv.FormatUint(v, 10))
		}
		v = 0
	}
	return sb.String(), true
}

// validInteger applies OpenSSL's c2i_ibuf checks: INTEGER contents are not
// empty and not padded with a redundant leading 00 or FF octet.
func validInteger(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if len(b) == 1 {
		return true
	}
	neg := b[0] & 0x80
	pad := false
	if b[0] == 0 {
		pad = true
	} else if b[0] == 0xff {
		for _, c := range b[1:] {
			if c != 0 {
				pad = true
				break
			}
		}
	}
	return !(pad && neg == b[1]&0x80)
}

// derHeader encodes a DER identifier (universal or context, low tag) and
// length, for re-wrapping a value as OpenSSL re-encodes it.
func derHeader(id byte, length int) []byte {
	if length < 0x80 {
		return []byte{id, byte(length)}
	}
	var l []byte
	for n := length; n > 0; n >>= 8 {
		l = append([]byte{byte(n)}, l...)
	}
	return append([]byte{id, 0x80 | byte(len(l))}, l...)
}
