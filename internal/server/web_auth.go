package server

// Login, logout and the administrator's pages (users, audit log).

import (
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"vanthu/internal/auth"
	"vanthu/internal/store"
)

type loginBody struct {
	CSRF, Return, Name, Error string
}

// loginCSRF returns the pre-login CSRF token, setting its cookie if needed.
func (s *Server) loginCSRF(c *gin.Context) string {
	if v, err := c.Cookie(preLoginCookie); err == nil && len(v) >= 20 {
		return v
	}
	v := auth.NewSecret(24)
	s.setCookie(c, preLoginCookie, v, 3600)
	return v
}

func (s *Server) webLogin(c *gin.Context) {
	if account(c) != nil {
		c.Redirect(http.StatusSeeOther, localPath(c.Query("ve")))
		return
	}
	s.render(c, http.StatusOK, "login", &page{Title: "Đăng nhập", Body: loginBody{CSRF: s.loginCSRF(c), Return: localPath(c.Query("ve"))}})
}

func (s *Server) webLoginPost(c *gin.Context) {
	name := strings.TrimSpace(c.PostForm("ten"))
	ret := localPath(c.PostForm("ve"))
	body := loginBody{Return: ret, Name: name}
	pre, err := c.Cookie(preLoginCookie)
	if err != nil || pre == "" || !auth.Equal(pre, c.PostForm("_csrf")) {
		body.CSRF, body.Error = s.loginCSRF(c), "Biểu mẫu đăng nhập đã hết hạn; hãy thử lại."
		s.render(c, http.StatusForbidden, "login", &page{Title: "Đăng nhập", Body: body})
		return
	}
	body.CSRF = pre
	ip := clientIP(c)
	if ok, wait := s.limiter.Allow(name, ip); !ok {
		s.audit(c, "login", name, "bị chặn tạm thời do đăng nhập sai nhiều lần", false)
		body.Error = fmt.Sprintf("Đăng nhập sai quá nhiều lần; hãy thử lại sau %d phút.", int(wait.Minutes())+1)
		s.render(c, http.StatusTooManyRequests, "login", &page{Title: "Đăng nhập", Body: body})
		return
	}
	u, err := auth.Authenticate(s.Arch.Store, name, c.PostForm("mat_khau"))
	if err != nil {
		if !errors.Is(err, auth.ErrBadLogin) {
			s.internalError(c, err)
			return
		}
		s.limiter.Fail(name, ip)
		s.audit(c, "login", name, "sai tên đăng nhập hoặc mật khẩu", false)
		body.Error = "Tên đăng nhập hoặc mật khẩu không đúng."
		s.render(c, http.StatusUnauthorized, "login", &page{Title: "Đăng nhập", Body: body})
		return
	}
	s.limiter.Succeed(name)
	if err := s.startSession(c, u); err != nil {
		s.internalError(c, err)
		return
	}
	c.Set(accountKey, u)
	s.audit(c, "login", u.Name, "", true)
	s.setCookie(c, preLoginCookie, "", -1)
	c.Redirect(http.StatusSeeOther, ret)
}

func (s *Server) webLogout(c *gin.Context) {
	s.audit(c, "logout", "", "", true)
	s.endSession(c)
	c.Redirect(http.StatusSeeOther, "/dang-nhap")
}

// ---- Quản trị: người dùng ----------------------------------------------------

type userRow struct {
	ID       int64
	Name     string
	Org      string
	Disabled bool
	Roles    []option
	Levels   []option
}

type usersBody struct {
	Rows                []userRow
	NewRoles, NewLevels []option
	Error, NewPassword  string
}

func roleOptions(sel string) []option {
	var out []option
	for _, r := range []string{auth.Reader, auth.Clerk, auth.Admin} {
		out = append(out, option{Value: r, Label: auth.RoleLabel(r), Selected: r == sel})
	}
	return out
}

func levelOptions(sel int) []option {
	var out []option
	for l := 0; l <= store.SecrecyTuyetMat; l++ {
		out = append(out, option{Value: auth.ClearanceName(l), Label: auth.ClearanceLabel(l), Selected: l == sel})
	}
	return out
}

func (s *Server) renderUsers(c *gin.Context, status int, errMsg, newPW string) {
	us, err := s.Arch.Store.Users()
	if err != nil {
		s.internalError(c, err)
		return
	}
	b := usersBody{NewRoles: roleOptions(auth.Reader), NewLevels: levelOptions(0), Error: errMsg, NewPassword: newPW}
	for _, u := range us {
		b.Rows = append(b.Rows, userRow{ID: u.ID, Name: u.Name, Org: u.Org, Disabled: u.Disabled,
			Roles: roleOptions(u.Role), Levels: levelOptions(u.Clearance)})
	}
	s.render(c, status, "users", &page{Title: "Người dùng", Active: "users", Body: b})
}

func (s *Server) webUsers(c *gin.Context) { s.renderUsers(c, http.StatusOK, "", "") }

func (s *Server) webUserAdd(c *gin.Context) {
	name := strings.TrimSpace(c.PostForm("ten"))
	role := c.PostForm("vai_tro")
	lvl, err := auth.ParseClearance(c.PostForm("muc"))
	switch {
	case name == "" || len(name) > 64 || strings.ContainsAny(name, " \t/\\"):
		err = errors.New("tên đăng nhập không hợp lệ (không dấu cách, tối đa 64 ký tự)")
	case !auth.ValidRole(role):
		err = errors.New("vai trò không hợp lệ")
	}
	if err != nil {
		s.renderUsers(c, http.StatusBadRequest, "Không thêm được: "+err.Error()+".", "")
		return
	}
	pw := auth.NewPassword()
	h, err := auth.HashPassword(pw)
	if err != nil {
		s.internalError(c, err)
		return
	}
	u := &store.User{Name: name, Role: role, Clearance: lvl, Org: strings.TrimSpace(c.PostForm("don_vi"))}
	if err := s.Arch.Store.AddUser(u, h); err != nil {
		if errors.Is(err, store.ErrUserExists) {
			s.renderUsers(c, http.StatusConflict, "Không thêm được: tên đăng nhập “"+name+"” đã có.", "")
			return
		}
		s.internalError(c, err)
		return
	}
	s.audit(c, "user.add", name, "role="+role+" clearance="+auth.ClearanceName(lvl), true)
	s.renderUsers(c, http.StatusOK, "", pw)
}

// adminUser loads the user named by :uid.
func (s *Server) adminUser(c *gin.Context) *store.User {
	id, err := strconv.ParseInt(c.Param("uid"), 10, 64)
	var u *store.User
	if err == nil {
		u, err = s.Arch.Store.UserByID(id)
	}
	if err != nil {
		s.errorPage(c, http.StatusNotFound, "Không có người dùng này.")
		return nil
	}
	return u
}

func (s *Server) webUserUpdate(c *gin.Context) {
	u := s.adminUser(c)
	if u == nil {
		return
	}
	role := c.PostForm("vai_tro")
	lvl, err := auth.ParseClearance(c.PostForm("muc"))
	if err != nil || !auth.ValidRole(role) {
		s.renderUsers(c, http.StatusBadRequest, "Vai trò hoặc mức tiếp cận không hợp lệ.", "")
		return
	}
	if me := account(c); me != nil && me.ID == u.ID && role != auth.Admin {
		s.renderUsers(c, http.StatusBadRequest, "Không thể tự bỏ quyền quản trị của chính mình.", "")
		return
	}
	before := fmt.Sprintf("role=%s clearance=%s org=%s", u.Role, auth.ClearanceName(u.Clearance), u.Org)
	u.Role, u.Clearance, u.Org = role, lvl, strings.TrimSpace(c.PostForm("don_vi"))
	if err := s.Arch.Store.UpdateUser(u); err != nil {
		s.internalError(c, err)
		return
	}
	s.audit(c, "user.update", u.Name, before+" -> "+fmt.Sprintf("role=%s clearance=%s org=%s", u.Role, auth.ClearanceName(u.Clearance), u.Org), true)
	c.Redirect(http.StatusSeeOther, "/quan-tri/nguoi-dung")
}

func (s *Server) webUserToggle(c *gin.Context) {
	u := s.adminUser(c)
	if u == nil {
		return
	}
	if me := account(c); me != nil && me.ID == u.ID {
		s.renderUsers(c, http.StatusBadRequest, "Không thể tự khóa tài khoản của chính mình.", "")
		return
	}
	u.Disabled = !u.Disabled
	if err := s.Arch.Store.UpdateUser(u); err != nil {
		s.internalError(c, err)
		return
	}
	action := "user.enable"
	if u.Disabled {
		action = "user.disable"
	}
	s.audit(c, action, u.Name, "", true)
	c.Redirect(http.StatusSeeOther, "/quan-tri/nguoi-dung")
}

func (s *Server) webUserPassword(c *gin.Context) {
	u := s.adminUser(c)
	if u == nil {
		return
	}
	pw := auth.NewPassword()
	h, err := auth.HashPassword(pw)
	if err == nil {
		err = s.Arch.Store.SetPassword(u.ID, h)
	}
	if err != nil {
		s.internalError(c, err)
		return
	}
	s.audit(c, "user.passwd", u.Name, "đặt lại bởi quản trị", true)
	s.renderUsers(c, http.StatusOK, "", pw)
}

// ---- Quản trị: nhật ký -------------------------------------------------------

// actionLabels name audit actions in Vietnamese.
var actionLabels = map[string]string{
	"login": "Đăng nhập", "logout": "Đăng xuất", "login.token": "Dùng mã truy cập",
	"upload": "Tải lên", "view": "Xem văn bản", "download": "Tải bản gốc", "export": "Xuất dữ liệu",
	"correct": "Sửa thông tin", "task": "Cập nhật nhiệm vụ", "register": "Vào sổ văn bản đến",
	"register.update": "Cập nhật sổ văn bản đến", "user.add": "Thêm người dùng", "user.update": "Sửa người dùng",
	"user.disable": "Khóa người dùng", "user.enable": "Mở khóa người dùng", "user.passwd": "Đổi mật khẩu",
	"token.create": "Tạo mã truy cập", "denied": "Bị từ chối",
}

func actionLabel(a string) string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return a
}

type auditBody struct {
	Entries          []store.AuditEntry
	Actions          []option
	Actor            string
	ExportURL, Older string
}

// AuditPageSize is the number of audit entries per page.
const AuditPageSize = 100

func (s *Server) webAudit(c *gin.Context) {
	action, actor := c.Query("hanh-dong"), strings.TrimSpace(c.Query("nguoi"))
	before, _ := strconv.ParseInt(c.Query("truoc"), 10, 64)
	es, err := s.Arch.Store.AuditLog(action, actor, before, AuditPageSize)
	if err != nil {
		s.internalError(c, err)
		return
	}
	b := auditBody{Entries: es, Actor: actor}
	for _, a := range []string{"login", "logout", "upload", "view", "download", "export", "correct", "task", "register",
		"register.update", "user.add", "user.update", "user.disable", "user.enable", "user.passwd", "token.create", "login.token", "denied"} {
		b.Actions = append(b.Actions, option{Value: a, Label: actionLabel(a), Selected: a == action})
	}
	q := url.Values{}
	if action != "" {
		q.Set("hanh-dong", action)
	}
	if actor != "" {
		q.Set("nguoi", actor)
	}
	b.ExportURL = "/quan-tri/nhat-ky.csv?" + q.Encode()
	if len(es) == AuditPageSize {
		q.Set("truoc", strconv.FormatInt(es[len(es)-1].ID, 10))
		b.Older = "/quan-tri/nhat-ky?" + q.Encode()
	}
	s.render(c, http.StatusOK, "audit", &page{Title: "Nhật ký hệ thống", Active: "audit", Body: b})
}

// webAuditCSV exports the (filtered) audit log as CSV.
func (s *Server) webAuditCSV(c *gin.Context) {
	es, err := s.Arch.Store.AuditLog(c.Query("hanh-dong"), strings.TrimSpace(c.Query("nguoi")), 0, 0)
	if err != nil {
		s.internalError(c, err)
		return
	}
	s.audit(c, "export", "audit", fmt.Sprintf("%d mục", len(es)), true)
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="nhat-ky-`+time.Now().Format("2006-01-02")+`.csv"`)
	c.Status(http.StatusOK)
	c.Writer.Write([]byte("\ufeff"))
	w := csv.NewWriter(c.Writer)
	w.Write([]string{"Mã", "Thời điểm", "Người thực hiện", "Hành động", "Đối tượng", "Chi tiết", "Địa chỉ", "Kết quả"})
	for _, e := range es {
		res := "Thành công"
		if !e.OK {
			res = "Thất bại"
		}
		w.Write([]string{strconv.FormatInt(e.ID, 10), e.At, csvSafe(e.Actor), e.Action, csvSafe(e.Target), csvSafe(e.Detail), e.IP, res})
	}
	w.Flush()
}

// csvSafe keeps spreadsheet programs from running a cell as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
