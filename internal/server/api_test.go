package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/xuri/excelize/v2"

	"vanthu/internal/archive"
	"vanthu/internal/auth"
	"vanthu/internal/extract"
	"vanthu/internal/jobs"
	"vanthu/internal/server"
	"vanthu/internal/store"
)

// openAPI compiles schemas of the served OpenAPI document, so every API
// response in these tests is checked against the published contract.
type openAPI struct {
	c    *jsonschema.Compiler
	seen map[string]*jsonschema.Schema
}

func loadOpenAPI(t *testing.T, h http.Handler) *openAPI {
	t.Helper()
	rr := httptest.NewRecorder()
	h.ServeHTTP(rr, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if rr.Code != 200 {
		t.Fatalf("openapi.json: %d", rr.Code)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(rr.Body.Bytes()))
	if err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if v := doc.(map[string]any)["openapi"]; v != "3.1.0" {
		t.Fatalf("openapi version %v", v)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("https://vanthu.local/openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	return &openAPI{c: c, seen: map[string]*jsonschema.Schema{}}
}

// check validates body against the named component schema.
func (o *openAPI) check(t *testing.T, component string, body []byte) {
	t.Helper()
	s, ok := o.seen[component]
	if !ok {
		var err error
		s, err = o.c.Compile("https://vanthu.local/openapi.json#/components/schemas/" + component)
		if err != nil {
			t.Fatalf("compile %s: %v", component, err)
		}
		o.seen[component] = s
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: response is not JSON: %v\n%s", component, err, body)
	}
	if err := s.Validate(inst); err != nil {
		t.Fatalf("response does not match %s: %v\n%s", component, err, body)
	}
}

// checkPath validates body against the inline schema of a path's response.
func (o *openAPI) checkPath(t *testing.T, path, method, status string, body []byte) {
	t.Helper()
	ptr := "https://vanthu.local/openapi.json#/paths/" + strings.ReplaceAll(strings.ReplaceAll(path, "~", "~0"), "/", "~1") +
		"/" + method + "/responses/" + status + "/content/application~1json/schema"
	s, ok := o.seen[ptr]
	if !ok {
		var err error
		if s, err = o.c.Compile(ptr); err != nil {
			t.Fatalf("compile %s: %v", ptr, err)
		}
		o.seen[ptr] = s
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	if err := s.Validate(inst); err != nil {
		t.Fatalf("%s %s %s: %v\n%s", method, path, status, err, body)
	}
}

type apiEnv struct {
	t     *testing.T
	token string
	a     *archive.Archive
	q     *jobs.Queue
	srv   *httptest.Server
	oa    *openAPI
}

func newAPIEnv(t *testing.T) *apiEnv {
	t.Helper()
	a, err := archive.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobs.Open(a, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	q.Start(ctx)
	s := server.New(a, q, nil)
	s.Now = func() time.Time { return time.Date(2025, 3, 25, 9, 0, 0, 0, time.Local) }
	h := s.Handler()
	srv := httptest.NewServer(h)
	t.Cleanup(func() { srv.Close(); cancel(); q.Close(); a.Close() })
	return &apiEnv{t: t, a: a, q: q, srv: srv, oa: loadOpenAPI(t, h), token: apiToken(t, a, "chi.lan", auth.Admin, 3, "")}
}

// apiToken creates an account and a bearer token for it.
func apiToken(t *testing.T, a *archive.Archive, name, role string, clearance int, org string) string {
	t.Helper()
	u, err := a.Store.UserByName(name)
	if err != nil {
		hash, _ := auth.HashPassword("mat-khau-" + name)
		u = &store.User{Name: name, Role: role, Clearance: clearance, Org: org}
		if err := a.Store.AddUser(u, hash); err != nil {
			t.Fatal(err)
		}
	}
	tok := auth.NewToken()
	if _, err := a.Store.CreateToken("test", auth.HashSecret(tok), u.ID); err != nil {
		t.Fatal(err)
	}
	return tok
}

func (e *apiEnv) do(method, path, ctype string, body io.Reader) (int, http.Header, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if e.token != "" {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

func (e *apiEnv) get(path string) (int, []byte) {
	code, _, b := e.do("GET", path, "", nil)
	return code, b
}

func (e *apiEnv) jsonReq(method, path string, v any) (int, []byte) {
	b, _ := json.Marshal(v)
	code, _, out := e.do(method, path, "application/json", bytes.NewReader(b))
	return code, out
}

// upload posts files (name -> content) and waits for their jobs to end.
func (e *apiEnv) upload(files map[string]string, order ...string) []map[string]any {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, name := range order {
		w, _ := mw.CreateFormFile("file", name)
		w.Write([]byte(files[name]))
	}
	mw.Close()
	code, _, b := e.do("POST", "/api/v1/documents", mw.FormDataContentType(), &buf)
	if code != http.StatusAccepted {
		e.t.Fatalf("upload: %d %s", code, b)
	}
	e.oa.check(e.t, "UploadResponse", b)
	var res struct {
		Jobs []struct{ ID, File, Status, Error string }
	}
	json.Unmarshal(b, &res)
	var out []map[string]any
	for _, j := range res.Jobs {
		if j.ID == "" {
			out = append(out, map[string]any{"file": j.File, "status": j.Status, "error": j.Error})
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		_, err := e.q.Wait(ctx, j.ID)
		cancel()
		if err != nil {
			e.t.Fatalf("job %s: %v", j.ID, err)
		}
		code, b := e.get("/api/v1/jobs/" + j.ID)
		if code != 200 {
			e.t.Fatalf("job: %d", code)
		}
		e.oa.check(e.t, "Job", b)
		var m map[string]any
		json.Unmarshal(b, &m)
		out = append(out, m)
	}
	return out
}

// a second công văn by another issuer, citing the first one's number.
const apiCongVan2 = `UBND HUYỆN LẠC DƯƠNG
PHÒNG NỘI VỤ
Số: 45/PNV
V/v triển khai Công văn số 12-CV/HU của Huyện ủy
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạc Dương, ngày 20 tháng 3 năm 2025
Kính gửi: Các xã, thị trấn.

Thực hiện Công văn số 12-CV/HU ngày 12/3/2025 của Huyện ủy Lạc Dương, Phòng Nội vụ đề nghị:

1. Ủy ban nhân dân các xã chủ trì rà soát đội ngũ cán bộ, công chức; báo cáo hằng quý về Phòng Nội vụ.

TRƯỞNG PHÒNG
Trần Thị Hoa
Nơi nhận:
- Như trên;
- Lưu: VT.
`

func TestAPIDocumentLifecycle(t *testing.T) {
	e := newAPIEnv(t)
	res := e.upload(map[string]string{"cv12.txt": webCongVan, "rong.txt": "", "../../etc/pnv45.txt": apiCongVan2},
		"cv12.txt", "rong.txt", "../../etc/pnv45.txt")
	if len(res) != 3 {
		t.Fatalf("jobs: %v", res)
	}
	if res[0]["status"] != "done" || res[0]["document_id"] == nil {
		t.Fatalf("first job: %v", res[0])
	}
	if res[1]["status"] != "failed" || !strings.Contains(fmt.Sprint(res[1]["error"]), "rỗng") {
		t.Fatalf("empty file should fail in Vietnamese: %v", res[1])
	}
	if res[2]["file"] != "pnv45.txt" {
		t.Fatalf("path in the file name must be dropped: %v", res[2]["file"])
	}
	id := res[0]["document_id"].(string)
	id2 := res[2]["document_id"].(string)

	// the same file again is a duplicate of the stored record
	dup := e.upload(map[string]string{"copy.txt": webCongVan}, "copy.txt")
	if dup[0]["status"] != "duplicate" || dup[0]["document_id"] != id {
		t.Fatalf("duplicate: %v", dup[0])
	}

	code, b := e.get("/api/v1/documents/" + id)
	if code != 200 {
		t.Fatalf("document: %d %s", code, b)
	}
	e.oa.check(t, "StoredDocument", b)
	var doc map[string]any
	json.Unmarshal(b, &doc)
	if doc["id"] != id || doc["number"] != "12-CV/HU" || doc["schema"] != "vanthu.document/v1" {
		t.Fatalf("document fields: id=%v number=%v", doc["id"], doc["number"])
	}

	// corrections: saved with who, re-indexed, kept over re-extraction
	code, b = e.jsonReq("PATCH", "/api/v1/documents/"+id, map[string]any{"subject": "V/v phát triển đảng viên vùng đồng bào", "tasks.1.deadline.date": "2025-04-20"})
	if code != 200 {
		t.Fatalf("patch: %d %s", code, b)
	}
	e.oa.check(t, "StoredDocument", b)
	code, b = e.jsonReq("PATCH", "/api/v1/documents/"+id, map[string]any{"issued_date": "12/03/2025"})
	if code != 422 {
		t.Fatalf("bad date: %d %s", code, b)
	}
	e.oa.check(t, "Error", b)
	if !strings.Contains(string(b), "Ngày không hợp lệ") {
		t.Fatalf("error should be Vietnamese: %s", b)
	}
	code, b = e.get("/api/v1/documents/" + id + "/corrections")
	e.oa.checkPath(t, "/documents/{id}/corrections", "get", "200", b)
	if code != 200 || !strings.Contains(string(b), `"by":"chi.lan"`) {
		t.Fatalf("corrections: %d %s", code, b)
	}
	rec, _ := e.a.Get(id)
	if _, err := e.a.Reextract(id, extract.ExtractText(webCongVan)); err != nil {
		t.Fatal(err)
	}
	rec, _ = e.a.Get(id)
	if got := *rec.Doc.Subject; got != "V/v phát triển đảng viên vùng đồng bào" {
		t.Fatalf("re-extraction overwrote the correction: %q", got)
	}
	if got := *rec.Doc.Tasks[0].Deadline.Date; got != "2025-04-20" {
		t.Fatalf("task deadline correction lost: %q", got)
	}

	// search without diacritics finds the corrected subject
	code, b = e.get("/api/v1/search?q=vung+dong+bao")
	if code != 200 {
		t.Fatalf("search: %d %s", code, b)
	}
	e.oa.check(t, "SearchResult", b)
	var sr struct {
		Total int
		Hits  []struct{ ID string }
	}
	json.Unmarshal(b, &sr)
	if sr.Total < 1 || sr.Hits[0].ID != id {
		t.Fatalf("search after correction: %s", b)
	}
	code, b = e.get("/api/v1/search?q=x&year=abc")
	if code != 400 {
		t.Fatalf("bad year: %d", code)
	}
	e.oa.check(t, "Error", b)
	code, b = e.get("/api/v1/search?citing=12-CV/HU")
	json.Unmarshal(b, &sr)
	if code != 200 || len(sr.Hits) != 1 || sr.Hits[0].ID != id2 {
		t.Fatalf("citing: %d %s", code, b)
	}
	code, b = e.get("/api/v1/documents/" + id + "/citing")
	e.oa.check(t, "HitList", b)
	if code != 200 || !strings.Contains(string(b), id2) {
		t.Fatalf("documents citing: %s", b)
	}

	// tasks
	code, b = e.jsonReq("PUT", "/api/v1/documents/"+id+"/tasks/2", map[string]string{"status": "done", "note": "Đã kiểm tra 5 chi bộ"})
	if code != 200 {
		t.Fatalf("set task: %d %s", code, b)
	}
	e.oa.check(t, "TaskState", b)
	code, b = e.jsonReq("PUT", "/api/v1/documents/"+id+"/tasks/2", map[string]string{"status": "xong"})
	if code != 422 {
		t.Fatalf("bad status: %d %s", code, b)
	}
	code, b = e.jsonReq("PUT", "/api/v1/documents/"+id+"/tasks/9", map[string]string{"status": "done"})
	if code != 404 {
		t.Fatalf("missing task: %d %s", code, b)
	}
	code, b = e.get("/api/v1/documents/" + id + "/checklist")
	if code != 200 {
		t.Fatalf("checklist: %d %s", code, b)
	}
	e.oa.check(t, "Checklist", b)
	var cl struct {
		Items []struct {
			Status, Note string
			Lead         []string
		}
	}
	json.Unmarshal(b, &cl)
	if len(cl.Items) != 2 || cl.Items[1].Status != "done" || cl.Items[0].Status != "open" {
		t.Fatalf("checklist states: %s", b)
	}
	code, b = e.get("/api/v1/documents/" + id + "/checklist?format=json&org=uy+ban+kiem+tra")
	json.Unmarshal(b, &cl)
	if code != 200 || len(cl.Items) != 1 {
		t.Fatalf("org filter: %s", b)
	}

	code, hdr, xb := e.do("GET", "/api/v1/documents/"+id+"/checklist?format=xlsx", "", nil)
	if code != 200 || !strings.Contains(hdr.Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("xlsx: %d %v", code, hdr)
	}
	f, err := excelize.OpenReader(bytes.NewReader(xb))
	if err != nil {
		t.Fatalf("xlsx does not open: %v", err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	if !strings.Contains(fmt.Sprint(rows), "Ban Tổ chức Huyện ủy") || !strings.Contains(fmt.Sprint(rows), "Hoàn thành") {
		t.Fatalf("xlsx rows: %v", rows)
	}
	code, _, ib := e.do("GET", "/api/v1/documents/"+id+"/checklist?format=ics", "", nil)
	cal, err := ics.ParseCalendar(bytes.NewReader(ib))
	if code != 200 || err != nil {
		t.Fatalf("ics: %d %v", code, err)
	}
	if n := len(cal.Todos()); n != 2 {
		t.Fatalf("ics todos: %d\n%s", n, ib)
	}
	if !strings.Contains(string(ib), "DUE;VALUE=DATE:20250420") {
		t.Fatalf("corrected deadline not in ics:\n%s", ib)
	}
	code, b = e.get("/api/v1/documents/" + id + "/checklist?format=pdf")
	if code != 400 {
		t.Fatalf("bad format: %d", code)
	}
	e.oa.check(t, "Error", b)

	// register: gap-free numbers, duplicate warning
	code, b = e.jsonReq("POST", "/api/v1/documents/"+id+"/register", map[string]string{"received_date": "2025-03-14", "recipient": "Văn phòng Huyện ủy"})
	if code != 201 {
		t.Fatalf("register: %d %s", code, b)
	}
	e.oa.checkPath(t, "/documents/{id}/register", "post", "201", b)
	if !strings.Contains(string(b), `"number":1`) {
		t.Fatalf("first incoming number: %s", b)
	}
	code, b = e.jsonReq("POST", "/api/v1/documents/"+id+"/register", map[string]string{})
	if code != 409 {
		t.Fatalf("register twice: %d %s", code, b)
	}
	code, b = e.jsonReq("POST", "/api/v1/documents/"+id2+"/register", map[string]string{"received_date": "2025-03-21"})
	if code != 201 || !strings.Contains(string(b), `"number":2`) {
		t.Fatalf("second: %d %s", code, b)
	}
	// a scan of the same công văn (other bytes, same number and issuer)
	again := e.upload(map[string]string{"cv12-ban-sao.txt": webCongVan + "\n(Bản sao)\n"}, "cv12-ban-sao.txt")
	id3 := again[0]["document_id"].(string)
	code, b = e.jsonReq("POST", "/api/v1/documents/"+id3+"/register", map[string]string{"received_date": "2025-03-22"})
	if code != 409 || !strings.Contains(string(b), "duplicate_register") {
		t.Fatalf("duplicate warning: %d %s", code, b)
	}
	e.oa.check(t, "Error", b)
	code, b = e.jsonReq("POST", "/api/v1/documents/"+id3+"/register", map[string]any{"received_date": "2025-03-22", "force": true})
	if code != 201 || !strings.Contains(string(b), `"number":3`) {
		t.Fatalf("forced: %d %s", code, b)
	}
	code, b = e.get("/api/v1/register?from=2025-03-15&to=2025-03-31")
	e.oa.checkPath(t, "/register", "get", "200", b)
	if code != 200 || strings.Count(string(b), `"document_id"`) != 2 {
		t.Fatalf("register period: %s", b)
	}
	code, _, rb := e.do("GET", "/api/v1/register.xlsx?from=2025-03-01&to=2025-03-31", "", nil)
	rf, err := excelize.OpenReader(bytes.NewReader(rb))
	if code != 200 || err != nil {
		t.Fatalf("register xlsx: %d %v", code, err)
	}
	rrows, _ := rf.GetRows(rf.GetSheetName(0))
	if len(rrows) != 7 || rrows[3][0] != "Ngày đến" || rrows[3][1] != "Số đến" || rrows[4][1] != "1" || rrows[4][3] != "12-CV/HU" {
		t.Fatalf("register xlsx rows: %q", rrows)
	}

	// dashboard, open tasks, jobs, recent
	code, b = e.get("/api/v1/dashboard")
	e.oa.checkPath(t, "/dashboard", "get", "200", b)
	var dash struct {
		OpenTasks int `json:"open_tasks"`
		ByOrg     []struct{ Org string }
	}
	json.Unmarshal(b, &dash)
	// 2 tasks of cv12 (1 done) + 1 of pnv45 + 2 of the copy
	if code != 200 || dash.OpenTasks != 4 {
		t.Fatalf("dashboard: %s", b)
	}
	code, b = e.get("/api/v1/tasks?org=ban+to+chuc")
	e.oa.checkPath(t, "/tasks", "get", "200", b)
	if code != 200 || strings.Count(string(b), `"document_id"`) != 2 {
		t.Fatalf("tasks by org: %s", b)
	}
	// pages of tasks, limited dashboard lists with their counts
	code, b = e.get("/api/v1/tasks?limit=1&offset=1")
	e.oa.checkPath(t, "/tasks", "get", "200", b)
	var page struct {
		Tasks []struct{ Text string }
		Total int
	}
	json.Unmarshal(b, &page)
	if code != 200 || len(page.Tasks) != 1 || page.Total != 4 {
		t.Fatalf("tasks page: %s", b)
	}
	code, b = e.get("/api/v1/dashboard?limit=1")
	e.oa.checkPath(t, "/dashboard", "get", "200", b)
	var lim struct {
		Overdue      []struct{ Deadline string }
		OverdueCount int `json:"overdue_count"`
		DueSoonCount int `json:"due_soon_count"`
	}
	json.Unmarshal(b, &lim)
	if code != 200 || lim.DueSoonCount != 1 || lim.OverdueCount != len(lim.Overdue) {
		t.Fatalf("limited dashboard: %s", b)
	}
	code, b = e.get("/api/v1/jobs")
	e.oa.checkPath(t, "/jobs", "get", "200", b)
	code, b = e.get("/api/v1/documents?limit=2")
	e.oa.check(t, "HitList", b)

	// original and errors
	code, hdr, ob := e.do("GET", "/api/v1/documents/"+id+"/original", "", nil)
	if code != 200 || string(ob) != webCongVan || !strings.Contains(hdr.Get("Content-Disposition"), "cv12.txt") {
		t.Fatalf("original: %d %v", code, hdr)
	}
	code, b = e.get("/api/v1/documents/" + id + "/pages/1.png")
	if code != 404 {
		t.Fatalf("text has no page images: %d", code)
	}
	e.oa.check(t, "Error", b)
	code, b = e.get("/api/v1/documents/ffffffffffffffff")
	if code != 404 || !strings.Contains(string(b), "Không tìm thấy văn bản") {
		t.Fatalf("404: %d %s", code, b)
	}
	e.oa.check(t, "Error", b)
	code, b = e.get("/api/v1/jobs/khong-co")
	if code != 404 {
		t.Fatalf("job 404: %d", code)
	}
	e.oa.check(t, "Error", b)
	code, _, b = e.do("POST", "/api/v1/documents", "text/plain", strings.NewReader("x"))
	if code != 400 {
		t.Fatalf("non-multipart upload: %d", code)
	}
	e.oa.check(t, "Error", b)
}

// A job acknowledged by a queue that stopped before running it is done
// after the queue opens again.
func TestQueueResumesAfterRestart(t *testing.T) {
	dir := t.TempDir()
	a, err := archive.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobs.Open(a, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	j, err := q.Submit("cv12.txt", []byte(webCongVan), "test") // never started
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	a, err = archive.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	q, err = jobs.Open(a, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	q.Start(ctx)
	defer q.Close()
	got, err := q.Wait(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "done" || got.DocumentID == "" {
		t.Fatalf("resumed job: %+v", got)
	}
	if rec, err := a.Get(got.DocumentID); err != nil || *rec.Doc.Number != "12-CV/HU" {
		t.Fatalf("stored record: %v %v", rec, err)
	}
}
