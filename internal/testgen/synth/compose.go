package synth

import (
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// Types a composed document can have.
var Types = []string{"cong_van", "chi_thi", "ke_hoach", "thong_bao", "huong_dan", "quyet_dinh", "bao_cao", "nghi_quyet"}

var typeNames = map[string]string{
	"cong_van": "CÔNG VĂN", "chi_thi": "CHỈ THỊ", "ke_hoach": "KẾ HOẠCH", "thong_bao": "THÔNG BÁO",
	"huong_dan": "HƯỚNG DẪN", "quyet_dinh": "QUYẾT ĐỊNH", "bao_cao": "BÁO CÁO", "nghi_quyet": "NGHỊ QUYẾT",
}

var typeCodes = map[string]string{
	"cong_van": "CV", "chi_thi": "CT", "ke_hoach": "KH", "thong_bao": "TB",
	"huong_dan": "HD", "quyet_dinh": "QĐ", "bao_cao": "BC", "nghi_quyet": "NQ",
}

var typeWords = map[string]string{
	"cong_van": "Công văn", "chi_thi": "Chỉ thị", "ke_hoach": "Kế hoạch", "thong_bao": "Thông báo",
	"huong_dan": "Hướng dẫn", "quyet_dinh": "Quyết định", "bao_cao": "Báo cáo", "nghi_quyet": "Nghị quyết",
}

// Compose builds one document of the given type; party selects the Party
// layout, otherwise the State one.
func Compose(id string, r *rand.Rand, party bool, docType string) *Doc {
	d := &Doc{party: party}
	g := &d.Gold
	g.ID, g.SourceNote, g.DocType = id, "synthetic (internal/testgen/synth)", docType
	var b body
	if party {
		b = partyBody(r)
	} else {
		b = stateBody(r)
	}
	tp := topics[r.Intn(len(topics))]
	issued := time.Date(2024+r.Intn(2), time.Month(1+r.Intn(11)), 1+r.Intn(27), 0, 0, 0, 0, time.UTC)
	g.IssuedDate, g.IssuedPlace = str(iso(issued)), str(b.place)
	g.Issuer, g.IssuerParent = str(b.issuer), str(b.parent)

	// number
	n := 10 + r.Intn(1900)
	var number string
	if party {
		number = fmt.Sprintf("%d-%s/%s", n, typeCodes[docType], b.suffix)
	} else {
		switch docType {
		case "cong_van":
			number = fmt.Sprintf("%d/%s-%s", n, b.suffix, pick(r, []string{"VX", "KT", "TH", "NC", "NVY"}))
		case "quyet_dinh":
			if r.Intn(2) == 0 {
				number = fmt.Sprintf("%d/%d/QĐ-%s", 1+r.Intn(60), issued.Year(), b.suffix)
			} else {
				number = fmt.Sprintf("%d/QĐ-%s", n, b.suffix)
			}
		default:
			number = fmt.Sprintf("%d/%s-%s", n, typeCodes[docType], b.suffix)
		}
	}
	g.Number = str(number)
	numLine := "Số: " + number
	if party {
		numLine = "Số " + number
		if r.Intn(4) == 0 {
			numLine = strings.Replace(numLine, "-", " - ", 1) // "Số 381 - CV/HU"
		}
	}

	// header
	if party {
		d.Left = []string{b.parentCaps, b.issuerCaps, "*", numLine}
		d.Right = []string{"ĐẢNG CỘNG SẢN VIỆT NAM", b.place + ", " + vnDate(issued, r.Intn(2) == 0)}
	} else {
		d.Left = []string{b.parentCaps, b.issuerCaps, numLine}
		d.Right = []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", b.place + ", " + vnDate(issued, r.Intn(2) == 0)}
	}
	switch r.Intn(7) {
	case 0:
		d.Left = append(d.Left, "MẬT")
		g.Classification = str("Mật")
	case 1:
		d.Left = append(d.Left, "KHẨN")
		g.Urgency = str("Khẩn")
	case 2:
		d.Left = append(d.Left, "HỎA TỐC")
		g.Urgency = str("Hỏa tốc")
	}
	if docType == "cong_van" {
		subj := "V/v " + tp.subject
		words := strings.Fields(subj)
		if len(words) > 7 && r.Intn(2) == 0 {
			d.Left = append(d.Left, strings.Join(words[:6], " "), strings.Join(words[6:], " "))
		} else {
			d.Left = append(d.Left, subj)
		}
		g.Subject = str(subj)
	} else {
		subj := "về " + tp.subject
		if docType == "quyet_dinh" {
			subj = "Về việc ban hành Kế hoạch " + tp.subject
		}
		d.Title = []string{typeNames[docType], subj}
		g.Subject = str(subj)
	}

	// recipients
	var recipients []string
	if docType == "cong_van" || r.Intn(3) == 0 && docType != "quyet_dinh" && docType != "bao_cao" {
		recipients = b.recipients
		if len(recipients) == 1 {
			d.Body = append(d.Body, "Kính gửi: "+recipients[0]+".", "")
		} else {
			d.Body = append(d.Body, "Kính gửi:")
			for k, rc := range recipients {
				end := ";"
				if k == len(recipients)-1 {
					end = "."
				}
				d.Body = append(d.Body, "- "+rc+end)
			}
			d.Body = append(d.Body, "")
		}
	}
	g.Recipients = append([]string{}, recipients...)

	// references in the opening
	refs := references(r, party, issued)
	var opening string
	if len(refs) > 0 {
		var parts []string
		for _, rf := range refs {
			parts = append(parts, rf.text)
			g.References = append(g.References, rf.numbers...)
		}
		opening = "Thực hiện " + strings.Join(parts, " và ") + "; "
	}
	opening += "thời gian qua, việc " + tp.subject + " trên địa bàn đã đạt được một số kết quả tích cực, song vẫn còn những hạn chế cần khắc phục."
	d.Body = append(d.Body, upperFirst(opening), "")
	if g.References == nil {
		g.References = []string{}
	}

	// tasks
	var tasks []GoldTask
	if docType == "bao_cao" {
		d.Body = append(d.Body,
			"1. Kết quả đạt được",
			"Các cơ quan, đơn vị đã triển khai đầy đủ nội dung theo kế hoạch; tỷ lệ hoàn thành đạt "+fmt.Sprint(70+r.Intn(29))+"%.",
			"2. Tồn tại, hạn chế",
			"Một số đơn vị triển khai còn chậm, báo cáo chưa đúng thời hạn.",
			"")
	} else {
		tasks = composeTasks(d, r, b, tp, docType, party, issued, recipients)
	}
	if tasks == nil {
		tasks = []GoldTask{}
	}
	g.Tasks = tasks
	d.Body = append(d.Body, "Nhận được văn bản này, đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")

	// footer
	dist := []string{"Như trên", "Thường trực cấp ủy", "Lưu Văn phòng"}
	if !party {
		dist = []string{"Như trên", "TT. HĐND tỉnh", "Lưu: VT, " + pick(r, []string{"KT", "VX", "TH"})}
	}
	d.FooterLeft = []string{"Nơi nhận:"}
	for k, it := range dist {
		end := ","
		if !party {
			end = ";"
		}
		if k == len(dist)-1 {
			end = "."
		}
		d.FooterLeft = append(d.FooterLeft, "- "+it+end)
	}
	g.Distribution = dist
	name := personName(r)
	auth, pos, authGold, posGold := signature(r, party, b)
	d.FooterRight = append(d.FooterRight, auth...)
	d.FooterRight = append(d.FooterRight, pos, "", name)
	g.Signer = GoldSigner{Name: str(name), Position: str(posGold), Authority: str(authGold)}
	g.Notes = "Composed by internal/testgen/synth."
	return d
}

type ref struct {
	text    string
	numbers []string
}

// references invents cited documents: a Party directive, a government
// decree, a list of letters.
func references(r *rand.Rand, party bool, issued time.Time) []ref {
	var out []ref
	k := r.Intn(3)
	for i := 0; i < k; i++ {
		d := issued.AddDate(0, -1-r.Intn(30), -r.Intn(20))
		ds := fmt.Sprintf("%d/%d/%d", d.Day(), int(d.Month()), d.Year())
		switch r.Intn(4) {
		case 0:
			n := fmt.Sprintf("%d-CT/TW", 10+r.Intn(50))
			out = append(out, ref{"Chỉ thị số " + n + " ngày " + ds + " của Ban Bí thư", []string{n}})
		case 1:
			n := fmt.Sprintf("%d/%d/NĐ-CP", 10+r.Intn(200), d.Year())
			out = append(out, ref{"Nghị định số " + n + " ngày " + ds + " của Chính phủ", []string{n}})
		case 2:
			a, b2 := 100+r.Intn(400), 0
			b2 = a + 1
			suffix := "-CV/TU"
			if !party {
				suffix = "/UBND-TH"
				nums := []string{fmt.Sprintf("%d%s", a, suffix), fmt.Sprintf("%d%s", b2, suffix)}
				out = append(out, ref{fmt.Sprintf("các Công văn số %d, %d%s", a, b2, suffix), nums})
				continue
			}
			nums := []string{fmt.Sprintf("%d%s", a, suffix), fmt.Sprintf("%d%s", b2, suffix)}
			out = append(out, ref{fmt.Sprintf("các Công văn số %d, %d%s của Ban Thường vụ Tỉnh ủy", a, b2, suffix), nums})
		default:
			n := fmt.Sprintf("%d-KH/TU", 10+r.Intn(300))
			if !party {
				n = fmt.Sprintf("%d/KH-UBND", 10+r.Intn(300))
			}
			out = append(out, ref{"Kế hoạch số " + n + " ngày " + ds + " về “triển khai nhiệm vụ trọng tâm năm " + fmt.Sprint(d.Year()) + "”", []string{n}})
		}
	}
	return out
}

// signature returns the printed authority lines and position and their
// gold forms.
func signature(r *rand.Rand, party bool, b body) (auth []string, pos, authGold, posGold string) {
	if party {
		if strings.HasPrefix(b.issuerCaps, "ĐẢNG ỦY") {
			return []string{"T/M ĐẢNG ỦY"}, "BÍ THƯ", "T/M Đảng ủy", "Bí thư"
		}
		if strings.HasPrefix(b.issuerCaps, "BAN ") || strings.HasPrefix(b.issuerCaps, "ỦY BAN KIỂM TRA") {
			switch r.Intn(2) {
			case 0:
				if strings.HasPrefix(b.issuerCaps, "ỦY BAN") {
					return nil, "CHỦ NHIỆM", "", "Chủ nhiệm"
				}
				return nil, "TRƯỞNG BAN", "", "Trưởng Ban"
			default:
				if strings.HasPrefix(b.issuerCaps, "ỦY BAN") {
					return []string{"K/T CHỦ NHIỆM"}, "PHÓ CHỦ NHIỆM", "K/T Chủ nhiệm", "Phó Chủ nhiệm"
				}
				return []string{"K/T TRƯỞNG BAN"}, "PHÓ TRƯỞNG BAN", "K/T Trưởng Ban", "Phó Trưởng Ban"
			}
		}
		switch r.Intn(3) {
		case 0:
			return []string{"T/M BAN THƯỜNG VỤ"}, "BÍ THƯ", "T/M Ban Thường vụ", "Bí thư"
		case 1:
			return []string{"K/T BÍ THƯ"}, "PHÓ BÍ THƯ", "K/T Bí thư", "Phó Bí thư"
		default:
			return []string{"T/L BAN THƯỜNG VỤ"}, "CHÁNH VĂN PHÒNG", "T/L Ban Thường vụ", "Chánh Văn phòng"
		}
	}
	if b.issuerCaps == "SỞ Y TẾ" {
		if r.Intn(2) == 0 {
			return nil, "GIÁM ĐỐC", "", "Giám đốc"
		}
		return []string{"KT. GIÁM ĐỐC"}, "PHÓ GIÁM ĐỐC", "KT. Giám đốc", "Phó Giám đốc"
	}
	switch r.Intn(4) {
	case 0:
		return []string{"TM. ỦY BAN NHÂN DÂN"}, "CHỦ TỊCH", "TM. Ủy ban nhân dân", "Chủ tịch"
	case 1:
		return []string{"TL. CHỦ TỊCH"}, "CHÁNH VĂN PHÒNG", "TL. Chủ tịch", "Chánh Văn phòng"
	case 2:
		return nil, "CHỦ TỊCH", "", "Chủ tịch"
	default:
		return []string{"KT. CHỦ TỊCH"}, "PHÓ CHỦ TỊCH", "KT. Chủ tịch", "Phó Chủ tịch"
	}
}

// Lengthen appends to d's body, before its closing line, the opening and
// task paragraphs of further composed documents of the same layout (other
// topics, references and assignees) until its text is about target bytes
// (at most 8 more documents). The gold annotation is left as it is: the
// added paragraphs are body text for load and scale tests.
func Lengthen(d *Doc, r *rand.Rand, target int) {
	party := strings.Contains(strings.Join(d.Right, "\n"), "ĐẢNG CỘNG SẢN")
	closing := d.Body[len(d.Body)-1] // "Nhận được văn bản này, ..."
	body := append([]string{}, d.Body[:len(d.Body)-1]...)
	size := 0
	for _, sec := range [][]string{d.Left, d.Right, d.Title, d.Body, d.FooterLeft, d.FooterRight} {
		for _, l := range sec {
			size += len(l) + 1
		}
	}
	for extra := 0; size < target && extra < 8; extra++ {
		e := Compose("extra", r, party, Types[r.Intn(len(Types))])
		skip := false // a second addressee block would not be realistic
		for _, l := range e.Body[:len(e.Body)-1] {
			if strings.HasPrefix(l, "Kính gửi") {
				skip = true
			}
			if !skip {
				if size >= target && l != "" && !strings.HasPrefix(l, "- ") && !startsNumbered(l) {
					break // stop before the next paragraph
				}
				body = append(body, l)
				size += len(l) + 1
			}
			if l == "" {
				skip = false
			}
		}
	}
	d.Body = append(body, closing)
}

// startsNumbered reports whether l starts with an item number ("2. ", "a) ").
func startsNumbered(l string) bool {
	i := 0
	for i < len(l) && (l[i] >= '0' && l[i] <= '9' || l[i] >= 'a' && l[i] <= 'z' && i == 0) {
		i++
	}
	return i > 0 && i < len(l) && (l[i] == '.' || l[i] == ')')
}
