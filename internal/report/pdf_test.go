package report

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// needTool returns the path of a program the test needs. Without it the
// test is skipped on a developer's machine, but fails in CI (CI set), where
// the script installs it: a skipped test there would hide a broken PDF.
func needTool(t *testing.T, find func() (string, error), name string) string {
	t.Helper()
	p, err := find()
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is missing: %v", name, err)
	}
	t.Skipf("%s is missing (%v); install it with apt-get install chromium fonts-noto-cjk poppler-utils", name, err)
	return ""
}

func needChromium(t *testing.T) string {
	return needTool(t, FindChromium, "chromium")
}

func needPdftotext(t *testing.T) string {
	return needTool(t, func() (string, error) { return exec.LookPath("pdftotext") }, "pdftotext")
}

// TestHTMLInChromium opens the HTML report in headless Chromium: the page
// must log no error and throw no exception, every section must be there,
// and the charts must have a size.
func TestHTMLInChromium(t *testing.T) {
	bin := needChromium(t)
	for _, lang := range renderLangs {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "report.html")
			if err := os.WriteFile(file, []byte(renderHTML(t, sampleReport(lang))), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, browserFlags(bin, filepath.Join(dir, "profile"))...)
			defer cancelAlloc()
			tabCtx, cancelTab := chromedp.NewContext(allocCtx)
			defer cancelTab()

			// Start the browser and subscribe before loading the page, so
			// no message is lost.
			if err := chromedp.Do(tabCtx); err != nil {
				t.Fatal(err)
			}
			msgs := chromedp.Console(tabCtx)
			u := url.URL{Scheme: "file", Path: file}
			if err := chromedp.Do(tabCtx, chromedp.Navigate(u.String())); err != nil {
				t.Fatal(err)
			}

			type box struct {
				Class         string
				Width, Height float64
			}
			var state struct {
				Sections []string
				Charts   []box
				Title    string
				Scripts  int
			}
			var err error
			state.Sections, err = chromedp.Run(tabCtx, chromedp.Evaluate[[]string](
				`Array.from(document.querySelectorAll("section[id]")).map(s => s.id)`))
			if err != nil {
				t.Fatal(err)
			}
			state.Charts, err = chromedp.Run(tabCtx, chromedp.Evaluate[[]box](
				`Array.from(document.querySelectorAll("svg.chart")).map(s => { const r = s.getBoundingClientRect(); return {Class: s.classList[1], Width: r.width, Height: r.height} })`))
			if err != nil {
				t.Fatal(err)
			}
			if state.Title, err = chromedp.Run(tabCtx, chromedp.Title()); err != nil {
				t.Fatal(err)
			}
			// A probe error, logged last: seeing it proves the console is
			// being read, and marks the end of the page's own messages.
			if err := chromedp.Do(tabCtx, chromedp.Evaluate[chromedp.Void](`console.error("yingji-probe")`)); err != nil {
				t.Fatal(err)
			}

			sawProbe := false
			for m, err := range msgs {
				if err != nil {
					t.Fatalf("reading the console: %v", err)
				}
				if m.Text == "yingji-probe" {
					sawProbe = true
					break
				}
				switch m.Type {
				case chromedp.ConsoleError, chromedp.ConsoleException, chromedp.ConsoleWarning:
					t.Errorf("console %s", m)
				default:
					t.Logf("console %s", m)
				}
			}
			if !sawProbe {
				t.Fatal("the probe error never reached the console reader")
			}

			if strings.Join(state.Sections, ",") != strings.Join(sectionIDs, ",") {
				t.Errorf("sections in the DOM: %q, want %q", state.Sections, sectionIDs)
			}
			if !strings.Contains(state.Title, sampleReport(lang).Customer) {
				t.Errorf("document title %q", state.Title)
			}
			want := map[string]bool{"severity-chart": false, "timeline-chart": false, "chain-chart": false}
			for _, c := range state.Charts {
				if c.Width < 100 || c.Height < 50 {
					t.Errorf("chart %s is %.0f×%.0f", c.Class, c.Width, c.Height)
				}
				want[c.Class] = true
			}
			for c, seen := range want {
				if !seen {
					t.Errorf("chart %s not in the DOM", c)
				}
			}
		})
	}
}

// TestPDF prints the Chinese sample and reads its text back: the title and
// the customer in Chinese prove that a CJK font was found and embedded.
func TestPDF(t *testing.T) {
	needChromium(t)
	pdftotext := needPdftotext(t)
	// Leftovers of the PDF's temporary directory would show here.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)

	for _, lang := range renderLangs {
		t.Run(lang, func(t *testing.T) {
			r := sampleReport(lang)
			var b bytes.Buffer
			start := time.Now()
			if err := DefaultTemplates().PDF(context.Background(), &b, r, PDFOptions{}); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s PDF: %d bytes in %v", lang, b.Len(), time.Since(start).Round(time.Millisecond))
			if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
				t.Fatalf("not a PDF: %q", b.Bytes()[:min(16, b.Len())])
			}
			file := filepath.Join(t.TempDir(), "report.pdf")
			if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if out := os.Getenv("YINGJI_REPORT_SAMPLE_DIR"); out != "" {
				os.WriteFile(filepath.Join(out, "sample-"+lang+".pdf"), b.Bytes(), 0o644)
			}
			text, err := exec.Command(pdftotext, "-layout", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			// Layout mode may space out or wrap CJK text; compare without
			// white space.
			flat := strings.Join(strings.Fields(string(text)), "")
			wants := []string{titleEnSuffix, sampleCustomerEn, "CONFIDENTIAL", "Appendices", "Page1of"}
			if lang == LangZh {
				wants = []string{titleZhSuffix, sampleCustomer, "机密", "附录", "安全优化建议", "第1页/共"}
			}
			for _, want := range wants {
				if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
					t.Errorf("PDF text lacks %q", want)
				}
			}
			pages := strings.Count(string(text), "\f")
			if pages < 8 {
				t.Errorf("%d pages; each of the nine sections starts a page", pages)
			}
		})
	}
	left, _ := filepath.Glob(filepath.Join(tmp, "yingji-pdf-*"))
	if len(left) > 0 {
		t.Errorf("temporary directories left behind: %q", left)
	}
}

func TestNoChromium(t *testing.T) {
	t.Setenv("YINGJI_CHROMIUM", "")
	t.Setenv("PATH", t.TempDir())
	if _, err := FindChromium(); !errors.Is(err, ErrNoChromium) {
		t.Fatalf("FindChromium without a browser: %v", err)
	}
	var b bytes.Buffer
	err := DefaultTemplates().PDF(context.Background(), &b, sampleReport(LangZh), PDFOptions{})
	if !errors.Is(err, ErrNoChromium) || b.Len() != 0 {
		t.Fatalf("PDF without a browser: %v, %d bytes", err, b.Len())
	}
	for _, want := range []string{"PDF skipped", "no Chromium", "apt-get install chromium fonts-noto-cjk"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q should say %q", err, want)
		}
	}

	// $YINGJI_CHROMIUM names the browser, and a wrong one is reported.
	t.Setenv("YINGJI_CHROMIUM", "/nonexistent/chromium")
	if _, err := FindChromium(); !errors.Is(err, ErrNoChromium) || !strings.Contains(err.Error(), "/nonexistent/chromium") {
		t.Errorf("bad $YINGJI_CHROMIUM: %v", err)
	}
}

func TestBrowserFlags(t *testing.T) {
	// The flags that keep a report off the network must be there; check
	// the command line Chromium would get by running a fake browser.
	dir := t.TempDir()
	fake := filepath.Join(dir, "chromium")
	args := filepath.Join(dir, "args")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + "\nexit 1\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := PrintPDF(context.Background(), []byte("<p>x</p>"), "", "", PDFOptions{Chromium: fake, Timeout: 10 * time.Second})
	if err == nil {
		t.Fatal("a browser that exits at once should be an error")
	}
	got, rerr := os.ReadFile(args)
	if rerr != nil {
		t.Fatalf("fake browser did not run: %v (PDF error %v)", rerr, err)
	}
	line := string(got)
	for _, want := range []string{"--headless", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir="} {
		if !strings.Contains(line, want) {
			t.Errorf("browser flags lack %q:\n%s", want, line)
		}
	}
	if (os.Geteuid() == 0) != strings.Contains(line, "--no-sandbox") {
		t.Errorf("--no-sandbox must be given exactly when running as root:\n%s", line)
	}
}
