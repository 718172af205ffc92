// Package index is the full-text index of the archive: Vietnamese analyzers
// registered as Bleve components, the index mapping, query understanding
// (document numbers, "<type> <number>", abbreviations) and search.
package index

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/registry"

	"vanthu/internal/textnorm"
)

// Names of the analysis components this package registers with Bleve.
const (
	TokenizerSyllable = "vi_syllable"  // letters/digits runs, one token per syllable
	TokenizerDocNum   = "vi_docnum"    // the whole input as one token
	FilterNormalize   = "vi_normalize" // NFC, Ð->Đ, lower case, canonical tone placement
	FilterFold        = "vi_fold"      // diacritics stripped, đ->d
	FilterDocNum      = "vi_docnum"    // document number: upper case, no spaces, folded
	FilterBigram      = "vi_bigram"    // syllable bigrams (shingles) only

	AnalyzerExact  = "vi"         // syllables, normalised
	AnalyzerFolded = "vi_folded"  // syllables, normalised and folded
	AnalyzerBigram = "vi_bigram"  // folded syllable bigrams, for phrase ranking
	AnalyzerDocNum = "vi_docnum"  // document numbers (keyword)
	AnalyzerKey    = "vi_keyword" // whole value, NFC lower case with canonical tones
)

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterTokenizer(TokenizerSyllable, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return syllableTokenizer{}, nil
	}))
	must(registry.RegisterTokenizer(TokenizerDocNum, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return wholeTokenizer{}, nil
	}))
	must(registry.RegisterTokenFilter(FilterNormalize, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return termFilter(cached(NormalizeTerm, strings.ToLower)), nil
	}))
	must(registry.RegisterTokenFilter(FilterFold, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return termFilter(cached(textnorm.Fold, func(s string) string { return s })), nil
	}))
	must(registry.RegisterTokenFilter(FilterDocNum, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return termFilter(NormalizeNumber), nil
	}))
	must(registry.RegisterTokenFilter(FilterBigram, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return shingle.NewShingleFilter(2, 2, false, " ", "_"), nil
	}))
	analyzer := func(name, tokenizer string, filters ...string) {
		must(registry.RegisterAnalyzer(name, func(_ map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
			tok, err := cache.TokenizerNamed(tokenizer)
			if err != nil {
				return nil, err
			}
			a := &analysis.DefaultAnalyzer{Tokenizer: tok}
			for _, f := range filters {
				tf, err := cache.TokenFilterNamed(f)
				if err != nil {
					return nil, err
				}
				a.TokenFilters = append(a.TokenFilters, tf)
			}
			return a, nil
		}))
	}
	analyzer(AnalyzerExact, TokenizerSyllable, FilterNormalize)
	analyzer(AnalyzerFolded, TokenizerSyllable, FilterNormalize, FilterFold)
	analyzer(AnalyzerBigram, TokenizerSyllable, FilterNormalize, FilterFold, FilterBigram)
	analyzer(AnalyzerDocNum, TokenizerDocNum, FilterDocNum)
	analyzer(AnalyzerKey, TokenizerDocNum, FilterNormalize)
}

// NormalizeTerm is the exact-match form of a word: NFC, Ð->Đ, lower case,
// canonical tone placement ("Uỷ" -> "ủy").
func NormalizeTerm(s string) string { return textnorm.Key(s) }

// FoldTerm is the accent-insensitive form of a word ("Đảng" -> "dang").
func FoldTerm(s string) string { return textnorm.FoldKey(s) }

// NormalizeNumber is the keyword form of a document number: white space
// removed, upper case, diacritics folded ("28 - ct/tw" -> "28-CT/TW",
// "45/2010/nđ-cp" -> "45/2010/ND-CP").
func NormalizeNumber(s string) string {
	s = textnorm.Fold(textnorm.Clean(s))
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// HasDiacritics reports whether s carries any Vietnamese diacritic (or đ).
func HasDiacritics(s string) bool { return textnorm.Fold(s) != s }

// syllableTokenizer splits text at every character that is not a letter, a
// digit or a combining mark. Byte offsets refer to the input, so highlights
// of folded fields land on the original text.
type syllableTokenizer struct{}

func (syllableTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	start, pos := -1, 0
	digits := true
	emit := func(end int) {
		pos++
		typ := analysis.AlphaNumeric
		if digits {
			typ = analysis.Numeric
		}
		out = append(out, &analysis.Token{Start: start, End: end, Term: input[start:end], Position: pos, Type: typ})
		start, digits = -1, true
	}
	for i := 0; i < len(input); {
		r, n := utf8.DecodeRune(input[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (start >= 0 && unicode.Is(unicode.Mn, r)) {
			if start < 0 {
				start = i
			}
			if !unicode.IsDigit(r) {
				digits = false
			}
		} else if start >= 0 {
			emit(i)
		}
		i += n
	}
	if start >= 0 {
		emit(len(input))
	}
	return out
}

// wholeTokenizer emits the trimmed input as one token.
type wholeTokenizer struct{}

func (wholeTokenizer) Tokenize(input []byte) analysis.TokenStream {
	s := strings.TrimSpace(string(input))
	if s == "" {
		return nil
	}
	start := strings.Index(string(input), s)
	return analysis.TokenStream{{Start: start, End: start + len(s), Term: []byte(s), Position: 1, Type: analysis.AlphaNumeric}}
}

// cached memoises f for ASCII-free terms (the vocabulary of syllables is
// small); ASCII terms go through ascii instead. Safe for concurrent use.
func cached(f, ascii func(string) string) func(string) string {
	var m sync.Map
	var n atomic.Int64
	return func(s string) string {
		isASCII := true
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				isASCII = false
				break
			}
		}
		if isASCII {
			return ascii(s)
		}
		if v, ok := m.Load(s); ok {
			return v.(string)
		}
		r := f(s)
		if n.Add(1) < 500000 {
			m.Store(s, r)
		}
		return r
	}
}

// termFilter applies f to every token's term; offsets are kept.
type termFilter func(string) string

func (f termFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		s := f(string(t.Term))
		if s == "" {
			continue
		}
		t.Term = []byte(s)
		out = append(out, t)
	}
	return out
}
