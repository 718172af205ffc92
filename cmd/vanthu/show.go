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
			done := map[int]bool{}
			for _, t := range rec.DoneTasks {
				done[t] = true
			}
			writeSummary(out, rec.Doc, done)
			return nil
		},
	}
	addDataFlag(cmd, &dataDir)
	cmd.Flags().StringVar(&format, "format", "json", "định dạng đầu ra: json hoặc text")
	rootCmd.AddCommand(cmd)
}
