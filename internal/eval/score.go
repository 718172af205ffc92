package eval

import (
	"slices"
	"sort"
	"strings"

	"vanthu/internal/document"
)

// Scored fields, in report order.
const (
	FieldDocType         = "doc_type"
	FieldNumber          = "number"
	FieldIssuedDate      = "issued_date"
	FieldIssuedPlace     = "issued_place"
	FieldIssuer          = "issuer"
	FieldIssuerParent    = "issuer_parent"
	FieldSubject         = "subject"
	FieldRecipients      = "recipients"
	FieldDistribution    = "distribution"
	FieldSignerName      = "signer_name"
	FieldSignerPosition  = "signer_position"
	FieldSignerAuthority = "signer_authority"
	FieldReferences      = "references"
	FieldTasks           = "tasks"
	FieldTaskLead        = "task_lead"
	FieldTaskDeadline    = "task_deadline"
	FieldClassification  = "classification"
	FieldUrgency         = "urgency"
)

// Fields lists every scored field in report order.
var Fields = []string{
	FieldDocType, FieldNumber, FieldIssuedDate, FieldIssuedPlace,
	FieldIssuer, FieldIssuerParent, FieldSubject,
	FieldRecipients, FieldDistribution,
	FieldSignerName, FieldSignerPosition, FieldSignerAuthority,
	FieldReferences, FieldTasks, FieldTaskLead, FieldTaskDeadline,
	FieldClassification, FieldUrgency,
}

// Mismatch is one disagreement between gold and prediction, for debugging.
// Gold or Got is empty for an unmatched list item or task.
type Mismatch struct {
	Field string `json:"field"`
	Gold  string `json:"gold"`
	Got   string `json:"got"`
}

// Score compares a record with its gold annotation. It returns a score in
// [0, 1] for every field the gold makes scorable and the mismatches found.
//
// Exact fields compare normalised strings (null equals only null); issuer,
// issuer_parent and subject match at token F1 >= 0.8; recipients and
// distribution score the F1 of a greedy one-to-one item matching; references
// the F1 of their normalised number sets; tasks the F1 of aligning predicted
// tasks to gold ones by their first words. task_lead and task_deadline are
// accuracies over aligned pairs and are absent when no pair aligned.
// classification and urgency are scored only when the gold has the key.
func Score(g *Gold, d *document.Document) (map[string]float64, []Mismatch) {
	s := &scorer{scores: map[string]float64{}}

	s.exact(FieldDocType, document.Str(g.DocType), document.Str(d.DocType), key)
	s.exact(FieldNumber, g.Number, d.Number, numberKey)
	s.exact(FieldIssuedDate, g.IssuedDate, d.IssuedDate, key)
	s.exact(FieldIssuedPlace, g.IssuedPlace, d.IssuedPlace, key)
	s.fuzzy(FieldIssuer, g.Issuer, d.Issuer.Name, key)
	s.fuzzy(FieldIssuerParent, g.IssuerParent, d.Issuer.Parent, key)
	s.fuzzy(FieldSubject, g.Subject, d.Subject, subjectKey)
	s.list(FieldRecipients, g.Recipients, d.Recipients)
	s.list(FieldDistribution, g.Distribution, d.Distribution)
	s.exact(FieldSignerName, g.Signer.Name, d.Signer.Name, key)
	s.exact(FieldSignerPosition, g.Signer.Position, d.Signer.Position, key)
	s.exact(FieldSignerAuthority, g.Signer.Authority, d.Signer.Authority, authorityKey)
	refs := make([]string, len(d.References))
	for i, r := range d.References {
		refs[i] = r.Number
	}
	s.refs(g.References, refs)
	s.tasks(g.Tasks, d.Tasks)
	if g.HasClassification {
		s.exact(FieldClassification, g.Classification, d.Classification, key)
	}
	if g.HasUrgency {
		s.exact(FieldUrgency, g.Urgency, d.Urgency, key)
	}
	return s.scores, s.miss
}

// zeroScores is the score of a case whose extraction failed: zero for every
// field the gold makes scorable.
func zeroScores(g *Gold) map[string]float64 {
	m := map[string]float64{}
	for _, f := range Fields {
		switch f {
		case FieldTaskLead, FieldTaskDeadline:
			if len(g.Tasks) == 0 {
				continue
			}
		case FieldClassification:
			if !g.HasClassification {
				continue
			}
		case FieldUrgency:
			if !g.HasUrgency {
				continue
			}
		}
		m[f] = 0
	}
	return m
}

type scorer struct {
	scores map[string]float64
	miss   []Mismatch
}

func (s *scorer) set(field string, ok bool, gold, got string) {
	s.scores[field] = b2f(ok)
	if !ok {
		s.miss = append(s.miss, Mismatch{field, gold, got})
	}
}

// opt returns the normalised value of p, or "" for null.
func opt(p *string, norm func(string) string) string {
	if p == nil {
		return ""
	}
	return norm(*p)
}

func show(p *string) string {
	if p == nil {
		return "null"
	}
	return *p
}

func (s *scorer) exact(field string, gold, got *string, norm func(string) string) {
	s.set(field, opt(gold, norm) == opt(got, norm), show(gold), show(got))
}

func (s *scorer) fuzzy(field string, gold, got *string, norm func(string) string) {
	g, p := opt(gold, norm), opt(got, norm)
	ok := g == p || tokenF1(splitKey(g), splitKey(p)) >= fuzzyThreshold
	if (g == "") != (p == "") {
		ok = false
	}
	s.set(field, ok, show(gold), show(got))
}

func (s *scorer) list(field string, gold, got []string) {
	gt := make([][]string, len(gold))
	for i, x := range gold {
		gt[i] = tokens(x)
	}
	pt := make([][]string, len(got))
	for i, x := range got {
		pt[i] = tokens(x)
	}
	var cands []cand
	for i := range pt {
		for j := range gt {
			if f := tokenF1(pt[i], gt[j]); f >= fuzzyThreshold {
				cands = append(cands, cand{i, j, f})
			}
		}
	}
	pm, gm := align(cands, len(got), len(gold))
	s.scores[field] = f1(len(paired(pm)), len(got), len(gold))
	for j, x := range gold {
		if gm[j] < 0 {
			s.miss = append(s.miss, Mismatch{field, x, ""})
		}
	}
	for i, x := range got {
		if pm[i] < 0 {
			s.miss = append(s.miss, Mismatch{field, "", x})
		}
	}
}

func (s *scorer) refs(gold, got []string) {
	set := func(xs []string) ([]string, map[string]bool) {
		m := map[string]bool{}
		var order []string
		for _, x := range xs {
			k := numberKey(x)
			if k != "" && !m[k] {
				m[k] = true
				order = append(order, x)
			}
		}
		return order, m
	}
	gl, gs := set(gold)
	pl, ps := set(got)
	common := 0
	for _, x := range gl {
		if ps[numberKey(x)] {
			common++
		} else {
			s.miss = append(s.miss, Mismatch{FieldReferences, x, ""})
		}
	}
	for _, x := range pl {
		if !gs[numberKey(x)] {
			s.miss = append(s.miss, Mismatch{FieldReferences, "", x})
		}
	}
	s.scores[FieldReferences] = f1(common, len(pl), len(gl))
}

func (s *scorer) tasks(gold []GoldTask, got []document.Task) {
	gt := make([][]string, len(gold))
	for j, t := range gold {
		gt[j] = tokens(t.StartsWith)
	}
	var cands []cand
	for i, t := range got {
		pt := tokens(stripLabel(t.Text))
		for j := range gold {
			n := len(gt[j])
			if n == 0 {
				continue
			}
			head := pt[:min(n, len(pt))]
			if slices.Equal(head, gt[j]) {
				cands = append(cands, cand{i, j, 2}) // exact prefix beats fuzzy
			} else if f := tokenF1(head, gt[j]); f >= fuzzyThreshold {
				cands = append(cands, cand{i, j, f})
			}
		}
	}
	pm, gm := align(cands, len(got), len(gold))
	matched := paired(pm)
	s.scores[FieldTasks] = f1(len(matched), len(got), len(gold))
	for j, t := range gold {
		if gm[j] < 0 {
			s.miss = append(s.miss, Mismatch{FieldTasks, t.StartsWith, ""})
		}
	}
	for i, t := range got {
		if pm[i] < 0 {
			s.miss = append(s.miss, Mismatch{FieldTasks, "", clip(t.Text, 80)})
		}
	}
	if len(matched) == 0 {
		return
	}
	leadOK, dlOK := 0, 0
	for _, i := range matched {
		g, p := gold[pm[i]], got[i]
		tag := "[" + clip(g.StartsWith, 40) + "] "
		if leadMatch(g.Lead, p.Lead) {
			leadOK++
		} else {
			first := ""
			if len(p.Lead) > 0 {
				first = p.Lead[0]
			}
			s.miss = append(s.miss, Mismatch{FieldTaskLead, tag + strings.Join(g.Lead, "; "), first})
		}
		var pd *string
		if p.Deadline != nil {
			pd = p.Deadline.Date
		}
		if opt(g.Deadline, key) == opt(pd, key) {
			dlOK++
		} else {
			s.miss = append(s.miss, Mismatch{FieldTaskDeadline, tag + show(g.Deadline), show(pd)})
		}
	}
	s.scores[FieldTaskLead] = float64(leadOK) / float64(len(matched))
	s.scores[FieldTaskDeadline] = float64(dlOK) / float64(len(matched))
}

// leadMatch reports whether the first predicted lead matches any gold lead.
func leadMatch(gold, got []string) bool {
	if len(gold) == 0 || len(got) == 0 {
		return len(gold) == len(got)
	}
	for _, g := range gold {
		if similar(g, got[0]) {
			return true
		}
	}
	return false
}

// cand is a possible pairing of prediction p with gold g.
type cand struct {
	p, g  int
	score float64
}

// align pairs predictions with gold items greedily, best candidate first.
// It returns, for each prediction, its gold index, and for each gold item,
// its prediction index; -1 when unpaired.
func align(cands []cand, np, ng int) (pm, gm []int) {
	sort.SliceStable(cands, func(a, b int) bool {
		x, y := cands[a], cands[b]
		if x.score != y.score {
			return x.score > y.score
		}
		if dx, dy := abs(x.p-x.g), abs(y.p-y.g); dx != dy {
			return dx < dy
		}
		if x.g != y.g {
			return x.g < y.g
		}
		return x.p < y.p
	})
	pm, gm = fill(np), fill(ng)
	for _, c := range cands {
		if pm[c.p] < 0 && gm[c.g] < 0 {
			pm[c.p], gm[c.g] = c.g, c.p
		}
	}
	return pm, gm
}

// paired returns the indices of paired predictions.
func paired(pm []int) []int {
	var out []int
	for i, g := range pm {
		if g >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// f1 is the F1 of m matches among np predictions and ng gold items; 1 when
// both are empty.
func f1(m, np, ng int) float64 {
	if np == 0 && ng == 0 {
		return 1
	}
	return 2 * float64(m) / float64(np+ng)
}

func fill(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "…"
}
