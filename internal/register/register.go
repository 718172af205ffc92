// Package register exports the incoming register (sổ đăng ký văn bản đến)
// in the column layout of Nghị định 30/2020/NĐ-CP, Phụ lục IV.
package register

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"vanthu/internal/store"
)

// Columns are the register's columns, in order (Phụ lục IV).
var Columns = []string{"Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng văn bản",
	"Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú"}

// SheetName is the worksheet of WriteXLSX.
const SheetName = "Sổ văn bản đến"

var widths = []float64{12, 9, 28, 18, 14, 60, 26, 12, 14, 22}

// DMY formats an ISO date as dd/mm/yyyy; other text is returned as is.
func DMY(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("02/01/2006")
}

// Row returns an entry's cells as text, in Columns order.
func Row(e store.RegisterEntry) []string {
	return []string{DMY(e.ReceivedDate), strconv.Itoa(e.Number), e.Author, e.Symbol, DMY(e.DocDate), e.TypeSubject,
		e.Recipient, DMY(e.TransferDate), e.Signed, e.Note}
}

// Period describes the exported range in Vietnamese ("từ ngày … đến ngày …").
func Period(from, to string) string {
	switch {
	case from != "" && to != "":
		return fmt.Sprintf("Từ ngày %s đến ngày %s", DMY(from), DMY(to))
	case from != "":
		return "Từ ngày " + DMY(from)
	case to != "":
		return "Đến ngày " + DMY(to)
	}
	return "Tất cả"
}

// WriteXLSX writes entries as an Excel workbook: a title, the period, then
// the register's columns with one row per entry; dates are real date cells.
func WriteXLSX(w io.Writer, entries []store.RegisterEntry, from, to string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), SheetName); err != nil {
		return err
	}
	sh := SheetName
	last, _ := excelize.ColumnNumberToName(len(Columns))
	border := []excelize.Border{{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1}}
	title, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	cell, err := f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	dmy := "dd/mm/yyyy"
	date, err := f.NewStyle(&excelize.Style{Border: border, CustomNumFmt: &dmy,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	if err != nil {
		return err
	}
	f.MergeCell(sh, "A1", last+"1")
	f.SetCellValue(sh, "A1", "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN")
	f.SetCellStyle(sh, "A1", "A1", title)
	f.MergeCell(sh, "A2", last+"2")
	f.SetCellValue(sh, "A2", Period(from, to))
	for i, c := range Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetCellValue(sh, col+"4", c)
		f.SetColWidth(sh, col, col, widths[i])
	}
	f.SetCellStyle(sh, "A4", last+"4", header)
	for r, e := range entries {
		row := r + 5
		cells := Row(e)
		for i, v := range cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			var val any = v
			style := cell
			switch i {
			case 0, 4, 7:
				if t, err := time.Parse("2006-01-02", []string{e.ReceivedDate, "", "", "", e.DocDate, "", "", e.TransferDate}[i]); err == nil {
					val, style = t, date
				}
			case 1:
				val = e.Number
			}
			if err := f.SetCellValue(sh, ref, val); err != nil {
				return err
			}
			f.SetCellStyle(sh, ref, ref, style)
		}
	}
	f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"})
	lastRow := max(len(entries)+4, 5)
	f.AutoFilter(sh, "A4:"+last+strconv.Itoa(lastRow), nil)
	landscape := "landscape"
	f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: &landscape})
	_, err = f.WriteTo(w)
	return err
}
