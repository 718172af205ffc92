// Package sandboxtest builds the worker binary for tests of the sandbox
// and its users.
package sandboxtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Build compiles the vanthu command into dir and returns its path. When
// the command does not build (other packages it links are being edited),
// it falls back to a binary made of the worker alone
// (internal/sandbox/testdata/worker, the same sandbox.WorkerMain) and says
// so on standard error.
func Build(dir string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	exe := filepath.Join(dir, "vanthu")
	out, err := goBuild(root, exe, "./cmd/vanthu")
	if err == nil {
		return exe, nil
	}
	exe = filepath.Join(dir, "vanthu-worker")
	out2, err2 := goBuild(root, exe, "./internal/sandbox/testdata/worker")
	if err2 != nil {
		return "", fmt.Errorf("go build ./cmd/vanthu: %v\n%s\ngo build worker: %v\n%s", err, out, err2, out2)
	}
	fmt.Fprintf(os.Stderr, "sandboxtest: ./cmd/vanthu does not build (%v); using the stand-alone worker\n%s", err, out)
	return exe, nil
}

func goBuild(root, exe, pkg string) ([]byte, error) {
	cmd := exec.Command("go", "build", "-o", exe, pkg)
	cmd.Dir = root
	return cmd.CombinedOutput()
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", err
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not in a module")
	}
	return filepath.Dir(mod), nil
}

// Main is a TestMain body for packages that drive the worker: it builds
// the binary into a temporary folder, stores its path in *exe, runs the
// tests and removes the folder. It returns the exit code.
func Main(m *testing.M, exe *string) int {
	dir, err := os.MkdirTemp("", "vanthu-worker-test")
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		return 1
	}
	defer os.RemoveAll(dir)
	if *exe, err = Build(dir); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		return 1
	}
	return m.Run()
}
