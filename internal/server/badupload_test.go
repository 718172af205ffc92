package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"vanthu/ingest"
	"vanthu/internal/badfiles"
)

// hasVietnamese reports whether s has a Vietnamese letter with a diacritic.
func hasVietnamese(s string) bool {
	return strings.ContainsAny(s, "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
}

// TestBadUploads sends the whole bad-file corpus through the upload API:
// every file ends failed with a Vietnamese reason (or stored under a safe
// name), nothing half-stored is left, and the server keeps answering.
func TestBadUploads(t *testing.T) {
	if testing.Short() {
		t.Skip("bad-file corpus through the API: not in -short")
	}
	e := newAPIEnv(t)
	before, _ := e.a.Store.Count()
	added := 0
	for _, c := range badfiles.All() {
		if int64(len(c.Data)) > ingest.MaxFileSize { // the request limit is tested below
			continue
		}
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreateFormFile("file", c.File)
		w.Write(c.Data)
		mw.Close()
		code, _, b := e.do("POST", "/api/v1/documents", mw.FormDataContentType(), &buf)
		if code == http.StatusBadRequest && strings.ContainsFunc(c.File, func(r rune) bool { return r < 0x20 }) && hasVietnamese(string(b)) {
			continue // control characters in the part header make the request itself malformed: refused whole
		}
		if code != http.StatusAccepted {
			t.Errorf("%s: upload answered %d %s", c.Name, code, b)
			continue
		}
		var res struct {
			Jobs []struct{ ID, File, Status, Error string }
		}
		json.Unmarshal(b, &res)
		j := res.Jobs[0]
		if j.ID == "" { // refused at once (empty file)
			if c.WantCode == "" || !hasVietnamese(j.Error) {
				t.Errorf("%s: refused at upload: %+v", c.Name, j)
			}
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		job, err := e.q.Wait(ctx, j.ID)
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		switch {
		case c.WantCode == "" && job.Status != "done":
			t.Errorf("%s: %s %s, want stored", c.Name, job.Status, job.Error)
		case c.WantCode != "" && (job.Status != "failed" || job.ErrorCode != c.WantCode || !hasVietnamese(job.Error)):
			t.Errorf("%s: %s %q %q, want failed %s with a Vietnamese reason", c.Name, job.Status, job.ErrorCode, job.Error, c.WantCode)
		}
		if job.Status == "done" {
			added++
			if strings.ContainsAny(job.File, "/\\\x00") || strings.HasPrefix(job.File, ".") {
				t.Errorf("%s: stored under an unsafe name %q", c.Name, job.File)
			}
		}
		if code, _ := e.get("/api/v1/me"); code != 200 {
			t.Fatalf("server stopped answering after %s: %d", c.Name, code)
		}
	}
	after, _ := e.a.Store.Count()
	if after-before != added {
		t.Errorf("%d documents stored, %d uploads done: something half-stored", after-before, added)
	}
	// a request body over the upload limit is refused with a Vietnamese reason
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "qua-lon.txt")
	w.Write(make([]byte, ingest.MaxFileSize+1))
	mw.Close()
	code, _, b := e.do("POST", "/api/v1/documents", mw.FormDataContentType(), &buf)
	if code == http.StatusAccepted && !strings.Contains(string(b), "failed") || !hasVietnamese(string(b)) {
		t.Errorf("oversize upload: %d %s", code, b)
	}
}
