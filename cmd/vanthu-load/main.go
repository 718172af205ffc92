// Command vanthu-load is the load test of the search API: it prepares an
// archive of N synthetic Vietnamese documents (real reader, extractor,
// store and index), serves it with the real HTTP handler on loopback and
// drives GET /api/v1/search with a mixed query set, first closed-loop
// (C clients back to back: maximum throughput), then open-loop at a fixed
// rate (latency at that rate, measured from the scheduled send time).
//
//	go run ./cmd/vanthu-load [--docs 10000] [--data DIR] [--conc 16] [--duration 30s]
//	    [--warmup 5s] [--rate 300] [--closed=true] [--format text|json]
//	    [--serve-bin PATH | --server URL [--pid PID]] [--token T] [--cpuprofile F]
//
// By default the server runs in this process (its RSS then includes the
// load generator); --serve-bin runs "PATH serve" as a child process on the
// prepared data instead, and --server drives an already running server
// (--data must then name its data directory, read for the query mix and,
// without --token, to create a token of the "vanthu-load" reader account).
// Exit status 1 when any request failed (non-200, transport error, or
// dropped in open loop); with --enforce, 3 when the target is missed.
//
// --mix runs a mixed load instead (mix.go): --conc clients (default 50)
// for --duration (default 5m), each looping over search (60 %), document
// views (30 %: the record, its checklist as JSON, its corrections, the
// documents citing it) and uploads (10 %: a new synthetic document POSTed
// as a clerk, then its job polled until "done"), against --serve-bin (a
// real "vanthu serve" child, uploads parsed by its sandboxed worker) or
// --server. Data default: $TMPDIR/vanthu-load-mix-<docs> (uploads add
// documents, so the search test's archive is not used). Exit status 1 on
// any error (non-2xx, transport error, upload whose job did not end "done").
//
//	go build -o /tmp/vanthu ./cmd/vanthu
//	go run ./cmd/vanthu-load --mix --serve-bin /tmp/vanthu [--conc 50] [--duration 5m]
//	    [--mix-weights search=60,view=30,upload=10] [--view-weights document=50,...]
//	    [--timeout 60s] [--poll 250ms] [--job-timeout 5m] [--server-log F]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"vanthu/internal/archive"
	"vanthu/internal/jobs"
	"vanthu/internal/server"
)

type options struct {
	docs, docBytes, conc, maxInflight, nQueries          int
	data, serveBin, serverURL, format, cpuProfile, token string
	pid                                                  int
	warm, dur                                            time.Duration
	rate                                                 float64
	closed, enforce                                      bool
	seed                                                 int64
	targetRPS, targetP99                                 float64

	// --mix mode
	mix                                            bool
	mixWeights, viewWeights, clerkToken, serverLog string
	timeout, poll, jobTimeout                      time.Duration
}

type slowQuery struct {
	Path  string  `json:"path"`
	Ms    float64 `json:"ms"`
	Total int64   `json:"total_hits"`
}

// phaseReport is the result of one load phase.
type phaseReport struct {
	Mode        string              `json:"mode"` // closed | open
	Concurrency int                 `json:"concurrency,omitempty"`
	TargetRate  float64             `json:"target_rate,omitempty"`
	DurationS   float64             `json:"duration_s"`
	Requests    int                 `json:"requests"`
	RPS         float64             `json:"rps"`
	Errors      int                 `json:"errors"`
	Dropped     int                 `json:"dropped,omitempty"`
	Latency     latStats            `json:"latency"`
	ByClass     map[string]latStats `json:"by_class"`
	Slowest     []slowQuery         `json:"slowest,omitempty"` // closed loop: the slowest requests
	AvgBytes    int64               `json:"avg_response_bytes"`
	RSSMB       float64             `json:"server_rss_mb"`
	RSSMaxMB    float64             `json:"server_rss_max_mb"`
	CPUPerReqMs float64             `json:"server_cpu_ms_per_request"`
	LoadBefore  string              `json:"loadavg_before"`
	LoadAfter   string              `json:"loadavg_after"`
}

type report struct {
	Date       string        `json:"date"`
	GoVersion  string        `json:"go_version"`
	NumCPU     int           `json:"num_cpu"`
	Docs       int           `json:"docs"`
	DataDir    string        `json:"data_dir"`
	Server     string        `json:"server"` // in-process | child | external
	PrepareS   float64       `json:"prepare_s"`
	Queries    int           `json:"distinct_queries"`
	Phases     []phaseReport `json:"phases"`
	Target     string        `json:"target"`
	TargetMet  *bool         `json:"target_met,omitempty"`
	ErrorsSeen []string      `json:"errors_seen,omitempty"`
}

func main() {
	var o options
	flag.IntVar(&o.docs, "docs", 10000, "documents the archive must hold")
	flag.IntVar(&o.docBytes, "doc-bytes", 3000, "average size of a generated document (bytes of text)")
	flag.StringVar(&o.data, "data", "", "data directory (default: $TMPDIR/vanthu-load-<docs>, reused across runs)")
	flag.IntVar(&o.conc, "conc", 16, "concurrent clients in the closed-loop phase")
	flag.DurationVar(&o.warm, "warmup", 5*time.Second, "warm-up before each phase (not measured)")
	flag.DurationVar(&o.dur, "duration", 30*time.Second, "measured duration of each phase")
	flag.Float64Var(&o.rate, "rate", 300, "open-loop phase at this many requests/s (0: none)")
	flag.BoolVar(&o.closed, "closed", true, "run the closed-loop (maximum throughput) phase")
	flag.IntVar(&o.maxInflight, "max-inflight", 512, "open loop: requests waiting at once before new ones are dropped")
	flag.IntVar(&o.nQueries, "queries", 5000, "distinct queries in the mix")
	flag.Int64Var(&o.seed, "seed", 20260101, "random seed (documents and queries)")
	flag.StringVar(&o.serveBin, "serve-bin", "", "run this vanthu binary (\"PATH serve\") as the server instead of serving in-process")
	flag.StringVar(&o.serverURL, "server", "", "drive an already running server at this URL (needs --data for the query mix)")
	flag.StringVar(&o.token, "token", "", "API token to search with (default: a token of the account \""+loadUser+"\", created in the data directory)")
	flag.IntVar(&o.pid, "pid", 0, "with --server: process id of the server, for its RSS and CPU")
	flag.StringVar(&o.format, "format", "text", "report format: text or json")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured phases to this file (in-process server: server and client)")
	flag.BoolVar(&o.enforce, "enforce", false, "exit 3 when the target is missed")
	flag.Float64Var(&o.targetRPS, "target-rps", 300, "target: requests/s held")
	flag.Float64Var(&o.targetP99, "target-p99", 100, "target: p99 latency (ms) at the target rate")
	flag.BoolVar(&o.mix, "mix", false, "mixed load instead of the search phases: --conc clients (default 50) for --duration (default 5m), each looping over search, document views and uploads by --mix-weights; needs --serve-bin or --server")
	flag.StringVar(&o.mixWeights, "mix-weights", "search=60,view=30,upload=10", "--mix: weights of the actions")
	flag.StringVar(&o.viewWeights, "view-weights", "document=50,checklist=20,corrections=15,citing=15", "--mix: weights of the document views (GET /documents/{id}, /checklist?format=json, /corrections, /citing)")
	flag.StringVar(&o.clerkToken, "clerk-token", "", "--mix: API token to upload with (default: a token of the clerk account \""+clerkUser+"\", created in the data directory)")
	flag.DurationVar(&o.timeout, "timeout", 60*time.Second, "--mix: HTTP client timeout of one request")
	flag.DurationVar(&o.poll, "poll", 250*time.Millisecond, "--mix: interval between GET /api/v1/jobs/{id} of an upload")
	flag.DurationVar(&o.jobTimeout, "job-timeout", 5*time.Minute, "--mix: an upload not done this long after it was sent is an error")
	flag.StringVar(&o.serverLog, "server-log", "", "--mix: also write the child server's log to this file")
	flag.Parse()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if o.mix {
		if !set["conc"] {
			o.conc = 50
		}
		if !set["duration"] {
			o.dur = 5 * time.Minute
		}
	}
	if o.format != "text" && o.format != "json" {
		fatal(fmt.Errorf("--format phải là text hoặc json"))
	}
	if o.data == "" {
		if o.serverURL != "" {
			fatal(fmt.Errorf("--server cần --data (thư mục dữ liệu của máy chủ đó) để dựng bộ truy vấn"))
		}
		o.data = filepath.Join(os.TempDir(), fmt.Sprintf("vanthu-load-%d", o.docs))
		if o.mix { // uploads add documents: keep the search test's archive as it is
			o.data = filepath.Join(os.TempDir(), fmt.Sprintf("vanthu-load-mix-%d", o.docs))
		}
	}
	if o.mix {
		rep, err := runMix(o)
		if err != nil {
			fatal(err)
		}
		emit(o.format, rep, printMix)
		if rep.Errors+rep.WarmupErrors > 0 {
			os.Exit(1)
		}
		return
	}
	rep, err := run(o)
	if err != nil {
		fatal(err)
	}
	emit(o.format, rep, printText)
	errs := 0
	for _, p := range rep.Phases {
		errs += p.Errors + p.Dropped
	}
	if errs > 0 {
		os.Exit(1)
	}
	if o.enforce && rep.TargetMet != nil && !*rep.TargetMet {
		os.Exit(3)
	}
}

// emit writes a report to standard output as indented JSON or as text.
func emit[R any](format string, rep R, text func(io.Writer, R)) {
	if format == "json" {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
		return
	}
	text(os.Stdout, rep)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "vanthu-load:", err)
	os.Exit(2)
}

// logf writes progress to stderr (stdout holds the report).
func logf(format string, args ...any) { fmt.Fprintf(os.Stderr, format, args...) }

// openArchive opens the data directory, fills it to o.docs documents
// unless a running server was given (recording the time taken in
// *prepareS), counts its documents into *docs and samples the vocabulary
// the query mix is built from.
func openArchive(o options, prepareS *float64, docs *int) (*archive.Archive, *vocab, error) {
	a, err := archive.Open(o.data)
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*archive.Archive, *vocab, error) {
		a.Close()
		return nil, nil, err
	}
	if o.serverURL == "" {
		t := time.Now()
		if err := prepare(context.Background(), a, o.docs, o.seed, o.docBytes, logf); err != nil {
			return fail(fmt.Errorf("chuẩn bị dữ liệu: %w", err))
		}
		*prepareS = time.Since(t).Seconds()
	}
	if *docs, err = a.Store.Count(); err != nil {
		return fail(err)
	}
	v, err := vocabFromStore(a.Store, 20000)
	if err != nil {
		return fail(err)
	}
	return a, v, nil
}

func run(o options) (*report, error) {
	rep := &report{Date: time.Now().Format(time.RFC3339), GoVersion: runtime.Version(), NumCPU: runtime.NumCPU(),
		DataDir: o.data, Target: fmt.Sprintf(">= %.0f req/s at p99 <= %.0f ms", o.targetRPS, o.targetP99)}
	a, v, err := openArchive(o, &rep.PrepareS, &rep.Docs)
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
	rep.Queries = len(qs)
	token := o.token
	if token == "" {
		if token, err = ensureToken(a); err != nil {
			return nil, err
		}
	}

	base, pid := o.serverURL, o.pid
	switch {
	case o.serverURL != "":
		rep.Server = "external"
	case o.serveBin != "":
		rep.Server = "child: " + o.serveBin + " serve"
		a.Close() // the child opens the index itself
		a = nil
		stop, url, cpid, err := startChild(o.serveBin, o.data, nil)
		if err != nil {
			return nil, err
		}
		defer stop()
		base, pid = url, cpid
	default:
		rep.Server = "in-process"
		t := time.Now()
		if _, err := a.Index(); err != nil {
			return nil, err
		}
		logf("Mở chỉ mục: %s.\n", time.Since(t).Round(time.Millisecond))
		log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
		q, err := jobs.Open(a, 1, log)
		if err != nil {
			return nil, err
		}
		qctx, cancel := context.WithCancel(ctx)
		q.Start(qctx)
		defer func() { cancel(); q.Close() }()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		srv := &http.Server{Handler: server.New(a, q, log).Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
		go srv.Serve(ln)
		defer srv.Close()
		base = "http://" + ln.Addr().String()
	}

	// one request of each query must answer 200 before measuring
	d := newDriver(base, qs, max(o.conc, o.maxInflight))
	d.token = token
	if st, _, _ := d.do(ctx, qs[0]); st != http.StatusOK {
		return nil, fmt.Errorf("máy chủ %s không trả lời tìm kiếm (%d): %v", base, st, d.errSeen)
	}
	phase := func(mode string, runPhase func() ([]sample, int)) phaseReport {
		runtime.GC()
		pr := phaseReport{Mode: mode, DurationS: o.dur.Seconds(), LoadBefore: loadAvg()}
		logf("Pha %s: khởi động %s, đo %s (tải máy %s)...\n", mode, o.warm, o.dur, pr.LoadBefore)
		before, _ := readProc(pid)
		w := watchRSS(pid)
		ss, dropped := runPhase()
		// CPU over warm-up + measurement, per request of both
		after, _ := readProc(pid)
		pr.RSSMaxMB = float64(w.Stop()) / 1024
		pr.RSSMB = float64(after.RSSKB) / 1024
		if o.serverURL != "" && pid == 0 { // /proc/self would be the load generator
			pr.RSSMB, pr.RSSMaxMB, before.CPU, after.CPU = 0, 0, 0, 0
		}
		pr.LoadAfter = loadAvg()
		pr.Requests, pr.Dropped = len(ss), dropped
		pr.RPS = float64(len(ss)) / o.dur.Seconds()
		pr.Latency = summarize(ss)
		pr.Errors = pr.Latency.Errors
		var bytes int64
		byClass := map[int][]sample{}
		for _, s := range ss {
			bytes += s.bytes
			byClass[s.class] = append(byClass[s.class], s)
		}
		if len(ss) > 0 {
			pr.AvgBytes = bytes / int64(len(ss))
			total := float64(len(ss)) * (o.warm + o.dur).Seconds() / o.dur.Seconds()
			pr.CPUPerReqMs = ms(after.CPU-before.CPU) / total
		}
		if mode == "closed" {
			sorted := append([]sample{}, ss...)
			sort.Slice(sorted, func(i, j int) bool { return sorted[i].lat > sorted[j].lat })
			seen := map[int]bool{}
			for _, s := range sorted {
				if len(pr.Slowest) == 8 {
					break
				}
				if !seen[s.query] {
					seen[s.query] = true
					pr.Slowest = append(pr.Slowest, slowQuery{Path: d.queries[s.query].Path, Ms: ms(s.lat), Total: s.total})
				}
			}
		}
		pr.ByClass = map[string]latStats{}
		for c, xs := range byClass {
			pr.ByClass[d.classes[c]] = summarize(xs)
		}
		return pr
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	if o.closed {
		rep.Phases = append(rep.Phases, phase("closed", func() ([]sample, int) {
			ss, _ := d.closedLoop(o.conc, o.warm, o.dur, o.seed)
			return ss, 0
		}))
		rep.Phases[len(rep.Phases)-1].Concurrency = o.conc
	}
	if o.rate > 0 {
		rep.Phases = append(rep.Phases, phase("open", func() ([]sample, int) {
			return d.openLoop(o.rate, o.warm, o.dur, o.maxInflight, o.seed+1000)
		}))
		rep.Phases[len(rep.Phases)-1].TargetRate = o.rate
	}
	rep.ErrorsSeen = d.errSeen
	// target: an open-loop phase at >= target rate holding it (>= 98 % of the
	// schedule answered, no errors) with p99 within bound
	for _, p := range rep.Phases {
		if p.Mode == "open" && p.TargetRate >= o.targetRPS {
			met := p.Errors == 0 && p.Dropped == 0 && p.RPS >= 0.98*p.TargetRate && p.Latency.P99Ms <= o.targetP99
			rep.TargetMet = &met
		}
	}
	return rep, nil
}

// startChild runs "bin serve" on a free loopback port and waits until it
// answers. stop ends it (SIGINT, then kill after 10 s). The child's output
// goes to logw (nil: standard error).
func startChild(bin, data string, logw io.Writer) (stop func(), url string, pid int, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr)
	if logw == nil {
		logw = os.Stderr
	}
	cmd.Stdout, cmd.Stderr = logw, logw
	if err := cmd.Start(); err != nil {
		return nil, "", 0, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stop = func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	url = "http://" + addr
	deadline := time.Now().Add(5 * time.Minute) // a stale index is rebuilt at start
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			return nil, "", 0, fmt.Errorf("%s serve dừng ngay: %v", bin, err)
		default:
		}
		resp, err := http.Get(url + "/api/v1/openapi.json")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return stop, url, cmd.Process.Pid, nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	stop()
	return nil, "", 0, errors.New("máy chủ con không sẵn sàng sau 5 phút")
}

func printText(w io.Writer, r *report) {
	fmt.Fprintf(w, "Kiểm thử tải API tìm kiếm — %s, %s, %d CPU\n", r.Date, r.GoVersion, r.NumCPU)
	fmt.Fprintf(w, "Kho: %s (%d văn bản), máy chủ: %s", r.DataDir, r.Docs, r.Server)
	if r.PrepareS >= 0.05 {
		fmt.Fprintf(w, ", chuẩn bị %.1f s", r.PrepareS)
	}
	fmt.Fprintf(w, "; %d truy vấn khác nhau\n", r.Queries)
	for _, p := range r.Phases {
		fmt.Fprintln(w)
		if p.Mode == "closed" {
			fmt.Fprintf(w, "Vòng kín, %d máy khách, %.0f s:\n", p.Concurrency, p.DurationS)
		} else {
			fmt.Fprintf(w, "Vòng mở, tốc độ cố định %.0f yêu cầu/s, %.0f s:\n", p.TargetRate, p.DurationS)
		}
		l := p.Latency
		fmt.Fprintf(w, "  %d yêu cầu, %.1f yêu cầu/s, lỗi %d", p.Requests, p.RPS, p.Errors)
		if p.Dropped > 0 {
			fmt.Fprintf(w, ", bỏ %d", p.Dropped)
		}
		fmt.Fprintf(w, "\n  độ trễ ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (tb %.1f)\n", l.P50Ms, l.P90Ms, l.P99Ms, l.MaxMs, l.MeanMs)
		if p.RSSMB > 0 {
			fmt.Fprintf(w, "  RSS máy chủ %.0f MB (cao nhất %.0f MB), CPU %.2f ms/yêu cầu, ", p.RSSMB, p.RSSMaxMB, p.CPUPerReqMs)
		} else {
			fmt.Fprintf(w, "  RSS/CPU máy chủ: không rõ (cần --pid), ")
		}
		fmt.Fprintf(w, "phản hồi tb %d byte, tải máy %s -> %s\n", p.AvgBytes, p.LoadBefore, p.LoadAfter)
		names := make([]string, 0, len(p.ByClass))
		for n := range p.ByClass {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(w, "  %-11s %7s %8s %8s %8s %8s %9s\n", "loại", "số", "p50", "p90", "p99", "max", "kết quả")
		for _, n := range names {
			c := p.ByClass[n]
			fmt.Fprintf(w, "  %-11s %7d %8.1f %8.1f %8.1f %8.1f %9.0f\n", n, c.Count, c.P50Ms, c.P90Ms, c.P99Ms, c.MaxMs, c.Hits)
		}
		if len(p.Slowest) > 0 {
			fmt.Fprintf(w, "  chậm nhất:\n")
			for _, s := range p.Slowest {
				u, _ := url.QueryUnescape(s.Path)
				fmt.Fprintf(w, "    %7.1f ms  %5d kết quả  %s\n", s.Ms, s.Total, u)
			}
		}
	}
	if len(r.ErrorsSeen) > 0 {
		fmt.Fprintf(w, "\nLỗi (tối đa 5):\n  %s\n", strings.Join(r.ErrorsSeen, "\n  "))
	}
	if r.TargetMet != nil {
		verdict := "ĐẠT"
		if !*r.TargetMet {
			verdict = "KHÔNG ĐẠT"
		}
		fmt.Fprintf(w, "\nMục tiêu %s: %s\n", r.Target, verdict)
	}
}
