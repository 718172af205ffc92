package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"time"

	"vanthu/internal/archive"
	"vanthu/internal/testgen"
	"vanthu/internal/testgen/synth"
)

// composeText returns the plain text of one synthetic document of about
// target bytes: a composed Party or State document whose body is lengthened
// with the opening and task paragraphs of further composed documents of the
// same layout (other topics, references and assignees).
func composeText(r *rand.Rand, i, target int) string {
	d := synth.Compose(fmt.Sprintf("load-%06d", i), r, i%2 == 0, synth.Types[i%len(synth.Types)])
	synth.Lengthen(d, r, target)
	l, err := testgen.ParseLayout(d.Layout())
	if err != nil { // composed layouts always parse; keep the raw layout otherwise
		return d.Layout()
	}
	return l.Text()
}

// prepare makes dir hold at least n documents: it writes the missing ones
// as .txt files into a temporary folder and ingests them with the real
// reader, extractor, store and index (archive.Ingest). Documents are
// deterministic (seed), so a partly filled directory is topped up: files
// already stored come back as duplicates.
func prepare(ctx context.Context, a *archive.Archive, n int, seed int64, docBytes int, log func(string, ...any)) error {
	have, err := a.Store.Count()
	if err != nil {
		return err
	}
	if have >= n {
		log("Kho %s đã có %d văn bản (>= %d): bỏ qua bước chuẩn bị.\n", a.Dir, have, n)
		return nil
	}
	start := time.Now()
	tmp, err := os.MkdirTemp("", "vanthu-load-src-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	r := rand.New(rand.NewSource(seed))
	seen := map[[32]byte]bool{}
	var total int64
	for i := 0; i < n; i++ {
		var text string
		for {
			text = composeText(r, i, docBytes-docBytes/5+r.Intn(docBytes/5*2+1))
			h := sha256.Sum256([]byte(text))
			if !seen[h] {
				seen[h] = true
				break
			}
		}
		total += int64(len(text))
		// 100 files per folder keeps directory listings small.
		sub := filepath.Join(tmp, fmt.Sprintf("%03d", i/100))
		if i%100 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("vb-%06d.txt", i)), []byte(text), 0o644); err != nil {
			return err
		}
	}
	genDur := time.Since(start)
	log("Đã sinh %d văn bản (trung bình %d byte) trong %s; đang nạp vào %s...\n", n, total/int64(n), genDur.Round(time.Millisecond), a.Dir)
	ingStart := time.Now()
	last := time.Now()
	sum, err := a.Ingest(ctx, []string{tmp}, archive.IngestOptions{Progress: func(done, all int) {
		if time.Since(last) >= 10*time.Second || done == all {
			last = time.Now()
			log("  nạp %d/%d (%.0f văn bản/s)\n", done, all, float64(done)/time.Since(ingStart).Seconds())
		}
	}})
	if err != nil {
		return err
	}
	if sum.IndexError != "" {
		return fmt.Errorf("%s", sum.IndexError)
	}
	if sum.Failed > 0 {
		for _, it := range sum.Items {
			if it.Status == archive.StatusFailed {
				return fmt.Errorf("%d tệp nạp lỗi, ví dụ %s: %s", sum.Failed, it.Path, it.Reason)
			}
		}
	}
	have, err = a.Store.Count()
	if err != nil {
		return err
	}
	log("Chuẩn bị xong trong %s (sinh %s, nạp %s: %d mới, %d trùng; kho có %d văn bản).\n",
		time.Since(start).Round(time.Millisecond), genDur.Round(time.Millisecond), time.Since(ingStart).Round(time.Millisecond),
		sum.Added, sum.Duplicates, have)
	if have < n {
		return fmt.Errorf("kho chỉ có %d văn bản sau khi nạp (cần %d)", have, n)
	}
	return nil
}
