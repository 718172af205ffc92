package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"

	"vanthu/internal/document"
)

// item kinds, outermost first.
const (
	kindNone    = iota
	kindArticle // "Điều 3."
	kindRoman   // "II."
	kindNumber  // "2."
	kindLetter  // "b)"
	kindBullet  // "-"
	kindPlus    // "+"
)

var (
	articleRe = regexp.MustCompile(`^(Điều\s+\d+)\s*[.:]\s*`)
	romanRe   = regexp.MustCompile(`^([IVX]{1,5})\s*[.)/-]\s+`)
	numberRe2 = regexp.MustCompile(`^(\d{1,2})\s*[.)]\s+`)
	subNumRe  = regexp.MustCompile(`^(\d{1,2}\.\d{1,2})\.?\s+`)
	letterRe  = regexp.MustCompile(`^([a-zđ])\s*[).]\s+`)
	dashRe    = regexp.MustCompile(`^[-–•]\s*`)
	plusRe    = regexp.MustCompile(`^\+\s*`)
)

// para is a paragraph of the body with its list label, if any.
type para struct {
	kind  int
	label string
	text  string // without the label
}

// labelOf recognises a paragraph's list label.
func labelOf(s string) (kind int, label, rest string) {
	if m := articleRe.FindStringSubmatch(s); m != nil {
		return kindArticle, strings.Join(strings.Fields(m[1]), " "), s[len(m[0]):]
	}
	if m := subNumRe.FindStringSubmatch(s); m != nil {
		return kindLetter, m[1], s[len(m[0]):]
	}
	if m := romanRe.FindStringSubmatch(s); m != nil {
		return kindRoman, m[1], s[len(m[0]):]
	}
	if m := numberRe2.FindStringSubmatch(s); m != nil {
		return kindNumber, m[1], s[len(m[0]):]
	}
	if m := letterRe.FindStringSubmatch(s); m != nil {
		return kindLetter, m[1], s[len(m[0]):]
	}
	if m := dashRe.FindStringSubmatch(s); m != nil && len(s) > len(m[0]) {
		return kindBullet, "-", s[len(m[0]):]
	}
	if m := plusRe.FindStringSubmatch(s); m != nil && len(s) > len(m[0]) {
		return kindPlus, "+", s[len(m[0]):]
	}
	return kindNone, "", s
}

// buildParas joins body lines into paragraphs. A paragraph ends at an empty
// line, before a labelled line, or after a line ending a sentence.
func buildParas(ls []line) []para {
	var out []para
	var cur *para
	for _, l := range ls {
		t := l.text
		if t == "" {
			cur = nil
			continue
		}
		k, lab, rest := labelOf(t)
		if k != kindNone || cur == nil {
			out = append(out, para{kind: k, label: lab, text: rest})
			cur = &out[len(out)-1]
		} else {
			cur.text += " " + t
		}
		if endsSentence(t) || k != kindNone && isHeading(rest) {
			cur = nil
		}
	}
	return out
}

func endsSentence(t string) bool {
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, ":") || strings.HasSuffix(t, ";") || strings.HasSuffix(t, "./.")
}

// taskContext carries what task extraction needs from the rest of the record.
type taskContext struct {
	official   bool // an official document (has a header, title or number)
	issued     string
	recipients []string
	news       bool
	issuer     string
}

// demandWords introduce an addressee: "<who> yêu cầu|đề nghị|giao <addressee> ...".
var demandWords = []string{"yêu cầu", "đề nghị", "chỉ đạo", "giao cho", "giao", "hướng dẫn"}

// demandMatches returns the [start, end) byte spans of demand words followed
// by a space, in text order (a plain-string search: this runs for every
// paragraph and task).
func demandMatches(s string) [][2]int {
	var out [][2]int
	for _, w := range demandWords {
		from := 0
		for {
			i := strings.Index(s[from:], w)
			if i < 0 {
				break
			}
			a := from + i
			b := a + len(w)
			from = b
			if b >= len(s) || s[b] != ' ' {
				continue
			}
			if a > 0 && s[a-1] != ' ' && s[a-1] != ',' && s[a-1] != ';' && s[a-1] != '(' {
				continue // inside another word
			}
			if w == "giao" && strings.HasPrefix(s[b:], " cho ") {
				continue // matched as "giao cho"
			}
			out = append(out, [2]int{a, b + 1})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func hasDemand(s string) bool { return len(demandMatches(s)) > 0 }

func demandAtStart(s string) bool {
	m := demandMatches(prefix(s, 40))
	return len(m) > 0 && m[0][0] == 0
}

// addresseeOf returns the addressee of a demand sentence: "Ban Thường vụ
// Huyện ủy yêu cầu các cấp ủy, tổ chức cơ sở đảng tập trung ..." -> "các
// cấp ủy, tổ chức cơ sở đảng".
func addresseeOf(s string) string {
	for _, m := range demandMatches(s) {
		if nominalDemand(s, m[0]) {
			continue
		}
		rest := s[m[1]:]
		if !startsWithOrg(rest) {
			continue
		}
		a := orgPhrase(rest)
		f := foldLower(a)
		if f == "cac dong chi" || f == "dong chi" || f == "cac dong chi lanh dao" {
			return "" // addressed to the recipients themselves
		}
		if a == "" {
			continue
		}
		return a
	}
	return ""
}

// closerRe recognises generic closing sentences that restate the request.
var closerRe = regexp.MustCompile(`(?i)^(trân trọng|nhận được|đề nghị các|yêu cầu các|.{0,80}(xin )?thông báo để|.{0,120}(khẩn trương|nghiêm túc)?\s*(tổ chức|triển khai)? thực hiện\s*(nghiêm túc|tốt|có hiệu quả)?\s*(nội dung|công văn|chỉ thị|văn bản|quyết định|kế hoạch)?\s*(này|trên)?\s*\.?(/\.)?$)`)

// isCloser reports a closing paragraph that is not a task.
func isCloser(p string) bool {
	f := strings.ToLower(p)
	if strings.HasPrefix(f, "trân trọng") || strings.HasPrefix(f, "nhận được") || strings.Contains(f, "thông báo để") ||
		strings.HasPrefix(f, "kính báo") || strings.HasPrefix(f, "kính đề nghị") || strings.HasPrefix(f, "đây là nhiệm vụ") ||
		strings.HasPrefix(f, "đây là nội dung") || strings.HasPrefix(f, "đây là việc") {
		return true
	}
	if len(p) < 180 && closerRe.MatchString(p) {
		return true
	}
	return strings.HasPrefix(f, "chỉ thị này") || strings.HasPrefix(f, "quyết định này") || strings.HasPrefix(f, "công văn này") ||
		strings.HasPrefix(f, "kế hoạch này") || strings.HasPrefix(f, "nghị quyết này") || strings.HasPrefix(f, "trong quá trình thực hiện")
}

// isAssignment reports an unnumbered paragraph that assigns work.
func isAssignment(p string) bool {
	f := strings.ToLower(prefix(p, 20))
	if strings.HasPrefix(f, "giao cho ") {
		return true
	}
	if strings.HasPrefix(f, "giao ") {
		return startsWithOrg(p[len("giao "):]) // not "Giao thông ..."
	}
	if startsWithOrg(p) {
		org := orgPhrase(p)
		rest := strings.ToLower(strings.TrimSpace(p[len(org):]))
		responsible := strings.HasPrefix(rest, "có trách nhiệm") || strings.HasPrefix(rest, "chịu trách nhiệm") &&
			!strings.HasPrefix(rest, "chịu trách nhiệm trước")
		if strings.HasPrefix(rest, "chủ trì") || strings.HasPrefix(rest, "phối hợp") || responsible {
			return true
		}
	}
	return false
}

// demandPara reports a paragraph whose main clause demands action from an
// addressee ("Ban Thường vụ Đảng ủy Khối yêu cầu cấp ủy cơ sở tăng cường ...").
func demandPara(p string) bool {
	if isCloser(p) {
		return false
	}
	p = firstSentence(p)
	for _, loc := range demandMatches(prefix(p, 1000)) {
		if loc[0] > 700 {
			break
		}
		if nominalDemand(p, loc[0]) {
			continue
		}
		rest := p[loc[1]:]
		if !startsWithOrg(rest) && !strings.HasPrefix(rest, "cấp ủy") && !strings.HasPrefix(rest, "sau khi") {
			continue
		}
		a := orgPhrase(rest)
		tail := strings.TrimSpace(rest[min(len(rest), len(a)):])
		if len(strings.Fields(tail)) >= 6 {
			return true
		}
	}
	return false
}

// nominalDemand reports a demand verb used as a noun ("về việc giao ...",
// "ý kiến chỉ đạo của ...").
func nominalDemand(s string, at int) bool {
	before := strings.ToLower(s[max(0, at-12):at])
	for _, w := range []string{"việc ", "sự ", "kiến ", "đã ", "được ", "đang ", "từng ", "theo "} {
		if strings.HasSuffix(before, w) {
			return true // a noun, or a past/passive report rather than a demand
		}
	}
	return false
}

// leadInDemand reports a lead-in sentence that introduces demands
// ("Ủy ban nhân dân tỉnh yêu cầu:", "... có ý kiến như sau:").
func leadInDemand(s string) bool {
	f := strings.ToLower(s)
	for _, w := range []string{"yêu cầu", "đề nghị", "chỉ đạo", "như sau", "giao", "sau:"} {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// extractTasks finds the tasks of the directive part in body paragraphs.
func extractTasks(ps []para, ctx taskContext) []document.Task {
	var tasks []document.Task
	// Quyết định: the articles that assign execution are the tasks.
	hasArticles := false
	for _, p := range ps {
		if p.kind == kindArticle {
			hasArticles = true
		}
	}
	defaultLead := ""
	if hasArticles {
		for _, p := range ps {
			if p.kind != kindArticle {
				continue
			}
			f := strings.ToLower(p.text)
			if strings.Contains(f, "chịu trách nhiệm thi hành") || strings.Contains(f, "chịu trách nhiệm tổ chức thực hiện") ||
				strings.Contains(f, "có trách nhiệm") || strings.Contains(f, "có nhiệm vụ") || strings.Contains(f, "thi hành quyết định") ||
				strings.HasPrefix(f, "giao ") || strings.Contains(f, " chủ trì") {
				tasks = append(tasks, makeTask(p.label, p.text, "", ctx))
			}
		}
		return tasks
	}
	// Find the lead-in: the paragraph that introduces the list of tasks.
	start := 0
	for i, p := range ps {
		if p.kind == kindNone && strings.HasSuffix(strings.TrimSpace(p.text), ":") && i+1 < len(ps) && ps[i+1].kind != kindNone {
			if a := addresseeOf(p.text); a != "" {
				defaultLead = a
			} else if a := subjectBeforeModal(p.text); a != "" {
				defaultLead = a
			}
			if leadInDemand(p.text) && (ctx.official || addresseeOf(p.text) != "" || subjectBeforeModal(p.text) != "") {
				start = i + 1
			}
		}
	}
	if start == 0 && !ctx.official {
		// Outside official documents a list is a directive only after a
		// lead-in that asks for action; encyclopaedic lists are not tasks.
		return unlistedTasks(ps, ctx)
	}
	top := kindNone
	for _, p := range ps[start:] {
		if p.kind != kindNone && p.kind != kindPlus {
			if top == kindNone || p.kind < top {
				top = p.kind
			}
		}
	}
	if top == kindNone && ctx.news {
		return newsTasks(ps, ctx)
	}
	if top == kindRoman {
		return romanTasks(ps[start:], defaultLead, ctx)
	}
	var cur *document.Task
	for _, p := range ps[start:] {
		switch {
		case top != kindNone && p.kind == top:
			tasks = append(tasks, makeTask(p.label, p.text, defaultLead, ctx))
			cur = &tasks[len(tasks)-1]
		case p.kind == kindNone && isAssignment(p.text):
			tasks = append(tasks, makeTask("", p.text, defaultLead, ctx))
			cur = nil
		case cur != nil && p.kind > top:
			sub := makeTask(p.label, p.text, "", ctx)
			cur.Subtasks = append(cur.Subtasks, sub)
			if cur.Deadline == nil && sub.Deadline != nil {
				cur.Deadline = sub.Deadline
			}
		case cur != nil && p.kind == kindNone && !isCloser(p.text):
			cur.Text += "\n" + p.text
			if cur.Deadline == nil {
				cur.Deadline = findDeadline(p.text, ctx.issued)
			}
		case top == kindNone && p.kind == kindNone && len(tasks) == 0 && start > 0 && startsWithOrg(p.text):
			// a lead-in ending with ':' followed by unlabelled task paragraphs
			tasks = append(tasks, makeTask("", p.text, defaultLead, ctx))
		}
	}
	if len(tasks) > 0 || top != kindNone {
		return tasks
	}
	return unlistedTasks(ps, ctx)
}

// unlistedTasks finds tasks in a text without a list: demand paragraphs,
// assignments and requests with a deadline (per sentence for articles).
func unlistedTasks(ps []para, ctx taskContext) []document.Task {
	var tasks []document.Task
	if ctx.news {
		return newsTasks(ps, ctx)
	}
	if !ctx.official {
		// A text without an official layout: only explicit assignments
		// ("Giao Sở X chủ trì, phối hợp ...") count.
		for _, p := range ps {
			if isAssignment(p.text) && (strings.Contains(p.text, "chủ trì") || strings.Contains(p.text, "phối hợp")) {
				tasks = append(tasks, makeTask("", p.text, "", ctx))
			}
		}
		return tasks
	}
	for i, p := range ps {
		switch {
		case isAssignment(p.text) || demandPara(p.text):
			tasks = append(tasks, makeTask("", p.text, "", ctx))
		case i > 0 && strings.HasSuffix(ps[i-1].text, ":") && leadInDemand(ps[i-1].text) && startsWithOrg(p.text) && !isCloser(p.text):
			tasks = append(tasks, makeTask("", p.text, "", ctx))
		case !ctx.news && !isCloser(p.text) && findDeadline(p.text, ctx.issued) != nil && requestVerb(p.text) && i > 0:
			tasks = append(tasks, makeTask("", p.text, "", ctx))
		case ctx.news && len(tasks) > 0 && tasks[len(tasks)-1].Deadline == nil:
			if d := findDeadline(p.text, ctx.issued); d != nil {
				tasks[len(tasks)-1].Deadline = d
			}
		}
	}
	return tasks
}

// requestVerb reports a sentence asking for something to be sent or reported.
func requestVerb(p string) bool {
	f := strings.ToLower(p)
	for _, w := range []string{"gửi về", "gửi văn bản", "báo cáo", "xin gửi", "đề nghị gửi", "nộp"} {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// romanTasks handles plans with roman sections: numbered items inside the
// directive sections are the tasks; a directive section without numbered
// items is a task itself.
func romanTasks(ps []para, defaultLead string, ctx taskContext) []document.Task {
	var tasks []document.Task
	directive := true
	var section *para
	sectionHasItems := false
	// When some section lists numbered items, sections of plain text
	// ("II. NỘI DUNG TUYÊN TRUYỀN") describe rather than assign.
	anyNumbered := false
	for _, p := range ps {
		if p.kind == kindNumber {
			anyNumbered = true
		}
	}
	flush := func() {
		if section != nil && directive && !sectionHasItems && !anyNumbered {
			tasks = append(tasks, makeTask(section.label, section.text, defaultLead, ctx))
		}
	}
	var cur *document.Task
	for i := range ps {
		p := ps[i]
		switch p.kind {
		case kindRoman:
			flush()
			section = &ps[i]
			sectionHasItems = false
			directive = isDirectiveHeading(p.text)
			cur = nil
		case kindNumber:
			sectionHasItems = true
			if directive {
				tasks = append(tasks, makeTask(p.label, p.text, defaultLead, ctx))
				cur = &tasks[len(tasks)-1]
			}
		case kindNone:
			if directive && (isAssignment(p.text) || !sectionHasItems && startsWithOrg(p.text) && !isCloser(p.text)) {
				// "Giao X chủ trì ..." or "Ủy ban Kiểm tra ... đưa việc ..."
				// paragraphs of a section without numbered items
				tasks = append(tasks, makeTask("", p.text, defaultLead, ctx))
				cur = nil
				if section != nil && !sectionHasItems {
					sectionHasItems = true
				}
			} else if cur != nil && !isCloser(p.text) {
				cur.Text += "\n" + p.text
			} else if section != nil && !sectionHasItems {
				section.text += "\n" + p.text
			}
		default:
			if cur != nil {
				cur.Subtasks = append(cur.Subtasks, makeTask(p.label, p.text, "", ctx))
			} else if section != nil && !sectionHasItems {
				section.text += "\n" + p.text
			}
		}
	}
	flush()
	return tasks
}

// isDirectiveHeading reports a roman section that assigns work rather than
// describing purposes, background or results.
func isDirectiveHeading(s string) bool {
	f := foldLower(s)
	for _, w := range []string{"muc dich", "tinh hinh", "ket qua", "danh gia", "can cu", "quan diem", "boi canh", "thuc trang", "dac diem", "muc tieu", "chi tieu"} {
		if strings.HasPrefix(f, w) {
			return false
		}
	}
	return true
}

// makeTask builds a task and resolves its lead, support, deadline and recurrence.
func makeTask(label, text, defaultLead string, ctx taskContext) document.Task {
	text = strings.TrimSpace(text)
	t := document.Task{Text: text, Lead: []string{}, Support: []string{}}
	if label != "" {
		l := label
		t.Label = &l
	}
	first := firstSentence(text)
	t.Lead = leadsOf(first)
	if len(t.Lead) == 0 {
		if a := addresseeOf(first); a != "" && !strings.HasPrefix(strings.ToLower(first), "tiếp tục") {
			t.Lead = splitLeads(a)
		}
	}
	if len(t.Lead) == 0 && defaultLead != "" {
		t.Lead = splitAddressee(defaultLead)
	}
	if len(t.Lead) == 0 {
		for _, r := range ctx.recipients {
			if rl := recipientLead(r); rl != "" && !strings.HasPrefix(strings.ToLower(rl), "như") {
				t.Lead = append(t.Lead, rl)
			}
		}
	}
	t.Support = supportOf(first)
	t.Deadline = findDeadline(text, ctx.issued)
	if r := findRecurrence(text); r != "" {
		t.Recurrence = &r
	}
	return t
}

// firstSentence returns the text up to the first sentence end.
func firstSentence(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' && i+1 < len(s) && s[i+1] == ' ' && i > 20 {
			// not an abbreviation like "TP. " or "TT. "
			j := strings.LastIndex(s[:i], " ")
			w := s[j+1 : i]
			if len(w) <= 3 && strings.ToUpper(w) == w {
				continue
			}
			return s[:i]
		}
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}

// leadsOf returns the organisations the item itself names as doing the work.
func leadsOf(s string) []string {
	low := strings.ToLower(prefix(s, 40))
	switch {
	case strings.HasPrefix(low, "giao cho "):
		return splitLeads(orgPhrase(s[len("giao cho "):]))
	case strings.HasPrefix(low, "giao ") && startsWithOrg(s[len("giao "):]):
		return splitLeads(orgPhrase(s[len("giao "):]))
	case strings.HasPrefix(low, "đề nghị ") && startsWithOrg(s[len("đề nghị "):]):
		return splitLeads(orgPhrase(s[len("đề nghị "):]))
	case strings.HasPrefix(low, "yêu cầu ") && startsWithOrg(s[len("yêu cầu "):]):
		return splitLeads(orgPhrase(s[len("yêu cầu "):]))
	case strings.HasPrefix(low, "đồng ý "):
		if startsWithOrg(s[len("đồng ý "):]) {
			return splitLeads(orgPhrase(s[len("đồng ý "):]))
		}
		return nil
	}
	if startsWithOrg(s) {
		org := orgPhrase(s)
		rest := strings.TrimSpace(s[min(len(s), len(org)):])
		for _, adv := range []string{"cũng ", "đồng thời ", "tiếp tục "} {
			rest = strings.TrimPrefix(rest, adv)
		}
		if demandAtStart(rest) && (strings.HasPrefix(rest, "yêu cầu") || strings.HasPrefix(rest, "đề nghị")) {
			// "Ban Thường vụ ... yêu cầu cấp ủy cơ sở ...": the addressee leads;
			// "Ban Tuyên giáo chỉ đạo ..." is the subject's own task
			if a := addresseeOf(rest); a != "" {
				return splitLeads(a)
			}
		}
		// "Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: ...; ... chịu trách nhiệm thi hành"
		if i := strings.Index(s, "chịu trách nhiệm"); i > 0 && strings.Contains(s[:i], ";") {
			var out []string
			for _, part := range strings.Split(s[:i], ";") {
				out = append(out, splitLeadsKeepColon(part)...)
			}
			return out
		}
		return splitLeads(orgPhrase(s))
	}
	return nil
}

// splitLeadsKeepColon splits a segment of an Điều 3 list, keeping lists after
// a colon ("Giám đốc các Sở: Tài chính, Y tế") whole.
func splitLeadsKeepColon(s string) []string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ":") {
		return []string{cleanOrg(s)}
	}
	var out []string
	words := strings.Fields(s)
	cur := []string{}
	for i, w := range words {
		if w == "và" && i+1 < len(words) && strings.HasPrefix(strings.ToLower(words[i+1]), "các") {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
			continue
		}
		cur = append(cur, w)
	}
	out = append(out, strings.Join(cur, " "))
	var res []string
	for _, o := range out {
		if o = cleanOrg(o); o != "" {
			res = append(res, o)
		}
	}
	return res
}

// splitLeads splits an organisation phrase into leads.
func splitLeads(s string) []string {
	var out []string
	for _, o := range splitOrgs(s) {
		if o = cleanOrg(o); o != "" && len([]rune(o)) > 2 {
			out = append(out, o)
		}
	}
	return out
}

// supportOf returns the organisations named after "phối hợp (với)".
func supportOf(s string) []string {
	i := strings.Index(s, "phối hợp")
	if j := strings.Index(s, "Phối hợp"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if i < 0 {
		return []string{}
	}
	rest := s[i+len("phối hợp"):]
	rest = strings.TrimLeft(rest, " ,")
	for _, p := range []string{"chặt chẽ với ", "chặt chẽ ", "với ", "cùng "} {
		if strings.HasPrefix(strings.ToLower(rest), p) {
			rest = rest[len(p):]
		}
	}
	if !startsWithOrg(rest) {
		return []string{}
	}
	org := orgPhrase(rest)
	// "phối hợp với Sở Tài chính, Sở KH&ĐT cùng các ngành liên quan xác định"
	out := splitLeads(org)
	if out == nil {
		return []string{}
	}
	return out
}

// newsTasks finds the demands an article reports: every sentence in which
// a body asks an addressee to act is a task; a later sentence giving only a
// deadline attaches to the last task.
func newsTasks(ps []para, ctx taskContext) []document.Task {
	var tasks []document.Task
	for _, p := range ps {
		for _, s := range sentences(p.text) {
			low := strings.ToLower(s)
			demand := isAssignment(s) || demandPara(s) || strings.HasPrefix(low, "đồng thời") && hasDemand(s)
			if demand && !isCloser(s) {
				tasks = append(tasks, makeTask("", demandClause(s), "", ctx))
				continue
			}
			if len(tasks) > 0 && tasks[len(tasks)-1].Deadline == nil {
				if d := findDeadline(s, ctx.issued); d != nil {
					tasks[len(tasks)-1].Deadline = d
				}
			}
		}
	}
	return tasks
}

// sentences splits a paragraph at sentence ends.
func sentences(p string) []string {
	var out []string
	for p != "" {
		s := firstSentence(p)
		if s == p {
			out = append(out, strings.TrimSpace(p))
			break
		}
		out = append(out, strings.TrimSpace(s+"."))
		p = strings.TrimSpace(p[len(s)+1:])
	}
	return out
}

// modalRe finds "<các ...> cần|phải ..." in a lead-in without a demand verb.
var modalRe = regexp.MustCompile(`\s(cần|phải|có trách nhiệm)\s`)

// subjectBeforeModal returns the organisations before "cần"/"phải" in a
// lead-in ("..., các cấp ủy, tổ chức đảng, cơ quan, đơn vị cần thực hiện ...").
func subjectBeforeModal(s string) string {
	loc := modalRe.FindStringIndex(s)
	if loc == nil {
		return ""
	}
	head := s[:loc[0]]
	i := strings.LastIndex(head, "các ")
	j := strings.LastIndex(head, "Các ")
	if j > i {
		i = j
	}
	if i < 0 {
		return ""
	}
	a := strings.TrimSpace(head[i:])
	if len(strings.Fields(a)) > 14 {
		return ""
	}
	return a
}

// splitAddressee splits the addressee of a lead-in into leads only between
// capitalised office holders or bodies ("Thủ trưởng các sở, ban, ngành và
// Chủ tịch UBND các huyện"); an enumeration of kinds of bodies ("các cấp ủy,
// tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể") is one lead.
func splitAddressee(a string) []string {
	words := strings.Fields(a)
	var out []string
	start := 0
	for i := 1; i < len(words)-1; i++ {
		if words[i] == "và" && unicode.IsUpper([]rune(words[i+1])[0]) && startsWithOrgWords(words[i+1:]) &&
			!isProperContinuation(words, i) && unicode.IsUpper([]rune(words[start])[0]) {
			out = append(out, cleanOrg(strings.Join(words[start:i], " ")))
			start = i + 1
		}
	}
	out = append(out, cleanOrg(strings.Join(words[start:], " ")))
	return nonEmpty(out)
}

// isHeading reports a section heading after a label ("TỔ CHỨC THỰC HIỆN",
// "Mục đích, yêu cầu", "Chế độ báo cáo"): short, without sentence punctuation.
func isHeading(rest string) bool {
	rest = strings.TrimSpace(rest)
	if rest == "" || endsSentence(rest) || strings.HasSuffix(rest, ",") {
		return false
	}
	n := len(strings.Fields(rest))
	return isUpperLine(rest) && n <= 12 || n <= 5
}

// demandClause drops a reporting frame ("Công văn nêu rõ: ") and the purpose
// clause right after it ("Để bảo đảm ..., ") so that a reported demand
// starts at the body that makes it ("Ban Thường vụ Huyện ủy đề nghị ...").
func demandClause(s string) string {
	framed := false
	for _, frame := range []string{"nêu rõ:", "cho biết:", "nhấn mạnh:", "yêu cầu nêu:"} {
		if i := strings.Index(s, frame); i >= 0 && i < 80 {
			s = strings.TrimSpace(s[i+len(frame):])
			framed = true
		}
	}
	// Only inside a quoted frame is the purpose clause the writer's, not the
	// demand's: "Công văn nêu rõ: Để bảo đảm ..., Ban Thường vụ đề nghị ...".
	if framed && (strings.HasPrefix(s, "Để ") || strings.HasPrefix(s, "Nhằm ")) {
		for _, m := range demandMatches(prefix(s, 600)) {
			head := s[:m[0]]
			if k := strings.LastIndex(head, ", "); k > 0 && startsWithOrg(s[k+2:]) {
				return s[k+2:]
			}
		}
	}
	return s
}
