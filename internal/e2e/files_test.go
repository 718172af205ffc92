package e2e

// Reading the exported files: XLSX with excelize, iCalendar with golang-ical.

import (
	"bytes"
	"fmt"
	"strings"

	ics "github.com/arran4/golang-ical"
	"github.com/xuri/excelize/v2"
)

// sheet is the rows of one worksheet as displayed (formatted cell values).
type sheet struct {
	Name string
	Rows [][]string
}

func readXLSX(data []byte) ([]sheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []sheet
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name)
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %w", name, err)
		}
		out = append(out, sheet{Name: name, Rows: rows})
	}
	return out, nil
}

// headerRow finds the first row holding every wanted column title and returns
// its index and the column index of each title.
func (s sheet) headerRow(want ...string) (int, map[string]int, bool) {
	for i, r := range s.Rows {
		cols := map[string]int{}
		for j, c := range r {
			cols[strings.TrimSpace(c)] = j
		}
		ok := true
		for _, w := range want {
			if _, has := cols[w]; !has {
				ok = false
				break
			}
		}
		if ok {
			return i, cols, true
		}
	}
	return 0, nil, false
}

// cell returns row[col] or "".
func cell(row []string, col int) string {
	if col < len(row) {
		return strings.TrimSpace(row[col])
	}
	return ""
}

func (s sheet) dump() string {
	var b strings.Builder
	for i, r := range s.Rows {
		fmt.Fprintf(&b, "  %d: %q\n", i+1, r)
	}
	return b.String()
}

func readICS(data []byte) (*ics.Calendar, error) {
	return ics.ParseCalendar(bytes.NewReader(data))
}

func todoProp(t *ics.VTodo, p ics.ComponentProperty) string {
	if v := t.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}
