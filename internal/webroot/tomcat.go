package webroot

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// tomcatBases are globs of the usual CATALINA_BASE directories. Each one's
// conf/server.xml is read (conf is often a link to /etc/tomcatN).
var tomcatBases = []string{
	"/var/lib/tomcat*",
	"/usr/share/tomcat*",
	"/opt/tomcat*",
	"/opt/apache-tomcat*",
	"/usr/local/tomcat*",
	"/usr/local/apache-tomcat*",
}

// tomcatRoot is a path named by server.xml.
type tomcatRoot struct {
	path  string // absolute, variables stripped
	why   string
	hosts []string
}

// parseTomcat reads the Host appBase and Context docBase of a server.xml
// whose CATALINA_BASE is base. name is the file's name, for Why. It
// returns what it found before any error.
func parseTomcat(data []byte, name, base string) ([]tomcatRoot, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var (
		out     []tomcatRoot
		inHost  bool
		appBase string
		pending []tomcatRoot // the current Host's roots, waiting for its names
		hosts   []string
		inAlias bool
		alias   strings.Builder
		line    = 1
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			out = append(out, pending...)
			return out, err
		}
		line, _ = d.InputPos()
		switch t := tok.(type) {
		case xml.StartElement:
			attr := func(n string) string {
				for _, a := range t.Attr {
					if a.Name.Local == n {
						return a.Value
					}
				}
				return ""
			}
			switch t.Name.Local {
			case "Host":
				inHost, pending, hosts = true, nil, nil
				appBase = attr("appBase")
				if appBase == "" {
					appBase = "webapps"
				}
				hosts = appendHost(hosts, attr("name"))
				appBase = targetPath(appBase, base)
				pending = append(pending, tomcatRoot{path: appBase,
					why: fmt.Sprintf("tomcat: %s:%d Host appBase %s", name, line, short(attr("appBase")))})
			case "Alias":
				inAlias = inHost
				alias.Reset()
			case "Context":
				db := attr("docBase")
				if db == "" {
					continue
				}
				ab := appBase
				if !inHost {
					ab = targetPath("webapps", base)
				}
				r := tomcatRoot{path: targetPath(db, ab),
					why: fmt.Sprintf("tomcat: %s:%d Context docBase %s", name, line, short(db))}
				if inHost {
					pending = append(pending, r)
				} else {
					out = append(out, r)
				}
			}
		case xml.CharData:
			if inAlias && alias.Len() < 1024 {
				alias.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "Alias":
				if inAlias {
					hosts = appendHost(hosts, strings.TrimSpace(alias.String()))
				}
				inAlias = false
			case "Host":
				for i := range pending {
					pending[i].hosts = hosts
				}
				out = append(out, pending...)
				inHost, pending, hosts = false, nil, nil
			}
		}
	}
	return append(out, pending...), nil
}

// tomcat reads the server.xml of the usual Tomcat installs.
func (f *finder) tomcat() {
	for _, pat := range tomcatBases {
		bases, err := f.glob(pat)
		if err != nil {
			f.problem("%w", err)
			continue
		}
		for _, b := range bases {
			name := path.Join(b, "conf/server.xml")
			canon, err := f.src.Resolve(name)
			if err != nil || !f.isDir(b) {
				continue
			}
			if _, err := f.src.Stat(canon); err != nil {
				continue
			}
			f.seen[canon] = true
			data, ok := f.readConfig(name)
			if !ok {
				continue
			}
			f.tomcatFile(name, data, abs(b), "")
			// Context files: conf/Catalina/HOST/APP.xml.
			ctxs, err := f.glob(path.Join(abs(b), "conf/*/*/*.xml"))
			if err != nil {
				continue
			}
			for _, c := range ctxs {
				if data, ok := f.readConfig(c); ok {
					f.tomcatFile(c, data, abs(b), path.Base(path.Dir(c)))
				}
			}
		}
	}
}

// tomcatFile adds the roots of one Tomcat file (server.xml or a context
// file of the host named host) of the CATALINA_BASE base.
func (f *finder) tomcatFile(name string, data []byte, base, host string) {
	roots, err := parseTomcat(data, name, base)
	if err != nil {
		f.problem("tomcat: %s: %w", name, err)
	}
	for _, r := range roots {
		if r.hosts == nil && host != "" {
			r.hosts = []string{host}
		}
		f.add(candidate{path: r.path, why: r.why, server: "tomcat", hosts: r.hosts})
	}
}
