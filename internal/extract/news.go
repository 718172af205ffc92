package extract

import "strings"

// newsInfo is what a web article's page gives.
type newsInfo struct {
	headline  string
	date      string
	byline    string
	bylineAt  int
	bodyStart int
}

// looksLikeNews reports a web article: no official header, and either site
// chrome or a short headline followed by running text.
func looksLikeNews(ls []line, chrome bool) bool {
	nb := nonBlank(ls)
	if len(nb) < 2 {
		return false
	}
	for _, l := range nb[:min(len(nb), 6)] {
		if dateTimeRe.MatchString(l.text) {
			return true
		}
	}
	first := nb[0].text
	if subjectStart(nb[0]) || strings.HasSuffix(first, ":") || strings.HasSuffix(first, ".") || len([]rune(first)) > 300 {
		return chrome && len(nb) > 3
	}
	if len(nb) < 3 {
		return false
	}
	return chrome || bodyLike(nb[1]) && len(strings.Fields(first)) >= 5
}

// newsFields finds the headline (the line before the date-time line, else
// the first line), the publication date and the byline (the last short
// line that reads as a name).
func newsFields(ls []line) newsInfo {
	n := newsInfo{bylineAt: -1}
	dt := -1
	for i := 0; i < len(ls) && i < 15; i++ {
		if m := dateTimeRe.FindStringSubmatch(ls[i].text); m != nil {
			n.date = isoDate(m[1], m[2], m[3])
			dt = i
			break
		}
	}
	if dt >= 0 {
		for i := dt - 1; i >= 0; i-- {
			if ls[i].text != "" && !isUpperLine(ls[i].text) {
				n.headline = ls[i].text
				break
			}
		}
		n.bodyStart = dt + 1
		// the headline is often repeated right after the date
		for i := dt + 1; i < len(ls) && i < dt+4; i++ {
			if ls[i].text == n.headline {
				n.bodyStart = i + 1
			}
		}
	} else {
		for i, l := range ls {
			if l.text != "" {
				n.headline = l.text
				n.bodyStart = i + 1
				break
			}
		}
	}
	for i := len(ls) - 1; i > n.bodyStart; i-- {
		t := ls[i].text
		if t == "" {
			continue
		}
		if name := stripByline(t); looksLikeName(name) && len(strings.Fields(name)) <= 5 {
			n.byline = name
			n.bylineAt = i
		}
		break
	}
	return n
}
