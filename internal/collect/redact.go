package collect

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
)

// redactShadow replaces password hashes in shadow and gshadow files and keeps
// what analysis needs: the account, whether the field is empty (no password),
// locked ('!', '*'), and the hash scheme ($1$ MD5, $6$ SHA-512, $y$ yescrypt).
func redactShadow(b []byte) []byte {
	var out bytes.Buffer
	lines := bytes.SplitAfter(b, []byte("\n"))
	for _, line := range lines {
		body := bytes.TrimRight(line, "\n")
		nl := line[len(body):]
		f := bytes.SplitN(body, []byte(":"), 3)
		if len(f) < 2 || bytes.HasPrefix(bytes.TrimSpace(body), []byte("#")) {
			out.Write(line)
			continue
		}
		f[1] = []byte(redactHash(string(f[1])))
		out.Write(bytes.Join(f, []byte(":")))
		out.Write(nl)
	}
	return out.Bytes()
}

func redactHash(h string) string {
	lock := ""
	for strings.HasPrefix(h, "!") {
		lock += "!"
		h = h[1:]
	}
	switch {
	case h == "" || h == "*" || h == "x":
		return lock + h
	case strings.HasPrefix(h, "$"):
		// "$id$" or "$id$params$salt$hash": keep the scheme only.
		if i := strings.IndexByte(h[1:], '$'); i >= 0 {
			return lock + h[:i+2] + "REDACTED"
		}
		return lock + "$REDACTED"
	case len(h) == 13:
		return lock + "REDACTED-DES"
	}
	return lock + "REDACTED"
}

// privateKeyInfo describes a PEM private key without its secret: the format,
// whether it is protected by a passphrase, and for OpenSSH keys the public
// key, so it can be matched with authorized_keys entries. ok is false when b
// is not a private key.
func privateKeyInfo(b []byte) (desc string, ok bool) {
	t := bytes.TrimSpace(b)
	if !bytes.HasPrefix(t, []byte("-----BEGIN ")) {
		return "", false
	}
	end := bytes.Index(t, []byte("-----\n"))
	if end < 0 {
		end = bytes.Index(t, []byte("-----\r\n"))
	}
	if end < 0 {
		return "", false
	}
	label := string(t[len("-----BEGIN "):end])
	if !strings.Contains(label, "PRIVATE KEY") {
		return "", false
	}
	var d strings.Builder
	fmt.Fprintf(&d, "# yingji: private key redacted; the key material was not collected\n# format: %s\n", label)
	switch {
	case label == "ENCRYPTED PRIVATE KEY" || bytes.Contains(t, []byte("Proc-Type: 4,ENCRYPTED")):
		d.WriteString("# passphrase: yes\n")
	case label == "OPENSSH PRIVATE KEY":
		cipher, kdf, pubs, err := parseOpenSSHKey(t[end+5:])
		if err != nil {
			fmt.Fprintf(&d, "# passphrase: unknown (%v)\n", err)
			break
		}
		if cipher == "none" {
			d.WriteString("# passphrase: no\n")
		} else {
			fmt.Fprintf(&d, "# passphrase: yes (cipher %s, kdf %s)\n", cipher, kdf)
		}
		for _, p := range pubs {
			fmt.Fprintf(&d, "# public key: %s\n", p)
		}
	default:
		d.WriteString("# passphrase: no\n")
	}
	return d.String(), true
}

// parseOpenSSHKey reads the unencrypted header of an openssh-key-v1 blob.
func parseOpenSSHKey(body []byte) (cipher, kdf string, pubs []string, err error) {
	if i := bytes.Index(body, []byte("-----END")); i >= 0 {
		body = body[:i]
	}
	clean := bytes.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, body)
	raw, err := base64.StdEncoding.DecodeString(string(clean))
	if err != nil {
		return "", "", nil, fmt.Errorf("bad base64: %w", err)
	}
	const magic = "openssh-key-v1\x00"
	if !bytes.HasPrefix(raw, []byte(magic)) {
		return "", "", nil, fmt.Errorf("no openssh-key-v1 magic")
	}
	p := raw[len(magic):]
	next := func() ([]byte, error) {
		if len(p) < 4 {
			return nil, fmt.Errorf("truncated key")
		}
		n := binary.BigEndian.Uint32(p)
		if uint64(n) > uint64(len(p)-4) {
			return nil, fmt.Errorf("truncated key")
		}
		s := p[4 : 4+n]
		p = p[4+n:]
		return s, nil
	}
	c, err := next()
	if err != nil {
		return "", "", nil, err
	}
	k, err := next()
	if err != nil {
		return "", "", nil, err
	}
	if _, err := next(); err != nil { // kdf options
		return "", "", nil, err
	}
	if len(p) < 4 {
		return "", "", nil, fmt.Errorf("truncated key")
	}
	nkeys := binary.BigEndian.Uint32(p)
	p = p[4:]
	for i := uint32(0); i < nkeys && i < 16; i++ {
		pub, err := next()
		if err != nil {
			return "", "", nil, err
		}
		typ := pub
		if len(pub) >= 4 {
			if n := binary.BigEndian.Uint32(pub); uint64(n) <= uint64(len(pub)-4) {
				typ = pub[4 : 4+n]
			}
		}
		pubs = append(pubs, fmt.Sprintf("%s %s", typ, base64.StdEncoding.EncodeToString(pub)))
	}
	return string(c), string(k), pubs, nil
}
