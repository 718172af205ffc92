package server

import (
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// Searches are admitted a bounded number at a time: past saturation the
// others wait for a slot up to searchWait and are then refused with 503
// and Retry-After, instead of all running at once and all slowing down
// together (latency of seconds, memory growing with the backlog).

// searchSlots is how many searches run at once: enough to keep every core
// busy while some wait on the database, few enough to bound the backlog.
func searchSlots() int { return 8 * runtime.GOMAXPROCS(0) }

// searchWait is how long a search waits for a slot.
const searchWait = 5 * time.Second

// admitSearch limits concurrent searches (API and web page).
func (s *Server) admitSearch() gin.HandlerFunc {
	return func(c *gin.Context) {
		wait := s.SearchWait
		if wait == 0 {
			wait = searchWait
		}
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case s.searchSem <- struct{}{}:
			defer func() { <-s.searchSem }()
			c.Next()
		case <-t.C:
			s.Log.Warn("search refused: busy", "path", c.Request.URL.Path, "waited", wait)
			c.Header("Retry-After", "2")
			const msg = "Máy chủ đang bận xử lý nhiều tìm kiếm; vui lòng thử lại sau vài giây."
			if strings.HasPrefix(c.Request.URL.Path, "/api/") {
				s.fail(c, http.StatusServiceUnavailable, "busy", msg)
			} else {
				setPageHeaders(c.Writer.Header())
				s.errorPage(c, http.StatusServiceUnavailable, msg)
			}
			c.Abort()
		case <-c.Request.Context().Done():
			c.Abort()
		}
	}
}
