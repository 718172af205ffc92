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

	AnalyzerExact       = "vi"              // syllables, normalised
	AnalyzerFolded      = "vi_folded"       // syllables, normalised and folded
	AnalyzerBigram      = "vi_bigram"       // folded syllable bigrams, for phrase ranking
	AnalyzerBigramExact = "vi_bigram_exact" // normalised (not folded) syllable bigrams
	AnalyzerDocNum      = "vi_docnum"       // document numbers (keyword)
	AnalyzerKey         = "vi_keyword"      // whole value, NFC lower case with canonical tones
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
	// vi, vi_folded and vi_bigram give the tokens of the chains
	// vi_syllable | vi_normalize [| vi_fold [| vi_bigram]] in one pass with
	// a shared cache of syllable forms (see syllableAnalyzer).
	for name, mode := range map[string]int{AnalyzerExact: modeExact, AnalyzerFolded: modeFolded, AnalyzerBigram: modeBigram, AnalyzerBigramExact: modeBigramExact} {
		must(registry.RegisterAnalyzer(name, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return syllableAnalyzer{mode}, nil
		}))
	}
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

const (
	modeExact = iota
	modeFolded
	modeBigram
	modeBigramExact
)

// syllableAnalyzer is the fused form of the Vietnamese analyzer chains:
// tokens as vi_syllable cuts them, terms normalised (modeExact), also
// folded (modeFolded) or adjacent folded pairs (modeBigram). Tokens share
// one allocation and terms come from the syllable cache, which is what
// makes bulk indexing cheap; the terms must not be modified.
type syllableAnalyzer struct{ mode int }

func (a syllableAnalyzer) Analyze(input []byte) analysis.TokenStream {
	toks := make([]analysis.Token, 0, len(input)/5+1)
	start, pos := -1, 0
	for i := 0; i < len(input); {
		c := input[i]
		if c < utf8.RuneSelf { // ASCII fast path
			if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
				if start < 0 {
					start = i
				}
			} else if start >= 0 {
				emitAt(&toks, &start, &pos, input, i, a.mode)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(input[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || (start >= 0 && unicode.Is(unicode.Mn, r)) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			emitAt(&toks, &start, &pos, input, i, a.mode)
		}
		i += n
	}
	if start >= 0 {
		emitAt(&toks, &start, &pos, input, len(input), a.mode)
	}
	if a.mode == modeBigram || a.mode == modeBigramExact {
		return bigramTokens(toks)
	}
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		out[i] = &toks[i]
	}
	return out
}

// emitAt appends the token input[*start:end] (if its term is not empty).
func emitAt(toks *[]analysis.Token, start, pos *int, input []byte, end, mode int) {
	f := syllableForms(input[*start:end])
	term := f.fold
	if mode == modeExact || mode == modeBigramExact {
		term = f.norm
	}
	if len(term) > 0 {
		*pos++
		*toks = append(*toks, analysis.Token{Start: *start, End: end, Term: term, Position: *pos, Type: analysis.AlphaNumeric})
	}
	*start = -1
}

// bigramTokens returns the pairs of adjacent tokens, as the shingle filter
// (2, 2, no unigrams, " ") does.
func bigramTokens(toks []analysis.Token) analysis.TokenStream {
	if len(toks) < 2 {
		return nil
	}
	n := 0
	for _, t := range toks {
		n += len(t.Term) + 1
	}
	arena := make([]byte, 0, 2*n)
	pairs := make([]analysis.Token, len(toks)-1)
	out := make(analysis.TokenStream, len(pairs))
	for i := range pairs {
		a, b := &toks[i], &toks[i+1]
		at := len(arena)
		arena = append(arena, a.Term...)
		arena = append(arena, ' ')
		arena = append(arena, b.Term...)
		pairs[i] = analysis.Token{Start: a.Start, End: b.End, Term: arena[at:len(arena):len(arena)], Position: i + 1, Type: analysis.Shingle}
		out[i] = &pairs[i]
	}
	return out
}

// forms are the normalised and folded forms of a syllable.
type forms struct{ norm, fold []byte }

var formCache = struct {
	sync.RWMutex
	m map[string]*forms
}{m: map[string]*forms{}}

// maxCachedForms bounds the syllable cache (the vocabulary of syllables is
// small; numbers and foreign words are not).
const maxCachedForms = 500000

// syllableForms returns the forms of the raw syllable b (cached).
func syllableForms(b []byte) *forms {
	formCache.RLock()
	f := formCache.m[string(b)]
	formCache.RUnlock()
	if f != nil {
		return f
	}
	n := NormalizeTerm(string(b))
	f = &forms{norm: []byte(n), fold: []byte(textnorm.Fold(n))}
	formCache.Lock()
	if len(formCache.m) < maxCachedForms {
		formCache.m[string(b)] = f
	}
	formCache.Unlock()
	return f
}
