// Package extract turns the text of an official document into a
// vanthu.document/v1 record: header fields, signer, references and tasks.
package extract

import (
	"vanthu/ingest"
	"vanthu/internal/document"
)

// Extract builds the record for one ingested document.
func Extract(in *ingest.Document) *document.Document {
	d := document.New()
	d.Source = document.Source{
		File:          in.File,
		SHA256:        in.SHA256,
		MediaType:     in.MediaType,
		Pages:         in.Pages,
		OCR:           in.OCR,
		OCRConfidence: in.OCRConfidence,
		Encoding:      document.Str(in.Encoding),
	}
	d.Text = in.Text
	return d
}
