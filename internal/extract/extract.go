// Package extract turns the text of an official document into a
// vanthu.document/v1 record: header fields, signer, references and tasks.
//
// Where each field comes from:
//   - number, issued date/place, issuer, subject, marks: parseHeader (header.go)
//   - recipients, distribution, signer: parseRecipients, parseDistribution,
//     parseSignature (parties.go)
//   - references: extractReferences (refs.go)
//   - tasks with lead, support, deadline, recurrence: extractTasks (tasks.go,
//     orgs.go, deadline.go)
//   - web articles: newsFields (news.go)
package extract

import (
	"fmt"
	"strings"

	"vanthu/ingest"
	"vanthu/internal/document"
)

// Extract builds the record for one ingested document.
func Extract(in *ingest.Document) *document.Document {
	d := document.New()
	d.Source = document.Source{
		File:          in.File,
		SHA256:        in.SHA256,
		MediaType:     in.MediaType,
		Pages:         in.Pages,
		OCR:           in.OCR,
		OCRConfidence: in.OCRConfidence,
		Encoding:      document.Str(in.Encoding),
	}
	for _, w := range in.Warnings {
		d.AddWarning(w.Code, w.Message)
	}
	d.Text = strings.TrimSpace(in.Text)
	fillFields(d, in.Text, in.Article)
	d.DocTypeLabel = document.DocTypeLabels[d.DocType]
	d.Normalize()
	return d
}

// ExtractText extracts a record from plain text (no source information).
func ExtractText(text string) *document.Document {
	return Extract(&ingest.Document{Text: text, MediaType: "text/plain", Pages: 1})
}

// fillFields runs every field extractor over the text.
func fillFields(d *document.Document, text string, article bool) {
	ls := prepareLines(text)
	ls, chrome := dropChrome(ls)
	if len(nonBlank(ls)) == 0 {
		d.AddWarning(document.WarnUnreadable, "Văn bản không có nội dung đọc được.")
		return
	}
	h := parseHeader(ls)
	news := article || !h.official && h.title == "" && looksLikeNews(ls, chrome)

	var n newsInfo
	bodyStart := h.end
	if news {
		n = newsFields(ls)
		bodyStart = n.bodyStart
		d.DocType = "tin_bai"
		d.Subject = document.Str(n.headline)
		d.IssuedDate = document.Str(n.date)
	} else {
		d.Number = document.Str(h.number)
		d.IssuedDate = document.Str(h.date)
		d.IssuedPlace = document.Str(h.place)
		d.Subject = document.Str(cleanSubject(h.subject))
		d.Issuer.Name = document.Str(h.issuer)
		d.Issuer.Parent = document.Str(h.parent)
		d.Classification = document.Str(h.classif)
		d.Urgency = document.Str(h.urgency)
	}

	// Kính gửi.
	for i := bodyStart; i < len(ls) && i < bodyStart+12; i++ {
		if isKinhGui(ls[i]) {
			d.Recipients, bodyStart = parseRecipients(ls, i)
			break
		}
	}
	// The body ends at "Nơi nhận" or the signature block.
	bodyEnd := findBodyEnd(ls, bodyStart)
	var sig signature
	if news {
		sig.name = n.byline
		if bodyEnd > n.bylineAt && n.bylineAt > bodyStart {
			bodyEnd = n.bylineAt
		}
	} else {
		for i := bodyEnd; i < len(ls) && i < bodyEnd+40; i++ {
			if isNoiNhan(ls[i]) {
				d.Distribution, _ = parseDistribution(ls, i)
				break
			}
		}
		sig = parseSignature(ls, bodyEnd, min(len(ls), bodyEnd+40))
		if sig.name == "" && sig.position == "" && sig.authority == "" {
			// a bare name after the distribution list ("K' Linh")
			for i := len(ls) - 1; i >= bodyEnd && i > len(ls)-6; i-- {
				if looksLikeName(ls[i].text) {
					sig.name = ls[i].text
					break
				}
			}
		}
	}
	d.Signer.Name = document.Str(stripByline(sig.name))
	d.Signer.Position = document.Str(sig.position)
	d.Signer.Authority = document.Str(sig.authority)

	body := ls[bodyStart:bodyEnd]
	ps := buildParas(body)
	for i := range ps {
		ps[i].text = stripTrailingStray(ps[i].text)
	}
	if d.Source.OCR {
		repairNumberLabels(ps)
	}

	if !news {
		d.DocType = docType(h, ls)
		if d.Issuer.Name == nil {
			d.Issuer.Name = document.Str(issuerFromBody(h, ps))
		}
		fixIssuerLocation(d, ls)
		repairOCRIssuer(d)
	}
	d.References = extractReferences(strings.Join(lineTexts(ls), "\n"), document.Val(d.Number))

	ctx := taskContext{official: !news && d.DocType != "khac", issued: document.Val(d.IssuedDate), recipients: d.Recipients, news: news, issuer: document.Val(d.Issuer.Name)}
	if d.DocType != "bao_cao" && d.DocType != "bien_ban" && d.DocType != "to_trinh" {
		d.Tasks = extractTasks(ps, ctx)
	}
	addWarnings(d, news)
}

func nonBlank(ls []line) []line {
	var out []line
	for _, l := range ls {
		if l.text != "" {
			out = append(out, l)
		}
	}
	return out
}

func lineTexts(ls []line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.text
	}
	return out
}

// cleanSubject tidies the trích yếu.
func cleanSubject(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ":")
	return strings.TrimSpace(s)
}

// stripTrailingStray removes stray text after the closing "./." mark
// ("... hiệu quả./. Sử").
func stripTrailingStray(s string) string {
	if i := strings.LastIndex(s, "./."); i >= 0 && len(s)-i-3 < 30 {
		return strings.TrimSpace(s[:i+1])
	}
	return s
}

// findBodyEnd returns the index of the first line of the closing part:
// "Nơi nhận" or the signature block.
func findBodyEnd(ls []line, from int) int {
	for i := from; i < len(ls); i++ {
		l := ls[i]
		if isNoiNhan(l) {
			return i
		}
		if len(l.text) > 200 || l.text == "" {
			continue
		}
		upper := isUpperLine(l.text)
		if upper && len([]rune(l.text)) < 80 {
			if m := authorityRe.FindStringSubmatch(l.text); m != nil && isUpperLine(m[2]) {
				return i
			}
		}
		if upper && isPositionLine(l) && i+1 < len(ls) && len([]rune(l.text)) < 40 {
			// a position line followed (maybe after blanks) by a name
			for j := i + 1; j < len(ls) && j < i+5; j++ {
				if ls[j].text == "" || isUpperLine(ls[j].text) {
					continue
				}
				if looksLikeName(ls[j].text) {
					return i
				}
				break
			}
		}
		if i > from && looksLikePath(l.text) {
			return i
		}
	}
	return len(ls)
}

// docType decides the document type: title line, then the number's type
// code, then the layout.
func docType(h header, ls []line) string {
	if h.title != "" {
		return h.title
	}
	if t := typeFromNumber(h.number); t != "" {
		return t
	}
	if h.subject != "" {
		return "cong_van"
	}
	return "khac"
}

// issuerFromBody finds the issuer when the header has none: the "CỦA ..."
// line under the title, or a closing "X thông báo để ..." sentence.
func issuerFromBody(h header, ps []para) string {
	if h.titleIssuer != "" {
		s := strings.TrimSpace(h.titleIssuer)
		s = strings.TrimSpace(s[strings.Index(s, " ")+1:])
		return orgCase(s)
	}
	for i := len(ps) - 1; i >= 0 && i >= len(ps)-3; i-- {
		p := ps[i].text
		low := strings.ToLower(p)
		for _, cue := range []string{" xin thông báo để", " thông báo để", " thông báo đến"} {
			if j := strings.Index(low, cue); j > 0 && startsWithOrg(p) {
				return strings.TrimSpace(p[:j])
			}
		}
	}
	return ""
}

// fixIssuerLocation completes an issuer printed without its place ("ỦY BAN
// NHÂN DÂN") from a line naming it in full ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X").
func fixIssuerLocation(d *document.Document, ls []line) {
	name := document.Val(d.Issuer.Name)
	f := foldLower(name)
	if f != "uy ban nhan dan" && f != "hoi dong nhan dan" {
		return
	}
	for i := 0; i < len(ls) && i < 30; i++ {
		lf := ls[i].fold
		if j := strings.Index(lf, f+" "); j >= 0 && isUpperLine(ls[i].text) {
			rs := []rune(ls[i].text)
			full := string(rs[len([]rune(lf[:j])):])
			d.Issuer.Name = document.Str(orgCase(full))
			return
		}
	}
}

// addWarnings flags deadlines before the issue date and missing elements.
func addWarnings(d *document.Document, news bool) {
	issued := document.Val(d.IssuedDate)
	for _, t := range d.Tasks {
		if t.Deadline != nil && t.Deadline.Date != nil && issued != "" && *t.Deadline.Date < issued {
			d.AddWarning(document.WarnDeadlineBeforeIssue,
				fmt.Sprintf("Thời hạn %q (%s) sớm hơn ngày ban hành %s.", t.Deadline.Text, *t.Deadline.Date, issued))
		}
	}
	if news || d.DocType == "khac" {
		return
	}
	if d.Number == nil {
		d.AddWarning(document.WarnMissingNumber, "Không tìm thấy số, ký hiệu văn bản.")
	}
	if d.IssuedDate == nil {
		d.AddWarning(document.WarnMissingDate, "Không tìm thấy ngày ban hành.")
	}
	if d.Signer.Name == nil {
		d.AddWarning(document.WarnMissingSigner, "Không tìm thấy họ tên người ký.")
	}
}

// looksLikePath reports a stray file path line ("D\\2017\\CVUB\\uy quyen").
func looksLikePath(t string) bool {
	if !strings.Contains(t, "\\") && !strings.HasSuffix(t, ".doc") && !strings.HasSuffix(t, ".docx") {
		return false
	}
	return filePathRe.MatchString(t)
}
