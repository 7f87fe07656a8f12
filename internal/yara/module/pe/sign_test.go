package pe

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

var (
	signedOnce sync.Once
	signedList []sample
	signedErr  error
)

// signedSamples signs full32.exe with osslsigncode: once with an RSA
// certificate, then again with an ECDSA one nested in the first
// signature.
func signedSamples(t testing.TB) []sample {
	t.Helper()
	tool := moduletest.NeedTool(t, "osslsigncode")
	craftedSamples(t)
	signedOnce.Do(func() {
		dir := samplesDir
		rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			signedErr = err
			return
		}
		ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			signedErr = err
			return
		}
		// A subject with a multi-valued RDN, characters X509_NAME_oneline
		// escapes, non-ASCII text and an attribute OpenSSL names oddly.
		oid := func(a ...int) asn1.ObjectIdentifier { return asn1.ObjectIdentifier(a) }
		subject := pkix.RDNSequence{
			{{Type: oid(2, 5, 4, 6), Value: "US"}},
			{{Type: oid(2, 5, 4, 10), Value: "Yingji Test/Org"}, {Type: oid(2, 5, 4, 11), Value: "R+D"}},
			{{Type: oid(2, 5, 4, 3), Value: "Signér"}},
			{{Type: oid(1, 2, 840, 113549, 1, 9, 1), Value: "sign@example.com"}},
			{{Type: oid(1, 2, 3, 4, 5), Value: "private"}},
		}
		rawSubject, err := asn1.Marshal(subject)
		if err != nil {
			signedErr = err
			return
		}
		serial := new(big.Int).SetBytes([]byte{0xc1, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13})
		rsaCert := &x509.Certificate{
			SerialNumber: serial,
			RawSubject:   rawSubject,
			NotBefore:    time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC),
			NotAfter:     time.Date(2049, 12, 31, 23, 59, 59, 0, time.UTC),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
		}
		ecCert := &x509.Certificate{
			SerialNumber: big.NewInt(0x1234),
			Subject:      pkix.Name{CommonName: "Nested Signer", Organization: []string{"Yingji"}, Country: []string{"DE"}},
			NotBefore:    time.Date(2021, 6, 7, 8, 9, 10, 0, time.UTC),
			NotAfter:     time.Date(2061, 6, 7, 8, 9, 10, 0, time.UTC),
			KeyUsage:     x509.KeyUsageDigitalSignature,
			ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
		}
		write := func(name string, tmpl *x509.Certificate, pub, key crypto.Signer) (string, string) {
			der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
			if err != nil {
				signedErr = err
				return "", ""
			}
			kder, err := x509.MarshalPKCS8PrivateKey(key)
			if err != nil {
				signedErr = err
				return "", ""
			}
			c := filepath.Join(dir, name+".crt")
			k := filepath.Join(dir, name+".key")
			os.WriteFile(c, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
			os.WriteFile(k, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
			return c, k
		}
		rc, rk := write("rsa", rsaCert, rsaKey, rsaKey)
		ec, ek := write("ec", ecCert, ecKey, ecKey)
		if signedErr != nil {
			return
		}
		in := filepath.Join(dir, "full32.exe")
		one := filepath.Join(dir, "signed.exe")
		two := filepath.Join(dir, "signed-nested.exe")
		for _, args := range [][]string{
			{"sign", "-h", "sha256", "-certs", rc, "-key", rk, "-in", in, "-out", one},
			{"sign", "-nest", "-h", "sha1", "-certs", ec, "-key", ek, "-in", one, "-out", two},
		} {
			if out, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
				signedErr = &buildError{string(out), err}
				return
			}
		}
		signedList = []sample{{"signed.exe", one}, {"signed-nested.exe", two}}
	})
	if signedErr != nil {
		t.Fatal(signedErr)
	}
	return signedList
}
