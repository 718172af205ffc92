package main

// The --mix mode: C clients, each looping over a weighted choice of
// search, document view and upload (POST /api/v1/documents, then GET
// /api/v1/jobs/{id} until the job ends), against a real "vanthu serve"
// child process (uploads go through its sandboxed worker) or an external
// server.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"vanthu/internal/auth"
)

// Action names of the mixed report. "upload" is the time from sending the
// file to seeing its job "done"; "upload_post" and "job_poll" are the
// single requests it is made of.
const (
	actSearch      = "search"
	actView        = "view" // all document views together
	actDocument    = "view:document"
	actChecklist   = "view:checklist"
	actCorrections = "view:corrections"
	actCiting      = "view:citing"
	actUpload      = "upload"
	actUploadPost  = "upload_post"
	actJobPoll     = "job_poll"
)

var mixActionOrder = []string{actSearch, actView, actDocument, actChecklist, actCorrections, actCiting, actUpload, actUploadPost, actJobPoll}

// weights is a parsed "name=w,name=w" flag, in the order given.
type weights struct {
	names []string
	w     []int
	total int
}

func parseWeights(s string, allowed ...string) (weights, error) {
	var ws weights
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, found := strings.Cut(part, "=")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		k = strings.TrimSpace(k)
		if !found || err != nil || n < 0 || !ok[k] {
			return ws, fmt.Errorf("trọng số %q không hợp lệ (dạng %s=N,...)", part, strings.Join(allowed, "=N,"))
		}
		ws.names, ws.w, ws.total = append(ws.names, k), append(ws.w, n), ws.total+n
	}
	if ws.total == 0 {
		return ws, fmt.Errorf("trọng số %q: tổng bằng 0", s)
	}
	return ws, nil
}

func (ws weights) pick(r *rand.Rand) string {
	k := r.Intn(ws.total)
	for i, w := range ws.w {
		if k < w {
			return ws.names[i]
		}
		k -= w
	}
	return ws.names[len(ws.names)-1]
}

func (ws weights) String() string {
	parts := make([]string, len(ws.names))
	for i, n := range ws.names {
		parts[i] = fmt.Sprintf("%s=%d", n, ws.w[i])
	}
	return strings.Join(parts, ",")
}

// mixSample is one measured action or request.
type mixSample struct {
	act    string
	start  time.Time
	lat    time.Duration
	ok     bool
	status int // HTTP status; 0: transport error or failed job
}

// mixer drives the mixed load.
type mixer struct {
	base        string
	readTok     string // reader: search and views
	clerkTok    string // clerk: uploads and their jobs
	client      *http.Client
	queries     []query
	acts        weights
	views       weights
	poll        time.Duration
	jobTimeout  time.Duration
	uploadBytes int
	runTag      string // distinguishes this run's upload file names

	idMu    sync.RWMutex
	ids     []string // documents to view (prepared ones, then uploaded ones)
	upMu    sync.Mutex
	upSeen  map[[32]byte]bool
	upNext  int
	upRand  *rand.Rand
	uploads atomic.Int64 // documents added by this run

	errMu    sync.Mutex
	errFirst map[string][]string // first error messages per action
	errCodes map[string]int      // "action status" -> count
}

func (m *mixer) noteErr(act string, status int, msg string) {
	m.errMu.Lock()
	defer m.errMu.Unlock()
	if len(m.errFirst[act]) < 5 {
		m.errFirst[act] = append(m.errFirst[act], time.Now().Format("15:04:05")+" "+msg)
	}
	m.errCodes[fmt.Sprintf("%s %d", act, status)]++
}

// request sends one request and reads the whole answer. ok is a 2xx
// status; otherwise the error is noted under act.
func (m *mixer) request(ctx context.Context, act, method, path, token, ctype string, body []byte) (status int, data []byte, ok bool) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, m.base+path, rd)
	if err != nil {
		m.noteErr(act, 0, err.Error())
		return 0, nil, false
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := m.client.Do(req)
	if err != nil {
		m.noteErr(act, 0, fmt.Sprintf("%s %s: %v", method, path, err))
		return 0, nil, false
	}
	defer resp.Body.Close()
	data, err = io.ReadAll(resp.Body)
	if err != nil {
		m.noteErr(act, 0, fmt.Sprintf("%s %s: %d, reading the answer: %v", method, path, resp.StatusCode, err))
		return 0, nil, false
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		m.noteErr(act, resp.StatusCode, fmt.Sprintf("%s %s: %d %.300s", method, path, resp.StatusCode, data))
		return resp.StatusCode, data, false
	}
	return resp.StatusCode, data, true
}

func (m *mixer) pickID(r *rand.Rand) string {
	m.idMu.RLock()
	defer m.idMu.RUnlock()
	return m.ids[r.Intn(len(m.ids))]
}

func (m *mixer) addID(id string) {
	m.idMu.Lock()
	m.ids = append(m.ids, id)
	m.idMu.Unlock()
}

// view sends one document view of the kind drawn from the view weights.
func (m *mixer) view(ctx context.Context, r *rand.Rand, rec func(mixSample)) {
	id := url.PathEscape(m.pickID(r))
	kind := m.views.pick(r)
	act, path := actDocument, "/api/v1/documents/"+id
	switch kind {
	case "checklist":
		act, path = actChecklist, path+"/checklist?format=json"
	case "corrections":
		act, path = actCorrections, path+"/corrections"
	case "citing":
		act, path = actCiting, path+"/citing"
	}
	t := time.Now()
	st, data, ok := m.request(ctx, act, http.MethodGet, path, m.readTok, "", nil)
	if ok && act == actDocument && !bytes.HasPrefix(data, []byte(`{"id":`)) {
		ok = false
		m.noteErr(act, st, fmt.Sprintf("GET %s: %d but not a document record: %.200s", path, st, data))
	}
	rec(mixSample{act: act, start: t, lat: time.Since(t), ok: ok, status: st})
}

// newUpload returns a new synthetic document, distinct from every other of
// this run (and, by its random seed, from the prepared ones and earlier
// runs'), with its file name.
func (m *mixer) newUpload() (name string, data []byte) {
	m.upMu.Lock()
	defer m.upMu.Unlock()
	for {
		m.upNext++
		size := m.uploadBytes - m.uploadBytes/5 + m.upRand.Intn(m.uploadBytes/5*2+1)
		text := composeText(m.upRand, m.upNext, size)
		h := sha256.Sum256([]byte(text))
		if !m.upSeen[h] {
			m.upSeen[h] = true
			return fmt.Sprintf("tai-len-%s-%05d.txt", m.runTag, m.upNext), []byte(text)
		}
	}
}

type jobAnswer struct {
	ID         string  `json:"id"`
	File       string  `json:"file"`
	Status     string  `json:"status"`
	Stage      string  `json:"stage"`
	DocumentID *string `json:"document_id"`
	ErrorCode  string  `json:"error_code"`
	Error      *string `json:"error"`
}

// upload sends one new document and polls its job until it ends. The
// upload is OK only when the job ends "done" with a document id; its
// latency is from sending the file to seeing it done.
func (m *mixer) upload(ctx context.Context, rec func(mixSample)) {
	name, data := m.newUpload()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	t := time.Now()
	st, ans, ok := m.request(ctx, actUploadPost, http.MethodPost, "/api/v1/documents", m.clerkTok, mw.FormDataContentType(), body.Bytes())
	var posted struct {
		Jobs []jobAnswer `json:"jobs"`
	}
	if ok {
		if err := json.Unmarshal(ans, &posted); err != nil || len(posted.Jobs) != 1 || posted.Jobs[0].ID == "" || posted.Jobs[0].Status == "failed" {
			ok = false
			m.noteErr(actUploadPost, st, fmt.Sprintf("POST /api/v1/documents (%s): %d, unexpected answer %.300s", name, st, ans))
		}
	}
	rec(mixSample{act: actUploadPost, start: t, lat: time.Since(t), ok: ok, status: st})
	if !ok {
		rec(mixSample{act: actUpload, start: t, lat: time.Since(t), ok: false, status: st})
		return
	}
	jobID := posted.Jobs[0].ID
	deadline := t.Add(m.jobTimeout)
	for {
		pt := time.Now()
		st, ans, ok := m.request(ctx, actJobPoll, http.MethodGet, "/api/v1/jobs/"+url.PathEscape(jobID), m.clerkTok, "", nil)
		var j jobAnswer
		if ok {
			if err := json.Unmarshal(ans, &j); err != nil || j.ID != jobID {
				ok = false
				m.noteErr(actJobPoll, st, fmt.Sprintf("GET /api/v1/jobs/%s: %d, unexpected answer %.300s", jobID, st, ans))
			}
		}
		rec(mixSample{act: actJobPoll, start: pt, lat: time.Since(pt), ok: ok, status: st})
		if ok {
			switch j.Status {
			case "done":
				if j.DocumentID == nil || *j.DocumentID == "" {
					m.noteErr(actUpload, 0, fmt.Sprintf("job %s (%s) done without a document id: %.300s", jobID, name, ans))
					rec(mixSample{act: actUpload, start: t, lat: time.Since(t), ok: false})
					return
				}
				m.addID(*j.DocumentID)
				m.uploads.Add(1)
				rec(mixSample{act: actUpload, start: t, lat: time.Since(t), ok: true, status: http.StatusOK})
				return
			case "queued", "running":
			default: // failed, duplicate
				msg := ""
				if j.Error != nil {
					msg = *j.Error
				}
				m.noteErr(actUpload, 0, fmt.Sprintf("job %s (%s) ended %s [%s]: %s", jobID, name, j.Status, j.ErrorCode, msg))
				rec(mixSample{act: actUpload, start: t, lat: time.Since(t), ok: false})
				return
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			m.noteErr(actUpload, 0, fmt.Sprintf("job %s (%s) not done after %s (last: %s %s)", jobID, name, time.Since(t).Round(time.Millisecond), j.Status, j.Stage))
			rec(mixSample{act: actUpload, start: t, lat: time.Since(t), ok: false})
			return
		}
		select {
		case <-ctx.Done():
		case <-time.After(m.poll):
		}
	}
}

// mixActStats is one row of the mixed report.
type mixActStats struct {
	Action string  `json:"action"`
	Count  int     `json:"count"`
	PerS   float64 `json:"per_s"`
	Errors int     `json:"errors"`
	P50Ms  float64 `json:"p50_ms"`
	P90Ms  float64 `json:"p90_ms"`
	P99Ms  float64 `json:"p99_ms"`
	MaxMs  float64 `json:"max_ms"`
	MeanMs float64 `json:"mean_ms"`
}

// mixMinute is the activity of one minute of the measured window.
type mixMinute struct {
	Minute  int `json:"minute"`
	Search  int `json:"search"`
	Views   int `json:"views"`
	Uploads int `json:"uploads_done"`
	Errors  int `json:"errors"`
}

type mixReport struct {
	Date           string              `json:"date"`
	GoVersion      string              `json:"go_version"`
	NumCPU         int                 `json:"num_cpu"`
	DataDir        string              `json:"data_dir"`
	DocsBefore     int                 `json:"docs_before"`
	DocsAfter      int                 `json:"docs_after,omitempty"`
	PrepareS       float64             `json:"prepare_s"`
	Server         string              `json:"server"`
	Clients        int                 `json:"clients"`
	Weights        string              `json:"weights"`
	ViewWeights    string              `json:"view_weights"`
	WarmupS        float64             `json:"warmup_s"`
	DurationS      float64             `json:"duration_s"`
	DrainS         float64             `json:"drain_s"` // after the end, until the last action answered
	Actions        int                 `json:"actions"` // user actions (search + views + uploads)
	ActionsPerS    float64             `json:"actions_per_s"`
	Requests       int                 `json:"http_requests"` // every request, polls included
	RequestsPerS   float64             `json:"http_requests_per_s"`
	Errors         int                 `json:"errors"`
	WarmupActions  int                 `json:"warmup_actions"`
	WarmupErrors   int                 `json:"warmup_errors"`
	Rows           []mixActStats       `json:"per_action"`
	Minutes        []mixMinute         `json:"per_minute"`
	ErrorCounts    map[string]int      `json:"error_counts,omitempty"`
	ErrorsSeen     map[string][]string `json:"errors_seen,omitempty"`
	ServerRSSMB    float64             `json:"server_rss_end_mb"`
	ServerRSSMaxMB float64             `json:"server_rss_max_mb"`
	TreeRSSMaxMB   float64             `json:"server_and_workers_rss_max_mb"`
	ServerCPUS     float64             `json:"server_cpu_s"`         // server process, measured window incl. warm-up and drain
	WorkersCPUS    float64             `json:"sandbox_worker_cpu_s"` // reaped children (sandboxed workers)
	ServerLogLines map[string]int      `json:"server_log_lines,omitempty"`
	ServerLogSeen  []string            `json:"server_log_warnings,omitempty"`
	LoadBefore     string              `json:"loadavg_before"`
	LoadAfter      string              `json:"loadavg_after"`
}

// logCapture passes the server's output through and keeps its warnings
// and errors (slog text lines "level=WARN" / "level=ERROR", panics).
type logCapture struct {
	mu     sync.Mutex
	out    io.Writer
	part   []byte
	counts map[string]int
	seen   []string
}

func (l *logCapture) Write(p []byte) (int, error) {
	l.out.Write(p)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.part = append(l.part, p...)
	for {
		i := bytes.IndexByte(l.part, '\n')
		if i < 0 {
			break
		}
		line := string(l.part[:i])
		l.part = l.part[i+1:]
		lvl := ""
		switch {
		case strings.Contains(line, "level=ERROR"):
			lvl = "ERROR"
		case strings.Contains(line, "level=WARN"):
			lvl = "WARN"
		case strings.Contains(line, "panic"), strings.Contains(line, "fatal error"):
			lvl = "PANIC"
		}
		if lvl != "" {
			l.counts[lvl]++
			if len(l.seen) < 20 {
				l.seen = append(l.seen, line)
			}
		}
	}
	return len(p), nil
}

// childStat reads a process's own CPU time and the CPU time of its reaped
// children from /proc/PID/stat.
func childStat(pid int) (self, children time.Duration) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 15 {
		return 0, 0
	}
	v := func(i int) time.Duration {
		n, _ := strconv.ParseInt(f[i], 10, 64)
		return time.Duration(n) * 10 * time.Millisecond
	}
	return v(11) + v(12), v(13) + v(14)
}

// treeRSSKB is the resident memory of pid and all its descendants.
func treeRSSKB(pid int) int64 {
	ps, err := readProc(pid)
	if err != nil {
		return 0
	}
	total := ps.RSSKB
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	for _, t := range tasks {
		b, _ := os.ReadFile(t)
		for _, c := range strings.Fields(string(b)) {
			if cp, err := strconv.Atoi(c); err == nil {
				total += treeRSSKB(cp)
			}
		}
	}
	return total
}

func runMix(o options) (*mixReport, error) {
	acts, err := parseWeights(o.mixWeights, "search", "view", "upload")
	if err != nil {
		return nil, err
	}
	views, err := parseWeights(o.viewWeights, "document", "checklist", "corrections", "citing")
	if err != nil {
		return nil, err
	}
	if o.serveBin == "" && o.serverURL == "" {
		return nil, fmt.Errorf("--mix cần --serve-bin (máy chủ con, tải lên qua tiến trình worker cách ly) hoặc --server")
	}
	rep := &mixReport{Date: time.Now().Format(time.RFC3339), GoVersion: runtime.Version(), NumCPU: runtime.NumCPU(),
		DataDir: o.data, Clients: o.conc, Weights: acts.String(), ViewWeights: views.String(),
		WarmupS: o.warm.Seconds(), DurationS: o.dur.Seconds()}
	a, v, err := openArchive(o, &rep.PrepareS, &rep.DocsBefore)
	if err != nil {
		return nil, err
	}
	defer func() {
		if a != nil {
			a.Close()
		}
	}()
	ctx := context.Background()
	qs := buildQueries(v, rand.New(rand.NewSource(o.seed)), o.nQueries)
	readTok := o.token
	if readTok == "" {
		if readTok, err = ensureToken(a); err != nil {
			return nil, err
		}
	}
	clerkTok := o.clerkToken
	if clerkTok == "" {
		if clerkTok, err = ensureAccountToken(a, clerkUser, auth.Clerk); err != nil {
			return nil, err
		}
	}

	capture := &logCapture{out: os.Stderr, counts: map[string]int{}}
	base, pid := o.serverURL, o.pid
	if o.serverURL != "" {
		rep.Server = "external " + o.serverURL
	} else {
		rep.Server = "child: " + o.serveBin + " serve"
		a.Close() // the child opens the index itself
		a = nil
		var w io.Writer = capture
		if o.serverLog != "" {
			f, err := os.Create(o.serverLog)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			capture.out = io.MultiWriter(os.Stderr, f)
		}
		stop, u, cpid, err := startChild(o.serveBin, o.data, w)
		if err != nil {
			return nil, err
		}
		defer stop()
		base, pid = u, cpid
	}

	tr := &http.Transport{MaxIdleConns: 2 * o.conc, MaxIdleConnsPerHost: 2 * o.conc, IdleConnTimeout: time.Minute, DisableCompression: true}
	seed := time.Now().UnixNano() // uploads must differ from earlier runs'
	m := &mixer{base: strings.TrimRight(base, "/"), readTok: readTok, clerkTok: clerkTok,
		client: &http.Client{Transport: tr, Timeout: o.timeout}, queries: qs, acts: acts, views: views,
		poll: o.poll, jobTimeout: o.jobTimeout, uploadBytes: o.docBytes, runTag: strconv.FormatInt(seed%1e9, 36),
		ids: v.ids, upSeen: map[[32]byte]bool{}, upRand: rand.New(rand.NewSource(seed)),
		errFirst: map[string][]string{}, errCodes: map[string]int{}}
	// the server answers a search and a view before measuring
	if _, _, ok := m.request(ctx, "check", http.MethodGet, qs[0].Path, readTok, "", nil); !ok {
		return nil, fmt.Errorf("máy chủ %s không trả lời tìm kiếm: %v", base, m.errFirst)
	}
	if _, _, ok := m.request(ctx, "check", http.MethodGet, "/api/v1/jobs?limit=1", clerkTok, "", nil); !ok {
		return nil, fmt.Errorf("máy chủ %s không nhận mã truy cập văn thư: %v", base, m.errFirst)
	}

	runtime.GC()
	rep.LoadBefore = loadAvg()
	logf("Tải hỗn hợp: %d máy khách, %s (khởi động %s), trọng số %s, xem %s; kho %d văn bản; tải máy %s...\n",
		o.conc, o.dur, o.warm, acts, views, rep.DocsBefore, rep.LoadBefore)
	cpu0, kids0 := childStat(pid)
	w := watchRSS(pid)
	var treeMax atomic.Int64
	stopTree := make(chan struct{})
	treeDone := make(chan struct{})
	go func() {
		defer close(treeDone)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := treeRSSKB(pid); kb > treeMax.Load() {
				treeMax.Store(kb)
			}
			select {
			case <-stopTree:
				return
			case <-t.C:
			}
		}
	}()

	start := time.Now()
	measure, end := start.Add(o.warm), start.Add(o.warm+o.dur)
	// actions started before the end finish; an upload may wait for its job
	rctx, cancel := context.WithDeadline(ctx, end.Add(o.jobTimeout+o.timeout))
	defer cancel()
	per := make([][]mixSample, o.conc)
	var lastDone atomic.Int64
	var wg sync.WaitGroup
	progressStop := make(chan struct{})
	var progressN atomic.Int64
	go func() { // a line a minute on stderr
		t := time.NewTicker(time.Minute)
		defer t.Stop()
		for {
			select {
			case <-progressStop:
				return
			case <-t.C:
				logf("  %s: %d hành động, %d văn bản tải lên xong, tải máy %s\n", time.Since(start).Round(time.Second), progressN.Load(), m.uploads.Load(), loadAvg())
			}
		}
	}()
	for c := range o.conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewSource(o.seed + 7919*int64(c+1)))
			rec := func(s mixSample) { per[c] = append(per[c], s) }
			for time.Now().Before(end) {
				switch acts.pick(r) {
				case "search":
					q := m.queries[r.Intn(len(m.queries))]
					t := time.Now()
					st, _, ok := m.request(rctx, actSearch, http.MethodGet, q.Path, m.readTok, "", nil)
					rec(mixSample{act: actSearch, start: t, lat: time.Since(t), ok: ok, status: st})
				case "view":
					m.view(rctx, r, rec)
				case "upload":
					m.upload(rctx, rec)
				}
				progressN.Add(1)
				lastDone.Store(time.Now().UnixNano())
			}
		}()
	}
	wg.Wait()
	close(progressStop)
	rep.DrainS = max(0, time.Unix(0, lastDone.Load()).Sub(end).Seconds())
	cpu1, kids1 := childStat(pid)
	rep.ServerRSSMaxMB = float64(w.Stop()) / 1024
	close(stopTree)
	<-treeDone
	rep.TreeRSSMaxMB = float64(treeMax.Load()) / 1024
	if ps, err := readProc(pid); err == nil {
		rep.ServerRSSMB = float64(ps.RSSKB) / 1024
	}
	if o.serverURL != "" && pid == 0 { // /proc/self would be the load generator
		rep.ServerRSSMB, rep.ServerRSSMaxMB, rep.TreeRSSMaxMB = 0, 0, 0
		cpu0, cpu1, kids0, kids1 = 0, 0, 0, 0
	}
	rep.ServerCPUS, rep.WorkersCPUS = (cpu1 - cpu0).Seconds(), (kids1 - kids0).Seconds()
	rep.LoadAfter = loadAvg()

	// samples: actions started in the measured window; warm-up ones only
	// for their errors
	byAct := map[string][]sample{}
	minutes := make([]mixMinute, int((o.dur+time.Minute-1)/time.Minute))
	for i := range minutes {
		minutes[i].Minute = i + 1
	}
	for _, ss := range per {
		for _, s := range ss {
			user := s.act != actUploadPost && s.act != actJobPoll
			if s.start.Before(measure) {
				if user {
					rep.WarmupActions++
				}
				if !s.ok {
					rep.WarmupErrors++
				}
				continue
			}
			rep.Requests++
			if s.act == actUpload {
				rep.Requests-- // not a request of its own
			}
			st := http.StatusOK
			if !s.ok {
				st = s.status
				if st == http.StatusOK {
					st = 0
				}
				if s.act != actUploadPost { // counted once, as its upload
					rep.Errors++
				}
			}
			smp := sample{lat: s.lat, status: st}
			byAct[s.act] = append(byAct[s.act], smp)
			if strings.HasPrefix(s.act, "view:") {
				byAct[actView] = append(byAct[actView], smp)
			}
			if user {
				rep.Actions++
			}
			k := int(s.start.Add(s.lat).Sub(measure) / time.Minute)
			if k >= len(minutes) {
				k = len(minutes) - 1
			}
			mm := &minutes[k]
			switch {
			case s.act == actSearch:
				mm.Search++
			case strings.HasPrefix(s.act, "view:"):
				mm.Views++
			case s.act == actUpload && s.ok:
				mm.Uploads++
			}
			if !s.ok {
				mm.Errors++
			}
		}
	}
	rep.Minutes = minutes
	rep.ActionsPerS = float64(rep.Actions) / o.dur.Seconds()
	rep.RequestsPerS = float64(rep.Requests) / o.dur.Seconds()
	for _, act := range mixActionOrder {
		ss := byAct[act]
		if len(ss) == 0 {
			continue
		}
		l := summarize(ss)
		rep.Rows = append(rep.Rows, mixActStats{Action: act, Count: l.Count, PerS: float64(l.Count) / o.dur.Seconds(), Errors: l.Errors,
			P50Ms: l.P50Ms, P90Ms: l.P90Ms, P99Ms: l.P99Ms, MaxMs: l.MaxMs, MeanMs: l.MeanMs})
	}
	m.errMu.Lock()
	if len(m.errCodes) > 0 {
		rep.ErrorCounts, rep.ErrorsSeen = m.errCodes, m.errFirst
	}
	m.errMu.Unlock()
	capture.mu.Lock()
	if len(capture.counts) > 0 {
		rep.ServerLogLines, rep.ServerLogSeen = capture.counts, capture.seen
	}
	capture.mu.Unlock()
	// the archive after the run (read through the server's API would need
	// another request kind; the count of documents is enough)
	if o.serverURL == "" {
		rep.DocsAfter = rep.DocsBefore + int(m.uploads.Load())
	}
	return rep, nil
}

func printMix(w io.Writer, r *mixReport) {
	fmt.Fprintf(w, "Kiểm thử tải hỗn hợp (tìm kiếm + xem + tải lên) — %s, %s, %d CPU\n", r.Date, r.GoVersion, r.NumCPU)
	fmt.Fprintf(w, "Kho: %s (%d văn bản lúc đầu", r.DataDir, r.DocsBefore)
	if r.DocsAfter > 0 {
		fmt.Fprintf(w, ", %d lúc cuối", r.DocsAfter)
	}
	fmt.Fprintf(w, "), máy chủ: %s", r.Server)
	if r.PrepareS >= 0.05 {
		fmt.Fprintf(w, ", chuẩn bị %.1f s", r.PrepareS)
	}
	fmt.Fprintf(w, "\n%d máy khách, đo %.0f s (sau %.0f s khởi động; chờ kết thúc %.1f s), trọng số %s, xem %s\n",
		r.Clients, r.DurationS, r.WarmupS, r.DrainS, r.Weights, r.ViewWeights)
	fmt.Fprintf(w, "Tổng: %d hành động (%.1f/s), %d yêu cầu HTTP (%.1f/s), lỗi %d (khởi động: %d hành động, lỗi %d)\n",
		r.Actions, r.ActionsPerS, r.Requests, r.RequestsPerS, r.Errors, r.WarmupActions, r.WarmupErrors)
	fmt.Fprintf(w, "\n| action | count | per s | p50 ms | p90 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, x := range r.Rows {
		fmt.Fprintf(w, "| %s | %d | %.2f | %.0f | %.0f | %.0f | %.0f | %d |\n", x.Action, x.Count, x.PerS, x.P50Ms, x.P90Ms, x.P99Ms, x.MaxMs, x.Errors)
	}
	fmt.Fprintf(w, "\n| minute | search | views | uploads done | errors |\n|---:|---:|---:|---:|---:|\n")
	for _, x := range r.Minutes {
		fmt.Fprintf(w, "| %d | %d | %d | %d | %d |\n", x.Minute, x.Search, x.Views, x.Uploads, x.Errors)
	}
	fmt.Fprintln(w)
	if r.ServerRSSMaxMB > 0 {
		fmt.Fprintf(w, "RSS máy chủ: cuối %.0f MB, cao nhất %.0f MB; cùng các tiến trình worker: cao nhất %.0f MB\n", r.ServerRSSMB, r.ServerRSSMaxMB, r.TreeRSSMaxMB)
		fmt.Fprintf(w, "CPU máy chủ %.1f s, worker cách ly %.1f s (trong %.0f s)\n", r.ServerCPUS, r.WorkersCPUS, r.WarmupS+r.DurationS+r.DrainS)
	} else {
		fmt.Fprintf(w, "RSS/CPU máy chủ: không rõ (cần --pid)\n")
	}
	fmt.Fprintf(w, "Tải máy: %s -> %s\n", r.LoadBefore, r.LoadAfter)
	if len(r.ErrorCounts) > 0 {
		keys := make([]string, 0, len(r.ErrorCounts))
		for k := range r.ErrorCounts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(w, "\nLỗi theo hành động và mã trạng thái (0: lỗi truyền tải hoặc lượt tải lên hỏng):\n")
		for _, k := range keys {
			fmt.Fprintf(w, "  %-24s %d\n", k, r.ErrorCounts[k])
		}
		fmt.Fprintf(w, "Các lỗi đầu tiên:\n")
		for _, act := range append([]string{"check"}, mixActionOrder...) {
			for _, e := range r.ErrorsSeen[act] {
				fmt.Fprintf(w, "  [%s] %s\n", act, e)
			}
		}
	}
	if len(r.ServerLogLines) > 0 {
		fmt.Fprintf(w, "\nNhật ký máy chủ: %v\n  %s\n", r.ServerLogLines, strings.Join(r.ServerLogSeen, "\n  "))
	}
}
