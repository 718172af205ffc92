package badfiles

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"strings"
	"unicode/utf16"
)

// docxPart is one entry of a generated zip.
type docxPart struct {
	name string
	body []byte
}

func zipOf(parts ...docxPart) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			panic(err)
		}
		w.Write(p.body)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`

const wDoc = `<?xml version="1.0" encoding="UTF-8"?>%s<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>`

func wPara(s string) string { return "<w:p><w:r><w:t>" + s + "</w:t></w:r></w:p>" }

func docxWith(doctype, body string) []byte {
	return zipOf(
		docxPart{"[Content_Types].xml", []byte(contentTypes)},
		docxPart{"word/document.xml", []byte(strings.Replace(strings.Replace(wDoc, "%s", doctype, 1), "%s", body, 1))},
	)
}

// GoodDOCX is a small valid Word document.
func GoodDOCX() []byte {
	return docxWith("", wPara("ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM")+wPara("Số: 12/KH-UBND")+
		wPara("KẾ HOẠCH")+wPara("Kiểm tra tệp lỗi trong hệ thống văn thư"))
}

// billionLaughs declares nested entities that expand to 10^9 "lol"s.
func billionLaughs() []byte {
	var dt strings.Builder
	dt.WriteString(`<!DOCTYPE lolz [<!ENTITY lol "lol">`)
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := "lol" + string(rune('0'+i))
		dt.WriteString(`<!ENTITY ` + name + ` "` + strings.Repeat("&"+prev+";", 10) + `">`)
		prev = name
	}
	dt.WriteString(`]>`)
	return docxWith(dt.String(), wPara("&lol9;"))
}

// externalEntity points an entity at a local file (XXE).
func externalEntity() []byte {
	return docxWith(`<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`, wPara("&xxe;"))
}

// deflateRaw writes a zip entry whose body is n bytes of filler, compressed
// (about 1000:1), with honest sizes in the headers.
func bombEntry(zw *zip.Writer, name string, n int) {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		panic(err)
	}
	chunk := bytes.Repeat([]byte("<w:p/>    "), 1<<16/10)
	for n > 0 {
		c := chunk[:min(len(chunk), n)]
		w.Write(c)
		n -= len(c)
	}
}

// zipBombPart: one document.xml that inflates to 80 MB (over the per-part cap).
func zipBombPart() []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(contentTypes))
	bombEntry(zw, "word/document.xml", 80<<20)
	zw.Close()
	return b.Bytes()
}

// zipBombTotal: many parts that together inflate to 160 MB.
func zipBombTotal() []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(strings.Replace(strings.Replace(wDoc, "%s", "", 1), "%s", wPara("Xin chào"), 1)))
	for i := range 16 {
		bombEntry(zw, "word/media/pad"+string(rune('a'+i))+".xml", 10<<20)
	}
	zw.Close()
	return b.Bytes()
}

// zipBombLying declares a tiny uncompressed size for a part that inflates
// to 80 MB.
func zipBombLying() []byte {
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestSpeed)
	chunk := bytes.Repeat([]byte("<w:p/>    "), 1<<16/10)
	crc := crc32.NewIEEE()
	for n := 80 << 20; n > 0; n -= len(chunk) {
		fw.Write(chunk)
		crc.Write(chunk)
	}
	fw.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("[Content_Types].xml")
	w.Write([]byte(contentTypes))
	rw, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(raw.Len()), UncompressedSize64: 1024})
	if err != nil {
		panic(err)
	}
	rw.Write(raw.Bytes())
	zw.Close()
	return b.Bytes()
}

func manyEntriesDOCX() []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(strings.Replace(strings.Replace(wDoc, "%s", "", 1), "%s", wPara("Xin chào"), 1)))
	for i := range 6000 {
		zw.CreateHeader(&zip.FileHeader{Name: "x/" + itoa(i), Method: zip.Store})
	}
	zw.Close()
	return b.Bytes()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var s []byte
	for ; i > 0; i /= 10 {
		s = append([]byte{byte('0' + i%10)}, s...)
	}
	return string(s)
}

func pngOf(w, h int) []byte {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// pngBomb is a valid small PNG whose header claims w x h pixels (the IHDR
// CRC is fixed up, so only decoding the pixels reveals the lie).
func pngBomb(w, h uint32) []byte {
	b := pngOf(8, 8)
	// IHDR data starts at 16: width, height; CRC over type+data at 29.
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

func jpegOf(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(1, 1, color.Black)
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil)
	return b.Bytes()
}

// tiffBogus is a little-endian TIFF header whose first IFD lies far outside
// the file, and an IFD chain of one entry pointing back at itself.
func tiffBogus() []byte {
	b := []byte("II*\x00")
	b = binary.LittleEndian.AppendUint32(b, 0x7ffffff0)
	b = append(b, make([]byte, 64)...)
	return b
}

func tiffLoop() []byte {
	b := []byte("II*\x00")
	b = binary.LittleEndian.AppendUint32(b, 8)
	b = binary.LittleEndian.AppendUint16(b, 1)                    // one entry
	b = append(b, 0, 1, 4, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f) // ImageWidth huge
	b = binary.LittleEndian.AppendUint32(b, 8)                    // next IFD: itself
	return b
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

func utf16NoBOM(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = binary.BigEndian.AppendUint16(b, u)
		} else {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
	}
	return b
}

func elfHeader() []byte {
	b := []byte("\x7fELF\x02\x01\x01\x00")
	b = append(b, make([]byte, 8)...)
	b = append(b, 2, 0, 0x3e, 0, 1, 0, 0, 0)
	return append(b, randomBytes(4000, 7)...)
}

func oleHeader() []byte {
	b := []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	return append(b, make([]byte, 4088)...)
}

func deepHTML(depth int) []byte {
	var b bytes.Buffer
	b.WriteString("<html><body>")
	for range depth {
		b.WriteString("<div>")
	}
	b.WriteString("Quyết định về việc kiểm tra tệp lồng sâu")
	return b.Bytes()
}
