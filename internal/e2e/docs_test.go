package e2e

// Synthetic test documents: a born-digital công văn rendered to a PDF with a
// text layer, and another one "scanned" (rendered to a grey page image with
// a little noise and wrapped in an image-only PDF).

import (
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"strings"
	"time"

	"vanthu/ingest/ocr"
	"vanthu/internal/testgen"
)

// testDoc is one generated document and what the UI must show for it.
type testDoc struct {
	File      string    // upload file name
	Data      []byte    // file content
	Number    string    // "27-CV/HU"
	Issued    time.Time // issue date
	Subject   string    // as printed ("V/v ...")
	Tasks     []testTask
	Scan      bool
	layoutSrc string
}

type testTask struct {
	Lead, Support string
	Deadline      time.Time
}

// day truncates t to a calendar date in UTC.
func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

func viLong(t time.Time) string {
	return fmt.Sprintf("ngày %d tháng %d năm %d", t.Day(), int(t.Month()), t.Year())
}

func viShort(t time.Time) string {
	return fmt.Sprintf("%02d/%02d/%d", t.Day(), int(t.Month()), t.Year())
}

// congVan composes a công văn of Huyện ủy Đồng Lâm with three numbered tasks,
// issued ten days before today with deadlines in the coming weeks.
func congVan(number, subject string, today time.Time, tasks []testTask, topic string) *testDoc {
	issued := day(today).AddDate(0, 0, -10)
	var b strings.Builder
	fmt.Fprintf(&b, `#left
ĐẢNG BỘ TỈNH SƠN NGUYÊN
HUYỆN ỦY ĐỒNG LÂM
*
Số %s
%s
#right
ĐẢNG CỘNG SẢN VIỆT NAM
Đồng Lâm, %s
#body
Kính gửi: Các tổ chức cơ sở đảng trực thuộc Huyện ủy.

Thực hiện chương trình công tác năm %d, Ban Thường vụ Huyện ủy yêu cầu các cơ quan, đơn vị thực hiện tốt %s như sau:

`, number, subject, viLong(issued), issued.Year(), topic)
	verbs := []string{
		"rà soát, tổng hợp số liệu, lập danh sách và đề xuất biện pháp khắc phục",
		"xây dựng kế hoạch kiểm tra, giám sát và hướng dẫn các cơ sở thực hiện",
		"theo dõi, đôn đốc việc thực hiện Công văn này và tổng hợp kết quả",
	}
	for i, t := range tasks {
		fmt.Fprintf(&b, "%d. %s chủ trì, phối hợp với %s %s; báo cáo kết quả về Ban Thường vụ Huyện ủy trước ngày %s.\n\n",
			i+1, t.Lead, t.Support, verbs[i%len(verbs)], viShort(t.Deadline))
	}
	b.WriteString(`Nhận được Công văn này, đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.
#footer-left
Nơi nhận:
- Như kính gửi,
- Thường trực Huyện ủy,
- Lưu Văn phòng Huyện ủy.
#footer-right
T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Trần Văn Minh
`)
	return &testDoc{Number: number, Issued: issued, Subject: subject, Tasks: tasks, layoutSrc: b.String()}
}

// makeDocs returns the born-digital PDF and the scanned PDF.
func makeDocs(today time.Time) (text, scan *testDoc, err error) {
	t0 := day(today)
	text = congVan("27-CV/HU", "V/v tăng cường công tác quản lý đảng viên đi làm ăn xa", today, []testTask{
		{Lead: "Ban Tổ chức Huyện ủy", Support: "Ủy ban Kiểm tra Huyện ủy", Deadline: t0.AddDate(0, 0, 20)},
		{Lead: "Ban Tuyên giáo Huyện ủy", Support: "Văn phòng Huyện ủy", Deadline: t0.AddDate(0, 0, 35)},
		{Lead: "Văn phòng Huyện ủy", Support: "Ban Tổ chức Huyện ủy", Deadline: t0.AddDate(0, 0, 50)},
	}, "một số nội dung về quản lý đảng viên")
	scan = congVan("31-CV/HU", "V/v kiểm tra công tác phòng chống thiên tai", today, []testTask{
		{Lead: "Ủy ban Kiểm tra Huyện ủy", Support: "Văn phòng Huyện ủy", Deadline: t0.AddDate(0, 0, 25)},
		{Lead: "Ban Dân vận Huyện ủy", Support: "Ban Tổ chức Huyện ủy", Deadline: t0.AddDate(0, 0, 40)},
	}, "công tác phòng chống thiên tai")
	scan.Scan = true

	text.File = "cong-van-27-HU.pdf"
	if text.Data, err = renderPDF(text.layoutSrc); err != nil {
		return nil, nil, err
	}
	scan.File = "ban-quet-31-HU.pdf"
	born, err := renderPDF(scan.layoutSrc)
	if err != nil {
		return nil, nil, err
	}
	if scan.Data, err = scanOf(born); err != nil {
		return nil, nil, err
	}
	return text, scan, nil
}

func renderPDF(src string) ([]byte, error) {
	l, err := testgen.ParseLayout(src)
	if err != nil {
		return nil, err
	}
	return testgen.PDF(l)
}

// scanOf renders the first page of a PDF at 300 dpi to grey paper with
// specks of dust, as a flatbed scanner would, and returns an image-only PDF of it.
func scanOf(pdf []byte) ([]byte, error) {
	img, _, err := ocr.PageImage(pdf, 1, 300)
	if err != nil {
		return nil, err
	}
	r := img.Bounds()
	g := image.NewGray(r)
	rnd := rand.New(rand.NewPCG(27, 31))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			v := int(color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y)
			v = 12 + v*230/255 // greyish paper, ink not quite black
			if rnd.IntN(3000) == 0 {
				v = 60 + rnd.IntN(100) // dust
			}
			g.SetGray(x, y, color.Gray{Y: uint8(v)})
		}
	}
	return testgen.ImagePDF(g)
}
