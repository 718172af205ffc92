// Command worker is "vanthu worker" alone, for the sandbox tests when the
// vanthu command does not build (it is the same code: sandbox.WorkerMain).
package main

import (
	"os"

	"vanthu/internal/sandbox"
)

func main() { os.Exit(sandbox.WorkerMain(os.Args[2:])) }
