package pe

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"sort"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/yara/module"
)

// Object identifiers of PKCS#7 and Authenticode.
const (
	oidSignedData      = "1.2.840.113549.1.7.2"
	oidNestedSignature = "1.3.6.1.4.1.311.2.4.1" // SPC_NESTED_SIGNATURE_OBJID
)

// nameOnelineMax is the buffer YARA passes to X509_NAME_oneline (256
// bytes, one for the NUL).
const nameOnelineMax = 255

// certificate holds what YARA reports of an X.509 certificate.
type certificate struct {
	der        []byte // the encoding OpenSSL's i2d_X509 would produce
	version    int64  // the version field: 0 for v1
	serial     []byte // INTEGER contents
	issuer     tlv
	subject    tlv
	sigAlgOID  string
	notBefore  tlv
	notAfter   tlv
	issuerRaw  []byte     // the issuer's encoding
	canonIssue []rdnCanon // the issuer as X509_NAME_cmp compares it
}

// signerID is a SignerInfo's issuerAndSerialNumber.
type signerID struct {
	issuer []rdnCanon
	raw    []byte
	serial []byte
}

// pkcs7 is the part of a PKCS#7 SignedData that YARA looks at.
type pkcs7 struct {
	signed  bool
	certs   []*certificate
	signers []signerID
	// nested holds the values of the first SPC_NESTED_SIGNATURE attribute
	// in the first SignerInfo's unauthenticated attributes.
	nested [][]byte
}

// parseCertificates is pe_parse_certificates: every PKCS#7 blob of the
// security directory (whose "RVA" is a file offset), and the signatures
// nested in them, at most MAX_PE_CERTS signer certificates.
func (p *file) parseCertificates() {
	dir := p.directory(dirSecurity)
	if dir < 0 {
		return
	}
	o := p.out
	setInt(o, "number_of_signatures", 0)
	va, size := p.u32(dir), p.u32(dir+4)
	if va == 0 || int64(va) > p.n || int64(size) > p.n || int64(va+size) > p.n {
		return
	}
	eod := int64(va) + int64(size)
	wc := int64(va)
	counter := 0
	for p.fits(wc, sizeofWinCertificate) {
		length := int64(p.u32(wc))
		if !(length > sizeofWinCertificate && p.fits(wc, length) && wc+sizeofWinCertificate < eod && wc+length <= eod) {
			break
		}
		revision, typ := p.u16(wc+4), p.u16(wc+6)
		if revision != 0x0100 && revision != 0x0200 {
			break
		}
		end := wc + length
		if revision == 0x0200 && typ == 2 { // WIN_CERT_TYPE_PKCS_SIGNED_DATA
			blob := p.data[wc+sizeofWinCertificate : end]
			for len(blob) > 0 && counter < maxPECerts {
				sig, rest, ok := parsePKCS7(blob)
				if !ok {
					break
				}
				p.addPKCS7(sig, &counter, 0)
				blob = rest
			}
		}
		wc = (end + 7) &^ 7
	}
	setInt(o, "number_of_signatures", int64(counter))
}

// addPKCS7 is _parse_pkcs7: the signer certificates, then the nested
// signatures of the first signer.
func (p *file) addPKCS7(sig *pkcs7, counter *int, depth int) {
	if *counter >= maxPECerts || depth > maxPECerts {
		return
	}
	signers, ok := sig.signerCerts()
	if !ok {
		return
	}
	for _, c := range signers {
		if *counter >= maxPECerts {
			break
		}
		p.setCertificate(structAt(p.out, "signatures", *counter), c)
		*counter++
	}
	for j, blob := range sig.nested {
		if j >= maxPECerts {
			break
		}
		if nested, _, ok := parsePKCS7(blob); ok {
			p.addPKCS7(nested, counter, depth+1)
		}
	}
}

// signerCerts is PKCS7_get0_signers: for every SignerInfo, the certificate
// with its issuer and serial number; none at all if one is missing.
func (s *pkcs7) signerCerts() ([]*certificate, bool) {
	if !s.signed || len(s.signers) == 0 {
		return nil, false
	}
	var out []*certificate
	for _, si := range s.signers {
		var found *certificate
		for _, c := range s.certs {
			if bytes.Equal(c.serial, si.serial) && nameEqual(c, si) {
				found = c
				break
			}
		}
		if found == nil {
			return nil, false
		}
		out = append(out, found)
	}
	return out, true
}

// setCertificate fills one signatures[] entry.
func (p *file) setCertificate(s *module.Struct, c *certificate) {
	sum := sha1.Sum(c.der)
	s.Set("thumbprint", hex.EncodeToString(sum[:]))
	s.Set("issuer", nameOneline(c.issuer))
	s.Set("subject", nameOneline(c.subject))
	setInt(s, "version", c.version+1)
	if ln, ok := signatureLongNames[c.sigAlgOID]; ok {
		s.Set("algorithm", ln)
		s.Set("algorithm_oid", c.sigAlgOID)
	} else {
		// OBJ_nid2ln(NID_undef), and OBJ_obj2txt of the NID_undef
		// object, which is empty.
		s.Set("algorithm", "undefined")
		s.Set("algorithm_oid", "")
	}
	if len(c.serial) >= 1 && len(c.serial) <= 20 {
		parts := make([]string, len(c.serial))
		for i, b := range c.serial {
			parts[i] = hex.EncodeToString([]byte{b})
		}
		s.Set("serial", strings.Join(parts, ":"))
	}
	setInt(s, "not_before", asn1TimeT(c.notBefore))
	setInt(s, "not_after", asn1TimeT(c.notAfter))
	s.Set("valid_on", module.Func(func(args []any) any {
		nb, ok1 := s.Get("not_before").(int64)
		na, ok2 := s.Get("not_after").(int64)
		ts, ok3 := argInt(args, 0)
		if !ok1 || !ok2 || !ok3 {
			return nil
		}
		return module.Bool(ts >= nb && ts <= na)
	}))
}

// parsePKCS7 decodes one ContentInfo at the start of b (d2i_PKCS7) and
// returns the rest.
func parsePKCS7(b []byte) (*pkcs7, []byte, bool) {
	ci, rest, err := readTLV(b)
	if err != nil || !ci.is(classUniversal, tagSequence) || !ci.constructed {
		return nil, nil, false
	}
	parts, err := ci.children()
	if err != nil || len(parts) < 1 || len(parts) > 2 || !parts[0].is(classUniversal, tagOID) {
		return nil, nil, false
	}
	oid, ok := oidString(parts[0].content)
	if !ok {
		return nil, nil, false
	}
	s := &pkcs7{}
	if oid != oidSignedData {
		return s, rest, true
	}
	s.signed = true
	if len(parts) == 1 {
		return s, rest, true // no content: no signers
	}
	if !parts[1].is(classContext, 0) || !parts[1].constructed {
		return nil, nil, false
	}
	inner, err := parts[1].children()
	if err != nil || len(inner) != 1 || !inner[0].is(classUniversal, tagSequence) {
		return nil, nil, false
	}
	if !s.parseSignedData(inner[0]) {
		return nil, nil, false
	}
	return s, rest, true
}

// parseSignedData decodes SignedData: version, digestAlgorithms,
// contentInfo, [0] certificates, [1] crls, signerInfos.
func (s *pkcs7) parseSignedData(sd tlv) bool {
	f, err := sd.children()
	if err != nil || len(f) < 4 {
		return false
	}
	if !f[0].is(classUniversal, tagInteger) || !validInteger(f[0].content) ||
		!f[1].is(classUniversal, tagSet) || !f[2].is(classUniversal, tagSequence) {
		return false
	}
	i := 3
	if i < len(f) && f[i].is(classContext, 0) {
		certs, err := f[i].children()
		if err != nil {
			return false
		}
		for _, c := range certs {
			cert, ok := parseCertificate(c)
			if !ok {
				return false
			}
			s.certs = append(s.certs, cert)
		}
		i++
	}
	if i < len(f) && f[i].is(classContext, 1) {
		i++
	}
	if i != len(f)-1 || !f[i].is(classUniversal, tagSet) {
		return false
	}
	infos, err := f[i].children()
	if err != nil {
		return false
	}
	for k, si := range infos {
		id, nested, ok := parseSignerInfo(si)
		if !ok {
			return false
		}
		s.signers = append(s.signers, id)
		if k == 0 {
			s.nested = nested
		}
	}
	return true
}

// parseSignerInfo decodes a SignerInfo: its issuerAndSerialNumber and the
// values of its first nested-signature attribute.
func parseSignerInfo(si tlv) (signerID, [][]byte, bool) {
	var id signerID
	if !si.is(classUniversal, tagSequence) {
		return id, nil, false
	}
	f, err := si.children()
	if err != nil || len(f) < 5 {
		return id, nil, false
	}
	if !f[0].is(classUniversal, tagInteger) || !f[1].is(classUniversal, tagSequence) {
		return id, nil, false
	}
	ias, err := f[1].children()
	if err != nil || len(ias) != 2 || !ias[1].is(classUniversal, tagInteger) || !validInteger(ias[1].content) {
		return id, nil, false
	}
	canon, ok := parseName(ias[0])
	if !ok {
		return id, nil, false
	}
	id = signerID{issuer: canon, raw: ias[0].full, serial: ias[1].content}
	i := 3 // after version, issuerAndSerial, digestAlgorithm
	if !f[2].is(classUniversal, tagSequence) {
		return id, nil, false
	}
	if i < len(f) && f[i].is(classContext, 0) {
		attrs, err := f[i].children()
		if err != nil {
			return id, nil, false
		}
		for _, a := range attrs {
			if _, _, ok := parseAttribute(a); !ok {
				return id, nil, false
			}
		}
		i++
	}
	if i+1 >= len(f) || !f[i].is(classUniversal, tagSequence) || !f[i+1].is(classUniversal, tagOctetString) {
		return id, nil, false
	}
	i += 2
	var nested [][]byte
	if i < len(f) && f[i].is(classContext, 1) {
		attrs, err := f[i].children()
		if err != nil {
			return id, nil, false
		}
		for _, a := range attrs {
			oid, values, ok := parseAttribute(a)
			if !ok {
				return id, nil, false
			}
			if oid == oidNestedSignature && nested == nil {
				nested = [][]byte{}
				for _, v := range values {
					if b, ok := asn1TypeBytes(v); ok {
						nested = append(nested, b)
					}
				}
			}
		}
		i++
	}
	if i != len(f) {
		return id, nil, false
	}
	return id, nested, true
}

// parseAttribute decodes Attribute ::= SEQUENCE { type OID, values SET }.
func parseAttribute(a tlv) (string, []tlv, bool) {
	if !a.is(classUniversal, tagSequence) {
		return "", nil, false
	}
	f, err := a.children()
	if err != nil || len(f) != 2 || !f[0].is(classUniversal, tagOID) || !f[1].is(classUniversal, tagSet) {
		return "", nil, false
	}
	oid, ok := oidString(f[0].content)
	if !ok {
		return "", nil, false
	}
	values, err := f[1].children()
	if err != nil {
		return "", nil, false
	}
	return oid, values, true
}

// asn1TypeBytes is what YARA hands to d2i_PKCS7 for an attribute value:
// value.sequence of an ASN1_TYPE, which holds the whole encoding of a
// SEQUENCE, SET or non-universal value and the contents of a string.
// Booleans, NULLs and OIDs are not strings at all (YARA misreads them);
// they are skipped.
func asn1TypeBytes(v tlv) ([]byte, bool) {
	if v.class != classUniversal || v.tag == tagSequence || v.tag == tagSet {
		return v.full, true
	}
	switch v.tag {
	case tagBoolean, tagNull, tagOID:
		return nil, false
	}
	return v.content, true
}

// parseCertificate decodes an X.509 certificate as far as OpenSSL's
// d2i_X509 insists on its structure.
func parseCertificate(c tlv) (*certificate, bool) {
	if !c.is(classUniversal, tagSequence) {
		return nil, false
	}
	f, err := c.children()
	if err != nil || len(f) != 3 || !f[0].is(classUniversal, tagSequence) ||
		!f[1].is(classUniversal, tagSequence) || !f[2].is(classUniversal, tagBitString) {
		return nil, false
	}
	sigAlg, ok := parseAlgorithm(f[1])
	if !ok {
		return nil, false
	}
	tbs, err := f[0].children()
	if err != nil {
		return nil, false
	}
	cert := &certificate{sigAlgOID: sigAlg}
	i := 0
	if i < len(tbs) && tbs[i].is(classContext, 0) {
		v, err := tbs[i].children()
		if err != nil || len(v) != 1 || !v[0].is(classUniversal, tagInteger) || !validInteger(v[0].content) {
			return nil, false
		}
		cert.version = integerValue(v[0].content)
		i++
	}
	if len(tbs) < i+6 {
		return nil, false
	}
	serial, sig, issuer, validity, subject, spki := tbs[i], tbs[i+1], tbs[i+2], tbs[i+3], tbs[i+4], tbs[i+5]
	if !serial.is(classUniversal, tagInteger) || !validInteger(serial.content) {
		return nil, false
	}
	if _, ok := parseAlgorithm(sig); !ok {
		return nil, false
	}
	canon, ok := parseName(issuer)
	if !ok {
		return nil, false
	}
	if _, ok := parseName(subject); !ok {
		return nil, false
	}
	times, err := validity.children()
	if err != nil || !validity.is(classUniversal, tagSequence) || len(times) != 2 || !isTime(times[0]) || !isTime(times[1]) {
		return nil, false
	}
	if !spki.is(classUniversal, tagSequence) {
		return nil, false
	}
	for _, extra := range tbs[i+6:] {
		if extra.class != classContext || extra.tag < 1 || extra.tag > 3 {
			return nil, false
		}
	}
	cert.serial = serial.content
	cert.issuer, cert.subject = issuer, subject
	cert.issuerRaw, cert.canonIssue = issuer.full, canon
	cert.notBefore, cert.notAfter = times[0], times[1]
	// i2d_X509 re-encodes the outer SEQUENCE (with a DER length) around
	// the fields, the tbsCertificate from its cached encoding.
	body := append(append(append([]byte{}, f[0].full...), f[1].full...), f[2].full...)
	cert.der = append(derHeader(0x30, len(body)), body...)
	return cert, true
}

// integerValue returns a small INTEGER's value (ASN1_INTEGER_get), 0 when
// it does not fit.
func integerValue(b []byte) int64 {
	if len(b) > 8 {
		return 0
	}
	var v int64
	if b[0]&0x80 != 0 {
		v = -1
	}
	for _, c := range b {
		v = v<<8 | int64(c)
	}
	return v
}

// parseAlgorithm decodes AlgorithmIdentifier and returns its OID.
func parseAlgorithm(a tlv) (string, bool) {
	if !a.is(classUniversal, tagSequence) {
		return "", false
	}
	f, err := a.children()
	if err != nil || len(f) < 1 || len(f) > 2 || !f[0].is(classUniversal, tagOID) {
		return "", false
	}
	return oidString(f[0].content)
}

func isTime(t tlv) bool {
	return t.is(classUniversal, tagUTCTime) || t.is(classUniversal, tagGeneralizedTime)
}

// rdnCanon is one relative distinguished name in the canonical form
// X509_NAME_cmp compares: each attribute as "oid=canonical value",
// sorted.
type rdnCanon []string

// parseName checks a Name and returns its canonical form.
func parseName(n tlv) ([]rdnCanon, bool) {
	if !n.is(classUniversal, tagSequence) {
		return nil, false
	}
	rdns, err := n.children()
	if err != nil {
		return nil, false
	}
	var out []rdnCanon
	for _, rdn := range rdns {
		if !rdn.is(classUniversal, tagSet) {
			return nil, false
		}
		atvs, err := rdn.children()
		if err != nil {
			return nil, false
		}
		var set rdnCanon
		for _, atv := range atvs {
			oid, value, ok := parseATV(atv)
			if !ok {
				return nil, false
			}
			canon, ok := canonValue(value)
			if !ok {
				return nil, false
			}
			set = append(set, oid+"="+canon)
		}
		sort.Strings(set)
		if len(set) > 0 {
			out = append(out, set)
		}
	}
	return out, true
}

// parseATV decodes AttributeTypeAndValue. OpenSSL decodes the value as an
// ASN1_PRINTABLE, which admits only the universal types of the
// B_ASN1_PRINTABLE mask; a GeneralString or VisibleString value makes the
// whole certificate fail to parse.
func parseATV(atv tlv) (string, tlv, bool) {
	if !atv.is(classUniversal, tagSequence) {
		return "", tlv{}, false
	}
	f, err := atv.children()
	if err != nil || len(f) != 2 || !f[0].is(classUniversal, tagOID) ||
		f[1].class != classUniversal || !printableTag(f[1].tag) {
		return "", tlv{}, false
	}
	oid, ok := oidString(f[0].content)
	return oid, f[1], ok
}

// printableTag reports whether ASN1_tag2bit(tag) is in B_ASN1_PRINTABLE:
// BIT STRING, UTF8String, SEQUENCE, NumericString, PrintableString,
// T61String, IA5String, UniversalString, BMPString and the tags OpenSSL
// maps to B_ASN1_UNKNOWN.
func printableTag(tag int) bool {
	switch tag {
	case 3, 7, 8, 9, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 28, 29, 30:
		return true
	}
	return false
}

// canonValue approximates OpenSSL's asn1_string_canon: text types are
// converted to UTF-8 (failing on invalid input, which makes d2i fail),
// trimmed, their inner whitespace collapsed and ASCII lower-cased; other
// types compare by their encoding.
func canonValue(v tlv) (string, bool) {
	var s string
	switch v.tag {
	case tagUTF8String:
		if !utf8.Valid(v.content) {
			return "", false
		}
		s = string(v.content)
	case tagBMPString:
		if len(v.content)%2 != 0 {
			return "", false
		}
		u := make([]uint16, len(v.content)/2)
		for i := range u {
			u[i] = uint16(v.content[2*i])<<8 | uint16(v.content[2*i+1])
		}
		s = string(utf16.Decode(u))
	case tagUniversalString:
		if len(v.content)%4 != 0 {
			return "", false
		}
		var r []rune
		for i := 0; i < len(v.content); i += 4 {
			r = append(r, rune(uint32(v.content[i])<<24|uint32(v.content[i+1])<<16|uint32(v.content[i+2])<<8|uint32(v.content[i+3])))
		}
		s = string(r)
	case tagPrintableString, tagT61String, tagIA5String:
		r := make([]rune, len(v.content))
		for i, c := range v.content {
			r[i] = rune(c)
		}
		s = string(r)
	default:
		return "#" + hex.EncodeToString(v.full), true
	}
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}), " ")
	return asciiLower(s), true
}

// nameEqual is X509_NAME_cmp(cert issuer, signer issuer) == 0.
func nameEqual(c *certificate, si signerID) bool {
	if bytes.Equal(c.issuerRaw, si.raw) {
		return true
	}
	if len(c.canonIssue) != len(si.issuer) {
		return false
	}
	for i := range c.canonIssue {
		a, b := c.canonIssue[i], si.issuer[i]
		if len(a) != len(b) {
			return false
		}
		for k := range a {
			if a[k] != b[k] {
				return false
			}
		}
	}
	return true
}

// nameOneline is X509_NAME_oneline(name, buf, 256) of OpenSSL 3: each
// attribute as "/SN=value" ("+SN=value" inside a multi-valued RDN), with
// "/" and "+" escaped by a backslash and bytes outside 0x20-0x7e as \xHH;
// attributes that no longer fit in the buffer are dropped.
func nameOneline(n tlv) string {
	rdns, _ := n.children()
	var out strings.Builder
	for _, rdn := range rdns {
		atvs, _ := rdn.children()
		for k, atv := range atvs {
			oid, value, ok := parseATV(atv)
			if !ok {
				continue
			}
			sn, ok := attributeShortNames[oid]
			if !ok {
				sn = oid
			}
			q := value.content
			if value.tag == tagSequence || value.tag == tagSet {
				q = value.full // ASN1_TYPE keeps whole encodings of these
			}
			if len(q) > 1024*1024 { // NAME_ONELINE_MAX
				return out.String()
			}
			doit := [4]bool{true, true, true, true}
			if value.tag == tagGeneralString && len(q)%4 == 0 {
				var nz [4]bool
				for j, c := range q {
					if c != 0 {
						nz[j&3] = true
					}
				}
				if !(nz[0] || nz[1] || nz[2]) {
					doit = [4]bool{false, false, false, true}
				}
			}
			var v strings.Builder
			for j, c := range q {
				if !doit[j&3] {
					continue
				}
				switch {
				case c < ' ' || c > '~':
					v.WriteString("\\x")
					v.WriteString(strings.ToUpper(hex.EncodeToString([]byte{c})))
				case c == '/' || c == '+':
					v.WriteByte('\\')
					v.WriteByte(c)
				default:
					v.WriteByte(c)
				}
			}
			sep := "/"
			if k > 0 {
				sep = "+"
			}
			entry := sep + sn + "=" + v.String()
			if out.Len()+len(entry) > nameOnelineMax {
				return out.String()
			}
			out.WriteString(entry)
		}
	}
	return out.String()
}

// asn1TimeT is YARA's ASN1_get_time_t: it reads the digits of a UTCTime
// or GeneralizedTime without validating them and ignores any time zone.
func asn1TimeT(t tlv) int64 {
	str := t.content
	at := func(i int) int {
		if i < len(str) {
			return int(int8(str[i])) - '0'
		}
		return -'0' // the NUL OpenSSL keeps after the data; beyond it too
	}
	i := 0
	var year int
	if t.tag == tagUTCTime {
		year = at(0)*10 + at(1)
		if year < 70 {
			year += 100
		}
		i = 2
	} else {
		year = at(0)*1000 + at(1)*100 + at(2)*10 + at(3) - 1900
		i = 4
	}
	mon := at(i)*10 + at(i+1) - 1
	mday := at(i+2)*10 + at(i+3)
	hour := at(i+4)*10 + at(i+5)
	min := at(i+6)*10 + at(i+7)
	sec := at(i+8)*10 + at(i+9)
	return time.Date(year+1900, time.Month(mon+1), mday, hour, min, sec, 0, time.UTC).Unix()
}
