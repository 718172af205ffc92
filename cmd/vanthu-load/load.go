package main

import (
	"context"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// sample is one measured request.
type sample struct {
	query  int // index in driver.queries
	class  int
	total  int64 // hits the answer reports (its "total")
	lat    time.Duration
	status int // 0: transport error
	bytes  int64
}

// driver sends search requests to one base URL.
type driver struct {
	base    string
	token   string // sent as "Authorization: Bearer <token>" when set
	client  *http.Client
	queries []query
	classes []string // class names; sample.class indexes it

	errMu   sync.Mutex
	errSeen []string // first few error descriptions
}

func newDriver(base string, qs []query, conns int) *driver {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute,
		DisableCompression: true}
	d := &driver{base: strings.TrimRight(base, "/"), client: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
	idx := map[string]int{}
	for _, q := range qs {
		if _, ok := idx[q.Class]; !ok {
			idx[q.Class] = len(d.classes)
			d.classes = append(d.classes, q.Class)
		}
	}
	d.queries = qs
	return d
}

func (d *driver) classOf(q query) int {
	for i, c := range d.classes {
		if c == q.Class {
			return i
		}
	}
	return 0
}

// do sends one request and reads the whole body (keep-alive needs it).
func (d *driver) do(ctx context.Context, q query) (status int, n, total int64) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.base+q.Path, nil)
	if err != nil {
		d.noteErr(err.Error())
		return 0, 0, 0
	}
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	resp, err := d.client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			d.noteErr(err.Error())
		}
		return 0, 0, 0
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		d.noteErr(fmt.Sprintf("%d %s: %s", resp.StatusCode, q.Path, b))
		return resp.StatusCode, int64(len(b)), 0
	}
	// the body starts with {"total":N (archive.Result field order)
	var head [40]byte
	k, _ := io.ReadFull(resp.Body, head[:])
	if t, ok := strings.CutPrefix(string(head[:k]), `{"total":`); ok {
		if i := strings.IndexByte(t, ','); i > 0 {
			total, _ = strconv.ParseInt(t[:i], 10, 64)
		}
	}
	n, err = io.Copy(io.Discard, resp.Body)
	n += int64(k)
	if err != nil {
		d.noteErr(err.Error())
		return 0, n, total
	}
	return resp.StatusCode, n, total
}

func (d *driver) noteErr(s string) {
	d.errMu.Lock()
	if len(d.errSeen) < 5 {
		d.errSeen = append(d.errSeen, s)
	}
	d.errMu.Unlock()
}

// closedLoop runs conc clients back to back: each sends its next request as
// soon as the previous answer is read. Requests started during warm-up are
// not recorded; the phase lasts warm+dur.
func (d *driver) closedLoop(conc int, warm, dur time.Duration, seed int64) ([]sample, time.Duration) {
	start := time.Now()
	measure, end := start.Add(warm), start.Add(warm+dur)
	ctx, cancel := context.WithDeadline(context.Background(), end.Add(30*time.Second))
	defer cancel()
	per := make([][]sample, conc)
	var wg sync.WaitGroup
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewSource(seed + int64(w)))
			for {
				t := time.Now()
				if !t.Before(end) {
					return
				}
				qi := r.Intn(len(d.queries))
				q := d.queries[qi]
				st, n, tot := d.do(ctx, q)
				if !t.Before(measure) {
					per[w] = append(per[w], sample{query: qi, class: d.classOf(q), total: tot, lat: time.Since(t), status: st, bytes: n})
				}
			}
		}()
	}
	wg.Wait()
	var all []sample
	for _, s := range per {
		all = append(all, s...)
	}
	return all, dur
}

// openLoop sends rate requests per second on a fixed schedule whatever the
// answers do (no coordinated omission): latency counts from the scheduled
// send time, so a server falling behind shows up as growing latency. At
// most maxInflight requests wait at once; a request that would exceed it is
// counted as dropped (an error).
func (d *driver) openLoop(rate float64, warm, dur time.Duration, maxInflight int, seed int64) (samples []sample, dropped int) {
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	measure, end := start.Add(warm), start.Add(warm+dur)
	ctx, cancel := context.WithDeadline(context.Background(), end.Add(30*time.Second))
	defer cancel()
	r := rand.New(rand.NewSource(seed))
	var mu sync.Mutex
	var wg sync.WaitGroup
	var inflight atomic.Int64
	for i := 0; ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if !due.Before(end) {
			break
		}
		if w := time.Until(due); w > 0 {
			time.Sleep(w)
		}
		rec := !due.Before(measure)
		if inflight.Load() >= int64(maxInflight) {
			if rec {
				dropped++
			}
			continue
		}
		qi := r.Intn(len(d.queries))
		q := d.queries[qi]
		inflight.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer inflight.Add(-1)
			st, n, tot := d.do(ctx, q)
			if rec {
				s := sample{query: qi, class: d.classOf(q), total: tot, lat: time.Since(due), status: st, bytes: n}
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return samples, dropped
}

// latStats summarises latencies.
type latStats struct {
	Count  int     `json:"count"`
	Errors int     `json:"errors"`
	MeanMs float64 `json:"mean_ms"`
	P50Ms  float64 `json:"p50_ms"`
	P90Ms  float64 `json:"p90_ms"`
	P99Ms  float64 `json:"p99_ms"`
	MaxMs  float64 `json:"max_ms"`
	Hits   float64 `json:"avg_total_hits"` // mean "total" of the answers
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func summarize(ss []sample) latStats {
	st := latStats{Count: len(ss)}
	if len(ss) == 0 {
		return st
	}
	lats := make([]time.Duration, len(ss))
	var sum time.Duration
	for i, s := range ss {
		lats[i] = s.lat
		sum += s.lat
		st.Hits += float64(s.total) / float64(len(ss))
		if s.status != http.StatusOK {
			st.Errors++
		}
	}
	sort.Slice(lats, func(i, j int) bool { return lats[i] < lats[j] })
	q := func(p float64) float64 { // nearest rank
		k := int(p*float64(len(lats))+0.999999) - 1
		return ms(lats[max(0, min(k, len(lats)-1))])
	}
	st.MeanMs = ms(sum / time.Duration(len(ss)))
	st.P50Ms, st.P90Ms, st.P99Ms, st.MaxMs = q(0.50), q(0.90), q(0.99), ms(lats[len(lats)-1])
	return st
}

// procStats reads a process's resident memory and CPU time from /proc.
type procStats struct {
	RSSKB, HWMKB int64
	CPU          time.Duration
}

func readProc(pid int) (procStats, error) {
	var ps procStats
	p := "/proc/self"
	if pid > 0 {
		p = "/proc/" + strconv.Itoa(pid)
	}
	b, err := os.ReadFile(p + "/status")
	if err != nil {
		return ps, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 {
			switch f[0] {
			case "VmRSS:":
				ps.RSSKB, _ = strconv.ParseInt(f[1], 10, 64)
			case "VmHWM:":
				ps.HWMKB, _ = strconv.ParseInt(f[1], 10, 64)
			}
		}
	}
	b, err = os.ReadFile(p + "/stat")
	if err != nil {
		return ps, err
	}
	// fields after the ")" of the command name: state is field 3, utime 14, stime 15
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) > 12 {
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		ps.CPU = time.Duration(ut+st) * 10 * time.Millisecond // USER_HZ = 100
	}
	return ps, nil
}

// loadAvg returns the first three fields of /proc/loadavg.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// rssWatcher samples a process's RSS every 250 ms and keeps the maximum.
type rssWatcher struct {
	pid  int
	stop chan struct{}
	done chan struct{}
	max  atomic.Int64
}

func watchRSS(pid int) *rssWatcher {
	w := &rssWatcher{pid: pid, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			if ps, err := readProc(pid); err == nil && ps.RSSKB > w.max.Load() {
				w.max.Store(ps.RSSKB)
			}
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

func (w *rssWatcher) Stop() int64 { close(w.stop); <-w.done; return w.max.Load() }
