package darklink

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// node is an element of the light tree built from the tokenizer: the
// tokenizer keeps line numbers, which html.Parse does not.
type node struct {
	tag      string
	attrs    map[string]string
	line     int
	parent   *node
	children []*node
	text     strings.Builder // the element's own text (not its children's)
	raw      string          // content of raw-text elements (script, style, noscript, iframe, textarea, title)
	classes  []string
	depth    int
}

func (n *node) attr(k string) (string, bool) {
	v, ok := n.attrs[k]
	return v, ok
}

var voidTags = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true, "param": true, "keygen": true}

// closesP are the start tags that end an open <p>.
var closesP = map[string]bool{"address": true, "article": true, "aside": true, "blockquote": true, "div": true, "dl": true,
	"fieldset": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "main": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true, "table": true, "ul": true}

const maxTreeDepth = 512
const maxNodes = 200_000

// maskServerCode blanks server-side code (<?php … ?>, <% … %>) keeping
// newlines, so the HTML around it parses and lines stay right.
func maskServerCode(b []byte) []byte {
	if bytes.Index(b, []byte("<?")) < 0 && bytes.Index(b, []byte("<%")) < 0 {
		return b
	}
	out := append([]byte(nil), b...)
	blank := func(from, to int) {
		for i := from; i < to; i++ {
			if out[i] != '\n' {
				out[i] = ' '
			}
		}
	}
	for i := 0; i+1 < len(out); i++ {
		if out[i] != '<' || (out[i+1] != '?' && out[i+1] != '%') {
			continue
		}
		end := "?>"
		if out[i+1] == '%' {
			end = "%>"
		}
		j := bytes.Index(out[i+2:], []byte(end))
		stop := len(out)
		if j >= 0 {
			stop = i + 2 + j + 2
		}
		blank(i, stop)
		i = stop - 1
	}
	return out
}

// parseTree builds the tree; base is the line of the first byte (1 for a
// file, the line of the script for HTML a script writes).
func parseTree(b []byte, baseLine int) *node {
	root := &node{tag: "#root", line: baseLine}
	z := html.NewTokenizer(bytes.NewReader(b))
	z.SetMaxBuf(0)
	line := baseLine
	stack := []*node{root}
	top := func() *node { return stack[len(stack)-1] }
	count := 0
	popTo := func(tag string, stopAt ...string) bool {
		for k := len(stack) - 1; k > 0; k-- {
			t := stack[k].tag
			if t == tag {
				stack = stack[:k]
				return true
			}
			for _, s := range stopAt {
				if t == s {
					return false
				}
			}
		}
		return false
	}
	var rawFor *node
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		startLine := line
		line += bytes.Count(raw, []byte{'\n'})
		switch tt {
		case html.TextToken:
			if rawFor != nil {
				if rawFor.raw == "" && len(rawFor.raw) < MaxInput {
					rawFor.raw = string(raw)
				}
				continue
			}
			t := top()
			if t.text.Len() < 1<<16 {
				t.text.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			rawFor = nil
			name, hasAttr := z.TagName()
			tag := string(name)
			n := &node{tag: tag, line: startLine, attrs: map[string]string{}}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if _, dup := n.attrs[string(k)]; !dup && len(n.attrs) < 64 {
					n.attrs[string(k)] = string(v)
				}
			}
			if c, ok := n.attrs["class"]; ok {
				n.classes = strings.Fields(strings.ToLower(c))
			}
			switch tag {
			case "li":
				popTo("li", "ul", "ol", "menu")
			case "dt", "dd":
				if !popTo("dd", "dl") {
					popTo("dt", "dl")
				}
			case "option":
				popTo("option", "select")
			case "tr":
				popTo("tr", "table", "tbody", "thead", "tfoot")
			case "td", "th":
				if !popTo("td", "tr", "table") {
					popTo("th", "tr", "table")
				}
			}
			if closesP[tag] {
				popTo("p", "div", "td", "li", "section", "article", "body", "button")
			}
			if count++; count > maxNodes {
				return root
			}
			p := top()
			n.parent, n.depth = p, p.depth+1
			p.children = append(p.children, n)
			if tt == html.StartTagToken && !voidTags[tag] && len(stack) < maxTreeDepth {
				stack = append(stack, n)
				switch tag {
				case "script", "style", "noscript", "iframe", "textarea", "title", "xmp", "noembed", "noframes", "plaintext":
					rawFor = n
				}
			}
		case html.EndTagToken:
			rawFor = nil
			name, _ := z.TagName()
			popTo(string(name))
		}
	}
	return root
}

// walk visits n and its descendants, depth first, in document order.
func walk(n *node, fn func(*node) bool) {
	if !fn(n) {
		return
	}
	for _, c := range n.children {
		walk(c, fn)
	}
}

// innerText is the text of n and its descendants (bounded).
func innerText(n *node, max int) string {
	var b strings.Builder
	walk(n, func(m *node) bool {
		if b.Len() >= max {
			return false
		}
		switch m.tag {
		case "script", "style":
			return false
		}
		b.WriteString(m.text.String())
		b.WriteByte(' ')
		return true
	})
	s := strings.Join(strings.Fields(b.String()), " ")
	return s
}
