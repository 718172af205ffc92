package server_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vanthu/index"
	"vanthu/internal/archive"
	"vanthu/internal/auth"
	"vanthu/internal/jobs"
	"vanthu/internal/server"
	"vanthu/internal/store"
)

// webCongVan is a small synthetic công văn: number, date, subject, two
// numbered tasks with lead and support organisations and deadlines.
const webCongVan = `ĐẢNG BỘ TỈNH LÂM ĐỒNG
HUYỆN ỦY LẠC DƯƠNG
*
Số 12-CV/HU
V/v tăng cường phát triển đảng viên ở thôn, buôn
ĐẢNG CỘNG SẢN VIỆT NAM
Lạc Dương, ngày 12 tháng 3 năm 2025
Kính gửi: Các chi bộ, đảng bộ cơ sở trực thuộc Huyện ủy.

Thực hiện Hướng dẫn số 12-HD/BTCTU ngày 20/01/2025 của Ban Tổ chức Tỉnh ủy về công tác phát triển đảng viên năm 2025, Ban Thường vụ Huyện ủy yêu cầu thực hiện tốt các nội dung sau:

1. Giao Ban Tổ chức Huyện ủy chủ trì, phối hợp với Văn phòng Huyện ủy rà soát, lập danh sách quần chúng ưu tú ở các thôn, buôn; báo cáo Thường trực Huyện ủy trước ngày 15/4/2025.

2. Giao Ủy ban Kiểm tra Huyện ủy chủ trì, phối hợp với Ban Tuyên giáo Huyện ủy kiểm tra việc tạo nguồn kết nạp đảng viên ở các chi bộ; hoàn thành trước ngày 31/3/2025.

Nhận được công văn này, đề nghị các chi bộ, đảng bộ cơ sở nghiêm túc triển khai thực hiện./.
T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn Bình
Nơi nhận:
- Ban Tổ chức Tỉnh ủy (b/c),
- Như kính gửi,
- Lưu Văn phòng Huyện ủy.
`

type webEnv struct {
	t       *testing.T
	a       *archive.Archive
	q       *jobs.Queue
	s       *server.Server
	h       http.Handler
	id      string
	user    string
	session *http.Cookie
	csrf    string
}

// newWebEnv opens a real archive in a temp dir, ingests webCongVan and
// builds the server with the clock pinned to 2025-04-10.
func newWebEnv(t *testing.T) *webEnv {
	t.Helper()
	dir := t.TempDir()
	a, err := archive.Open(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	id := ingestText(t, a, filepath.Join(dir, "cv-12.txt"), webCongVan)
	q, err := jobs.Open(a, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	q.Start(ctx)
	t.Cleanup(func() {
		cancel()
		q.Close()
		a.Close()
	})
	s := server.New(a, q, nil)
	s.Now = func() time.Time { return time.Date(2025, 4, 10, 9, 0, 0, 0, time.Local) }
	e := &webEnv{t: t, a: a, q: q, s: s, h: s.Handler(), id: id, user: "thu.tran"}
	e.session, e.csrf = login(t, a, e.h, e.user, auth.Admin, 3, "")
	return e
}

// login creates an account and logs it in through the login form; it
// returns the session cookie and the page's CSRF token.
func login(t *testing.T, a *archive.Archive, h http.Handler, name, role string, clearance int, org string) (*http.Cookie, string) {
	t.Helper()
	hash, err := auth.HashPassword("mat-khau-" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Store.AddUser(&store.User{Name: name, Role: role, Clearance: clearance, Org: org}, hash); err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/dang-nhap", nil))
	var pre *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == "vanthu_pre" {
			pre = c
		}
	}
	if w.Code != 200 || pre == nil || !strings.Contains(w.Body.String(), `name="_csrf" value="`+pre.Value+`"`) {
		t.Fatalf("login page: %d %v", w.Code, pre)
	}
	form := url.Values{"ten": {name}, "mat_khau": {"mat-khau-" + name}, "_csrf": {pre.Value}, "ve": {"/"}}
	req := httptest.NewRequest("POST", "/dang-nhap", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(pre)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var sess *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == "vanthu_session" && c.Value != "" {
			sess = c
		}
	}
	if w.Code != http.StatusSeeOther || sess == nil || !sess.HttpOnly {
		t.Fatalf("login: %d %v\n%s", w.Code, sess, w.Body.String())
	}
	req = httptest.NewRequest("GET", "/", nil)
	req.AddCookie(sess)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, req)
	m := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`).FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no CSRF token on the dashboard: %d", w.Code)
	}
	return sess, m[1]
}

func ingestText(t *testing.T, a *archive.Archive, path, text string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := a.Ingest(context.Background(), []string{path}, archive.IngestOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 1 || len(sum.Items) != 1 {
		t.Fatalf("ingest %s: %+v", path, sum)
	}
	return sum.Items[0].ID
}

// do sends a request as the logged-in user and returns the recorded
// response; form posts carry the CSRF token in the X-CSRF-Token header.
func (e *webEnv) do(method, target string, body io.Reader, contentType string) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.doCSRF(method, target, body, contentType, true)
}

func (e *webEnv) doCSRF(method, target string, body io.Reader, contentType string, header bool) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(method, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.AddCookie(e.session)
	if header && method == http.MethodPost && contentType == "application/x-www-form-urlencoded" {
		req.Header.Set("X-CSRF-Token", e.csrf)
	}
	if method == http.MethodPost && strings.HasPrefix(contentType, "multipart/") {
		q := req.URL.Query()
		q.Set("_csrf", e.csrf)
		req.URL.RawQuery = q.Encode()
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w
}

func (e *webEnv) get(target string, want int) string {
	e.t.Helper()
	w := e.do(http.MethodGet, target, nil, "")
	if w.Code != want {
		e.t.Fatalf("GET %s: status %d, want %d\n%s", target, w.Code, want, w.Body.String())
	}
	return w.Body.String()
}

// post sends a form and expects a 303 redirect; it returns the Location.
func (e *webEnv) post(target string, form url.Values) string {
	e.t.Helper()
	form.Set("_csrf", e.csrf) // the hidden field of the page's forms
	w := e.doCSRF(http.MethodPost, target, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", false)
	if w.Code != http.StatusSeeOther {
		e.t.Fatalf("POST %s: status %d, want 303\n%s", target, w.Code, w.Body.String())
	}
	return w.Header().Get("Location")
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

func TestWebPages(t *testing.T) {
	e := newWebEnv(t)
	nav := []string{`lang="vi"`, "Tổng quan", "Tải lên", "Tìm kiếm", "Sổ văn bản đến", "Bỏ qua, đến nội dung chính", "Đăng xuất", "thu.tran"}

	body := e.get("/", 200)
	mustContain(t, "dashboard", body, nav...)
	mustContain(t, "dashboard", body, "Nhiệm vụ đang mở theo cơ quan, đơn vị", "Ban Tổ chức Huyện ủy",
		"Quá hạn", "Đến hạn trong 7 ngày tới", "Văn bản mới nhận", "12-CV/HU", "/van-ban/"+e.id)
	// Task 2 (31/03/2025) is overdue on 10/04/2025, task 1 (15/04/2025) due soon.
	mustContain(t, "dashboard", body, "31/03/2025", "15/04/2025")

	body = e.get("/tai-len", 200)
	mustContain(t, "upload", body, "Tải lên văn bản", `type="file"`, "multiple", ".pdf,.png,.jpg,.jpeg,.tif,.tiff,.docx,.html,.htm,.txt",
		`enctype="multipart/form-data"`, `action="/tai-len?_csrf=`+e.csrf+`"`)

	body = e.get("/tim-kiem", 200)
	mustContain(t, "search (empty)", body, "Tìm kiếm văn bản", `name="q"`, "Gợi ý")

	body = e.get("/van-ban/"+e.id, 200)
	mustContain(t, "document", body, "Công văn số 12-CV/HU", "Thông tin văn bản", "Số, ký hiệu", "Ngày ban hành",
		"12/03/2025", "Cơ quan ban hành", "Trích yếu", "Nơi nhận", "Người ký", "Độ mật", "Độ khẩn",
		"Nhiệm vụ", "Chủ trì", "Phối hợp", "Ban Tổ chức Huyện ủy", "Văn phòng Huyện ủy",
		"Văn bản được dẫn chiếu", "12-HD/BTCTU", "Văn bản dẫn chiếu đến văn bản này", "Lịch sử chỉnh sửa",
		"Sửa thông tin", `action="/van-ban/`+e.id+`/sua"`, `action="/van-ban/`+e.id+`/dang-ky"`, `value="2025-04-10"`,
		"/api/v1/documents/"+e.id+"/original")

	body = e.get("/van-ban/"+e.id+"/nhiem-vu", 200)
	mustContain(t, "checklist", body, "Danh sách nhiệm vụ", "12-CV/HU", "Chưa thực hiện", "Đang thực hiện", "Hoàn thành",
		`action="/van-ban/`+e.id+`/nhiem-vu/0"`, `action="/van-ban/`+e.id+`/nhiem-vu/1"`,
		"/api/v1/documents/"+e.id+"/checklist?format=xlsx", "format=csv", "format=md", "format=ics", "Ủy ban Kiểm tra Huyện ủy")

	body = e.get("/van-ban/"+e.id+"/nhiem-vu?in=1", 200)
	mustContain(t, "checklist print", body, "print-view", "Danh sách nhiệm vụ", "12-CV/HU")
	if strings.Contains(body, `class="site-nav"`) || strings.Contains(body, "<form") {
		t.Error("checklist print view has navigation or forms")
	}

	body = e.get("/so-den", 200)
	mustContain(t, "register", body, nav...)
	mustContain(t, "register", body, "Sổ đăng ký văn bản đến", "Chưa có văn bản nào được vào sổ", "/api/v1/register.xlsx")
}

func TestWebSearch(t *testing.T) {
	e := newWebEnv(t)
	// Without diacritics.
	body := e.get("/tim-kiem?q=phat+trien+dang+vien", 200)
	mustContain(t, "search", body, "Tìm thấy 1 văn bản", "12-CV/HU", "/van-ban/"+e.id,
		"Loại văn bản", "Cơ quan ban hành", "Năm ban hành", "Còn nhiệm vụ mở", `value="phat trien dang vien"`)
	// The open-tasks count comes from the same search's facet: the one
	// record has open tasks.
	mustContain(t, "search open count", body, `Còn nhiệm vụ mở</span> <span class="count">1</span>`)
	// Facet links carry the whole state and add their filter.
	mustContain(t, "search", body, "/tim-kiem?loai=cong_van&amp;q=phat&#43;trien&#43;dang&#43;vien", "nam=2025")
	hits := body[strings.Index(body, `<ol class="hits"`):]
	hits = hits[:strings.Index(hits, "</ol>")]
	// Highlights (when the index returns them) are shown with <mark> and
	// nothing else gets through as markup.
	res, err := e.a.Search(index.Query{Text: "phat trien dang vien", Highlight: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 1 && len(res.Hits[0].Highlights) > 0 && !strings.Contains(hits, "<mark>") {
		t.Error("search: highlights not shown")
	}
	if tags := regexp.MustCompile(`<[a-z][a-z0-9]*`).FindAllString(hits, -1); len(tags) > 0 {
		for _, tag := range tags {
			switch tag {
			case "<ol", "<li", "<h3", "<a", "<p", "<mark", "<span":
			default:
				t.Errorf("search: unexpected markup %s in results", tag)
			}
		}
	}

	// Number as officials type it, filters, sort and paging in the URL.
	body = e.get("/tim-kiem?q=12-CV%2FHU&loai=cong_van&nam=2025&viec=mo&sap-xep=ngay", 200)
	mustContain(t, "search filters", body, "Tìm thấy 1 văn bản", "Loại: Công văn", "Năm 2025", "Còn nhiệm vụ mở", "Bỏ lọc")
	body = e.get("/tim-kiem?q=phat+trien&nam=2019", 200)
	mustContain(t, "search no hit", body, "Tìm thấy 0 văn bản", "Không có văn bản nào khớp")
	body = e.get("/tim-kiem?q=dang&tu=khong-phai-ngay", 400)
	mustContain(t, "search bad date", body, "không hợp lệ")
	// Filters alone are a search.
	body = e.get("/tim-kiem?viec=mo", 200)
	mustContain(t, "search open tasks", body, "Tìm thấy 1 văn bản")
}

func TestWebCorrection(t *testing.T) {
	e := newWebEnv(t)
	form := url.Values{
		"subject":     {"Về tăng cường phát triển đảng viên ở thôn, buôn năm 2025"},
		"issued_date": {"13/03/2025"}, // dd/mm/yyyy accepted
		"number":      {"12-CV/HU"},   // unchanged: not a correction
	}
	loc := e.post("/van-ban/"+e.id+"/sua", form)
	if loc != "/van-ban/"+e.id+"?da=sua" {
		t.Fatalf("redirect to %q", loc)
	}
	body := e.get(loc, 200)
	mustContain(t, "after correction", body, "Đã lưu chỉnh sửa.", "Về tăng cường phát triển đảng viên ở thôn, buôn năm 2025",
		"13/03/2025", "Lịch sử chỉnh sửa", "Trích yếu", "Ngày ban hành", e.user)
	rec, err := e.a.Get(e.id)
	if err != nil {
		t.Fatal(err)
	}
	if got := *rec.Doc.IssuedDate; got != "2025-03-13" {
		t.Errorf("issued_date = %q", got)
	}
	corr, err := e.a.Store.Corrections(e.id)
	if err != nil {
		t.Fatal(err)
	}
	if len(corr) != 2 {
		t.Errorf("%d corrections, want 2 (unchanged fields are not recorded): %+v", len(corr), corr)
	}
	for _, c := range corr {
		if c.By != e.user {
			t.Errorf("correction by %q, want %q", c.By, e.user)
		}
	}

	// A refused value: the form comes back with the message at the field.
	w := e.do(http.MethodPost, "/van-ban/"+e.id+"/sua", strings.NewReader(url.Values{"issued_date": {"30/02/2025"}}.Encode()),
		"application/x-www-form-urlencoded")
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad date: status %d", w.Code)
	}
	mustContain(t, "field error", w.Body.String(), "Ngày không hợp lệ", `aria-invalid="true"`, `value="30/02/2025"`, "details class=\"edit\" id=\"sua\" open")

	// Nothing changed.
	loc = e.post("/van-ban/"+e.id+"/sua", url.Values{"number": {"12-CV/HU"}})
	mustContain(t, "no change", e.get(loc, 200), "Không có thay đổi nào để lưu.")
}

func TestWebTaskState(t *testing.T) {
	e := newWebEnv(t)
	loc := e.post("/van-ban/"+e.id+"/nhiem-vu/1", url.Values{"trang-thai": {"done"}, "ghi-chu": {"Đã kiểm tra xong 12 chi bộ"}})
	if !strings.HasPrefix(loc, "/van-ban/"+e.id+"/nhiem-vu?") || !strings.HasSuffix(loc, "#nv-1") {
		t.Fatalf("redirect to %q", loc)
	}
	body := e.get(strings.TrimSuffix(loc, "#nv-1"), 200)
	mustContain(t, "checklist after update", body, "Đã cập nhật trạng thái nhiệm vụ.", "Đã kiểm tra xong 12 chi bộ", e.user)
	if !regexp.MustCompile(`(?s)id="tt-1".*?<option value="done" selected>`).MatchString(body) {
		t.Error("task 2 not shown as done")
	}
	if !regexp.MustCompile(`(?s)id="tt-0".*?<option value="open" selected>`).MatchString(body) {
		t.Error("task 1 not shown as open")
	}
	states, err := e.a.Store.TaskStates(e.id)
	if err != nil {
		t.Fatal(err)
	}
	if st := states[1]; st.Status != "done" || st.UpdatedBy != e.user {
		t.Errorf("state = %+v", st)
	}
	// The overdue task is done: the dashboard no longer lists it.
	if strings.Contains(e.get("/", 200), "31/03/2025") {
		t.Error("done task still on the dashboard")
	}
	// Organisation filter.
	body = e.get("/van-ban/"+e.id+"/nhiem-vu?to-chuc="+url.QueryEscape("Ban Tuyên giáo Huyện ủy"), 200)
	mustContain(t, "filtered checklist", body, "Ủy ban Kiểm tra Huyện ủy", "format=xlsx&amp;org=Ban")
	if strings.Contains(body, "quần chúng ưu tú") {
		t.Error("filter kept a task of another organisation")
	}
	// Bad input.
	e.get("/van-ban/"+e.id+"/nhiem-vu", 200)
	w := e.do(http.MethodPost, "/van-ban/"+e.id+"/nhiem-vu/7", strings.NewReader("trang-thai=done"), "application/x-www-form-urlencoded")
	if w.Code != http.StatusNotFound {
		t.Errorf("unknown task: status %d", w.Code)
	}
	w = e.do(http.MethodPost, "/van-ban/"+e.id+"/nhiem-vu/0", strings.NewReader("trang-thai=xong"), "application/x-www-form-urlencoded")
	if w.Code != http.StatusBadRequest {
		t.Errorf("bad status: status %d", w.Code)
	}
}

func TestWebRegister(t *testing.T) {
	e := newWebEnv(t)
	loc := e.post("/van-ban/"+e.id+"/dang-ky", url.Values{"ngay-den": {"2025-03-14"}, "nguoi-nhan": {"Ban Tổ chức"}, "ghi-chu": {"Bản chính"}})
	body := e.get(strings.Split(loc, "#")[0], 200)
	mustContain(t, "registered", body, "Số đến 1/2025", "Đã vào sổ văn bản đến: số đến 1/2025.", "14/03/2025", "Ban Tổ chức")
	entry, err := e.a.Store.RegisterOf(e.id)
	if err != nil || entry == nil || entry.Number != 1 || entry.CreatedBy != e.user {
		t.Fatalf("register entry %+v, %v", entry, err)
	}

	// Transfer and signature are filled in later; the number stays.
	loc = e.post("/van-ban/"+e.id+"/so-den", url.Values{"ngay-chuyen": {"15/03/2025"}, "nguoi-nhan": {"Ban Tổ chức Huyện ủy"}, "ky-nhan": {"Đã ký"}, "ghi-chu": {"Bản chính"}})
	mustContain(t, "register update", e.get(strings.Split(loc, "#")[0], 200), "Đã cập nhật sổ văn bản đến.", "Số đến 1/2025", "15/03/2025", "Đã ký")
	w := e.do(http.MethodPost, "/van-ban/"+e.id+"/so-den", strings.NewReader("ngay-chuyen=99%2F99%2F2025"), "application/x-www-form-urlencoded")
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Ngày chuyển không hợp lệ") {
		t.Errorf("bad transfer date: %d", w.Code)
	}

	body = e.get("/so-den", 200)
	mustContain(t, "register book", body, "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng văn bản",
		"Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú",
		"12-CV/HU", "14/03/2025", "12/03/2025", "15/03/2025", "Đã ký", "Bản chính")
	body = e.get("/so-den?tu=2025-03-01&den=2025-03-31&in=1", 200)
	mustContain(t, "register print", body, "print-view", "register-print", "Từ ngày 01/03/2025 đến ngày 31/03/2025", "12-CV/HU")
	if strings.Contains(body, `class="site-nav"`) {
		t.Error("print view has navigation")
	}
	body = e.get("/so-den?tu=2025-04-01", 200)
	mustContain(t, "register empty period", body, "Chưa có văn bản nào được vào sổ")
	mustContain(t, "register export", e.get("/so-den?tu=2025-01-01&den=2025-12-31", 200), "/api/v1/register.xlsx?from=2025-01-01&amp;to=2025-12-31")

	// Another copy of the same document (same number and issuer): warned,
	// then registered on "Vẫn đăng ký".
	id2 := ingestText(t, e.a, filepath.Join(t.TempDir(), "cv-12-ban-sao.txt"), webCongVan+"\nBản sao gửi kèm.\n")
	w = e.do(http.MethodPost, "/van-ban/"+id2+"/dang-ky", strings.NewReader("ngay-den=2025-03-15"), "application/x-www-form-urlencoded")
	if w.Code != http.StatusConflict {
		t.Fatalf("duplicate: status %d", w.Code)
	}
	mustContain(t, "duplicate", w.Body.String(), "Có thể trùng", "Số đến 1/2025", "Vẫn đăng ký", `name="force" value="1"`, `value="2025-03-15"`)
	if r, _ := e.a.Store.RegisterOf(id2); r != nil {
		t.Fatal("duplicate registered without force")
	}
	e.post("/van-ban/"+id2+"/dang-ky", url.Values{"ngay-den": {"2025-03-15"}, "force": {"1"}})
	mustContain(t, "forced", e.get("/van-ban/"+id2, 200), "Số đến 2/2025")
}

func TestWebErrors(t *testing.T) {
	e := newWebEnv(t)
	for _, p := range []string{"/van-ban/khongcovanbannay", "/van-ban/khongcovanbannay/nhiem-vu"} {
		body := e.get(p, 404)
		mustContain(t, p, body, "Không tìm thấy văn bản", "Về trang Tổng quan", `lang="vi"`)
	}
	mustContain(t, "unknown path", e.get("/khong-co-trang-nay", 404), "Không tìm thấy trang")
	// An id prefix goes to the canonical address.
	w := e.do(http.MethodGet, "/van-ban/"+e.id[:8], nil, "")
	if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/van-ban/"+e.id {
		t.Errorf("prefix: %d %q", w.Code, w.Header().Get("Location"))
	}
	// Forms posted from another site are refused.
	req := httptest.NewRequest(http.MethodPost, "/van-ban/"+e.id+"/nhiem-vu/0", strings.NewReader("trang-thai=done"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	rw := httptest.NewRecorder()
	e.h.ServeHTTP(rw, req)
	if rw.Code != http.StatusForbidden {
		t.Errorf("cross-site post: status %d", rw.Code)
	}
}

func TestWebStaticAndName(t *testing.T) {
	e := newWebEnv(t)
	body := e.get("/", 200)
	for _, asset := range []struct{ name, ctype, want string }{
		{"app.css", "text/css", "--brand"}, {"app.js", "javascript", "/api/v1/jobs/"},
	} {
		m := regexp.MustCompile(`/static/` + regexp.QuoteMeta(asset.name) + `\?v=[0-9a-f]+`).FindString(body)
		if m == "" {
			t.Fatalf("layout does not link %s", asset.name)
		}
		w := e.do(http.MethodGet, m, nil, "")
		if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), asset.ctype) || !strings.Contains(w.Body.String(), asset.want) {
			t.Errorf("%s: %d %q", m, w.Code, w.Header().Get("Content-Type"))
		}
		if !strings.Contains(w.Header().Get("Cache-Control"), "immutable") {
			t.Errorf("%s: Cache-Control %q", m, w.Header().Get("Cache-Control"))
		}
	}
	if w := e.do(http.MethodGet, "/static/../web.go", nil, ""); w.Code != 404 {
		t.Errorf("static traversal: %d", w.Code)
	}

}

// TestWebUploadNoJS posts the fallback form and follows the job page until
// the document is stored.
func TestWebUploadNoJS(t *testing.T) {
	e := newWebEnv(t)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "cv-99.txt")
	io.WriteString(fw, strings.ReplaceAll(webCongVan, "Số 12-CV/HU", "Số 99-CV/HU"))
	fw, _ = mw.CreateFormFile("file", "virus.exe")
	io.WriteString(fw, "MZ")
	mw.Close()
	w := e.do(http.MethodPost, "/tai-len", &buf, mw.FormDataContentType())
	if w.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", w.Code, w.Body.String())
	}
	loc, _ := url.Parse(w.Header().Get("Location"))
	ids := strings.Split(loc.Query().Get("jobs"), ",")
	if loc.Path != "/tai-len" || len(ids) != 2 {
		t.Fatalf("redirect to %s", loc)
	}
	// While queued or running, the no-JS page refreshes itself.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	done, err := e.q.Wait(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != store.JobDone || done.CreatedBy != e.user {
		t.Fatalf("job %+v", done)
	}
	failed, err := e.q.Wait(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if failed.Status != store.JobFailed || failed.Error == "" {
		t.Fatalf("job %+v", failed)
	}
	body := e.get(loc.String(), 200)
	mustContain(t, "upload result", body, "cv-99.txt", "Hoàn thành", "/van-ban/"+done.DocumentID, "virus.exe",
		"Không xử lý được", html.EscapeString(failed.Error), `data-job-id="`+ids[0]+`"`)
	if strings.Contains(body, `http-equiv="refresh"`) {
		t.Error("finished jobs still refresh the page")
	}
	mustContain(t, "dashboard jobs", e.get("/", 200), "Tệp tải lên gần đây", "cv-99.txt")

	// No file at all.
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	mw.Close()
	w = e.do(http.MethodPost, "/tai-len", &buf, mw.FormDataContentType())
	if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "Hãy chọn ít nhất một tệp") {
		t.Errorf("empty upload: %d", w.Code)
	}
}

// TestWebPageImages shows a PDF's pages as images served by the API, with
// zoom controls and the link to the original.
func TestWebPageImages(t *testing.T) {
	e := newWebEnv(t)
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "pa-01.pdf"))
	if err != nil {
		t.Skip("corpus PDF not available:", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "pa-01.pdf")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := e.a.Ingest(context.Background(), []string{path}, archive.IngestOptions{Workers: 1})
	if err != nil || sum.Added != 1 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}
	id := sum.Items[0].ID
	w := e.do(http.MethodGet, "/van-ban/"+id, nil, "")
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	body := w.Body.String()
	img := "/api/v1/documents/" + id + "/pages/1.png"
	mustContain(t, "pdf document", body, `src="`+img+`"`, "Trang 1/", `data-zoom="in"`, `data-zoom="out"`, "Phóng to", "Thu nhỏ",
		"/api/v1/documents/"+id+"/original", "Tải bản gốc (pa-01.pdf)", "417-CV/HU")
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	r := e.do(http.MethodGet, img, nil, "")
	if r.Code != 200 || r.Header().Get("Content-Type") != "image/png" {
		t.Errorf("page image: %d %q", r.Code, r.Header().Get("Content-Type"))
	}
}

// TestWebDashboardBounded checks that the home page lists at most 50
// overdue tasks, the most recently due first, and says how many it left
// out: an archive of years holds thousands.
func TestWebDashboardBounded(t *testing.T) {
	e := newWebEnv(t)
	var b strings.Builder
	b.WriteString(strings.SplitN(webCongVan, "Thực hiện Hướng dẫn", 2)[0])
	b.WriteString("Ban Thường vụ Huyện ủy yêu cầu thực hiện tốt các nội dung sau:\n\n")
	day := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := 1; i <= 60; i++ {
		d := day.AddDate(0, 0, i)
		fmt.Fprintf(&b, "%d. Giao Văn phòng Huyện ủy rà soát hồ sơ đợt %d; hoàn thành trước ngày %s.\n\n", i, i, d.Format("02/01/2006"))
	}
	b.WriteString("Nhận được công văn này, đề nghị các chi bộ nghiêm túc thực hiện./.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn Bình\n")
	ingestText(t, e.a, filepath.Join(t.TempDir(), "cv-60.txt"), strings.Replace(b.String(), "Số 12-CV/HU", "Số 60-CV/HU", 1))
	body := e.get("/", 200)
	// 60 + task 2 of webCongVan are overdue on 2025-04-10
	mustContain(t, "dashboard", body, "<b>61</b> nhiệm vụ quá hạn", "Hiển thị 50 nhiệm vụ vừa quá hạn gần đây nhất; còn 11 nhiệm vụ",
		"31/03/2025", "30/01/2025")
	if strings.Contains(body, "02/12/2024") || strings.Count(body, "rà soát hồ sơ đợt") != 49 {
		t.Errorf("overdue list: %d rows of the 60-task letter, oldest shown: %v", strings.Count(body, "rà soát hồ sơ đợt"), strings.Contains(body, "02/12/2024"))
	}
	// the API's limit keeps the most recently due, and gives the counts
	body = e.get("/api/v1/dashboard?limit=5", 200)
	if !strings.Contains(body, `"overdue_count":61`) || strings.Count(body, `"deadline"`) != 5+1 ||
		!strings.Contains(body, `"deadline":"2025-03-31"`) || !strings.Contains(body, `"deadline":"2025-01-27"`) || strings.Contains(body, `"deadline":"2025-01-26"`) {
		t.Errorf("dashboard?limit=5: %s", body)
	}
}
