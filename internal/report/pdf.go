package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/chromedp"
)

// ErrNoChromium is returned (wrapped) by PDF and FindChromium when no
// Chromium or Chrome is installed: the PDF is skipped and the caller still
// writes the HTML.
var ErrNoChromium = errors.New("PDF skipped: no Chromium found; install it with `apt-get install chromium fonts-noto-cjk` (or set $YINGJI_CHROMIUM to a Chrome binary)")

// DefaultPDFTimeout bounds one PDF rendering, start of Chromium included.
const DefaultPDFTimeout = 60 * time.Second

// PDFOptions configure PDF. The zero value finds Chromium itself and
// waits DefaultPDFTimeout.
type PDFOptions struct {
	Chromium string        // the browser's path; "" means FindChromium
	Timeout  time.Duration // 0 means DefaultPDFTimeout
}

// chromiumNames are looked up on $PATH, in this order, after
// $YINGJI_CHROMIUM.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"}

// FindChromium returns the path of the browser PDF uses: $YINGJI_CHROMIUM
// when set, otherwise the first of chromium, chromium-browser and
// google-chrome on $PATH (Debian's /usr/bin/chromium first). The error
// wraps ErrNoChromium.
func FindChromium() (string, error) {
	if p := os.Getenv("YINGJI_CHROMIUM"); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("%w: $YINGJI_CHROMIUM=%s: %v", ErrNoChromium, p, err)
		}
		return p, nil
	}
	for _, n := range chromiumNames {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// PDF renders the report to HTML with t and prints it to w as an A4 PDF
// with headless Chromium, with the report's title in the header and page
// numbers in the footer. Without a browser it returns an error wrapping
// ErrNoChromium and writes nothing.
func (t *Templates) PDF(ctx context.Context, w io.Writer, r *Report, opt PDFOptions) error {
	var page bytes.Buffer
	if err := t.HTML(&page, r); err != nil {
		return err
	}
	v := NewView(r)
	l := v.L
	// Chromium renders these in the page margins with a default font size
	// of 0, so the size and the font must be given here.
	const style = `font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;font-size:8px;color:#666;width:100%;margin:0 16mm;`
	header := fmt.Sprintf(`<div style="%sdisplay:flex;justify-content:space-between"><span>%s</span><span>%s</span></div>`,
		style, html.EscapeString(v.Title), html.EscapeString(l.Confidential))
	footer := fmt.Sprintf(`<div style="%stext-align:center">%s<span class="pageNumber"></span>%s<span class="totalPages"></span>%s</div>`,
		style, html.EscapeString(l.PageBefore), html.EscapeString(l.PageOf), html.EscapeString(l.PageAfter))
	pdf, err := PrintPDF(ctx, page.Bytes(), header, footer, opt)
	if err != nil {
		return err
	}
	_, err = w.Write(pdf)
	return err
}

// PrintPDF prints an HTML page to an A4 PDF with headless Chromium.
// header and footer are Chromium's print templates (HTML with the classes
// pageNumber, totalPages, title, date); "" leaves the margin empty.
//
// The browser runs with a fresh profile in a temporary directory, which is
// removed afterwards, and with every host name resolving to nothing, so a
// report can never make it reach the network.
func PrintPDF(ctx context.Context, page []byte, header, footer string, opt PDFOptions) ([]byte, error) {
	bin := opt.Chromium
	if bin == "" {
		var err error
		if bin, err = FindChromium(); err != nil {
			return nil, err
		}
	}
	timeout := opt.Timeout
	if timeout <= 0 {
		timeout = DefaultPDFTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	dir, err := os.MkdirTemp("", "yingji-pdf-")
	if err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	profile := filepath.Join(dir, "profile")

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, browserFlags(bin, profile)...)
	// cancelAlloc waits for the browser to exit, so the profile is no
	// longer in use when the deferred RemoveAll runs.
	defer cancelAlloc()
	// chromedp logs protocol errors to the standard logger; they are noise
	// beside the error returned here, and would interleave with the CLI's
	// output.
	tabCtx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithErrorf(func(string, ...any) {}))
	defer cancelTab()

	if header == "" {
		header = "<span></span>"
	}
	if footer == "" {
		footer = "<span></span>"
	}
	u := url.URL{Scheme: "file", Path: file}
	if err := chromedp.Do(tabCtx, chromedp.Navigate(u.String())); err != nil {
		return nil, fmt.Errorf("PDF: loading the report in %s: %w", bin, err)
	}
	pdf, err := chromedp.Run(tabCtx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFMargins(0.75, 0.6, 0.75, 0.6),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(header),
		chromedp.PDFFooterTemplate(footer),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFStream(),
	))
	if err != nil {
		return nil, fmt.Errorf("PDF: printing with %s: %w", bin, err)
	}
	// Close the browser now, while the context still has time, rather than
	// by cancellation; then the profile can go.
	if err := chromedp.Cancel(tabCtx); err != nil && !errors.Is(err, context.Canceled) {
		return nil, fmt.Errorf("PDF: closing %s: %w", bin, err)
	}
	return pdf, nil
}

// browserFlags are the browser's options: chromedp's defaults (headless,
// no first run, no background networking, no sync, no extensions …) plus
// what keeps a report off the network and the profile fresh.
func browserFlags(bin, profile string) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.UserDataDir(profile),
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		// Chromium's sandbox cannot run as root; as any other user it
		// stays on.
		chromedp.Flag("no-sandbox", os.Geteuid() == 0),
	)
	return opts
}
