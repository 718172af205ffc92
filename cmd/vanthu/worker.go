package main

import (
	"github.com/spf13/cobra"

	"vanthu/internal/sandbox"
)

// "vanthu worker" reads one untrusted file in a process of its own, started
// by package sandbox (the server's reader): it limits itself first
// (RLIMIT_AS, RLIMIT_CPU), then reads the file from standard input and
// answers with JSON lines on standard output (sandbox.Message). Nothing else
// is ever written to standard output. Flags: --name, --memory (bytes),
// --cpu (duration), --max-pages; see sandbox.WorkerMain.
func init() {
	rootCmd.AddCommand(&cobra.Command{
		Use:                "worker --name TỆP [--memory BYTE] [--cpu THỜI_GIAN] [--max-pages N]",
		Short:              "Đọc một tệp từ đầu vào chuẩn trong tiến trình riêng có giới hạn tài nguyên (dùng nội bộ)",
		Hidden:             true,
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code := sandbox.WorkerMain(args); code != 0 {
				return exitError{code: code}
			}
			return nil
		},
	})
}
