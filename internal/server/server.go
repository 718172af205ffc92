// Package server is vanthu's HTTP side: the REST API under /api/v1 (api*.go)
// and the server-rendered Vietnamese web UI (web*.go, templates and static
// files embedded from web/), both on one gin engine over the archive.
package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"vanthu/internal/archive"
	"vanthu/internal/auth"
	"vanthu/internal/jobs"
)

// Server serves one data directory.
type Server struct {
	Arch *archive.Archive
	Jobs *jobs.Queue
	Log  *slog.Logger
	Now  func() time.Time // clock for deadlines (tests pin it)
	// SecureCookies marks cookies Secure even on plain HTTP (behind a TLS proxy).
	SecureCookies bool

	// SearchWait is how long a search waits for a free slot before a 503
	// (0: searchWait).
	SearchWait time.Duration

	limiter   *auth.Limiter
	searchSem chan struct{} // admission slots of searches (admit.go)
}

// New returns a server over an open archive and its job queue.
func New(a *archive.Archive, q *jobs.Queue, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	return &Server{Arch: a, Jobs: q, Log: log, Now: time.Now, limiter: auth.NewLimiter(5, 15*time.Minute),
		searchSem: make(chan struct{}, searchSlots())}
}

// Handler builds the gin engine with every route.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(s.recovery(), s.logRequests(), s.authenticate(), s.csrfProtect())
	s.apiRoutes(r.Group("/api/v1"))
	s.webRoutes(r)
	return r
}

// userKey is the gin context key holding the acting user's name.
const userKey = "vanthu.user"

// user returns the acting user's name.
func (s *Server) user(c *gin.Context) string { return c.GetString(userKey) }

// recovery turns a panic in a handler into a 500 with a Vietnamese message
// and keeps the server running.
func (s *Server) recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				s.Log.Error("panic in handler", "path", c.Request.URL.Path, "panic", r)
				if !c.Writer.Written() {
					if isAPI(c) {
						s.fail(c, http.StatusInternalServerError, "internal_error", "Lỗi nội bộ của máy chủ; thao tác chưa được thực hiện.")
					} else {
						s.errorPage(c, http.StatusInternalServerError, "Lỗi nội bộ của máy chủ; thao tác chưa được thực hiện. Vui lòng thử lại sau.")
					}
				}
				c.Abort()
			}
		}()
		c.Next()
	}
}

func (s *Server) logRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		t := time.Now()
		c.Next()
		s.Log.Debug("request", "method", c.Request.Method, "path", c.Request.URL.Path, "status", c.Writer.Status(), "dur", time.Since(t))
	}
}
