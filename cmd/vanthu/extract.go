package main

import (
	"vanthu/ingest"
	"vanthu/internal/document"
	"vanthu/internal/extract"
)

// extractFile reads and extracts one file.
func extractFile(path string) (*document.Document, error) {
	in, err := ingest.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return extract.Extract(in), nil
}
