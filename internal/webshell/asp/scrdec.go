package asp

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"slices"
)

// The Microsoft Script Encoder (screnc.exe, the "VBScript.Encode" and
// "JScript.Encode" languages) writes a block as
//
//	#@~^LLLLLL==<encoded text>CCCCCC==^#~@
//
// where LLLLLL is the base64 of the encoded length (32-bit little endian)
// and CCCCCC a checksum. The text is a substitution cipher: each
// character below 0x80 (tab and 0x20-0x7F, except '<', '>' and '@') is
// replaced through one of three tables, the table chosen by the position
// of the character modulo 64 in a fixed pattern; '@' escapes newline,
// carriage return, '<', '>' and '@' itself; bytes of 0x80 and above are
// kept and do not advance the position.

// scrdecPick is the table used at each position modulo 64.
const scrdecPick = "0120121221210212021200122102122100212120200120210212001220012021"

// scrdecTables maps an encoded byte to its plain byte, per table.
var scrdecTables = [3]string{
	"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x57\x0a\x0b\x0c\x0d\x0e\x0f" +
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f" +
		"\x2e\x47\x7a\x56\x42\x6a\x2f\x26\x49\x41\x34\x32\x5b\x76\x72\x43" +
		"\x38\x39\x70\x45\x68\x71\x4f\x09\x62\x44\x23\x75\x3c\x7e\x3e\x5e" +
		"\x40\x77\x4a\x61\x5d\x22\x4b\x6f\x4e\x3b\x4c\x50\x67\x2a\x7d\x74" +
		"\x54\x2b\x2d\x2c\x30\x6e\x6b\x66\x35\x25\x21\x64\x4d\x52\x63\x3f" +
		"\x7b\x78\x29\x28\x73\x59\x33\x7f\x6d\x55\x53\x7c\x3a\x5f\x65\x46" +
		"\x58\x31\x69\x6c\x5a\x48\x27\x5c\x3d\x24\x79\x37\x60\x51\x20\x36",
	"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x6e\x0a\x0b\x0c\x0d\x0e\x0f" +
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f" +
		"\x2d\x75\x52\x60\x71\x5e\x49\x5c\x62\x7d\x29\x36\x20\x7c\x7a\x7f" +
		"\x6b\x63\x33\x2b\x68\x51\x66\x76\x31\x64\x54\x43\x3c\x3a\x3e\x7e" +
		"\x40\x45\x2c\x2a\x74\x27\x37\x44\x79\x59\x2f\x6f\x26\x72\x6a\x39" +
		"\x7b\x3f\x38\x77\x67\x53\x47\x34\x78\x5d\x30\x23\x5a\x5b\x6c\x48" +
		"\x55\x70\x69\x2e\x4c\x21\x24\x4e\x50\x09\x56\x73\x35\x61\x4b\x58" +
		"\x3b\x57\x22\x6d\x4d\x25\x28\x46\x4a\x32\x41\x3d\x5f\x4f\x42\x65",
	"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x7b\x0a\x0b\x0c\x0d\x0e\x0f" +
		"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f" +
		"\x32\x30\x21\x29\x5b\x38\x33\x3d\x58\x3a\x35\x65\x39\x5c\x56\x73" +
		"\x66\x4e\x45\x6b\x62\x59\x78\x5e\x7d\x4a\x6d\x71\x3c\x60\x3e\x53" +
		"\x40\x42\x27\x48\x72\x75\x31\x37\x4d\x52\x22\x54\x6a\x47\x64\x2d" +
		"\x20\x7f\x2e\x4c\x5d\x7e\x6c\x6f\x79\x74\x43\x26\x76\x25\x24\x2b" +
		"\x28\x23\x41\x34\x09\x2a\x44\x3f\x77\x3b\x55\x69\x61\x63\x50\x67" +
		"\x51\x49\x4f\x46\x68\x7c\x36\x70\x6e\x7a\x2f\x5f\x4b\x5a\x2c\x57",
}

// scrdecByPos is scrdecTables by position modulo 64 (scrdecPick applied).
var scrdecByPos = func() (t [64][128]byte) {
	for p := range t {
		for c := range t[p] {
			t[p][c] = scrdecTables[scrdecPick[p]-'0'][c]
		}
	}
	return t
}()

const (
	screncStart = "#@~^"
	screncEnd   = "^#~@"
)

// maxEncoded bounds the encoded segments decoded in one page.
const maxEncoded = 10000

// decodeScriptEncoder replaces every encoded segment of b with its plain
// text and reports how many it decoded. A segment without its end marker
// is decoded to the end of b.
func decodeScriptEncoder(b []byte) ([]byte, int) {
	var out bytes.Buffer
	n := 0
	for n < maxEncoded {
		i := bytes.Index(b, []byte(screncStart))
		if i < 0 {
			break
		}
		out.Write(b[:i])
		data, rest := b[i+len(screncStart):], []byte(nil)
		// Prefer the declared length when it lands on the trailer.
		if len(data) >= 8 && string(data[6:8]) == "==" {
			if raw, err := base64.StdEncoding.DecodeString(string(data[:8])); err == nil && len(raw) == 4 {
				l := int(binary.LittleEndian.Uint32(raw))
				if j := bytes.Index(data[8:], []byte(screncEnd)); j >= 14 && string(data[8+j-2:8+j]) == "==" {
					sum := -1
					if raw, err := base64.StdEncoding.DecodeString(string(data[8+j-8 : 8+j])); err == nil && len(raw) == 4 {
						sum = int(binary.LittleEndian.Uint32(raw))
					}
					body := data[8 : 8+j-8]
					fixed, dbcs, dec := repairScrenc(body, l, sum, false)
					if dec == nil {
						// dec is nil unless the checksum matched.
						var cs int
						dec, cs = screncSum(fixed, 0, len(fixed), 0, dbcs, false, make([]byte, 0, len(fixed)))
						if cs != sum {
							dec = decodeResync(fixed, dbcs, bytes.IndexByte(body, 0x7F) < 0)
						}
					}
					out.Write(dec)
					b = data[8+j+len(screncEnd):]
					n++
					continue
				}
				if !bytes.Contains(data[8:], []byte(screncEnd)) {
					// A truncated copy: no trailer and no checksum, but
					// the same damage may be repaired.
					fixed, dbcs, _ := repairScrenc(data[8:], l, -1, true)
					out.Write(decodeResync(fixed, dbcs, bytes.IndexByte(data[8:], 0x7F) < 0))
					n++
					b = nil
					continue
				}
			}
			data = data[8:]
		}
		if j := bytes.Index(data, []byte(screncEnd)); j >= 0 {
			body := data[:j]
			if len(body) >= 8 && string(body[len(body)-2:]) == "==" {
				body = body[:len(body)-8]
			}
			rest = data[j+len(screncEnd):]
			data = body
		}
		out.Write(decodeScrenc(data, true))
		n++
		b = rest
	}
	out.Write(b)
	return out.Bytes(), n
}

// repairScrenc undoes the damage that copying encoded pages through
// editors and web pages commonly does, which would otherwise shift the
// table positions and garble the rest of the segment: a tab expanded into
// spaces (the declared length, counted in characters with a double-byte
// character as one, is then shorter than the text) and DEL (0x7F, which
// encodes 'e' at a third of the positions) turned into a space.
//
// The trailer is the sum of the decoded bytes: a repair must match it.
//
// The code page is unknown: double-byte (GBK, Big5) and single-byte
// (Windows-1252, -1254) readings are both tried.
//
// A truncated segment (no trailer, sum -1) is shorter than declared by
// an unknown amount: every run of spaces is then taken for a tab.
//
// When the repair matches the checksum, dec is its decoded text (nil
// otherwise): the caller need not decode it again.
func repairScrenc(data []byte, declared, sum int, truncated bool) (fixed []byte, dbcs bool, dec []byte) {
	a, sa, da := repairScrencCP(data, declared, sum, true, truncated)
	if sa == exact {
		return a, true, da
	}
	if bytes.IndexFunc(data, func(r rune) bool { return r >= 0x80 }) < 0 {
		return a, true, nil
	}
	b, sb, db := repairScrencCP(data, declared, sum, false, truncated)
	if sb > sa {
		if sb == exact {
			return b, false, db
		}
		return b, false, nil
	}
	return a, true, nil
}

// exact is the score of a repair whose checksum matches.
const exact = 1 << 30

// repairScrencCP is repairScrenc with one code page; with the score
// exact, it also returns the decoded text.
func repairScrencCP(data []byte, declared, sum int, dbcs, truncated bool) ([]byte, int, []byte) {
	// The characters: the bytes, a double-byte pair counting one.
	chars := len(data)
	if dbcs {
		for i := 0; i < len(data)-1; i++ {
			if c := data[i]; c >= 0x81 && c != 0xFF && data[i+1] >= 0x40 {
				i++
				chars--
			}
		}
	}
	if chars > declared {
		// Tabs expanded into spaces: a run of spaces back to one tab.
		out := make([]byte, 0, len(data))
		n := chars
		for i := 0; i < len(data); i++ {
			if data[i] == ' ' && i+1 < len(data) && data[i+1] == ' ' && (n > declared || truncated) {
				for i+1 < len(data) && data[i+1] == ' ' {
					i++
					n--
				}
				out = append(out, '\t')
				continue
			}
			out = append(out, data[i])
		}
		data, chars = out, n
	}
	var buf []byte // the decoded text of one try, reused
	score := func(c []byte) int {
		d, cs := screncSum(c, 0, len(c), 0, dbcs, false, buf[:0])
		buf = d
		if cs == sum {
			return exact
		}
		return plausible(d)
	}
	best, bestScore := data, score(data)
	if bestScore == exact {
		return data, exact, buf
	}
	try := func(c []byte) {
		if bestScore == exact {
			return
		}
		if sc := score(c); sc > bestScore {
			best, bestScore = c, sc
			if sc == exact {
				best = append([]byte(nil), c...)
			}
		}
	}
	if bytes.IndexByte(data, 0x7F) < 0 {
		// Every 'e' at a table-1 position is DEL: spaces at those
		// positions may be the lost DELs.
		try(delFix(data, dbcs))
	}
	if chars == declared-1 && len(data) <= 4096 {
		// One DEL dropped: try it at each position.
		c := make([]byte, len(data)+1)
		for i := 0; i <= len(data); i++ {
			copy(c, data[:i])
			c[i] = 0x7F
			copy(c[i+1:], data[i:])
			try(c)
			if bytes.IndexByte(data, 0x7F) < 0 {
				try(delFix(c, dbcs))
			}
		}
	}
	if bestScore == exact {
		// No try is scored after the exact one: buf is its text.
		return best, exact, buf
	}
	return best, bestScore, nil
}

// checksum is the Script Encoder's trailer value of plain text d: the
// sum of its single-byte characters.
func checksum(d []byte, dbcs bool) int {
	s := 0
	for i := 0; i < len(d); i++ {
		c := d[i]
		if c >= 0x80 {
			// Double-byte characters are not summed.
			if dbcs && c >= 0x81 && c != 0xFF && i+1 < len(d) && d[i+1] >= 0x40 {
				i++
			}
			continue
		}
		s += int(c)
	}
	return s
}

// delFix returns data with the spaces at table-1 positions made DEL.
func delFix(data []byte, dbcs bool) []byte {
	out := make([]byte, len(data))
	copy(out, data)
	pos := 0
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case c >= 0x80:
			if dbcs && c >= 0x81 && c != 0xFF && i+1 < len(out) && out[i+1] >= 0x40 {
				i++
			}
			continue
		case c == '@' && i+1 < len(out) && bytes.IndexByte([]byte("&#*!$"), out[i+1]) >= 0:
			i++
		case c == ' ' && scrdecPick[pos%64] == '1':
			out[i] = 0x7F
		}
		pos++
	}
	return out
}

// plausible scores how much b looks like script source: letters, digits,
// spaces and the usual punctuation count for, the rare symbols a wrong
// table position produces count against.
func plausible(b []byte) int {
	s := 0
	for _, c := range b {
		s += plausibleWeight[c]
	}
	return s
}

// plausibleByte is plausible's score of one byte.
func plausibleByte(c byte) int {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == ' ', c == '"',
		c == '.', c == '(', c == ')', c == '=', c == ',', c == '\n', c == '\r', c == '&', c == '\'':
		return 2
	case c == '|', c == '{', c == '}', c == '^', c == '~', c == '`', c == 0x7F, c == '$', c == ']', c == '[':
		return -3
	case c < 0x20 && c != '\t':
		return -3
	}
	return 0
}

// decodeScrenc decodes the text of one segment.
func decodeScrenc(b []byte, dbcs bool) []byte {
	out := make([]byte, 0, len(b))
	return screncRun(b, 0, len(b), 0, dbcs, false, out)
}

// decodeResync decodes a damaged segment (its checksum does not match
// after repair): where a window of text stops reading as script, a lost
// or added character has shifted the table positions, and the shift that
// makes the window plausible again is adopted.
//
// With del (the segment had no DEL, 0x7F, before repair: it has probably
// lost them to spaces, as repairScrenc assumes) a space where DEL would
// read 'e' is read as 'e'.
func decodeResync(b []byte, dbcs, del bool) []byte {
	const w = 64
	out := make([]byte, 0, len(b))
	var scores [64]int
	pos := 0
	for i := 0; i < len(b); {
		end := min(len(b), i+w)
		// A line is a window of its own: the damage (a tab, a DEL) is
		// usually at the start of a line.
		if j := bytes.Index(b[i+1:end], []byte("@&")); j >= 0 {
			end = i + 1 + j + 2
		}
		// Do not split an escape or a double-byte character.
		for end < len(b) && end > i && (b[end-1] == '@' || b[end-1] >= 0x81) {
			end++
		}
		start := len(out)
		out = screncRun(b, i, end, pos, dbcs, del, out)
		best := out[start:]
		ascii := 0
		for _, c := range best {
			if c < 0x80 {
				ascii++
			}
		}
		if sc := plausible(best); ascii >= 16 && 2*sc < 3*ascii {
			shiftScores(b, i, end, pos, dbcs, del, &scores)
			bestPos, bestScore := pos, sc
			for d := 1; d < 64; d++ {
				if t := scores[d]; t > bestScore+ascii/2 {
					bestPos, bestScore = pos+d, t
				}
			}
			if bestPos != pos {
				pos = bestPos
				out = screncRun(b, i, end, pos, dbcs, del, out[:start])
			}
		}
		pos += screncCount(b[i:end], dbcs)
		i = end
	}
	return out
}

// plausibleWeight is plausible's score of each byte.
var plausibleWeight = func() (w [256]int) {
	for c := range w {
		w[c] = plausibleByte(byte(c))
	}
	return w
}()

// shiftScores sets scores[d] to plausible(screncRun(b, i, end, pos+d,
// dbcs, del, nil)) for every shift d, without decoding the window 64
// times: a character's score depends only on which of the three tables
// its position picks.
func shiftScores(b []byte, i, end, pos int, dbcs, del bool, scores *[64]int) {
	*scores = [64]int{}
	fixed, k := 0, pos // k: the table position of the character at shift 0
	for ; i < end; i++ {
		c := b[i]
		if c >= 0x80 {
			fixed += plausibleWeight[c]
			if dbcs && c >= 0x81 && c != 0xFF && i+1 < end && b[i+1] >= 0x40 {
				i++
				fixed += plausibleWeight[b[i]]
			}
			continue
		}
		if c == '@' && i+1 < end {
			if e := screncEscape(b[i+1]); e != 0 {
				fixed += plausibleWeight[e]
				i++
				k++
				continue
			}
		}
		if c == '\t' || c >= 0x20 {
			var w [3]int
			for t := range w {
				x := c
				if del && c == ' ' && t == 1 {
					x = 0x7F
				}
				w[t] = plausibleWeight[scrdecTables[t][x]]
			}
			if w[0] == w[1] && w[1] == w[2] {
				fixed += w[0]
			} else {
				for d := range scores {
					scores[d] += w[scrdecPick[(k+d)%64]-'0']
				}
			}
		} else {
			fixed += plausibleWeight[c]
		}
		k++
	}
	for d := range scores {
		scores[d] += fixed
	}
}

// screncEscape is the character "@" followed by c stands for, or 0.
func screncEscape(c byte) byte {
	switch c {
	case '&':
		return '\n'
	case '#':
		return '\r'
	case '*':
		return '>'
	case '!':
		return '<'
	case '$':
		return '@'
	}
	return 0
}

// screncCount is the number of table positions b advances.
func screncCount(b []byte, dbcs bool) int {
	n := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= 0x80:
			if dbcs && c >= 0x81 && c != 0xFF && i+1 < len(b) && b[i+1] >= 0x40 {
				i++
			}
			continue
		case c == '@' && i+1 < len(b) && bytes.IndexByte([]byte("&#*!$"), b[i+1]) >= 0:
			i++
		}
		n++
	}
	return n
}

// screncRun decodes b[i:end] from table position pos, appending to out;
// with del, a space at a position where DEL encodes 'e' is read as DEL.
func screncRun(b []byte, i, end, pos int, dbcs, del bool, out []byte) []byte {
	out, _ = screncSum(b, i, end, pos, dbcs, del, out)
	return out
}

// screncSum is screncRun that also returns the checksum of what it
// appends (the decoded text of a whole segment is scored by its
// checksum: summing it as it is made saves reading it again).
func screncSum(b []byte, i, end, pos int, dbcs, del bool, out []byte) ([]byte, int) {
	// A character decodes to at most one byte: out grows once, and the
	// loop stores by index.
	out = slices.Grow(out, end-i)
	n := len(out)
	o := out[:cap(out)]
	b = b[:end]
	sum := 0
	pending := false // see ckAdd
	for ; i < len(b); i++ {
		if !pending {
			// A run of printable ASCII other than '@' (and, with del,
			// the space): each byte one table lookup, summed as it is.
			for i < len(b) {
				c := b[i]
				if !screncPlain[c] || del && c == ' ' {
					break
				}
				x := scrdecFlat[(pos&63)<<7|int(c)]
				o[n] = x
				n++
				pos++
				sum += int(x)
				i++
			}
			if i == len(b) {
				break
			}
		}
		c := b[i]
		if c >= 0x80 {
			o[n] = c
			n++
			sum, pending = ckAdd(sum, pending, c, dbcs)
			if dbcs && c >= 0x81 && c != 0xFF && i+1 < len(b) && b[i+1] >= 0x40 {
				i++
				o[n] = b[i]
				n++
				sum, pending = ckAdd(sum, pending, b[i], dbcs)
			}
			continue
		}
		if c == '@' && i+1 < len(b) {
			if e := screncEscape(b[i+1]); e != 0 {
				o[n] = e
				n++
				i++
				pos++
				sum, pending = ckAdd(sum, pending, e, dbcs)
				continue
			}
		}
		if c == '\t' || c >= 0x20 {
			if del && c == ' ' && scrdecPick[pos&63] == '1' {
				c = 0x7F
			}
			c = scrdecFlat[(pos&63)<<7|int(c&0x7F)]
		}
		o[n] = c
		n++
		pos++
		sum, pending = ckAdd(sum, pending, c, dbcs)
	}
	return o[:n], sum
}

// screncPlain marks the bytes screncSum decodes by table alone: 0x20 to
// 0x7F but '@'.
var screncPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '@'
	}
	return t
}()

// ckAdd is checksum's step over the decoded byte x: pending is set after
// a double-byte lead byte, whose next byte, when 0x40 or above, is its
// trail and not summed.
func ckAdd(sum int, pending bool, x byte, dbcs bool) (int, bool) {
	switch {
	case pending:
		if x < 0x40 {
			sum += int(x)
		}
		return sum, false
	case x >= 0x80:
		return sum, dbcs && x >= 0x81 && x != 0xFF
	}
	return sum + int(x), false
}

// scrdecFlat is scrdecByPos in one array: position modulo 64 times 128
// plus the encoded byte.
var scrdecFlat = func() (t [64 * 128]byte) {
	for p := range scrdecByPos {
		copy(t[p*128:], scrdecByPos[p][:])
	}
	return t
}()
