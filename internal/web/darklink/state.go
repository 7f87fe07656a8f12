package darklink

import (
	"fmt"
	"strings"
)

// reason says how and where an element is hidden.
type reason struct {
	technique string
	node      *node  // the element whose style hides
	ref       string // "file:line" of the linked style sheet rule that hides, if any
}

// state is what an element inherits about being hidden.
type state struct {
	block  *reason // cannot be undone by a descendant (display:none, off-screen, zero box …)
	vis    *reason // visibility:hidden, undone by visibility:visible
	font   *reason // font-size:0, undone by a font size
	indent *reason // text-indent far to the left, undone by a text-indent
	own    *reason // what this element itself adds (for reporting containers)
	color  [3]float64
	colorK bool
	bg     [3]float64
	bgK    bool
	widget bool // inside an interactive widget (menu, modal, tabs …)
	decl   map[string]styled
}

// hidden returns why the link or frame n is hidden, or nil.
func (st *state) hidden(n *node, a *analyzer) *reason {
	switch {
	case st.block != nil:
		return st.block
	case st.vis != nil:
		return st.vis
	case st.font != nil:
		return st.font
	case st.indent != nil:
		return st.indent
	}
	// Low contrast: the link's own colour against the background behind it.
	if c, ok := st.decl["color"]; ok && st.bgK {
		if r, g, b, ok := colour(c.value); ok && contrast([3]float64{r, g, b}, st.bg) < 1.25 {
			// one reason per parent, so a row of such links is one group
			key := n
			if n.parent != nil && n.parent.tag != "#root" {
				key = n.parent
			}
			if r, ok := a.contrast[key]; ok {
				return r
			}
			r := &reason{technique: "low-contrast", node: key}
			if c.file != "" {
				r.ref = fmt.Sprintf("%s:%d", c.file, c.line)
			}
			a.contrast[key] = r
			return r
		}
	}
	return nil
}

var widgetWords = []string{"nav", "menu", "dropdown", "drop-down", "submenu", "sub-menu", "modal", "dialog", "popup", "pop-up",
	"popover", "tab", "tabs", "tabpanel", "panel", "collapse", "accordion", "toggle", "cookie", "consent", "banner",
	"offcanvas", "off-canvas", "drawer", "sidebar", "mobile", "slide", "slider", "carousel", "tooltip", "overlay", "lightbox", "faq"}

func isWidget(n *node) bool {
	switch n.tag {
	case "nav", "dialog", "details", "menu", "header":
		return true
	}
	if r := strings.ToLower(n.attrs["role"]); r != "" {
		switch r {
		case "menu", "menubar", "dialog", "tabpanel", "navigation", "alertdialog", "listbox", "tooltip":
			return true
		}
	}
	if _, ok := n.attrs["aria-labelledby"]; ok {
		return true
	}
	for _, k := range []string{"aria-hidden", "aria-expanded", "data-toggle", "data-bs-toggle"} {
		if _, ok := n.attrs[k]; ok {
			return true
		}
	}
	names := strings.ToLower(n.attrs["id"] + " " + n.attrs["class"])
	for _, f := range strings.FieldsFunc(names, func(r rune) bool { return r == ' ' || r == '_' || r == '-' }) {
		for _, w := range widgetWords {
			if f == w || strings.HasPrefix(f, w) && len(f) <= len(w)+2 {
				return true
			}
		}
	}
	for _, w := range []string{"dropdown", "submenu", "sub-menu", "off-canvas", "offcanvas", "modal", "cookie"} {
		if strings.Contains(names, w) {
			return true
		}
	}
	return false
}

// interactive: hidden by a widget (a menu shown on hover, a modal, tabs)
// rather than for good; only display, visibility and the hidden attribute
// are what widgets use.
func interactive(n *node) bool {
	for k, m := 0, n; m != nil && k < 6; k, m = k+1, m.parent {
		if isWidget(m) {
			return true
		}
	}
	return false
}

func (a *analyzer) state(n *node) *state {
	if st, ok := a.memo[n]; ok {
		return st
	}
	if n == nil || n.tag == "#root" && n.parent == nil {
		st := &state{}
		if n != nil {
			a.memo[n] = st
		}
		return st
	}
	var parent *state
	if n.tag == "#root" {
		parent = a.state(n.parent)
		a.memo[n] = parent
		return parent
	}
	parent = a.state(n.parent)
	st := &state{}
	*st = *parent
	st.own = nil
	st.decl = a.sheet.computeOwn(n)
	st.widget = parent.widget || isWidget(n)
	get := func(p string) (string, bool) {
		v, ok := st.decl[p]
		return v.value, ok
	}
	set := func(slot **reason, technique string, props ...string) {
		r := &reason{technique: technique, node: n}
		for _, p := range props {
			if v, ok := st.decl[p]; ok && v.file != "" {
				r.ref = fmt.Sprintf("%s:%d", v.file, v.line)
				break
			}
		}
		*slot = r
		if st.own == nil {
			st.own = r
		}
	}
	fromJS := func(p string) bool { return st.decl[p].js }
	// display and the hidden attribute
	if d, ok := get("display"); ok && d == "none" && st.block == nil {
		t := "display-none"
		if fromJS("display") {
			t = "js-created-style"
		}
		set(&st.block, t, "display")
	}
	if _, ok := n.attrs["hidden"]; ok && st.block == nil {
		if d, ok := get("display"); !ok || d == "none" {
			set(&st.block, "hidden-attr")
		}
	}
	if t, ok := a.jsHides[n.attrs["id"]]; ok && n.attrs["id"] != "" && st.block == nil {
		set(&st.block, "js-style:"+t)
	}
	if o, ok := get("opacity"); ok && st.block == nil {
		o = strings.TrimSuffix(o, "%")
		if f, ok := length(o); ok && f <= 0.01 {
			set(&st.block, "opacity-zero", "opacity")
		}
	}
	pos, _ := get("position")
	if st.block == nil && (pos == "absolute" || pos == "fixed") {
		for _, p := range []string{"left", "top", "right", "bottom"} {
			if v, ok := get(p); ok {
				if f, ok := length(v); ok && f <= -900 {
					t := "offscreen"
					if fromJS(p) {
						t = "js-created-style"
					}
					set(&st.block, t, p, "position")
					break
				}
			}
		}
	}
	if st.block == nil {
		for _, p := range []string{"margin-left", "margin-top"} {
			if v, ok := get(p); ok {
				if f, ok := length(v); ok && f <= -2000 {
					set(&st.block, "offscreen", p)
					break
				}
			}
		}
	}
	if v, ok := get("transform"); ok && st.block == nil && strings.Contains(v, "translate") {
		if i := strings.IndexByte(v, '('); i >= 0 {
			args := strings.FieldsFunc(strings.TrimRight(v[i+1:], ") "), func(r rune) bool { return r == ',' || r == ' ' })
			for _, x := range args {
				if f, ok := length(x); ok && f <= -2000 {
					set(&st.block, "offscreen", "transform")
					break
				}
			}
		}
	}
	// zero or clipped boxes
	if st.block == nil {
		ov := ""
		for _, p := range []string{"overflow", "overflow-x", "overflow-y"} {
			if v, ok := get(p); ok && (v == "hidden" || v == "clip") {
				ov = v
			}
		}
		small := func(p string) bool {
			if v, ok := get(p); ok {
				f, ok := length(v)
				return ok && f <= 1
			}
			return false
		}
		if ov != "" && (small("height") || small("width") || small("max-height") || small("max-width")) {
			set(&st.block, "zero-size", "height", "width", "max-height", "max-width", "overflow")
		}
	}
	if st.block == nil && (pos == "absolute" || pos == "fixed") {
		if v, ok := get("clip"); ok && strings.HasPrefix(v, "rect(") {
			zero := true
			for _, x := range strings.FieldsFunc(strings.TrimSuffix(v[5:], ")"), func(r rune) bool { return r == ',' || r == ' ' }) {
				if f, ok := length(x); !ok || f > 1 {
					zero = false
				}
			}
			if zero {
				set(&st.block, "clipped", "clip")
			}
		}
	}
	if v, ok := get("clip-path"); ok && st.block == nil {
		if strings.Contains(v, "inset(50%") || strings.Contains(v, "inset(100%") || strings.Contains(v, "circle(0") {
			set(&st.block, "clipped", "clip-path")
		}
	}
	if n.tag == "marquee" && st.block == nil {
		tiny := func(attr, prop string) bool {
			if v, ok := get(prop); ok {
				f, ok := length(v)
				return ok && f <= 5
			}
			f, ok := htmlLength(n.attrs[attr])
			return ok && f <= 5
		}
		if tiny("height", "height") || tiny("width", "width") {
			set(&st.block, "marquee", "height", "width")
		}
	}
	// inherited, can be undone below
	if v, ok := get("visibility"); ok {
		switch v {
		case "hidden", "collapse":
			set(&st.vis, "visibility-hidden", "visibility")
		case "visible":
			st.vis = nil
		}
	}
	if v, ok := get("font-size"); ok {
		if f, ok := length(v); ok && f <= 1 {
			set(&st.font, "zero-font", "font-size")
		} else if v != "inherit" {
			st.font = nil
		}
	}
	if v, ok := get("text-indent"); ok {
		f, ok := length(v)
		_, hasBgImage := get("background-image")
		bg, _ := get("background")
		imageReplacement := hasBgImage || strings.Contains(bg, "url(")
		switch {
		case ok && f <= -900 && !imageReplacement:
			set(&st.indent, "text-indent", "text-indent")
		case ok && f <= -900:
			// image replacement (a logo): the box stays visible
			st.indent = nil
		default:
			st.indent = nil
		}
	}
	// colours
	if v, ok := get("color"); ok {
		if r, g, b, ok := colour(v); ok {
			st.color, st.colorK = [3]float64{r, g, b}, true
		}
	}
	for _, p := range []string{"background-color", "background"} {
		if v, ok := get(p); ok {
			if r, g, b, ok := backgroundColour(v); ok {
				st.bg, st.bgK = [3]float64{r, g, b}, true
			} else if strings.Contains(v, "url(") || strings.Contains(v, "gradient") {
				st.bgK = false // an image behind: contrast unknown
			}
		}
	}
	a.memo[n] = st
	return st
}
