package auth

import (
	"strings"
	"testing"
	"time"

	"vanthu/internal/store"
)

func TestPasswords(t *testing.T) {
	h, err := HashPassword("mật-khẩu-dài-1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") || strings.Contains(h, "mật-khẩu") {
		t.Fatalf("hash %q", h)
	}
	if !CheckPassword(h, "mật-khẩu-dài-1") || CheckPassword(h, "mật-khẩu-dài-2") {
		t.Fatal("check")
	}
	if CheckPasswordPolicy("ngắn") == nil || CheckPasswordPolicy("đủ-mười-ký-tự") != nil {
		t.Fatal("policy")
	}
}

func TestAuthenticate(t *testing.T) {
	st, err := store.Open(t.TempDir() + "/db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, _ := HashPassword("mat-khau-lan-01")
	u := &store.User{Name: "lan", Role: Clerk, Clearance: 1}
	if err := st.AddUser(u, h); err != nil {
		t.Fatal(err)
	}
	if got, err := Authenticate(st, "LAN", "mat-khau-lan-01"); err != nil || got.ID != u.ID {
		t.Fatalf("login: %v %v", got, err)
	}
	for _, c := range [][2]string{{"lan", "sai"}, {"khong-co", "mat-khau-lan-01"}} {
		if _, err := Authenticate(st, c[0], c[1]); err != ErrBadLogin {
			t.Fatalf("%v: %v", c, err)
		}
	}
	u.Disabled = true
	st.UpdateUser(u)
	if _, err := Authenticate(st, "lan", "mat-khau-lan-01"); err != ErrBadLogin {
		t.Fatalf("disabled account logged in: %v", err)
	}
}

func TestRolesAndClearance(t *testing.T) {
	cases := []struct {
		role string
		p    Permission
		want bool
	}{
		{Reader, Read, true}, {Reader, MarkTasks, true}, {Reader, Upload, false}, {Reader, Correct, false},
		{Clerk, Upload, true}, {Clerk, Register, true}, {Clerk, ManageUser, false}, {Clerk, ViewAudit, false},
		{Admin, ManageUser, true}, {Admin, ViewAudit, true}, {"ai-do", Read, false},
	}
	for _, c := range cases {
		if Can(c.role, c.p) != c.want {
			t.Errorf("Can(%s, %d) = %v", c.role, c.p, !c.want)
		}
	}
	for s, want := range map[string]int{"none": 0, "mat": 1, "Mật": 1, "toi-mat": 2, "Tối mật": 2, "tuyet-mat": 3, "Tuyệt mật": 3} {
		if got, err := ParseClearance(s); err != nil || got != want {
			t.Errorf("ParseClearance(%q) = %d, %v", s, got, err)
		}
	}
	if _, err := ParseClearance("cao"); err == nil {
		t.Error("unknown clearance accepted")
	}
	u := &store.User{Clearance: 1}
	if !Sees(u, 0) || !Sees(u, 1) || Sees(u, 2) || Sees(nil, 0) {
		t.Error("Sees")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	l := NewLimiter(3, 10*time.Minute)
	l.Now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if ok, _ := l.Allow("lan", "10.0.0.1"); !ok {
			t.Fatalf("attempt %d refused", i)
		}
		l.Fail("lan", "10.0.0.1")
	}
	if ok, wait := l.Allow("LAN", "10.0.0.2"); ok || wait <= 0 {
		t.Fatal("4th attempt on the same account allowed")
	}
	if ok, _ := l.Allow("hoa", "10.0.0.1"); !ok {
		t.Fatal("other account from the same office refused too early")
	}
	now = now.Add(11 * time.Minute)
	if ok, _ := l.Allow("lan", "10.0.0.1"); !ok {
		t.Fatal("not allowed after the window")
	}
	secret := NewToken()
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) < 40 || HashSecret(secret) == secret || !Equal(secret, secret) {
		t.Fatal("token")
	}
}
