package webtest

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/yingji/yingji/internal/web/render"
)

var (
	browserOnce sync.Once
	browser     *render.Browser
	browserErr  error
)

// Browser returns the Chromium shared by the tests of one test binary,
// rendering parallel pages at once (the first caller's value). Without
// Chromium the test fails when $CI is set (CI installs it) and is skipped
// otherwise. TestMain calls CloseBrowser after the tests.
func Browser(t testing.TB, parallel int) *render.Browser {
	t.Helper()
	browserOnce.Do(func() {
		browser, browserErr = render.NewBrowser(context.Background(), render.BrowserOptions{Parallel: parallel})
	})
	if browserErr != nil {
		if errors.Is(browserErr, render.ErrNoChromium) && os.Getenv("CI") == "" {
			t.Skipf("no Chromium (install chromium to run the render tests): %v", browserErr)
		}
		t.Fatalf("starting Chromium: %v", browserErr)
	}
	return browser
}

// CloseBrowser stops the shared browser, if one was started.
func CloseBrowser() {
	if browser != nil {
		browser.Close()
	}
}
