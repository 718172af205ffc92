package e2e

// The vanthu binary (built once in TestMain) and a `vanthu serve` subprocess
// on a free loopback port over a temporary data directory.

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	chromiumPath = "/usr/bin/chromium"
	adminUser    = "e2e"
	adminPass    = "e2e-mat-khau-123"
)

var (
	vanthuBin  string // built binary; "" when the tests are skipped
	skipReason string // why the browser tests are skipped
)

func inCI() bool { return os.Getenv("CI") == "true" }

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	flag.Parse()
	if _, err := os.Stat(chromiumPath); err != nil {
		if inCI() {
			fmt.Fprintf(os.Stderr, "e2e: %s không có (CI=true): cần Chromium cho kiểm thử trình duyệt: %v\n", chromiumPath, err)
			return 1
		}
		skipReason = "Chromium is not installed at " + chromiumPath + " (apt-get install chromium); browser tests skipped"
		return m.Run()
	}
	if testing.Short() {
		skipReason = "browser end-to-end tests skipped in -short mode"
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "vanthu-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: module root:", err)
		return 1
	}
	bin := filepath.Join(dir, "vanthu")
	t0 := time.Now()
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/vanthu")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build ./cmd/vanthu: %v\n%s", err, out)
		return 1
	}
	if testing.Verbose() {
		fmt.Printf("e2e: built %s in %v\n", bin, time.Since(t0).Round(time.Millisecond))
	}
	vanthuBin = bin
	return m.Run()
}

// moduleRoot is the directory of go.mod: `go env GOMOD`, or two levels above
// this file when the go command cannot tell.
func moduleRoot() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("runtime.Caller failed")
	}
	cmd := exec.Command("go", "env", "GOMOD")
	cmd.Dir = filepath.Dir(file)
	if out, err := cmd.Output(); err == nil {
		if gomod := strings.TrimSpace(string(out)); gomod != "" && gomod != os.DevNull {
			return filepath.Dir(gomod), nil
		}
	}
	root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", err
	}
	return root, nil
}

// syncBuffer collects a subprocess's output for the failure log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is a running `vanthu serve`.
type server struct {
	URL  string // http://127.0.0.1:PORT
	Data string
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan error
}

// startServer creates the admin account, starts `vanthu serve` on a free
// port and waits until it answers. The server is stopped (SIGTERM, then
// kill) when the test ends; its log is printed when the test failed.
func startServer(t *testing.T) *server {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")

	add := exec.Command(vanthuBin, "user", "add", "--data", data, "--role", "admin", "--clearance", "tuyet-mat", adminUser)
	add.Stdin = strings.NewReader(adminPass + "\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("vanthu user add: %v\n%s", err, out)
	}

	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	s := &server{URL: "http://" + addr, Data: data, out: &syncBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(vanthuBin, "serve", "--data", data, "--addr", addr, "--workers", "2")
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("vanthu serve: %v", err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		s.stop(t)
		if t.Failed() {
			t.Logf("vanthu serve output:\n%s", s.out.String())
		}
	})

	deadline := time.Now().Add(30 * time.Second)
	client := &http.Client{Timeout: 2 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for {
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("vanthu serve exited before answering: %v\n%s", err, s.out.String())
		default:
		}
		resp, err := client.Get(s.URL + "/")
		if err == nil {
			resp.Body.Close()
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("vanthu serve did not answer on %s within 30 s: %v\n%s", s.URL, err, s.out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (s *server) stop(t *testing.T) {
	if s.cmd.Process == nil {
		return
	}
	select {
	case err := <-s.done: // exited already
		s.done <- err
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
		if err != nil {
			t.Logf("vanthu serve stopped: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("vanthu serve did not stop within 10 s of SIGTERM; killing it")
		_ = s.cmd.Process.Kill()
		s.done <- <-s.done
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitCtx is a context for one step of the test.
func waitCtx(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, d)
}
