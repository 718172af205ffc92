package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"vanthu/internal/archive"
	"vanthu/internal/document"
)

func init() {
	var (
		dataDir, format, citing, issuer, from, to, sortBy, like, open string
		limit, offset, year                                           int
		types                                                         []string
	)
	cmd := &cobra.Command{
		Use:   "search [--data THƯ_MỤC] [--format json|text] [--limit N] [--type LOẠI] [--year NĂM] [--citing SỐ] [TỪ_KHÓA...]",
		Short: "Tìm văn bản trong kho (có dấu hoặc không dấu, theo số ký hiệu, chữ viết tắt, loại, năm...)",
		Long: `Tìm văn bản trong kho lưu trữ.

Ví dụ:
  vanthu search "dang vien"                 tìm không dấu
  vanthu search "28-CT/TW"                  tìm theo số, ký hiệu
  vanthu search "chỉ thị 28"                loại văn bản + số
  vanthu search "UBND huyện"                chữ viết tắt
  vanthu search --citing 28-CT/TW           các văn bản dẫn chiếu (thực hiện) Chỉ thị 28-CT/TW
  vanthu search --like MÃ                   văn bản tương tự văn bản MÃ`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			q, err := archive.SearchParams{Q: strings.Join(args, " "), Types: types, Issuer: issuer, Year: yearStr(year),
				From: from, To: to, OpenTasks: open, Citing: citing, Sort: sortBy, Limit: limit, Offset: offset}.Query()
			if err != nil {
				return err
			}
			if archive.Empty(q) && like == "" {
				return fmt.Errorf("hãy nhập từ khóa tìm kiếm hoặc ít nhất một bộ lọc (--type, --year, --citing...)")
			}
			a, err := archive.Open(dataDir)
			if err != nil {
				return err
			}
			defer a.Close()
			var res *archive.Result
			if like != "" {
				res, err = a.Similar(like, q)
			} else {
				res, err = a.Search(q)
			}
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				return writeJSON(out, res)
			}
			writeSearchText(out, res)
			return nil
		},
	}
	addDataFlag(cmd, &dataDir)
	f := cmd.Flags()
	f.StringVar(&format, "format", "json", "định dạng đầu ra: json hoặc text")
	f.IntVar(&limit, "limit", 10, "số kết quả tối đa")
	f.IntVar(&offset, "offset", 0, "bỏ qua N kết quả đầu (phân trang)")
	f.StringSliceVar(&types, "type", nil, "loại văn bản, ví dụ chi_thi, \"Công văn\", CV (lặp lại được)")
	f.IntVar(&year, "year", 0, "năm ban hành")
	f.StringVar(&issuer, "issuer", "", "cơ quan ban hành, ví dụ \"Huyện ủy Lạc Dương\" hoặc \"UBND tỉnh\"")
	f.StringVar(&from, "from", "", "ban hành từ ngày (YYYY-MM-DD)")
	f.StringVar(&to, "to", "", "ban hành đến ngày (YYYY-MM-DD)")
	f.StringVar(&citing, "citing", "", "chỉ các văn bản dẫn chiếu văn bản số này, ví dụ 28-CT/TW")
	f.StringVar(&open, "open-tasks", "", "yes: chỉ văn bản còn nhiệm vụ chưa xong; no: ngược lại")
	f.StringVar(&sortBy, "sort", "relevance", "sắp xếp: relevance (mức liên quan) hoặc date (mới nhất trước)")
	f.StringVar(&like, "like", "", "tìm văn bản tương tự văn bản có mã này")
	rootCmd.AddCommand(cmd)
}

func yearStr(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprint(y)
}

func writeSearchText(w io.Writer, res *archive.Result) {
	fmt.Fprintf(w, "Tìm thấy %d văn bản.\n", res.Total)
	for i, h := range res.Hits {
		fmt.Fprintf(w, "\n%d. [%s] %s  %s  %s\n", i+1, h.ID, document.DocTypeLabels[h.DocType], derefDash(h.Number), derefDash(h.IssuedDate))
		fmt.Fprintf(w, "   Cơ quan: %s\n   Trích yếu: %s\n   Tệp: %s   Điểm: %.3f\n", derefDash(h.Issuer), derefDash(h.Subject), h.File, h.Score)
		for _, field := range []string{"subject", "issuer", "text"} {
			for _, frag := range h.Highlights[field] {
				frag = strings.NewReplacer("<mark>", "[", "</mark>", "]", "\n", " ").Replace(frag)
				fmt.Fprintf(w, "   … %s\n", frag)
			}
		}
	}
	names := map[string]string{"doc_type": "Loại văn bản", "year": "Năm", "issuer": "Cơ quan ban hành",
		"has_open_tasks": "Còn nhiệm vụ chưa xong"}
	for _, k := range []string{"doc_type", "year", "issuer", "has_open_tasks"} {
		if len(res.Facets[k]) == 0 {
			continue
		}
		var parts []string
		for _, f := range res.Facets[k] {
			t := f.Term
			switch {
			case k == "doc_type":
				t = document.DocTypeLabels[t]
			case k == "has_open_tasks" && t == "yes":
				t = "có"
			case k == "has_open_tasks":
				t = "không"
			}
			parts = append(parts, fmt.Sprintf("%s (%d)", t, f.Count))
		}
		fmt.Fprintf(w, "\n%s: %s", names[k], strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
}
