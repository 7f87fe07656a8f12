package jsp

import (
	"slices"
	"testing"
)

// evalPage runs a page's service code once and returns its variables.
func evalPage(t *testing.T, src string) (*analysis, *env) {
	t.Helper()
	a := newAnalysis(parsePage([]byte(src)))
	a.run()
	a.hits, a.order, a.sym, a.symOrd = map[hitKey]*hit{}, nil, map[hitKey]*hit{}, nil
	en := newEnv(a.fields)
	a.execBlock(a.body, en)
	return a, en
}

// Constants are folded through the ways webshells hide names.
func TestConstantFolding(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"concatenation", `String x = "java.lang." + "Run" + "time";`, "java.lang.Runtime"},
		{"char array", `String x = new String(new char[]{'e','x','e','c'});`, "exec"},
		{"byte array", `String x = new String(new byte[]{101, 120, 101, 99});`, "exec"},
		{"char arithmetic", `String x = "" + (char) 101 + (char) ('w' + 1) + (char) 101 + 'c';`, "exec"},
		{"base64", `String x = new String(java.util.Base64.getDecoder().decode("ZXhlYw=="));`, "exec"},
		{"sun base64", `String x = new String(new sun.misc.BASE64Decoder().decodeBuffer("ZXhlYw"));`, "exec"},
		{"reverse", `String x = new StringBuilder("cexe").reverse().toString();`, "exec"},
		{"builder appends", `StringBuilder b = new StringBuilder(); b.append("ex"); b.append('e').append("c"); String x = b.toString();`, "exec"},
		{"replace", `String x = "eXXxec".replace("XX", "");`, "exec"},
		{"replaceAll", `String x = "e1x2e3c".replaceAll("[0-9]", "");`, "exec"},
		{"substring", `String x = "__exec__".substring(2, 6);`, "exec"},
		{"case", `String x = "EXEC".toLowerCase();`, "exec"},
		{"array index", `String[] a = {"ls", "exec"}; String x = a[1];`, "exec"},
		{"hex", `String x = new String(org.apache.commons.codec.binary.Hex.decodeHex("65786563"));`, "exec"},
		{"url", `String x = java.net.URLDecoder.decode("%65xec", "UTF-8");`, "exec"},
		{"valueOf char", `String x = String.valueOf('e') + "xec";`, "exec"},
		{"ternary keeps both", `String x = flag ? "exec" : "exec";`, "exec"},
		{"helper method", `String x = d("ZXhlYw==");`, "exec"},
		{"helper field", `String x = NAME;`, "exec"},
	}
	decl := `<%! static final String NAME = "ex" + "ec"; String d(String s) { return new String(java.util.Base64.getDecoder().decode(s)); } %>`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, en := evalPage(t, decl+"<% "+tt.code+" %>")
			v := en.vars["x"]
			if v == nil || !slices.Contains(v.stringsOf(), tt.want) {
				t.Errorf("x = %v, want %q", v, tt.want)
			}
		})
	}
}

// Taint reaches variables through the propagation the brief lists.
func TestTaintPropagation(t *testing.T) {
	tests := []struct {
		name, code string
		tainted    bool
	}{
		{"parameter", `String x = request.getParameter("a");`, true},
		{"header", `String x = request.getHeader("h");`, true},
		{"query string", `String x = request.getQueryString();`, true},
		{"body reader", `String x = request.getReader().readLine();`, true},
		{"cookies", `String x = request.getCookies()[0].getValue();`, true},
		{"parameter map", `String x = request.getParameterMap().get("a")[0];`, true},
		{"literal", `String x = "";`, false},
		{"concatenation", `String x = "cmd /c " + request.getParameter("a");`, true},
		{"builder", `StringBuilder b = new StringBuilder(); b.append(request.getParameter("a")); String x = b.toString();`, true},
		{"stream read", `byte[] x = new byte[10]; request.getInputStream().read(x);`, true},
		{"wrapped stream", `java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream(); java.io.DataOutputStream d = new java.io.DataOutputStream(bo); d.write(request.getParameter("a").getBytes()); byte[] x = bo.toByteArray();`, true},
		{"arraycopy", `byte[] x = new byte[4]; System.arraycopy(request.getParameter("a").getBytes(), 0, x, 0, 4);`, true},
		{"list", `java.util.List l = new java.util.ArrayList(); l.add(request.getParameter("a")); Object x = l.get(0);`, true},
		{"session attribute", `session.setAttribute("k", request.getParameter("a")); Object x = session.getAttribute("k");`, true},
		{"decoding", `byte[] x = java.util.Base64.getDecoder().decode(request.getParameter("a"));`, true},
		{"decryption", `javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES"); byte[] x = c.doFinal(request.getParameter("a").getBytes());`, true},
		{"method summary", `String x = id(request.getParameter("a"));`, true},
		{"argument effect", `java.util.List x = new java.util.ArrayList(); fill(x, request.getParameter("a"));`, true},
		{"overwritten", `String x = request.getParameter("a"); x = "ls";`, false},
		{"constant", `String x = request.getContextPath() + "/a";`, false},
		{"numbers", `int x = request.getParameter("a").length() > 3 ? 1 : 2;`, false},
	}
	decl := `<%! String id(String s) { return s.trim(); } void fill(java.util.List l, String s) { l.add(s); } %>`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, en := evalPage(t, decl+"<% "+tt.code+" %>")
			v := en.vars["x"]
			if got := v.taint().tainted(); got != tt.tainted {
				t.Errorf("x = %v, tainted %v, want %v", v, got, tt.tainted)
			}
		})
	}
}

// Steps record how the attacker's data was transformed.
func TestSteps(t *testing.T) {
	_, en := evalPage(t, `<% byte[] x = javax.crypto.Cipher.getInstance("AES").doFinal(java.util.Base64.getDecoder().decode(request.getParameter("a"))); %>`)
	v := en.vars["x"]
	if v.t.flags&fDecoded == 0 || v.t.flags&fDecrypted == 0 || len(v.t.steps) != 2 || v.t.src == nil || v.t.src.Line != 1 {
		t.Errorf("x = %v, steps %+v", v, v.t.steps)
	}
}
