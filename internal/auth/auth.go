// Package auth holds vanthu's accounts logic: roles and what they may do,
// clearances against document secrecy, password hashing (Argon2id),
// session and API-token secrets, and the login rate limiter. Storage is in
// package store; the HTTP side (cookies, CSRF, middleware) in server.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"vanthu/internal/store"
)

// Roles.
const (
	Admin  = "admin"  // users, settings, audit; everything a clerk may do
	Clerk  = "clerk"  // văn thư: upload, correct, register, all documents up to clearance
	Reader = "reader" // cán bộ: search, read, checklists, mark own organisation's tasks
)

// RoleLabel is a role's Vietnamese name.
func RoleLabel(role string) string {
	switch role {
	case Admin:
		return "Quản trị"
	case Clerk:
		return "Văn thư"
	case Reader:
		return "Cán bộ"
	}
	return role
}

// ValidRole reports whether role is known.
func ValidRole(role string) bool { return role == Admin || role == Clerk || role == Reader }

// Permissions.
type Permission int

const (
	Read       Permission = iota // search, read documents, pages, originals, checklists, dashboard
	MarkTasks                    // mark tasks (readers: only their organisation's)
	Upload                       // upload files, see jobs
	Correct                      // correct extracted fields
	Register                     // incoming register: enter, view, export
	ManageUser                   // accounts, tokens
	ViewAudit                    // audit log
)

// Can reports whether a role has a permission.
func Can(role string, p Permission) bool {
	switch role {
	case Admin:
		return true
	case Clerk:
		return p <= Register
	case Reader:
		return p <= MarkTasks
	}
	return false
}

// Clearance names as typed on the command line.
var clearanceNames = []string{"none", "mat", "toi-mat", "tuyet-mat"}

// ParseClearance reads none|mat|toi-mat|tuyet-mat (also with diacritics:
// "Mật", "Tối mật", "Tuyệt mật").
func ParseClearance(s string) (int, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.NewReplacer(" ", "-", "ậ", "a", "ố", "o", "ệ", "e").Replace(k)
	for i, n := range clearanceNames {
		if k == n {
			return i, nil
		}
	}
	if k == "" || k == "khong" || k == "không" {
		return 0, nil
	}
	return 0, fmt.Errorf("mức được tiếp cận %q không hợp lệ; chọn none, mat, toi-mat hoặc tuyet-mat", s)
}

// ClearanceName is the command-line name of a level.
func ClearanceName(level int) string {
	if level < 0 || level >= len(clearanceNames) {
		return "none"
	}
	return clearanceNames[level]
}

// ClearanceLabel is a level's Vietnamese name.
func ClearanceLabel(level int) string {
	return [...]string{"Không", "Mật", "Tối mật", "Tuyệt mật"}[max(0, min(level, 3))]
}

// Sees reports whether u may see a document of this secrecy level.
func Sees(u *store.User, secrecy int) bool { return u != nil && u.Clearance >= secrecy }

// Argon2id parameters: memory-hard (64 MiB), 1 pass, 2 lanes (RFC 9106's
// second recommended option scaled to this machine).
var params = &argon2id.Params{Memory: 64 * 1024, Iterations: 1, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// MinPasswordLen is the shortest accepted password (characters).
const MinPasswordLen = 10

// CheckPasswordPolicy returns a Vietnamese error for a weak password.
func CheckPasswordPolicy(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return fmt.Errorf("mật khẩu phải có ít nhất %d ký tự", MinPasswordLen)
	}
	return nil
}

// HashPassword hashes a password with Argon2id.
func HashPassword(pw string) (string, error) { return argon2id.CreateHash(pw, params) }

// CheckPassword compares a password with its hash in constant time.
func CheckPassword(hash, pw string) bool {
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	return err == nil && ok
}

// dummyHash keeps the time of a login for an unknown user equal to that of
// a wrong password; computed on first use, not at every program start.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("vanthu-dummy-password")
	return h
})

// Authenticate checks a name and password against the store; unknown
// users, wrong passwords and disabled accounts all return ErrBadLogin.
func Authenticate(st *store.Store, name, pw string) (*store.User, error) {
	u, err := st.UserByName(name)
	if err != nil {
		CheckPassword(dummyHash(), pw)
		if errors.Is(err, store.ErrUserNotFound) {
			return nil, ErrBadLogin
		}
		return nil, err
	}
	if !CheckPassword(u.PasswordHash(), pw) || u.Disabled {
		return nil, ErrBadLogin
	}
	return u, nil
}

// ErrBadLogin is the one answer to any failed login.
var ErrBadLogin = errors.New("tên đăng nhập hoặc mật khẩu không đúng")

// NewSecret returns a random URL-safe secret of n bytes of entropy.
func NewSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// TokenPrefix marks vanthu API tokens.
const TokenPrefix = "vt_"

// NewToken returns a new API token.
func NewToken() string { return TokenPrefix + NewSecret(32) }

// HashSecret is how session ids and tokens are stored (sha256, hex): a
// stolen database does not give working credentials.
func HashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// Equal compares two secrets in constant time.
func Equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// NewPassword returns a random password for a first admin.
func NewPassword() string { return NewSecret(12) }
