// Package sandbox reads untrusted files in a separate worker process
// ("vanthu worker") under CPU-time, memory and wall-clock limits, so that a
// crash, hang or memory blow-up while parsing, rendering or recognising one
// file fails that file with a clear Vietnamese reason and leaves the
// caller (the server) running.
//
// The worker applies its limits to itself before touching the file
// (RLIMIT_AS, RLIMIT_CPU; inherited by the tesseract processes it starts),
// reads the file from standard input and writes JSON lines: progress
// reports, then one document or one error (see Message). The parent runs it
// in its own process group and kills the whole group on timeout or
// cancellation.
package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"vanthu/ingest"
	"vanthu/internal/document"
)

// Error codes of failures of the worker itself (the reader's own failures
// keep their ingest codes).
const (
	CodeCrashed     = "worker_crashed" // the worker died (signal, runtime fatal error, stack overflow)
	CodeOutOfMemory = "out_of_memory"  // the worker hit its memory limit
	CodeTimeout     = "timeout"        // CPU-time or wall-clock limit
	CodeWorker      = "worker_error"   // the worker could not start or answered nonsense
	CodeCancelled   = "cancelled"      // the caller's context ended
)

// StageExtracting is the stage the worker reports before extraction
// (archive.StageExtracting).
const StageExtracting = "extracting"

const (
	msgCrashed   = "Trình đọc tệp bị lỗi và đã dừng khi xử lý tệp này; tệp có thể bị hỏng hoặc có cấu trúc bất thường. Tệp chưa được lưu."
	msgCPU       = "Xử lý tệp quá thời gian cho phép (vượt giới hạn thời gian máy); tệp có thể bị hỏng hoặc quá phức tạp. Tệp chưa được lưu."
	msgWorker    = "Trình đọc tệp trả về kết quả không hợp lệ; tệp chưa được lưu."
	msgCancelled = "Việc xử lý tệp bị dừng giữa chừng."
)

func msgMemory(limit int64) string {
	return fmt.Sprintf("Tệp cần quá nhiều bộ nhớ để đọc (vượt giới hạn %d MB); tệp có thể bị hỏng hoặc được tạo để làm treo máy. Tệp chưa được lưu.", limit>>20)
}

func msgWall(d time.Duration) string {
	return fmt.Sprintf("Xử lý tệp quá thời gian cho phép (quá %s); tệp có thể bị hỏng hoặc quá phức tạp. Tệp chưa được lưu.", humanDuration(d))
}

func humanDuration(d time.Duration) string {
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d phút", d/time.Minute)
	case d >= time.Second:
		return fmt.Sprintf("%d giây", (d+time.Second/2)/time.Second)
	default:
		return d.String()
	}
}

// Limits bound one worker run. Zero fields take the defaults.
type Limits struct {
	Memory   int64         // address space of the worker in bytes; default 3 GiB
	CPU      time.Duration // CPU time of the worker; default 300 s
	Wall     time.Duration // wall-clock time of a run; default 10 min
	MaxPages int           // pages of a PDF or image; default ingest.MaxPages
	Workers  int           // runs at once; default runtime.NumCPU()
}

// Default limits.
const (
	DefaultMemory = 3 << 30
	DefaultCPU    = 300 * time.Second
	DefaultWall   = 10 * time.Minute
)

func (l Limits) withDefaults() Limits {
	if l.Memory <= 0 {
		l.Memory = DefaultMemory
	}
	if l.CPU <= 0 {
		l.CPU = DefaultCPU
	}
	if l.Wall <= 0 {
		l.Wall = DefaultWall
	}
	if l.MaxPages <= 0 {
		l.MaxPages = ingest.MaxPages
	}
	if l.Workers <= 0 {
		l.Workers = runtime.NumCPU()
	}
	return l
}

// Args are the command-line arguments of the worker for these limits (after
// the executable); name goes in --name.
func (l Limits) Args(name string) []string {
	l = l.withDefaults()
	return []string{"worker",
		"--name", name,
		"--memory", strconv.FormatInt(l.Memory, 10),
		"--cpu", l.CPU.String(),
		"--max-pages", strconv.Itoa(l.MaxPages),
	}
}

// Sandbox runs files through worker processes.
type Sandbox struct {
	exe string
	lim Limits
	sem chan struct{}

	// Env is the environment of the workers; nil means this process's.
	Env []string
	// Log, when set, receives a line for each failed run with the exit
	// status and the tail of the worker's standard error.
	Log func(name string, err error, stderr string)
}

// New returns a sandbox that starts exe (the vanthu binary, os.Executable()
// in production) as "exe worker ..." under lim.
func New(exe string, lim Limits) *Sandbox {
	lim = lim.withDefaults()
	return &Sandbox{exe: exe, lim: lim, sem: make(chan struct{}, lim.Workers)}
}

// Limits returns the limits in force (defaults filled in).
func (s *Sandbox) Limits() Limits { return s.lim }

// Reader adapts the sandbox to archive.Archive.Reader; progress goes to the
// function set on the context by ingest.WithProgress (archive.AddFile sets it).
func (s *Sandbox) Reader() func(ctx context.Context, name string, data []byte) (*document.Document, error) {
	return func(ctx context.Context, name string, data []byte) (*document.Document, error) {
		return s.Read(ctx, name, data, ingest.ProgressFrom(ctx))
	}
}

// maxLine bounds one protocol line (a document with its full text).
const maxLine = 4 * ingest.MaxFileSize

// Read reads and extracts one file in a worker process. progress (may be
// nil) receives the worker's stage reports. Every failure is an
// *ingest.Error with a Vietnamese message: the reader's own (corrupt,
// unsupported, too large...), or one of this package's codes when the
// worker crashed, ran out of memory or time, or was cancelled.
func (s *Sandbox) Read(ctx context.Context, name string, data []byte, progress ingest.Progress) (*document.Document, error) {
	if len(data) == 0 {
		return nil, &ingest.Error{Code: ingest.CodeEmpty, Message: fmt.Sprintf("Tệp %q rỗng.", ingest.CleanName(name))}
	}
	if int64(len(data)) > ingest.MaxFileSize {
		return nil, &ingest.Error{Code: ingest.CodeTooLarge, Message: fmt.Sprintf("Tệp %q quá lớn (tối đa %d MB).", ingest.CleanName(name), ingest.MaxFileSize>>20)}
	}
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, &ingest.Error{Code: CodeCancelled, Message: msgCancelled, Err: ctx.Err()}
	}
	defer func() { <-s.sem }()
	return s.run(ctx, ingest.CleanName(name), data, progress)
}

func (s *Sandbox) run(ctx context.Context, name string, data []byte, progress ingest.Progress) (*document.Document, error) {
	wctx, cancel := context.WithTimeout(ctx, s.lim.Wall)
	defer cancel()
	cmd := exec.Command(s.exe, s.lim.Args(name)...)
	cmd.Env = s.Env
	cmd.Stdin = bytes.NewReader(data)
	out := &protocol{progress: progress}
	tail := &tailBuffer{max: 16 << 10}
	cmd.Stdout = out
	cmd.Stderr = tail
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.WaitDelay = 5 * time.Second

	if err := cmd.Start(); err != nil {
		return nil, &ingest.Error{Code: CodeWorker, Message: "Không khởi động được trình đọc tệp; tệp chưa được lưu.", Err: err}
	}
	pgid := cmd.Process.Pid
	var killed sync.Once
	killGroup := func() { killed.Do(func() { syscall.Kill(-pgid, syscall.SIGKILL) }) }
	stop := context.AfterFunc(wctx, killGroup)
	waitErr := cmd.Wait()
	stop()
	// Leftover children (tesseract) of a worker that died go with it.
	syscall.Kill(-pgid, syscall.SIGKILL)

	doc, rerr, perr := out.result()
	st := cmd.ProcessState
	fail := func(code, msg string) (*document.Document, error) {
		cause := fmt.Errorf("worker %s: %v", describe(st, waitErr), perr)
		if s.Log != nil {
			s.Log(name, cause, tail.String())
		}
		return nil, &ingest.Error{Code: code, Message: msg, Err: cause}
	}
	switch {
	case doc != nil && st != nil && st.Success():
		doc.Source.File = name
		return doc, nil
	case rerr != nil && (rerr.Code == CodeTimeout || st != nil && st.Success()):
		msg := rerr.Message
		if !hasVietnamese(msg) {
			msg = msgWorker
		}
		return nil, &ingest.Error{Code: rerr.Code, Message: msg}
	case ctx.Err() != nil:
		return fail(CodeCancelled, msgCancelled)
	case wctx.Err() != nil:
		return fail(CodeTimeout, msgWall(s.lim.Wall))
	case cpuExceeded(st, s.lim.CPU):
		return fail(CodeTimeout, msgCPU)
	case outOfMemory(tail.String()):
		return fail(CodeOutOfMemory, msgMemory(s.lim.Memory))
	case st != nil && st.Success():
		return fail(CodeWorker, msgWorker) // exited cleanly without a valid answer
	default:
		return fail(CodeCrashed, msgCrashed)
	}
}

func describe(st *os.ProcessState, err error) string {
	if st == nil {
		return fmt.Sprint(err)
	}
	return st.String()
}

// cpuExceeded reports whether the worker used up its CPU time (killed by
// SIGXCPU or by SIGKILL at the hard limit).
func cpuExceeded(st *os.ProcessState, limit time.Duration) bool {
	if st == nil {
		return false
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGXCPU {
		return true
	}
	return st.UserTime()+st.SystemTime() >= limit
}

// outOfMemory recognises the last words of a process that hit RLIMIT_AS:
// the Go runtime, cgo thread creation, C and C++ allocators, MuPDF.
func outOfMemory(stderr string) bool {
	s := strings.ToLower(stderr)
	for _, p := range []string{
		"out of memory", "cannot allocate memory", "failed to create new os thread",
		"pthread_create failed", "std::bad_alloc", "malloc", "memory limit",
	} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// protocol parses the worker's standard output line by line.
type protocol struct {
	progress ingest.Progress
	mu       sync.Mutex
	buf      []byte
	doc      *document.Document
	err      *ErrorMsg
	bad      error // first protocol violation
}

func (p *protocol) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			if len(p.buf)+len(b) > maxLine {
				p.violate(errors.New("line too long"))
				p.buf = p.buf[:0]
				return n, nil
			}
			p.buf = append(p.buf, b...)
			break
		}
		line := b[:i]
		if len(p.buf) > 0 {
			line = append(p.buf, line...)
		}
		p.line(line)
		p.buf = p.buf[:0]
		b = b[i+1:]
	}
	return n, nil
}

func (p *protocol) violate(err error) {
	if p.bad == nil {
		p.bad = err
	}
}

func (p *protocol) line(b []byte) {
	if len(bytes.TrimSpace(b)) == 0 {
		return
	}
	if p.doc != nil || p.err != nil {
		p.violate(errors.New("output after the final message"))
		return
	}
	var m Message
	if err := json.Unmarshal(b, &m); err != nil {
		p.violate(fmt.Errorf("bad line: %w", err))
		return
	}
	switch {
	case m.Progress != nil && m.Document == nil && m.Error == nil:
		if p.progress != nil {
			p.progress(m.Progress.Stage, m.Progress.Done, m.Progress.Total)
		}
	case m.Document != nil && m.Error == nil:
		p.doc = m.Document
	case m.Error != nil && m.Document == nil && m.Error.Code != "":
		p.err = m.Error
	default:
		p.violate(errors.New("message with no or several fields"))
	}
}

// result is the final message, if the whole output was well formed.
func (p *protocol) result() (*document.Document, *ErrorMsg, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(bytes.TrimSpace(p.buf)) > 0 {
		p.violate(errors.New("unterminated last line"))
	}
	if p.bad != nil {
		return nil, nil, p.bad
	}
	if p.doc == nil && p.err == nil {
		return nil, nil, errors.New("no final message")
	}
	return p.doc, p.err, nil
}

// tailBuffer keeps the first and the last max bytes written to it: the
// first lines of a crash report name the cause, the last ones the end.
type tailBuffer struct {
	mu   sync.Mutex
	max  int
	head []byte
	b    []byte
	cut  bool
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := len(p)
	if room := t.max - len(t.head); room > 0 {
		k := min(room, len(p))
		t.head = append(t.head, p[:k]...)
		p = p[k:]
	}
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
		t.cut = true
	}
	return n, nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := string(t.head)
	if t.cut {
		s += "\n[...]\n"
	}
	return strings.ToValidUTF8(s+string(t.b), "?")
}

// hasVietnamese reports whether s holds a letter only Vietnamese uses among
// common scripts (a vowel with a tone or hook, or đ).
func hasVietnamese(s string) bool {
	for _, r := range s {
		if r == 'đ' || r == 'Đ' || r >= 0x1EA0 && r <= 0x1EF9 || strings.ContainsRune("àáâãèéêìíòóôõùúýăơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂƠƯ", r) {
			return true
		}
	}
	return false
}
