// Package e2e holds vanthu's real-browser end-to-end tests: they build the
// vanthu binary, run `vanthu serve` on a temporary archive and drive a
// headless Debian Chromium (through chromedp) through the Vietnamese web UI
// the way a văn thư would — upload a born-digital PDF and a scan, watch the
// progress, open and correct a document, search without diacritics, update
// the checklist, download the XLSX and iCalendar exports, register the
// document in the incoming register and export the register — at desktop
// and phone widths and with the keyboard.
//
// The package has no non-test code. Run it with
//
//	go test ./internal/e2e/ -v
//
// It needs /usr/bin/chromium (the test is skipped without it, and fails
// when CI=true) and Tesseract with Vietnamese data for the scanned document.
// Full-page screenshots of every visited page are written to
// $VANTHU_ARTIFACTS when set (a relative path is taken from this package's
// directory), else to a temporary directory whose path the test logs; the
// downloaded exports are saved next to them.
package e2e
