package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"vanthu/internal/document"
)

func init() {
	var format string
	cmd := &cobra.Command{
		Use:   "extract [--format json|text] TỆP...",
		Short: "Trích xuất thông tin từ văn bản (số, ngày, cơ quan, người ký, nhiệm vụ...)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "text" {
				return fmt.Errorf("định dạng %q không hợp lệ (chọn json hoặc text)", format)
			}
			failed := 0
			out := cmd.OutOrStdout()
			for _, path := range args {
				d, err := extractFile(path)
				if err != nil {
					failed++
					fmt.Fprintf(cmd.ErrOrStderr(), "Lỗi: %s: %v\n", path, err)
					continue
				}
				if format == "json" {
					b, err := d.MarshalLine()
					if err != nil {
						return err
					}
					fmt.Fprintln(out, string(b))
				} else {
					writeSummary(out, d, nil)
				}
			}
			if failed > 0 {
				return exitError{code: 1}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "định dạng đầu ra: json hoặc text")
	rootCmd.AddCommand(cmd)
}

// writeSummary prints a readable Vietnamese summary of a record; with done
// non-nil each task is marked [x] when done or [ ] when open.
func writeSummary(w io.Writer, d *document.Document, done map[int]bool) {
	val := func(p *string) string {
		if p == nil || *p == "" {
			return "—"
		}
		return *p
	}
	fmt.Fprintf(w, "Tệp: %s\n", d.Source.File)
	fmt.Fprintf(w, "Loại văn bản: %s\n", d.DocTypeLabel)
	fmt.Fprintf(w, "Số, ký hiệu: %s\n", val(d.Number))
	fmt.Fprintf(w, "Ngày ban hành: %s    Nơi ban hành: %s\n", val(d.IssuedDate), val(d.IssuedPlace))
	fmt.Fprintf(w, "Cơ quan ban hành: %s", val(d.Issuer.Name))
	if d.Issuer.Parent != nil {
		fmt.Fprintf(w, " (trực thuộc %s)", *d.Issuer.Parent)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Trích yếu: %s\n", val(d.Subject))
	if d.Classification != nil || d.Urgency != nil {
		fmt.Fprintf(w, "Độ mật: %s    Độ khẩn: %s\n", val(d.Classification), val(d.Urgency))
	}
	if len(d.Recipients) > 0 {
		fmt.Fprintf(w, "Kính gửi: %s\n", strings.Join(d.Recipients, "; "))
	}
	fmt.Fprintf(w, "Người ký: %s", val(d.Signer.Name))
	if d.Signer.Position != nil || d.Signer.Authority != nil {
		fmt.Fprintf(w, " — %s %s", val(d.Signer.Authority), val(d.Signer.Position))
	}
	fmt.Fprintln(w)
	if len(d.References) > 0 {
		var nums []string
		for _, r := range d.References {
			nums = append(nums, r.Number)
		}
		fmt.Fprintf(w, "Văn bản được dẫn chiếu: %s\n", strings.Join(nums, ", "))
	}
	if len(d.Tasks) > 0 {
		fmt.Fprintf(w, "Nhiệm vụ (%d):\n", len(d.Tasks))
		for i, t := range d.Tasks {
			label := fmt.Sprint(i + 1)
			if t.Label != nil {
				label = *t.Label
			}
			text := t.Text
			if r := []rune(text); len(r) > 160 {
				text = string(r[:160]) + "…"
			}
			mark := ""
			if done != nil {
				mark = "[ ] "
				if done[i] {
					mark = "[x] "
				}
			}
			sep := "."
			if label == "-" || strings.HasPrefix(label, "Điều") {
				sep = ""
			}
			fmt.Fprintf(w, "  %s%s%s %s\n", mark, label, sep, text)
			fmt.Fprintf(w, "     Chủ trì: %s", orDash(strings.Join(t.Lead, "; ")))
			if len(t.Support) > 0 {
				fmt.Fprintf(w, " | Phối hợp: %s", strings.Join(t.Support, "; "))
			}
			if t.Deadline != nil {
				fmt.Fprintf(w, " | Thời hạn: %s (%s)", val(t.Deadline.Date), t.Deadline.Text)
			}
			if t.Recurrence != nil {
				fmt.Fprintf(w, " | Định kỳ: %s", *t.Recurrence)
			}
			fmt.Fprintln(w)
		}
	}
	for _, wn := range d.Warnings {
		fmt.Fprintf(w, "Cảnh báo [%s]: %s\n", wn.Code, wn.Message)
	}
	fmt.Fprintln(w)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
