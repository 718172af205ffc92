package checklist

import (
	"encoding/csv"
	"io"
	"strings"
)

// CSVHeader is the header row of WriteCSV.
var CSVHeader = []string{"STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn", "Định kỳ", "Trạng thái", "Ghi chú"}

// orgSep joins organisation lists in flat exports.
const orgSep = "; "

// WriteCSV writes the items as UTF-8 CSV with a byte-order mark, so that Excel
// opens Vietnamese text correctly. STT is the position path ("1.2"), the task
// is its label and text, the deadline is the printed phrase, else the date as
// dd/mm/yyyy. The document itself is not described: the file is a plain table.
func WriteCSV(w io.Writer, m Meta, items []Item) error {
	_ = m
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, it := range items {
		rec := []string{
			it.Path,
			taskText(it),
			strings.Join(it.Lead, orgSep),
			strings.Join(it.Support, orgSep),
			deadlineString(it),
			it.Recurrence,
			StatusLabel(it.Status),
			it.Note,
		}
		for i := range rec {
			rec[i] = noFormula(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// noFormula defuses cells that a spreadsheet would run as a formula
// (CSV injection) by prefixing an apostrophe.
func noFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		// "- Tổ chức ..." is ordinary prose; "-1+2" or "-A1" is not.
		if len(s) > 1 && s[1] != ' ' {
			return "'" + s
		}
	}
	return s
}

// taskText is the label followed by the task text on one line.
func taskText(it Item) string {
	if it.Label != "" {
		return it.Label + " " + oneLine(it.Text)
	}
	return oneLine(it.Text)
}
