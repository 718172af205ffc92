package store

import (
	"errors"
	"path/filepath"
	"testing"

	"vanthu/internal/document"
)

func TestInsertGetCiting(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := document.New()
	d.Number = document.Str("1006-CV/HU")
	d.References = []document.Reference{{Number: "28 - CT/TW"}}
	d.Tasks = []document.Task{{Text: "Rà soát"}}
	sha := "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12"
	id, added, err := s.Insert(sha, "a.txt", 10, d)
	if err != nil || !added || id != sha[:16] {
		t.Fatalf("insert: %s %v %v", id, added, err)
	}
	if id2, added, err := s.Insert(sha, "b.txt", 10, d); err != nil || added || id2 != id {
		t.Fatalf("second insert: %s %v %v", id2, added, err)
	}
	r, err := s.Get(id[:6])
	if err != nil || r.File != "a.txt" || document.Val(r.Doc.Number) != "1006-CV/HU" {
		t.Fatalf("get by prefix: %+v %v", r, err)
	}
	if !r.OpenTasks() {
		t.Error("task should be open")
	}
	if err := s.SetTaskDone(id, 0, true); err != nil {
		t.Fatal(err)
	}
	if r, _ = s.Get(id); r.OpenTasks() {
		t.Error("task should be done")
	}
	if got, err := s.Citing("28 - ct/tw"); err != nil || len(got) != 1 {
		t.Errorf("citing in other spacing/case: %v %v", got, err)
	}
	if got, _ := s.Citing("28-CT/TW"); len(got) != 1 || got[0] != id {
		t.Errorf("citing: %v", got)
	}
	if _, err := s.Get("ffff"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing id: %v", err)
	}
	n := 0
	if err := s.Each(t.Context(), func(*Record) error { n++; return nil }); err != nil || n != 1 {
		t.Errorf("each: %d %v", n, err)
	}
}
