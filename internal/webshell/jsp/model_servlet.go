package jsp

import "strings"

// servletModel is the request, session and servlet-context API: where attacker input comes from.
func (a *analysis) servletModel(c *callCtx) (*value, bool) {
	rv := c.recv
	switch c.name {
	case "getParameter", "getParameterValues", "getParameterMap", "getParameterNames", "getQueryString",
		"getCookies", "getParts", "getPart", "getHeader", "getHeaders", "getHeaderNames":
		if rv.has(kSession|kApp|kURL|kFile|kUserObj) || c.recvIs("config", "application") {
			break
		}
		if len(c.args) == 0 && (c.name == "getParameter" || c.name == "getHeader" || c.name == "getPart") {
			break
		}
		return a.source(c), true
	case "getInputStream", "getReader":
		switch {
		case rv.has(kReq):
			return a.source(c), true
		case rv.has(kSocket | kURL):
			return &value{t: taint{bits: bitRemote, src: a.point(c.line, "network input: "+render(c.e))}, open: true}, true
		case rv.has(kProcess):
			return &value{open: true}, true
		case rv.has(kFile):
			return &value{kinds: kFileIn, inner: rv.inner, open: true}, true
		}
	case "getRequest":
		return &value{kinds: kReq, open: true}, true
	case "getSession":
		return &value{kinds: kSession, open: true}, true
	case "getServletContext":
		return &value{kinds: kApp, open: true}, true
	case "getOut", "getWriter", "getOutputStream":
		switch {
		case rv.has(kResp | kPageCtx):
			return &value{kinds: kOut, open: true}, true
		case rv.has(kSocket):
			return &value{kinds: kSockOut, open: true}, true
		case rv.has(kProcess):
			return &value{kinds: kProcIn, open: true}, true
		}
	case "getAttribute", "getValue":
		if c.name == "getValue" && c.recvIs("Ognl") {
			return a.evalSink(c, c.arg(0), "Ognl.getValue"), true
		}
		if rv.has(kSession|kApp|kReq|kPageCtx) || c.recvIs("session", "application", "request", "pageContext") {
			return a.attrGet(c), true
		}
	case "setAttribute", "putValue":
		if len(c.args) >= 2 && (rv.has(kSession|kApp|kReq|kPageCtx) || c.recvIs("session", "application", "request", "pageContext")) {
			a.attrSet(c)
			return &value{}, true
		}
	case "getRealPath":
		x := c.argsJoin(0)
		r := &value{t: x.taint(), open: x.isOpen()}
		for _, s := range x.stringsOf() {
			r.strs = append(r.strs, "{webroot}"+s)
		}
		r.t.flags |= fWebroot
		return r, true
	case "getRequestDispatcher":
		if len(c.args) > 0 {
			a.sink("include", c.line, c.what("request"), c.arg(0), nil)
		}
		return &value{open: true}, true
	case "include", "forward":
		if rv.has(kPageCtx) && len(c.args) > 0 {
			a.sink("include", c.line, c.what("pageContext"), c.arg(0), nil)
			return &value{}, true
		}
	}
	return nil, false
}

// source is a call returning request input.
func (a *analysis) source(c *callCtx) *value {
	what := "request." + c.name + "()"
	if c.e != nil {
		what = render(c.e)
	}
	v := &value{t: taint{bits: bitRequest, src: a.point(c.line, what)}, open: true}
	switch c.name {
	case "getPart", "getParts":
		v.kinds |= kUpload
		v.t.flags |= fUpload
	case "getParameter":
		if p := c.arg(0); p.isConst() {
			name := strings.ToLower(p.strs[0])
			if len(name) == 2 && name[0] == 'z' && name[1] >= '0' && name[1] <= '9' {
				a.tr.zParams[name] = true
			}
		}
	}
	return v
}

// argTaint is an argument's taint; the request object itself passed to
// a library call (a multipart parser, a helper reading parameters)
// yields request data.
func (a *analysis) argTaint(x *value, c *callCtx) taint {
	t := x.taint()
	if x.has(kReq) && t.bits&bitRequest == 0 {
		t = joinTaint(t, taint{bits: bitRequest, src: a.point(c.line, "request passed to "+c.name+"()")})
	}
	return t
}

// attrSet stores a value in the session/application/request attributes.
func (a *analysis) attrSet(c *callCtx) {
	key := "*"
	if k := c.arg(0); k.isConst() {
		key = k.strs[0]
	}
	v := c.arg(1)
	if v.has(kDefined) {
		a.tr.sessionClass = c.line
	}
	if v.isConst() && isHexKey(v.strs[0]) {
		a.tr.hexKey = c.line
	}
	old, ok := a.attrs[key]
	var nv *value
	if ok {
		nv = join(old, v)
	} else {
		nv = v
		if nv == nil {
			nv = &value{open: true}
		}
	}
	if !ok || nv.sig(0) != old.sig(0) {
		a.changed = true
	}
	a.attrs[key] = nv
}

func (a *analysis) attrGet(c *callCtx) *value {
	k := c.arg(0)
	var r *value
	if k.isConst() {
		r = a.attrs[k.strs[0]]
		if w, ok := a.attrs["*"]; ok {
			r = joinHit(r, w)
		}
	} else {
		for _, v := range a.attrs {
			r = joinHit(r, v)
		}
	}
	if k.taint().bits != 0 {
		r = addTaint(r, k)
	}
	if r == nil {
		return &value{open: true}
	}
	r = r.clone()
	r.open = true
	return r
}
