// Package render loads a web page in headless Chromium, as a visitor's
// browser would, and reports what the rendered page really shows: every
// link and frame with its computed visibility (display, visibility and
// opacity through the ancestors, zero or off-document boxes, clipping by
// clip, clip-path and overflow of the ancestors, zero font size, colour
// contrast against the effective background, occlusion found by hit
// testing), the elements written by scripts, the requests the page tried,
// the final URL, the title, console errors and a screenshot. Judge turns
// a Page into darklink hits.
//
// The page is attacker-controlled, so the browser is kept off the
// network: every host name except the site's resolves to nothing
// (--host-resolver-rules), everything that is not the site goes to a
// proxy that is a local sink (WebSockets and IP literals too), and every
// request passes through Fetch interception, which records it and fails
// it unless it is for the page's own host (or is fulfilled from
// Options.Remote in tests). Each render runs in a fresh browser context
// (no cookies shared between profiles) and is bounded in time and in the
// number of elements, requests and bytes read.
package render

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/yingji/yingji/internal/report"
	"github.com/yingji/yingji/internal/web/darklink"
)

//go:embed collect.js
var collectJS string

//go:embed observe.js
var observeJS string

//go:embed stealth.js
var stealthJS string

// User agents of the built-in profiles. They name no headless browser, so
// a page that serves spam only to real visitors serves it to the render.
const (
	DesktopUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
	MobileUA  = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
)

// Defaults of Options.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultSettle      = 3 * time.Second // ≥3 s: deferred injections (M24) fire after 2.5 s
	DefaultMaxElements = 2000
)

const (
	maxRequests = 1000
	maxConsole  = 50
	maxSource   = 4 << 20
	maxText     = 20000
	maxRemote   = 1 << 20
	maxNav      = 20
)

// ErrNoChromium is returned (wrapped) when no browser is installed.
var ErrNoChromium = report.ErrNoChromium

// Options of one render.
type Options struct {
	// UserAgent overrides the browser's; "" means DesktopUA (or MobileUA
	// when Mobile).
	UserAgent string
	// Mobile emulates a phone: a 390×844 viewport, touch, a mobile
	// viewport meta and mobile client hints.
	Mobile bool
	// Referer is sent with the navigation under the unsafe-url policy, so
	// that document.referrer is the full search URL.
	Referer string
	// Timeout bounds the whole render (DefaultTimeout).
	Timeout time.Duration
	// Settle is how long to wait after the load event, moving the mouse,
	// before reading the page (DefaultSettle; negative means none).
	Settle time.Duration
	// MaxElements bounds the links and frames read (DefaultMaxElements).
	MaxElements int
	// AllowHosts are hosts besides the page's own that requests may reach
	// (they must also be among BrowserOptions.Hosts to resolve).
	AllowHosts []string
	// Remote is a directory of stand-in bodies for blocked requests,
	// Remote/<host>/<path> (index.html for "/"), for tests of pages that
	// load a remote payload (M24); requests without a file there fail.
	Remote string
	// NoScreenshot skips the PNG screenshot.
	NoScreenshot bool
}

// Element is a link or frame of the rendered page.
type Element struct {
	Tag  string // a, area, iframe, frame, embed, object
	URL  string // resolved href or src
	Raw  string // the attribute as written
	Host string // host of URL ("" when not http(s))
	Text string // anchor text, title and image alt (bounded)
	// Box in document coordinates, CSS pixels.
	X, Y, W, H float64
	// Hidden says how the element is hidden: display-none, hidden-attr,
	// visibility-hidden, opacity-zero, offscreen, text-indent, zero-size,
	// zero-font, clipped, marquee, low-contrast, occluded; "" when visible.
	Hidden string
	// Container indexes Page.Containers: the element that hides it.
	Container int
	// Injected: the element is not in the served HTML, or was added after
	// the load event (Late).
	Injected bool
	Late     bool
	Contrast float64 // text contrast ratio against the background (0 when not computed)
	Cover    float64 // fraction of the viewport the box covers
	Z        int     // z-index
	// OccludedBy describes the element on top of it.
	OccludedBy string
}

// Container is an element that hides links, with its text.
type Container struct {
	Desc string // tag#id.class
	Text string // text content (bounded)
	// Widget: it is (or sits in) a menu, tab, modal, banner … that hides
	// content on purpose.
	Widget bool
}

// Request is a request the page attempted.
type Request struct {
	URL    string
	Host   string
	Type   string // Document, Script, Fetch, XHR, Image …
	Main   bool   // a navigation of the main frame
	Status int    // response status for allowed document requests
	// Blocked: the request went to another host and was not let through;
	// Fulfilled: it was answered from Options.Remote instead.
	Blocked   bool
	Fulfilled bool
}

// Page is a rendered page.
type Page struct {
	URL      string // requested
	FinalURL string // the last main-frame navigation (also when it was blocked)
	Title    string
	Status   int // HTTP status of the first document response
	// Source is the main document as served (bounded), for telling
	// script-written elements from parsed ones.
	Source      []byte
	Elements    []Element
	Containers  []Container
	Truncated   bool     // more elements than MaxElements
	LateCount   int      // elements added after the load event
	LateSamples []string // their HTML (bounded)
	Requests    []Request
	Navigations []string // main-frame navigations in order, first is the page
	Console     []string // exceptions and console errors (bounded)
	Text        string   // visible text (innerText, bounded)
	Viewport    [2]float64
	Screenshot  []byte // PNG of the viewport
	Options     Options
	Elapsed     time.Duration
}

// BrowserOptions configure a Browser.
type BrowserOptions struct {
	// Chromium is the browser's path; "" finds it as the PDF report does
	// ($YINGJI_CHROMIUM, then chromium, google-chrome … on $PATH).
	Chromium string
	// Hosts are the only names the browser resolves and reaches directly
	// (the site's hosts). IP literals such as 127.0.0.1 need no entry.
	Hosts []string
	// Parallel bounds the pages rendered at once (default 2).
	Parallel int
}

// Browser is a running headless Chromium that renders pages, each in its
// own browser context. It is safe for concurrent use.
type Browser struct {
	ctx         context.Context
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	dir         string
	sem         chan struct{}
	sink        net.Listener
	escapes     atomic.Int64
	hosts       []string
	closeOnce   sync.Once
}

// NewBrowser starts Chromium. Close it when done.
func NewBrowser(ctx context.Context, opt BrowserOptions) (*Browser, error) {
	bin := opt.Chromium
	if bin == "" {
		var err error
		if bin, err = report.FindChromium(); err != nil {
			return nil, err
		}
	}
	dir, err := os.MkdirTemp("", "yingji-render-")
	if err != nil {
		return nil, err
	}
	// The proxy is a local sink: whatever is not the site (a WebSocket, an
	// IP literal, anything Fetch interception does not see) connects here
	// and is closed at once; the count shows up in Escapes.
	sink, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	b := &Browser{dir: dir, sink: sink, hosts: normHosts(opt.Hosts)}
	go func() {
		for {
			c, err := sink.Accept()
			if err != nil {
				return
			}
			b.escapes.Add(1)
			c.Close()
		}
	}()
	par := opt.Parallel
	if par <= 0 {
		par = 2
	}
	b.sem = make(chan struct{}, par)

	rules := "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"
	bypass := []string{"127.0.0.1", "localhost", "[::1]"}
	for _, h := range b.hosts {
		rules += ", EXCLUDE " + h
		bypass = append(bypass, h)
	}
	flags := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("host-resolver-rules", rules),
		chromedp.Flag("proxy-server", "http://"+sink.Addr().String()),
		chromedp.Flag("proxy-bypass-list", strings.Join(bypass, ";")),
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		// Pages must not see automation (navigator.webdriver).
		chromedp.Flag("enable-automation", false),
		chromedp.Flag("disable-blink-features", "AutomationControlled"),
		chromedp.Flag("js-flags", "--max-old-space-size=256"),
		chromedp.Flag("no-sandbox", os.Geteuid() == 0), // the sandbox cannot run as root
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.WithoutCancel(ctx), flags...)
	bctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(func(string, ...any) {}))
	b.ctx, b.cancel, b.allocCancel = bctx, cancel, allocCancel
	if err := chromedp.Do(bctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("render: starting %s: %w", bin, err)
	}
	return b, nil
}

// Escapes is the number of connections that tried to leave through the
// sink proxy (requests to hosts that are not the site's and were not
// stopped earlier).
func (b *Browser) Escapes() int64 { return b.escapes.Load() }

// Close stops the browser and removes its profile.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		if b.cancel != nil {
			b.cancel()
		}
		if b.allocCancel != nil {
			b.allocCancel() // waits for the browser to exit
		}
		b.sink.Close()
		os.RemoveAll(b.dir)
	})
	return nil
}

func normHosts(hs []string) []string {
	var out []string
	for _, h := range hs {
		h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
		if h != "" && !strings.ContainsAny(h, ", ;") {
			out = append(out, h)
		}
	}
	return out
}

// session is the state of one render shared with the event handlers.
type session struct {
	opt      Options
	pageHost string
	allow    []string
	mainID   cdp.FrameID

	mu      sync.Mutex
	page    *Page
	queue   []*fetch.EventRequestPaused
	wake    chan struct{}
	loaded  chan struct{}
	loadOne sync.Once
}

// Render loads rawURL under opt and reads the rendered page.
func (b *Browser) Render(ctx context.Context, rawURL string, opt Options) (*Page, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("render: %q is not an http(s) URL", rawURL)
	}
	host := strings.ToLower(u.Hostname())
	if _, err := netip.ParseAddr(host); err != nil && host != "localhost" && !contains(b.hosts, host) {
		return nil, fmt.Errorf("render: host %s is not among the browser's hosts", host)
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.Settle == 0 {
		opt.Settle = DefaultSettle
	}
	if opt.MaxElements <= 0 {
		opt.MaxElements = DefaultMaxElements
	}
	if opt.UserAgent == "" {
		opt.UserAgent = DesktopUA
		if opt.Mobile {
			opt.UserAgent = MobileUA
		}
	}
	select {
	case b.sem <- struct{}{}:
		defer func() { <-b.sem }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	start := time.Now()

	tctx, cancelTab := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	defer cancelTab()
	tctx, cancelTime := context.WithTimeout(tctx, opt.Timeout)
	defer cancelTime()
	stop := context.AfterFunc(ctx, cancelTime)
	defer stop()

	s := &session{opt: opt, pageHost: host, allow: normHosts(opt.AllowHosts),
		page: &Page{URL: rawURL, Options: opt}, wake: make(chan struct{}, 1), loaded: make(chan struct{})}
	if err := chromedp.Listen(tctx, s.event); err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	go s.serve(tctx)

	if err := chromedp.Do(tctx, chromedp.Func(s.setup)); err != nil {
		return nil, fmt.Errorf("render: setting up the tab: %w", err)
	}
	nav, err := chromedp.Call(tctx, page.Navigate, page.NavigateParams{URL: rawURL, Referrer: opt.Referer,
		ReferrerPolicy: page.ReferrerPolicyUnsafeURL})
	if err != nil {
		return nil, fmt.Errorf("render: loading %s: %w", rawURL, err)
	}
	// A navigation that failed because it was redirected to a blocked
	// host is a finding, not an error: the page is read as it is.
	if nav.ErrorText != "" && s.sourceLen() == 0 && !s.redirectedAway() {
		return nil, fmt.Errorf("render: loading %s: %s", rawURL, nav.ErrorText)
	}
	// Wait for the load event, but not for ever: a page that never
	// finishes loading is still read.
	loadWait := time.NewTimer(opt.Timeout / 2)
	select {
	case <-s.loaded:
	case <-loadWait.C:
	case <-tctx.Done():
	}
	loadWait.Stop()
	if opt.Settle > 0 {
		s.settle(tctx)
	}
	if err := s.collect(tctx); err != nil {
		return nil, fmt.Errorf("render: reading %s: %w", rawURL, err)
	}
	if !opt.NoScreenshot {
		shot, err := chromedp.Call(tctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
		if err == nil {
			s.mu.Lock()
			s.page.Screenshot = shot.Data
			s.mu.Unlock()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.page
	s.finish(p)
	p.Elapsed = time.Since(start)
	// The tab is going; the handlers must not touch the page any more.
	s.page = &Page{}
	return p, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// setup runs before the navigation: interception, emulation and the
// scripts every new document gets.
func (s *session) setup(ctx context.Context, t *chromedp.Target) error {
	if _, err := cdp.Call(ctx, t, page.Enable, page.EnableParams{}); err != nil {
		return err
	}
	if _, err := cdp.Call(ctx, t, runtime.Enable, cdp.Empty{}); err != nil {
		return err
	}
	if _, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		return err
	}
	tree, err := cdp.Call(ctx, t, page.GetFrameTree, cdp.Empty{})
	if err != nil {
		return err
	}
	s.mainID = tree.FrameTree.Frame.ID
	if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: stealthJS}); err != nil {
		return err
	}
	if _, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: observeJS, WorldName: worldName}); err != nil {
		return err
	}
	ua := emulation.SetUserAgentOverrideParams{UserAgent: s.opt.UserAgent, AcceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8", Platform: "Win32"}
	metrics := emulation.SetDeviceMetricsOverrideParams{Width: 1366, Height: 768, DeviceScaleFactor: 1}
	if s.opt.Mobile {
		ua.Platform = "Linux armv8l"
		ua.UserAgentMetadata = &emulation.UserAgentMetadata{Platform: "Android", PlatformVersion: "13", Model: "Pixel 7", Mobile: true,
			Brands: []*emulation.UserAgentBrandVersion{{Brand: "Chromium", Version: "124"}, {Brand: "Google Chrome", Version: "124"}}}
		metrics = emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 2, Mobile: true}
	}
	if _, err := cdp.Call(ctx, t, emulation.SetUserAgentOverride, ua); err != nil {
		return err
	}
	if _, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, metrics); err != nil {
		return err
	}
	if s.opt.Mobile {
		if _, err := cdp.Call(ctx, t, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5}); err != nil {
			return err
		}
	}
	return nil
}

const worldName = "yingji"

// event runs in the tab's read loop: it must not block or call commands.
func (s *session) event(ev any) {
	switch e := ev.(type) {
	case *fetch.EventRequestPaused:
		s.mu.Lock()
		s.queue = append(s.queue, e)
		s.mu.Unlock()
		select {
		case s.wake <- struct{}{}:
		default:
		}
	case *page.EventLoadEventFired:
		s.loadOne.Do(func() { close(s.loaded) })
	case *runtime.EventExceptionThrown:
		if e.ExceptionDetails != nil {
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil && e.ExceptionDetails.Exception.Description != "" {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			s.console(msg)
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			var parts []string
			for _, a := range e.Args {
				if a == nil {
					continue
				}
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				}
			}
			s.console("console.error: " + strings.Join(parts, " "))
		}
	}
}

func (s *session) console(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.page.Console) < maxConsole {
		s.page.Console = append(s.page.Console, darklink.Clip(msg, 300))
	}
}

// redirectedAway reports a main-frame navigation to another host.
func (s *session) redirectedAway() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.page.Navigations {
		if h := darklink.HostOf(n); h != "" && h != s.pageHost {
			return true
		}
	}
	return false
}

func (s *session) sourceLen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.page.Source)
}

// serve answers the paused requests until the tab ends.
func (s *session) serve(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		}
		for {
			s.mu.Lock()
			if len(s.queue) == 0 {
				s.mu.Unlock()
				break
			}
			e := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			s.answer(ctx, e)
		}
	}
}

// answer lets a request to the page's host through (and reads the main
// document's response), and records and fails or fulfils every other one.
func (s *session) answer(ctx context.Context, e *fetch.EventRequestPaused) {
	rawURL := ""
	if e.Request != nil {
		rawURL = e.Request.URL
	}
	host := darklink.HostOf(rawURL)
	main := e.ResourceType == network.ResourceTypeDocument && e.FrameID == s.mainID
	response := e.ResponseStatusCode != 0 || e.ResponseErrorReason != ""
	if response {
		s.readDocument(ctx, e)
		return
	}
	req := Request{URL: darklink.Clip(rawURL, 2048), Host: host, Type: string(e.ResourceType), Main: main}
	if main {
		s.mu.Lock()
		if len(s.page.Navigations) < maxNav {
			s.page.Navigations = append(s.page.Navigations, req.URL)
		}
		s.mu.Unlock()
	}
	if host == "" || host == s.pageHost || contains(s.allow, host) {
		// data:, blob: and the site itself.
		s.record(req)
		intercept := main
		_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: e.RequestID, InterceptResponse: &intercept})
		return
	}
	req.Blocked = true
	if body, typ, ok := s.remote(rawURL); ok {
		req.Fulfilled = true
		s.record(req)
		_, _ = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: e.RequestID, ResponseCode: 200,
			ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: typ}, {Name: "Access-Control-Allow-Origin", Value: "*"}},
			Body:            body})
		return
	}
	s.record(req)
	_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
}

func (s *session) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.page.Requests) < maxRequests {
		s.page.Requests = append(s.page.Requests, r)
	}
}

// readDocument keeps the first main-document response body and status.
func (s *session) readDocument(ctx context.Context, e *fetch.EventRequestPaused) {
	s.mu.Lock()
	need := s.page.Status == 0
	if need {
		s.page.Status = int(e.ResponseStatusCode)
	}
	s.mu.Unlock()
	if need && e.ResponseStatusCode >= 200 && e.ResponseStatusCode < 300 {
		if body, err := chromedp.Call(ctx, fetch.GetResponseBody, fetch.GetResponseBodyParams{RequestID: e.RequestID}); err == nil {
			b := body.Body
			if len(b) > maxSource {
				b = b[:maxSource]
			}
			s.mu.Lock()
			s.page.Source = b
			s.mu.Unlock()
		}
	} else if e.ResponseStatusCode >= 300 && e.ResponseStatusCode < 400 {
		// A redirect: the next hop pauses again and is judged by host.
		s.mu.Lock()
		s.page.Status = 0
		s.mu.Unlock()
	}
	_, _ = chromedp.Call(ctx, fetch.ContinueResponse, fetch.ContinueResponseParams{RequestID: e.RequestID})
}

// remote finds the stand-in body of a blocked request in Options.Remote.
func (s *session) remote(rawURL string) ([]byte, string, bool) {
	if s.opt.Remote == "" {
		return nil, "", false
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, "", false
	}
	p := path.Clean("/" + u.Path)
	if strings.HasSuffix(u.Path, "/") || p == "/" {
		p = path.Join(p, "index.html")
	}
	// path.Clean of a rooted path cannot climb above the root, and the
	// host has no slashes, so the file stays inside Remote.
	h := darklink.HostOf(rawURL)
	if h == "" || strings.ContainsAny(h, `/\`) || h == ".." {
		return nil, "", false
	}
	f := filepath.Join(s.opt.Remote, h, filepath.FromSlash(p))
	st, err := os.Stat(f)
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxRemote {
		return nil, "", false
	}
	b, err := os.ReadFile(f)
	if err != nil {
		return nil, "", false
	}
	typ := mime.TypeByExtension(filepath.Ext(f))
	if typ == "" {
		typ = "text/plain; charset=utf-8"
	}
	return b, typ, true
}

// settle waits opt.Settle after the load event, moving the mouse across
// the page now and then: some injections wait for the first mousemove.
func (s *session) settle(ctx context.Context) {
	w, h := 1366.0, 768.0
	if s.opt.Mobile {
		w, h = 390, 844
	}
	steps := 4
	for i := 0; i < steps; i++ {
		x := w * float64(i+1) / float64(steps+1)
		y := h * float64(steps-i) / float64(steps+1)
		_, _ = chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{Type: input.DispatchMouseEventTypeMouseMoved, X: x, Y: y})
		t := time.NewTimer(s.opt.Settle / time.Duration(steps))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// collected is what collect.js returns.
type collected struct {
	URL      string     `json:"url"`
	Title    string     `json:"title"`
	Viewport [2]float64 `json:"viewport"`
	Elements []struct {
		Tag        string  `json:"tag"`
		URL        string  `json:"url"`
		Raw        string  `json:"raw"`
		Text       string  `json:"text"`
		X          float64 `json:"x"`
		Y          float64 `json:"y"`
		W          float64 `json:"w"`
		H          float64 `json:"h"`
		Hidden     string  `json:"hidden"`
		By         int     `json:"by"`
		Late       bool    `json:"late"`
		Contrast   float64 `json:"contrast"`
		Cover      float64 `json:"cover"`
		Z          int     `json:"z"`
		OccludedBy string  `json:"occludedBy"`
	} `json:"elements"`
	Containers []struct {
		Desc   string `json:"desc"`
		Text   string `json:"text"`
		Widget bool   `json:"widget"`
	} `json:"containers"`
	Text        string   `json:"text"`
	Truncated   bool     `json:"truncated"`
	LateCount   int      `json:"lateCount"`
	LateSamples []string `json:"lateSamples"`
}

// collect runs collect.js in yingji's isolated world of the main frame:
// the page's scripts cannot redefine the functions it calls.
func (s *session) collect(ctx context.Context) error {
	var out string
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		w, err := cdp.Call(ctx, t, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: s.mainID, WorldName: worldName})
		if err != nil {
			return err
		}
		expr := fmt.Sprintf("(%s)(%d, %d)", collectJS, s.opt.MaxElements, maxText)
		byValue := true
		r, err := cdp.Call(ctx, t, runtime.Evaluate, runtime.EvaluateParams{Expression: expr, ContextID: w.ExecutionContextID,
			ReturnByValue: &byValue, Timeout: runtime.TimeDelta(10000)})
		if err != nil {
			return err
		}
		if r.ExceptionDetails != nil {
			return errors.New(r.ExceptionDetails.Text)
		}
		if r.Result == nil {
			return errors.New("no result")
		}
		return json.Unmarshal(r.Result.Value, &out)
	}))
	if err != nil {
		return err
	}
	var c collected
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.page
	p.Title, p.Text, p.Truncated, p.Viewport = darklink.Clip(c.Title, 300), c.Text, c.Truncated, c.Viewport
	p.LateCount, p.LateSamples = c.LateCount, c.LateSamples
	if len(p.Navigations) == 0 {
		p.FinalURL = c.URL
	}
	for _, k := range c.Containers {
		p.Containers = append(p.Containers, Container{Desc: k.Desc, Text: k.Text, Widget: k.Widget})
	}
	for _, e := range c.Elements {
		by := e.By
		if by >= len(p.Containers) {
			by = -1
		}
		p.Elements = append(p.Elements, Element{Tag: e.Tag, URL: e.URL, Raw: e.Raw, Host: darklink.HostOf(e.URL), Text: e.Text,
			X: e.X, Y: e.Y, W: e.W, H: e.H, Hidden: e.Hidden, Container: by, Late: e.Late, Contrast: e.Contrast,
			Cover: e.Cover, Z: e.Z, OccludedBy: e.OccludedBy})
	}
	return nil
}

// finish derives what needs the whole page: the final URL and which
// elements scripts wrote.
func (s *session) finish(p *Page) {
	if n := len(p.Navigations); n > 0 {
		p.FinalURL = p.Navigations[n-1]
	}
	src := string(p.Source)
	for i := range p.Elements {
		e := &p.Elements[i]
		e.Injected = e.Late || (src != "" && e.Raw != "" && !inSource(src, e.Raw))
	}
}

// inSource reports whether an attribute value appears in the served HTML,
// as written or with the usual entity and slash escapes.
func inSource(src, raw string) bool {
	if strings.Contains(src, raw) {
		return true
	}
	for _, v := range []string{strings.ReplaceAll(raw, "&", "&amp;"), strings.ReplaceAll(raw, "/", `\/`)} {
		if strings.Contains(src, v) {
			return true
		}
	}
	return false
}
