package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"

	"vanthu/ingest"
	"vanthu/internal/document"
	"vanthu/internal/extract"
)

// Message is one line of the worker's output: exactly one field is set.
// A run writes any number of progress lines, then one document or error.
type Message struct {
	Progress *ProgressMsg       `json:"progress,omitempty"`
	Document *document.Document `json:"document,omitempty"`
	Error    *ErrorMsg          `json:"error,omitempty"`
}

// ProgressMsg is a stage report (see ingest.Progress).
type ProgressMsg struct {
	Stage string `json:"stage"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// ErrorMsg is a reading failure: an ingest error code and its Vietnamese message.
type ErrorMsg struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ApplyLimits sets the resource limits of the calling process: the address
// space to lim.Memory bytes (RLIMIT_AS) and its CPU time to lim.CPU
// (RLIMIT_CPU: SIGXCPU at the limit, SIGKILL two seconds later). Processes
// it starts (tesseract) inherit them. The Go heap is also told to collect
// harder as it nears the memory limit, and ingest.MaxPages is set.
func ApplyLimits(lim Limits) error {
	lim = lim.withDefaults()
	if lim.Memory > 0 {
		rl := syscall.Rlimit{Cur: uint64(lim.Memory), Max: uint64(lim.Memory)}
		if err := syscall.Setrlimit(syscall.RLIMIT_AS, &rl); err != nil {
			return fmt.Errorf("RLIMIT_AS: %w", err)
		}
		debug.SetMemoryLimit(lim.Memory / 2)
	}
	if lim.CPU > 0 {
		sec := uint64((lim.CPU + 999999999) / 1e9)
		rl := syscall.Rlimit{Cur: sec, Max: sec + 2}
		if err := syscall.Setrlimit(syscall.RLIMIT_CPU, &rl); err != nil {
			return fmt.Errorf("RLIMIT_CPU: %w", err)
		}
	}
	if lim.MaxPages > 0 {
		ingest.MaxPages = lim.MaxPages
	}
	return nil
}

// ProtectStdout moves the protocol channel away from file descriptor 1 and
// points descriptor 1 at standard error, so that nothing a library prints
// (MuPDF, a C library, a stray fmt.Println) can corrupt the protocol. It
// returns the protocol writer.
func ProtectStdout() (*os.File, error) {
	fd, err := syscall.Dup(1)
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(fd)
	if err := syscall.Dup3(2, 1, 0); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), "protocol"), nil
}

// lineWriter writes protocol messages, one JSON object per line.
type lineWriter struct {
	mu  sync.Mutex
	w   io.Writer
	end bool // the final message has been written
}

func (w *lineWriter) write(m Message) {
	b, err := json.Marshal(m)
	if err != nil {
		b, _ = json.Marshal(Message{Error: &ErrorMsg{Code: CodeWorker, Message: msgWorker}})
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.end {
		return
	}
	if m.Progress == nil {
		w.end = true
	}
	w.w.Write(append(b, '\n'))
}

// Work is the body of "vanthu worker": it reads one file from in (at most
// ingest.MaxFileSize bytes), reads and extracts it, and writes progress
// lines and then one document or error line to out. It returns after the
// final line; the caller exits. Limits must already be applied.
func Work(ctx context.Context, name string, in io.Reader, out io.Writer) {
	w := &lineWriter{w: out}
	// The soft CPU limit raises SIGXCPU: report it while there is time
	// (the hard limit kills the process two seconds later).
	xcpu := make(chan os.Signal, 1)
	signal.Notify(xcpu, syscall.SIGXCPU)
	go func() {
		<-xcpu
		w.write(Message{Error: &ErrorMsg{Code: CodeTimeout, Message: msgCPU}})
		os.Exit(3)
	}()
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "worker panic: %v\n%s", r, debug.Stack())
			w.write(Message{Error: &ErrorMsg{Code: CodeCrashed, Message: msgCrashed}})
		}
	}()
	data, err := io.ReadAll(io.LimitReader(in, ingest.MaxFileSize+1))
	if err != nil {
		w.write(Message{Error: &ErrorMsg{Code: ingest.CodeIO, Message: "Trình đọc tệp không nhận được dữ liệu của tệp."}})
		return
	}
	progress := func(stage string, done, total int) {
		w.write(Message{Progress: &ProgressMsg{Stage: stage, Done: done, Total: total}})
	}
	in2, err := ingest.ReadContext(ingest.WithProgress(ctx, progress), name, data)
	if err != nil {
		var e *ingest.Error
		if errors.As(err, &e) {
			fmt.Fprintf(os.Stderr, "worker: %v\n", err)
			w.write(Message{Error: &ErrorMsg{Code: e.Code, Message: e.Message}})
			return
		}
		fmt.Fprintf(os.Stderr, "worker: %v\n", err)
		w.write(Message{Error: &ErrorMsg{Code: ingest.CodeCorrupt, Message: "Không đọc được nội dung tệp."}})
		return
	}
	data = nil
	progress(StageExtracting, 0, 0)
	doc := extract.Extract(in2)
	if doc == nil {
		w.write(Message{Error: &ErrorMsg{Code: "internal_error", Message: "Không trích xuất được thông tin từ tệp."}})
		return
	}
	w.write(Message{Document: doc})
}

// WorkerMain is the whole of "vanthu worker" after the subcommand name:
// it parses args (--name, --memory, --cpu, --max-pages), applies the limits
// to this process, protects standard output and runs Work on standard
// input. It returns the exit code.
func WorkerMain(args []string) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	name := fs.String("name", "", "file name (format hint, recorded)")
	var lim Limits
	fs.Int64Var(&lim.Memory, "memory", DefaultMemory, "address-space limit in bytes")
	fs.DurationVar(&lim.CPU, "cpu", DefaultCPU, "CPU-time limit")
	fs.IntVar(&lim.MaxPages, "max-pages", 0, "page limit (0: ingest.MaxPages)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "worker: unexpected arguments:", fs.Args())
		return 2
	}
	if err := ApplyLimits(lim); err != nil {
		fmt.Fprintln(os.Stderr, "worker: cannot set limits:", err)
		return 4
	}
	out, err := ProtectStdout()
	if err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		return 4
	}
	Work(context.Background(), *name, os.Stdin, out)
	out.Close()
	return 0
}
