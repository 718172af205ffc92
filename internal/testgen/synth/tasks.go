package synth

import (
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// deadlinePhrase returns a printed deadline after the issue date and its
// ISO date ("" for a period that names no day).
func deadlinePhrase(r *rand.Rand, issued time.Time) (string, string) {
	t := issued.AddDate(0, 1+r.Intn(5), r.Intn(20))
	switch r.Intn(7) {
	case 0:
		return fmt.Sprintf("trước ngày %d/%d/%d", t.Day(), int(t.Month()), t.Year()), iso(t)
	case 1:
		return fmt.Sprintf("chậm nhất ngày %d tháng %d năm %d", t.Day(), int(t.Month()), t.Year()), iso(t)
	case 2:
		t = time.Date(issued.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if !t.After(issued) {
			t = t.AddDate(1, 0, 0)
		}
		return fmt.Sprintf("trước %d/%d", t.Day(), int(t.Month())), iso(t)
	case 3:
		return fmt.Sprintf("trước ngày %02d/%02d/%d", t.Day(), int(t.Month()), t.Year()), iso(t)
	case 4:
		q := (int(t.Month())-1)/3 + 1
		return fmt.Sprintf("hoàn thành trong quý %s/%d", []string{"I", "II", "III", "IV"}[q-1], t.Year()), ""
	case 5:
		n := 10 + 5*r.Intn(4)
		return fmt.Sprintf("trong vòng %d ngày kể từ ngày ký", n), iso(issued.AddDate(0, 0, n))
	default:
		return fmt.Sprintf("trước 17 giờ ngày %d/%d/%d", t.Day(), int(t.Month()), t.Year()), iso(t)
	}
}

var recurrences = []string{"định kỳ 6 tháng", "hằng quý", "hằng năm", "hằng tháng"}

// taskText builds the printed text of one task and its gold; lead is the
// default lead when the task names nobody.
func taskText(r *rand.Rand, b body, tp topic, action string, issued time.Time, defaultLead []string, style int) (string, GoldTask) {
	g := GoldTask{Lead: []string{}, Support: []string{}}
	var text string
	org := pick(r, b.orgs)
	switch style {
	case 0: // the default addressee does it
		text = upperFirst(action)
		g.Lead = append(g.Lead, defaultLead...)
	case 1: // the item's subject
		text = org + " " + action
		g.Lead = []string{org}
	default: // Giao X chủ trì, phối hợp với Y, Z
		var sup []string
		for len(sup) < 1+r.Intn(2) {
			o := pick(r, b.orgs)
			if o != org && !contains(sup, o) {
				sup = append(sup, o)
			}
		}
		text = "Giao " + org + " chủ trì, phối hợp với " + joinVN(sup) + " " + action
		g.Lead, g.Support = []string{org}, sup
	}
	switch r.Intn(3) {
	case 0:
		p, dt := deadlinePhrase(r, issued)
		text += ", báo cáo kết quả về " + b.leadIn + " " + p
		if dt != "" {
			g.Deadline = &dt
		}
	case 1:
		rc := pick(r, recurrences)
		text += "; " + rc + " báo cáo kết quả thực hiện"
		g.Recurrence = &rc
	}
	text += "."
	g.StartsWith = firstWords(text, 8)
	return text, g
}

// joinVN joins organisations: "A, B và C" is ambiguous with names that
// contain "và", so lists are joined with ", ".
func joinVN(xs []string) string { return strings.Join(xs, ", ") }

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// composeTasks writes the directive part into d.Body and returns the gold tasks.
func composeTasks(d *Doc, r *rand.Rand, b body, tp topic, docType string, party bool, issued time.Time, recipients []string) []GoldTask {
	var tasks []GoldTask
	defaultLead := recipients
	leadIn := b.leadIn + " chỉ đạo như sau:"
	if b.addressee != "" && (party || r.Intn(2) == 0) {
		leadIn = b.leadIn + " yêu cầu " + b.addressee + " thực hiện tốt một số nội dung sau:"
		defaultLead = []string{b.addressee}
	} else if !party {
		addr := "Thủ trưởng các cơ quan, đơn vị"
		leadIn = b.leadIn + " yêu cầu " + addr + " thực hiện tốt các nội dung sau:"
		defaultLead = []string{addr}
	}
	actions := append([]string{}, tp.actions...)
	r.Shuffle(len(actions), func(i, j int) { actions[i], actions[j] = actions[j], actions[i] })
	n := 3 + r.Intn(2)

	if docType == "quyet_dinh" {
		d.Body = append(d.Body,
			"QUYẾT ĐỊNH:",
			"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch "+tp.subject+".",
			"Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
		leads := []string{"Chánh Văn phòng " + firstOrgWord(b), "Thủ trưởng các cơ quan, đơn vị có liên quan"}
		text := "Điều 3. " + leads[0] + "; " + leads[1] + " chịu trách nhiệm thi hành Quyết định này./."
		d.Body = append(d.Body, text, "")
		lbl := "Điều 3"
		return []GoldTask{{Label: &lbl, StartsWith: firstWords(strings.TrimPrefix(text, "Điều 3. "), 8), Lead: leads, Support: []string{}}}
	}

	style := r.Intn(3) // 0 numbered, 1 bullets, 2 roman sections
	if docType == "ke_hoach" {
		style = 2
	}
	switch style {
	case 2:
		d.Body = append(d.Body, "I. MỤC ĐÍCH, YÊU CẦU",
			"1. Nâng cao nhận thức, trách nhiệm của cấp ủy, chính quyền về "+tp.subject+".",
			"2. Việc triển khai bảo đảm thiết thực, hiệu quả, tránh hình thức.",
			"", "II. NHIỆM VỤ, GIẢI PHÁP")
		for i := 0; i < n-1; i++ {
			text, g := taskText(r, b, tp, actions[i], issued, defaultLead, 1+r.Intn(2))
			lbl := fmt.Sprint(i + 1)
			g.Label = &lbl
			d.Body = append(d.Body, lbl+". "+text)
			tasks = append(tasks, g)
		}
		d.Body = append(d.Body, "", "III. TỔ CHỨC THỰC HIỆN")
		text, g := taskText(r, b, tp, "theo dõi, hướng dẫn, kiểm tra việc thực hiện "+strings.ToLower(typeWords[docType])+" này", issued, defaultLead, 2)
		lbl := "1"
		g.Label = &lbl
		d.Body = append(d.Body, "1. "+text, "")
		tasks = append(tasks, g)
		return tasks
	default:
		d.Body = append(d.Body, leadIn, "")
		for i := 0; i < n; i++ {
			st := r.Intn(3)
			if style == 1 && st == 2 {
				st = 0 // bullets rarely assign by "Giao"
			}
			text, g := taskText(r, b, tp, actions[i], issued, defaultLead, st)
			lbl := fmt.Sprint(i + 1)
			if style == 1 {
				lbl = "-"
				d.Body = append(d.Body, "- "+text)
			} else {
				d.Body = append(d.Body, lbl+". "+text)
			}
			g.Label = &lbl
			tasks = append(tasks, g)
		}
		d.Body = append(d.Body, "")
	}
	if r.Intn(2) == 0 {
		// an unnumbered assignment closes the directive part
		text, g := taskText(r, b, tp, "theo dõi, đôn đốc việc triển khai thực hiện", issued, defaultLead, 2)
		g.Label = nil
		d.Body = append(d.Body, text, "")
		tasks = append(tasks, g)
	}
	return tasks
}

// firstOrgWord names the issuer's office holder's body for Điều 3.
func firstOrgWord(b body) string {
	if strings.HasPrefix(b.issuer, "Ủy ban nhân dân tỉnh") {
		return "UBND tỉnh"
	}
	if strings.HasPrefix(b.issuer, "Ủy ban nhân dân huyện") {
		return "UBND huyện"
	}
	return b.issuer
}
