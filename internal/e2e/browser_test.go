package e2e

// A headless Chromium tab driven with chromedp, with the helpers the flow
// needs: navigation that checks the HTTP status, DOM polling, full-page
// screenshots, the phone-width overflow check, downloads and the console.

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

const (
	desktopW, desktopH = 1280, 900
	phoneW, phoneH     = 360, 740
)

type tab struct {
	t         *testing.T
	ctx       context.Context // the tab's chromedp context (no deadline)
	base      string          // server URL
	shots     string          // screenshot directory
	downloads string          // download directory
	n         int             // screenshots taken
	width     int             // current viewport width

	mu      sync.Mutex
	console []chromedp.ConsoleMessage

	contrastSeen map[string]bool // low-contrast findings already reported
}

// newTab starts Chromium with a fresh profile and opens one tab at desktop
// width. Everything is closed when the test ends.
func newTab(t *testing.T, base, shots string) *tab {
	t.Helper()
	tmp := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.WindowSize(desktopW, desktopH),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	b := &tab{t: t, ctx: ctx, base: base, shots: shots, downloads: filepath.Join(tmp, "downloads"), width: desktopW}
	if err := os.MkdirAll(b.downloads, 0o755); err != nil {
		t.Fatal(err)
	}
	// The first Do starts the browser; it must not carry a deadline.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:      browser.SetDownloadBehaviorBehaviorAllowAndName,
		DownloadPath:  b.downloads,
		EventsEnabled: new(true),
	}); err != nil {
		t.Fatalf("Browser.setDownloadBehavior: %v", err)
	}
	b.desktop()
	return b
}

// do runs actions with a time limit and fails the test on error.
func (b *tab) do(what string, d time.Duration, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, d)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression and decodes its value.
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.fatalf("evaluate %q: %v", short(expr, 120), err)
	}
	return v
}

// waitJS polls until the expression is truthy.
func (b *tab) waitJS(what, expr string, d time.Duration) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, d+5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		b.fatalf("waiting for %s (%s): %v", what, short(expr, 160), err)
	}
}

// fatalf saves a screenshot of the current state, then fails.
func (b *tab) fatalf(format string, args ...any) {
	b.t.Helper()
	b.shotQuiet("LOI")
	loc := ""
	if ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second); true {
		loc, _ = chromedp.Run(ctx, chromedp.Location())
		cancel()
	}
	b.t.Fatalf("%s (trang: %s)", fmt.Sprintf(format, args...), loc)
}

// open navigates to a path of the site and checks the page answered 200.
func (b *tab) open(path string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.fatalf("opening %s: %v", path, err)
	}
	if resp.Status != 200 {
		b.fatalf("GET %s: HTTP %d", path, resp.Status)
	}
}

// clickNav clicks an element that leads to another page (a link, or a form
// button whose POST redirects) and waits for that page; it checks the final
// response is 200.
func (b *tab) clickNav(what string, sel chromedp.CSS) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(sel, chromedp.NodeVisible))
	if err != nil {
		b.fatalf("%s: click %s: %v", what, sel, err)
	}
	if resp == nil || resp.Status != 200 {
		st := 0
		if resp != nil {
			st = int(resp.Status)
		}
		b.fatalf("%s: page after clicking %s answered HTTP %d", what, sel, st)
	}
}

// path is the current location's path and query.
func (b *tab) path() string {
	b.t.Helper()
	loc := eval[string](b, `location.pathname + location.search`)
	return loc
}

// text is the visible text of the first element matching a CSS selector
// ("" when there is none).
func (b *tab) text(sel string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`(function(){var e=document.querySelector(%q);return e?e.innerText:""})()`, sel))
}

func (b *tab) desktop() {
	b.t.Helper()
	b.do("desktop viewport", 10*time.Second, chromedp.EmulateViewport(desktopW, desktopH))
	b.width = desktopW
}

func (b *tab) phone() {
	b.t.Helper()
	b.do("phone viewport", 10*time.Second, chromedp.EmulateViewport(phoneW, phoneH, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait))
	b.width = phoneW
}

// shot saves a full-page PNG named NN-name-WIDTH.png, after checking the
// page's text contrast.
func (b *tab) shot(name string) string {
	b.t.Helper()
	b.checkContrast(name)
	file, err := b.capture(name)
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	return file
}

func (b *tab) shotQuiet(name string) {
	if _, err := b.capture(name); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
	}
}

func (b *tab) capture(name string) (string, error) {
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return "", err
	}
	b.n++
	file := filepath.Join(b.shots, fmt.Sprintf("%02d-%s-%d.png", b.n, name, b.width))
	return file, os.WriteFile(file, buf, 0o644)
}

// overflow describes the elements sticking out to the right of the viewport
// ("" when the page fits: scrollWidth <= viewport width + 1).
type overflowInfo struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	ClientWidth int      `json:"clientWidth"`
	Culprits    []string `json:"culprits"`
}

const overflowJS = `(function(){
  var de = document.documentElement, vw = de.clientWidth, out = [];
  function scroller(s) { return s.overflowX !== "visible"; }
  // clipped reports whether a scroll container (or one hiding overflow)
  // keeps e from widening the page. An absolutely positioned element is
  // only clipped by a container at or above its containing block.
  function clipped(e) {
    var pos = getComputedStyle(e).position;
    if (pos === "fixed") return false;
    var abs = pos === "absolute";
    for (var p = e.parentElement; p && p !== de; p = p.parentElement) {
      var s = getComputedStyle(p);
      if (abs) {
        if (s.position === "static") continue;
        abs = false;
      }
      if (scroller(s)) return true;
    }
    return false;
  }
  var all = document.body.querySelectorAll("*");
  for (var i = 0; i < all.length && out.length < 6; i++) {
    var e = all[i], r = e.getBoundingClientRect();
    if (r.right <= vw + 1 || (r.width === 0 && r.height === 0 && getComputedStyle(e).position !== "absolute")) continue;
    if (clipped(e)) continue;
    var cls = typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "";
    var d = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + cls + (e.getAttribute("for") ? "[for=" + e.getAttribute("for") + "]" : "");
    out.push(d + " (position " + getComputedStyle(e).position + ", right " + Math.round(r.right) + " px)");
  }
  return {scrollWidth: de.scrollWidth, innerWidth: window.innerWidth, clientWidth: vw, culprits: out};
})()`

// checkNoOverflow asserts the page does not scroll sideways at the current
// (phone) width.
func (b *tab) checkNoOverflow(page string) {
	b.t.Helper()
	o := eval[overflowInfo](b, overflowJS)
	if o.ScrollWidth > o.InnerWidth+1 || o.ScrollWidth > b.width+1 {
		b.t.Errorf("%s at %d px: horizontal overflow: scrollWidth %d > innerWidth %d (clientWidth %d); widest elements: %s",
			page, b.width, o.ScrollWidth, o.InnerWidth, o.ClientWidth, strings.Join(o.Culprits, "; "))
	}
}

// download clicks a link that the server answers with an attachment and
// returns the saved file's content and suggested name.
func (b *tab) download(what string, sel chromedp.CSS) (data []byte, name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	begin := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx, chromedp.Click(sel, chromedp.NodeVisible)); err != nil {
		b.fatalf("%s: click %s: %v", what, sel, err)
	}
	var guid string
	for ev, err := range begin {
		if err != nil {
			b.fatalf("%s: no download started after clicking %s: %v", what, sel, err)
		}
		guid, name = ev.GUID, ev.SuggestedFilename
		break
	}
	for ev, err := range progress {
		if err != nil {
			b.fatalf("%s: download %s did not finish: %v", what, name, err)
		}
		if ev.GUID != guid {
			continue
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			b.fatalf("%s: download %s was cancelled", what, name)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
	}
	data, err := os.ReadFile(filepath.Join(b.downloads, guid))
	if err != nil {
		b.fatalf("%s: reading the downloaded file: %v", what, err)
	}
	if dst := filepath.Join(b.shots, name); name != "" {
		_ = os.WriteFile(dst, data, 0o644) // keep exports next to the screenshots
	}
	return data, name
}

// consoleProblems returns the uncaught exceptions and console/browser-log
// errors seen so far, and the other warnings.
func (b *tab) consoleProblems() (errs, warns []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		line := fmt.Sprintf("[%s %s] %s (%s:%d)", m.Type, m.Source, m.Text, m.URL, m.Line+1)
		switch {
		case m.IsException(), m.Type == chromedp.ConsoleError:
			errs = append(errs, line)
		case m.Type == chromedp.ConsoleWarning:
			warns = append(warns, line)
		}
	}
	return errs, warns
}

func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func q(s string) string { return url.QueryEscape(s) }

// contrastJS lists visible text whose colour contrast with its background is
// below WCAG AA for normal text (4.5:1), as "element: ratio (fg on bg)".
const contrastJS = `(function(){
  function parse(c) {
    var m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) return null;
    var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function lum(c) {
    function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  }
  function bg(e) {
    for (; e; e = e.parentElement) {
      var c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a >= 0.9) return c;
      if (getComputedStyle(e).backgroundImage !== "none") return null;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  }
  function hex(c) { return "#" + [c.r, c.g, c.b].map(function (v) { return ("0" + Math.round(v).toString(16)).slice(-2); }).join(""); }
  var out = [], all = document.body.querySelectorAll("*");
  for (var i = 0; i < all.length; i++) {
    var e = all[i];
    var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (!own) continue;
    var r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (r.width < 2 || r.height < 2 || s.visibility === "hidden" || r.bottom < 0 || parseFloat(s.opacity) < 0.1) continue;
    if (s.clipPath && s.clipPath !== "none") continue; // visually hidden
    var fg = parse(s.color), b = bg(e);
    if (!fg || !b || fg.a < 0.9) continue;
    var l1 = lum(fg), l2 = lum(b), ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    var large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && parseInt(s.fontWeight, 10) >= 700);
    if (ratio >= (large ? 3 : 4.5)) continue;
    var cls = typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "";
    var par = e.parentElement, pcls = par && typeof par.className === "string" && par.className.trim() ? "." + par.className.trim().split(/\s+/)[0] : "";
    out.push((par ? par.tagName.toLowerCase() + pcls + " > " : "") + e.tagName.toLowerCase() + cls + " “" + e.textContent.trim().slice(0, 30) + "”: " +
      ratio.toFixed(2) + ":1 (" + hex(fg) + " on " + hex(b) + ")");
  }
  return out;
})()`

// checkContrast reports text below WCAG AA contrast, once per element kind.
func (b *tab) checkContrast(page string) {
	b.t.Helper()
	for _, c := range eval[[]string](b, contrastJS) {
		key := c
		if i := strings.Index(c, " “"); i > 0 {
			key = c[:i] + c[strings.LastIndex(c, "”"):]
		}
		if b.contrastSeen == nil {
			b.contrastSeen = map[string]bool{}
		}
		if b.contrastSeen[key] {
			continue
		}
		b.contrastSeen[key] = true
		b.t.Errorf("%s at %d px: low text contrast: %s", page, b.width, c)
	}
}
