package index

import (
	"errors"
	"testing"
)

// A second opener of the same index (another vanthu process, here another
// handle) fails fast with ErrBusy instead of waiting for the lock forever.
func TestOpenBusy(t *testing.T) {
	dir := t.TempDir() + "/idx"
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	y, err := Open(dir)
	if !errors.Is(err, ErrBusy) {
		if y != nil {
			y.Close()
		}
		t.Fatalf("second open: %v, want ErrBusy", err)
	}
}
