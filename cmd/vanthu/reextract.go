package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"vanthu/ingest"
	"vanthu/internal/archive"
	"vanthu/internal/extract"
	"vanthu/internal/store"
)

func init() {
	var dataDir string
	cmd := &cobra.Command{
		Use:   "reextract [--data THƯ_MỤC] [MÃ...]",
		Short: "Trích xuất lại văn bản trong kho từ bản gốc (sau khi nâng cấp); các chỉnh sửa của người dùng được giữ nguyên",
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := archive.Open(dataDir)
			if err != nil {
				return err
			}
			defer a.Close()
			ids := args
			if len(ids) == 0 {
				err := a.Store.Each(cmd.Context(), func(r *store.Record) error {
					ids = append(ids, r.ID)
					return nil
				})
				if err != nil {
					return err
				}
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			done, failed := 0, 0
			for _, id := range ids {
				data, _, name, err := a.Original(id)
				if err == nil {
					var in *ingest.Document
					if in, err = ingest.ReadContext(ctx, name, data); err == nil {
						_, err = a.Reextract(id, extract.Extract(in))
					}
				}
				if err != nil {
					failed++
					fmt.Fprintf(cmd.ErrOrStderr(), "Lỗi: văn bản %s: %v\n", id, err)
					continue
				}
				done++
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Đã trích xuất lại %d văn bản; %d lỗi.\n", done, failed)
			if failed > 0 {
				return exitError{code: 1}
			}
			return nil
		},
	}
	addDataFlag(cmd, &dataDir)
	rootCmd.AddCommand(cmd)
}
