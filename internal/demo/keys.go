package demo

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
)

// Keys of the story, derived from fixed seeds so that Build is
// deterministic. They are real public keys whose private halves nobody
// keeps: the seeds are in this file.
var (
	hostKeySeed     = "yingji demo: web01 host key"
	adminKeySeed    = "yingji demo: zhangwei laptop key"
	attackerKeySeed = "yingji demo: intruder key"
)

// sshString appends an SSH wire-format string.
func sshString(b []byte, s []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// authorizedKey returns an "ssh-ed25519 AAAA... comment" line for the key
// whose seed is sha256(seed).
func authorizedKey(seed, comment string) string {
	s := sha256.Sum256([]byte(seed))
	pub := ed25519.NewKeyFromSeed(s[:]).Public().(ed25519.PublicKey)
	blob := sshString(sshString(nil, []byte("ssh-ed25519")), pub)
	return "ssh-ed25519 " + base64.StdEncoding.EncodeToString(blob) + " " + comment
}

// ecdsaKey returns an "ecdsa-sha2-nistp256 AAAA... comment" line.
func ecdsaKey(seed, comment string) string {
	s := sha256.Sum256([]byte(seed))
	k, err := ecdh.P256().NewPrivateKey(s[:])
	if err != nil {
		panic(err) // a fixed seed below the curve order
	}
	blob := sshString(sshString(sshString(nil, []byte("ecdsa-sha2-nistp256")), []byte("nistp256")), k.PublicKey().Bytes())
	return "ecdsa-sha2-nistp256 " + base64.StdEncoding.EncodeToString(blob) + " " + comment
}

// moneroAlphabet is Monero's base58 alphabet.
const moneroAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// wallet is an invented Monero-style address: 95 base58 characters
// starting with 4, the shape of a standard address, derived from a seed.
// Its checksum is not valid; it is nobody's wallet.
func wallet(seed string) string {
	out := []byte{'4', "0123456789AB"[sha256.Sum256([]byte(seed))[0]%12]}
	for i := 0; len(out) < 95; i++ {
		h := sha256.Sum256([]byte{byte(i), byte(i >> 8)})
		h = sha256.Sum256(append(h[:], seed...))
		for _, c := range h {
			if len(out) == 95 {
				break
			}
			out = append(out, moneroAlphabet[int(c)%len(moneroAlphabet)])
		}
	}
	return string(out)
}
