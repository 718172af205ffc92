package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"vanthu/internal/document"
)

// Extractor turns one input file into a record.
type Extractor func(path string) (*document.Document, error)

// Report is the result of evaluating one or more corpus directories.
type Report struct {
	Dirs    []*DirReport `json:"dirs"`
	Overall Summary      `json:"overall"` // all cases of all directories pooled
}

// DirReport is the evaluation of one directory.
type DirReport struct {
	Dir     string       `json:"dir"`
	Error   string       `json:"error,omitempty"` // the directory could not be read
	Summary Summary      `json:"summary"`
	Cases   []CaseResult `json:"cases"`
}

// Summary aggregates case scores.
type Summary struct {
	Cases   int          `json:"cases"`
	Errors  int          `json:"errors"` // cases whose extraction or gold failed
	Fields  []FieldScore `json:"fields"` // in the order of Fields; unscored fields left out
	Overall float64      `json:"overall"`
}

// FieldScore is the mean score of one field over the cases that score it.
type FieldScore struct {
	Field string  `json:"field"`
	Mean  float64 `json:"mean"`
	N     int     `json:"n"`
}

// CaseResult is the evaluation of one input file.
type CaseResult struct {
	ID         string             `json:"id"`
	Path       string             `json:"path"`
	Gold       string             `json:"gold"`
	Error      string             `json:"error,omitempty"`
	Scores     map[string]float64 `json:"scores"`
	Mismatches []Mismatch         `json:"mismatches,omitempty"`
}

// Run evaluates ex on every case of every directory. A failed extraction
// scores zero on every field; a gold file that cannot be read leaves its
// case unscored. Both are listed in the case's Error and counted in Errors.
func Run(dirs []string, ex Extractor) *Report {
	r := &Report{}
	var all []CaseResult
	for _, dir := range dirs {
		dr := &DirReport{Dir: dir, Cases: []CaseResult{}}
		cases, err := FindCases(dir)
		if err != nil {
			dr.Error = err.Error()
		}
		golds := map[string]*Gold{}
		goldErr := map[string]error{}
		for _, c := range cases {
			cr := CaseResult{ID: c.ID, Path: c.Path, Gold: c.Gold, Scores: map[string]float64{}}
			g, ok := golds[c.Gold]
			if !ok && goldErr[c.Gold] == nil {
				g, err = LoadGold(c.Gold)
				golds[c.Gold], goldErr[c.Gold] = g, err
			}
			if g == nil {
				cr.Error = "gold: " + goldErr[c.Gold].Error()
				dr.Cases = append(dr.Cases, cr)
				continue
			}
			d, err := ex(c.Path)
			if err == nil && d == nil {
				err = fmt.Errorf("no record")
			}
			if err != nil {
				cr.Error = err.Error()
				cr.Scores = zeroScores(g)
			} else {
				cr.Scores, cr.Mismatches = Score(g, d)
			}
			dr.Cases = append(dr.Cases, cr)
		}
		dr.Summary = summarize(dr.Cases)
		r.Dirs = append(r.Dirs, dr)
		all = append(all, dr.Cases...)
	}
	r.Overall = summarize(all)
	return r
}

func summarize(cases []CaseResult) Summary {
	s := Summary{Cases: len(cases), Fields: []FieldScore{}}
	sum := map[string]float64{}
	n := map[string]int{}
	for _, c := range cases {
		if c.Error != "" {
			s.Errors++
		}
		for f, v := range c.Scores {
			sum[f] += v
			n[f]++
		}
	}
	for _, f := range Fields {
		if n[f] == 0 {
			continue
		}
		m := sum[f] / float64(n[f])
		s.Fields = append(s.Fields, FieldScore{Field: f, Mean: m, N: n[f]})
		s.Overall += m
	}
	if len(s.Fields) > 0 {
		s.Overall /= float64(len(s.Fields))
	}
	return s
}

// Field returns the summary's score for field and whether it was scored.
func (s Summary) Field(field string) (FieldScore, bool) {
	for _, f := range s.Fields {
		if f.Field == field {
			return f, true
		}
	}
	return FieldScore{}, false
}

// WriteText writes a table of field scores for each directory and for all
// of them; verbose adds each case's mismatches. Errors are always listed.
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	ew := &errWriter{w: w}
	for _, d := range r.Dirs {
		fmt.Fprintf(ew, "== %s\n", d.Dir)
		if d.Error != "" {
			fmt.Fprintf(ew, "lỗi: %s\n\n", d.Error)
			continue
		}
		writeSummary(ew, d.Summary)
		for _, c := range d.Cases {
			if c.Error != "" {
				fmt.Fprintf(ew, "lỗi %s: %s\n", c.Path, c.Error)
			}
		}
		if verbose {
			for _, c := range d.Cases {
				if c.Error != "" || len(c.Mismatches) == 0 {
					continue
				}
				fmt.Fprintf(ew, "-- %s (%s)\n", c.Path, fmtScore(mean(c.Scores)))
				for _, m := range c.Mismatches {
					fmt.Fprintf(ew, "  %-17s chuẩn: %s\n  %-17s trích: %s\n", m.Field, orDash(m.Gold), "", orDash(m.Got))
				}
			}
		}
		fmt.Fprintln(ew)
	}
	if len(r.Dirs) > 1 {
		fmt.Fprintln(ew, "== tổng hợp")
		writeSummary(ew, r.Overall)
	}
	return ew.err
}

func writeSummary(w io.Writer, s Summary) {
	const row = "%-18s %6s %7s\n"
	fmt.Fprintf(w, row, "trường", "điểm", "số mẫu")
	for _, f := range s.Fields {
		fmt.Fprintf(w, row, f.Field, fmtScore(f.Mean), strconv.Itoa(f.N))
	}
	fmt.Fprintf(w, row, "tổng thể", fmtScore(s.Overall), strconv.Itoa(s.Cases))
	if s.Errors > 0 {
		fmt.Fprintf(w, "%d/%d mẫu lỗi\n", s.Errors, s.Cases)
	}
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

func mean(m map[string]float64) float64 {
	if len(m) == 0 {
		return 0
	}
	var s float64
	for _, v := range m {
		s += v
	}
	return s / float64(len(m))
}

func fmtScore(x float64) string { return fmt.Sprintf("%.3f", x) }

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// errWriter remembers the first write error.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
