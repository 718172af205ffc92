package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"vanthu/internal/archive"
)

func init() {
	var dataDir string
	cmd := &cobra.Command{
		Use:   "reindex [--data THƯ_MỤC]",
		Short: "Xây dựng lại chỉ mục tìm kiếm từ cơ sở dữ liệu",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := archive.Open(dataDir)
			if err != nil {
				return err
			}
			defer a.Close()
			stderr := cmd.ErrOrStderr()
			var progress func(int)
			tty := isTerminal(stderr)
			if tty {
				progress = func(n int) { fmt.Fprintf(stderr, "\rĐã lập chỉ mục %d văn bản...", n) }
			}
			n, err := a.Reindex(cmd.Context(), progress)
			if tty {
				fmt.Fprint(stderr, "\r\033[K")
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Đã xây dựng lại chỉ mục: %d văn bản.\n", n)
			return nil
		},
	}
	addDataFlag(cmd, &dataDir)
	rootCmd.AddCommand(cmd)
}
