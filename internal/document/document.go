// Package document defines the vanthu.document/v1 record: the public JSON
// contract of an extracted document (see schema.json, a copy of the shared
// schema embedded in the binary).
package document

import (
	_ "embed"
	"encoding/json"
	"strings"
)

// SchemaID is the value of the record's "schema" key.
const SchemaID = "vanthu.document/v1"

// SchemaJSON is the JSON Schema the record follows.
//
//go:embed schema.json
var SchemaJSON []byte

// Document is one extracted official document.
type Document struct {
	Schema         string      `json:"schema"`
	Source         Source      `json:"source"`
	DocType        string      `json:"doc_type"`
	DocTypeLabel   string      `json:"doc_type_label"`
	Number         *string     `json:"number"`
	IssuedDate     *string     `json:"issued_date"`
	IssuedPlace    *string     `json:"issued_place"`
	Issuer         Issuer      `json:"issuer"`
	Subject        *string     `json:"subject"`
	Recipients     []string    `json:"recipients"`
	Distribution   []string    `json:"distribution"`
	Signer         Signer      `json:"signer"`
	Classification *string     `json:"classification"`
	Urgency        *string     `json:"urgency"`
	References     []Reference `json:"references"`
	Tasks          []Task      `json:"tasks"`
	Warnings       []Warning   `json:"warnings"`
	Text           string      `json:"text,omitempty"`
}

// Source describes the input file.
type Source struct {
	File          string   `json:"file"`
	SHA256        string   `json:"sha256"`
	MediaType     string   `json:"media_type"`
	Pages         int      `json:"pages"`
	OCR           bool     `json:"ocr"`
	OCRConfidence *float64 `json:"ocr_confidence"`
	Encoding      *string  `json:"encoding"`
}

// Issuer is the issuing body (cơ quan ban hành) and its parent (cơ quan chủ quản).
type Issuer struct {
	Name   *string `json:"name"`
	Parent *string `json:"parent"`
}

// Signer is the signature block.
type Signer struct {
	Name      *string `json:"name"`
	Position  *string `json:"position"`
	Authority *string `json:"authority"`
}

// Reference is a document cited in the text.
type Reference struct {
	Number  string  `json:"number"`
	DocType *string `json:"doc_type"`
	Date    *string `json:"date"`
	Issuer  *string `json:"issuer"`
	Title   *string `json:"title"`
}

// Task is one assignment of the directive part.
type Task struct {
	Label      *string   `json:"label"`
	Text       string    `json:"text"`
	Lead       []string  `json:"lead"`
	Support    []string  `json:"support"`
	Deadline   *Deadline `json:"deadline"`
	Recurrence *string   `json:"recurrence"`
	Subtasks   []Task    `json:"subtasks,omitempty"`
}

// Deadline is a task's due date as resolved and as printed.
type Deadline struct {
	Date *string `json:"date"`
	Text string  `json:"text"`
}

// Warning is a problem found while reading or extracting; codes are stable.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Stable warning codes.
const (
	WarnDeadlineBeforeIssue = "deadline_before_issue"
	WarnMissingNumber       = "missing_number"
	WarnMissingDate         = "missing_date"
	WarnMissingSigner       = "missing_signer"
	WarnSuspiciousText      = "suspicious_text"
	WarnUnreadable          = "unreadable_text"
	WarnLowOCRConfidence    = "low_ocr_confidence"
	WarnPageUnreadable      = "page_unreadable"
)

// New returns an empty record with every list non-nil, ready to be filled.
func New() *Document {
	return &Document{
		Schema:       SchemaID,
		DocType:      "khac",
		DocTypeLabel: "Văn bản",
		Recipients:   []string{},
		Distribution: []string{},
		References:   []Reference{},
		Tasks:        []Task{},
		Warnings:     []Warning{},
	}
}

// Normalize replaces nil slices with empty ones so that JSON output always
// carries [] rather than null.
func (d *Document) Normalize() {
	if d.Schema == "" {
		d.Schema = SchemaID
	}
	if d.Recipients == nil {
		d.Recipients = []string{}
	}
	if d.Distribution == nil {
		d.Distribution = []string{}
	}
	if d.References == nil {
		d.References = []Reference{}
	}
	if d.Warnings == nil {
		d.Warnings = []Warning{}
	}
	if d.Tasks == nil {
		d.Tasks = []Task{}
	}
	for i := range d.Tasks {
		normTask(&d.Tasks[i])
	}
}

func normTask(t *Task) {
	if t.Lead == nil {
		t.Lead = []string{}
	}
	if t.Support == nil {
		t.Support = []string{}
	}
	for i := range t.Subtasks {
		normTask(&t.Subtasks[i])
	}
}

// AddWarning appends a warning unless one with the same code and message exists.
func (d *Document) AddWarning(code, msg string) {
	for _, w := range d.Warnings {
		if w.Code == code && w.Message == msg {
			return
		}
	}
	d.Warnings = append(d.Warnings, Warning{Code: code, Message: msg})
}

// MarshalLine returns the record as one line of JSON.
func (d *Document) MarshalLine() ([]byte, error) {
	d.Normalize()
	return json.Marshal(d)
}

// Str returns a pointer to s, or nil when s is empty.
func Str(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Val returns the string p points to, or "".
func Val(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// DocTypeLabels maps doc_type codes to their Vietnamese names.
var DocTypeLabels = map[string]string{
	"cong_van": "Công văn", "chi_thi": "Chỉ thị", "nghi_quyet": "Nghị quyết",
	"ke_hoach": "Kế hoạch", "huong_dan": "Hướng dẫn", "quyet_dinh": "Quyết định",
	"quy_dinh": "Quy định", "quy_che": "Quy chế", "thong_bao": "Thông báo",
	"bao_cao": "Báo cáo", "ket_luan": "Kết luận", "chuong_trinh": "Chương trình",
	"to_trinh": "Tờ trình", "thong_tri": "Thông tri", "de_an": "Đề án",
	"bien_ban": "Biên bản", "nghi_dinh": "Nghị định", "thong_tu": "Thông tư",
	"luat": "Luật", "tin_bai": "Tin bài", "khac": "Văn bản",
}

// Secrecy returns the level of a document's classification marking: 0 for
// none, 1 Mật, 2 Tối mật, 3 Tuyệt mật. Users see a document only when
// cleared to its level.
func Secrecy(d *Document) int {
	switch strings.ToLower(strings.TrimSpace(Val(d.Classification))) {
	case "mật":
		return 1
	case "tối mật":
		return 2
	case "tuyệt mật":
		return 3
	}
	return 0
}
