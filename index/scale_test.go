package index

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"vanthu/internal/document"
	"vanthu/internal/testgen"
	"vanthu/internal/testgen/synth"
)

// BenchmarkScale indexes a generated archive and measures bulk indexing
// throughput (extraction excluded), index size, query latency and memory:
//
//	VANTHU_SCALE_DOCS=100000 go test ./index -run XXX -bench Scale -benchtime 1x -timeout 2h
//
// With VANTHU_SCALE_DIR=DIR the index is built in DIR and kept; a later run
// with the same DIR and document count only measures the queries.
// VANTHU_SCALE_SPLIT=0 searches with one goroutine per query.
//
// Documents are composed by package synth (Party and State layouts),
// lengthened to 2.4-3.6 KB of realistic administrative text each
// (synth.Lengthen, as vanthu-load's) and turned into records from their
// gold annotations.
func BenchmarkScale(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("VANTHU_SCALE_DOCS"))
	if n <= 0 {
		b.Skip("set VANTHU_SCALE_DOCS, e.g. 100000")
	}
	for i := 0; i < b.N; i++ {
		runScale(b, n)
	}
}

func runScale(b *testing.B, n int) {
	if os.Getenv("VANTHU_SCALE_SPLIT") == "0" { // compare: one goroutine per query
		defer func(v uint64) { parallelMin = v }(parallelMin)
		parallelMin = math.MaxUint64
	}
	dir := os.Getenv("VANTHU_SCALE_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	var ix *Index
	reuse := false
	if x, err := Open(filepath.Join(dir, "index")); err == nil {
		if c, _ := x.Count(); c == uint64(n) {
			ix, reuse = x, true
			b.Logf("reusing the index in %s: queries only", dir)
		} else {
			x.Close()
		}
	}
	if ix == nil {
		os.RemoveAll(filepath.Join(dir, "index"))
		x, err := Create(filepath.Join(dir, "index"))
		if err != nil {
			b.Fatal(err)
		}
		ix = x
	}
	defer ix.Close()
	// The records are composed first and written as JSON lines (extraction
	// is not part of the measure), then read back and indexed as "vanthu
	// reindex" reads the database's JSON records: the build counts from the
	// first record read until the index is on disk and merged.
	r := rand.New(rand.NewSource(7))
	var queries []string
	var bytes int64
	recPath := filepath.Join(b.TempDir(), "records.jsonl")
	recFile, err := os.Create(recPath)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(recFile)
	enc := json.NewEncoder(w)
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("doc-%06d", i)
		d := synth.Compose(id, r, i%2 == 0, synth.Types[i%len(synth.Types)])
		synth.Lengthen(d, r, 2400+r.Intn(1201)) // ~3 KB, as the issue asks (vanthu-load's documents too)
		l, err := testgen.ParseLayout(d.Layout())
		if err != nil {
			b.Fatal(err)
		}
		rec := recordFromGold(d.Gold, l.Text())
		bytes += int64(len(rec.Text))
		if !reuse {
			if err := enc.Encode(rec); err != nil {
				b.Fatal(err)
			}
		}
		if i%(n/100+1) == 0 {
			subj := document.Val(rec.Subject)
			w := strings.Fields(subj)
			if len(w) > 6 {
				w = w[:6]
			}
			queries = append(queries, strings.Join(w, " "), FoldTerm(strings.Join(w, " ")), document.Val(rec.Number), "UBND "+strings.Join(w[min(1, len(w)):min(4, len(w))], " "))
		}
	}
	if os.Getenv("VANTHU_SCALE_DIR") != "" { // for profiling the query set alone
		os.WriteFile(filepath.Join(dir, "queries.txt"), []byte(strings.Join(queries, "\n")+"\n"), 0o644)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	recFile.Close()
	// Memory: resident set growth while indexing and querying, sampled.
	runtime.GC()
	rss0 := currentRSS()
	var rssMax atomic.Int64
	stopRSS := make(chan struct{})
	defer close(stopRSS)
	go func() {
		for {
			if v := currentRSS(); v > rssMax.Load() {
				rssMax.Store(v)
			}
			select {
			case <-stopRSS:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	start, c0 := time.Now(), cpuTime()
	if !reuse {
		recFile, err := os.Open(recPath)
		if err != nil {
			b.Fatal(err)
		}
		dec := json.NewDecoder(bufio.NewReaderSize(recFile, 1<<20))
		batch := make([]Entry, 0, 500)
		for i := 0; ; i++ {
			rec := document.New()
			if err := dec.Decode(rec); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
			batch = append(batch, Entry{ID: fmt.Sprintf("doc-%06d", i), Doc: rec, OpenTasks: len(rec.Tasks) > 0})
			if len(batch) == cap(batch) {
				if err := ix.Put(batch...); err != nil {
					b.Fatal(err)
				}
				batch = batch[:0]
			}
		}
		if err := ix.Put(batch...); err != nil {
			b.Fatal(err)
		}
		recFile.Close()
	}
	f0 := time.Now()
	if err := ix.finish(); err != nil {
		b.Fatal(err)
	}
	finishTime := time.Since(f0)
	indexTime := time.Since(start)
	indexCPU := cpuTime() - c0
	// The mixed query set, three times: as TestRelevance and the API call
	// Search (no highlights, no facets), then as "vanthu search" does
	// (highlights and facets).
	// CPU time per query is less disturbed by other load on the machine
	// than wall time (it still includes the process's GC work).
	var cpu []time.Duration
	type slow struct {
		q     string
		d     time.Duration
		total uint64
	}
	var slowest []slow
	measure := func(cli bool) []time.Duration {
		var lat []time.Duration
		for k := 0; k < 3; k++ {
			for _, q := range queries {
				start, c0 := time.Now(), cpuTime()
				res, err := ix.Search(Query{Text: q, Limit: 10, Highlight: cli, Facets: cli})
				if err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
				if !cli && k == 0 {
					slowest = append(slowest, slow{q, lat[len(lat)-1], res.Total})
				}
				if !cli {
					cpu = append(cpu, cpuTime()-c0)
				}
			}
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		return lat
	}
	lat, cli := measure(false), measure(true)
	sort.Slice(cpu, func(i, j int) bool { return cpu[i] < cpu[j] })
	size := dirSize(filepath.Join(dir, "index"))
	rate := float64(n) / indexTime.Seconds()
	if !reuse {
		b.ReportMetric(rate, "docs/s")
		b.ReportMetric(float64(n)/indexCPU.Seconds(), "docs/cpu-s")
	}
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(cli[len(cli)/2].Microseconds())/1000, "cli-p50-ms")
	b.ReportMetric(float64(cli[len(cli)*99/100].Microseconds())/1000, "cli-p99-ms")
	b.ReportMetric(float64(cpu[len(cpu)/2].Microseconds())/1000, "p50-cpu-ms")
	b.ReportMetric(float64(cpu[len(cpu)*99/100].Microseconds())/1000, "p99-cpu-ms")
	b.ReportMetric(float64(size)/(1<<20), "index-MB")
	peak := max(rssMax.Load(), currentRSS()) - rss0
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
	sort.Slice(slowest, func(i, j int) bool { return slowest[i].d > slowest[j].d })
	for _, sq := range slowest[:min(8, len(slowest))] {
		b.Logf("slow: %v %d hits %q", sq.d, sq.total, sq.q)
	}
	if reuse {
		b.Logf("%d queries p50 %v p99 %v, with highlights and facets p50 %v p99 %v (index reused: indexing not measured)",
			len(lat), lat[len(lat)/2], lat[len(lat)*99/100], cli[len(cli)/2], cli[len(cli)*99/100])
	}
	b.Logf("%d documents, %.1f MB of text; indexing %.0f docs/s (%.1f s, of which %.1f s final flush and merge); %d queries p50 %v p99 %v, with highlights and facets p50 %v p99 %v; index %.0f MB; peak RSS %d MB above the composed records",
		n, float64(bytes)/(1<<20), rate, indexTime.Seconds(), finishTime.Seconds(), len(lat), lat[len(lat)/2], lat[len(lat)*99/100],
		cli[len(cli)/2], cli[len(cli)*99/100], float64(size)/(1<<20), peak/1024)
}

// recordFromGold builds the record a correct extraction would give.
func recordFromGold(g synth.Gold, text string) *document.Document {
	d := document.New()
	d.DocType, d.DocTypeLabel = g.DocType, document.DocTypeLabels[g.DocType]
	d.Number, d.IssuedDate, d.IssuedPlace, d.Subject = g.Number, g.IssuedDate, g.IssuedPlace, g.Subject
	d.Issuer = document.Issuer{Name: g.Issuer, Parent: g.IssuerParent}
	d.Recipients, d.Distribution = g.Recipients, g.Distribution
	for _, r := range g.References {
		d.References = append(d.References, document.Reference{Number: r})
	}
	for _, t := range g.Tasks {
		d.Tasks = append(d.Tasks, document.Task{Label: t.Label, Text: t.StartsWith, Lead: t.Lead, Support: t.Support})
	}
	d.Text = text
	d.Normalize()
	return d
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}

// cpuTime returns the CPU time (user + system) used by the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
}

// currentRSS returns the process's resident set size in KB (Linux).
func currentRSS() int64 { return procStatus("VmRSS:") }

// procStatus returns the value in KB of a line of /proc/self/status.
func procStatus(key string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, key) {
			v, _ := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
			return v
		}
	}
	return 0
}
