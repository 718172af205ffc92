package checklist

import (
	"cmp"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// SheetName is the worksheet of WriteXLSX.
const SheetName = "Nhiệm vụ"

// xlsxCols are the column widths (in characters) of the CSVHeader columns.
var xlsxCols = []float64{8, 60, 30, 30, 14, 16, 16, 30}

// WriteXLSX writes the checklist as an Excel workbook: title rows describing
// the document, then a bold, frozen header row with an autofilter and one row
// per item (task text indented by depth, wrapped). The deadline is a real
// date cell (dd/mm/yyyy) when the date was resolved, else the printed phrase.
func WriteXLSX(w io.Writer, m Meta, items []Item) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), SheetName); err != nil {
		return err
	}
	sh := SheetName
	last := string(rune('A' + len(CSVHeader) - 1))

	title, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	info, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	border := []excelize.Border{
		{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1},
	}
	header, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    border,
	})
	if err != nil {
		return err
	}
	cell, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: border})
	if err != nil {
		return err
	}
	dateFmt := "dd/mm/yyyy"
	date, err := f.NewStyle(&excelize.Style{
		Alignment:    &excelize.Alignment{Horizontal: "center", Vertical: "top"},
		Border:       border,
		CustomNumFmt: &dateFmt,
	})
	if err != nil {
		return err
	}
	textStyles := map[int]int{} // task text style by depth (indent)
	textStyle := func(depth int) (int, error) {
		if id, ok := textStyles[depth]; ok {
			return id, nil
		}
		id, err := f.NewStyle(&excelize.Style{
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true, Indent: min(max(depth, 0)*2, 15)},
			Border:    border,
		})
		textStyles[depth] = id
		return id, err
	}

	// Title block.
	row := 1
	put := func(text string, style int, height float64) error {
		ref := "A" + itoa(row)
		if err := f.SetCellStr(sh, ref, text); err != nil {
			return err
		}
		if err := f.MergeCell(sh, ref, last+itoa(row)); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, ref, ref, style); err != nil {
			return err
		}
		if height > 0 {
			if err := f.SetRowHeight(sh, row, height); err != nil {
				return err
			}
		}
		row++
		return nil
	}
	if err := put("DANH MỤC NHIỆM VỤ", title, 24); err != nil {
		return err
	}
	if err := put(docLine(m), info, 0); err != nil {
		return err
	}
	if m.Subject != "" {
		if err := put("Trích yếu: "+oneLine(m.Subject), info, 32); err != nil {
			return err
		}
	}
	if m.URL != "" {
		ref := "A" + itoa(row)
		if err := put("Xem văn bản: "+m.URL, info, 0); err != nil {
			return err
		}
		if err := f.SetCellHyperLink(sh, ref, m.URL, "External"); err != nil {
			return err
		}
	}
	row++ // blank line

	// Header.
	hdr := row
	for i, h := range CSVHeader {
		if err := f.SetCellStr(sh, col(i)+itoa(hdr), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sh, "A"+itoa(hdr), last+itoa(hdr), header); err != nil {
		return err
	}
	for i, wd := range xlsxCols {
		if err := f.SetColWidth(sh, col(i), col(i), wd); err != nil {
			return err
		}
	}

	// Items.
	for _, it := range items {
		row++
		r := itoa(row)
		vals := []string{
			it.Path, taskText(it), strings.Join(it.Lead, orgSep), strings.Join(it.Support, orgSep),
			deadlineString(it), it.Recurrence, StatusLabel(it.Status), it.Note,
		}
		for i, v := range vals {
			if err := f.SetCellStr(sh, col(i)+r, v); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(sh, "A"+r, last+r, cell); err != nil {
			return err
		}
		ts, err := textStyle(it.Depth)
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, "B"+r, "B"+r, ts); err != nil {
			return err
		}
		if d, ok := parseDate(it.DeadlineDate); ok {
			if err := f.SetCellValue(sh, "E"+r, d); err != nil {
				return err
			}
			if err := f.SetCellStyle(sh, "E"+r, "E"+r, date); err != nil {
				return err
			}
		}
	}

	if err := f.SetPanes(sh, &excelize.Panes{
		Freeze:      true,
		YSplit:      hdr,
		TopLeftCell: "A" + itoa(hdr+1),
		ActivePane:  "bottomLeft",
	}); err != nil {
		return err
	}
	if err := f.AutoFilter(sh, "A"+itoa(hdr)+":"+last+itoa(max(row, hdr)), nil); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    "Danh mục nhiệm vụ " + cmp.Or(m.Number, m.Subject),
		Subject:  m.Subject,
		Creator:  "vanthu",
		Language: "vi-VN",
	}); err != nil {
		return err
	}
	return f.Write(w)
}

func col(i int) string { return string(rune('A' + i)) }

func itoa(i int) string { return strconv.Itoa(i) }
