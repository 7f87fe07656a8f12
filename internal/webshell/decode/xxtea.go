package decode

import (
	"encoding/binary"
)

// xxteaDelta is the key schedule constant of XXTEA (the golden ratio),
// which every implementation of the cipher carries.
const xxteaDelta = 0x9E3779B9

// XXTEADelta is xxteaDelta in the forms PHP source writes it: a function
// holding one of them implements XXTEA.
var XXTEADelta = []string{"0x9E3779B9", "0x9e3779b9", "2654435769", "-1640531527"}

// XXTEADecrypt decrypts data with key as the xxtea_decrypt of the
// widespread PHP implementation does (little-endian words, the key
// padded with zero bytes to 16, the plaintext length stored in the last
// word), which webshell packers use to hide their payload. It fails, as
// that function returns false, when the stored length does not fit the
// data: a wrong key or data that is not XXTEA ciphertext. The work is
// linear in the data, which is bounded by MaxOutput.
func XXTEADecrypt(data, key string) (string, error) {
	if len(data) > MaxOutput {
		return "", ErrTooLarge
	}
	if data == "" {
		return "", nil
	}
	v := words(data)
	var k [4]uint32
	kw := words(key)
	copy(k[:], kw)
	n := len(v) - 1
	if n < 1 {
		// One word: PHP's loop does not run, and the word left is
		// taken for the length, which cannot fit.
		return "", ErrFailed
	}
	z, y := v[n], v[0]
	q := 6 + 52/(n+1)
	sum := uint32(q) * xxteaDelta
	for sum != 0 {
		e := (sum >> 2) & 3
		p := n
		for ; p > 0; p-- {
			z = v[p-1]
			v[p] -= mx(sum, y, z, p, e, &k)
			y = v[p]
		}
		z = v[n]
		v[0] -= mx(sum, y, z, p, e, &k)
		y = v[0]
		sum -= xxteaDelta
	}
	m := int64(int32(v[n]))
	size := int64(n) << 2
	if m < size-3 || m > size {
		return "", ErrFailed
	}
	out := make([]byte, 4*len(v))
	for i, w := range v {
		binary.LittleEndian.PutUint32(out[4*i:], w)
	}
	return string(out[:m]), nil
}

func mx(sum, y, z uint32, p int, e uint32, k *[4]uint32) uint32 {
	return ((z>>5 ^ y<<2) + (y>>3 ^ z<<4)) ^ ((sum ^ y) + (k[uint32(p)&3^e] ^ z))
}

// words splits s into little-endian 32-bit words, the last padded with
// zero bytes (PHP's unpack("V*") of the padded string).
func words(s string) []uint32 {
	b := []byte(s)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	v := make([]uint32, len(b)/4)
	for i := range v {
		v[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return v
}
