// Command vanthu reads Vietnamese official documents and turns them into
// structured records, a searchable archive and task checklists.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// rootCmd is the vanthu command; subcommands register themselves in init
// functions of their own files.
var rootCmd = &cobra.Command{
	Use:           "vanthu",
	Short:         "Đọc, trích xuất và tra cứu văn bản hành chính tiếng Việt",
	SilenceUsage:  true,
	SilenceErrors: true,
}

// exitError carries a process exit code through cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func main() {
	if err := rootCmd.Execute(); err != nil {
		if e, ok := err.(exitError); ok {
			os.Exit(e.code)
		}
		fmt.Fprintln(os.Stderr, "Lỗi:", err)
		os.Exit(2)
	}
}
