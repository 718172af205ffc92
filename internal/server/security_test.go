package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"vanthu/internal/archive"
	"vanthu/internal/auth"
	"vanthu/internal/jobs"
	"vanthu/internal/server"
	"vanthu/internal/store"
)

// secretCongVan is marked MẬT: only users cleared to "mat" or above see it.
const secretCongVan = `ĐẢNG BỘ TỈNH LÂM ĐỒNG
HUYỆN ỦY LẠC DƯƠNG
*
Số 31-CV/HU
V/v rà soát hồ sơ cán bộ diện quy hoạch nhiệm kỳ tới
MẬT
ĐẢNG CỘNG SẢN VIỆT NAM
Lạc Dương, ngày 18 tháng 3 năm 2025
Kính gửi: Ban Tổ chức Huyện ủy.

Ban Thường vụ Huyện ủy yêu cầu:

1. Giao Ban Tổ chức Huyện ủy chủ trì rà soát hồ sơ cán bộ diện quy hoạch kèm bản kê khai tài sản; hoàn thành trước ngày 30/4/2025.

T/M BAN THƯỜNG VỤ
BÍ THƯ
Nguyễn Văn Bình
Nơi nhận:
- Như kính gửi,
- Lưu Văn phòng Huyện ủy.
`

// level is who may use a route.
type level int

const (
	public level = iota
	anyUser
	markTasks
	upload
	correct
	register
	manageUsers
	viewAudit
)

// routeLevels classifies every route of the server. A route missing here
// fails the test: new routes must be classified before they ship.
var routeLevels = map[string]level{
	"GET /static/*file":                       public,
	"HEAD /static/*file":                      public,
	"GET /dang-nhap":                          public,
	"POST /dang-nhap":                         public,
	"GET /api/v1/openapi.json":                public,
	"POST /dang-xuat":                         anyUser,
	"GET /":                                   anyUser,
	"GET /tim-kiem":                           anyUser,
	"GET /van-ban/:id":                        anyUser,
	"GET /van-ban/:id/nhiem-vu":               anyUser,
	"POST /van-ban/:id/nhiem-vu/:n":           markTasks,
	"GET /tai-len":                            upload,
	"POST /tai-len":                           upload,
	"POST /van-ban/:id/sua":                   correct,
	"GET /so-den":                             register,
	"POST /van-ban/:id/dang-ky":               register,
	"POST /van-ban/:id/so-den":                register,
	"GET /quan-tri/nguoi-dung":                manageUsers,
	"POST /quan-tri/nguoi-dung":               manageUsers,
	"POST /quan-tri/nguoi-dung/:uid":          manageUsers,
	"POST /quan-tri/nguoi-dung/:uid/khoa":     manageUsers,
	"POST /quan-tri/nguoi-dung/:uid/mat-khau": manageUsers,
	"GET /quan-tri/nhat-ky":                   viewAudit,
	"GET /quan-tri/nhat-ky.csv":               viewAudit,
	"GET /api/v1/documents":                   anyUser,
	"GET /api/v1/documents/:id":               anyUser,
	"GET /api/v1/documents/:id/original":      anyUser,
	"GET /api/v1/documents/:id/pages/:page":   anyUser,
	"GET /api/v1/documents/:id/corrections":   anyUser,
	"GET /api/v1/documents/:id/citing":        anyUser,
	"GET /api/v1/documents/:id/similar":       anyUser,
	"GET /api/v1/documents/:id/checklist":     anyUser,
	"GET /api/v1/documents/:id/tasks":         anyUser,
	"GET /api/v1/search":                      anyUser,
	"GET /api/v1/tasks":                       anyUser,
	"GET /api/v1/dashboard":                   anyUser,
	"GET /api/v1/me":                          anyUser,
	"PUT /api/v1/documents/:id/tasks/:n":      markTasks,
	"POST /api/v1/documents":                  upload,
	"GET /api/v1/jobs":                        upload,
	"GET /api/v1/jobs/:id":                    upload,
	"PATCH /api/v1/documents/:id":             correct,
	"POST /api/v1/documents/:id/register":     register,
	"GET /api/v1/register":                    register,
	"GET /api/v1/register.xlsx":               register,
	"GET /api/v1/users":                       manageUsers,
	"GET /api/v1/audit":                       viewAudit,
}

// roleLevel is the highest level each role reaches.
var roleLevel = map[string]level{auth.Reader: markTasks, auth.Clerk: register, auth.Admin: viewAudit}

type secEnv struct {
	t        *testing.T
	a        *archive.Archive
	h        http.Handler
	users    map[string]*store.User
	pub, sec string // ids of a public and a MẬT document
	victim   *store.User
}

func newSecEnv(t *testing.T) *secEnv {
	t.Helper()
	dir := t.TempDir()
	a, err := archive.Open(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	e := &secEnv{t: t, a: a, users: map[string]*store.User{}}
	e.pub = ingestText(t, a, filepath.Join(dir, "cv12.txt"), webCongVan)
	e.sec = ingestText(t, a, filepath.Join(dir, "cv31-mat.txt"), secretCongVan)
	if rec, _ := a.Get(e.sec); *rec.Doc.Classification != "Mật" {
		t.Fatalf("classification not extracted: %v", rec.Doc.Classification)
	}
	q, err := jobs.Open(a, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	q.Start(ctx)
	t.Cleanup(func() { cancel(); q.Close(); a.Close() })
	s := server.New(a, q, nil)
	e.h = s.Handler()
	for _, u := range []*store.User{
		{Name: "canbo", Role: auth.Reader, Clearance: 0, Org: "Ủy ban Kiểm tra Huyện ủy"},
		{Name: "vanthu", Role: auth.Clerk, Clearance: 1},
		{Name: "quantri", Role: auth.Admin, Clearance: 3},
		{Name: "nannhan", Role: auth.Reader},
	} {
		h, _ := auth.HashPassword("mat-khau-dai-" + u.Name)
		if err := a.Store.AddUser(u, h); err != nil {
			t.Fatal(err)
		}
		e.users[u.Role] = u
	}
	e.victim = e.users[auth.Reader]
	e.users[auth.Reader], _ = a.Store.UserByName("canbo")
	return e
}

// session logs a user in directly through the store (a fresh session for
// every request, so that logging out or disabling does not leak between
// cases) and returns its cookie and CSRF token.
func (e *secEnv) session(u *store.User) (*http.Cookie, string) {
	id, csrf := auth.NewSecret(32), auth.NewSecret(24)
	if err := e.a.Store.CreateSession(auth.HashSecret(id), u.ID, csrf, time.Now().Add(time.Hour)); err != nil {
		e.t.Fatal(err)
	}
	return &http.Cookie{Name: "vanthu_session", Value: id}, csrf
}

func (e *secEnv) request(method, path string, u *store.User, csrf bool) *httptest.ResponseRecorder {
	body := ""
	ctype := ""
	if method != http.MethodGet && method != http.MethodHead {
		if strings.HasPrefix(path, "/api/") {
			body, ctype = `{}`, "application/json"
		} else {
			body, ctype = "x=1", "application/x-www-form-urlencoded"
		}
	}
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if u != nil {
		c, tok := e.session(u)
		req.AddCookie(c)
		if csrf {
			req.Header.Set("X-CSRF-Token", tok)
		}
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w
}

// concrete fills a route's parameters.
func (e *secEnv) concrete(path, doc string) string {
	n := "1" // web: 0-based, the second task (led by the reader's organisation)
	if strings.HasPrefix(path, "/api/") {
		n = "2" // API: 1-based
	}
	r := strings.NewReplacer(":id", doc, ":n", n, ":page", "1.png", ":uid", strconv.FormatInt(e.victim.ID, 10), "*file", "app.css")
	return r.Replace(path)
}

func denied(w *httptest.ResponseRecorder) bool {
	return w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden ||
		(w.Code == http.StatusSeeOther && strings.HasPrefix(w.Header().Get("Location"), "/dang-nhap"))
}

// TestRouteAccess walks every route as anonymous, cán bộ, văn thư and
// admin and checks allow/deny against routeLevels.
func TestRouteAccess(t *testing.T) {
	e := newSecEnv(t)
	routes := e.h.(*gin.Engine).Routes()
	if len(routes) < len(routeLevels) {
		t.Fatalf("%d routes, %d classified", len(routes), len(routeLevels))
	}
	for _, r := range routes {
		key := r.Method + " " + r.Path
		lv, ok := routeLevels[key]
		if !ok {
			t.Errorf("route %s is not classified in routeLevels", key)
			continue
		}
		path := e.concrete(r.Path, e.pub)
		// anonymous
		w := e.request(r.Method, path, nil, false)
		if lv == public && denied(w) && key != "POST /dang-nhap" { // without the login form's cookie: 403, tested in TestLoginAndAudit
			t.Errorf("anonymous %s: denied (%d)", key, w.Code)
		}
		if lv != public {
			if !denied(w) {
				t.Errorf("anonymous %s: allowed (%d)", key, w.Code)
			} else if strings.HasPrefix(r.Path, "/api/") && w.Code != http.StatusUnauthorized {
				t.Errorf("anonymous API %s: %d, want 401", key, w.Code)
			} else if !strings.HasPrefix(r.Path, "/api/") && r.Method == http.MethodGet && w.Code != http.StatusSeeOther {
				t.Errorf("anonymous page %s: %d, want a redirect to the login page", key, w.Code)
			}
		}
		for _, role := range []string{auth.Reader, auth.Clerk, auth.Admin} {
			w := e.request(r.Method, path, e.users[role], true)
			allowed := lv <= roleLevel[role]
			if r.Path == "/dang-nhap" || lv == public {
				continue
			}
			if key == "POST /dang-xuat" { // logging out redirects to the login page
				if w.Code != http.StatusSeeOther {
					t.Errorf("%s logout: %d", role, w.Code)
				}
				continue
			}
			if allowed && denied(w) {
				t.Errorf("%s %s: denied (%d) %s", role, key, w.Code, strings.TrimSpace(w.Body.String()[:min(200, w.Body.Len())]))
			}
			if !allowed && (!denied(w) || w.Code != http.StatusForbidden) {
				t.Errorf("%s %s: %d, want 403", role, key, w.Code)
			}
			if !allowed && !strings.Contains(w.Body.String(), "không được phép") {
				t.Errorf("%s %s: refusal without a Vietnamese reason", role, key)
			}
		}
		// state-changing requests made with a session need the CSRF token
		if r.Method != http.MethodGet && r.Method != http.MethodHead && lv != public {
			w := e.request(r.Method, path, e.users[auth.Admin], false)
			if w.Code != http.StatusForbidden {
				t.Errorf("%s without CSRF token: %d, want 403", key, w.Code)
			}
		}
	}
}

// TestSecretDocuments checks that a MẬT document is invisible, everywhere,
// to a user not cleared for it, and visible to one who is.
func TestSecretDocuments(t *testing.T) {
	e := newSecEnv(t)
	reader, clerk := e.users[auth.Reader], e.users[auth.Clerk]
	// the clerk registers both documents
	for i, id := range []string{e.pub, e.sec} {
		if _, _, err := e.a.Register(id, archive.RegisterInput{ReceivedDate: fmt.Sprintf("2025-03-2%d", i)}, "vanthu"); err != nil {
			t.Fatal(err)
		}
	}
	getJSON := func(u *store.User, path string) (int, string) {
		w := e.request(http.MethodGet, path, u, false)
		return w.Code, w.Body.String()
	}
	for _, p := range []string{"/api/v1/documents/%s", "/api/v1/documents/%s/original", "/api/v1/documents/%s/checklist",
		"/api/v1/documents/%s/checklist?format=xlsx", "/api/v1/documents/%s/tasks", "/api/v1/documents/%s/corrections",
		"/api/v1/documents/%s/citing", "/api/v1/documents/%s/similar", "/van-ban/%s", "/van-ban/%s/nhiem-vu"} {
		if code, body := getJSON(reader, fmt.Sprintf(p, e.sec)); code != http.StatusNotFound || strings.Contains(body, "31-CV/HU") {
			t.Errorf("reader GET %s: %d", fmt.Sprintf(p, e.sec), code)
		}
		if code, _ := getJSON(clerk, fmt.Sprintf(p, e.sec)); code != http.StatusOK {
			t.Errorf("clerk GET %s: %d", fmt.Sprintf(p, e.sec), code)
		}
	}
	// search: results, total and facets
	for _, q := range []string{"ra+soat+ho+so+can+bo+dien+quy+hoach", "31-CV/HU", "bản+kê+khai+tài+sản"} {
		code, body := getJSON(reader, "/api/v1/search?q="+q)
		var res struct {
			Total  int
			Hits   []struct{ ID string }
			Facets map[string][]struct {
				Term  string
				Count int
			}
		}
		json.Unmarshal([]byte(body), &res)
		if code != 200 {
			t.Fatalf("search %s: %d", q, code)
		}
		for _, h := range res.Hits {
			if h.ID == e.sec {
				t.Errorf("reader finds the MẬT document with %q", q)
			}
		}
		if strings.Contains(body, "31-CV/HU") || strings.Contains(body, "quy hoạch") {
			t.Errorf("reader's search %q leaks the MẬT document: %s", q, body)
		}
		_, body = getJSON(clerk, "/api/v1/search?q="+q)
		if !strings.Contains(body, e.sec) {
			t.Errorf("clerk does not find the MẬT document with %q", q)
		}
	}
	// similar documents of the public one: never the MẬT one for the reader
	if code, body := getJSON(reader, "/api/v1/documents/"+e.pub+"/similar"); code != 200 || strings.Contains(body, e.sec) || strings.Contains(body, "31-CV/HU") {
		t.Errorf("reader's similar documents leak the MẬT document: %d %s", code, body)
	}
	if _, body := getJSON(clerk, "/api/v1/documents/"+e.pub+"/similar"); !strings.Contains(body, e.sec) {
		t.Errorf("clerk's similar documents miss the MẬT document: %s", body)
	}
	code, body := getJSON(reader, "/api/v1/search?type=cong_van&limit=50")
	if code != 200 || strings.Contains(body, e.sec) || !strings.Contains(body, `"total":1`) {
		t.Errorf("filter-only search counts the MẬT document: %s", body)
	}
	code, body = getJSON(reader, "/tim-kiem?q=ra+soat+ho+so+can+bo")
	if code != 200 || strings.Contains(body, "31-CV/HU") {
		t.Errorf("search page leaks the MẬT document")
	}
	// dashboard, tasks, recent
	for _, p := range []string{"/api/v1/dashboard", "/api/v1/tasks", "/api/v1/documents", "/"} {
		_, body := getJSON(reader, p)
		if strings.Contains(body, e.sec) || strings.Contains(body, "31-CV/HU") || strings.Contains(body, "quy hoạch") {
			t.Errorf("reader %s leaks the MẬT document", p)
		}
		_, body = getJSON(clerk, p)
		if !strings.Contains(body, "31-CV/HU") && !strings.Contains(body, e.sec) {
			t.Errorf("clerk %s does not show the MẬT document", p)
		}
	}
	var dash struct {
		Documents int
		OpenTasks int `json:"open_tasks"`
	}
	_, body = getJSON(reader, "/api/v1/dashboard")
	json.Unmarshal([]byte(body), &dash)
	if dash.Documents != 1 || dash.OpenTasks != 2 {
		t.Errorf("reader's counts include the MẬT document: %+v", dash)
	}
	// register: the reader may not see it at all; a clerk cleared to Mật sees both
	_, body = getJSON(clerk, "/api/v1/register")
	if strings.Count(body, `"document_id"`) != 2 {
		t.Errorf("clerk register: %s", body)
	}
	hash, _ := auth.HashPassword("mat-khau-dai-vt2")
	low := &store.User{Name: "vanthu2", Role: auth.Clerk, Clearance: 0}
	e.a.Store.AddUser(low, hash)
	_, body = getJSON(low, "/api/v1/register")
	if strings.Count(body, `"document_id"`) != 1 || strings.Contains(body, "31-CV/HU") {
		t.Errorf("uncleared clerk's register shows the MẬT entry: %s", body)
	}
	// the denied views are in the audit log
	es, _ := e.a.Store.AuditLog("denied", "canbo", 0, 0)
	if len(es) == 0 {
		t.Error("denied access to the MẬT document was not audited")
	}
	// a reader may mark only their organisation's tasks
	w := e.request(http.MethodPut, "/api/v1/documents/"+e.pub+"/tasks/1", reader, true)
	_ = w
	put := func(n int) int {
		req := httptest.NewRequest(http.MethodPut, fmt.Sprintf("/api/v1/documents/%s/tasks/%d", e.pub, n), strings.NewReader(`{"status":"done"}`))
		req.Header.Set("Content-Type", "application/json")
		c, tok := e.session(reader)
		req.AddCookie(c)
		req.Header.Set("X-CSRF-Token", tok)
		rr := httptest.NewRecorder()
		e.h.ServeHTTP(rr, req)
		return rr.Code
	}
	if code := put(1); code != http.StatusForbidden { // task 1 belongs to Ban Tổ chức
		t.Errorf("reader marks another organisation's task: %d", code)
	}
	if code := put(2); code != http.StatusOK { // task 2 is led by Ủy ban Kiểm tra
		t.Errorf("reader cannot mark their organisation's task: %d", code)
	}
}

// TestLoginAndAudit: wrong passwords are refused and rate-limited, every
// attempt is in the append-only audit log, disabled accounts cannot log in.
func TestLoginAndAudit(t *testing.T) {
	e := newSecEnv(t)
	loginOnce := func(name, pw string) int {
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, httptest.NewRequest("GET", "/dang-nhap", nil))
		var pre *http.Cookie
		for _, c := range w.Result().Cookies() {
			if c.Name == "vanthu_pre" {
				pre = c
			}
		}
		form := "ten=" + name + "&mat_khau=" + pw + "&_csrf=" + pre.Value
		req := httptest.NewRequest("POST", "/dang-nhap", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(pre)
		w = httptest.NewRecorder()
		e.h.ServeHTTP(w, req)
		return w.Code
	}
	if code := loginOnce("vanthu", "mat-khau-dai-vanthu"); code != http.StatusSeeOther {
		t.Fatalf("good login: %d", code)
	}
	for i := 0; i < 5; i++ {
		if code := loginOnce("vanthu", "sai-mat-khau"); code != http.StatusUnauthorized {
			t.Fatalf("bad login %d: %d", i, code)
		}
	}
	if code := loginOnce("vanthu", "mat-khau-dai-vanthu"); code != http.StatusTooManyRequests {
		t.Errorf("6th attempt within the window: %d, want 429", code)
	}
	es, err := e.a.Store.AuditLog("login", "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	ok, bad := 0, 0
	for _, x := range es {
		if x.OK {
			ok++
		} else {
			bad++
		}
	}
	if ok != 1 || bad != 6 {
		t.Errorf("audit: %d successful and %d failed logins, want 1 and 6", ok, bad)
	}
	// append-only
	if err := e.a.Store.Audit(store.AuditEntry{Actor: "x", Action: "y", OK: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.a.Store.DB().Exec(`DELETE FROM audit`); err == nil {
		t.Error("audit log entries could be deleted")
	}
	if _, err := e.a.Store.DB().Exec(`UPDATE audit SET ok = 1`); err == nil {
		t.Error("audit log entries could be changed")
	}
	// disabled account
	u := e.users[auth.Clerk]
	u.Disabled = true
	e.a.Store.UpdateUser(u)
	if code := loginOnce("quantri", "mat-khau-dai-quantri"); code != http.StatusSeeOther {
		t.Fatalf("admin login: %d", code)
	}
	if _, err := auth.Authenticate(e.a.Store, "vanthu", "mat-khau-dai-vanthu"); err == nil {
		t.Error("disabled account authenticates")
	}
	// a revoked or unknown token is refused
	req := httptest.NewRequest("GET", "/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer vt_khong-hop-le")
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "Mã truy cập không hợp lệ") {
		t.Errorf("bad token: %d %s", w.Code, w.Body.String())
	}
}
