package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"vanthu/internal/archive"
	"vanthu/internal/document"
	"vanthu/internal/store"
)

func init() {
	var dataDir, format string
	cmd := &cobra.Command{
		Use:   "show [--data THƯ_MỤC] [--format json|text] MÃ",
		Short: "Xem bản ghi của một văn bản trong kho theo mã (hoặc phần đầu của mã)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			a, err := archive.Open(dataDir)
			if err != nil {
				return err
			}
			defer a.Close()
			rec, err := a.Get(args[0])
			if errors.Is(err, store.ErrNotFound) {
				fmt.Fprintf(cmd.ErrOrStderr(), "Lỗi: không có văn bản mã %q trong kho.\n", args[0])
				return exitError{code: 1}
			}
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				return writeJSON(out, struct {
					ID         string `json:"id"`
					IngestedAt string `json:"ingested_at"`
					DoneTasks  []int  `json:"done_tasks"`
					*document.Document
				}{rec.ID, rec.IngestedAt, rec.DoneTasks, rec.Doc})
			}
			fmt.Fprintf(out, "Mã: %s\nĐưa vào kho: %s\nBản gốc: %s\n", rec.ID, rec.IngestedAt, a.Blobs.Path(rec.SHA256))
			d := rec.Doc
			fmt.Fprintf(out, "Tệp: %s\nLoại văn bản: %s\nSố, ký hiệu: %s\nNgày ban hành: %s\nCơ quan ban hành: %s\nTrích yếu: %s\nNgười ký: %s\n",
				rec.File, d.DocTypeLabel, derefDash(d.Number), derefDash(d.IssuedDate), derefDash(d.Issuer.Name),
				derefDash(d.Subject), derefDash(d.Signer.Name))
			if len(d.References) > 0 {
				fmt.Fprintln(out, "Văn bản dẫn chiếu:")
				for _, r := range d.References {
					fmt.Fprintf(out, "  - %s\n", r.Number)
				}
			}
			if len(d.Tasks) > 0 {
				done := map[int]bool{}
				for _, t := range rec.DoneTasks {
					done[t] = true
				}
				fmt.Fprintln(out, "Nhiệm vụ:")
				for i, t := range d.Tasks {
					mark := "[ ]"
					if done[i] {
						mark = "[x]"
					}
					fmt.Fprintf(out, "  %s %d. %s\n", mark, i+1, t.Text)
				}
			}
			return nil
		},
	}
	addDataFlag(cmd, &dataDir)
	cmd.Flags().StringVar(&format, "format", "json", "định dạng đầu ra: json hoặc text")
	rootCmd.AddCommand(cmd)
}
