package document

import (
	"encoding/json"
	"testing"
)

func validate(t *testing.T, b []byte) error {
	t.Helper()
	return Validate(b)
}

func TestEmptyRecordValidates(t *testing.T) {
	d := New()
	b, err := d.MarshalLine()
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(t, b); err != nil {
		t.Fatalf("empty record does not validate: %v\n%s", err, b)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"number", "issued_date", "subject", "classification", "urgency"} {
		if v, ok := m[k]; !ok || v != nil {
			t.Errorf("key %q = %v, want present and null", k, v)
		}
	}
	if v, ok := m["tasks"].([]any); !ok || len(v) != 0 {
		t.Errorf("tasks = %v, want []", m["tasks"])
	}
}

func TestSchemaRejectsBadRecord(t *testing.T) {
	d := New()
	d.DocType = "not_a_type"
	b, _ := d.MarshalLine()
	if err := validate(t, b); err == nil {
		t.Fatal("record with an unknown doc_type validated")
	}
	bad := []byte(`{"schema":"vanthu.document/v1"}`)
	if err := validate(t, bad); err == nil {
		t.Fatal("record missing required keys validated")
	}
}

func TestFullRecordValidates(t *testing.T) {
	d := New()
	d.DocType, d.DocTypeLabel = "cong_van", "Công văn"
	d.Number, d.IssuedDate = Str("1006-CV/HU"), Str("2023-06-26")
	lbl := "1"
	d.Tasks = []Task{{Label: &lbl, Text: "Giao Ban Tổ chức chủ trì", Lead: []string{"Ban Tổ chức"},
		Deadline: &Deadline{Date: Str("2023-06-30"), Text: "trước ngày 30/6/2023"}}}
	d.References = []Reference{{Number: "02-NQ/HU"}}
	d.AddWarning(WarnMissingSigner, "Không tìm thấy họ tên người ký.")
	d.AddWarning(WarnMissingSigner, "Không tìm thấy họ tên người ký.")
	if len(d.Warnings) != 1 {
		t.Errorf("duplicate warning added: %d", len(d.Warnings))
	}
	b, _ := d.MarshalLine()
	if err := validate(t, b); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	d.IssuedDate = Str("26/06/2023")
	b, _ = d.MarshalLine()
	if err := validate(t, b); err == nil {
		t.Fatal("non-ISO issued_date validated")
	}
}
