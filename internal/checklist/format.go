package checklist

import (
	"fmt"
	"io"
	"strings"
	"time"

	"vanthu/internal/document"
	"vanthu/internal/store"
)

// Format is an export format of the checklist.
type Format struct {
	Name        string // md, csv, xlsx, ics, json
	ContentType string
	Ext         string
}

// Formats are the supported export formats.
var Formats = map[string]Format{
	"md":   {"md", "text/markdown; charset=utf-8", ".md"},
	"csv":  {"csv", "text/csv; charset=utf-8", ".csv"},
	"xlsx": {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
	"ics":  {"ics", "text/calendar; charset=utf-8", ".ics"},
	"json": {"json", "application/json; charset=utf-8", ".json"},
}

// LookupFormat returns the named format or a Vietnamese error listing them.
func LookupFormat(name string) (Format, error) {
	if name == "" {
		name = "json"
	}
	f, ok := Formats[strings.ToLower(name)]
	if !ok {
		return Format{}, fmt.Errorf("định dạng %q không được hỗ trợ; chọn md, csv, xlsx, ics hoặc json", name)
	}
	return f, nil
}

// StatesFrom converts stored task states.
func StatesFrom(st map[int]store.TaskState) map[int]State {
	out := make(map[int]State, len(st))
	for i, s := range st {
		t, _ := time.Parse(time.RFC3339, s.UpdatedAt)
		out[i] = State{Status: s.Status, Note: s.Note, UpdatedBy: s.UpdatedBy, UpdatedAt: t}
	}
	return out
}

// JSON is the checklist as served in JSON.
type JSON struct {
	Document Meta   `json:"document"`
	Items    []Item `json:"items"`
}

// Write writes the checklist in format f; writeJSON serialises the JSON
// form (the caller's encoder, so API and CLI stay consistent).
func Write(w io.Writer, f Format, m Meta, items []Item, now time.Time, writeJSON func(io.Writer, any) error) error {
	switch f.Name {
	case "md":
		return WriteMarkdown(w, m, items)
	case "csv":
		return WriteCSV(w, m, items)
	case "xlsx":
		return WriteXLSX(w, m, items)
	case "ics":
		return WriteICS(w, m, items, now)
	}
	if items == nil {
		items = []Item{}
	}
	return writeJSON(w, JSON{Document: m, Items: items})
}

// FileName is the download name of a document's checklist.
func FileName(d *document.Document, id string, f Format) string {
	base := "nhiem-vu-" + id
	if n := document.Val(d.Number); n != "" {
		base = "nhiem-vu-" + strings.NewReplacer("/", "-", "\\", "-", " ", "").Replace(n)
	}
	return base + f.Ext
}
