package server

// The server-rendered Vietnamese web UI: routes, the template set, the
// shared layout data, the error page and the static files. Page handlers
// live in web_pages.go, small formatting helpers in web_funcs.go.

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"vanthu/internal/auth"
)

//go:embed web
var webFS embed.FS

// staticFS is web/static, served at /static/.
var staticFS = mustSub(webFS, "web/static")

// assetVersions maps a static file name to a short hash of its content, so
// that pages can link /static/app.css?v=… and browsers may cache for long.
var assetVersions = hashAssets(staticFS)

// webPages holds one template per page, each parsed together with the
// shared layout; execute "layout".
var webPages = parsePages()

// pageNames are the page templates under web/templates (without .html).
var pageNames = []string{"dashboard", "upload", "search", "document", "checklist", "register", "error", "login", "users", "audit"}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return sub
}

func hashAssets(f fs.FS) map[string]string {
	out := map[string]string{}
	entries, err := fs.ReadDir(f, ".")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := fs.ReadFile(f, e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		out[e.Name()] = hex.EncodeToString(sum[:])[:10]
	}
	return out
}

func parsePages() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t := template.New(name).Funcs(webFuncs)
		t = template.Must(t.ParseFS(webFS, "web/templates/layout.html", "web/templates/"+name+".html"))
		out[name] = t
	}
	return out
}

// page is what every template receives; Body is the page's own data.
type page struct {
	Title   string // <title>, without the site name
	Active  string // highlighted nav entry: home, upload, search, register
	User    string // logged-in user's name; "" when anonymous
	Role    string // its role label
	Admin   bool   // show the administration links
	CSRF    string // the session's CSRF token, for every POST form
	Return  string // the current page, for links that come back here
	Print   bool   // print view: no header, nav or forms
	Flash   string // confirmation after a redirect
	Refresh int    // seconds; a <noscript> meta refresh when > 0
	Body    any
}

// flashes are the confirmations a redirect may ask for with ?da=CODE.
var flashes = map[string]string{
	"sua":       "Đã lưu chỉnh sửa.",
	"khong-doi": "Không có thay đổi nào để lưu.",
	"cap-nhat":  "Đã cập nhật trạng thái nhiệm vụ.",
	"vao-so":    "Đã vào sổ văn bản đến.",
	"so-den":    "Đã cập nhật sổ văn bản đến.",
}

// webRoutes registers the web UI on r.
func (s *Server) webRoutes(r *gin.Engine) {
	r.GET("/static/*file", s.webStatic)
	r.HEAD("/static/*file", s.webStatic)

	w := r.Group("/", webHeaders())
	w.GET("/dang-nhap", s.webLogin)
	p := w.Group("/", s.sameOrigin())
	p.POST("/dang-nhap", s.webLoginPost)
	p.POST("/dang-xuat", s.require(auth.Read), s.webLogout)

	read := w.Group("/", s.require(auth.Read))
	read.GET("/", s.webDashboard)
	read.GET("/tim-kiem", s.admitSearch(), s.webSearch)
	read.GET("/van-ban/:id", s.webDocument)
	read.GET("/van-ban/:id/nhiem-vu", s.webChecklist)
	p.POST("/van-ban/:id/nhiem-vu/:n", s.require(auth.MarkTasks), s.webTaskState)

	up := w.Group("/", s.require(auth.Upload))
	up.GET("/tai-len", s.webUpload)
	p.POST("/tai-len", s.require(auth.Upload), s.webUploadPost)
	p.POST("/van-ban/:id/sua", s.require(auth.Correct), s.webCorrect)

	reg := w.Group("/", s.require(auth.Register))
	reg.GET("/so-den", s.webRegisterBook)
	p.POST("/van-ban/:id/dang-ky", s.require(auth.Register), s.webRegister)
	p.POST("/van-ban/:id/so-den", s.require(auth.Register), s.webRegisterUpdate)

	adm := w.Group("/quan-tri", s.require(auth.ManageUser))
	adm.GET("/nguoi-dung", s.webUsers)
	pa := p.Group("/quan-tri", s.require(auth.ManageUser))
	pa.POST("/nguoi-dung", s.webUserAdd)
	pa.POST("/nguoi-dung/:uid", s.webUserUpdate)
	pa.POST("/nguoi-dung/:uid/khoa", s.webUserToggle)
	pa.POST("/nguoi-dung/:uid/mat-khau", s.webUserPassword)
	aud := w.Group("/quan-tri", s.require(auth.ViewAudit))
	aud.GET("/nhat-ky", s.webAudit)
	aud.GET("/nhat-ky.csv", s.webAuditCSV)

	r.NoRoute(s.webNotFound)
}

// webHeaders sets the security headers of HTML pages.
func webHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		setPageHeaders(c.Writer.Header())
		c.Next()
	}
}

// setPageHeaders: everything comes from this origin (no inline script or
// style), and pages are not framed.
func setPageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
}

// sameOrigin refuses state-changing form posts coming from another site.
func (s *Server) sameOrigin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Sec-Fetch-Site") == "cross-site" {
			s.errorPage(c, http.StatusForbidden, "Yêu cầu bị từ chối: biểu mẫu được gửi từ một trang web khác.")
			return
		}
		if o := c.GetHeader("Origin"); o != "" && o != "null" {
			u, err := url.Parse(o)
			if err != nil || !strings.EqualFold(u.Host, c.Request.Host) {
				s.errorPage(c, http.StatusForbidden, "Yêu cầu bị từ chối: biểu mẫu được gửi từ một trang web khác.")
				return
			}
		}
		c.Next()
	}
}

// webStatic serves the embedded CSS and JS. Versioned URLs (?v=hash of the
// current content) are cached for a year, others revalidated.
func (s *Server) webStatic(c *gin.Context) {
	name := strings.TrimPrefix(path.Clean("/"+c.Param("file")), "/")
	ver, ok := assetVersions[name]
	if !ok {
		c.Header("Content-Type", "text/plain; charset=utf-8")
		c.String(http.StatusNotFound, "Không tìm thấy tệp.")
		return
	}
	if c.Query("v") == ver {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "no-cache")
	}
	c.Header("ETag", `"`+ver+`"`)
	c.Header("X-Content-Type-Options", "nosniff")
	c.FileFromFS(name, http.FS(staticFS))
}

// assetURL is the versioned URL of a static file.
func assetURL(name string) string {
	if v, ok := assetVersions[name]; ok {
		return "/static/" + name + "?v=" + v
	}
	return "/static/" + name
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 page rather than half a page.
func (s *Server) render(c *gin.Context, status int, name string, p *page) {
	if u := account(c); u != nil {
		p.User, p.Role, p.Admin = u.Name, auth.RoleLabel(u.Role), u.Role == auth.Admin
		p.CSRF = c.GetString(csrfKey)
	}
	if p.Return == "" {
		if c.Request.Method == http.MethodGet {
			u := *c.Request.URL
			q := u.Query()
			if q.Has("da") { // no confirmation replayed on the way back
				q.Del("da")
				u.RawQuery = q.Encode()
			}
			p.Return = u.RequestURI()
		} else {
			p.Return = "/"
		}
	}
	if p.Flash == "" {
		p.Flash = flashes[c.Query("da")]
	}
	var buf bytes.Buffer
	t := webPages[name]
	if t == nil {
		s.Log.Error("unknown page template", "page", name)
		c.String(http.StatusInternalServerError, "Lỗi nội bộ của máy chủ.")
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.Log.Error("rendering page", "page", name, "path", c.Request.URL.Path, "err", err)
		if name != "error" {
			s.errorPage(c, http.StatusInternalServerError, "Không hiển thị được trang này do lỗi nội bộ của máy chủ.")
			return
		}
		c.Header("Content-Type", "text/plain; charset=utf-8")
		c.String(http.StatusInternalServerError, "Lỗi nội bộ của máy chủ.")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

type errorBody struct {
	Status           int
	Heading, Message string
}

// errorPage answers with a Vietnamese error page and stops the chain.
func (s *Server) errorPage(c *gin.Context, status int, msg string) {
	heading := "Có lỗi xảy ra"
	switch {
	case status == http.StatusNotFound:
		heading = "Không tìm thấy"
	case status == http.StatusForbidden:
		heading = "Không được phép"
	case status == http.StatusRequestEntityTooLarge:
		heading = "Tệp quá lớn"
	case status == http.StatusServiceUnavailable:
		heading = "Máy chủ đang bận"
	case status >= 400 && status < 500:
		heading = "Yêu cầu không hợp lệ"
	}
	if msg == "" {
		msg = http.StatusText(status)
	}
	c.Abort()
	s.render(c, status, "error", &page{Title: heading, Return: "/", Body: errorBody{Status: status, Heading: heading, Message: msg}})
}

// internalError logs err and shows the generic 500 page.
func (s *Server) internalError(c *gin.Context, err error) {
	s.Log.Error("web handler", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	s.errorPage(c, http.StatusInternalServerError, "Lỗi nội bộ của máy chủ; thao tác chưa được thực hiện. Vui lòng thử lại sau.")
}

// webNotFound answers unknown paths: JSON under /api/, an HTML page elsewhere.
func (s *Server) webNotFound(c *gin.Context) {
	if p := c.Request.URL.Path; p == "/api" || strings.HasPrefix(p, "/api/") {
		s.fail(c, http.StatusNotFound, "not_found", "Không có địa chỉ API này.")
		return
	}
	setPageHeaders(c.Writer.Header())
	s.errorPage(c, http.StatusNotFound, "Không tìm thấy trang bạn yêu cầu. Địa chỉ có thể đã bị gõ sai hoặc trang không còn nữa.")
}

// localPath returns p when it is a path on this site, "/" otherwise (no
// open redirects).
func localPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return u.RequestURI()
}
