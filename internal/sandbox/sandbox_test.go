package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"vanthu/ingest"
	"vanthu/internal/extract"
	"vanthu/internal/sandbox/sandboxtest"
)

var workerExe string

func TestMain(m *testing.M) { os.Exit(sandboxtest.Main(m, &workerExe)) }

func vietText(lines int) []byte {
	var b bytes.Buffer
	b.WriteString("ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM\nSố: 12/KH-UBND\nKẾ HOẠCH\nKiểm tra tệp trong hệ thống văn thư\n")
	for i := range lines {
		b.WriteString(strconv.Itoa(i+1) + ". Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành thực hiện.\n")
	}
	return b.Bytes()
}

func inProcess(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	in, err := ingest.Read(name, data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(extract.Extract(in))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func codeOf(t *testing.T, err error) *ingest.Error {
	t.Helper()
	var e *ingest.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not *ingest.Error", err, err)
	}
	if !hasVietnamese(e.Message) {
		t.Errorf("message %q is not Vietnamese", e.Message)
	}
	return e
}

func TestReadSameAsInProcess(t *testing.T) {
	pdfs, _ := filepath.Glob("../../testdata/corpus/*.pdf")
	if len(pdfs) == 0 {
		t.Fatal("no corpus PDF")
	}
	pdf, err := os.ReadFile(pdfs[0])
	if err != nil {
		t.Fatal(err)
	}
	s := New(workerExe, Limits{})
	for _, c := range []struct {
		name string
		data []byte
	}{{"ke-hoach.txt", vietText(20)}, {filepath.Base(pdfs[0]), pdf}} {
		var stages []string
		doc, err := s.Read(context.Background(), c.name, c.data, func(stage string, done, total int) { stages = append(stages, stage) })
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, _ := json.Marshal(doc)
		if want := inProcess(t, c.name, c.data); !bytes.Equal(got, want) {
			t.Errorf("%s: sandboxed record differs from in-process one:\n got %.400s\nwant %.400s", c.name, got, want)
		}
		if strings.Join(stages, ",") != "reading,extracting" {
			t.Errorf("%s: stages %v", c.name, stages)
		}
	}
}

func TestReaderError(t *testing.T) {
	s := New(workerExe, Limits{})
	// The Reader adapter takes progress from the context, as archive.AddFile sets it.
	var stages []string
	ctx := ingest.WithProgress(context.Background(), func(stage string, done, total int) { stages = append(stages, stage) })
	data := []byte("%PDF-1.4\nnothing here\n")
	_, err := s.Reader()(ctx, "hong.pdf", data)
	e := codeOf(t, err)
	_, want := ingest.Read("hong.pdf", data)
	if e.Code != ingest.CodeCorrupt || e.Message != want.(*ingest.Error).Message {
		t.Errorf("got %s %q, want %v", e.Code, e.Message, want)
	}
	if len(stages) == 0 || stages[0] != ingest.StageReading {
		t.Errorf("stages %v", stages)
	}
	// refused without starting a worker
	_, err = s.Read(context.Background(), "rong.txt", nil, nil)
	if e := codeOf(t, err); e.Code != ingest.CodeEmpty {
		t.Errorf("empty: %v", e)
	}
	_, err = s.Read(context.Background(), "lon.txt", make([]byte, ingest.MaxFileSize+1), nil)
	if e := codeOf(t, err); e.Code != ingest.CodeTooLarge {
		t.Errorf("oversize: %v", e)
	}
}

func TestMemoryLimit(t *testing.T) {
	s := New(workerExe, Limits{Memory: 64 << 20})
	_, err := s.Read(context.Background(), "lon.txt", vietText(300000), nil) // ~30 MB
	if e := codeOf(t, err); e.Code != CodeOutOfMemory || !strings.Contains(e.Message, "quá nhiều bộ nhớ") {
		t.Errorf("got %s %q (%v)", e.Code, e.Message, e.Err)
	}
}

func TestWallLimit(t *testing.T) {
	s := New(workerExe, Limits{Wall: time.Nanosecond})
	_, err := s.Read(context.Background(), "a.txt", vietText(10), nil)
	if e := codeOf(t, err); e.Code != CodeTimeout || !strings.Contains(e.Message, "quá thời gian") {
		t.Errorf("got %s %q (%v)", e.Code, e.Message, e.Err)
	}
}

func TestCPULimit(t *testing.T) {
	if testing.Short() {
		t.Skip("burns a second of CPU")
	}
	s := New(workerExe, Limits{CPU: time.Second})
	// a single 10 MB line takes several seconds of CPU to read and extract
	_, err := s.Read(context.Background(), "dong-dai.txt", bytes.Repeat([]byte("kiểm tra tệp một dòng rất dài "), 10<<20/32), nil)
	if e := codeOf(t, err); e.Code != CodeTimeout || !strings.Contains(e.Message, "quá thời gian") {
		t.Errorf("got %s %q (%v)", e.Code, e.Message, e.Err)
	}
}

// workerPIDs lists the worker processes that are children of this process.
func workerPIDs(t *testing.T) []int {
	t.Helper()
	var pids []int
	tasks, _ := filepath.Glob("/proc/self/task/*/children")
	for _, f := range tasks {
		b, _ := os.ReadFile(f)
		for _, p := range strings.Fields(string(b)) {
			pid, _ := strconv.Atoi(p)
			cmdline, _ := os.ReadFile("/proc/" + p + "/cmdline")
			if bytes.Contains(cmdline, []byte("worker\x00--name")) {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

func TestKilledWorker(t *testing.T) {
	s := New(workerExe, Limits{})
	var once sync.Once
	progress := func(stage string, done, total int) {
		once.Do(func() {
			for _, pid := range workerPIDs(t) {
				syscall.Kill(-pid, syscall.SIGKILL) // as the kernel's OOM killer would
			}
		})
	}
	_, err := s.Read(context.Background(), "dong-dai.txt", bytes.Repeat([]byte("kiểm tra tệp một dòng rất dài "), 10<<20/32), progress)
	if e := codeOf(t, err); e.Code != CodeCrashed || !strings.Contains(e.Message, "bị lỗi và đã dừng") {
		t.Errorf("got %s %q (%v)", e.Code, e.Message, e.Err)
	}
}

func TestCancel(t *testing.T) {
	s := New(workerExe, Limits{})
	ctx, cancel := context.WithCancel(context.Background())
	progress := func(stage string, done, total int) { cancel() }
	start := time.Now()
	_, err := s.Read(ctx, "dong-dai.txt", bytes.Repeat([]byte("kiểm tra tệp một dòng rất dài "), 10<<20/32), progress)
	if e := codeOf(t, err); e.Code != CodeCancelled {
		t.Errorf("got %s %q (%v)", e.Code, e.Message, e.Err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancel took %v", d)
	}
	if pids := workerPIDs(t); len(pids) > 0 {
		t.Errorf("workers left: %v", pids)
	}
}

func TestConcurrencyLimit(t *testing.T) {
	s := New(workerExe, Limits{Workers: 2})
	var active, peak atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for i := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started := false
			progress := func(stage string, done, total int) {
				if !started {
					started = true
					n := active.Add(1)
					for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
					}
				}
			}
			_, err := s.Read(context.Background(), "t"+strconv.Itoa(i)+".txt", vietText(2000+i), progress)
			if started {
				active.Add(-1)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if p := peak.Load(); p > 2 || p < 1 {
		t.Errorf("peak concurrent workers %d, limit 2", p)
	}
}

// fakeWorker is a shell script standing in for the worker, to check how
// the parent classifies outcomes it cannot provoke with real files.
func fakeWorker(t *testing.T, script string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fake")
	if err := os.WriteFile(p, []byte("#!/bin/sh\ncat >/dev/null\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWorkerOutcomes(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	cases := []struct {
		name, script, code string
	}{
		{"garbage", "echo hello", CodeWorker},
		{"silent", "exit 0", CodeWorker},
		{"two-finals", `echo '{"error":{"code":"corrupt_file","message":"Tệp hỏng."}}'; echo '{"error":{"code":"corrupt_file","message":"Tệp hỏng."}}'`, CodeWorker},
		{"segv", "kill -SEGV $$", CodeCrashed},
		{"abort-no-answer", "exit 2", CodeCrashed},
		{"go-oom", "echo 'fatal error: runtime: out of memory' >&2; exit 2", CodeOutOfMemory},
		{"cgo-thread", "echo 'runtime/cgo: pthread_create failed: Resource temporarily unavailable' >&2; kill -ABRT $$", CodeOutOfMemory},
		{"answer", `echo '{"progress":{"stage":"reading","done":0,"total":0}}'; echo '{"error":{"code":"corrupt_file","message":"Tệp hỏng."}}'`, ingest.CodeCorrupt},
		{"english-message", `echo '{"error":{"code":"corrupt_file","message":"broken"}}'`, ingest.CodeCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := New(fakeWorker(t, c.script), Limits{})
			doc, err := s.Read(context.Background(), "a.txt", []byte("xin chào"), nil)
			if doc != nil {
				t.Fatalf("document from a fake worker")
			}
			if e := codeOf(t, err); e.Code != c.code {
				t.Errorf("got %s %q (%v), want %s", e.Code, e.Message, e.Err, c.code)
			}
		})
	}
	_, err := New("/nonexistent/vanthu", Limits{}).Read(context.Background(), "a.txt", []byte("x"), nil)
	if e := codeOf(t, err); e.Code != CodeWorker {
		t.Errorf("missing exe: %v", e)
	}
}

func TestWorkerStdoutClean(t *testing.T) {
	// A broken PDF makes MuPDF print warnings; none may reach the protocol.
	cmd := exec.Command(workerExe, Limits{}.Args("x.pdf")...)
	cmd.Stdin = strings.NewReader("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	for i, l := range lines {
		var m Message
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %d %q: %v", i, l, err)
		}
		if final := m.Progress == nil; final != (i == len(lines)-1) {
			t.Errorf("line %d %q out of order", i, l)
		}
	}
}
