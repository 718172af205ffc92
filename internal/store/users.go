package store

import (
	"database/sql"
	"errors"
	"strings"
	"time"
)

// Secrecy levels of documents and clearances of users: a user sees a
// document when clearance >= secrecy.
const (
	SecrecyNone      = 0
	SecrecyMat       = 1 // Mật
	SecrecyToiMat    = 2 // Tối mật
	SecrecyTuyetMat  = 3 // Tuyệt mật
	MaxSecrecyLevels = 3
)

// User is an account.
type User struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Role      string `json:"role"` // admin, clerk, reader
	Clearance int    `json:"clearance"`
	Org       string `json:"org"` // the organisation whose tasks a reader may mark
	Disabled  bool   `json:"disabled"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	hash      string
}

// PasswordHash returns the stored password hash.
func (u *User) PasswordHash() string { return u.hash }

// ErrUserExists and ErrUserNotFound are account errors.
var (
	ErrUserExists   = errors.New("tên người dùng đã tồn tại")
	ErrUserNotFound = errors.New("không có người dùng này")
)

const userCols = `id, name, role, clearance, org, pw_hash, disabled, created_at, updated_at`

func scanUsers(rows *sql.Rows) ([]*User, error) {
	defer rows.Close()
	out := []*User{}
	for rows.Next() {
		u := &User{}
		var dis int
		if err := rows.Scan(&u.ID, &u.Name, &u.Role, &u.Clearance, &u.Org, &u.hash, &dis, &u.CreatedAt, &u.UpdatedAt); err != nil {
			return nil, err
		}
		u.Disabled = dis != 0
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *Store) oneUser(q string, args ...any) (*User, error) {
	rows, err := s.db.Query(`SELECT `+userCols+` FROM users WHERE `+q, args...)
	if err != nil {
		return nil, err
	}
	us, err := scanUsers(rows)
	if err != nil {
		return nil, err
	}
	if len(us) == 0 {
		return nil, ErrUserNotFound
	}
	return us[0], nil
}

// AddUser creates an account with an already hashed password.
func (s *Store) AddUser(u *User, hash string) error {
	t := now()
	res, err := s.db.Exec(`INSERT INTO users(name, role, clearance, org, pw_hash, disabled, created_at, updated_at)
		VALUES (?,?,?,?,?,0,?,?)`, u.Name, u.Role, u.Clearance, u.Org, hash, t, t)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return ErrUserExists
		}
		return err
	}
	u.ID, _ = res.LastInsertId()
	u.CreatedAt, u.UpdatedAt, u.hash = t, t, hash
	return nil
}

// UserByName returns the account with this name (case-insensitive).
func (s *Store) UserByName(name string) (*User, error) {
	return s.oneUser(`name = ?`, strings.TrimSpace(name))
}

// UserByID returns the account with this id.
func (s *Store) UserByID(id int64) (*User, error) { return s.oneUser(`id = ?`, id) }

// Users lists accounts by name.
func (s *Store) Users() ([]*User, error) {
	rows, err := s.db.Query(`SELECT ` + userCols + ` FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return scanUsers(rows)
}

// CountUsers returns the number of accounts.
func (s *Store) CountUsers() (int, error) {
	var n int
	err := s.db.QueryRow(`SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// UpdateUser changes an account's role, clearance, organisation and
// disabled flag; disabling also ends its sessions.
func (s *Store) UpdateUser(u *User) error {
	dis := 0
	if u.Disabled {
		dis = 1
	}
	res, err := s.db.Exec(`UPDATE users SET role = ?, clearance = ?, org = ?, disabled = ?, updated_at = ? WHERE id = ?`,
		u.Role, u.Clearance, u.Org, dis, now(), u.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrUserNotFound
	}
	if u.Disabled {
		_, err = s.db.Exec(`DELETE FROM sessions WHERE user_id = ?`, u.ID)
	}
	return err
}

// SetPassword replaces an account's password hash and ends its sessions.
func (s *Store) SetPassword(id int64, hash string) error {
	res, err := s.db.Exec(`UPDATE users SET pw_hash = ?, updated_at = ? WHERE id = ?`, hash, now(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrUserNotFound
	}
	_, err = s.db.Exec(`DELETE FROM sessions WHERE user_id = ?`, id)
	return err
}

// Session is a logged-in browser.
type Session struct {
	User      *User
	CSRF      string
	ExpiresAt time.Time
}

// CreateSession stores a session under the hash of its secret token.
func (s *Store) CreateSession(idHash string, userID int64, csrf string, expires time.Time) error {
	_, err := s.db.Exec(`INSERT INTO sessions(id_hash, user_id, csrf, created_at, expires_at) VALUES (?,?,?,?,?)`,
		idHash, userID, csrf, now(), expires.UTC().Format(time.RFC3339))
	return err
}

// SessionByHash returns a live session (not expired, user not disabled).
func (s *Store) SessionByHash(idHash string) (*Session, error) {
	var uid int64
	var csrf, exp string
	err := s.db.QueryRow(`SELECT user_id, csrf, expires_at FROM sessions WHERE id_hash = ?`, idHash).Scan(&uid, &csrf, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUserNotFound
	}
	if err != nil {
		return nil, err
	}
	t, _ := time.Parse(time.RFC3339, exp)
	if time.Now().After(t) {
		s.db.Exec(`DELETE FROM sessions WHERE id_hash = ?`, idHash)
		return nil, ErrUserNotFound
	}
	u, err := s.UserByID(uid)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, ErrUserNotFound
	}
	return &Session{User: u, CSRF: csrf, ExpiresAt: t}, nil
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(idHash string) error {
	_, err := s.db.Exec(`DELETE FROM sessions WHERE id_hash = ?`, idHash)
	return err
}

// APIToken is a bearer token for scripts (only its hash is stored).
type APIToken struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	UserID    int64  `json:"user_id"`
	UserName  string `json:"user"`
	CreatedAt string `json:"created_at"`
	LastUsed  string `json:"last_used"`
	Revoked   bool   `json:"revoked"`
}

// CreateToken stores a token hash for a user.
func (s *Store) CreateToken(name, hash string, userID int64) (int64, error) {
	res, err := s.db.Exec(`INSERT INTO api_tokens(name, hash, user_id, created_at) VALUES (?,?,?,?)`, name, hash, userID, now())
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// tokenSeenEvery is how often a token's last_used is written.
const tokenSeenEvery = time.Minute

// TokenUser returns the (enabled) user of a live token and records its use
// (last_used, to the minute).
func (s *Store) TokenUser(hash string) (*User, error) {
	var id, uid int64
	err := s.db.QueryRow(`SELECT id, user_id FROM api_tokens WHERE hash = ? AND revoked = 0`, hash).Scan(&id, &uid)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUserNotFound
	}
	if err != nil {
		return nil, err
	}
	u, err := s.UserByID(uid)
	if err != nil || u.Disabled {
		return nil, ErrUserNotFound
	}
	t := time.Now()
	if last, ok := s.tokenSeen.Load(id); !ok || t.Sub(last.(time.Time)) >= tokenSeenEvery {
		s.tokenSeen.Store(id, t)
		s.db.Exec(`UPDATE api_tokens SET last_used = ? WHERE id = ?`, now(), id)
	}
	return u, nil
}

// Tokens lists tokens (without secrets).
func (s *Store) Tokens() ([]APIToken, error) {
	rows, err := s.db.Query(`SELECT t.id, t.name, t.user_id, u.name, t.created_at, t.last_used, t.revoked
		FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []APIToken{}
	for rows.Next() {
		var t APIToken
		var rev int
		if err := rows.Scan(&t.ID, &t.Name, &t.UserID, &t.UserName, &t.CreatedAt, &t.LastUsed, &rev); err != nil {
			return nil, err
		}
		t.Revoked = rev != 0
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token by id.
func (s *Store) RevokeToken(id int64) error {
	res, err := s.db.Exec(`UPDATE api_tokens SET revoked = 1 WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrUserNotFound
	}
	return nil
}

// AuditEntry is one line of the append-only audit log.
type AuditEntry struct {
	ID     int64  `json:"id"`
	At     string `json:"at"`
	Actor  string `json:"actor"`
	Action string `json:"action"`
	Target string `json:"target"`
	Detail string `json:"detail"`
	IP     string `json:"ip"`
	OK     bool   `json:"ok"`
}

// Audit appends an entry.
func (s *Store) Audit(e AuditEntry) error {
	ok := 0
	if e.OK {
		ok = 1
	}
	if e.At == "" {
		e.At = time.Now().UTC().Format(time.RFC3339Nano)
	}
	_, err := s.db.Exec(`INSERT INTO audit(at, actor, action, target, detail, ip, ok) VALUES (?,?,?,?,?,?,?)`,
		e.At, e.Actor, e.Action, e.Target, e.Detail, e.IP, ok)
	return err
}

// AuditLog returns entries newest first, optionally only one action or
// actor, at most limit (0: all) before id before (0: from the newest).
func (s *Store) AuditLog(action, actor string, before int64, limit int) ([]AuditEntry, error) {
	q := `SELECT id, at, actor, action, target, detail, ip, ok FROM audit WHERE 1=1`
	var args []any
	if action != "" {
		q += ` AND action = ?`
		args = append(args, action)
	}
	if actor != "" {
		q += ` AND actor = ?`
		args = append(args, actor)
	}
	if before > 0 {
		q += ` AND id < ?`
		args = append(args, before)
	}
	q += ` ORDER BY id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		var ok int
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.IP, &ok); err != nil {
			return nil, err
		}
		e.OK = ok != 0
		out = append(out, e)
	}
	return out, rows.Err()
}

// SecrecyOf returns the secrecy levels of records by id.
func (s *Store) SecrecyOf(ids []string) (map[string]int, error) {
	out := map[string]int{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.db.Query(`SELECT id, secrecy FROM documents WHERE id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// DB exposes the database handle to tests of other packages that must
// check database-level guarantees (append-only audit log).
func (s *Store) DB() *sql.DB { return s.db }
