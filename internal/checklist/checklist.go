// Package checklist turns the tasks of an extracted document into a tracked
// checklist and exports it as CSV, Markdown, XLSX and iCalendar (VTODO).
package checklist

import (
	"cmp"
	"strconv"
	"strings"
	"time"

	"vanthu/internal/document"
	"vanthu/internal/textnorm"
)

// Task states.
const (
	StatusOpen       = "open"
	StatusInProgress = "in_progress"
	StatusDone       = "done"
)

// State is the tracked state of a top-level task.
type State struct {
	Status    string // "open" | "in_progress" | "done"
	Note      string
	UpdatedBy string
	UpdatedAt time.Time
}

// Meta describes the source document.
type Meta struct {
	DocID        string `json:"id"`
	Number       string `json:"number"`
	DocType      string `json:"doc_type"`
	DocTypeLabel string `json:"doc_type_label"`
	Subject      string `json:"subject"`
	Issuer       string `json:"issuer"`
	IssuedDate   string `json:"issued_date"`
	URL          string `json:"url,omitempty"` // link back to the document page, may be empty
}

// Item is one row of the checklist.
type Item struct {
	Task         int       `json:"task"` // index of the top-level task in Document.Tasks
	Path         string    `json:"path"` // 1-based position path: "1", "1.2"
	Label        string    `json:"label"`
	Text         string    `json:"text"`
	Lead         []string  `json:"lead"`
	Support      []string  `json:"support"`
	DeadlineDate string    `json:"deadline_date"`
	DeadlineText string    `json:"deadline_text"`
	Recurrence   string    `json:"recurrence"`
	Status       string    `json:"status"`
	Note         string    `json:"note"`
	UpdatedBy    string    `json:"updated_by"`
	UpdatedAt    time.Time `json:"updated_at"`
	Depth        int       `json:"depth"` // 0 for top-level tasks
}

// NewMeta fills a Meta from a document; docID and url come from the caller's
// store.
func NewMeta(d *document.Document, docID, url string) Meta {
	label := d.DocTypeLabel
	if label == "" {
		label = document.DocTypeLabels[d.DocType]
	}
	return Meta{
		DocID:        docID,
		Number:       document.Val(d.Number),
		DocType:      d.DocType,
		DocTypeLabel: label,
		Subject:      document.Val(d.Subject),
		Issuer:       document.Val(d.Issuer.Name),
		IssuedDate:   document.Val(d.IssuedDate),
		URL:          url,
	}
}

// Build flattens the document's tasks depth-first. Subtasks inherit the
// status (and who/when) of their top-level task; the note is shown only on
// the top-level row. A missing or unknown state means "open".
func Build(d *document.Document, states map[int]State) []Item {
	if d == nil {
		return nil
	}
	var items []Item
	var walk func(top int, path string, depth int, t *document.Task, st State)
	walk = func(top int, path string, depth int, t *document.Task, st State) {
		it := Item{
			Task:       top,
			Path:       path,
			Label:      strings.TrimSpace(document.Val(t.Label)),
			Text:       strings.TrimSpace(t.Text),
			Lead:       append([]string{}, t.Lead...),
			Support:    append([]string{}, t.Support...),
			Recurrence: strings.TrimSpace(document.Val(t.Recurrence)),
			Status:     st.Status,
			UpdatedBy:  st.UpdatedBy,
			UpdatedAt:  st.UpdatedAt,
			Depth:      depth,
		}
		if depth == 0 {
			it.Note = st.Note
		}
		if t.Deadline != nil {
			it.DeadlineDate = document.Val(t.Deadline.Date)
			it.DeadlineText = strings.TrimSpace(t.Deadline.Text)
		}
		items = append(items, it)
		for i := range t.Subtasks {
			walk(top, path+"."+strconv.Itoa(i+1), depth+1, &t.Subtasks[i], st)
		}
	}
	for i := range d.Tasks {
		st := states[i]
		st.Status = normStatus(st.Status)
		walk(i, strconv.Itoa(i+1), 0, &d.Tasks[i], st)
	}
	return items
}

func normStatus(s string) string {
	switch s {
	case StatusInProgress, StatusDone:
		return s
	}
	return StatusOpen
}

// StatusLabel returns the Vietnamese label of a status.
func StatusLabel(s string) string {
	switch s {
	case StatusInProgress:
		return "Đang thực hiện"
	case StatusDone:
		return "Hoàn thành"
	}
	return "Chưa thực hiện"
}

// Filter keeps the items whose lead or support organisations contain org,
// ignoring case and diacritics ("ban tuyen giao" matches "Ban Tuyên giáo
// Huyện ủy"). A subtask naming no organisation of its own belongs to the
// organisations of its nearest ancestor. An empty org keeps every item.
func Filter(items []Item, org string) []Item {
	key := textnorm.FoldKey(org)
	if key == "" {
		return append([]Item(nil), items...)
	}
	var out []Item
	var matched []bool // match result by depth, for inheritance
	for _, it := range items {
		m := false
		if len(it.Lead) == 0 && len(it.Support) == 0 && it.Depth > 0 && it.Depth <= len(matched) {
			m = matched[it.Depth-1]
		} else {
			m = orgMatch(it.Lead, key) || orgMatch(it.Support, key)
		}
		matched = append(matched[:min(max(it.Depth, 0), len(matched))], m)
		if m {
			out = append(out, it)
		}
	}
	return out
}

func orgMatch(orgs []string, key string) bool {
	for _, o := range orgs {
		if strings.Contains(textnorm.FoldKey(o), key) {
			return true
		}
	}
	return false
}

// Organisations lists the distinct lead and support organisations in
// first-seen order; spellings differing only in case or spacing count once.
func Organisations(items []Item) []string {
	seen := map[string]bool{}
	var out []string
	for _, it := range items {
		for _, list := range [][]string{it.Lead, it.Support} {
			for _, o := range list {
				k := textnorm.Key(o)
				if k == "" || seen[k] {
					continue
				}
				seen[k] = true
				out = append(out, strings.TrimSpace(o))
			}
		}
	}
	return out
}

// parseDate parses an ISO date (YYYY-MM-DD) as a UTC calendar date.
func parseDate(s string) (time.Time, bool) {
	if len(s) < 10 {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", s[:10])
	return t, err == nil
}

// viDate formats an ISO date as dd/mm/yyyy, or returns it unchanged.
func viDate(s string) string {
	if t, ok := parseDate(s); ok {
		return t.Format("02/01/2006")
	}
	return s
}

// docLine describes the source document in one line, e.g.
// "Kế hoạch số 12-KH/HU ngày 05/01/2024 của Huyện ủy X".
func docLine(m Meta) string {
	var b strings.Builder
	b.WriteString(cmp.Or(m.DocTypeLabel, "Văn bản"))
	if m.Number != "" {
		b.WriteString(" số " + m.Number)
	}
	if m.IssuedDate != "" {
		b.WriteString(" ngày " + viDate(m.IssuedDate))
	}
	if m.Issuer != "" {
		b.WriteString(" của " + m.Issuer)
	}
	return b.String()
}

// deadlineString is the human-readable deadline: the printed phrase, else the
// resolved date.
func deadlineString(it Item) string {
	if it.DeadlineText != "" {
		return it.DeadlineText
	}
	return viDate(it.DeadlineDate)
}

// oneLine collapses white space, line breaks included.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
