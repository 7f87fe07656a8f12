package jsp

import (
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// dataModel is strings, builders, arrays, decoders and ciphers: propagation, constant folding and the decoding steps.
func (a *analysis) dataModel(c *callCtx) (*value, bool) {
	rv := c.recv
	switch c.name {

	case "decode", "decodeBuffer", "decodeBase64", "parseBase64Binary", "decodeFromString", "decodeHex",
		"parseHexBinary", "decodeToString", "base64Decode", "decodeBase64String", "fromBase64":
		if r := a.decoder(c); r != nil {
			return r, true
		}
	case "getDecoder", "getMimeDecoder", "getUrlDecoder":
		return &value{kinds: kB64Dec, open: true}, true
	case "getInstance":
		switch {
		case c.recvIs("Cipher"):
			if x := c.arg(0); x.isConst() && strings.HasPrefix(strings.ToUpper(x.strs[0]), "AES") {
				a.tr.aes = c.line
			}
			return &value{kinds: kCipher, open: true}, true
		case c.recvIs("MessageDigest"):
			if x := c.arg(0); x.isConst() && strings.EqualFold(x.strs[0], "MD5") {
				a.tr.md5 = c.line
			}
			return &value{kinds: kDigest, open: true}, true
		}
	case "doFinal":
		x := c.argsJoin(0)
		r := &value{t: joinTaint(x.taint(), taint{}), open: true}
		if r.t.bits != 0 {
			r.t = r.t.withStep(c.line, "decrypted (Cipher.doFinal)", fDecrypted)
		}
		return r, true
	case "init":
		if rv.has(kCipher) {
			if k := c.arg(1); k != nil && k.inner != nil && k.inner.isConst() && isHexKey(k.inner.strs[0]) {
				a.tr.hexKey = c.line
			}
			return &value{}, true
		}

	case "append":
		if rv.has(kFileOut) {
			return a.fileWrite(c, rv.inner, c.argsJoin(0)), true
		}
		if rv.has(kOut|kResp|kSockOut|kProcIn) || len(c.args) == 0 {
			break
		}
		nv := a.concat(rv, c.arg(0), c.line)
		if rv != nil {
			nv.kinds, nv.aliases = rv.kinds, rv.aliases
		}
		a.storeBack(c, nv)
		return nv, true
	case "reverse":
		if len(c.args) == 0 {
			nv := mapStrs(rv, reverseString)
			if nv != nil && !nv.open {
				nv.obf = mergePoints(nv.obf, []verdict.Point{{Line: int(c.line), What: "reversed string"}}, 4)
			}
			a.storeBack(c, nv)
			return nv, true
		}
	case "toString", "getBytes", "toCharArray", "trim", "strip", "intern", "toByteArray", "array", "chars":
		if rv.has(kFile) && c.name == "toString" {
			return rv.inner, true
		}
		if rv.has(kOut | kReq | kSession | kApp) {
			break
		}
		if rv == nil {
			return &value{open: true}, true
		}
		r := rv.clone()
		r.kinds &^= kFileOut | kFile
		r.aliases, r.inner = nil, nil
		if c.name == "trim" || c.name == "strip" {
			r = mapStrs(r, strings.TrimSpace)
		}
		return r, true
	case "toLowerCase", "toUpperCase":
		if c.name == "toLowerCase" {
			return mapStrs(rv, strings.ToLower), true
		}
		return mapStrs(rv, strings.ToUpper), true
	case "substring", "subSequence":
		if x := c.arg(0); x != nil && x.hasNum {
			if x.num == 0 && c.arg(1) != nil && c.arg(1).hasNum && c.arg(1).num == 16 || x.num == 16 && len(c.args) == 1 {
				a.tr.substr16 = c.line
			}
			lo, hi := x.num, int64(-1)
			if y := c.arg(1); y != nil && y.hasNum {
				hi = y.num
			} else if len(c.args) > 1 {
				break
			}
			return mapStrs(rv, func(s string) string {
				h := hi
				if h < 0 || h > int64(len(s)) {
					h = int64(len(s))
				}
				if lo < 0 || lo > h {
					return s
				}
				return s[lo:h]
			}), true
		}
	case "replace", "replaceAll", "replaceFirst":
		if len(c.args) == 2 && rv != nil && !rv.has(kFile) {
			from, to := c.arg(0), c.arg(1)
			if from.isConst() && to.isConst() {
				f, t := from.stringsOf()[0], to.stringsOf()[0]
				var fn func(string) string
				switch c.name {
				case "replace":
					fn = func(s string) string { return strings.ReplaceAll(s, f, t) }
				default:
					re, err := regexp.Compile(f)
					if err != nil {
						break
					}
					t = strings.ReplaceAll(t, "$", "$$")
					if c.name == "replaceAll" {
						fn = func(s string) string { return re.ReplaceAllString(s, t) }
					} else {
						fn = func(s string) string {
							if loc := re.FindStringIndex(s); loc != nil {
								return s[:loc[0]] + t + s[loc[1]:]
							}
							return s
						}
					}
				}
				if fn != nil {
					r := mapStrs(rv, fn)
					r.t = joinTaint(r.t, joinTaint(from.taint(), to.taint()))
					return r, true
				}
			}
			r := &value{t: joinTaint(rv.t, joinTaint(from.taint(), to.taint())), open: true}
			return r, true
		}
	case "concat":
		if len(c.args) == 1 && rv != nil && !rv.has(kFile) {
			return a.concat(rv, c.arg(0), c.line), true
		}
	case "valueOf", "copyValueOf":
		if c.recvIs("String", "Character") && len(c.args) >= 1 {
			x := c.arg(0)
			if x != nil && x.hasNum && x.char {
				return &value{strs: []string{string(rune(x.num))}, obf: x.obf}, true
			}
			return strValueOf(x), true
		}
	case "toChars":
		if x := c.arg(0); x != nil && x.hasNum {
			return &value{strs: []string{string(rune(x.num))}, obf: x.obf}, true
		}
	case "charAt":
		if x := c.arg(0); x != nil && x.hasNum && rv.isConst() && len(rv.strs) == 1 && x.num >= 0 && x.num < int64(len(rv.strs[0])) {
			return &value{num: int64(rv.strs[0][x.num]), hasNum: true, char: true}, true
		}
	case "split":
		return &value{t: rv.taint(), open: true}, true
	case "join":
		if c.recvIs("String") {
			r := &value{open: true}
			for _, x := range c.args[min(1, len(c.args)):] {
				r.t = joinTaint(r.t, x.taint())
			}
			return r, true
		}
	case "arraycopy":
		if c.recvIs("System") && len(c.args) >= 3 {
			if root := rootVar(c.argExpr(2)); root != "" {
				if old, ok := c.en.lookup(root); ok && c.arg(0).taint().bits != 0 {
					a.taintVar(root, old, c.arg(0).t, c.en)
				}
			}
			return &value{}, true
		}
	case "parseInt", "parseLong", "length", "size", "indexOf", "lastIndexOf", "hashCode", "compareTo":
		return &value{open: true}, true
	}
	return nil, false
}

// storeBack writes a builder's new value back to its variable.
func (a *analysis) storeBack(c *callCtx, nv *value) {
	x := c.recvExpr
	for {
		ce, ok := x.(*callExpr)
		if !ok || (ce.name != "append" && ce.name != "insert" && ce.name != "reverse") {
			break
		}
		x = ce.recv
	}
	if n, ok := x.(*nameExpr); ok && n.id != "this" {
		a.setVar(n.id, nv, c.en, false)
	}
}

func mapStrs(v *value, fn func(string) string) *value {
	if v == nil {
		return nil
	}
	r := v.clone()
	if len(v.strs) > 0 {
		r.strs = make([]string, len(v.strs))
		for i, s := range v.strs {
			r.strs[i] = fn(s)
		}
	}
	return r
}

func reverseString(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func strValueOf(x *value) *value {
	if x == nil {
		return nil
	}
	r := x.clone()
	if len(x.strs) == 0 && x.hasNum {
		r.strs = x.stringsOf()
	}
	r.hasNum, r.char = false, false
	return r
}

// decoder models the Base64, hex and URL decoders, and evaluates them
// on constants.
func (a *analysis) decoder(c *callCtx) *value {
	if len(c.args) == 0 {
		return nil
	}
	rn := c.recvName
	rv := c.recv
	kindName := ""
	switch {
	case c.name == "decodeHex" || c.name == "parseHexBinary" || strings.Contains(rn, "Hex"):
		kindName = "hex"
	case strings.Contains(rn, "URLDecoder") || c.recvIs("URLDecoder"):
		kindName = "url"
	case c.name == "decode" && !(rv.has(kB64Dec) || strings.Contains(strings.ToLower(rn), "base64") || strings.Contains(rn, "Decoder") || c.reflect && strings.Contains(strings.ToLower(rn), "base64")):
		// Charset.decode and friends.
		if rv == nil && rn == "" {
			kindName = "base64"
		} else {
			return nil
		}
	default:
		kindName = "base64"
	}
	x := c.arg(0)
	if c.name == "decode" && len(c.args) > 1 && kindName == "base64" && !rv.has(kB64Dec) {
		x = c.arg(0)
	}
	r := &value{open: x.isOpen()}
	r.t = x.taint()
	switch kindName {
	case "base64":
		r.t = r.t.withStep(c.line, "Base64 decoded", fDecoded)
	case "hex":
		r.t = r.t.withStep(c.line, "hex decoded", fDecoded)
	case "url":
		r.t = r.t.withStep(c.line, "URL decoded", 0)
	}
	if x != nil {
		r.obf = x.obf
		for _, s := range x.stringsOf() {
			var d []byte
			var err error
			switch kindName {
			case "base64":
				d, err = decodeBase64(s)
			case "hex":
				d, err = hex.DecodeString(strings.TrimSpace(s))
			case "url":
				var u string
				u, err = url.QueryUnescape(s)
				d = []byte(u)
			}
			if err != nil {
				r.open = true
				continue
			}
			r.strs = append(r.strs, string(d))
			if kindName == "base64" && (dangerousName(string(d)) != "" || strings.HasPrefix(string(d), "\xca\xfe\xba\xbe")) {
				r.obf = mergePoints(r.obf, []verdict.Point{{Line: int(c.line), What: "Base64-encoded constant"}}, 4)
			}
		}
	}
	return r
}

// decodeBase64 decodes standard or URL-safe Base64, padded or not,
// ignoring white space (as the MIME and sun.misc decoders do).
func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimRight(s, "=")
	if strings.ContainsAny(s, "-_") {
		return base64.RawURLEncoding.DecodeString(s)
	}
	return base64.RawStdEncoding.DecodeString(s)
}

func isHexKey(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
