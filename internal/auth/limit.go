package auth

import (
	"strings"
	"sync"
	"time"
)

// Limiter rate-limits failed logins per account name and per client
// address: after Max failures within Window, further attempts are refused
// until the window has passed since the oldest counted failure.
type Limiter struct {
	Max    int
	Window time.Duration
	Now    func() time.Time

	mu    sync.Mutex
	fails map[string][]time.Time
}

// NewLimiter allows max failures per window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, Now: time.Now, fails: map[string][]time.Time{}}
}

func (l *Limiter) keys(name, ip string) []string {
	return []string{"u:" + strings.ToLower(strings.TrimSpace(name)), "ip:" + ip}
}

func (l *Limiter) recent(k string, now time.Time) []time.Time {
	ts := l.fails[k]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.Window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, k)
	} else {
		l.fails[k] = ts
	}
	return ts
}

// Allow reports whether a login attempt may be tried now, and if not, how
// long to wait.
func (l *Limiter) Allow(name, ip string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	for _, k := range l.keys(name, ip) {
		ts := l.recent(k, now)
		limit := l.Max
		if strings.HasPrefix(k, "ip:") {
			limit = l.Max * 4 // one office shares one address
		}
		if len(ts) >= limit {
			return false, l.Window - now.Sub(ts[0])
		}
	}
	return true, 0
}

// Fail records a failed attempt.
func (l *Limiter) Fail(name, ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	for _, k := range l.keys(name, ip) {
		l.fails[k] = append(l.recent(k, now), now)
	}
}

// Succeed clears the account's failures.
func (l *Limiter) Succeed(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, l.keys(name, "")[0])
}
