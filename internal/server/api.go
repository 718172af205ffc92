package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"vanthu/index"
	"vanthu/ingest"
	"vanthu/internal/archive"
	"vanthu/internal/auth"
	"vanthu/internal/checklist"
	"vanthu/internal/jobs"
	"vanthu/internal/register"
	"vanthu/internal/store"
)

// MaxUploadBytes bounds one upload request (all its files together).
const MaxUploadBytes = 4 * ingest.MaxFileSize

// MaxUploadFiles bounds the files of one upload request.
const MaxUploadFiles = 200

// apiError is the JSON error body: a stable code and a Vietnamese message.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	Details any    `json:"details,omitempty"`
}

// fail answers with a JSON error.
func (s *Server) fail(c *gin.Context, status int, code, msg string) {
	c.AbortWithStatusJSON(status, gin.H{"error": apiError{Code: code, Message: msg}})
}

// failErr maps a backend error to an HTTP status and JSON error.
func (s *Server) failErr(c *gin.Context, err error) {
	var fe *archive.FieldError
	var ie *ingest.Error
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.fail(c, http.StatusNotFound, "not_found", "Không tìm thấy văn bản.")
	case errors.Is(err, store.ErrAmbiguous):
		s.fail(c, http.StatusBadRequest, "ambiguous_id", store.ErrAmbiguous.Error())
	case errors.Is(err, store.ErrJobNotFound):
		s.fail(c, http.StatusNotFound, "job_not_found", "Không tìm thấy lượt tải lên.")
	case errors.Is(err, archive.ErrNoPage):
		s.fail(c, http.StatusNotFound, "page_not_found", "Văn bản không có trang này.")
	case errors.Is(err, store.ErrAlreadyRegistered):
		s.fail(c, http.StatusConflict, "already_registered", store.ErrAlreadyRegistered.Error()+".")
	case errors.As(err, &fe):
		c.AbortWithStatusJSON(http.StatusUnprocessableEntity, gin.H{"error": apiError{Code: "invalid_field", Message: fe.Message, Field: fe.Field}})
	case errors.As(err, &ie):
		s.fail(c, http.StatusBadRequest, ie.Code, ie.Message)
	default:
		s.Log.Error("request failed", "path", c.Request.URL.Path, "err", err)
		s.fail(c, http.StatusInternalServerError, "internal_error", "Lỗi nội bộ của máy chủ; thao tác chưa được thực hiện.")
	}
}

func (s *Server) apiRoutes(g *gin.RouterGroup) {
	g.GET("/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json", openAPIJSON) })

	read := g.Group("", s.require(auth.Read))
	read.GET("/documents", s.apiRecent)
	read.GET("/documents/:id", s.apiDocument)
	read.GET("/documents/:id/original", s.apiOriginal)
	read.GET("/documents/:id/pages/:page", s.apiPage)
	read.GET("/documents/:id/corrections", s.apiCorrections)
	read.GET("/documents/:id/citing", s.apiCiting)
	read.GET("/documents/:id/similar", s.apiSimilar)
	read.GET("/documents/:id/checklist", s.apiChecklist)
	read.GET("/documents/:id/tasks", s.apiTasks)
	read.GET("/search", s.admitSearch(), s.apiSearch)
	read.GET("/tasks", s.apiOpenTasks)
	read.GET("/dashboard", s.apiDashboard)
	read.GET("/me", s.apiMe)
	g.PUT("/documents/:id/tasks/:n", s.require(auth.MarkTasks), s.apiSetTask)

	g.POST("/documents", s.require(auth.Upload), s.apiUpload)
	g.GET("/jobs", s.require(auth.Upload), s.apiJobs)
	g.GET("/jobs/:id", s.require(auth.Upload), s.apiJob)
	g.PATCH("/documents/:id", s.require(auth.Correct), s.apiCorrect)

	reg := g.Group("", s.require(auth.Register))
	reg.POST("/documents/:id/register", s.apiRegister)
	reg.GET("/register", s.apiRegisterList)
	reg.GET("/register.xlsx", func(c *gin.Context) { s.registerXLSX(c) })

	g.GET("/users", s.require(auth.ManageUser), s.apiUsers)
	g.GET("/audit", s.require(auth.ViewAudit), s.apiAudit)
}

// jobView is a job as the API shows it.
type jobView struct {
	ID         string  `json:"id"`
	File       string  `json:"file"`
	Status     string  `json:"status"`
	Stage      string  `json:"stage"`
	StageLabel string  `json:"stage_label"`
	Progress   float64 `json:"progress"`
	Detail     string  `json:"detail"`
	DocumentID *string `json:"document_id"`
	ErrorCode  string  `json:"error_code,omitempty"`
	Error      *string `json:"error"`
	CreatedAt  string  `json:"created_at"`
	UpdatedAt  string  `json:"updated_at"`
}

func viewJob(j *jobs.Job) jobView {
	v := jobView{ID: j.ID, File: j.File, Status: j.Status, Stage: j.Stage, StageLabel: jobs.StageLabel(j.Stage),
		Progress: j.Progress, Detail: j.Detail, ErrorCode: j.ErrorCode, CreatedAt: j.CreatedAt, UpdatedAt: j.UpdatedAt}
	if j.DocumentID != "" {
		v.DocumentID = &j.DocumentID
	}
	if j.Error != "" {
		v.Error = &j.Error
	}
	return v
}

// uploadResult is one file of an upload request.
type uploadResult struct {
	ID     string `json:"id"`
	File   string `json:"file"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// Upload reads every "file" part of a multipart request and queues it.
// Files that cannot be accepted (empty, too large) come back as failed
// entries; the others are queued.
func (s *Server) Upload(c *gin.Context) ([]uploadResult, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxUploadBytes)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, &ingest.Error{Code: "bad_request", Message: "Yêu cầu tải lên phải là multipart/form-data có ít nhất một phần \"file\"."}
	}
	var out []uploadResult
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return out, &ingest.Error{Code: ingest.CodeTooLarge, Message: fmt.Sprintf("Lượt tải lên quá lớn (tối đa %d MB mỗi lần).", MaxUploadBytes>>20)}
			}
			return out, &ingest.Error{Code: "bad_request", Message: "Dữ liệu tải lên bị hỏng hoặc bị ngắt giữa chừng."}
		}
		if p.FormName() != "file" || p.FileName() == "" {
			p.Close()
			continue
		}
		if len(out) >= MaxUploadFiles {
			return out, &ingest.Error{Code: "too_many_files", Message: fmt.Sprintf("Mỗi lần chỉ tải lên tối đa %d tệp.", MaxUploadFiles)}
		}
		name := ingest.CleanName(p.FileName())
		data, err := io.ReadAll(io.LimitReader(p, ingest.MaxFileSize+1))
		p.Close()
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return out, &ingest.Error{Code: ingest.CodeTooLarge, Message: fmt.Sprintf("Lượt tải lên quá lớn (tối đa %d MB mỗi lần).", MaxUploadBytes>>20)}
			}
			return out, &ingest.Error{Code: "bad_request", Message: "Dữ liệu tải lên bị hỏng hoặc bị ngắt giữa chừng."}
		}
		j, err := s.Jobs.Submit(name, data, s.user(c))
		if err != nil {
			var ie *ingest.Error
			if errors.As(err, &ie) {
				out = append(out, uploadResult{File: name, Status: store.JobFailed, Error: ie.Message})
				continue
			}
			return out, err
		}
		s.audit(c, "upload", j.ID, j.File, true)
		out = append(out, uploadResult{ID: j.ID, File: j.File, Status: j.Status})
	}
	if len(out) == 0 {
		return nil, &ingest.Error{Code: "no_file", Message: "Không có tệp nào trong yêu cầu tải lên (phần \"file\")."}
	}
	return out, nil
}

func (s *Server) apiUpload(c *gin.Context) {
	res, err := s.Upload(c)
	if err != nil && len(res) == 0 {
		s.failErr(c, err)
		return
	}
	if err != nil { // some files were queued before the request broke: report them
		var ie *ingest.Error
		msg := "Một phần yêu cầu tải lên bị lỗi."
		if errors.As(err, &ie) {
			msg = ie.Message
		}
		res = append(res, uploadResult{Status: store.JobFailed, Error: msg})
	}
	c.JSON(http.StatusAccepted, gin.H{"jobs": res})
}

func (s *Server) apiJobs(c *gin.Context) {
	js, err := s.Jobs.Recent(intParam(c, "limit", 20, 200), jobOwner(c))
	if err != nil {
		s.failErr(c, err)
		return
	}
	out := make([]jobView, len(js))
	for i, j := range js {
		out[i] = viewJob(j)
	}
	c.JSON(http.StatusOK, gin.H{"jobs": out})
}

func (s *Server) apiJob(c *gin.Context) {
	j, err := s.Jobs.Get(c.Param("id"))
	if err == nil && !ownsJob(c, j) {
		err = store.ErrJobNotFound
	}
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.JSON(http.StatusOK, viewJob(j))
}

func intParam(c *gin.Context, name string, def, maxV int) int {
	n, err := strconv.Atoi(c.Query(name))
	if err != nil || n <= 0 {
		return def
	}
	return min(n, maxV)
}

// documentJSON is the vanthu.document/v1 record with the archive's id
// added as its first key.
func documentJSON(rec *store.Record) ([]byte, error) {
	b, err := json.Marshal(rec.Doc)
	if err != nil {
		return nil, err
	}
	id, _ := json.Marshal(rec.ID)
	return append(append([]byte(`{"id":`), id...), append([]byte(","), b[1:]...)...), nil
}

func (s *Server) writeDocument(c *gin.Context, status int, rec *store.Record) {
	b, err := documentJSON(rec)
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.Data(status, "application/json; charset=utf-8", b)
}

func (s *Server) apiDocument(c *gin.Context) {
	rec := s.record(c)
	if rec == nil {
		return
	}
	s.audit(c, "view", rec.ID, "api", true)
	s.writeDocument(c, http.StatusOK, rec)
}

func (s *Server) apiRecent(c *gin.Context) {
	rs, err := s.Arch.Store.Recent(intParam(c, "limit", 20, archive.MaxLimit), clearance(c))
	if err != nil {
		s.failErr(c, err)
		return
	}
	out := make([]archive.Hit, len(rs))
	for i, r := range rs {
		out[i] = archive.HitOf(r)
	}
	c.JSON(http.StatusOK, gin.H{"documents": out})
}

func (s *Server) apiCorrect(c *gin.Context) {
	var patch map[string]any
	dec := json.NewDecoder(io.LimitReader(c.Request.Body, 1<<20))
	dec.UseNumber()
	if err := dec.Decode(&patch); err != nil || patch == nil {
		s.fail(c, http.StatusBadRequest, "bad_json", "Nội dung chỉnh sửa phải là một đối tượng JSON, ví dụ {\"subject\": \"...\"}.")
		return
	}
	rec := s.record(c)
	if rec == nil {
		return
	}
	rec, err := s.Arch.Correct(rec.ID, patch, s.user(c))
	if err != nil && rec == nil {
		s.audit(c, "correct", c.Param("id"), err.Error(), false)
		s.failErr(c, err)
		return
	}
	s.audit(c, "correct", rec.ID, patchFields(patch), true)
	s.writeDocument(c, http.StatusOK, rec)
}

func (s *Server) apiOriginal(c *gin.Context) {
	rec := s.record(c)
	if rec == nil {
		return
	}
	data, mt, name, err := s.Arch.Original(rec.ID)
	if err != nil {
		s.failErr(c, err)
		return
	}
	s.audit(c, "download", rec.ID, name, true)
	if mt == "" {
		mt = "application/octet-stream"
	}
	disp := "inline"
	if c.Query("download") != "" {
		disp = "attachment"
	}
	c.Header("Content-Disposition", mime.FormatMediaType(disp, map[string]string{"filename": name}))
	c.Header("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(mt, "text/html") { // never run an uploaded page in our origin
		c.Header("Content-Security-Policy", "sandbox")
	}
	c.Data(http.StatusOK, mt, data)
}

func (s *Server) apiPage(c *gin.Context) {
	p := strings.TrimSuffix(c.Param("page"), ".png")
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 {
		s.fail(c, http.StatusNotFound, "page_not_found", "Văn bản không có trang này.")
		return
	}
	dpi := intParam(c, "dpi", 110, 300)
	rec := s.record(c)
	if rec == nil {
		return
	}
	b, err := s.Arch.RenderPage(rec.ID, n, dpi)
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.Header("Cache-Control", "private, max-age=86400")
	c.Data(http.StatusOK, "image/png", b)
}

func (s *Server) apiCorrections(c *gin.Context) {
	rec := s.record(c)
	if rec == nil {
		return
	}
	cs, err := s.Arch.Store.Corrections(rec.ID)
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"corrections": cs})
}

func hits(rs []*store.Record) []archive.Hit {
	out := make([]archive.Hit, len(rs))
	for i, r := range rs {
		out[i] = archive.HitOf(r)
	}
	return out
}

func (s *Server) apiCiting(c *gin.Context) {
	rec := s.record(c)
	if rec == nil {
		return
	}
	rs, err := s.Arch.Citing(rec.ID, clearance(c))
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"documents": hits(rs)})
}

func (s *Server) apiSimilar(c *gin.Context) {
	rec := s.record(c)
	if rec == nil {
		return
	}
	q := indexQueryLimit(intParam(c, "limit", 10, archive.MaxLimit))
	q.MaxSecrecy = secrecyFilter(c)
	res, err := s.Arch.Similar(rec.ID, q)
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// searchParams reads a search from the query string (API names).
func searchParams(c *gin.Context) archive.SearchParams {
	return archive.SearchParams{Q: c.Query("q"), Types: c.QueryArray("type"), Issuer: c.Query("issuer"),
		Year: c.Query("year"), From: c.Query("from"), To: c.Query("to"), OpenTasks: c.Query("open_tasks"),
		Citing: c.Query("citing"), Sort: c.Query("sort"), Limit: intParam(c, "limit", 10, archive.MaxLimit),
		Offset: intParam(c, "offset", 0, 10000)}
}

func (s *Server) apiSearch(c *gin.Context) {
	q, err := searchParams(c).Query()
	if err != nil {
		s.fail(c, http.StatusBadRequest, "bad_query", err.Error())
		return
	}
	if archive.Empty(q) {
		s.fail(c, http.StatusBadRequest, "empty_query", "Hãy nhập từ khóa tìm kiếm (q) hoặc ít nhất một bộ lọc.")
		return
	}
	q.MaxSecrecy = secrecyFilter(c)
	res, err := s.Arch.Search(q)
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// Checklist returns a record's checklist items (filtered by org when set).
func (s *Server) Checklist(rec *store.Record, org string) ([]checklist.Item, error) {
	st, err := s.Arch.Store.TaskStates(rec.ID)
	if err != nil {
		return nil, err
	}
	return checklist.Filter(checklist.Build(rec.Doc, checklist.StatesFrom(st)), org), nil
}

func (s *Server) apiChecklist(c *gin.Context) {
	f, err := checklist.LookupFormat(c.Query("format"))
	if err != nil {
		s.fail(c, http.StatusBadRequest, "bad_format", err.Error())
		return
	}
	rec := s.record(c)
	if rec == nil {
		return
	}
	items, err := s.Checklist(rec, c.Query("org"))
	if err != nil {
		s.failErr(c, err)
		return
	}
	var buf bytes.Buffer
	meta := checklist.NewMeta(rec.Doc, rec.ID, s.absURL(c, "/van-ban/"+rec.ID))
	if err := checklist.Write(&buf, f, meta, items, s.Now(), writeJSON); err != nil {
		s.failErr(c, err)
		return
	}
	if f.Name != "json" {
		s.audit(c, "export", rec.ID, "danh sách nhiệm vụ "+f.Name, true)
		c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": checklist.FileName(rec.Doc, rec.ID, f)}))
	}
	c.Data(http.StatusOK, f.ContentType, buf.Bytes())
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// absURL makes a link absolute on the request's host, for exported files.
func (s *Server) absURL(c *gin.Context, path string) string {
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host + path
}

func (s *Server) apiTasks(c *gin.Context) {
	rec := s.record(c)
	if rec == nil {
		return
	}
	st, err := s.Arch.Store.TaskStates(rec.ID)
	if err != nil {
		s.failErr(c, err)
		return
	}
	out := make([]store.TaskState, len(rec.Doc.Tasks))
	for i := range rec.Doc.Tasks {
		if v, ok := st[i]; ok {
			out[i] = v
		} else {
			out[i] = store.TaskState{Task: i, Status: store.TaskOpen}
		}
	}
	c.JSON(http.StatusOK, gin.H{"tasks": out})
}

func (s *Server) apiSetTask(c *gin.Context) {
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 {
		s.fail(c, http.StatusNotFound, "task_not_found", "Không có nhiệm vụ này.")
		return
	}
	var body struct {
		Status string `json:"status"`
		Note   string `json:"note"`
	}
	if err := json.NewDecoder(io.LimitReader(c.Request.Body, 64<<10)).Decode(&body); err != nil {
		s.fail(c, http.StatusBadRequest, "bad_json", "Nội dung phải là JSON {\"status\": \"open|in_progress|done\", \"note\": \"...\"}.")
		return
	}
	rec := s.record(c)
	if rec == nil {
		return
	}
	if n > len(rec.Doc.Tasks) {
		s.fail(c, http.StatusNotFound, "task_not_found", fmt.Sprintf("Văn bản không có nhiệm vụ số %d.", n))
		return
	}
	if !mayMark(c, rec.Doc.Tasks[n-1]) {
		s.audit(c, "denied", rec.ID, fmt.Sprintf("nhiệm vụ %d không thuộc đơn vị", n), false)
		s.fail(c, http.StatusForbidden, "not_your_task", "Cán bộ chỉ được cập nhật nhiệm vụ mà đơn vị mình chủ trì hoặc phối hợp.")
		return
	}
	if err := s.Arch.SetTaskState(rec.ID, n-1, body.Status, body.Note, s.user(c)); err != nil {
		s.failErr(c, err)
		return
	}
	s.audit(c, "task", rec.ID, fmt.Sprintf("nhiệm vụ %d: %s", n, body.Status), true)
	st, err := s.Arch.Store.TaskStates(rec.ID)
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.JSON(http.StatusOK, st[n-1])
}

func (s *Server) apiRegister(c *gin.Context) {
	var in archive.RegisterInput
	if c.Request.ContentLength != 0 {
		if err := json.NewDecoder(io.LimitReader(c.Request.Body, 64<<10)).Decode(&in); err != nil && err != io.EOF {
			s.fail(c, http.StatusBadRequest, "bad_json", "Nội dung phải là JSON với các trường received_date, recipient, transfer_date, signed, note, force.")
			return
		}
	}
	if in.ReceivedDate == "" {
		in.ReceivedDate = s.Now().Format("2006-01-02")
	}
	rec := s.record(c)
	if rec == nil {
		return
	}
	e, dups, err := s.Arch.Register(rec.ID, in, s.user(c))
	if errors.Is(err, archive.ErrDuplicateRegister) {
		c.AbortWithStatusJSON(http.StatusConflict, gin.H{"error": apiError{Code: "duplicate_register",
			Message: "Sổ văn bản đến đã có văn bản cùng số, ký hiệu và cơ quan ban hành; gửi lại với \"force\": true nếu vẫn muốn vào sổ.",
			Details: dups}})
		return
	}
	if err != nil {
		s.failErr(c, err)
		return
	}
	s.audit(c, "register", rec.ID, fmt.Sprintf("số đến %d/%d", e.Number, e.Year), true)
	c.JSON(http.StatusCreated, gin.H{"entry": e, "duplicates": dups})
}

func (s *Server) apiRegisterList(c *gin.Context) {
	if c.Query("format") == "xlsx" {
		s.registerXLSX(c)
		return
	}
	from, to, ok := s.period(c)
	if !ok {
		return
	}
	es, err := s.Arch.Store.RegisterEntries(from, to, clearance(c))
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"from": from, "to": to, "entries": es})
}

// period reads and checks the from/to query parameters (ISO dates).
func (s *Server) period(c *gin.Context) (from, to string, ok bool) {
	from, to = c.Query("from"), c.Query("to")
	if from == "" {
		from = c.Query("tu")
	}
	if to == "" {
		to = c.Query("den")
	}
	for _, v := range []string{from, to} {
		if v != "" && !isISODate(v) {
			s.fail(c, http.StatusBadRequest, "bad_date", fmt.Sprintf("Ngày %q không hợp lệ; hãy nhập theo dạng năm-tháng-ngày.", v))
			return "", "", false
		}
	}
	return from, to, true
}

func (s *Server) registerXLSX(c *gin.Context) {
	from, to, ok := s.period(c)
	if !ok {
		return
	}
	es, err := s.Arch.Store.RegisterEntries(from, to, clearance(c))
	if err != nil {
		s.failErr(c, err)
		return
	}
	s.audit(c, "export", "register", register.Period(from, to), true)
	var buf bytes.Buffer
	if err := register.WriteXLSX(&buf, es, from, to); err != nil {
		s.failErr(c, err)
		return
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "so-van-ban-den.xlsx"}))
	c.Data(http.StatusOK, checklist.Formats["xlsx"].ContentType, buf.Bytes())
}

func (s *Server) apiOpenTasks(c *gin.Context) {
	var ts []archive.TaskRef
	if due := c.Query("due"); due == "overdue" || due == "soon" {
		d, err := s.Arch.Dashboard(s.Now(), clearance(c))
		if err != nil {
			s.failErr(c, err)
			return
		}
		ts = d.Overdue
		if due == "soon" {
			ts = d.DueSoon
		}
	} else {
		all, _, err := s.Arch.OpenTasks()
		if err != nil {
			s.failErr(c, err)
			return
		}
		ts = archive.VisibleTasks(all, clearance(c))
	}
	if org := c.Query("org"); org != "" {
		ts = archive.FilterTasks(ts, org)
	}
	total := len(ts)
	if off := intParam(c, "offset", 0, total); off > 0 {
		ts = ts[off:]
	}
	if n := intParam(c, "limit", 0, maxTaskPage); n > 0 && n < len(ts) {
		ts = ts[:n]
	}
	if ts == nil {
		ts = []archive.TaskRef{}
	}
	c.JSON(http.StatusOK, gin.H{"tasks": ts, "total": total})
}

// maxTaskPage is the largest page of tasks the API returns at once when
// asked for a limit.
const maxTaskPage = 10000

func (s *Server) apiDashboard(c *gin.Context) {
	d, err := s.Arch.Dashboard(s.Now(), clearance(c))
	if err != nil {
		s.failErr(c, err)
		return
	}
	// limit keeps the most recently due overdue tasks and the soonest due
	overdue, soon := d.Overdue, d.DueSoon
	if n := intParam(c, "limit", 0, maxTaskPage); n > 0 {
		overdue, soon = overdue[max(0, len(overdue)-n):], soon[:min(n, len(soon))]
	}
	c.JSON(http.StatusOK, gin.H{"today": d.Today, "documents": d.Docs, "open_tasks": d.Open, "by_org": d.ByOrg,
		"overdue": overdue, "due_soon": soon, "overdue_count": len(d.Overdue), "due_soon_count": len(d.DueSoon),
		"recent": hits(d.Recent)})
}

func isISODate(v string) bool {
	_, err := time.Parse("2006-01-02", v)
	return err == nil
}

func indexQueryLimit(n int) index.Query { return index.Query{Limit: n} }

// meView is the caller's account as the API shows it.
type meView struct {
	Name      string `json:"name"`
	Role      string `json:"role"`
	Clearance string `json:"clearance"`
	Org       string `json:"org"`
}

func (s *Server) apiMe(c *gin.Context) {
	u := account(c)
	c.JSON(http.StatusOK, meView{Name: u.Name, Role: u.Role, Clearance: auth.ClearanceName(u.Clearance), Org: u.Org})
}

func (s *Server) apiUsers(c *gin.Context) {
	us, err := s.Arch.Store.Users()
	if err != nil {
		s.failErr(c, err)
		return
	}
	out := make([]meView, len(us))
	for i, u := range us {
		out[i] = meView{Name: u.Name, Role: u.Role, Clearance: auth.ClearanceName(u.Clearance), Org: u.Org}
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

func (s *Server) apiAudit(c *gin.Context) {
	before, _ := strconv.ParseInt(c.Query("before"), 10, 64)
	es, err := s.Arch.Store.AuditLog(c.Query("action"), c.Query("actor"), before, intParam(c, "limit", 100, 1000))
	if err != nil {
		s.failErr(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"entries": es})
}

// record loads the document named by :id for the caller; a document above
// the caller's clearance is answered exactly like a missing one (404).
func (s *Server) record(c *gin.Context) *store.Record {
	rec, err := s.Arch.Get(c.Param("id"))
	if err == nil && !visible(c, rec) {
		s.audit(c, "denied", rec.ID, "văn bản mật vượt mức được tiếp cận", false)
		rec, err = nil, store.ErrNotFound
	}
	if err != nil {
		s.failErr(c, err)
		return nil
	}
	return rec
}

// patchFields lists the fields of a correction, for the audit log.
func patchFields(patch map[string]any) string {
	keys := make([]string, 0, len(patch))
	for k := range patch {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}
