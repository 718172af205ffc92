package e2e

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The subject typed into the edit form, and the same words typed without
// diacritics into the search box. None of these words occur in the
// generated documents, so only the correction can make the search hit.
const (
	newSubject  = "V/v quản lý đảng viên tạm vắng tại các khu công nghiệp"
	searchQuery = "dang vien tam vang khu cong nghiep"
	taskNote    = "Đã báo cáo Ban Thường vụ"
	recipient   = "Ban Tổ chức Huyện ủy"
)

func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("VANTHU_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// jobRow is one row of the upload page's progress list.
type jobRow struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Stage  string `json:"stage"`
	Value  int    `json:"value"`
	Href   string `json:"href"`
}

const jobRowsJS = `Array.prototype.map.call(document.querySelectorAll("#job-list li.job"), function (li) {
  var a = li.querySelector(".result a"), p = li.querySelector("progress");
  return {name: (li.querySelector(".name") || {}).textContent || "", status: li.getAttribute("data-status") || "",
    stage: (li.querySelector(".stage") || {}).textContent || "", value: p ? Math.round(p.value) : -1,
    href: a ? a.getAttribute("href") : ""};
})`

// focusInfo describes document.activeElement and how its focus is drawn.
type focusInfo struct {
	Desc         string `json:"desc"`
	ID           string `json:"id"`
	FocusVisible bool   `json:"focusVisible"`
	Outline      string `json:"outline"`
	OutlineWidth string `json:"outlineWidth"`
	BoxShadow    string `json:"boxShadow"`
	Top          int    `json:"top"`
	Bottom       int    `json:"bottom"`
	Visible      bool   `json:"visible"`
}

const focusJS = `(function(){
  var e = document.activeElement;
  if (!e || e === document.body) return {desc: "body"};
  var s = getComputedStyle(e), r = e.getBoundingClientRect();
  var d = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.getAttribute("href") ? "[href=" + e.getAttribute("href") + "]" : "");
  var txt = (e.innerText || e.value || "").trim().slice(0, 30);
  if (txt) d += " “" + txt + "”";
  return {desc: d, id: e.id || "", focusVisible: e.matches(":focus-visible"), outline: s.outlineStyle,
    outlineWidth: s.outlineWidth, boxShadow: s.boxShadow, top: Math.round(r.top), bottom: Math.round(r.bottom),
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth};
})()`

func (f focusInfo) drawn() bool {
	return (f.Outline != "none" && f.OutlineWidth != "0px" && f.OutlineWidth != "") || (f.BoxShadow != "" && f.BoxShadow != "none")
}

func TestBrowserEndToEnd(t *testing.T) {
	if skipReason != "" {
		t.Skip(skipReason)
	}
	start := time.Now()
	ocrOK := true
	if _, err := exec.LookPath("tesseract"); err != nil {
		if inCI() {
			t.Fatal("tesseract is not installed (CI=true): the scanned document needs OCR")
		}
		ocrOK = false
		t.Log("tesseract is not installed: the scanned document is not uploaded (apt-get install tesseract-ocr tesseract-ocr-vie)")
	}

	shots := artifactsDir(t)
	t.Logf("screenshots and downloaded exports: %s", shots)

	today := time.Now()
	textDoc, scanDoc, err := makeDocs(today)
	if err != nil {
		t.Fatalf("generating the test documents: %v", err)
	}
	upDir := t.TempDir()
	upload := []*testDoc{textDoc}
	if ocrOK {
		upload = append(upload, scanDoc)
	}
	var paths []string
	for _, d := range upload {
		p := filepath.Join(upDir, d.File)
		if err := os.WriteFile(p, d.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}

	srv := startServer(t)
	b := newTab(t, srv.URL, shots)
	t.Logf("server and browser up after %v", time.Since(start).Round(time.Millisecond))

	// ---- Đăng nhập (when the accounts feature is on) ------------------------
	b.open("/")
	user := "văn thư"
	if p := b.path(); strings.HasPrefix(p, "/dang-nhap") {
		user = adminUser
		form := `form[action^="/dang-nhap"]`
		b.shot("dang-nhap")
		sizes := eval[[]int](b, `[document.querySelector('`+form+` input[name="ten"]').offsetHeight,
			document.querySelector('`+form+` input[name="mat_khau"]').offsetHeight,
			document.querySelector('`+form+` input[name="ten"]').offsetWidth,
			document.querySelector('`+form+` input[name="mat_khau"]').offsetWidth]`)
		if len(sizes) == 4 && (sizes[0] != sizes[1] || sizes[2] != sizes[3]) {
			t.Errorf("login form: the password box is %dx%d px, the name box %dx%d px; they should look alike",
				sizes[3], sizes[1], sizes[2], sizes[0])
		}
		b.phone()
		b.checkNoOverflow("dang-nhap")
		b.shot("dang-nhap")
		b.desktop()
		b.do("đăng nhập", 15*time.Second,
			chromedp.SendKeys(chromedp.CSS(form+` input[name="ten"]`), adminUser, chromedp.NodeVisible),
			chromedp.SendKeys(chromedp.CSS(form+` input[name="mat_khau"]`), adminPass, chromedp.NodeVisible),
		)
		b.clickNav("đăng nhập", chromedp.CSS(form+` button[type="submit"]`))
		if p := b.path(); p != "/" {
			b.fatalf("after logging in: at %s, want /", p)
		}
		t.Log("logged in through /dang-nhap")
	} else if p != "/" {
		b.fatalf("GET / ended at %s", p)
	}
	if h := b.text("h1"); h != "Tổng quan" {
		t.Errorf("dashboard heading %q, want Tổng quan", h)
	}
	b.shot("tong-quan-trong")

	// ---- Tải lên, theo dõi tiến độ ----------------------------------------------
	b.clickNav("menu Tải lên", chromedp.CSS(`.site-nav a[href="/tai-len"]`))
	if cur := eval[string](b, `(document.querySelector('.site-nav a[aria-current="page"]')||{}).textContent||""`); cur != "Tải lên" {
		t.Errorf("upload page: current nav entry %q, want Tải lên", cur)
	}
	b.shot("tai-len")
	b.do("chọn tệp để tải lên", 15*time.Second,
		chromedp.SetUploadFiles(chromedp.CSS(`#upload-form input[type="file"]`), paths))
	seen := map[string]map[string]bool{} // file -> stages seen
	var midShot bool
	var rows []jobRow
	deadline := time.Now().Add(75 * time.Second)
	for {
		rows = eval[[]jobRow](b, jobRowsJS)
		final := len(rows) == len(upload)
		for _, r := range rows {
			if seen[r.Name] == nil {
				seen[r.Name] = map[string]bool{}
			}
			seen[r.Name][r.Stage] = true
			if r.Status != "done" && r.Status != "failed" && r.Status != "duplicate" {
				final = false
			}
		}
		if !final && !midShot && len(rows) > 0 {
			midShot = true
			b.shot("tai-len-dang-xu-ly")
		}
		if final {
			break
		}
		if time.Now().After(deadline) {
			b.fatalf("uploads not finished after 75 s: %+v", rows)
		}
		time.Sleep(150 * time.Millisecond)
	}
	b.shot("tai-len-xong")
	t.Logf("uploads finished after %v", time.Since(start).Round(time.Millisecond))
	docURL := map[string]string{} // file -> /van-ban/ID
	rowIndex := map[string]int{}
	for i, r := range rows {
		t.Logf("upload row %q: stages seen %q", r.Name, keys(seen[r.Name]))
		if r.Status != "done" || r.Stage != "Hoàn thành" || r.Value != 100 || !strings.HasPrefix(r.Href, "/van-ban/") {
			t.Errorf("upload row %q: status %q, stage %q, progress %d, link %q; want done, Hoàn thành, 100, /van-ban/…",
				r.Name, r.Status, r.Stage, r.Value, r.Href)
			continue
		}
		docURL[r.Name] = r.Href
		rowIndex[r.Name] = i
	}
	for _, d := range upload {
		if docURL[d.File] == "" {
			b.fatalf("no finished upload row with a document link for %s: %+v", d.File, rows)
		}
	}
	if ocrOK {
		// The scan takes seconds of OCR: its row must have shown a stage
		// reported by the server (not just the browser's "sending") before
		// finishing.
		inter := false
		for st := range seen[scanDoc.File] {
			if st != "Hoàn thành" && st != "" && !strings.HasPrefix(st, "Đang gửi tệp") {
				inter = true
			}
		}
		if !inter {
			t.Errorf("the scan's progress row showed only %q: no processing stage between sending and Hoàn thành", keys(seen[scanDoc.File]))
		}
		ocrShown := false
		for st := range seen[scanDoc.File] {
			ocrShown = ocrShown || strings.Contains(st, "OCR")
		}
		if !ocrShown {
			// Not an error: the OCR stage is only reported after a page is done,
			// so a one-page scan may never show it (see the package report).
			t.Logf("note: the scan's row never showed the OCR stage while it was being recognised")
		}
	}
	if got := eval[string](b, `(document.getElementById("upload-status")||{}).textContent||""`); !strings.Contains(got, "Hoàn thành") {
		t.Errorf("upload page: the live region #upload-status says %q, want the finished file announced", got)
	}
	textURL := docURL[textDoc.File]

	// ---- Văn bản: trang, ảnh trang, các trường ------------------------------------
	b.clickNav("liên kết Xem văn bản", chromedp.CSS(fmt.Sprintf(`#job-list li.job:nth-child(%d) .result a`, rowIndex[textDoc.File]+1)))
	if p := b.path(); p != textURL {
		t.Errorf("the upload row's link led to %s, want %s", p, textURL)
	}
	checkDocPage(t, b, textDoc)
	b.shot("van-ban")

	// ---- Sửa trích yếu ------------------------------------------------------
	b.do("mở Sửa thông tin", 10*time.Second,
		chromedp.Click(chromedp.CSS(`details#sua > summary`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(`#sua textarea[name="subject"]`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#sua textarea[name="subject"]').value = ""`),
		chromedp.SendKeys(chromedp.CSS(`#sua textarea[name="subject"]`), newSubject),
	)
	if v := eval[string](b, `document.querySelector('#sua textarea[name="subject"]').value`); v != newSubject {
		t.Errorf("typed subject reads back %q, want %q", v, newSubject)
	}
	b.shot("van-ban-sua")
	b.clickNav("Lưu chỉnh sửa", chromedp.CSS(`#sua form button[type="submit"]`))
	if p := b.path(); !strings.HasPrefix(p, textURL) {
		t.Errorf("after saving: at %s, want %s", p, textURL)
	}
	if msg := b.text(`.msg.ok`); !strings.Contains(msg, "Đã lưu chỉnh sửa") {
		t.Errorf("after saving: confirmation %q, want Đã lưu chỉnh sửa", msg)
	}
	if got := fieldValue(b, "Trích yếu"); got != newSubject {
		t.Errorf("after saving: field Trích yếu shows %q, want %q", got, newSubject)
	}
	if got := b.text(`h1 + p.muted`); got != newSubject {
		t.Errorf("after saving: subject under the heading %q, want %q", got, newSubject)
	}
	hist := eval[[][]string](b, `Array.prototype.map.call(document.querySelectorAll('section[aria-labelledby="h-history"] tbody tr'), function (tr) {
		return Array.prototype.map.call(tr.cells, function (c) { return c.innerText.trim(); }); })`)
	found := false
	for _, r := range hist {
		if len(r) >= 4 && r[1] == "Trích yếu" && r[2] == newSubject && r[3] == user {
			found = true
		}
	}
	if !found {
		t.Errorf("history table has no row [time, Trích yếu, %q, %q]: %q", newSubject, user, hist)
	}
	b.shot("van-ban-da-sua")

	// ---- Tìm kiếm bằng bàn phím, gõ không dấu ----------------------------------
	b.open("/tim-kiem")
	b.shot("tim-kiem")
	var path []string
	var noRing []string
	reached := false
	for i := 0; i < 30 && !reached; i++ {
		b.do("Tab", 5*time.Second, chromedp.KeyEvent(kb.Tab))
		f := eval[focusInfo](b, focusJS)
		path = append(path, f.Desc)
		if f.Desc == "body" {
			continue
		}
		if !f.drawn() {
			noRing = append(noRing, fmt.Sprintf("%s (outline %s %s, box-shadow %s)", f.Desc, f.Outline, f.OutlineWidth, f.BoxShadow))
		}
		if !f.Visible {
			t.Errorf("keyboard: focused element %s is off screen (top %d, bottom %d)", f.Desc, f.Top, f.Bottom)
		}
		if i == 0 {
			if !strings.Contains(f.Desc, "#noi-dung") {
				t.Errorf("keyboard: first Tab stop is %s, want the skip link to #noi-dung", f.Desc)
			}
			b.shot("tim-kiem-tab-dau")
		}
		if f.ID == "q" {
			reached = true
			if !f.FocusVisible {
				t.Errorf("keyboard: the focused search box does not match :focus-visible")
			}
			if !f.drawn() {
				t.Errorf("keyboard: the focused search box has no visible focus style (outline %s %s, box-shadow %s)", f.Outline, f.OutlineWidth, f.BoxShadow)
			}
		}
	}
	t.Logf("keyboard: Tab order to the search box: %s", strings.Join(path, " → "))
	if !reached {
		b.fatalf("keyboard: the search box was not reached with 30 Tab presses: %s", strings.Join(path, " → "))
	}
	for _, s := range noRing {
		t.Errorf("keyboard: focused element without a visible focus style: %s", s)
	}
	b.do("gõ từ khóa", 15*time.Second, chromedp.KeyEvent(searchQuery))
	b.shot("tim-kiem-go-phim")
	ctxResp, cancel := waitCtx(b.ctx, 20*time.Second)
	resp, err := chromedp.RunResponse(ctxResp, chromedp.KeyEvent(kb.Enter))
	cancel()
	if err != nil || resp.Status != 200 {
		b.fatalf("pressing Enter in the search box: resp %v, err %v", resp, err)
	}
	u, err := url.Parse(eval[string](b, `location.href`))
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/tim-kiem" || u.Query().Get("q") != searchQuery {
		t.Errorf("search URL %s: want /tim-kiem?q=%s", u, q(searchQuery))
	}
	if v := eval[string](b, `document.getElementById("q").value`); v != searchQuery {
		t.Errorf("the search box on the results page holds %q, want %q", v, searchQuery)
	}
	hits := eval[[]string](b, `Array.prototype.map.call(document.querySelectorAll("ol.hits li.hit h3 a"), function (a) { return a.getAttribute("href"); })`)
	if len(hits) == 0 || hits[0] != textURL {
		b.fatalf("search %q: hits %q, want %s first (heading: %q)", searchQuery, hits, textURL, b.text("#h-results"))
	}
	if h := b.text("ol.hits li.hit"); !strings.Contains(h, "27-CV/HU") || !strings.Contains(h, "tạm vắng") {
		t.Errorf("first hit %q: want the number 27-CV/HU and the corrected subject", h)
	}
	if m := eval[int](b, `document.querySelectorAll("ol.hits li.hit mark").length`); m == 0 {
		t.Errorf("search %q: the hit highlights no word (<mark>)", searchQuery)
	}
	b.shot("tim-kiem-ket-qua")
	searchPath := b.path()

	// ---- Danh sách nhiệm vụ ------------------------------------------------------
	b.clickNav("kết quả tìm kiếm", chromedp.CSS(`ol.hits li.hit h3 a`))
	b.clickNav("Danh sách nhiệm vụ", chromedp.CSS(`.doc-original a[href$="/nhiem-vu"]`))
	checklistURL := textURL + "/nhiem-vu"
	if p := b.path(); p != checklistURL {
		t.Errorf("checklist link led to %s, want %s", p, checklistURL)
	}
	tasks := taskRows(b)
	if len(tasks) != len(textDoc.Tasks) {
		b.fatalf("checklist: %d task rows, want %d: %q", len(tasks), len(textDoc.Tasks), tasks)
	}
	for i, want := range textDoc.Tasks {
		r := tasks[i]
		if len(r) < 7 || !strings.Contains(r[2], want.Lead) || !strings.Contains(r[3], want.Support) || !strings.Contains(r[4], viShort(want.Deadline)) {
			t.Errorf("checklist row %d: %q; want lead %q, support %q, deadline %s", i+1, r, want.Lead, want.Support, viShort(want.Deadline))
		}
	}
	b.shot("nhiem-vu")
	b.do("đánh dấu nhiệm vụ 1 hoàn thành", 10*time.Second,
		chromedp.SetValue(chromedp.CSS(`#tt-0`), "done"),
		chromedp.SendKeys(chromedp.CSS(`#gc-0`), taskNote),
	)
	b.clickNav("Cập nhật nhiệm vụ 1", chromedp.CSS(`#nv-0 form button[type="submit"]`))
	if msg := b.text(`.msg.ok`); !strings.Contains(msg, "Đã cập nhật trạng thái nhiệm vụ") {
		t.Errorf("after updating task 1: confirmation %q", msg)
	}
	if v := eval[string](b, `document.getElementById("tt-0").value`); v != "done" {
		t.Errorf("after updating task 1: its status select is %q, want done", v)
	}
	if v := eval[string](b, `document.getElementById("gc-0").value`); v != taskNote {
		t.Errorf("after updating task 1: its note is %q, want %q", v, taskNote)
	}
	if who := b.text(`#nv-0 .who`); !strings.Contains(who, user) {
		t.Errorf("after updating task 1: updated-by %q, want %q", who, user)
	}
	if v := eval[string](b, `document.getElementById("tt-1").value`); v != "open" {
		t.Errorf("task 2 status %q, want open (untouched)", v)
	}
	if h := eval[string](b, `location.hash`); h != "#nv-0" {
		t.Errorf("after updating task 1: location hash %q, want #nv-0", h)
	}
	b.shot("nhiem-vu-da-cap-nhat")

	// ---- Xuất XLSX và iCalendar ----------------------------------------------
	xl, name := b.download("xuất Excel", chromedp.CSS(`a.button[href*="format=xlsx"]`))
	t.Logf("checklist XLSX: %s, %d bytes", name, len(xl))
	checkChecklistXLSX(t, xl, textDoc)
	ical, name := b.download("xuất iCalendar", chromedp.CSS(`a.button[href*="format=ics"]`))
	t.Logf("checklist ICS: %s, %d bytes", name, len(ical))
	checkICS(t, ical, textDoc)

	// ---- Vào sổ văn bản đến ---------------------------------------------------
	b.clickNav("quay lại văn bản", chromedp.CSS(fmt.Sprintf(`main a[href="%s"]`, textURL)))
	if got := eval[string](b, `(document.querySelector('section[aria-labelledby="h-tasks"] tbody tr .badge')||{}).textContent||""`); got != "Hoàn thành" {
		t.Errorf("document page: task 1 badge %q, want Hoàn thành", got)
	}
	regYear := today.Year()
	if v := eval[string](b, `document.getElementById("ngay-den").value`); v != today.Format("2006-01-02") {
		t.Errorf("register form: Ngày đến preset to %q, want today %s", v, today.Format("2006-01-02"))
	}
	b.do("điền nơi nhận", 10*time.Second, chromedp.SendKeys(chromedp.CSS(`#nguoi-nhan`), recipient, chromedp.NodeVisible))
	b.clickNav("Vào sổ văn bản đến", chromedp.CSS(`form[action$="/dang-ky"] button[type="submit"]`))
	wantNo := fmt.Sprintf("Số đến 1/%d", regYear)
	if s := b.text(`#so-den`); !strings.Contains(s, wantNo) || !strings.Contains(s, recipient) {
		t.Errorf("after registering: register section %q, want %q and %q", short(s, 300), wantNo, recipient)
	}
	if msg := b.text(`.msg.ok`); !strings.Contains(strings.ToLower(msg), strings.ToLower(wantNo)) {
		t.Errorf("after registering: confirmation %q, want it to mention %q", msg, wantNo)
	}
	b.shot("van-ban-vao-so")

	// The scan: the right number came out of OCR; register it too.
	if ocrOK {
		scanURL := docURL[scanDoc.File]
		b.open(scanURL)
		checkDocPage(t, b, scanDoc)
		if s := b.text(`section[aria-labelledby="h-history"]`); !strings.Contains(s, "Nhận dạng ký tự (OCR)") {
			t.Errorf("scan document page does not say it was read by OCR: %q", short(s, 200))
		}
		b.shot("ban-quet")
		b.clickNav("vào sổ bản quét", chromedp.CSS(`form[action$="/dang-ky"] button[type="submit"]`))
		if s := b.text(`#so-den`); !strings.Contains(s, fmt.Sprintf("Số đến 2/%d", regYear)) {
			t.Errorf("after registering the scan: %q, want Số đến 2/%d", short(s, 200), regYear)
		}
	}

	// ---- Sổ văn bản đến và xuất XLSX ------------------------------------------
	b.clickNav("menu Sổ văn bản đến", chromedp.CSS(`.site-nav a[href="/so-den"]`))
	reg := eval[[][]string](b, `Array.prototype.map.call(document.querySelectorAll("table.register tbody tr"), function (tr) {
		return Array.prototype.map.call(tr.cells, function (c) { return c.innerText.trim(); }); })`)
	wantRows := len(upload)
	if len(reg) != wantRows {
		t.Errorf("register page: %d rows, want %d: %q", len(reg), wantRows, reg)
	}
	if len(reg) > 0 {
		var row []string
		for _, r := range reg {
			if len(r) > 3 && r[3] == "27-CV/HU" {
				row = r
			}
		}
		if row == nil || row[1] != "1" || row[0] != today.Format("02/01/2006") || !strings.Contains(row[6], recipient) {
			t.Errorf("register page: no row [%s, 1, …, 27-CV/HU, …, %s]: %q", today.Format("02/01/2006"), recipient, reg)
		}
	}
	b.shot("so-den")
	regXL, name := b.download("xuất sổ Excel", chromedp.CSS(`a.button[href^="/api/v1/register.xlsx"]`))
	t.Logf("register XLSX: %s, %d bytes", name, len(regXL))
	checkRegisterXLSX(t, regXL, today, len(upload))

	// ---- Tổng quan sau khi có văn bản ------------------------------------------
	b.clickNav("menu Tổng quan", chromedp.CSS(`.site-nav a[href="/"]`))
	if s := strings.Join(strings.Fields(b.text(".stats")), " "); !strings.Contains(s, fmt.Sprintf("%d văn bản trong kho", len(upload))) {
		t.Errorf("dashboard stats %q: want %d văn bản trong kho", s, len(upload))
	}
	open := -1 // every task of the uploaded documents but the one marked done
	for _, d := range upload {
		open += len(d.Tasks)
	}
	if s := strings.Join(strings.Fields(b.text(".stats")), " "); !strings.Contains(s, fmt.Sprintf("%d nhiệm vụ đang mở", open)) {
		t.Errorf("dashboard stats %q: want %d nhiệm vụ đang mở", s, open)
	}
	byOrg := b.text(`section[aria-labelledby="h-org"]`)
	if strings.Contains(byOrg, textDoc.Tasks[0].Lead+"\t1") || !strings.Contains(byOrg, textDoc.Tasks[1].Lead) {
		t.Errorf("dashboard open tasks by organisation %q: want %s (task 2) and not %s (its only task is done)",
			short(byOrg, 300), textDoc.Tasks[1].Lead, textDoc.Tasks[0].Lead)
	}
	b.shot("tong-quan")

	// ---- Bàn phím: cập nhật nhiệm vụ của bản quét ----------------------------------
	if ocrOK {
		b.open(docURL[scanDoc.File] + "/nhiem-vu")
		keyboardTaskUpdate(t, b)
	}

	// ---- Màn hình điện thoại 360 px ---------------------------------------------
	b.phone()
	phonePages := []struct{ name, path string }{
		{"tong-quan", "/"},
		{"tai-len", "/tai-len"},
		{"tim-kiem-ket-qua", searchPath},
		{"van-ban", textURL},
		{"nhiem-vu", checklistURL},
		{"so-den", "/so-den"},
	}
	if ocrOK {
		phonePages = append(phonePages, struct{ name, path string }{"ban-quet", docURL[scanDoc.File]})
	}
	for _, p := range phonePages {
		b.open(p.path)
		b.checkNoOverflow(p.name)
		b.shot(p.name)
	}
	// On a phone the search filters start folded so that results come first.
	b.open(searchPath)
	if open := eval[bool](b, `document.querySelector("details.facet-box").open`); open {
		t.Errorf("phone: the search filter panel is open; it should start folded")
	}
	b.desktop()

	// ---- Console -------------------------------------------------------------------
	errs, warns := b.consoleProblems()
	for _, e := range errs {
		if strings.Contains(e, "favicon.ico") {
			t.Logf("console (ignored): %s", e)
			continue
		}
		t.Errorf("browser console: %s", e)
	}
	for _, w := range warns {
		t.Logf("browser console warning: %s", w)
	}
	t.Logf("done in %v; %d screenshots in %s", time.Since(start).Round(time.Millisecond), b.n, shots)
}

// tabTo presses Tab until the element with the id has the focus, checking
// that every stop on the way is on screen and draws a focus indicator.
func tabTo(t *testing.T, b *tab, id string, max int) []string {
	t.Helper()
	var path []string
	for i := 0; i < max; i++ {
		b.do("Tab", 5*time.Second, chromedp.KeyEvent(kb.Tab))
		f := eval[focusInfo](b, focusJS)
		path = append(path, f.Desc)
		if f.Desc == "body" {
			continue
		}
		if !f.drawn() {
			t.Errorf("keyboard: focused element without a visible focus style: %s (outline %s %s, box-shadow %s)", f.Desc, f.Outline, f.OutlineWidth, f.BoxShadow)
		}
		if !f.Visible {
			t.Errorf("keyboard: focused element %s is off screen (top %d, bottom %d)", f.Desc, f.Top, f.Bottom)
		}
		if f.ID == id {
			return path
		}
	}
	b.fatalf("keyboard: #%s not reached with %d Tab presses: %s", id, max, strings.Join(path, " → "))
	return nil
}

// keyboardTaskUpdate sets task 1 of the open checklist to "Đang thực hiện"
// with the keyboard only: Tab to its status, ArrowDown, Tab to the note,
// type, Tab to "Cập nhật", Enter.
func keyboardTaskUpdate(t *testing.T, b *tab) {
	t.Helper()
	const note = "Đang triển khai"
	path := tabTo(t, b, "tt-0", 40)
	t.Logf("keyboard: %d Tab presses to the first task's status", len(path))
	b.do("ArrowDown", 5*time.Second, chromedp.KeyEvent(kb.ArrowDown))
	if v := eval[string](b, `document.getElementById("tt-0").value`); v != "in_progress" {
		t.Errorf("keyboard: ArrowDown on the status select gave %q, want in_progress", v)
		b.do("chọn trạng thái", 5*time.Second, chromedp.SetValue(chromedp.CSS("#tt-0"), "in_progress"))
	}
	b.do("Tab", 5*time.Second, chromedp.KeyEvent(kb.Tab))
	if f := eval[focusInfo](b, focusJS); f.ID != "gc-0" {
		t.Errorf("keyboard: Tab after the status went to %s, want the note #gc-0", f.Desc)
	}
	b.do("gõ ghi chú", 10*time.Second, chromedp.KeyEvent(note), chromedp.KeyEvent(kb.Tab))
	f := eval[focusInfo](b, focusJS)
	if !strings.Contains(f.Desc, "Cập nhật") {
		b.fatalf("keyboard: Tab after the note went to %s, want the Cập nhật button", f.Desc)
	}
	if !f.drawn() || !f.FocusVisible {
		t.Errorf("keyboard: the focused Cập nhật button shows no focus style (outline %s %s, box-shadow %s)", f.Outline, f.OutlineWidth, f.BoxShadow)
	}
	b.shot("nhiem-vu-ban-phim")
	ctx, cancel := waitCtx(b.ctx, 20*time.Second)
	resp, err := chromedp.RunResponse(ctx, chromedp.KeyEvent(kb.Enter))
	cancel()
	if err != nil || resp.Status != 200 {
		b.fatalf("keyboard: Enter on Cập nhật: resp %v, err %v", resp, err)
	}
	if msg := b.text(`.msg.ok`); !strings.Contains(msg, "Đã cập nhật trạng thái nhiệm vụ") {
		t.Errorf("keyboard: after Enter on Cập nhật: confirmation %q", msg)
	}
	if v := eval[string](b, `document.getElementById("tt-0").value`); v != "in_progress" {
		t.Errorf("keyboard: after the update the status is %q, want in_progress", v)
	}
	if v := eval[string](b, `document.getElementById("gc-0").value`); v != note {
		t.Errorf("keyboard: after the update the note is %q, want %q", v, note)
	}
	b.shot("nhiem-vu-ban-phim-xong")
}

// checkDocPage checks a document page: number in the heading, fields, page
// images loaded, task table.
func checkDocPage(t *testing.T, b *tab, d *testDoc) {
	t.Helper()
	if h := b.text("h1"); !strings.Contains(h, d.Number) || !strings.Contains(h, "Công văn") {
		t.Errorf("%s: heading %q, want Công văn %s", d.File, h, d.Number)
	}
	want := map[string]string{
		"Số, ký hiệu":   d.Number,
		"Ngày ban hành": d.Issued.Format("02/01/2006"),
		"Trích yếu":     d.Subject,
	}
	for label, v := range want {
		if got := fieldValue(b, label); !strings.Contains(got, v) {
			t.Errorf("%s: field %q shows %q, want %q (fields: %q)", d.File, label, got, v, fieldLabels(b))
		}
	}
	if got := eval[int](b, `document.querySelectorAll("#pages img").length`); got != 1 {
		t.Errorf("%s: %d page images, want 1", d.File, got)
	}
	b.do("cuộn đến ảnh trang", 10*time.Second, chromedp.ScrollIntoView(chromedp.CSS(`#pages img`)))
	b.waitJS(d.File+": page image loaded", `Array.prototype.every.call(document.querySelectorAll("#pages img"), function (i) { return i.complete && i.naturalWidth > 0; })`, 20*time.Second)
	if w := eval[int](b, `document.querySelector("#pages img").naturalWidth`); w < 300 {
		t.Errorf("%s: page image only %d px wide", d.File, w)
	}
	b.do("cuộn lên đầu", 5*time.Second, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	rows := eval[int](b, `document.querySelectorAll('section[aria-labelledby="h-tasks"] tbody tr').length`)
	if rows != len(d.Tasks) {
		t.Errorf("%s: task table has %d rows, want %d", d.File, rows, len(d.Tasks))
	}
}

// fieldValue is the <dd> after the <dt> labelled label in the field list.
func fieldValue(b *tab, label string) string {
	return eval[string](b, fmt.Sprintf(`(function(){
	  var dts = document.querySelectorAll("dl.fields dt");
	  for (var i = 0; i < dts.length; i++) if (dts[i].textContent.trim() === %q) {
	    var dd = dts[i].nextElementSibling; return dd ? dd.innerText.trim() : ""; }
	  return "";
	})()`, label))
}

func fieldLabels(b *tab) []string {
	return eval[[]string](b, `Array.prototype.map.call(document.querySelectorAll("dl.fields dt"), function (e) { return e.textContent.trim(); })`)
}

// taskRows are the checklist's top-level rows (id nv-N) as cell texts.
func taskRows(b *tab) [][]string {
	return eval[[][]string](b, `Array.prototype.map.call(document.querySelectorAll('tr[id^="nv-"]'), function (tr) {
		return Array.prototype.map.call(tr.cells, function (c) { return c.innerText.trim(); }); })`)
}

func checkChecklistXLSX(t *testing.T, data []byte, d *testDoc) {
	t.Helper()
	sheets, err := readXLSX(data)
	if err != nil || len(sheets) == 0 {
		t.Errorf("checklist XLSX does not open: %v", err)
		return
	}
	s := sheets[0]
	hdr, col, ok := s.headerRow("Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Trạng thái")
	if !ok {
		t.Errorf("checklist XLSX: no header row with Nhiệm vụ, Chủ trì, Phối hợp, Thời hạn, Trạng thái:\n%s", s.dump())
		return
	}
	body := s.Rows[hdr+1:]
	if len(body) != len(d.Tasks) {
		t.Errorf("checklist XLSX: %d task rows, want %d:\n%s", len(body), len(d.Tasks), s.dump())
	}
	for i, want := range d.Tasks {
		if i >= len(body) {
			break
		}
		r := body[i]
		status := "Chưa thực hiện"
		if i == 0 {
			status = "Hoàn thành"
		}
		if !strings.Contains(cell(r, col["Chủ trì"]), want.Lead) || cell(r, col["Trạng thái"]) != status ||
			!strings.Contains(cell(r, col["Thời hạn"]), viShort(want.Deadline)) {
			t.Errorf("checklist XLSX row %d: %q; want lead %q, status %q, deadline %s", i+1, r, want.Lead, status, viShort(want.Deadline))
		}
	}
	if c, ok := col["Ghi chú"]; ok && len(body) > 0 && cell(body[0], c) != taskNote {
		t.Errorf("checklist XLSX: note of task 1 %q, want %q", cell(body[0], c), taskNote)
	}
}

func checkICS(t *testing.T, data []byte, d *testDoc) {
	t.Helper()
	cal, err := readICS(data)
	if err != nil {
		t.Errorf("checklist ICS does not parse: %v\n%s", err, data)
		return
	}
	todos := cal.Todos()
	if len(todos) != len(d.Tasks) {
		t.Errorf("checklist ICS: %d VTODOs, want %d", len(todos), len(d.Tasks))
	}
	for i, todo := range todos {
		if i >= len(d.Tasks) {
			break
		}
		due := todoProp(todo, ics.ComponentPropertyDue)
		if want := d.Tasks[i].Deadline.Format("20060102"); due != want {
			t.Errorf("checklist ICS VTODO %d: DUE %q, want %s", i+1, due, want)
		}
		want := "NEEDS-ACTION"
		if i == 0 {
			want = "COMPLETED"
		}
		if st := todoProp(todo, ics.ComponentPropertyStatus); st != want {
			t.Errorf("checklist ICS VTODO %d: STATUS %q, want %s", i+1, st, want)
		}
		if s := todoProp(todo, ics.ComponentPropertySummary); !strings.Contains(s, d.Tasks[i].Lead) {
			t.Errorf("checklist ICS VTODO %d: SUMMARY %q does not name the lead %q", i+1, s, d.Tasks[i].Lead)
		}
	}
}

func checkRegisterXLSX(t *testing.T, data []byte, today time.Time, entries int) {
	t.Helper()
	sheets, err := readXLSX(data)
	if err != nil || len(sheets) == 0 {
		t.Errorf("register XLSX does not open: %v", err)
		return
	}
	s := sheets[0]
	cols := []string{"Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng văn bản",
		"Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú"}
	hdr, col, ok := s.headerRow(cols...)
	if !ok {
		t.Errorf("register XLSX: no header row with the columns %q:\n%s", cols, s.dump())
		return
	}
	var got int
	var row []string
	for _, r := range s.Rows[hdr+1:] {
		if cell(r, col["Số đến"]) == "" {
			continue
		}
		got++
		if cell(r, col["Số, ký hiệu"]) == "27-CV/HU" {
			row = r
		}
	}
	if got != entries {
		t.Errorf("register XLSX: %d entries, want %d:\n%s", got, entries, s.dump())
	}
	if row == nil {
		t.Errorf("register XLSX: no row with Số, ký hiệu 27-CV/HU:\n%s", s.dump())
		return
	}
	if cell(row, col["Số đến"]) != "1" || cell(row, col["Ngày đến"]) != today.Format("02/01/2006") ||
		!strings.Contains(cell(row, col["Tên loại và trích yếu nội dung"]), "tạm vắng") ||
		cell(row, col["Đơn vị hoặc người nhận"]) != recipient {
		t.Errorf("register XLSX row %q: want Số đến 1, Ngày đến %s, the corrected subject and %q", row, today.Format("02/01/2006"), recipient)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
