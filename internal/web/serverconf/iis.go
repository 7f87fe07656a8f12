package serverconf

import (
	"encoding/xml"
	"strings"
)

// phpIni: auto_prepend_file and auto_append_file are all that matters in
// an ini file; prependSettings reads them for every format.
func (a *analyzer) phpIni() {}

// iis reads an IIS web.config: URL Rewrite rules with conditions on
// {HTTP_USER_AGENT} or {HTTP_REFERER}, and error pages sent elsewhere.
func (a *analyzer) iis() {
	d := xml.NewDecoder(strings.NewReader(a.src))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	hosts := a.opt.SiteHosts
	var conds []cond
	var act *action
	inRule := false
	lineAt := func() int { l, _ := d.InputPos(); return l }
	for n := 0; n < 200_000; n++ {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			attr := func(k string) string {
				for _, x := range t.Attr {
					if strings.EqualFold(x.Name.Local, k) {
						return x.Value
					}
				}
				return ""
			}
			switch strings.ToLower(t.Name.Local) {
			case "rule":
				inRule, conds, act = true, nil, nil
			case "add":
				if !inRule {
					continue
				}
				if hd := headerOf(attr("input")); hd != "" {
					neg := strings.EqualFold(attr("negate"), "true")
					p := attr("pattern")
					if strings.EqualFold(attr("matchType"), "IsFile") || strings.EqualFold(attr("matchType"), "IsDirectory") {
						continue
					}
					conds = append(conds, cond{line: lineAt(), header: hd, pattern: p, negated: neg})
				}
			case "action":
				if !inRule {
					continue
				}
				typ := strings.ToLower(attr("type"))
				x := action{line: lineAt(), target: attr("url"), kind: typ}
				switch typ {
				case "abortrequest", "customresponse", "none":
					x.block = true
				}
				act = &x
			case "error":
				// <httpErrors><error statusCode="404" path="http://…" responseMode="Redirect"/>
				if p := attr("path"); p != "" {
					a.errorDocument(p, lineAt(), hosts)
				}
				if p := attr("redirect"); p != "" {
					a.errorDocument(p, lineAt(), hosts)
				}
			case "customerrors":
				if p := attr("defaultRedirect"); p != "" {
					a.errorDocument(p, lineAt(), hosts)
				}
			}
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, "rule") && inRule {
				if act != nil {
					a.judgeRule(conds, *act, hosts)
				}
				inRule, conds, act = false, nil, nil
			}
		}
	}
}
