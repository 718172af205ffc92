package server

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"vanthu/internal/auth"
	"vanthu/internal/document"
	"vanthu/internal/store"
	"vanthu/internal/textnorm"
)

// Context keys set by authenticate.
const (
	accountKey = "vanthu.account" // *store.User
	csrfKey    = "vanthu.csrf"    // the session's CSRF token; "" for bearer tokens
)

// Cookie names.
const (
	sessionCookie  = "vanthu_session"
	preLoginCookie = "vanthu_pre" // CSRF token of the login form, before any session
)

// SessionTTL is how long a login lasts.
const SessionTTL = 12 * time.Hour

// account returns the logged-in user, nil for anonymous requests.
func account(c *gin.Context) *store.User {
	u, _ := c.Get(accountKey)
	acc, _ := u.(*store.User)
	return acc
}

// clearance is the viewer's clearance (-1 when anonymous: sees nothing).
func clearance(c *gin.Context) int {
	if u := account(c); u != nil {
		return u.Clearance
	}
	return -1
}

// visible reports whether the viewer may see a record.
func visible(c *gin.Context, rec *store.Record) bool {
	return auth.Sees(account(c), document.Secrecy(rec.Doc))
}

// clientIP is the request's remote address (no proxy headers are trusted).
func clientIP(c *gin.Context) string {
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		return c.Request.RemoteAddr
	}
	return host
}

// isAPI reports whether the request is for the JSON API.
func isAPI(c *gin.Context) bool {
	p := c.Request.URL.Path
	return p == "/api" || strings.HasPrefix(p, "/api/")
}

// authenticate resolves the caller: an API token (Authorization: Bearer)
// or a session cookie. A bad bearer token is refused at once; a stale
// cookie just means anonymous.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		if h := c.GetHeader("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.fail(c, http.StatusUnauthorized, "bad_token", "Tiêu đề Authorization phải có dạng \"Bearer <mã truy cập>\".")
				return
			}
			u, err := s.Arch.Store.TokenUser(auth.HashSecret(strings.TrimSpace(tok)))
			if err != nil {
				s.audit(c, "login.token", "", "mã truy cập không hợp lệ", false)
				s.fail(c, http.StatusUnauthorized, "bad_token", "Mã truy cập không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khóa.")
				return
			}
			c.Set(accountKey, u)
			c.Set(userKey, u.Name)
			c.Next()
			return
		}
		if v, err := c.Cookie(sessionCookie); err == nil && v != "" {
			if sess, err := s.Arch.Store.SessionByHash(auth.HashSecret(v)); err == nil {
				c.Set(accountKey, sess.User)
				c.Set(userKey, sess.User.Name)
				c.Set(csrfKey, sess.CSRF)
			}
		}
		c.Next()
	}
}

// stateChanging reports whether a method changes state.
func stateChanging(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// csrfProtect checks the CSRF token of every state-changing request made
// with a session cookie: the form field _csrf or the X-CSRF-Token header
// must equal the session's token. Bearer-token requests carry no cookie
// and need none.
func (s *Server) csrfProtect() gin.HandlerFunc {
	return func(c *gin.Context) {
		want := c.GetString(csrfKey)
		if !stateChanging(c.Request.Method) || want == "" {
			c.Next()
			return
		}
		got := c.GetHeader("X-CSRF-Token")
		if got == "" && strings.HasPrefix(c.ContentType(), "application/x-www-form-urlencoded") {
			got = c.PostForm("_csrf")
		}
		if got == "" && strings.HasPrefix(c.ContentType(), "multipart/form-data") {
			got = c.Query("_csrf") // multipart bodies are streamed: the no-JS upload form puts it in its action URL
		}
		if !auth.Equal(got, want) {
			s.deny(c, http.StatusForbidden, "csrf", "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang và thử lại.")
			return
		}
		c.Next()
	}
}

// deny answers an authorisation failure as JSON or a page.
func (s *Server) deny(c *gin.Context, status int, code, msg string) {
	if isAPI(c) {
		s.fail(c, status, code, msg)
		return
	}
	s.errorPage(c, status, msg)
}

// require lets the request through when the caller's role has p;
// anonymous callers get 401 (API) or the login page (web).
func (s *Server) require(p auth.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := account(c)
		if u == nil {
			if isAPI(c) {
				s.fail(c, http.StatusUnauthorized, "unauthenticated", "Cần đăng nhập hoặc gửi mã truy cập (Authorization: Bearer ...).")
				return
			}
			c.Redirect(http.StatusSeeOther, "/dang-nhap?ve="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		if !auth.Can(u.Role, p) {
			s.deny(c, http.StatusForbidden, "forbidden", "Tài khoản của bạn ("+auth.RoleLabel(u.Role)+") không được phép làm việc này.")
			return
		}
		c.Next()
	}
}

// audit appends to the audit log; a failure to write it is logged.
func (s *Server) audit(c *gin.Context, action, target, detail string, ok bool) {
	actor := "(khách)"
	if u := account(c); u != nil {
		actor = u.Name
	}
	if err := s.Arch.Store.Audit(store.AuditEntry{Actor: actor, Action: action, Target: target, Detail: detail,
		IP: clientIP(c), OK: ok}); err != nil {
		s.Log.Error("audit", "action", action, "err", err)
	}
}

// startSession logs u in: a new random session id in an HttpOnly cookie
// (only its hash is stored) with its own CSRF token.
func (s *Server) startSession(c *gin.Context, u *store.User) error {
	id := auth.NewSecret(32)
	if err := s.Arch.Store.CreateSession(auth.HashSecret(id), u.ID, auth.NewSecret(24), time.Now().Add(SessionTTL)); err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, id, int(SessionTTL.Seconds()))
	return nil
}

// setCookie sets an HttpOnly, SameSite=Lax cookie, Secure on HTTPS or
// when the server is configured for secure cookies.
func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.SecureCookies || c.Request.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// endSession logs the caller out.
func (s *Server) endSession(c *gin.Context) {
	if v, err := c.Cookie(sessionCookie); err == nil && v != "" {
		s.Arch.Store.DeleteSession(auth.HashSecret(v))
	}
	s.setCookie(c, sessionCookie, "", -1)
}

// EnsureAdmin creates the first administrator when there is no account
// yet and returns its generated password ("" when accounts exist).
func EnsureAdmin(st *store.Store, name string) (string, error) {
	n, err := st.CountUsers()
	if err != nil || n > 0 {
		return "", err
	}
	pw := auth.NewPassword()
	h, err := auth.HashPassword(pw)
	if err != nil {
		return "", err
	}
	u := &store.User{Name: name, Role: auth.Admin, Clearance: store.SecrecyTuyetMat}
	if err := st.AddUser(u, h); err != nil {
		if errors.Is(err, store.ErrUserExists) {
			return "", nil
		}
		return "", err
	}
	st.Audit(store.AuditEntry{Actor: "system", Action: "user.add", Target: name, Detail: "first administrator", OK: true})
	return pw, nil
}

// jobOwner is whose jobs the caller may list: everyone's for an admin,
// otherwise their own.
func jobOwner(c *gin.Context) string {
	if u := account(c); u != nil && u.Role != auth.Admin {
		return u.Name
	}
	return ""
}

// ownsJob reports whether the caller may see a job.
func ownsJob(c *gin.Context, j *store.Job) bool {
	u := account(c)
	return u != nil && (u.Role == auth.Admin || j.CreatedBy == u.Name)
}

// mayMark reports whether the caller may change a task's status: clerks
// and admins any task, readers (cán bộ) only tasks their organisation
// leads or supports.
func mayMark(c *gin.Context, t document.Task) bool {
	u := account(c)
	if u == nil || !auth.Can(u.Role, auth.MarkTasks) {
		return false
	}
	if u.Role != auth.Reader {
		return true
	}
	org := textnorm.FoldKey(u.Org)
	if org == "" {
		return false
	}
	for _, o := range append(append([]string{}, t.Lead...), t.Support...) {
		k := textnorm.FoldKey(o)
		if strings.Contains(k, org) || strings.Contains(org, k) {
			return true
		}
	}
	return false
}

// secrecyFilter is the index filter for the viewer's clearance; nil (no
// filter to evaluate) when cleared to every level.
func secrecyFilter(c *gin.Context) *int {
	lv := clearance(c)
	if lv >= store.MaxSecrecyLevels {
		return nil
	}
	return &lv
}
