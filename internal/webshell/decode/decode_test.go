package decode

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"math/rand"
	"testing"
)

func deflate(t testing.TB, b []byte, kind string) string {
	var buf bytes.Buffer
	var w interface {
		Write([]byte) (int, error)
		Close() error
	}
	switch kind {
	case "raw":
		w, _ = flate.NewWriter(&buf, flate.BestCompression)
	case "zlib":
		w = zlib.NewWriter(&buf)
	case "gzip":
		w = gzip.NewWriter(&buf)
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return buf.String()
}

// TestCall checks each function against the value PHP gives.
func TestCall(t *testing.T) {
	payload := `@eval($_POST["x"]);`
	cases := []struct {
		fn   string
		args []string
		want string
		err  error
	}{
		{"base64_decode", []string{"QGV2YWwoJF9QT1NUWyJ4Il0pOw=="}, payload, nil},
		// PHP's non-strict mode skips characters outside the alphabet.
		{"base64_decode", []string{"QGV2Y.WwoJF9Q\nT1NUWyJ4Il0pOw"}, payload, nil},
		{"BASE64_DECODE", []string{"YQ"}, "a", nil},
		{`\base64_decode`, []string{"YWI"}, "ab", nil},
		{"base64_encode", []string{"ab"}, "YWI=", nil},
		{"base64_encode", []string{"abc"}, "YWJj", nil},
		{"gzinflate", []string{deflate(t, []byte(payload), "raw")}, payload, nil},
		{"gzuncompress", []string{deflate(t, []byte(payload), "zlib")}, payload, nil},
		{"gzdecode", []string{deflate(t, []byte(payload), "gzip")}, payload, nil},
		{"gzinflate", []string{"not deflate at all"}, "", ErrFailed},
		{"gzuncompress", []string{"xx"}, "", ErrFailed},
		{"str_rot13", []string{"riny(\"flfgrz\")"}, `eval("system")`, nil},
		{"str_rot13", []string{"\xff\xfeA"}, "\xff\xfeN", nil},
		{"strrev", []string{"edoced_46esab"}, "base64_decode", nil},
		{"hex2bin", []string{"6576616c"}, "eval", nil},
		{"hex2bin", []string{"657"}, "", ErrFailed},
		{"hex2bin", []string{"zz"}, "", ErrFailed},
		{"bin2hex", []string{"ab"}, "6162", nil},
		{"urldecode", []string{"a%2Bb+c%zz%4"}, "a+b c%zz%4", nil},
		{"rawurldecode", []string{"a+b%20c"}, "a+b c", nil},
		{"strtolower", []string{"SyStEm"}, "system", nil},
		{"strtoupper", []string{"ab1"}, "AB1", nil},
		{"chr", []string{"101"}, "e", nil},
		{"chr", []string{"357"}, "e", nil},
		{"chr", []string{"-1"}, "\xff", nil},
		{"chr", []string{"x"}, "", ErrFailed},
		{"ord", []string{"e"}, "101", nil},
		{"trim", []string{"  ev al \n"}, "ev al", nil},
		{"ltrim", []string{"xxab", "x"}, "ab", nil},
		{"rtrim", []string{"abyy", "y"}, "ab", nil},
		{"str_repeat", []string{"ab", "3"}, "ababab", nil},
		{"str_repeat", []string{"ab", "-1"}, "", ErrFailed},
		{"str_repeat", []string{"ab", "99999999999"}, "", ErrTooLarge},
		{"stripslashes", []string{`a\'b\\c\0`}, "a'b\\c\x00", nil},
		// convert_uudecode("0:&5L;&\\\n`\n") of "hello": PHP's own encoding.
		{"convert_uudecode", []string{"%:&5L;&\\\n`\n"}, "hello", nil},
		{"system", []string{"id"}, "", ErrUnknown},
		{"base64_decode", nil, "", nil},
	}
	for _, c := range cases {
		got, err := Call(c.fn, c.args...)
		if c.args == nil {
			if err == nil {
				t.Errorf("%s(): no error for a missing argument", c.fn)
			}
			continue
		}
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%s(%q) error %v, want %v", c.fn, c.args, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s(%q) = %q, %v; want %q", c.fn, c.args, got, err, c.want)
		}
	}
}

// TestBomb checks that a decompression bomb stops at the limit.
func TestBomb(t *testing.T) {
	bomb := deflate(t, bytes.Repeat([]byte{0}, MaxOutput+1024), "raw")
	if len(bomb) > 64<<10 {
		t.Fatalf("bomb of %d bytes", len(bomb))
	}
	if _, err := Call("gzinflate", bomb); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("gzinflate bomb: %v, want ErrTooLarge", err)
	}
	ok := deflate(t, bytes.Repeat([]byte("a"), 1<<20), "raw")
	if got, err := Call("gzinflate", ok); err != nil || len(got) != 1<<20 {
		t.Fatalf("1 MiB inflate: %d bytes, %v", len(got), err)
	}
}

// TestChain decodes a typical webshell layer chain:
// eval(gzinflate(str_rot13(base64_decode(...)))).
func TestChain(t *testing.T) {
	payload := `system($_GET["c"]);`
	rot, _ := Call("str_rot13", deflate(t, []byte(payload), "raw"))
	layer, _ := Call("base64_encode", rot)
	s := layer
	for _, fn := range []string{"base64_decode", "str_rot13", "gzinflate"} {
		var err error
		if s, err = Call(fn, s); err != nil {
			t.Fatalf("%s: %v", fn, err)
		}
	}
	if s != payload {
		t.Fatalf("chain gave %q", s)
	}
}

// FuzzCall feeds every function arbitrary input: no panic, and the output
// stays within the limit.
func FuzzCall(f *testing.F) {
	f.Add("gzinflate", "\x4b\x4c\x04\x00", "2")
	f.Add("convert_uudecode", "%:&5L;&\\\n`\n", "")
	f.Add("str_repeat", "ab", "1000")
	f.Fuzz(func(t *testing.T, fn, a, b string) {
		for _, name := range append(Functions, fn) {
			out, err := Call(name, a, b)
			if err == nil && len(out) > MaxOutput {
				t.Fatalf("%s: %d bytes", name, len(out))
			}
		}
	})
}

// base64DecodeRef is the one-character-at-a-time decoder that
// base64Decode replaced, kept as its reference.
func base64DecodeRef(s string) string {
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	n := 0
	for i := 0; i < len(s); i++ {
		v := b64Index[s[i]]
		if v < 0 {
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return string(out)
}

func TestBase64DecodeEquivalent(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alphabet := b64 + "=\n\r -_.\x00\xff"
	for n := 0; n < 20000; n++ {
		b := make([]byte, r.Intn(40))
		for i := range b {
			if r.Intn(8) == 0 {
				b[i] = alphabet[64+r.Intn(len(alphabet)-64)]
			} else {
				b[i] = b64[r.Intn(64)]
			}
		}
		if got, want := base64Decode(string(b)), base64DecodeRef(string(b)); got != want {
			t.Fatalf("base64Decode(%q) = %q; want %q", b, got, want)
		}
	}
}
