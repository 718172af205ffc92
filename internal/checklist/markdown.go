package checklist

import (
	"bufio"
	"cmp"
	"io"
	"strings"
)

var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `|`, `\|`,
)

// mdText escapes Markdown syntax in one line of plain text.
func mdText(s string) string {
	return mdEscaper.Replace(oneLine(s))
}

// WriteMarkdown writes the checklist as a GitHub task list: a heading with the
// document number and subject, then one "- [x] " / "- [ ] " item per task,
// indented by depth, with lead/support/deadline/recurrence lines below it.
func WriteMarkdown(w io.Writer, m Meta, items []Item) error {
	bw := bufio.NewWriter(w)
	title := "Danh mục nhiệm vụ"
	if m.Number != "" {
		title += " — " + cmp.Or(m.DocTypeLabel, "Văn bản") + " số " + m.Number
	}
	bw.WriteString("# " + mdText(title) + "\n\n")
	if m.Subject != "" {
		bw.WriteString("**" + mdText(m.Subject) + "**\n\n")
	}
	src := mdText(docLine(m))
	if m.URL != "" {
		src = "[" + src + "](<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(m.URL) + ">)"
	}
	bw.WriteString("Nguồn: " + src + "\n\n")
	if len(items) == 0 {
		bw.WriteString("_Không có nhiệm vụ._\n")
	}
	for _, it := range items {
		ind := strings.Repeat("  ", max(it.Depth, 0))
		box := "- [ ] "
		if it.Status == StatusDone {
			box = "- [x] "
		}
		line := ind + box
		if it.Label != "" {
			line += "**" + mdText(it.Label) + "** "
		}
		line += mdText(it.Text)
		if it.Status == StatusInProgress {
			line += " _(" + StatusLabel(it.Status) + ")_"
		}
		bw.WriteString(line + "\n")
		sub := ind + "  - "
		if len(it.Lead) > 0 {
			bw.WriteString(sub + "Chủ trì: " + mdText(strings.Join(it.Lead, orgSep)) + "\n")
		}
		if len(it.Support) > 0 {
			bw.WriteString(sub + "Phối hợp: " + mdText(strings.Join(it.Support, orgSep)) + "\n")
		}
		if d := deadlineString(it); d != "" {
			bw.WriteString(sub + "Thời hạn: " + mdText(d) + "\n")
		}
		if it.Recurrence != "" {
			bw.WriteString(sub + "Định kỳ: " + mdText(it.Recurrence) + "\n")
		}
		if it.Note != "" {
			bw.WriteString(sub + "Ghi chú: " + mdText(it.Note) + "\n")
		}
	}
	return bw.Flush()
}
