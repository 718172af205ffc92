package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"vanthu/internal/backup"
)

func init() {
	var dataDir string
	cmd := &cobra.Command{
		Use:   "backup [--data THƯ_MỤC] TỆP.tar.gz",
		Short: "Sao lưu kho dữ liệu (cơ sở dữ liệu, bản gốc, tệp đang chờ xử lý) vào một tệp .tar.gz; chạy được khi máy chủ đang hoạt động",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			stderr := cmd.ErrOrStderr()
			start := time.Now()
			m, err := backup.Create(cmd.Context(), dataDir, args[0], backup.Options{
				Log: func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) },
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Đã sao lưu %d văn bản, %d bản gốc, %d mục sổ văn bản đến, %d tệp đang chờ xử lý vào %s (%.1f giây).\n",
				m.Counts.Documents, m.Counts.Originals, m.Counts.RegisterEntries, len(m.Uploads), args[0], time.Since(start).Seconds())
			return nil
		},
	}
	addDataFlag(cmd, &dataDir)
	rootCmd.AddCommand(cmd)

	var restoreDir string
	var force bool
	rcmd := &cobra.Command{
		Use:   "restore [--data THƯ_MỤC] [--force] TỆP.tar.gz",
		Short: "Khôi phục kho dữ liệu từ tệp sao lưu vào thư mục trống, kiểm tra mã băm rồi xây dựng lại chỉ mục tìm kiếm",
		Long: "Khôi phục kho dữ liệu từ tệp do \"vanthu backup\" tạo ra.\n\n" +
			"Thư mục đích phải trống hoặc chưa có; với --force, thư mục cũ được chuyển sang THƯ_MỤC.bak-<thời điểm>.\n" +
			"Hãy dừng máy chủ đang dùng thư mục đích trước khi khôi phục.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			stderr := cmd.ErrOrStderr()
			res, err := backup.Restore(cmd.Context(), args[0], restoreDir, force, backup.Options{
				Log: func(format string, a ...any) { fmt.Fprintf(stderr, format+"\n", a...) },
			})
			if err != nil {
				return err
			}
			m := res.Manifest
			fmt.Fprintf(cmd.OutOrStdout(), "Đã khôi phục bản sao lưu lúc %s vào %s: %d văn bản, %d bản gốc, %d mục sổ văn bản đến, %d tệp đang chờ xử lý; đã xây dựng lại chỉ mục: %d văn bản.\n",
				m.CreatedAt, restoreDir, m.Counts.Documents, m.Counts.Originals, m.Counts.RegisterEntries, len(m.Uploads), res.Indexed)
			if res.MovedTo != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "Dữ liệu cũ được giữ ở %s.\n", res.MovedTo)
			}
			return nil
		},
	}
	addDataFlag(rcmd, &restoreDir)
	rcmd.Flags().BoolVar(&force, "force", false, "khôi phục cả khi thư mục đích đã có dữ liệu (thư mục cũ được chuyển sang THƯ_MỤC.bak-<thời điểm>)")
	rootCmd.AddCommand(rcmd)
}
