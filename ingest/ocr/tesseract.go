package ocr

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Word is one recognised word with its box in the preprocessed page image
// (after orientation and deskew) and Tesseract's confidence in 0..1.
type Word struct {
	Text string
	Box  image.Rectangle
	Conf float64
	// Block, Par and Line are Tesseract's layout ids; words sharing all three
	// were recognised as one text line.
	Block, Par, Line int
}

// tesseractBin is the Tesseract executable; tests may point it elsewhere.
var tesseractBin = "tesseract"

// pgm encodes g as a binary PGM, which Leptonica reads without decoding cost.
func pgm(g *gray) []byte {
	hdr := fmt.Sprintf("P5\n%d %d\n255\n", g.W, g.H)
	out := make([]byte, 0, len(hdr)+len(g.Pix))
	out = append(out, hdr...)
	return append(out, g.Pix...)
}

// runTesseract feeds img to the Tesseract CLI on stdin and returns its
// stdout. OMP_THREAD_LIMIT=1 keeps it on one core: parallelism comes from
// running several pages at once. The process is killed when ctx ends.
func runTesseract(ctx context.Context, img []byte, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, tesseractBin, append([]string{"stdin", "stdout"}, args...)...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.Stdin = bytes.NewReader(img)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 2 * time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 300 {
			msg = msg[:300]
		}
		return nil, fmt.Errorf("tesseract: %w: %s", err, msg)
	}
	return stdout.Bytes(), nil
}

// recognizeTSV runs Tesseract in automatic page segmentation mode and parses
// the word rows of its TSV output.
func recognizeTSV(ctx context.Context, g *gray, lang string, dpi int) ([]Word, error) {
	out, err := runTesseract(ctx, pgm(g), "-l", lang, "--psm", "3", "--dpi", strconv.Itoa(dpi), "tsv")
	if err != nil {
		return nil, err
	}
	return parseTSV(out), nil
}

// parseTSV extracts level-5 (word) rows of Tesseract TSV output.
func parseTSV(b []byte) []Word {
	var words []Word
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 12 || f[0] != "5" {
			continue
		}
		text := strings.TrimSpace(f[11])
		if text == "" {
			continue
		}
		n := make([]int, 10)
		bad := false
		for i := 0; i < 10; i++ {
			v, err := strconv.Atoi(f[i])
			if err != nil {
				bad = true
				break
			}
			n[i] = v
		}
		conf, err := strconv.ParseFloat(f[10], 64)
		if bad || err != nil || conf < 0 {
			continue
		}
		words = append(words, Word{
			Text:  text,
			Box:   image.Rect(n[6], n[7], n[6]+n[8], n[7]+n[9]),
			Conf:  conf / 100,
			Block: n[2], Par: n[3], Line: n[4],
		})
	}
	return words
}

// detectOrientation asks Tesseract OSD how far the page is rotated
// clockwise; ok is false when OSD is unavailable or unsure.
func detectOrientation(ctx context.Context, g *gray) (deg int, ok bool) {
	if !hasLang("osd") {
		return 0, false
	}
	out, err := runTesseract(ctx, pgm(g), "--psm", "0")
	if err != nil {
		return 0, false
	}
	var conf float64
	deg = -1
	for _, line := range strings.Split(string(out), "\n") {
		k, v, found := strings.Cut(line, ":")
		if !found {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "Rotate":
			deg, _ = strconv.Atoi(v)
		case "Orientation confidence":
			conf, _ = strconv.ParseFloat(v, 64)
		}
	}
	if deg < 0 || conf < 2 {
		return 0, false
	}
	return deg, true
}

var (
	langsOnce sync.Once
	langs     map[string]bool
	langsErr  error
)

func installedLangs() (map[string]bool, error) {
	langsOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, tesseractBin, "--list-langs").CombinedOutput()
		if err != nil {
			langsErr = err
			return
		}
		langs = map[string]bool{}
		for _, l := range strings.Split(string(out), "\n") {
			l = strings.TrimSpace(l)
			if l != "" && !strings.Contains(l, " ") {
				langs[l] = true
			}
		}
	})
	return langs, langsErr
}

func hasLang(l string) bool {
	m, err := installedLangs()
	return err == nil && m[l]
}

// ErrUnavailable is wrapped by Available's error when Tesseract or its
// Vietnamese data is missing.
var ErrUnavailable = errors.New("ocr unavailable")

// Available reports whether OCR can run: the tesseract binary and the
// Vietnamese traineddata must be installed. The error message is Vietnamese,
// for users.
func Available() error {
	if _, err := exec.LookPath(tesseractBin); err != nil {
		return fmt.Errorf("%w: Chưa cài Tesseract OCR. Hãy cài gói tesseract-ocr và tesseract-ocr-vie (ví dụ: apt-get install tesseract-ocr tesseract-ocr-vie)", ErrUnavailable)
	}
	if _, err := installedLangs(); err != nil {
		return fmt.Errorf("%w: Không chạy được Tesseract OCR (%v). Hãy cài lại gói tesseract-ocr", ErrUnavailable, err)
	}
	if !hasLang("vie") {
		return fmt.Errorf("%w: Tesseract chưa có dữ liệu tiếng Việt. Hãy cài gói tesseract-ocr-vie (apt-get install tesseract-ocr-vie)", ErrUnavailable)
	}
	return nil
}
