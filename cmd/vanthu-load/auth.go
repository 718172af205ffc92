package main

import (
	"errors"
	"fmt"

	"vanthu/internal/archive"
	"vanthu/internal/auth"
	"vanthu/internal/store"
)

// loadUser is the account the load test searches as.
const loadUser = "vanthu-load"

// clerkUser is the account the mixed load test uploads as (--mix).
const clerkUser = "vanthu-load-clerk"

// ensureToken returns a fresh API token of the load-test account, creating
// the account first: a reader with the highest clearance, so every record
// is visible (the most work per search).
func ensureToken(a *archive.Archive) (string, error) {
	return ensureAccountToken(a, loadUser, auth.Reader)
}

// ensureAccountToken returns a fresh API token of account name, creating
// it first with the given role and the highest clearance.
func ensureAccountToken(a *archive.Archive, name, role string) (string, error) {
	u, err := a.Store.UserByName(name)
	if errors.Is(err, store.ErrUserNotFound) {
		h, herr := auth.HashPassword(auth.NewPassword())
		if herr != nil {
			return "", herr
		}
		lvl, perr := auth.ParseClearance("tuyet-mat")
		if perr != nil {
			return "", perr
		}
		u = &store.User{Name: name, Role: role, Clearance: lvl}
		err = a.Store.AddUser(u, h)
	}
	if err != nil {
		return "", fmt.Errorf("tài khoản kiểm thử tải: %w", err)
	}
	tok := auth.NewToken()
	if u.Role != role || u.Disabled {
		return "", fmt.Errorf("tài khoản kiểm thử tải %s đã có nhưng vai trò %s (cần %s) hoặc bị khóa", name, u.Role, role)
	}
	if _, err := a.Store.CreateToken(name, auth.HashSecret(tok), u.ID); err != nil {
		return "", fmt.Errorf("tạo mã truy cập: %w", err)
	}
	return tok, nil
}
