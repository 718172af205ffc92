package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"vanthu/internal/archive"
)

// addDataFlag registers --data on cmd; the default comes from VANTHU_DATA,
// else ./vanthu-data.
func addDataFlag(cmd *cobra.Command, dir *string) {
	def := os.Getenv("VANTHU_DATA")
	if def == "" {
		def = archive.DefaultDir
	}
	cmd.Flags().StringVar(dir, "data", def, "thư mục dữ liệu (mặc định lấy từ biến môi trường VANTHU_DATA, nếu không có thì ./vanthu-data)")
}

func checkFormat(format string) error {
	if format != "json" && format != "text" {
		return fmt.Errorf("định dạng %q không hợp lệ (chọn json hoặc text)", format)
	}
	return nil
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func init() {
	var dataDir, format string
	var workers int
	cmd := &cobra.Command{
		Use:   "ingest [--data THƯ_MỤC] [--format text|json] [--workers N] ĐƯỜNG_DẪN...",
		Short: "Đưa tệp hoặc thư mục văn bản vào kho lưu trữ (lưu bản gốc, trích xuất, lập chỉ mục)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			a, err := archive.Open(dataDir)
			if err != nil {
				return err
			}
			defer a.Close()
			stderr := cmd.ErrOrStderr()
			opt := archive.IngestOptions{Workers: workers}
			tty := isTerminal(stderr)
			if tty {
				opt.Progress = func(done, total int) {
					fmt.Fprintf(stderr, "\rĐang xử lý %d/%d tệp...", done, total)
				}
			}
			sum, err := a.Ingest(cmd.Context(), args, opt)
			if tty {
				fmt.Fprint(stderr, "\r\033[K")
			}
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				if err := writeJSON(out, sum); err != nil {
					return err
				}
			} else {
				writeIngestSummary(out, sum)
			}
			if sum.IndexError != "" {
				fmt.Fprintln(stderr, "Cảnh báo:", sum.IndexError)
			}
			if sum.Failed > 0 {
				return exitError{code: 1}
			}
			return nil
		},
	}
	addDataFlag(cmd, &dataDir)
	cmd.Flags().StringVar(&format, "format", "text", "định dạng đầu ra: text hoặc json")
	cmd.Flags().IntVar(&workers, "workers", 0, "số tệp xử lý song song (mặc định bằng số nhân CPU)")
	rootCmd.AddCommand(cmd)
}

func writeIngestSummary(w io.Writer, sum *archive.Summary) {
	for _, it := range sum.Items {
		switch it.Status {
		case archive.StatusAdded:
			fmt.Fprintf(w, "Đã thêm     %s  %s  %s\n", it.ID, it.Path, derefDash(it.Number))
		case archive.StatusDuplicate:
			fmt.Fprintf(w, "Trùng lặp   %s  %s  %s\n", it.ID, it.Path, it.Reason)
		default:
			fmt.Fprintf(w, "Lỗi         %s: %s\n", it.Path, it.Reason)
		}
	}
	fmt.Fprintf(w, "Tổng kết: %d tệp mới, %d tệp trùng lặp (bỏ qua), %d tệp lỗi.\n", sum.Added, sum.Duplicates, sum.Failed)
}

// derefDash returns *p, or "—" when p is nil or empty.
func derefDash(p *string) string {
	if p == nil || *p == "" {
		return "—"
	}
	return *p
}
