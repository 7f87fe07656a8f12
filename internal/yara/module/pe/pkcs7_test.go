package pe

import (
	"bytes"
	"encoding/asn1"
	"encoding/binary"
	"strconv"
	"strings"
)

// A few DER constructors for hand-made signatures.

func der(tag byte, parts ...[]byte) []byte {
	body := bytes.Join(parts, nil)
	return append(derHeader(tag, len(body)), body...)
}

func derSeq(parts ...[]byte) []byte { return der(0x30, parts...) }
func derSet(parts ...[]byte) []byte { return der(0x31, parts...) }

func derOID(s string) []byte {
	var oid asn1.ObjectIdentifier
	for _, p := range strings.Split(s, ".") {
		n, _ := strconv.Atoi(p)
		oid = append(oid, n)
	}
	b, _ := asn1.Marshal(oid)
	return b
}

func derInt(content ...byte) []byte { return der(0x02, content) }

func derStr(tag byte, s string) []byte { return der(tag, []byte(s)) }

func derAlg(oid string) []byte { return derSeq(derOID(oid), []byte{5, 0}) }

// atv is one attribute of a name; rdn groups them.
func atv(oid string, tag byte, value string) []byte {
	return derSeq(derOID(oid), derStr(tag, value))
}

func name(rdns ...[]byte) []byte { return derSeq(rdns...) }
func rdn(atvs ...[]byte) []byte  { return derSet(atvs...) }

// cert builds a certificate; version < 0 omits the version field.
func cert(version int, serial []byte, sigAlg string, issuer, subject, notBefore, notAfter []byte) []byte {
	var fields [][]byte
	if version >= 0 {
		fields = append(fields, der(0xa0, derInt(byte(version))))
	}
	spki := derSeq(derAlg("1.2.840.113549.1.1.1"), der(0x03, []byte{0, 1, 2, 3}))
	fields = append(fields, der(0x02, serial), derAlg(sigAlg), issuer, derSeq(notBefore, notAfter), subject, spki)
	return derSeq(derSeq(fields...), derAlg(sigAlg), der(0x03, []byte{0, 9, 9, 9}))
}

// signerInfo builds a SignerInfo; unauth are unauthenticated attributes.
func signerInfo(issuer, serial []byte, unauth ...[]byte) []byte {
	parts := [][]byte{
		derInt(1), derSeq(issuer, der(0x02, serial)), derAlg("1.3.14.3.2.26"),
		der(0xa0, derSeq(derOID("1.2.840.113549.1.9.3"), derSet(derOID("1.3.6.1.4.1.311.2.1.4")))),
		derAlg("1.2.840.113549.1.1.1"), der(0x04, []byte{1, 2, 3}),
	}
	if len(unauth) > 0 {
		parts = append(parts, der(0xa1, unauth...))
	}
	return derSeq(parts...)
}

// signedData builds a ContentInfo with SignedData.
func signedData(certs [][]byte, signers ...[]byte) []byte {
	content := derSeq(derOID("1.3.6.1.4.1.311.2.1.4"), der(0xa0, derSeq(derInt(0))))
	parts := [][]byte{derInt(1), derSet(derAlg("1.3.14.3.2.26")), content}
	if certs != nil {
		parts = append(parts, der(0xa0, certs...))
	}
	parts = append(parts, derSet(signers...))
	return derSeq(derOID(oidSignedData), der(0xa0, derSeq(parts...)))
}

// winCert wraps a blob in a WIN_CERTIFICATE, padded to 8 bytes.
func winCert(revision, typ uint16, blob []byte) []byte {
	out := make([]byte, 8, 8+len(blob)+8)
	binary.LittleEndian.PutUint32(out, uint32(8+len(blob)))
	binary.LittleEndian.PutUint16(out[4:], revision)
	binary.LittleEndian.PutUint16(out[6:], typ)
	out = append(out, blob...)
	for len(out)%8 != 0 {
		out = append(out, 0)
	}
	return out
}

// pkcs7Samples are security directories with hand-made signatures.
func pkcs7Samples() map[string][]byte {
	utc := func(s string) []byte { return derStr(0x17, s) }
	gen := func(s string) []byte { return derStr(0x18, s) }
	caName := name(rdn(atv("2.5.4.6", 0x13, "US")), rdn(atv("2.5.4.3", 0x0c, "Test CA")))

	// Names OpenSSL prints in its own way.
	odd := name(
		rdn(atv("2.5.4.10", 0x0c, "a/b+c\x01d\x7f")),
		rdn(derSeq(derOID("2.5.4.3"), der(0x1e, []byte{0, 'W', 0, 'i', 0x4e, 0x2d})), atv("2.5.4.11", 0x13, "unit")),
		rdn(derSeq(derOID("2.5.4.7"), der(0x1c, []byte{0, 0, 0, 'A', 0, 0, 0, 'B'}))),
		rdn(derSeq(derOID("2.5.4.5"), der(0x12, []byte("0123 45")))),
		rdn(atv("1.2.3.4.5.6", 0x0c, "custom")),
		rdn(atv("1.3.6.1.4.1.311.60.2.1.3", 0x13, "DE")),
	)
	longName := name(
		rdn(atv("2.5.4.3", 0x0c, strings.Repeat("L", 120))),
		rdn(atv("2.5.4.10", 0x0c, strings.Repeat("M", 120))),
		rdn(atv("2.5.4.11", 0x0c, strings.Repeat("N", 40))),
	)
	c1 := cert(2, []byte{0xff, 0x01}, "1.2.3.4", longName, odd, gen("20500101000000Z"), utc("491231235959Z"))
	c2 := cert(-1, bytes.Repeat([]byte{0x11}, 21), "1.2.840.10045.4.3.2", caName, caName, utc("2001020304Z"), gen("21000229120000Z"))
	c3 := cert(2, []byte{0}, "1.2.840.113549.1.1.5", caName, name(rdn(atv("2.5.4.3", 0x0c, "Zero"))), utc("990101000000Z"), utc("000101000000Z"))
	nested := signedData([][]byte{c3}, signerInfo(caName, []byte{0}))
	nestedAttr := derSeq(derOID(oidNestedSignature), derSet(nested, derStr(0x04, "junk"), nested))

	general := name(rdn(derSeq(derOID("2.5.4.7"), der(0x1b, []byte{0, 0, 0, 'A', 0, 0, 0, 'B'}))))
	c4 := cert(2, []byte{5}, "1.2.840.113549.1.1.11", general, general, utc("200101000000Z"), utc("300101000000Z"))

	files := map[string][]byte{}
	// OpenSSL refuses a GeneralString in a name: no signature at all.
	files["pkcs7-general.exe"] = winCert(0x200, 2, signedData([][]byte{c4}, signerInfo(general, []byte{5})))
	files["pkcs7-names.exe"] = winCert(0x200, 2, signedData([][]byte{c1}, signerInfo(longName, []byte{0xff, 0x01})))
	files["pkcs7-multi.exe"] = winCert(0x200, 2, signedData([][]byte{c3, c1, c2},
		signerInfo(caName, bytes.Repeat([]byte{0x11}, 21), nestedAttr),
		signerInfo(longName, []byte{0xff, 0x01})))
	// A signer without its certificate spoils its blob; the next blob in
	// the same WIN_CERTIFICATE still counts.
	files["pkcs7-missing.exe"] = winCert(0x200, 2, append(
		signedData([][]byte{c3}, signerInfo(caName, []byte{0x42})),
		signedData([][]byte{c2}, signerInfo(caName, bytes.Repeat([]byte{0x11}, 21)))...))
	// An X.509 WIN_CERTIFICATE (skipped) before a PKCS#7 one.
	files["pkcs7-types.exe"] = append(winCert(0x200, 1, []byte("not parsed")),
		winCert(0x200, 2, signedData([][]byte{c3}, signerInfo(caName, []byte{0})))...)
	// Revision 1.0 stops the walk.
	files["pkcs7-rev1.exe"] = append(winCert(0x100, 2, []byte("old")),
		winCert(0x200, 2, signedData([][]byte{c3}, signerInfo(caName, []byte{0})))...)
	return files
}
