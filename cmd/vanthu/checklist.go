package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"vanthu/internal/archive"
	"vanthu/internal/checklist"
	"vanthu/internal/store"
)

func init() {
	var dataDir, format, org, out string
	cmd := &cobra.Command{
		Use:   "checklist [--data THƯ_MỤC] [--format md|csv|xlsx|ics|json] [--org ĐƠN_VỊ] TỆP|MÃ",
		Short: "Lập danh sách nhiệm vụ (chủ trì, phối hợp, thời hạn, định kỳ) từ một tệp hoặc một văn bản trong kho",
		Long: `Lập danh sách nhiệm vụ của một văn bản.

TỆP là một tệp văn bản (PDF, ảnh quét, DOCX, HTML, TXT): được đọc và trích xuất ngay, không lưu vào kho.
MÃ là mã văn bản trong kho: danh sách mang theo trạng thái đã đánh dấu (đang thực hiện, hoàn thành).
Định dạng xlsx ghi ra tệp (--output), các định dạng khác ghi ra màn hình nếu không có --output.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := checklist.LookupFormat(format)
			if err != nil {
				return err
			}
			var items []checklist.Item
			var meta checklist.Meta
			if st, statErr := os.Stat(args[0]); statErr == nil && !st.IsDir() {
				d, err := extractFile(args[0])
				if err != nil {
					return err
				}
				items, meta = checklist.Build(d, nil), checklist.NewMeta(d, "", "")
			} else {
				a, err := archive.Open(dataDir)
				if err != nil {
					return err
				}
				defer a.Close()
				rec, err := a.Get(args[0])
				if errors.Is(err, store.ErrNotFound) {
					return fmt.Errorf("không có tệp %q, cũng không có văn bản mã %q trong kho", args[0], args[0])
				}
				if err != nil {
					return err
				}
				states, err := a.Store.TaskStates(rec.ID)
				if err != nil {
					return err
				}
				items, meta = checklist.Build(rec.Doc, checklist.StatesFrom(states)), checklist.NewMeta(rec.Doc, rec.ID, "")
			}
			items = checklist.Filter(items, org)
			w := cmd.OutOrStdout()
			if out == "" && f.Name == "xlsx" && isTerminal(w) {
				return fmt.Errorf("định dạng xlsx là tệp nhị phân; hãy chỉ định --output TỆP.xlsx")
			}
			if out != "" {
				file, err := os.Create(out)
				if err != nil {
					return fmt.Errorf("không tạo được tệp %s: %w", out, err)
				}
				defer file.Close()
				w = file
			}
			return checklist.Write(w, f, meta, items, time.Now(), writeJSON)
		},
	}
	addDataFlag(cmd, &dataDir)
	fl := cmd.Flags()
	fl.StringVar(&format, "format", "md", "định dạng: md, csv, xlsx, ics hoặc json")
	fl.StringVar(&org, "org", "", "chỉ nhiệm vụ của đơn vị này (chủ trì hoặc phối hợp; không phân biệt dấu)")
	fl.StringVarP(&out, "output", "o", "", "ghi ra tệp thay vì màn hình")
	rootCmd.AddCommand(cmd)
}
