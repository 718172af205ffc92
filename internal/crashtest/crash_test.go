package crashtest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// Knobs (environment): VANTHU_CRASH_SEED reproduces a run,
// VANTHU_CRASH_CYCLES changes the number of kill/restart cycles,
// VANTHU_CRASH_DIR keeps the binary, data and server log in that (new or
// empty) folder instead of a temporary one.
const (
	defaultCycles = 24
	minDelay      = 3 * time.Millisecond
	maxDelay      = 300 * time.Millisecond
	jobWait       = 60 * time.Second
)

// upload is one synthetic document sent to the server.
type upload struct {
	n      int
	number string // "123-CV/HU"
	name   string
	data   []byte
	sha    string
	recv   string // received_date for the register

	// guarded by harness.mu
	jobID    string
	docID    string
	verified bool     // checked through the API once
	reg      regState // incoming register state
	regYear  int
	regNum   int
}

type regState int

const (
	regNone      regState = iota
	regUncertain          // request sent, no answer (server killed)
	regAcked              // 201 received: (regYear, regNum) must survive
	regExisting           // a retry said "already registered": the cut request committed
)

type harness struct {
	t     *testing.T
	bin   string
	dir   string
	token string
	rng   *rand.Rand
	log   *os.File

	mu      sync.Mutex
	acked   []*upload // got a job id in a 202 answer
	cut     int       // uploads whose request was cut before an answer
	next    int
	regs    int // 201 answers
	retries int // register requests re-sent after a restart
}

type server struct {
	cmd    *exec.Cmd
	base   string
	client *http.Client
	done   chan struct{}
}

func TestSIGKILLDuringBulkUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test builds vanthu and runs it as a process")
	}
	start := time.Now()
	seed := time.Now().UnixNano()
	if s := os.Getenv("VANTHU_CRASH_SEED"); s != "" {
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("VANTHU_CRASH_SEED: %v", err)
		}
		seed = v
	}
	cycles := defaultCycles
	if s := os.Getenv("VANTHU_CRASH_CYCLES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			t.Fatalf("VANTHU_CRASH_CYCLES: %q", s)
		}
		cycles = v
	}
	t.Logf("seed %d (rerun with VANTHU_CRASH_SEED=%d), %d kill/restart cycles", seed, seed, cycles)

	tmp := t.TempDir()
	if d := os.Getenv("VANTHU_CRASH_DIR"); d != "" { // keep the data for a post-mortem
		tmp = d
		if err := os.MkdirAll(tmp, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	h := &harness{t: t, bin: filepath.Join(tmp, "vanthu"), dir: filepath.Join(tmp, "data"), rng: rand.New(rand.NewSource(seed)), next: 101}
	build := exec.Command("go", "build", "-o", h.bin, "vanthu/cmd/vanthu")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	t.Logf("built vanthu in %.1fs", time.Since(start).Seconds())
	var err error
	if h.log, err = os.Create(filepath.Join(tmp, "server.log")); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			h.dumpLog()
		}
	}()
	h.setupToken()

	var kills []time.Duration
	for i := range cycles {
		s := h.start()
		h.recover(s)
		h.check(s, false)
		if t.Failed() {
			s.kill()
			t.Fatalf("cycle %d: checks failed after restart (seed %d)", i, seed)
		}
		delay := minDelay + time.Duration(h.rng.Int63n(int64(maxDelay-minDelay)))
		kills = append(kills, delay)
		h.load(s, delay, h.rng.Int63())
	}
	s := h.start()
	h.recover(s)
	h.check(s, true)
	s.stop(t)

	st := h.stats()
	h.mu.Lock()
	defer h.mu.Unlock()
	existing := 0
	for _, u := range h.acked {
		if u.reg == regExisting {
			existing++
		}
	}
	t.Logf("after the kills: %d jobs were resumed by a restart; %d documents stored (%d from uploads cut before their 202); %d of %d re-sent register requests found their entry already committed; %d leftover files in uploads/ although no job is pending (%d of them *.part)",
		st.requeued, st.docs, st.docs-len(h.acked), existing, h.retries, len(st.leftover), st.parts)
	sort.Slice(kills, func(i, j int) bool { return kills[i] < kills[j] })
	t.Logf("%d cycles: %d acknowledged uploads, %d cut before an answer, %d register entries acknowledged, %d register requests retried after a kill; kill delays %v..%v (median %v); %.1fs in all",
		cycles, len(h.acked), h.cut, h.regs, h.retries, kills[0], kills[len(kills)-1], kills[len(kills)/2], time.Since(start).Seconds())
	if t.Failed() {
		t.Logf("seed %d", seed)
	}
}

// setupToken creates an admin account and an API token when this build of
// vanthu has accounts (the token is sent as a bearer token; a server
// without authentication ignores it).
func (h *harness) setupToken() {
	if err := exec.Command(h.bin, "token", "create", "--help").Run(); err != nil {
		return
	}
	add := exec.Command(h.bin, "user", "add", "--data", h.dir, "--role", "admin", "--clearance", "tuyet-mat", "kiemthu")
	add.Stdin = strings.NewReader("Kiem-Thu-Sap-Nguon-2025!\n")
	if out, err := add.CombinedOutput(); err != nil {
		h.t.Logf("user add: %v: %s", err, out)
	}
	out, err := exec.Command(h.bin, "token", "create", "--data", h.dir, "crashtest").Output()
	if err != nil {
		h.t.Logf("token create: %v (continuing without a token)", err)
		return
	}
	f := strings.Fields(string(out))
	if len(f) > 0 {
		h.token = f[len(f)-1]
	}
}

var addrRe = regexp.MustCompile(`http://([0-9.]+:[0-9]+)/`)

// start runs `vanthu serve` on a free port and waits until it listens.
func (h *harness) start() *server {
	t := h.t
	t.Helper()
	cmd := exec.Command(h.bin, "serve", "--data", h.dir, "--addr", "127.0.0.1:0", "--workers", "2")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = h.log
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(h.log, "---- started pid %d\n", cmd.Process.Pid)
	s := &server{cmd: cmd, done: make(chan struct{})}
	t.Cleanup(func() { s.kill() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := addrRe.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, out)
		close(s.done)
	}()
	select {
	case a := <-addr:
		s.base = "http://" + a
	case <-s.done:
		cmd.Wait()
		t.Fatalf("vanthu serve exited before listening")
	case <-time.After(30 * time.Second):
		t.Fatalf("vanthu serve did not start in 30s")
	}
	s.client = &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	return s
}

// kill sends SIGKILL to the server's process group (it was started in a
// group of its own) and reaps it. Safe to call twice.
func (s *server) kill() {
	if s.cmd.ProcessState != nil {
		return
	}
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	<-s.done
	s.cmd.Wait()
	s.client.CloseIdleConnections()
}

// stop asks the server to shut down (SIGTERM) and waits.
func (s *server) stop(t *testing.T) {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		s.cmd.Wait()
	case <-time.After(20 * time.Second):
		t.Errorf("server did not stop within 20s of SIGTERM")
		s.kill()
	}
}

func (h *harness) dumpLog() {
	b, err := os.ReadFile(h.log.Name())
	if err != nil {
		return
	}
	if len(b) > 8000 {
		b = b[len(b)-8000:]
	}
	h.t.Logf("server log (tail):\n%s", b)
}

func (h *harness) request(s *server, method, path string, body io.Reader, ctype string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(method, s.base+path, body)
	if err != nil {
		return nil, nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if h.token != "" {
		req.Header.Set("Authorization", "Bearer "+h.token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		h.t.Errorf("%s %s: 401 (authentication required; token %v)", method, path, h.token != "")
	}
	return resp, b, nil
}

var subjects = []string{
	"triển khai công tác chuyển đổi số trong cơ quan đảng",
	"tổ chức hội nghị sơ kết công tác xây dựng đảng",
	"báo cáo kết quả kiểm tra, giám sát quý",
	"chuẩn bị đại hội chi bộ nhiệm kỳ mới",
	"tăng cường công tác phòng, chống thiên tai",
	"rà soát, bổ sung quy hoạch cán bộ",
	"thực hiện chế độ thông tin, báo cáo định kỳ",
	"phát động phong trào thi đua yêu nước",
}

var units = []string{"Ban Tuyên giáo", "Ủy ban Kiểm tra", "Văn phòng Huyện ủy", "Ban Tổ chức", "Các chi bộ trực thuộc"}

// newUpload makes a distinct small official letter (công văn) with its own
// number, date line and subject.
func (h *harness) newUpload(r *rand.Rand) *upload {
	h.mu.Lock()
	n := h.next
	h.next++
	h.mu.Unlock()
	day, month := 1+r.Intn(28), 1+r.Intn(12)
	subj := subjects[r.Intn(len(subjects))]
	var b strings.Builder
	fmt.Fprintf(&b, "ĐẢNG BỘ TỈNH HÀ LAM\nHUYỆN ỦY LẠC DƯƠNG\n*\nSố %d-CV/HU\n", n)
	fmt.Fprintf(&b, "Lạc Dương, ngày %02d tháng %02d năm 2025\n", day, month)
	fmt.Fprintf(&b, "V/v %s (đợt %d)\n", subj, n)
	fmt.Fprintf(&b, "Kính gửi: %s.\n", units[r.Intn(len(units))])
	fmt.Fprintf(&b, "Thực hiện chương trình công tác năm 2025, Ban Thường vụ Huyện ủy đề nghị %s %s.\n",
		strings.ToLower(units[r.Intn(len(units))]), subj)
	fmt.Fprintf(&b, "Báo cáo kết quả về Văn phòng Huyện ủy trước ngày %d/%d/2025. Mã theo dõi %08x.\n", day, month, r.Uint32())
	b.WriteString("Nơi nhận:\n- Như trên;\n- Lưu Văn phòng Huyện ủy.\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nNguyễn Văn Hòa\n")
	data := []byte(b.String())
	sum := sha256.Sum256(data)
	year := 2025
	if n%3 == 0 {
		year = 2024
	}
	return &upload{n: n, number: fmt.Sprintf("%d-CV/HU", n), name: fmt.Sprintf("cong-van-%d.txt", n), data: data,
		sha: hex.EncodeToString(sum[:]), recv: fmt.Sprintf("%d-%02d-%02d", year, month, day)}
}

// load uploads and registers continuously and kills the server delay after
// the first upload of this cycle was acknowledged.
func (h *harness) load(s *server, delay time.Duration, seed int64) {
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		h.uploader(ctx, s, rand.New(rand.NewSource(seed)), func() { once.Do(func() { close(first) }) })
	}()
	go func() {
		defer wg.Done()
		h.registrar(ctx, s)
	}()
	select {
	case <-first:
		time.Sleep(delay)
	case <-time.After(20 * time.Second):
		h.t.Errorf("no upload acknowledged within 20s")
	}
	s.kill()
	cancel()
	wg.Wait()
}

// uploader posts batches of 1-3 files until the server dies.
func (h *harness) uploader(ctx context.Context, s *server, r *rand.Rand, acked func()) {
	for ctx.Err() == nil {
		batch := make([]*upload, 1+r.Intn(3))
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for i := range batch {
			batch[i] = h.newUpload(r)
			w, _ := mw.CreateFormFile("file", batch[i].name)
			w.Write(batch[i].data)
		}
		mw.Close()
		resp, b, err := h.request(s, http.MethodPost, "/api/v1/documents", &body, mw.FormDataContentType())
		if err != nil { // killed: not acknowledged
			h.mu.Lock()
			h.cut += len(batch)
			h.mu.Unlock()
			return
		}
		if resp.StatusCode != http.StatusAccepted {
			h.t.Errorf("upload: status %d: %s", resp.StatusCode, b)
			return
		}
		var res struct {
			Jobs []struct{ ID, File, Status, Error string } `json:"jobs"`
		}
		if err := json.Unmarshal(b, &res); err != nil {
			h.t.Errorf("upload answer: %v: %s", err, b)
			return
		}
		if len(res.Jobs) != len(batch) {
			h.t.Errorf("upload of %d files answered %d jobs: %s", len(batch), len(res.Jobs), b)
		}
		h.mu.Lock()
		for i, j := range res.Jobs {
			if i >= len(batch) {
				break
			}
			if j.ID == "" || j.Status != "queued" || j.File != batch[i].name {
				h.t.Errorf("upload %s: unexpected answer %+v", batch[i].name, j)
				continue
			}
			batch[i].jobID = j.ID
			h.acked = append(h.acked, batch[i])
		}
		h.mu.Unlock()
		acked()
	}
}

type jobView struct {
	ID         string  `json:"id"`
	Status     string  `json:"status"`
	DocumentID *string `json:"document_id"`
	Error      *string `json:"error"`
}

// pollJob asks for a job once; ok is false when the server did not answer.
func (h *harness) pollJob(s *server, u *upload) (j jobView, ok bool) {
	resp, b, err := h.request(s, http.MethodGet, "/api/v1/jobs/"+u.jobID, nil, "")
	if err != nil {
		return j, false
	}
	if resp.StatusCode != http.StatusOK {
		h.t.Errorf("job %s (%s): status %d: %s", u.jobID, u.name, resp.StatusCode, b)
		return j, true
	}
	if err := json.Unmarshal(b, &j); err != nil {
		h.t.Errorf("job %s: %v", u.jobID, err)
	}
	return j, true
}

// finish records a finished job's document; it reports whether the job
// has finished.
func (h *harness) finish(u *upload, j jobView) bool {
	switch j.Status {
	case "queued", "running":
		return false
	case "done", "duplicate":
		if j.DocumentID == nil || *j.DocumentID == "" {
			h.t.Errorf("job %s (%s) %s without a document id", u.jobID, u.name, j.Status)
			return true
		}
		h.mu.Lock()
		u.docID = *j.DocumentID
		h.mu.Unlock()
		return true
	default:
		msg := ""
		if j.Error != nil {
			msg = *j.Error
		}
		h.t.Errorf("acknowledged upload %s (job %s) ended %s: %s", u.name, u.jobID, j.Status, msg)
		return true
	}
}

// register enters u in the incoming register; ok is false when the server
// did not answer.
func (h *harness) register(s *server, u *upload) bool {
	h.mu.Lock()
	prev := u.reg
	u.reg = regUncertain
	if prev == regUncertain {
		h.retries++
	}
	h.mu.Unlock()
	body := fmt.Sprintf(`{"received_date":%q}`, u.recv)
	resp, b, err := h.request(s, http.MethodPost, "/api/v1/documents/"+u.docID+"/register", strings.NewReader(body), "application/json")
	if err != nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case resp.StatusCode == http.StatusCreated:
		var res struct {
			Entry struct {
				Year   int    `json:"year"`
				Number int    `json:"number"`
				DocID  string `json:"document_id"`
			} `json:"entry"`
		}
		if err := json.Unmarshal(b, &res); err != nil || res.Entry.Number <= 0 || res.Entry.DocID != u.docID {
			h.t.Errorf("register %s: bad answer %s (%v)", u.docID, b, err)
			return true
		}
		u.reg, u.regYear, u.regNum = regAcked, res.Entry.Year, res.Entry.Number
		h.regs++
	case resp.StatusCode == http.StatusConflict && prev == regUncertain && alreadyRegistered(b, u.docID):
		u.reg = regExisting // the request cut by the kill had committed
	default:
		h.t.Errorf("register %s (%s, state %d): status %d: %s", u.docID, u.name, prev, resp.StatusCode, b)
		u.reg = regAcked // do not retry
	}
	return true
}

// alreadyRegistered reports whether a 409 answer to a register request
// says that document id already has an entry: "already_registered", or
// "duplicate_register" listing the document itself (the duplicate check
// runs first and finds the document's own entry).
func alreadyRegistered(body []byte, id string) bool {
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Details []struct {
				DocID string `json:"document_id"`
			} `json:"details"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil {
		return false
	}
	switch e.Error.Code {
	case "already_registered":
		return true
	case "duplicate_register":
		for _, d := range e.Error.Details {
			if d.DocID == id {
				return true
			}
		}
	}
	return false
}

// registrar follows acknowledged jobs and registers each finished document
// while uploads go on.
func (h *harness) registrar(ctx context.Context, s *server) {
	for ctx.Err() == nil {
		h.mu.Lock()
		var todo []*upload
		for _, u := range h.acked {
			if u.docID == "" || u.reg == regNone {
				todo = append(todo, u)
			}
		}
		h.mu.Unlock()
		for _, u := range todo {
			if ctx.Err() != nil {
				return
			}
			if u.docID == "" {
				j, ok := h.pollJob(s, u)
				if !ok {
					return
				}
				if !h.finish(u, j) || u.docID == "" {
					continue
				}
			}
			if !h.register(s, u) {
				return
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// recover waits, after a restart, until every acknowledged job and every
// other queued or running job has finished, then registers the documents
// not registered yet (re-sending requests cut by the kill).
func (h *harness) recover(s *server) {
	t := h.t
	deadline := time.Now().Add(jobWait)
	h.mu.Lock()
	var wait []*upload
	for _, u := range h.acked {
		if u.docID == "" {
			wait = append(wait, u)
		}
	}
	h.mu.Unlock()
	for len(wait) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d acknowledged jobs still unfinished %v after a restart (first: %s)", len(wait), jobWait, wait[0].jobID)
		}
		var rest []*upload
		for _, u := range wait {
			j, ok := h.pollJob(s, u)
			if !ok {
				t.Fatalf("server stopped answering")
			}
			if !h.finish(u, j) {
				rest = append(rest, u)
			}
		}
		wait = rest
		if len(wait) > 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	for {
		n := h.pendingJobs()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d jobs stay queued or running after a restart", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.mu.Lock()
	var todo []*upload
	for _, u := range h.acked {
		if u.docID != "" && (u.reg == regNone || u.reg == regUncertain) {
			todo = append(todo, u)
		}
	}
	h.mu.Unlock()
	for _, u := range todo {
		if !h.register(s, u) {
			t.Fatalf("server stopped answering")
		}
	}
}

func (h *harness) openDB() *sql.DB {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(h.dir, "vanthu.db")+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		h.t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

func (h *harness) pendingJobs() int {
	db := h.openDB()
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')`).Scan(&n); err != nil {
		h.t.Fatalf("count pending jobs: %v", err)
	}
	return n
}

// check verifies the archive with the server up and idle. Every
// acknowledged upload not checked before (all of them when full, else the
// new ones and a sample of older ones) is fetched and searched through the
// API; database-level invariants are checked for everything every time.
func (h *harness) check(s *server, full bool) {
	t := h.t
	db := h.openDB()
	defer db.Close()

	var ic string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ic); err != nil || ic != "ok" {
		t.Errorf("integrity_check: %q %v", ic, err)
	}

	// Every document has its original, intact.
	docs := map[string]string{} // id -> sha256
	rows, err := db.Query(`SELECT id, sha256 FROM documents`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, sha string
		if err := rows.Scan(&id, &sha); err != nil {
			t.Fatal(err)
		}
		docs[id] = sha
	}
	rows.Close()
	for id, sha := range docs {
		b, err := os.ReadFile(filepath.Join(h.dir, "originals", sha[:2], sha))
		if err != nil {
			t.Errorf("document %s: original missing: %v", id, err)
			continue
		}
		if s := sha256.Sum256(b); hex.EncodeToString(s[:]) != sha {
			t.Errorf("document %s: original %s corrupted", id, sha)
		}
	}

	// Jobs: none pending; acknowledged ones point at their document.
	jobs := map[string][2]string{} // id -> status, document_id
	rows, err = db.Query(`SELECT id, status, document_id, error FROM jobs`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, st, doc, msg string
		if err := rows.Scan(&id, &st, &doc, &msg); err != nil {
			t.Fatal(err)
		}
		jobs[id] = [2]string{st, doc}
		switch st {
		case "queued", "running":
			t.Errorf("job %s still %s", id, st)
		case "failed": // every generated file is valid, acknowledged or not
			t.Errorf("job %s failed: %s", id, msg)
		case "done", "duplicate":
			if _, ok := docs[doc]; !ok {
				t.Errorf("job %s is %s but its document %q is missing", id, st, doc)
			}
		}
	}
	rows.Close()

	// Register: per year exactly 1..N, each acknowledged entry kept.
	type reg struct{ year, num int }
	byDoc := map[string]reg{}
	years := map[int][]int{}
	rows, err = db.Query(`SELECT year, number, doc_id FROM register ORDER BY year, number`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r reg
		var doc string
		if err := rows.Scan(&r.year, &r.num, &doc); err != nil {
			t.Fatal(err)
		}
		if _, dup := byDoc[doc]; dup {
			t.Errorf("document %s registered twice", doc)
		}
		byDoc[doc] = r
		years[r.year] = append(years[r.year], r.num)
	}
	rows.Close()
	for y, nums := range years {
		for i, n := range nums {
			if n != i+1 {
				t.Errorf("register %d: numbers %v are not 1..%d (gap or duplicate at position %d)", y, nums, len(nums), i+1)
				break
			}
		}
	}

	h.mu.Lock()
	acked := append([]*upload(nil), h.acked...)
	h.mu.Unlock()
	var api, old []*upload
	for _, u := range acked {
		j, ok := jobs[u.jobID]
		switch {
		case !ok:
			t.Errorf("acknowledged job %s (%s) is not in the database", u.jobID, u.name)
			continue
		case j[0] != "done" && j[0] != "duplicate":
			t.Errorf("acknowledged job %s (%s) is %s", u.jobID, u.name, j[0])
			continue
		case j[1] != u.docID:
			t.Errorf("job %s: document %q in the database, %q through the API", u.jobID, j[1], u.docID)
		}
		if sha, ok := docs[u.docID]; !ok {
			t.Errorf("acknowledged upload %s: document %s missing", u.name, u.docID)
		} else if sha != u.sha {
			t.Errorf("acknowledged upload %s: document %s has content %s, uploaded %s", u.name, u.docID, sha, u.sha)
		}
		r, ok := byDoc[u.docID]
		switch u.reg {
		case regAcked:
			if !ok || r.year != u.regYear || r.num != u.regNum {
				t.Errorf("register entry %d/%d of %s (acknowledged) is now %+v (present %v)", u.regNum, u.regYear, u.docID, r, ok)
			}
		case regExisting:
			if !ok {
				t.Errorf("document %s: register said already registered, but it has no entry", u.docID)
			}
		}
		if full || !u.verified {
			api = append(api, u)
		} else {
			old = append(old, u)
		}
	}
	h.rng.Shuffle(len(old), func(i, j int) { old[i], old[j] = old[j], old[i] })
	api = append(api, old[:min(10, len(old))]...)
	for _, u := range api {
		h.checkAPI(s, u)
	}

	// The register as served agrees with the database.
	_, b, err := h.request(s, http.MethodGet, "/api/v1/register", nil, "")
	if err != nil {
		t.Fatalf("register list: %v", err)
	}
	var rl struct {
		Entries []struct {
			Year   int    `json:"year"`
			Number int    `json:"number"`
			DocID  string `json:"document_id"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(b, &rl); err != nil {
		t.Errorf("register list: %v: %.200s", err, b)
	}
	if len(rl.Entries) != len(byDoc) {
		t.Errorf("register list: %d entries served, %d in the database", len(rl.Entries), len(byDoc))
	}
	for _, e := range rl.Entries {
		if r := byDoc[e.DocID]; r.year != e.Year || r.num != e.Number {
			t.Errorf("register list: %+v differs from database %+v", e, r)
		}
	}
}

// checkAPI fetches an acknowledged document, its original and searches
// for its number.
func (h *harness) checkAPI(s *server, u *upload) {
	t := h.t
	resp, b, err := h.request(s, http.MethodGet, "/api/v1/documents/"+u.docID, nil, "")
	if err != nil {
		t.Fatalf("get document: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("document %s (%s): status %d: %.200s", u.docID, u.name, resp.StatusCode, b)
		return
	}
	var d struct {
		ID     string  `json:"id"`
		Number *string `json:"number"`
	}
	if err := json.Unmarshal(b, &d); err != nil || d.ID != u.docID || d.Number == nil || *d.Number != u.number {
		t.Errorf("document %s (%s): want number %s, got %.300s (%v)", u.docID, u.name, u.number, b, err)
	}
	resp, b, err = h.request(s, http.MethodGet, "/api/v1/documents/"+u.docID+"/original", nil, "")
	if err != nil {
		t.Fatalf("get original: %v", err)
	}
	if sum := sha256.Sum256(b); resp.StatusCode != http.StatusOK || hex.EncodeToString(sum[:]) != u.sha {
		t.Errorf("original of %s (%s): status %d, sha256 %x, uploaded %s", u.docID, u.name, resp.StatusCode, sum, u.sha)
	}
	resp, b, err = h.request(s, http.MethodGet, "/api/v1/search?limit=20&q="+url.QueryEscape(u.number), nil, "")
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	var res struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(b, &res); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("search %s: status %d: %.200s", u.number, resp.StatusCode, b)
		return
	}
	found := false
	for _, hit := range res.Hits {
		found = found || hit.ID == u.docID
	}
	if !found {
		t.Errorf("search %q does not find document %s (%s; job %s)", u.number, u.docID, u.name, u.jobID)
		return
	}
	h.mu.Lock()
	u.verified = true
	h.mu.Unlock()
}

type runStats struct {
	requeued int      // jobs put back in the queue by restarts (server log)
	docs     int      // documents in the database
	leftover []string // files left in uploads/ although no job is pending
	parts    int      // of which temporary *.part files
}

func (h *harness) stats() runStats {
	var st runStats
	if b, err := os.ReadFile(h.log.Name()); err == nil {
		for _, m := range regexp.MustCompile(`requeued interrupted jobs" count=(\d+)`).FindAllStringSubmatch(string(b), -1) {
			n, _ := strconv.Atoi(m[1])
			st.requeued += n
		}
	}
	db := h.openDB()
	defer db.Close()
	if err := db.QueryRow(`SELECT count(*) FROM documents`).Scan(&st.docs); err != nil {
		h.t.Error(err)
	}
	ents, _ := os.ReadDir(filepath.Join(h.dir, "uploads"))
	for _, e := range ents {
		st.leftover = append(st.leftover, e.Name())
		if strings.HasSuffix(e.Name(), ".part") {
			st.parts++
		}
	}
	return st
}
