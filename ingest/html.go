package ingest

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"vanthu/internal/textnorm"
)

// dropTags are elements that never hold article text.
var dropTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Iframe: true, atom.Button: true,
	atom.Select: true, atom.Template: true, atom.Svg: true, atom.Head: true, atom.Input: true,
	atom.Textarea: true, atom.Object: true, atom.Embed: true, atom.Canvas: true,
}

// blockTags end a line before and after themselves.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Tr: true, atom.Table: true, atom.Ul: true,
	atom.Ol: true, atom.Blockquote: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Pre: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Figure: true, atom.Figcaption: true,
	atom.Hr: true, atom.Center: true, atom.Address: true, atom.Td: true, atom.Th: true, atom.Caption: true,
}

// chromeWords mark class or id tokens of site chrome.
var chromeWords = []string{
	"menu", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "footer", "sidebar", "share",
	"sharing", "social", "comment", "comments", "related", "banner", "ads", "advert", "advertisement",
	"quangcao", "login", "search", "copyright", "counter", "visit", "visitor", "thongke", "tinlienquan",
	"tinkhac", "othernews", "topbar", "toolbar", "print", "rating", "tags", "widget", "popup", "cookie",
}

var reClassToken = regexp.MustCompile(`[a-z0-9]+`)

func isChrome(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" && a.Key != "role" {
			continue
		}
		v := strings.ToLower(a.Val)
		if a.Key == "role" && (v == "navigation" || v == "banner" || v == "contentinfo" || v == "search") {
			return true
		}
		for _, tok := range reClassToken.FindAllString(v, -1) {
			for _, w := range chromeWords {
				if tok == w {
					// an official document's own footer ("Nơi nhận", the
					// signature) may sit in an element named like site chrome
					return !holdsDocumentFooter(n)
				}
			}
		}
	}
	return false
}

// holdsDocumentFooter reports whether n's text contains the distribution
// list or a signing-authority line of an official document.
func holdsDocumentFooter(n *html.Node) bool {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if b.Len() > 4000 {
			return
		}
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	t := b.String()
	return strings.Contains(t, "Nơi nhận") || strings.Contains(t, "T/M ") || strings.Contains(t, "TM. ") || strings.Contains(t, "KT. ") || strings.Contains(t, "K/T ")
}

// contentWords mark class or id tokens of an article's main container.
var contentWords = []string{
	"content", "article", "detail", "details", "post", "entry", "body", "noidung", "chitiet",
	"maincontent", "main", "story", "fulltext", "text", "news",
}

func isContentCandidate(n *html.Node) bool {
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main {
		return true
	}
	if n.DataAtom != atom.Div && n.DataAtom != atom.Section && n.DataAtom != atom.Td {
		return false
	}
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" && a.Key != "itemprop" {
			continue
		}
		for _, tok := range reClassToken.FindAllString(strings.ToLower(a.Val), -1) {
			for _, w := range contentWords {
				if tok == w || tok == "articlebody" {
					return true
				}
			}
		}
	}
	return false
}

var (
	// "10/04/2024 03:16 CH", "Th 6, 05/02/2021 | 09:29 SA", "Thứ Năm, 10/4/2024 - 15:16"
	reDateTime = regexp.MustCompile(`(?i)\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b.{0,12}\b\d{1,2}[:h]\d{2}\b|\b\d{1,2}[:h]\d{2}\b.{0,12}\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b`)
	reViews    = regexp.MustCompile(`^(lượt xem|số lượt xem|lượt đọc|lượt truy cập|đã xem|views?)\s*:?\s*[\d.,]+$`)
)

// chromeLines are whole lines of site chrome, compared folded and lower-cased.
var htmlChromeLines = []string{
	"in trang", "in bai", "in bai viet", "thong ke truy cap", "skip to main content", "xem voi co chu",
	"chia se", "dau trang", "ve dau trang", "len dau trang", "trang chu", "ban in", "gui email", "gui mail",
	"gui cho ban be", "quay lai", "tro ve", "facebook", "twitter", "zalo", "luu bai viet", "nghe doc bai",
	"font size", "co chu", "a a a", "a- a a+", "-a a +a", "binh luan", "gop y", "tweet", "like", "email",
	"dang nhap", "dang ky", "tim kiem", "rss", "print", "share", "top",
}

// htmlChromeFooters start the site's trailing matter; nothing after them is kept.
var htmlChromeFooters = []string{
	"cac tin tuc khac", "cac tin khac", "tin lien quan", "y kien ban doc", "thong ke truy cap",
	"tin cung chuyen muc", "bai viet lien quan", "tin moi nhat", "tin da dua", "lien ket website",
	"gui binh luan", "binh luan cua ban", "ban quyen thuoc",
}

func readHTML(data []byte) (*Document, error) {
	d := &Document{MediaType: "text/html", Pages: 1}
	enc, name, _ := charset.DetermineEncoding(data, "")
	if name != "utf-8" && enc != nil {
		if b, err := enc.NewDecoder().Bytes(data); err == nil {
			data, d.Encoding = b, name
		}
	}
	root, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, newError(CodeCorrupt, "Tệp HTML bị hỏng, không đọc được.", err)
	}
	meta := htmlMeta(root)
	body := findFirst(root, atom.Body)
	if body == nil {
		body = root
	}
	h1 := findFirst(body, atom.H1)
	headline := ""
	if h1 != nil {
		headline = collapseSpaces(strings.TrimSpace(textOf(h1)))
	}
	if headline == "" {
		headline = meta["og:title"]
	}
	hasArticleTag := findFirst(body, atom.Article) != nil
	dateLine := ""
	if h1 != nil {
		dateLine = dateAfter(h1)
	}

	chrome := prune(body)
	container := chooseContainer(body)
	w := &htmlWriter{}
	w.node(container)
	lines, chromeLines := filterChrome(w.lines())
	if dateLine == "" {
		for _, l := range lines[:min(len(lines), 12)] {
			if reDateTime.MatchString(l) && len(l) < 80 {
				dateLine = l
				break
			}
		}
	}

	text := strings.Join(lines, "\n")
	official := isOfficialText(lines)
	d.Article = !official && (meta["og:type"] == "article" || hasArticleTag || dateLine != "" || chrome > 0 || chromeLines || meta["article:published_time"] != "")
	if d.Article {
		var out []string
		if headline != "" {
			out = append(out, headline)
		}
		if dateLine != "" {
			out = append(out, dateLine)
		}
		for _, l := range lines {
			if l == headline || l == dateLine {
				continue
			}
			out = append(out, l)
		}
		text = strings.Join(out, "\n")
	}
	d.Text = textnorm.Clean(collapseBlank(strings.Split(text, "\n")))
	if strings.TrimSpace(d.Text) == "" {
		d.warn(WarnSuspicious, "Trang HTML không có nội dung văn bản.")
	}
	return d, nil
}

// isOfficialText reports whether lines begin like an official document:
// the national motto or the Party's name, and a "Số" line.
func isOfficialText(lines []string) bool {
	head := strings.ToUpper(strings.Join(lines[:min(len(lines), 25)], "\n"))
	motto := strings.Contains(head, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") || strings.Contains(head, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM") || strings.Contains(head, "ĐẢNG CỘNG SẢN VIỆT NAM")
	return motto && regexp.MustCompile(`(?m)(^|\s)SỐ\s*:?\s*\d`).MatchString(head)
}

func htmlMeta(root *html.Node) map[string]string {
	m := map[string]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
			var key, val string
			for _, a := range n.Attr {
				switch a.Key {
				case "property", "name":
					key = strings.ToLower(a.Val)
				case "content":
					val = a.Val
				}
			}
			if key != "" && m[key] == "" {
				m[key] = strings.TrimSpace(val)
			}
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Title && m["title"] == "" {
			m["title"] = strings.TrimSpace(textOf(n))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return m
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findFirst(c, a); f != nil {
			return f
		}
	}
	return nil
}

func textOf(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			sb.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
			if n.DataAtom == atom.Br {
				sb.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}

// dateAfter finds a date-time line among the text following n in document
// order, close to it (the publication line under a headline).
func dateAfter(n *html.Node) string {
	seen := 0
	for cur := next(n, true); cur != nil && seen < 40; cur = next(cur, false) {
		if cur.Type != html.TextNode {
			continue
		}
		t := collapseSpaces(strings.TrimSpace(cur.Data))
		if t == "" {
			continue
		}
		seen++
		if reDateTime.MatchString(t) && len([]rune(t)) < 80 {
			// take the whole block line holding it
			p := cur.Parent
			for p != nil && !blockTags[p.DataAtom] {
				p = p.Parent
			}
			if p != nil {
				if s := collapseSpaces(strings.TrimSpace(textOf(p))); len([]rune(s)) < 100 && reDateTime.MatchString(s) {
					return s
				}
			}
			return t
		}
	}
	return ""
}

// next returns the node after n in document order; skipChildren skips n's subtree.
func next(n *html.Node, skipChildren bool) *html.Node {
	if !skipChildren && n.FirstChild != nil {
		return n.FirstChild
	}
	for ; n != nil; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

// prune removes non-content elements and chrome containers, and returns
// how many navigation or chrome containers it removed. A chrome-looking
// container holding an <article> or a long text is kept.
func prune(n *html.Node) int {
	chrome := 0
	for c := n.FirstChild; c != nil; {
		nx := c.NextSibling
		switch {
		case c.Type == html.CommentNode:
			n.RemoveChild(c)
		case c.Type == html.ElementNode && (dropTags[c.DataAtom] || isChrome(c)) && !keeps(c):
			if c.DataAtom == atom.Nav || c.DataAtom == atom.Footer || c.DataAtom == atom.Aside || isChrome(c) {
				chrome++
			}
			n.RemoveChild(c)
		case c.Type == html.ElementNode && hidden(c):
			n.RemoveChild(c)
		default:
			chrome += prune(c)
		}
		c = nx
	}
	return chrome
}

// keeps reports whether a chrome-looking element holds the article itself.
func keeps(n *html.Node) bool {
	if n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Head {
		return false
	}
	if findFirst(n, atom.Article) != nil && n.DataAtom != atom.Article {
		return true
	}
	return len(strings.Fields(textOf(n))) > 300 && !(n.DataAtom == atom.Footer || n.DataAtom == atom.Nav)
}

func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "hidden" || a.Key == "aria-hidden" && a.Val == "true" {
			return true
		}
		if a.Key == "style" {
			s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
				return true
			}
		}
	}
	return false
}

// textStats counts the characters of n's text and of its link text.
func textStats(n *html.Node) (all, link int) {
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		if n.Type == html.TextNode {
			k := len(strings.TrimSpace(n.Data))
			all += k
			if inLink {
				link += k
			}
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			inLink = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(n, false)
	return
}

// chooseContainer picks the element holding the article body: among
// <article>, <main> and content-named blocks, the one with the most text
// outside links, narrowed to a descendant that holds nearly all of it.
func chooseContainer(body *html.Node) *html.Node {
	var best *html.Node
	bestScore := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && isContentCandidate(n) {
			all, link := textStats(n)
			if s := all - 2*link; s > bestScore {
				best, bestScore = n, s
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(body)
	bodyAll, bodyLink := textStats(body)
	if best == nil || bestScore < (bodyAll-bodyLink)/4 {
		return body
	}
	return best
}

// htmlWriter turns a node tree into lines, one per block element.
type htmlWriter struct {
	out []string
	cur strings.Builder
}

func (w *htmlWriter) flush() {
	s := collapseSpaces(strings.TrimSpace(w.cur.String()))
	w.cur.Reset()
	if s != "" {
		w.out = append(w.out, s)
	}
}

func (w *htmlWriter) lines() []string {
	w.flush()
	return w.out
}

func (w *htmlWriter) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		s := strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' || r == '\r' {
				return ' '
			}
			return r
		}, n.Data)
		w.cur.WriteString(s)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Br:
			w.flush()
			return
		case atom.Img:
			return
		case atom.Table:
			w.flush()
			w.table(n)
			return
		}
		if dropTags[n.DataAtom] {
			return
		}
	}
	block := n.Type == html.ElementNode && blockTags[n.DataAtom]
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
	if block {
		w.flush()
	}
	if n.Type == html.ElementNode && n.DataAtom == atom.P {
		w.out = append(w.out, "") // paragraph break
	}
}

// table writes a data table row by row with cells joined by " | ", a small
// two-column layout table column by column, and other layout tables cell
// by cell.
func (w *htmlWriter) table(t *html.Node) {
	var rows [][]*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				var cells []*html.Node
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
						cells = append(cells, td)
					}
				}
				rows = append(rows, cells)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				walk(c)
			}
		}
	}
	walk(t)
	ncols := 0
	for _, r := range rows {
		ncols = max(ncols, len(r))
	}
	cellLines := func(n *html.Node) []string {
		sub := &htmlWriter{}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			sub.node(c)
		}
		var out []string
		for _, l := range sub.lines() {
			if l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	if ncols >= 2 && isDataTable(rows) {
		for _, r := range rows {
			var cells []string
			for _, c := range r {
				cells = append(cells, strings.Join(cellLines(c), " "))
			}
			if strings.TrimSpace(strings.Join(cells, "")) != "" {
				w.out = append(w.out, strings.Join(cells, " | "))
			}
		}
		return
	}
	if ncols == 2 && len(rows) <= 12 {
		for c := range 2 {
			for _, r := range rows {
				if c < len(r) {
					w.out = append(w.out, cellLines(r[c])...)
				}
			}
		}
		return
	}
	for _, r := range rows {
		for _, c := range r {
			for ch := c.FirstChild; ch != nil; ch = ch.NextSibling {
				w.node(ch)
			}
			w.flush()
		}
	}
}

// isDataTable reports whether a table holds data (short cells, no nested
// tables, not the official layout) rather than page layout.
func isDataTable(rows [][]*html.Node) bool {
	ncols, cells, chars := 0, 0, 0
	var all strings.Builder
	for _, r := range rows {
		ncols = max(ncols, len(r))
		for _, c := range r {
			if findFirst(c, atom.Table) != nil {
				return false
			}
			t := textOf(c)
			all.WriteString(t)
			all.WriteByte('\n')
			cells++
			chars += len([]rune(strings.TrimSpace(t)))
		}
	}
	if cells == 0 || chars/cells > 200 {
		return false
	}
	s := strings.ToUpper(all.String())
	if strings.Contains(s, "CỘNG HÒA") || strings.Contains(s, "CỘNG HOÀ") || strings.Contains(s, "ĐẢNG CỘNG SẢN") || strings.Contains(s, "NƠI NHẬN") {
		return false
	}
	return ncols >= 3 || len(rows) > 4
}

// filterChrome drops site-chrome lines and cuts the page at its trailing
// matter (related news, comments, visit counters).
// It reports whether any chrome was seen.
func filterChrome(lines []string) ([]string, bool) {
	var out []string
	body := 0
	seen := false
	for _, l := range lines {
		if l == "" {
			out = append(out, l)
			continue
		}
		f := strings.Trim(strings.ToLower(textnorm.Fold(l)), " .:•|»«>-")
		if body >= 3 && isFooterLine(f) {
			return out, true
		}
		if isChromeLine(f) || reViews.MatchString(strings.ToLower(l)) {
			seen = true
			continue
		}
		body++
		out = append(out, l)
	}
	return out, seen
}

func isFooterLine(f string) bool {
	for _, c := range htmlChromeFooters {
		if f == c || strings.HasPrefix(f, c) && len(f) < len(c)+30 {
			return true
		}
	}
	return false
}

func isChromeLine(f string) bool {
	if isFooterLine(f) || strings.HasPrefix(f, "luot xem") && len(f) < 30 || strings.HasPrefix(f, "xem voi co chu") {
		return true
	}
	for _, c := range htmlChromeLines {
		if f == c {
			return true
		}
	}
	return false
}
