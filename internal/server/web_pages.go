package server

// Handlers of the web UI pages (see webRoutes in web.go).

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"vanthu/ingest"
	"vanthu/internal/archive"
	"vanthu/internal/checklist"
	"vanthu/internal/document"
	"vanthu/internal/jobs"
	"vanthu/internal/store"
	"vanthu/internal/textnorm"
)

// today is the server's current date (s.Now) as ISO.
func (s *Server) today() string { return s.Now().Format("2006-01-02") }

// ---- Tổng quan -----------------------------------------------------------

type dashboardBody struct {
	D     *archive.Dashboard
	Jobs  []*jobs.Job
	Today string
	// the task lists as shown: at most dashboardRows each, overdue ones
	// most recently due first; Hidden* count the rest
	Overdue, DueSoon             []archive.TaskRef
	HiddenOverdue, HiddenDueSoon int
}

// dashboardRows is how many tasks each list of the home page shows: an
// archive of years holds thousands of overdue tasks.
const dashboardRows = 50

func (s *Server) webDashboard(c *gin.Context) {
	d, err := s.Arch.Dashboard(s.Now(), clearance(c))
	if err != nil {
		s.internalError(c, err)
		return
	}
	var js []*jobs.Job
	if s.Jobs != nil {
		if js, err = s.Jobs.Recent(8, jobOwner(c)); err != nil {
			s.Log.Warn("recent jobs", "err", err)
		}
	}
	body := dashboardBody{D: d, Jobs: js, Today: d.Today}
	for i := len(d.Overdue) - 1; i >= 0 && len(body.Overdue) < dashboardRows; i-- {
		body.Overdue = append(body.Overdue, d.Overdue[i])
	}
	body.DueSoon = d.DueSoon[:min(len(d.DueSoon), dashboardRows)]
	body.HiddenOverdue, body.HiddenDueSoon = len(d.Overdue)-len(body.Overdue), len(d.DueSoon)-len(body.DueSoon)
	s.render(c, http.StatusOK, "dashboard", &page{Title: "Tổng quan", Active: "home", Body: body})
}

// ---- Tải lên ---------------------------------------------------------------

// uploadExts are the file types the upload page accepts.
var uploadExts = []string{".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".docx", ".html", ".htm", ".txt"}

type uploadBody struct {
	Accept  string
	MaxMB   int64
	Jobs    []*jobs.Job
	Missing []string
	Pending bool
	Error   string
}

func newUploadBody() uploadBody {
	return uploadBody{Accept: strings.Join(uploadExts, ","), MaxMB: ingest.MaxFileSize >> 20}
}

func (s *Server) webUpload(c *gin.Context) {
	b := newUploadBody()
	if skipped := c.Query("bo-qua"); skipped != "" {
		b.Error = "Các tệp sau không được nhận: " + skipped
	}
	if ids := c.Query("jobs"); ids != "" && s.Jobs != nil {
		for i, id := range strings.Split(ids, ",") {
			if id = strings.TrimSpace(id); id == "" || i >= 50 {
				continue
			}
			j, err := s.Jobs.Get(id)
			if err == nil && !ownsJob(c, j) {
				err = store.ErrJobNotFound
			}
			if err != nil {
				if !errors.Is(err, store.ErrJobNotFound) {
					s.Log.Warn("get job", "job", id, "err", err)
				}
				b.Missing = append(b.Missing, id)
				continue
			}
			b.Jobs = append(b.Jobs, j)
			if !jobs.Finished(j.Status) {
				b.Pending = true
			}
		}
	}
	p := &page{Title: "Tải lên", Active: "upload", Body: b}
	if b.Pending {
		p.Refresh = 2
	}
	s.render(c, http.StatusOK, "upload", p)
}

// webUploadPost is the no-JS upload: it queues every file part named
// "file" and shows those jobs.
func (s *Server) webUploadPost(c *gin.Context) {
	fail := func(status int, msg string) {
		b := newUploadBody()
		b.Error = msg
		s.render(c, status, "upload", &page{Title: "Tải lên", Active: "upload", Return: "/tai-len", Body: b})
	}
	if s.Jobs == nil {
		fail(http.StatusServiceUnavailable, "Chức năng tải lên chưa sẵn sàng trên máy chủ này.")
		return
	}
	res, err := s.Upload(c)
	var ids, skipped []string
	for _, r := range res {
		if r.ID != "" {
			ids = append(ids, r.ID)
			continue
		}
		msg := strings.TrimSuffix(r.Error, ".")
		if r.File != "" {
			msg = r.File + " (" + msg + ")"
		}
		skipped = append(skipped, msg)
	}
	if err != nil {
		var ie *ingest.Error
		if !errors.As(err, &ie) {
			s.internalError(c, err)
			return
		}
		if len(ids) == 0 {
			status := http.StatusBadRequest
			if ie.Code == ingest.CodeTooLarge {
				status = http.StatusRequestEntityTooLarge
			}
			if ie.Code == "no_file" {
				fail(status, "Hãy chọn ít nhất một tệp để tải lên.")
				return
			}
			fail(status, ie.Message)
			return
		}
		skipped = append(skipped, strings.TrimSuffix(ie.Message, "."))
	}
	if len(ids) == 0 {
		fail(http.StatusBadRequest, "Không tệp nào được nhận: "+strings.Join(skipped, "; ")+".")
		return
	}
	q := url.Values{"jobs": {strings.Join(ids, ",")}}
	if len(skipped) > 0 {
		q.Set("bo-qua", strings.Join(skipped, "; "))
	}
	c.Redirect(http.StatusSeeOther, "/tai-len?"+q.Encode())
}

// ---- Tìm kiếm --------------------------------------------------------------

const searchPageSize = 10

// searchState is the whole state of the search page, as carried by the URL.
type searchState struct {
	Q, CoQuan, Nam, Tu, Den string
	Loai                    []string
	Viec, SortDate          bool
	Trang                   int
}

func (st searchState) values() url.Values {
	v := url.Values{}
	if st.Q != "" {
		v.Set("q", st.Q)
	}
	for _, l := range st.Loai {
		v.Add("loai", l)
	}
	if st.CoQuan != "" {
		v.Set("co-quan", st.CoQuan)
	}
	if st.Nam != "" {
		v.Set("nam", st.Nam)
	}
	if st.Tu != "" {
		v.Set("tu", st.Tu)
	}
	if st.Den != "" {
		v.Set("den", st.Den)
	}
	if st.Viec {
		v.Set("viec", "mo")
	}
	if st.SortDate {
		v.Set("sap-xep", "ngay")
	}
	if st.Trang > 1 {
		v.Set("trang", strconv.Itoa(st.Trang))
	}
	return v
}

// url is the search URL of a state derived from st by edit (page reset to 1
// unless edit sets it).
func (st searchState) url(edit func(*searchState)) string {
	n := st
	n.Loai = append([]string(nil), st.Loai...)
	n.Trang = 1
	if edit != nil {
		edit(&n)
	}
	if e := n.values().Encode(); e != "" {
		return "/tim-kiem?" + e
	}
	return "/tim-kiem"
}

type facetItem struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

type facetGroup struct {
	Name  string
	Items []facetItem
}

type chip struct{ Label, URL string }

type hitView struct {
	ID, Number, TypeLabel, Date, Issuer string
	Subject                             any // template.HTML when highlighted
	Snippets                            []any
}

type pageLink struct {
	N            int
	URL          string
	Current, Gap bool
}

type searchBody struct {
	searchState
	Searched    bool
	Error       string
	Total       uint64
	First, Last int
	Hits        []hitView
	Facets      []facetGroup
	OpenCount   uint64
	OpenURL     string
	Chips       []chip
	Pages       []pageLink
	Prev, Next  string
}

func (s *Server) webSearch(c *gin.Context) {
	st := searchState{
		Q:      strings.TrimSpace(c.Query("q")),
		CoQuan: strings.TrimSpace(c.Query("co-quan")),
		Nam:    strings.TrimSpace(c.Query("nam")),
		Tu:     strings.TrimSpace(c.Query("tu")),
		Den:    strings.TrimSpace(c.Query("den")),
	}
	for _, l := range c.QueryArray("loai") {
		if l = strings.TrimSpace(l); l != "" {
			st.Loai = append(st.Loai, l)
		}
	}
	st.Viec = c.Query("viec") != ""
	st.SortDate = c.Query("sap-xep") == "ngay"
	st.Trang, _ = strconv.Atoi(c.Query("trang"))
	st.Trang = max(st.Trang, 1)
	// Dates typed as dd/mm/yyyy (browsers without a date picker).
	for _, d := range []*string{&st.Tu, &st.Den} {
		if iso, ok := parseDateInput(*d); ok {
			*d = iso
		}
	}
	body := &searchBody{searchState: st}
	p := &page{Title: "Tìm kiếm", Active: "search", Body: body}
	if st.Q != "" {
		p.Title = st.Q + " — Tìm kiếm"
	}
	params := archive.SearchParams{Q: st.Q, Types: st.Loai, Issuer: st.CoQuan, Year: st.Nam, From: st.Tu, To: st.Den,
		Limit: searchPageSize, Offset: (st.Trang - 1) * searchPageSize}
	if st.Viec {
		params.OpenTasks = "yes"
	}
	if st.SortDate {
		params.Sort = "date"
	}
	q, err := params.Query()
	if err != nil {
		body.Error = upperFirst(err.Error()) + "."
		s.render(c, http.StatusBadRequest, "search", p)
		return
	}
	if archive.Empty(q) {
		s.render(c, http.StatusOK, "search", p)
		return
	}
	body.Searched = true
	q.MaxSecrecy = secrecyFilter(c)
	res, err := s.Arch.Search(q)
	if err != nil {
		s.internalError(c, err)
		return
	}
	body.Total = res.Total
	body.OpenCount = res.Total
	if !st.Viec {
		body.OpenCount = 0
		for _, f := range res.Facets["has_open_tasks"] {
			if f.Term == "yes" {
				body.OpenCount = uint64(f.Count)
			}
		}
	}
	body.OpenURL = st.url(func(n *searchState) { n.Viec = !n.Viec })
	if n := len(res.Hits); n > 0 {
		body.First = q.Offset + 1
		body.Last = q.Offset + n
	}
	for _, h := range res.Hits {
		body.Hits = append(body.Hits, hitOf(h))
	}
	body.Facets = searchFacets(st, res)
	body.Chips = searchChips(st)
	body.Pages, body.Prev, body.Next = pager(st, res.Total)
	s.render(c, http.StatusOK, "search", p)
}

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	}
	return string(r)
}

func hitOf(h archive.Hit) hitView {
	v := hitView{ID: h.ID, Number: document.Val(h.Number), TypeLabel: typeLabel(h.DocType),
		Date: document.Val(h.IssuedDate), Issuer: document.Val(h.Issuer)}
	subject := document.Val(h.Subject)
	if subject != "" {
		v.Subject = subject
	}
	// A subject fragment replaces the subject only when it covers it whole
	// (fragments are cut at about 200 characters).
	for _, f := range h.Highlights["subject"] {
		if plain := plainFragment(f); len(plain) >= len(strings.Join(strings.Fields(subject), " "))*9/10 {
			v.Subject = highlight(f)
		} else {
			v.Snippets = append(v.Snippets, highlight(f))
		}
		break
	}
	for i, f := range h.Highlights["text"] {
		if i >= 2 {
			break
		}
		v.Snippets = append(v.Snippets, highlight(f))
	}
	return v
}

func searchFacets(st searchState, res *archive.Result) []facetGroup {
	var out []facetGroup
	if fs := res.Facets["doc_type"]; len(fs) > 0 {
		g := facetGroup{Name: "Loại văn bản"}
		for _, f := range fs {
			term := f.Term
			active := false
			for _, l := range st.Loai {
				if code, err := archive.DocTypeCode(l); err == nil && code == term {
					active = true
				}
			}
			g.Items = append(g.Items, facetItem{Label: typeLabel(term), Count: f.Count, Active: active,
				URL: st.url(func(n *searchState) {
					if active {
						n.Loai = removeDocType(n.Loai, term)
					} else {
						n.Loai = append(n.Loai, term)
					}
				})})
		}
		out = append(out, g)
	}
	if fs := res.Facets["issuer"]; len(fs) > 0 {
		g := facetGroup{Name: "Cơ quan ban hành"}
		for _, f := range fs {
			term := f.Term
			active := st.CoQuan != "" && textnorm.FoldKey(st.CoQuan) == textnorm.FoldKey(term)
			g.Items = append(g.Items, facetItem{Label: term, Count: f.Count, Active: active,
				URL: st.url(func(n *searchState) {
					if active {
						n.CoQuan = ""
					} else {
						n.CoQuan = term
					}
				})})
		}
		out = append(out, g)
	}
	if fs := res.Facets["year"]; len(fs) > 0 {
		fs = append(fs[:0:0], fs...)
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].Term > fs[j].Term })
		g := facetGroup{Name: "Năm ban hành"}
		for _, f := range fs {
			term := f.Term
			active := st.Nam == term
			g.Items = append(g.Items, facetItem{Label: term, Count: f.Count, Active: active,
				URL: st.url(func(n *searchState) {
					if active {
						n.Nam = ""
					} else {
						n.Nam = term
					}
				})})
		}
		out = append(out, g)
	}
	return out
}

func removeDocType(list []string, code string) []string {
	var out []string
	for _, l := range list {
		if c, err := archive.DocTypeCode(l); err == nil && c == code {
			continue
		}
		out = append(out, l)
	}
	return out
}

// searchChips are the active filters, each a link that removes it.
func searchChips(st searchState) []chip {
	var out []chip
	for _, l := range st.Loai {
		label := l
		if code, err := archive.DocTypeCode(l); err == nil {
			label = typeLabel(code)
		}
		l := l
		out = append(out, chip{Label: "Loại: " + label, URL: st.url(func(n *searchState) {
			for i, x := range n.Loai {
				if x == l {
					n.Loai = append(n.Loai[:i], n.Loai[i+1:]...)
					break
				}
			}
		})})
	}
	if st.CoQuan != "" {
		out = append(out, chip{Label: "Cơ quan: " + st.CoQuan, URL: st.url(func(n *searchState) { n.CoQuan = "" })})
	}
	if st.Nam != "" {
		out = append(out, chip{Label: "Năm " + st.Nam, URL: st.url(func(n *searchState) { n.Nam = "" })})
	}
	if st.Tu != "" {
		out = append(out, chip{Label: "Từ ngày " + viDate(st.Tu), URL: st.url(func(n *searchState) { n.Tu = "" })})
	}
	if st.Den != "" {
		out = append(out, chip{Label: "Đến ngày " + viDate(st.Den), URL: st.url(func(n *searchState) { n.Den = "" })})
	}
	if st.Viec {
		out = append(out, chip{Label: "Còn nhiệm vụ mở", URL: st.url(func(n *searchState) { n.Viec = false })})
	}
	return out
}

// pager lists page links around the current page: first, last, current ±2.
func pager(st searchState, total uint64) (links []pageLink, prev, next string) {
	last := int(math.Ceil(float64(total) / searchPageSize))
	last = min(last, 10000/searchPageSize+1) // the index pages up to offset 10000
	if last <= 1 {
		return nil, "", ""
	}
	cur := st.Trang
	at := func(n int) string { return st.url(func(s *searchState) { s.Trang = n }) }
	gap := false
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= cur-2 && n <= cur+2) {
			links = append(links, pageLink{N: n, URL: at(n), Current: n == cur})
			gap = false
		} else if !gap {
			links = append(links, pageLink{Gap: true})
			gap = true
		}
	}
	if cur > 1 {
		prev = at(min(cur-1, last))
	}
	if cur < last {
		next = at(cur + 1)
	}
	return links, prev, next
}

// ---- Văn bản ----------------------------------------------------------------

// webRecord loads the record named by :id, or answers 404/500 and returns nil.
func (s *Server) webRecord(c *gin.Context) *store.Record {
	rec, err := s.Arch.Get(c.Param("id"))
	if err == nil && !visible(c, rec) { // answered exactly like a missing document
		s.audit(c, "denied", rec.ID, "văn bản mật vượt mức được tiếp cận", false)
		rec, err = nil, store.ErrNotFound
	}
	switch {
	case err == nil:
		return rec
	case errors.Is(err, store.ErrNotFound):
		s.errorPage(c, http.StatusNotFound, "Không tìm thấy văn bản có mã “"+c.Param("id")+"”. Văn bản có thể chưa được lưu vào kho.")
	case errors.Is(err, store.ErrAmbiguous):
		s.errorPage(c, http.StatusNotFound, "Không tìm thấy văn bản: mã “"+c.Param("id")+"” khớp nhiều hơn một văn bản; hãy dùng mã đầy đủ.")
	default:
		s.internalError(c, err)
	}
	return nil
}

type option struct {
	Value, Label string
	Selected     bool
}

// fieldView is one correctable field: shown in the list and in the form.
type fieldView struct {
	Key, ID, Label string
	Kind           string // text, date, textarea, lines, select
	Display        string // for the list
	List           bool
	Lines          []string
	Value          string // form value
	Options        []option
	Error          string
}

// docFields are the fields of the document page, in display order.
var docFields = []struct{ key, kind string }{
	{"number", "text"}, {"issued_date", "date"}, {"issued_place", "text"}, {"issuer.name", "text"},
	{"issuer.parent", "text"}, {"doc_type", "select"}, {"subject", "textarea"}, {"recipients", "lines"},
	{"distribution", "lines"}, {"signer.name", "text"}, {"signer.position", "text"}, {"signer.authority", "text"},
	{"classification", "select"}, {"urgency", "select"},
}

// fieldValue returns a scalar field's current value, or the list for list fields.
func fieldValue(d *document.Document, key string) (string, []string) {
	switch key {
	case "number":
		return document.Val(d.Number), nil
	case "issued_date":
		return document.Val(d.IssuedDate), nil
	case "issued_place":
		return document.Val(d.IssuedPlace), nil
	case "issuer.name":
		return document.Val(d.Issuer.Name), nil
	case "issuer.parent":
		return document.Val(d.Issuer.Parent), nil
	case "doc_type":
		return d.DocType, nil
	case "subject":
		return document.Val(d.Subject), nil
	case "recipients":
		return "", d.Recipients
	case "distribution":
		return "", d.Distribution
	case "signer.name":
		return document.Val(d.Signer.Name), nil
	case "signer.position":
		return document.Val(d.Signer.Position), nil
	case "signer.authority":
		return document.Val(d.Signer.Authority), nil
	case "classification":
		return document.Val(d.Classification), nil
	case "urgency":
		return document.Val(d.Urgency), nil
	}
	return "", nil
}

// buildFields renders the fields of d; form (may be nil) overrides the
// form values with what the user submitted, and errField/errMsg mark the
// refused field.
func buildFields(d *document.Document, form url.Values, errField, errMsg string) []fieldView {
	var out []fieldView
	for _, f := range docFields {
		v := fieldView{Key: f.key, ID: "f-" + strings.ReplaceAll(f.key, ".", "-"), Label: fieldLabel(f.key), Kind: f.kind}
		val, list := fieldValue(d, f.key)
		switch f.kind {
		case "lines":
			v.List = true
			v.Lines = list
			v.Value = strings.Join(list, "\n")
		case "date":
			v.Display = dash(viDate(val))
			v.Value = val
		default:
			v.Display = dash(val)
			v.Value = val
		}
		if f.key == "doc_type" {
			v.Display = d.DocTypeLabel
			if v.Display == "" {
				v.Display = typeLabel(d.DocType)
			}
		}
		if form != nil {
			if fv, ok := form[f.key]; ok && len(fv) > 0 {
				v.Value = fv[0]
			}
		}
		switch f.key {
		case "doc_type":
			v.Options = docTypeOptions(v.Value)
		case "classification":
			v.Options = choiceOptions("Không mật", archive.Classifications, v.Value)
		case "urgency":
			v.Options = choiceOptions("Thường (không khẩn)", archive.Urgencies, v.Value)
		}
		if errField == f.key {
			v.Error = errMsg
		}
		out = append(out, v)
	}
	return out
}

func docTypeOptions(cur string) []option {
	var out []option
	for code, label := range document.DocTypeLabels {
		out = append(out, option{Value: code, Label: label, Selected: code == cur})
	}
	sort.Slice(out, func(i, j int) bool {
		return textnorm.FoldKey(out[i].Label) < textnorm.FoldKey(out[j].Label)
	})
	return out
}

func choiceOptions(none string, values []string, cur string) []option {
	out := []option{{Value: "", Label: none, Selected: cur == ""}}
	found := cur == ""
	for _, v := range values {
		sel := textnorm.FoldKey(v) == textnorm.FoldKey(cur) && cur != ""
		found = found || sel
		out = append(out, option{Value: v, Label: v, Selected: sel})
	}
	if !found { // an extracted value outside the list stays selectable
		out = append(out, option{Value: cur, Label: cur, Selected: true})
	}
	return out
}

type refView struct{ Label, Title, ID string }

type corrView struct{ Label, Value, By, At string }

type regForm struct{ ReceivedDate, Recipient, TransferDate, Signed, Note string }

type docBody struct {
	ID, Heading, OriginalURL, Today string
	Rec                             *store.Record
	D                               *document.Document
	Pages                           []int
	Fields                          []fieldView
	EditOpen                        bool
	EditError                       string
	Items                           []checklist.Item
	Refs                            []refView
	Citing                          []*store.Record
	History                         []corrView
	Register                        *store.RegisterEntry
	Reg                             regForm
	RegError                        string
	Duplicates                      []store.RegisterEntry
}

// maxPageImages bounds the page images shown at once.
const maxPageImages = 300

// docPage gathers everything the document page shows.
func (s *Server) docPage(rec *store.Record, maxSecrecy int) (*docBody, error) {
	d := rec.Doc
	b := &docBody{ID: rec.ID, Heading: docHeading(d), Rec: rec, D: d, Today: s.today(),
		OriginalURL: "/api/v1/documents/" + url.PathEscape(rec.ID) + "/original"}
	b.Reg.ReceivedDate = b.Today
	n, err := s.Arch.PageCount(rec.ID)
	if err != nil {
		s.Log.Warn("page count", "doc", rec.ID, "err", err)
	}
	for i := 1; i <= min(n, maxPageImages); i++ {
		b.Pages = append(b.Pages, i)
	}
	b.Fields = buildFields(d, nil, "", "")
	states, err := s.Arch.Store.TaskStates(rec.ID)
	if err != nil {
		return nil, err
	}
	b.Items = checklist.Build(d, checklistStates(states))
	resolved := s.Arch.ResolveRefs(rec, maxSecrecy)
	for _, r := range d.References {
		label := r.Number
		if t := document.Val(r.DocType); t != "" {
			label = typeLabel(t) + " số " + r.Number
		}
		if dt := document.Val(r.Date); dt != "" {
			label += " ngày " + viDate(dt)
		}
		if is := document.Val(r.Issuer); is != "" {
			label += " của " + is
		}
		b.Refs = append(b.Refs, refView{Label: label, Title: document.Val(r.Title), ID: resolved[r.Number]})
	}
	if b.Citing, err = s.Arch.Citing(rec.ID, maxSecrecy); err != nil {
		return nil, err
	}
	corr, err := s.Arch.Store.Corrections(rec.ID)
	if err != nil {
		return nil, err
	}
	for _, cr := range corr {
		b.History = append(b.History, corrView{Label: fieldLabel(cr.Field), Value: rawValue(cr.Value), By: cr.By, At: cr.At})
	}
	if b.Register, err = s.Arch.Store.RegisterOf(rec.ID); err != nil {
		return nil, err
	}
	return b, nil
}

// checklistStates converts stored task states for checklist.Build.
func checklistStates(in map[int]store.TaskState) map[int]checklist.State {
	out := make(map[int]checklist.State, len(in))
	for i, st := range in {
		cs := checklist.State{Status: st.Status, Note: st.Note, UpdatedBy: st.UpdatedBy}
		if t, err := time.Parse(time.RFC3339Nano, st.UpdatedAt); err == nil {
			cs.UpdatedAt = t
		}
		out[i] = cs
	}
	return out
}

func (s *Server) docTitle(d *document.Document) string {
	return docHeading(d)
}

func (s *Server) webDocument(c *gin.Context) {
	rec := s.webRecord(c)
	if rec == nil {
		return
	}
	if rec.ID != c.Param("id") { // an id prefix: go to the canonical address
		c.Redirect(http.StatusMovedPermanently, "/van-ban/"+url.PathEscape(rec.ID))
		return
	}
	b, err := s.docPage(rec, clearance(c))
	if err != nil {
		s.internalError(c, err)
		return
	}
	s.audit(c, "view", rec.ID, "", true)
	p := &page{Title: s.docTitle(rec.Doc), Body: b}
	if c.Query("da") == "vao-so" && b.Register != nil {
		p.Flash = fmt.Sprintf("Đã vào sổ văn bản đến: số đến %d/%d.", b.Register.Number, b.Register.Year)
	}
	s.render(c, http.StatusOK, "document", p)
}

// webCorrect applies the edit form: only fields whose value changed are
// sent to Correct, so the history records real corrections.
func (s *Server) webCorrect(c *gin.Context) {
	rec := s.webRecord(c)
	if rec == nil {
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		s.errorPage(c, http.StatusBadRequest, "Không đọc được biểu mẫu gửi lên.")
		return
	}
	form := c.Request.PostForm
	patch := map[string]any{}
	for _, f := range docFields {
		vals, ok := form[f.key]
		if !ok || len(vals) == 0 {
			continue
		}
		cur, curList := fieldValue(rec.Doc, f.key)
		switch f.kind {
		case "lines":
			list := splitLines(vals[0])
			if !equalLists(list, curList) {
				patch[f.key] = list
			}
		case "textarea":
			v := strings.Join(strings.Fields(vals[0]), " ")
			if v != cur {
				patch[f.key] = v
			}
		case "date":
			v := strings.TrimSpace(vals[0])
			if iso, ok := parseDateInput(v); ok {
				v = iso
			}
			if v != cur {
				patch[f.key] = v
			}
		default:
			v := strings.TrimSpace(vals[0])
			if v != cur {
				patch[f.key] = v
			}
		}
	}
	id := url.PathEscape(rec.ID)
	if len(patch) == 0 {
		c.Redirect(http.StatusSeeOther, "/van-ban/"+id+"?da=khong-doi")
		return
	}
	_, err := s.Arch.Correct(rec.ID, patch, s.user(c))
	var fe *archive.FieldError
	switch {
	case err == nil:
		s.audit(c, "correct", rec.ID, patchFields(patch), true)
		c.Redirect(http.StatusSeeOther, "/van-ban/"+id+"?da=sua")
	case errors.As(err, &fe):
		b, derr := s.docPage(rec, clearance(c))
		if derr != nil {
			s.internalError(c, derr)
			return
		}
		b.Fields = buildFields(rec.Doc, form, fe.Field, fe.Message)
		b.EditOpen = true
		b.EditError = fieldLabel(fe.Field) + ": " + fe.Message
		s.render(c, http.StatusUnprocessableEntity, "document", &page{Title: s.docTitle(rec.Doc), Return: "/van-ban/" + id, Body: b})
	case errors.Is(err, store.ErrNotFound):
		s.errorPage(c, http.StatusNotFound, "Không tìm thấy văn bản.")
	default:
		s.internalError(c, err)
	}
}

func splitLines(s string) []string {
	out := []string{}
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func equalLists(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// webRegister enters the document in the incoming register.
func (s *Server) webRegister(c *gin.Context) {
	rec := s.webRecord(c)
	if rec == nil {
		return
	}
	form := regForm{
		ReceivedDate: strings.TrimSpace(c.PostForm("ngay-den")),
		Recipient:    strings.TrimSpace(c.PostForm("nguoi-nhan")),
		TransferDate: strings.TrimSpace(c.PostForm("ngay-chuyen")),
		Signed:       strings.TrimSpace(c.PostForm("ky-nhan")),
		Note:         strings.TrimSpace(c.PostForm("ghi-chu")),
	}
	id := url.PathEscape(rec.ID)
	again := func(status int, msg string, dups []store.RegisterEntry) {
		b, err := s.docPage(rec, clearance(c))
		if err != nil {
			s.internalError(c, err)
			return
		}
		b.Reg, b.RegError, b.Duplicates = form, msg, dups
		s.render(c, status, "document", &page{Title: s.docTitle(rec.Doc), Return: "/van-ban/" + id, Body: b})
	}
	in := archive.RegisterInput{Recipient: form.Recipient, Signed: form.Signed, Note: form.Note, Force: c.PostForm("force") == "1"}
	var ok bool
	if in.ReceivedDate, ok = parseDateInput(form.ReceivedDate); !ok {
		again(http.StatusUnprocessableEntity, "Ngày đến không hợp lệ; hãy nhập theo dạng ngày/tháng/năm.", nil)
		return
	}
	if in.ReceivedDate == "" {
		in.ReceivedDate = s.today()
	}
	if in.TransferDate, ok = parseDateInput(form.TransferDate); !ok {
		again(http.StatusUnprocessableEntity, "Ngày chuyển không hợp lệ; hãy nhập theo dạng ngày/tháng/năm.", nil)
		return
	}
	e, dups, err := s.Arch.Register(rec.ID, in, s.user(c))
	var fe *archive.FieldError
	switch {
	case err == nil:
		s.audit(c, "register", rec.ID, fmt.Sprintf("số đến %d/%d", e.Number, e.Year), true)
		c.Redirect(http.StatusSeeOther, "/van-ban/"+id+"?da=vao-so#so-den")
	case errors.Is(err, archive.ErrDuplicateRegister):
		again(http.StatusConflict, "", dups)
	case errors.Is(err, store.ErrAlreadyRegistered):
		c.Redirect(http.StatusSeeOther, "/van-ban/"+id+"#so-den")
	case errors.As(err, &fe):
		label := map[string]string{"received_date": "Ngày đến", "transfer_date": "Ngày chuyển"}[fe.Field]
		if label == "" {
			label = fieldLabel(fe.Field)
		}
		again(http.StatusUnprocessableEntity, label+": "+fe.Message, nil)
	case errors.Is(err, store.ErrNotFound):
		s.errorPage(c, http.StatusNotFound, "Không tìm thấy văn bản.")
	default:
		s.internalError(c, err)
	}
}

// webRegisterUpdate fills the columns of a register entry that come later:
// transfer date, recipient, signature, note. The number never changes.
func (s *Server) webRegisterUpdate(c *gin.Context) {
	rec := s.webRecord(c)
	if rec == nil {
		return
	}
	form := regForm{
		Recipient:    strings.TrimSpace(c.PostForm("nguoi-nhan")),
		TransferDate: strings.TrimSpace(c.PostForm("ngay-chuyen")),
		Signed:       strings.TrimSpace(c.PostForm("ky-nhan")),
		Note:         strings.TrimSpace(c.PostForm("ghi-chu")),
	}
	id := url.PathEscape(rec.ID)
	transfer, ok := parseDateInput(form.TransferDate)
	if !ok {
		b, err := s.docPage(rec, clearance(c))
		if err != nil {
			s.internalError(c, err)
			return
		}
		b.Reg, b.RegError = form, "Ngày chuyển không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."
		s.render(c, http.StatusUnprocessableEntity, "document", &page{Title: s.docTitle(rec.Doc), Return: "/van-ban/" + id, Body: b})
		return
	}
	err := s.Arch.Store.UpdateRegister(rec.ID, form.Recipient, transfer, form.Signed, form.Note)
	switch {
	case err == nil:
		s.audit(c, "register.update", rec.ID, "", true)
		c.Redirect(http.StatusSeeOther, "/van-ban/"+id+"?da=so-den#so-den")
	case errors.Is(err, store.ErrNotFound):
		s.errorPage(c, http.StatusNotFound, "Văn bản này chưa được vào sổ văn bản đến.")
	default:
		s.internalError(c, err)
	}
}

// ---- Nhiệm vụ ---------------------------------------------------------------

type exportLink struct{ Label, URL string }

type checklistBody struct {
	ID, Heading, Org, Today, PrintURL, BackURL string
	D                                          *document.Document
	Items                                      []checklist.Item
	Orgs                                       []string
	Exports                                    []exportLink
}

func (s *Server) webChecklist(c *gin.Context) {
	rec := s.webRecord(c)
	if rec == nil {
		return
	}
	states, err := s.Arch.Store.TaskStates(rec.ID)
	if err != nil {
		s.internalError(c, err)
		return
	}
	org := strings.TrimSpace(c.Query("to-chuc"))
	all := checklist.Build(rec.Doc, checklistStates(states))
	id := url.PathEscape(rec.ID)
	b := &checklistBody{ID: rec.ID, Heading: docHeading(rec.Doc), Org: org, Today: s.today(), D: rec.Doc,
		Items: checklist.Filter(all, org), Orgs: checklist.Organisations(all)}
	q := url.Values{}
	if org != "" {
		q.Set("to-chuc", org)
	}
	b.BackURL = "/van-ban/" + id + "/nhiem-vu"
	if len(q) > 0 {
		b.BackURL += "?" + q.Encode()
	}
	q.Set("in", "1")
	b.PrintURL = "/van-ban/" + id + "/nhiem-vu?" + q.Encode()
	for _, f := range []struct{ label, format string }{
		{"Excel (XLSX)", "xlsx"}, {"CSV", "csv"}, {"Markdown", "md"}, {"Lịch (iCalendar)", "ics"},
	} {
		eq := url.Values{"format": {f.format}}
		if org != "" {
			eq.Set("org", org)
		}
		b.Exports = append(b.Exports, exportLink{Label: f.label, URL: "/api/v1/documents/" + id + "/checklist?" + eq.Encode()})
	}
	s.render(c, http.StatusOK, "checklist", &page{Title: "Nhiệm vụ — " + b.Heading, Print: c.Query("in") == "1", Body: b})
}

// webTaskState records a top-level task's status and note.
func (s *Server) webTaskState(c *gin.Context) {
	rec := s.webRecord(c)
	if rec == nil {
		return
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 0 || n >= len(rec.Doc.Tasks) {
		s.errorPage(c, http.StatusNotFound, "Không tìm thấy nhiệm vụ này trong văn bản.")
		return
	}
	status := c.PostForm("trang-thai")
	if !store.ValidTaskStatus(status) {
		s.errorPage(c, http.StatusBadRequest, "Trạng thái phải là Chưa thực hiện, Đang thực hiện hoặc Hoàn thành.")
		return
	}
	note := strings.Join(strings.Fields(c.PostForm("ghi-chu")), " ")
	if r := []rune(note); len(r) > 1000 {
		note = string(r[:1000])
	}
	if !mayMark(c, rec.Doc.Tasks[n]) {
		s.audit(c, "denied", rec.ID, fmt.Sprintf("nhiệm vụ %d không thuộc đơn vị", n+1), false)
		s.errorPage(c, http.StatusForbidden, "Cán bộ chỉ được cập nhật nhiệm vụ mà đơn vị mình chủ trì hoặc phối hợp.")
		return
	}
	if err := s.Arch.SetTaskState(rec.ID, n, status, note, s.user(c)); err != nil {
		var fe *archive.FieldError
		if errors.As(err, &fe) {
			s.errorPage(c, http.StatusBadRequest, fe.Message)
			return
		}
		s.internalError(c, err)
		return
	}
	s.audit(c, "task", rec.ID, fmt.Sprintf("nhiệm vụ %d: %s", n+1, status), true)
	q := url.Values{"da": {"cap-nhat"}}
	if org := strings.TrimSpace(c.PostForm("to-chuc")); org != "" {
		q.Set("to-chuc", org)
	}
	c.Redirect(http.StatusSeeOther, "/van-ban/"+url.PathEscape(rec.ID)+"/nhiem-vu?"+q.Encode()+"#nv-"+strconv.Itoa(n))
}

// ---- Sổ văn bản đến ------------------------------------------------------------

type registerBody struct {
	From, To, Period, Error      string
	ExportURL, PrintURL, BackURL string
	Entries                      []store.RegisterEntry
	Quick                        []exportLink
}

func (s *Server) webRegisterBook(c *gin.Context) {
	b := &registerBody{}
	status := http.StatusOK
	from, okFrom := parseDateInput(c.Query("tu"))
	to, okTo := parseDateInput(c.Query("den"))
	if !okFrom || !okTo {
		b.Error = "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."
		status = http.StatusBadRequest
		if !okFrom {
			from = ""
		}
		if !okTo {
			to = ""
		}
	}
	b.From, b.To = from, to
	switch {
	case from != "" && to != "":
		b.Period = "Từ ngày " + viDate(from) + " đến ngày " + viDate(to)
	case from != "":
		b.Period = "Từ ngày " + viDate(from)
	case to != "":
		b.Period = "Đến ngày " + viDate(to)
	default:
		b.Period = "Tất cả văn bản đã vào sổ"
	}
	entries, err := s.Arch.Store.RegisterEntries(from, to, clearance(c))
	if err != nil {
		s.internalError(c, err)
		return
	}
	b.Entries = entries
	q := url.Values{}
	if from != "" {
		q.Set("from", from)
	}
	if to != "" {
		q.Set("to", to)
	}
	b.ExportURL = "/api/v1/register.xlsx"
	if len(q) > 0 {
		b.ExportURL += "?" + q.Encode()
	}
	wq := url.Values{}
	if from != "" {
		wq.Set("tu", from)
	}
	if to != "" {
		wq.Set("den", to)
	}
	b.BackURL = "/so-den"
	if len(wq) > 0 {
		b.BackURL += "?" + wq.Encode()
	}
	wq.Set("in", "1")
	b.PrintURL = "/so-den?" + wq.Encode()
	now := s.Now()
	y := now.Year()
	monthStart := time.Date(y, now.Month(), 1, 0, 0, 0, 0, now.Location())
	b.Quick = []exportLink{
		{"Tháng này", "/so-den?tu=" + monthStart.Format("2006-01-02") + "&den=" + monthStart.AddDate(0, 1, -1).Format("2006-01-02")},
		{"Năm nay", fmt.Sprintf("/so-den?tu=%d-01-01&den=%d-12-31", y, y)},
		{"Năm trước", fmt.Sprintf("/so-den?tu=%d-01-01&den=%d-12-31", y-1, y-1)},
		{"Tất cả", "/so-den"},
	}
	s.render(c, status, "register", &page{Title: "Sổ đăng ký văn bản đến", Active: "register", Print: c.Query("in") == "1", Body: b})
}
