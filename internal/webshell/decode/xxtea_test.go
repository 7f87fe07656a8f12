package decode

import (
	"encoding/binary"
	"strings"
	"testing"
)

// xxteaEncrypt is the inverse of XXTEADecrypt (the xxtea_encrypt of the
// same PHP implementation), for the tests.
func xxteaEncrypt(s, key string) string {
	v := words(s)
	v = append(v, uint32(len(s)))
	var k [4]uint32
	copy(k[:], words(key))
	n := len(v) - 1
	z := v[n]
	q := 6 + 52/(n+1)
	var sum uint32
	for ; q > 0; q-- {
		sum += xxteaDelta
		e := (sum >> 2) & 3
		p := 0
		for ; p < n; p++ {
			y := v[p+1]
			v[p] += mx(sum, y, z, p, e, &k)
			z = v[p]
		}
		y := v[0]
		v[n] += mx(sum, y, z, p, e, &k)
		z = v[n]
	}
	out := make([]byte, 4*len(v))
	for i, w := range v {
		binary.LittleEndian.PutUint32(out[4*i:], w)
	}
	return string(out)
}

func TestXXTEA(t *testing.T) {
	for _, plain := range []string{"a", "eval($_POST[1]);", strings.Repeat("<?php system($_GET['c']); ?>", 40)} {
		for _, key := range []string{"", "3473dab", "a key longer than sixteen bytes"} {
			c := xxteaEncrypt(plain, key)
			got, err := XXTEADecrypt(c, key)
			if err != nil || got != plain {
				t.Fatalf("%q with key %q: %q, %v", plain, key, got, err)
			}
			if got, err := XXTEADecrypt(c, "!"+key); err == nil && got == plain {
				t.Fatalf("a wrong key decrypted %q", plain)
			}
		}
	}
	if _, err := XXTEADecrypt("abcd", "k"); err != ErrFailed {
		t.Fatalf("one word: %v", err)
	}
}

// FuzzXXTEA: no panic on any input, and the output is never longer than
// the input.
func FuzzXXTEA(f *testing.F) {
	f.Add(xxteaEncrypt("eval($_POST[1]);", "k"), "k")
	f.Add("", "")
	f.Add("abcdefgh", "")
	f.Fuzz(func(t *testing.T, data, key string) {
		out, err := XXTEADecrypt(data, key)
		if err == nil && len(out) > len(data) {
			t.Fatalf("%d bytes out of %d", len(out), len(data))
		}
	})
}
