package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"vanthu/internal/eval"
)

func init() {
	var (
		format   string
		verbose  bool
		minScore float64
	)
	cmd := &cobra.Command{
		Use:   "eval [--format text|json] [--verbose] [--min ĐIỂM] THƯ_MỤC...",
		Short: "Chấm điểm trích xuất so với bản chú giải chuẩn (*.gold.json)",
		Long: `Chấm điểm trích xuất so với bản chú giải chuẩn.

Mỗi tệp <id>.gold.json trong THƯ_MỤC được ghép với mọi tệp <id>.* khác cùng
thư mục (trừ *.gold.json và *.gt.txt); mỗi tệp được trích xuất và so với bản
chuẩn theo từng trường. Điểm tổng thể là trung bình điểm các trường.

Với --min, lệnh trả mã thoát 1 khi điểm tổng thể của một thư mục thấp hơn ngưỡng.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "text" {
				return fmt.Errorf("định dạng %q không hợp lệ (chọn text hoặc json)", format)
			}
			checkMin := cmd.Flags().Changed("min")
			if checkMin && (minScore < 0 || minScore > 1) {
				return fmt.Errorf("ngưỡng %v không hợp lệ (từ 0 đến 1)", minScore)
			}
			r := eval.Run(args, extractFile)
			out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
			var err error
			if format == "json" {
				err = r.WriteJSON(out)
			} else {
				err = r.WriteText(out, verbose)
			}
			if err != nil {
				return err
			}
			bad := false
			for _, d := range r.Dirs {
				switch {
				case d.Error != "":
					fmt.Fprintf(errOut, "Lỗi: không đọc được thư mục %s: %s\n", d.Dir, d.Error)
					bad = true
				case d.Summary.Cases == 0:
					fmt.Fprintf(errOut, "Lỗi: không có mẫu nào (<id>.gold.json kèm tệp <id>.*) trong %s\n", d.Dir)
					bad = true
				case checkMin && d.Summary.Overall < minScore:
					fmt.Fprintf(errOut, "Điểm tổng thể %.3f của %s thấp hơn ngưỡng %.3f\n", d.Summary.Overall, d.Dir, minScore)
					bad = true
				}
			}
			if bad {
				return exitError{code: 1}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "text", "định dạng đầu ra: text hoặc json")
	f.BoolVar(&verbose, "verbose", false, "liệt kê các chỗ sai khác của từng tệp (định dạng text)")
	f.Float64Var(&minScore, "min", 0, "ngưỡng điểm tổng thể tối thiểu cho mỗi thư mục (0–1)")
	rootCmd.AddCommand(cmd)
}
