package event

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendJSON appends the event as one JSON object, the same bytes as
// encoding/json gives with HTML escaping off (json.Encoder with
// SetEscapeHTML(false), without the newline). Printing every event of a
// large log is dominated by encoding, and reflection made it five times
// slower than parsing.
func (e *Event) AppendJSON(b []byte) []byte { return e.appendJSON(b) }

func (e *Event) appendJSON(b []byte) []byte {
	// The keys come in the order of the struct's fields, with a comma
	// before each but the first; "source" is never left out, so only
	// the keys before it need to know whether one came first.
	b = append(b, '{')
	// A line of printable ASCII without '"' or '\\' (nearly every log
	// line) is written as it is, and so is every part of it: most of
	// the other strings are cut from it (message, user, address,
	// process, host, field values), and once the line has been scanned
	// they are copied without scanning them again.
	plain := ""
	if isPlain(e.Raw) {
		plain = e.Raw
	}
	// sep: whether a key came before, and the next needs a comma (a
	// byte appended, where a string of one would be copied by a call)
	sep := false
	if !e.At.IsZero() {
		b = append(b, `"time":"`...)
		b = e.At.AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
		sep = true
	}
	if e.TimeGuessed {
		if sep {
			b = append(b, ',')
		}
		b = append(b, `"time_guessed":`...)
		b = append(b, `true`...)
		sep = true
	}
	if e.Host != "" {
		if sep {
			b = append(b, ',')
		}
		b = append(b, `"host":`...)
		b = appendStringIn(b, e.Host, plain)
		sep = true
	}
	if sep {
		b = append(b, ',')
	}
	b = append(b, `"source":`...)
	b = appendString(b, e.Source)
	b = appendField(b, `,"type":`, e.Type, plain)
	b = appendField(b, `,"user":`, e.User, plain)
	b = appendField(b, `,"target_user":`, e.TargetUser, plain)
	b = appendField(b, `,"src_ip":`, e.SrcIP, plain)
	b = appendNumber(b, `,"src_port":`, int64(e.SrcPort))
	b = appendField(b, `,"dst_ip":`, e.DstIP, plain)
	b = appendNumber(b, `,"dst_port":`, int64(e.DstPort))
	b = appendField(b, `,"process":`, e.Process, plain)
	b = appendNumber(b, `,"pid":`, int64(e.PID))
	b = appendMessageRaw(b, e, plain)
	b = appendField(b, `,"file":`, e.File, plain)
	b = appendNumber(b, `,"line":`, e.Line)
	if e.list != nil {
		if len(e.list.f) > 0 {
			b = append(b, `,"fields":{`...)
			b = appendList(b, e.list.f, plain)
			b = append(b, '}')
		}
	} else if len(e.Fields) > 0 {
		b = append(b, `,"fields":{`...)
		b = appendFields(b, e.Fields, plain)
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendMessageRaw appends e's message, when it has one, and its raw
// line, as keys and values; plain is e.Raw when it needs no escape (see
// appendJSON), "" otherwise.
func appendMessageRaw(b []byte, e *Event, plain string) []byte {
	var msgVal, msgEnd int // where the message's encoding is in b
	if e.Message != "" {
		b = append(b, `,"message":`...)
		msgVal = len(b)
		b = appendStringIn(b, e.Message, plain)
		msgEnd = len(b)
	}
	b = append(b, `,"raw":`...)
	if plain != "" {
		b = append(b, '"')
		b = append(b, e.Raw...)
		return append(b, '"')
	}
	return appendRaw(b, e, msgVal, msgEnd)
}

// appendRaw appends e.Raw, which needs an escape, as a JSON string;
// msgVal and msgEnd are where the encoding of e.Message, just
// appended, is in b when it is not empty.
func appendRaw(b []byte, e *Event, msgVal, msgEnd int) []byte {
	if n := len(e.Raw) - len(e.Message); e.Message != "" && n >= 0 && e.Raw[n:] == e.Message && utf8.RuneStart(e.Message[0]) {
		// The message is the end of the line, as it nearly always is:
		// its encoding, just written, is copied rather than made again.
		// The line is cut at the start of a character, so that the two
		// parts encode as the whole does.
		b = append(b, '"')
		b = appendStringBody(b, e.Raw[:n])
		return append(b, b[msgVal+1:msgEnd]...) // the message and the closing quote
	}
	return appendString(b, e.Raw)
}

// appendFields appends the pairs of m, by key, as encoding/json writes
// a map.
func appendFields(b []byte, m map[string]string, plain string) []byte {
	// Pairs rather than keys: looking every key up again costs as much
	// as encoding it. Events have a handful of fields, which fit the
	// array on the stack.
	var buf [8]field
	fs := buf[:0]
	for k, v := range m {
		fs = append(fs, field{k, v})
	}
	sortFields(fs)
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.k)
		b = append(b, ':')
		b = appendStringIn(b, f.v, plain)
	}
	return b
}

// appendList appends the fields of an event that keeps them in itself
// (ListFields), by key, as encoding/json writes a map.
func appendList(b []byte, list []field, plain string) []byte {
	var buf [8]field
	fs := append(buf[:0], list...)
	sortFields(fs)
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.k)
		b = append(b, ':')
		b = appendStringIn(b, f.v, plain)
	}
	return b
}

// sortFields sorts fs by key: an insertion sort, which for a handful of
// keys costs less than slices.SortFunc.
func sortFields(fs []field) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].k < fs[j-1].k; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// appendField appends key (with its comma and colon) and v, unless v is
// empty (omitempty).
func appendField(b []byte, key, v, plain string) []byte {
	if v == "" {
		return b
	}
	b = append(b, key...)
	return appendStringIn(b, v, plain)
}

// appendStringIn is appendString for s, which may be a part of plain, a
// string that needs no escape (or ""): such a part is copied as it is.
func appendStringIn(b []byte, s, plain string) []byte {
	if _, ok := within(s, plain); ok && plain != "" {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	return appendString(b, s)
}

// isPlain reports whether JSON writes s as it is (appendStringBody's
// test). It is run on every line: 32 bytes at a time, the high bits
// gathered from four words and tested once.
func isPlain(s string) bool {
	t := s
	for len(t) >= 32 {
		w := t[:32] // one bounds check for the four words
		if (escapeBits(word(w, 0))|escapeBits(word(w, 8))|escapeBits(word(w, 16))|escapeBits(word(w, 24)))&highs != 0 {
			return false
		}
		t = t[32:]
	}
	for len(t) >= 8 {
		if escapes(word(t, 0)) != 0 {
			return false
		}
		t = t[8:]
	}
	switch {
	case len(t) == 0:
		return true
	case len(s) >= 8:
		// the last bytes, with the ones before them that make a word
		return escapes(word(s, len(s)-8)) == 0
	}
	for i := 0; i < len(t); i++ {
		if !plainByte[t[i]] {
			return false
		}
	}
	return true
}

// appendNumber appends key and v, unless v is 0 (omitempty).
func appendNumber(b []byte, key string, v int64) []byte {
	if v == 0 {
		return b
	}
	b = append(b, key...)
	return appendInt(b, v)
}

// appendInt is strconv.AppendInt(b, v, 10), faster for the small
// numbers of events (ports, pids): strconv's general path costs more
// than the division by ten that each digit takes here.
func appendInt(b []byte, v int64) []byte {
	if v < 0 {
		return strconv.AppendInt(b, v, 10)
	}
	n := uint64(v)
	if n < 10 {
		return append(b, byte('0'+n))
	}
	var buf [20]byte // the longest uint64
	i := len(buf)
	for n >= 10 {
		q := n / 10
		i--
		buf[i] = byte('0' + n - q*10)
		n = q
	}
	i--
	buf[i] = byte('0' + n)
	return append(b, buf[i:]...)
}

type field struct{ k, v string }

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json writes it
// without HTML escaping: invalid UTF-8 becomes U+FFFD, control characters
// and U+2028/U+2029 are escaped.
//
// Log lines are nearly all printable ASCII, and --events spends most of
// its encoding time here: such strings are tested eight bytes at a time
// and copied at once.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendStringBody(b, s)
	return append(b, '"')
}

// appendStringBody is appendString without the quotes.
func appendStringBody(b []byte, s string) []byte {
	// Most strings need no escape at all: tested two words at a time,
	// then a word, the bytes past the last whole word with one more
	// word that overlaps it, or byte by byte when shorter than a word,
	// they are copied at once.
	i := 0
	for ; i+16 <= len(s); i += 16 {
		if escapes(word(s, i))|escapes(word(s, i+8)) != 0 {
			return appendEscaped(b, s, i)
		}
	}
	if i+8 <= len(s) {
		if escapes(word(s, i)) != 0 {
			return appendEscaped(b, s, i)
		}
		i += 8
	}
	switch {
	case i == len(s):
	case len(s) >= 8:
		if escapes(word(s, len(s)-8)) != 0 {
			return appendEscaped(b, s, i)
		}
	default:
		for ; i < len(s); i++ {
			if !plainByte[s[i]] {
				return appendEscaped(b, s, i)
			}
		}
	}
	return append(b, s...)
}

// plainByte tells the bytes JSON writes as they are: printable ASCII
// but '"' and '\\'.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendEscaped appends s, whose first i bytes need no escape, escaping
// what needs it.
func appendEscaped(b []byte, s string, i int) []byte {
	start := 0
	for i < len(s) {
		// Runs of plain bytes between the escapes (a quoted word in a
		// line) are skipped a word at a time.
		for i+8 <= len(s) && escapes(word(s, i)) == 0 {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if plainByte[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

const ones, highs = 0x0101010101010101, 0x8080808080808080

// word returns the 8 bytes of s at i as one word, the first byte
// lowest (one load: the compiler combines the bytes).
func word(s string, i int) uint64 {
	w := s[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// escapes is not 0 when one of the 8 bytes of x is not written as it is
// in JSON: a byte with the high bit, below 0x20 or '"' (see escapeBits),
// or '\\' (a zero byte of x^c minus one borrows there). The "has a byte
// less than n" and "has a zero byte" tricks leave out "&^ x", which only
// clears bits of bytes with the high bit, and those bytes are caught by
// x: exact as a yes/no answer (a borrow may mark the byte after one
// that needs an escape too, never a word without one).
func escapes(x uint64) uint64 { return escapeBits(x) & highs }

// escapeBits is escapes without the mask: the high bit of a byte is set
// when the byte is not written as it is, and the other bits mean
// nothing, so that the bits of several words may be gathered before
// masking them.
//
// The control bytes and '"' are found by one test: flipping bit 1 maps
// 0x00-0x1f onto themselves and '"' (0x22) onto 0x20, and no other byte
// below 0x80 below 0x21 (' ' goes to 0x22, '!' to 0x23, '#' to 0x21),
// so that x^0x02 - 0x21 borrows at those bytes alone. A byte with the
// high bit keeps it in x^0x02.
func escapeBits(x uint64) uint64 {
	y := x ^ ones*0x02
	return y | (y - ones*0x21) | (x ^ ones*'\\' - ones)
}
