package archive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"vanthu/ingest/ocr"
	"vanthu/internal/document"
	"vanthu/internal/store"
	"vanthu/internal/textnorm"
)

// SetTaskState records a top-level task's status ("open", "in_progress",
// "done") and note, and updates the record's open-tasks flag in the index.
func (a *Archive) SetTaskState(id string, task int, status, note, user string) error {
	rec, err := a.Store.Get(id)
	if err != nil {
		return err
	}
	if task < 0 || task >= len(rec.Doc.Tasks) {
		return fmt.Errorf("văn bản %s không có nhiệm vụ số %d", rec.ID, task+1)
	}
	if !store.ValidTaskStatus(status) {
		return &FieldError{Field: "status", Message: "Trạng thái phải là Chưa thực hiện, Đang thực hiện hoặc Hoàn thành."}
	}
	if err := a.Store.SetTaskState(rec.ID, task, status, strings.TrimSpace(note), user); err != nil {
		return err
	}
	a.changedDoc(rec.ID)
	if rec, err = a.Store.Get(rec.ID); err != nil {
		return err
	}
	return a.reindexOne(rec)
}

// RegisterInput is what the clerk fills when entering a document in the
// incoming register; the rest comes from the record.
type RegisterInput struct {
	ReceivedDate string `json:"received_date"` // ISO; today when empty
	Recipient    string `json:"recipient"`
	TransferDate string `json:"transfer_date"`
	Signed       string `json:"signed"`
	Note         string `json:"note"`
	Force        bool   `json:"force"` // register even when a duplicate is already in the register
}

// registerDupKey identifies "the same document" for the duplicate warning:
// number and issuer, accent- and case-insensitive.
func registerDupKey(d *document.Document) string {
	n := store.NormNumber(document.Val(d.Number))
	if n == "" {
		return ""
	}
	return n + "|" + textnorm.FoldKey(document.Val(d.Issuer.Name))
}

// Register enters a document in the incoming register with the next number
// of the year. When documents with the same number and issuer are already
// registered and in.Force is false, nothing is written and
// ErrDuplicateRegister comes back with those entries.
func (a *Archive) Register(id string, in RegisterInput, user string) (*store.RegisterEntry, []store.RegisterEntry, error) {
	rec, err := a.Store.Get(id)
	if err != nil {
		return nil, nil, err
	}
	if e, err := a.Store.RegisterOf(rec.ID); err != nil {
		return nil, nil, err
	} else if e != nil { // a retried request: say so rather than warn about itself
		return nil, nil, store.ErrAlreadyRegistered
	}
	if in.ReceivedDate == "" {
		in.ReceivedDate = time.Now().Format("2006-01-02")
	}
	for f, v := range map[string]string{"received_date": in.ReceivedDate, "transfer_date": in.TransferDate} {
		if v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", v); err != nil {
			return nil, nil, &FieldError{Field: f, Message: "Ngày không hợp lệ; hãy nhập theo dạng năm-tháng-ngày."}
		}
	}
	d := rec.Doc
	key := registerDupKey(d)
	dups, err := a.Store.RegisterDuplicates(key)
	if err != nil {
		return nil, nil, err
	}
	if len(dups) > 0 && !in.Force {
		return nil, dups, ErrDuplicateRegister
	}
	subject := document.Val(d.Subject)
	typeSubject := d.DocTypeLabel
	if subject != "" {
		typeSubject += " " + subject
	}
	e := &store.RegisterEntry{
		DocID: rec.ID, ReceivedDate: in.ReceivedDate, Author: document.Val(d.Issuer.Name),
		Symbol: document.Val(d.Number), DocDate: document.Val(d.IssuedDate), TypeSubject: typeSubject,
		Recipient: strings.TrimSpace(in.Recipient), TransferDate: in.TransferDate, Signed: strings.TrimSpace(in.Signed),
		Note: strings.TrimSpace(in.Note), CreatedBy: user,
	}
	if err := a.Store.AddRegister(e, key); err != nil {
		return nil, nil, err
	}
	return e, dups, nil
}

// Citing returns the records that cite this record's number and that a
// viewer cleared to maxSecrecy may see.
func (a *Archive) Citing(id string, maxSecrecy int) ([]*store.Record, error) {
	rec, err := a.Store.Get(id)
	if err != nil {
		return nil, err
	}
	if rec.Doc.Number == nil {
		return []*store.Record{}, nil
	}
	rs, err := a.Store.CitingRecords(*rec.Doc.Number)
	if err != nil {
		return nil, err
	}
	out := rs[:0]
	for _, r := range rs {
		if r.ID != rec.ID && document.Secrecy(r.Doc) <= maxSecrecy {
			out = append(out, r)
		}
	}
	return out, nil
}

// ResolveRefs maps each reference number of rec that names an archived
// document a viewer cleared to maxSecrecy may see to that document's id.
func (a *Archive) ResolveRefs(rec *store.Record, maxSecrecy int) map[string]string {
	out := map[string]string{}
	for _, r := range rec.Doc.References {
		ids, err := a.Store.ByNumber(r.Number)
		if err != nil || len(ids) == 0 {
			continue
		}
		lv, err := a.Store.SecrecyOf(ids)
		if err != nil {
			continue
		}
		for _, id := range ids {
			if id != rec.ID && lv[id] <= maxSecrecy {
				out[r.Number] = id
				break
			}
		}
	}
	return out
}

// TaskRef is one top-level task seen from the dashboard.
type TaskRef struct {
	DocID      string   `json:"document_id"`
	DocNumber  string   `json:"document_number"`
	DocSubject string   `json:"document_subject"`
	Task       int      `json:"task"` // 0-based top-level index
	Label      string   `json:"label"`
	Text       string   `json:"text"`
	Lead       []string `json:"lead"`
	Support    []string `json:"support"`
	Deadline   string   `json:"deadline"` // ISO, "" when undated
	Status     string   `json:"status"`
	Secrecy    int      `json:"-"` // of the document
}

// OrgCount is the number of open tasks an organisation leads.
type OrgCount struct {
	Org     string `json:"org"`
	Open    int    `json:"open"`
	Overdue int    `json:"overdue"`
	DueSoon int    `json:"due_soon"`
}

// Dashboard is the office's overview on one day.
type Dashboard struct {
	Today   string          `json:"today"`
	ByOrg   []OrgCount      `json:"by_org"`
	Overdue []TaskRef       `json:"overdue"`
	DueSoon []TaskRef       `json:"due_soon"` // within the next 7 days
	Recent  []*store.Record `json:"recent"`
	Open    int             `json:"open_tasks"`
	Docs    int             `json:"documents"`
}

// changed marks the archive's derived views (dashboard, search caches)
// stale after a change that may touch any record.
func (a *Archive) changed() {
	a.dirtyMu.Lock()
	a.dirtyAll = true
	a.dirtyMu.Unlock()
	a.version.Add(1)
}

// changedDoc marks them stale after a change to record id only: the open
// tasks are then refreshed for that record alone.
func (a *Archive) changedDoc(id string) {
	a.dirtyMu.Lock()
	if a.dirty == nil {
		a.dirty = map[string]bool{}
	}
	a.dirty[id] = true
	a.dirtyMu.Unlock()
	a.version.Add(1)
}

// takeDirty returns the records changed since the last call, or all when
// a change was not about given records (or too many were).
func (a *Archive) takeDirty() (ids []string, all bool) {
	a.dirtyMu.Lock()
	defer a.dirtyMu.Unlock()
	all = a.dirtyAll || len(a.dirty) > 2000
	for id := range a.dirty {
		ids = append(ids, id)
	}
	a.dirty, a.dirtyAll = nil, false
	return ids, all
}

type openTasksCache struct {
	version int64
	byDoc   map[string]docTasks
	tasks   []TaskRef                       // of every record, in record id order
	docs    [store.MaxSecrecyLevels + 1]int // documents by secrecy level
}

// docTasks is one record's part of the cache.
type docTasks struct {
	secrecy int
	tasks   []TaskRef
}

// OpenTasks returns every top-level task not marked done, across the
// archive, and the number of documents by secrecy level. The result is
// cached; after a change to given records only theirs are read again.
func (a *Archive) OpenTasks() ([]TaskRef, [store.MaxSecrecyLevels + 1]int, error) {
	v := a.version.Load()
	if c, ok := a.tasksCache.Load().(*openTasksCache); ok && c.version == v {
		return c.tasks, c.docs, nil
	}
	a.tasksMu.Lock()
	defer a.tasksMu.Unlock()
	v = a.version.Load()
	old, _ := a.tasksCache.Load().(*openTasksCache)
	if old != nil && old.version == v {
		return old.tasks, old.docs, nil
	}
	ids, all := a.takeDirty()
	byDoc := map[string]docTasks{}
	if old == nil || all {
		states, err := a.Store.TaskStatuses()
		if err != nil {
			a.changed() // read everything again next time
			return nil, [store.MaxSecrecyLevels + 1]int{}, err
		}
		err = a.Store.EachTasks(context.Background(), func(id string, d *document.Document) error {
			byDoc[id] = openTasksOf(id, d, states[id])
			return nil
		})
		if err != nil {
			a.changed()
			return nil, [store.MaxSecrecyLevels + 1]int{}, err
		}
	} else {
		for id, dt := range old.byDoc {
			byDoc[id] = dt
		}
		for _, id := range ids {
			d, err := a.Store.TaskDoc(id)
			if errors.Is(err, store.ErrNotFound) {
				delete(byDoc, id)
				continue
			}
			var states map[int]store.TaskState
			if err == nil {
				states, err = a.Store.TaskStates(id)
			}
			if err != nil {
				a.changed() // the taken ids are lost: read everything next time
				return nil, [store.MaxSecrecyLevels + 1]int{}, err
			}
			st := map[int]string{}
			for i, s := range states {
				st[i] = s.Status
			}
			byDoc[id] = openTasksOf(id, d, st)
		}
	}
	c := &openTasksCache{version: v, byDoc: byDoc}
	for _, id := range slices.Sorted(maps.Keys(byDoc)) {
		dt := byDoc[id]
		c.docs[dt.secrecy]++
		c.tasks = append(c.tasks, dt.tasks...)
	}
	a.tasksCache.Store(c)
	return c.tasks, c.docs, nil
}

// openTasksOf returns the tasks of record id (d) not marked done; states
// holds the recorded status of its tasks by index.
func openTasksOf(id string, d *document.Document, states map[int]string) docTasks {
	dt := docTasks{secrecy: document.Secrecy(d)}
	for i, t := range d.Tasks {
		st := store.TaskOpen
		if s, ok := states[i]; ok {
			st = s
		}
		if st == store.TaskDone {
			continue
		}
		ref := TaskRef{DocID: id, DocNumber: document.Val(d.Number), DocSubject: document.Val(d.Subject),
			Task: i, Label: document.Val(t.Label), Text: t.Text, Lead: t.Lead, Support: t.Support, Status: st,
			Secrecy: dt.secrecy}
		if t.Deadline != nil {
			ref.Deadline = document.Val(t.Deadline.Date)
		}
		dt.tasks = append(dt.tasks, ref)
	}
	return dt
}

// Dashboard returns open tasks by lead organisation, overdue tasks, tasks
// due in the next 7 days (relative to today) and recent documents, of the
// documents a viewer cleared to maxSecrecy may see.
// The result is shared by the callers of the same archive version, day
// and clearance (read only): the home page of a large archive costs a
// pass over every open task otherwise.
func (a *Archive) Dashboard(today time.Time, maxSecrecy int) (*Dashboard, error) {
	v := a.version.Load()
	key := fmt.Sprintf("%s/%d", today.Format("2006-01-02"), maxSecrecy)
	a.dashMu.Lock()
	if a.dashVersion == v {
		if d, ok := a.dashCache[key]; ok {
			a.dashMu.Unlock()
			return d, nil
		}
	}
	a.dashMu.Unlock()
	d, err := a.dashboard(today, maxSecrecy)
	if err != nil {
		return nil, err
	}
	a.dashMu.Lock()
	if a.dashCache == nil || a.dashVersion != v {
		a.dashVersion, a.dashCache = v, map[string]*Dashboard{}
	}
	a.dashCache[key] = d
	a.dashMu.Unlock()
	return d, nil
}

func (a *Archive) dashboard(today time.Time, maxSecrecy int) (*Dashboard, error) {
	tasks, docs, err := a.OpenTasks()
	if err != nil {
		return nil, err
	}
	tasks = VisibleTasks(tasks, maxSecrecy)
	d := &Dashboard{Today: today.Format("2006-01-02"), ByOrg: []OrgCount{}, Overdue: []TaskRef{}, DueSoon: []TaskRef{}}
	for l := 0; l <= min(maxSecrecy, store.MaxSecrecyLevels); l++ {
		d.Docs += docs[l]
	}
	soon := today.AddDate(0, 0, 7).Format("2006-01-02")
	byKey := map[string]*OrgCount{}
	var order []string
	for _, t := range tasks {
		d.Open++
		overdue := t.Deadline != "" && t.Deadline < d.Today
		dueSoon := t.Deadline != "" && t.Deadline >= d.Today && t.Deadline <= soon
		if overdue {
			d.Overdue = append(d.Overdue, t)
		} else if dueSoon {
			d.DueSoon = append(d.DueSoon, t)
		}
		leads := t.Lead
		if len(leads) == 0 {
			leads = []string{"(Chưa rõ đơn vị chủ trì)"}
		}
		for _, org := range leads {
			k := textnorm.FoldKey(org)
			c, ok := byKey[k]
			if !ok {
				c = &OrgCount{Org: org}
				byKey[k] = c
				order = append(order, k)
			}
			c.Open++
			if overdue {
				c.Overdue++
			}
			if dueSoon {
				c.DueSoon++
			}
		}
	}
	for _, k := range order {
		d.ByOrg = append(d.ByOrg, *byKey[k])
	}
	sort.SliceStable(d.ByOrg, func(i, j int) bool { return d.ByOrg[i].Open > d.ByOrg[j].Open })
	byDate := func(ts []TaskRef) {
		sort.SliceStable(ts, func(i, j int) bool { return ts[i].Deadline < ts[j].Deadline })
	}
	byDate(d.Overdue)
	byDate(d.DueSoon)
	if d.Recent, err = a.Store.Recent(10, maxSecrecy); err != nil {
		return nil, err
	}
	return d, nil
}

// Original returns a record's original bytes, media type and file name.
func (a *Archive) Original(id string) ([]byte, string, string, error) {
	rec, err := a.Store.Get(id)
	if err != nil {
		return nil, "", "", err
	}
	data, err := a.Blobs.Get(rec.SHA256)
	if err != nil {
		return nil, "", "", fmt.Errorf("không đọc được bản gốc của văn bản %s: %w", rec.ID, err)
	}
	return data, rec.Doc.Source.MediaType, rec.File, nil
}

// hasPages reports whether a media type has page images (PDF and images).
func hasPages(mediaType string) bool {
	return mediaType == "application/pdf" || strings.HasPrefix(mediaType, "image/")
}

// PageCount returns how many page images a record's original has; 0 for
// formats without pages (DOCX, HTML, text).
func (a *Archive) PageCount(id string) (int, error) {
	rec, err := a.Store.Get(id)
	if err != nil {
		return 0, err
	}
	if !hasPages(rec.Doc.Source.MediaType) {
		return 0, nil
	}
	if rec.Doc.Source.Pages > 0 {
		return rec.Doc.Source.Pages, nil
	}
	data, err := a.Blobs.Get(rec.SHA256)
	if err != nil {
		return 0, err
	}
	return ocr.PageCount(data)
}

// ErrNoPage is returned for a page the original does not have.
var ErrNoPage = errors.New("văn bản không có trang này")

// RenderPage returns page n (1-based) of a record's original as PNG at dpi
// (PDF pages are rendered with MuPDF; images are re-encoded). Pages are
// cached on disk under cache/pages.
func (a *Archive) RenderPage(id string, n, dpi int) ([]byte, error) {
	rec, err := a.Store.Get(id)
	if err != nil {
		return nil, err
	}
	if !hasPages(rec.Doc.Source.MediaType) {
		return nil, ErrNoPage
	}
	dpi = min(max(dpi, 36), 300)
	cache := filepath.Join(a.Dir, "cache", "pages", rec.SHA256[:2], rec.SHA256+"-"+strconv.Itoa(n)+"-"+strconv.Itoa(dpi)+".png")
	if b, err := os.ReadFile(cache); err == nil {
		return b, nil
	}
	data, err := a.Blobs.Get(rec.SHA256)
	if err != nil {
		return nil, err
	}
	img, pages, err := ocr.PageImage(data, n, dpi)
	if err != nil {
		if n < 1 || n > pages {
			return nil, ErrNoPage
		}
		return nil, fmt.Errorf("không hiển thị được trang %d: %w", n, err)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(cache), 0o755); err == nil {
		tmp := cache + ".tmp"
		if os.WriteFile(tmp, buf.Bytes(), 0o644) == nil {
			os.Rename(tmp, cache)
		}
	}
	return buf.Bytes(), nil
}

// FilterTasks keeps the tasks an organisation leads or supports (accent-
// and case-insensitive substring match).
func FilterTasks(ts []TaskRef, org string) []TaskRef {
	key := textnorm.FoldKey(org)
	if key == "" {
		return ts
	}
	out := []TaskRef{}
	for _, t := range ts {
		for _, o := range append(append([]string{}, t.Lead...), t.Support...) {
			if strings.Contains(textnorm.FoldKey(o), key) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// VisibleTasks keeps the tasks of documents a viewer cleared to maxSecrecy
// may see.
func VisibleTasks(ts []TaskRef, maxSecrecy int) []TaskRef {
	out := make([]TaskRef, 0, len(ts))
	for _, t := range ts {
		if t.Secrecy <= maxSecrecy {
			out = append(out, t)
		}
	}
	return out
}
