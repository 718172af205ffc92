package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// TestAdmitSearch: with every slot taken a search waits SearchWait, then
// gets 503 with Retry-After and a Vietnamese error; a freed slot admits
// the next one.
func TestAdmitSearch(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), SearchWait: 50 * time.Millisecond, searchSem: make(chan struct{}, 1)}
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	r := gin.New()
	handler := func(c *gin.Context) {
		select {
		case started <- struct{}{}:
			<-release // the first search holds the only slot
		default:
		}
		c.String(http.StatusOK, "ok")
	}
	r.GET("/api/v1/search", s.admitSearch(), handler)
	r.GET("/tim-kiem", s.admitSearch(), handler)
	srv := httptest.NewServer(r)
	defer srv.Close()

	first := make(chan int)
	go func() {
		resp, err := http.Get(srv.URL + "/api/v1/search?q=a")
		if err != nil {
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	<-started
	resp, err := http.Get(srv.URL + "/api/v1/search?q=b")
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || body.Error.Code != "busy" || body.Error.Message == "" || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("busy API search: %d %+v Retry-After %q", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
	resp, err = http.Get(srv.URL + "/tim-kiem?q=b")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(page), "Máy chủ đang bận") {
		t.Fatalf("busy search page: %d %q", resp.StatusCode, page)
	}
	close(release)
	if code := <-first; code != http.StatusOK {
		t.Fatalf("first search: %d", code)
	}
	resp, err = http.Get(srv.URL + "/api/v1/search?q=c")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("search after the slot was freed: %d", resp.StatusCode)
	}
}
