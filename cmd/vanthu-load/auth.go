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

// ensureToken returns a fresh API token of the load-test account, creating
// the account first: a reader with the highest clearance, so every record
// is visible (the most work per search).
func ensureToken(a *archive.Archive) (string, error) {
	u, err := a.Store.UserByName(loadUser)
	if errors.Is(err, store.ErrUserNotFound) {
		h, herr := auth.HashPassword(auth.NewPassword())
		if herr != nil {
			return "", herr
		}
		lvl, perr := auth.ParseClearance("tuyet-mat")
		if perr != nil {
			return "", perr
		}
		u = &store.User{Name: loadUser, Role: auth.Reader, Clearance: lvl}
		err = a.Store.AddUser(u, h)
	}
	if err != nil {
		return "", fmt.Errorf("tài khoản kiểm thử tải: %w", err)
	}
	tok := auth.NewToken()
	if _, err := a.Store.CreateToken(loadUser, auth.HashSecret(tok), u.ID); err != nil {
		return "", fmt.Errorf("tạo mã truy cập: %w", err)
	}
	return tok, nil
}
