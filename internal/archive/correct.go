package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"vanthu/internal/document"
	"vanthu/internal/store"
	"vanthu/internal/textnorm"
)

// FieldError is a correction refused because of its value.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"` // Vietnamese
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

// Classifications and urgencies accepted in corrections ("" clears).
var (
	Classifications = []string{"Mật", "Tối mật", "Tuyệt mật"}
	Urgencies       = []string{"Khẩn", "Thượng khẩn", "Hỏa tốc"}
)

// CorrectableFields lists the scalar fields a person may correct; tasks are
// corrected through "tasks.N.<lead|support|text|deadline.date>".
var CorrectableFields = []string{"number", "issued_date", "issued_place", "issuer.name", "issuer.parent", "subject",
	"doc_type", "signer.name", "signer.position", "signer.authority", "classification", "urgency",
	"recipients", "distribution"}

// Correct applies a person's corrections to a record: patch maps field
// paths (see CorrectableFields) to new values. The corrected record is
// saved with who and when, re-indexed, and the corrections are re-applied
// whenever the document is extracted again. Nothing is saved when any
// value is refused (*FieldError).
func (a *Archive) Correct(id string, patch map[string]any, user string) (*store.Record, error) {
	rec, err := a.Store.Get(id)
	if err != nil {
		return nil, err
	}
	if len(patch) == 0 {
		return rec, nil
	}
	keys := make([]string, 0, len(patch))
	for k := range patch {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	d := rec.Doc
	var add []store.Correction
	at := time.Now().UTC().Format(time.RFC3339)
	for _, k := range keys {
		raw, err := json.Marshal(patch[k])
		if err != nil {
			return nil, &FieldError{Field: k, Message: "Giá trị không hợp lệ."}
		}
		if err := applyCorrection(d, k, raw); err != nil {
			return nil, err
		}
		add = append(add, store.Correction{Field: k, Value: raw, By: user, At: at})
	}
	if err := a.Store.Update(rec.ID, d, nil, add); err != nil {
		return nil, err
	}
	a.changedDoc(rec.ID)
	if rec, err = a.Store.Get(rec.ID); err != nil {
		return nil, err
	}
	if err := a.reindexOne(rec); err != nil {
		return rec, fmt.Errorf("đã lưu chỉnh sửa nhưng chưa cập nhật được chỉ mục: %w", err)
	}
	return rec, nil
}

// Reextract replaces a record's extraction with d (a fresh extraction of
// the same original) and re-applies every correction on top of it, so
// people's corrections are never overwritten.
func (a *Archive) Reextract(id string, d *document.Document) (*store.Record, error) {
	rec, err := a.Store.Get(id)
	if err != nil {
		return nil, err
	}
	cs, err := a.Store.Corrections(rec.ID)
	if err != nil {
		return nil, err
	}
	d.Source = rec.Doc.Source
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	extracted := document.New()
	if err := json.Unmarshal(raw, extracted); err != nil { // a deep copy: corrections must not leak into it
		return nil, err
	}
	cur := d
	for _, c := range cs {
		if err := applyCorrection(cur, c.Field, c.Value); err != nil {
			continue // a correction of a task that no longer exists
		}
	}
	if err := a.Store.Update(rec.ID, cur, extracted, nil); err != nil {
		return nil, err
	}
	a.changedDoc(rec.ID)
	if rec, err = a.Store.Get(rec.ID); err != nil {
		return nil, err
	}
	return rec, a.reindexOne(rec)
}

// applyCorrection sets one field of d from its JSON value.
func applyCorrection(d *document.Document, field string, raw json.RawMessage) error {
	str := func() (*string, error) {
		var v *string
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, &FieldError{Field: field, Message: "Cần một chuỗi ký tự."}
		}
		if v != nil {
			t := strings.TrimSpace(textnorm.CollapseSpaces(*v))
			if t == "" {
				return nil, nil
			}
			v = &t
		}
		return v, nil
	}
	list := func() ([]string, error) {
		var v []string
		if err := json.Unmarshal(raw, &v); err != nil {
			var one string
			if json.Unmarshal(raw, &one) != nil {
				return nil, &FieldError{Field: field, Message: "Cần một danh sách."}
			}
			v = strings.Split(one, "\n")
		}
		out := []string{}
		for _, s := range v {
			if s = strings.TrimSpace(textnorm.CollapseSpaces(s)); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	date := func() (*string, error) {
		v, err := str()
		if err != nil || v == nil {
			return v, err
		}
		if _, err := time.Parse("2006-01-02", *v); err != nil {
			return nil, &FieldError{Field: field, Message: "Ngày không hợp lệ; hãy nhập theo dạng năm-tháng-ngày (ví dụ 2024-03-31)."}
		}
		return v, nil
	}
	oneOf := func(allowed []string) (*string, error) {
		v, err := str()
		if err != nil || v == nil {
			return v, err
		}
		for _, a := range allowed {
			if textnorm.FoldKey(a) == textnorm.FoldKey(*v) {
				return &a, nil
			}
		}
		return nil, &FieldError{Field: field, Message: "Giá trị phải là một trong: " + strings.Join(allowed, ", ") + "."}
	}
	var err error
	switch field {
	case "number":
		var v *string
		if v, err = str(); err == nil && v != nil {
			n := strings.Join(strings.Fields(strings.TrimPrefix(strings.TrimPrefix(*v, "Số:"), "Số")), "")
			v = &n
		}
		d.Number = v
	case "issued_date":
		d.IssuedDate, err = date()
	case "issued_place":
		d.IssuedPlace, err = str()
	case "issuer.name":
		d.Issuer.Name, err = str()
	case "issuer.parent":
		d.Issuer.Parent, err = str()
	case "subject":
		d.Subject, err = str()
	case "signer.name":
		d.Signer.Name, err = str()
	case "signer.position":
		d.Signer.Position, err = str()
	case "signer.authority":
		d.Signer.Authority, err = str()
	case "classification":
		d.Classification, err = oneOf(Classifications)
	case "urgency":
		d.Urgency, err = oneOf(Urgencies)
	case "recipients":
		d.Recipients, err = list()
	case "distribution":
		d.Distribution, err = list()
	case "doc_type":
		var v *string
		if v, err = str(); err == nil {
			code := document.Val(v)
			label, ok := document.DocTypeLabels[code]
			if !ok { // accept the Vietnamese name too
				for c, l := range document.DocTypeLabels {
					if textnorm.FoldKey(l) == textnorm.FoldKey(code) {
						code, label, ok = c, l, true
					}
				}
			}
			if !ok {
				return &FieldError{Field: field, Message: "Loại văn bản không hợp lệ."}
			}
			d.DocType, d.DocTypeLabel = code, label
		}
	default:
		return applyTaskCorrection(d, field, raw, str, list, date)
	}
	return err
}

// applyTaskCorrection handles "tasks.N.lead|support|text|deadline.date",
// N being the 1-based position of a top-level task.
func applyTaskCorrection(d *document.Document, field string, raw json.RawMessage,
	str func() (*string, error), list func() ([]string, error), date func() (*string, error)) error {
	parts := strings.SplitN(field, ".", 3)
	if len(parts) != 3 || parts[0] != "tasks" {
		return &FieldError{Field: field, Message: "Không có trường này."}
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil || n < 1 || n > len(d.Tasks) {
		return &FieldError{Field: field, Message: "Không có nhiệm vụ số " + parts[1] + "."}
	}
	t := &d.Tasks[n-1]
	switch parts[2] {
	case "lead":
		t.Lead, err = list()
	case "support":
		t.Support, err = list()
	case "text":
		var v *string
		if v, err = str(); err == nil {
			if v == nil {
				return &FieldError{Field: field, Message: "Nội dung nhiệm vụ không được để trống."}
			}
			t.Text = *v
		}
	case "deadline.date":
		var v *string
		if v, err = date(); err == nil {
			if v == nil {
				t.Deadline = nil
			} else if t.Deadline == nil {
				t.Deadline = &document.Deadline{Date: v, Text: ""}
			} else {
				t.Deadline.Date = v
			}
		}
	default:
		return &FieldError{Field: field, Message: "Không có trường này."}
	}
	return err
}

// ErrDuplicateRegister is returned by Register when documents with the same
// number and issuer are already in the register.
var ErrDuplicateRegister = errors.New("đã có văn bản cùng số, ký hiệu và cơ quan ban hành trong sổ văn bản đến")
