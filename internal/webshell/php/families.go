package php

import (
	"strings"

	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Families are named from their public descriptions, as extra evidence
// beside what the analysis found: the name tells a responder which client
// the attacker used and what else to look for (its other files, its
// traffic). A family name never makes a file reported on its own.

type family struct {
	name, nameZh string
	// markers are the family's own words (its name, its version
	// variables), lower case; any one names the family.
	markers []string
	// traits, when set, recognise the family's mechanism from the calls the
	// file makes and the inputs it reads.
	traits func(f *facts) bool
}

// facts are what the family traits look at.
type facts struct {
	calls    map[string]bool // functions of traitCalls called by name
	phpInput bool            // reads the request body
	session  bool            // uses $_SESSION
	tiny     bool            // the file is a one-liner
	execIn   bool            // request input executed as code
}

var families = []family{
	{name: "Behinder", nameZh: "冰蝎", traits: func(f *facts) bool {
		// AES-encrypted request body with a key kept in the session, run
		// as code.
		return f.phpInput && f.session && (f.calls["openssl_decrypt"] || f.calls["mcrypt_decrypt"]) &&
			(f.calls["eval"] || f.calls["assert"] || f.calls["call_user_func"])
	}},
	{name: "Godzilla", nameZh: "哥斯拉", traits: func(f *facts) bool {
		// The payload is stored in the session and XOR-decoded with a key
		// derived by md5; both base64 and raw variants.
		return f.session && f.calls["md5"] && f.calls["substr"] && (f.calls["base64_decode"] || f.phpInput) &&
			(f.calls["eval"] || f.calls["assert"] || f.calls["create_function"])
	}},
	{name: "Weevely", nameZh: "Weevely", traits: func(f *facts) bool {
		// Request body between two key markers, XOR then gzuncompress.
		return f.phpInput && f.calls["preg_match"] && f.calls["gzuncompress"] && f.calls["gzcompress"]
	}},
	{name: "China Chopper / AntSword", nameZh: "中国菜刀/蚁剑", traits: func(f *facts) bool {
		return f.tiny && f.execIn
	}},
	{name: "b374k", nameZh: "b374k", markers: []string{"b374k"}},
	{name: "WSO", nameZh: "WSO", markers: []string{"wso_version", "wsosetcookie", "wso 2.", "wso 4."}},
	{name: "c99", nameZh: "c99", markers: []string{"c99sh_", "c99shell", "c99madshell"}},
	{name: "r57", nameZh: "r57", markers: []string{"r57shell", "r57_"}},
}

// traitCalls are the functions the traits look at: facts.calls records
// only these (a big file makes thousands of calls).
var traitCalls = map[string]bool{"openssl_decrypt": true, "mcrypt_decrypt": true, "eval": true, "assert": true,
	"call_user_func": true, "md5": true, "substr": true, "base64_decode": true, "create_function": true,
	"preg_match": true, "gzuncompress": true, "gzcompress": true}

// family names the family of the file, or "".
func (a *analyzer) family() (string, string) {
	f := &facts{calls: map[string]bool{}, tiny: len(a.src) < 512}
	for i, t := range a.ts {
		switch {
		case (t.Kind == Ident || t.Kind == Keyword) && i+1 < len(a.ts) && a.ts[i+1].Kind == Op && a.ts[i+1].Text == "(":
			if name := strings.ToLower(t.Value); traitCalls[name] {
				f.calls[name] = true
			}
		case t.Kind == Variable && t.Value == "_SESSION":
			f.session = true
		case (t.Kind == ConstString || t.Kind == EncapsedString) && strings.HasPrefix(t.Value, "php://input"):
			f.phpInput = true
		}
	}
	for _, d := range a.dets {
		f.execIn = f.execIn || d.Rule == "php.exec-input" && d.Score >= verdict.High
	}
	var found []int // offsets of familyMarkers, searched once when needed
	m := 0
	for _, fam := range families {
		if fam.traits != nil && fam.traits(f) {
			return fam.name, fam.nameZh
		}
		for range fam.markers {
			if found == nil {
				found = familyMarkers.Index(a.src)
			}
			if found[m] >= 0 {
				return fam.name, fam.nameZh
			}
			m++
		}
	}
	return "", ""
}

// familyMarkers are the markers of all families in order, searched for in
// one pass over the file, ignoring case.
var familyMarkers = func() *lang.Strings {
	var ms []string
	for _, fam := range families {
		ms = append(ms, fam.markers...)
	}
	return lang.NewStrings(ms...)
}()

// nameFamily labels the file's detections with its family, and notes a
// recognised family as supporting evidence.
func (a *analyzer) nameFamily() {
	if a.nested > 0 || a.shared.decide {
		// A family name never changes the verdict, which is all
		// verdict.Decide asks for.
		return
	}
	name, nameZh := a.family()
	if name == "" {
		return
	}
	for _, d := range a.dets {
		d.Family = name
	}
	a.emit("family."+strings.ToLower(strings.Fields(name)[0]), 50, nil, nil, nil,
		"Has the traits of the "+name+" webshell family.", "具有 "+nameZh+" WebShell 家族的特征。")
	a.dets["family."+strings.ToLower(strings.Fields(name)[0])].Family = name
}
