// Package eval scores extracted records against hand-made gold annotations
// (the corpus format described in shared/corpus/README.md).
package eval

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Gold is one gold annotation file (<id>.gold.json).
type Gold struct {
	ID             string     `json:"id"`
	SourceNote     string     `json:"source_note"`
	DocType        string     `json:"doc_type"`
	Number         *string    `json:"number"`
	IssuedDate     *string    `json:"issued_date"`
	IssuedPlace    *string    `json:"issued_place"`
	Issuer         *string    `json:"issuer"`
	IssuerParent   *string    `json:"issuer_parent"`
	Subject        *string    `json:"subject"`
	Recipients     []string   `json:"recipients"`
	Distribution   []string   `json:"distribution"`
	Signer         GoldSigner `json:"signer"`
	References     []string   `json:"references"`
	Tasks          []GoldTask `json:"tasks"`
	Notes          string     `json:"notes"`
	Classification *string    `json:"classification"`
	Urgency        *string    `json:"urgency"`

	// HasClassification and HasUrgency report whether the file carries the
	// key at all; the field is scored only then.
	HasClassification bool `json:"-"`
	HasUrgency        bool `json:"-"`
}

// GoldSigner is the gold signature block.
type GoldSigner struct {
	Name      *string `json:"name"`
	Position  *string `json:"position"`
	Authority *string `json:"authority"`
}

// GoldTask is one gold top-level task.
type GoldTask struct {
	Label      *string  `json:"label"`
	StartsWith string   `json:"starts_with"`
	Lead       []string `json:"lead"`
	Support    []string `json:"support"`
	Deadline   *string  `json:"deadline"`
	Recurrence *string  `json:"recurrence"`
}

// UnmarshalJSON decodes a gold file and records which optional keys it has.
func (g *Gold) UnmarshalJSON(b []byte) error {
	type plain Gold
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	*g = Gold(p)
	_, g.HasClassification = keys["classification"]
	_, g.HasUrgency = keys["urgency"]
	return nil
}

// LoadGold reads and decodes a gold file.
func LoadGold(path string) (*Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	g := new(Gold)
	if err := json.Unmarshal(b, g); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// Case is one input file paired with its gold annotation.
type Case struct {
	ID   string // file stem shared with the gold file
	Path string // input file
	Gold string // gold file
}

const (
	goldSuffix = ".gold.json"
	gtSuffix   = ".gt.txt"
)

// FindCases pairs every <id>.gold.json in dir with each other regular file
// named <id>.* in dir, except *.gold.json and *.gt.txt files. One gold file
// may thus serve several inputs (seed-000.txt, seed-000.clean.pdf, ...).
// Symbolic links to regular files count as regular files.
// Cases are sorted by input path.
func FindCases(dir string) ([]Case, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	golds := map[string]string{}
	var files []string
	for _, e := range entries {
		name := e.Name()
		if !isRegular(dir, e) {
			continue
		}
		switch {
		case strings.HasSuffix(name, goldSuffix):
			golds[strings.TrimSuffix(name, goldSuffix)] = filepath.Join(dir, name)
		case strings.HasSuffix(name, gtSuffix):
		default:
			files = append(files, name)
		}
	}
	var cases []Case
	for _, name := range files {
		// Try every dot-separated stem, longest first, so that an id may
		// itself contain dots.
		for i := len(name) - 1; i > 0; i-- {
			if name[i] != '.' {
				continue
			}
			if g, ok := golds[name[:i]]; ok {
				cases = append(cases, Case{ID: name[:i], Path: filepath.Join(dir, name), Gold: g})
				break
			}
		}
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].Path < cases[j].Path })
	return cases, nil
}

// isRegular reports whether e is a regular file or a symbolic link to one.
func isRegular(dir string, e fs.DirEntry) bool {
	if e.Type()&fs.ModeSymlink != 0 {
		fi, err := os.Stat(filepath.Join(dir, e.Name()))
		return err == nil && fi.Mode().IsRegular()
	}
	return e.Type().IsRegular()
}
