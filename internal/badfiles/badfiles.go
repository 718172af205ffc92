// Package badfiles generates, in memory, a corpus of hostile and broken
// input files: empty and binary files, broken, encrypted and oversized
// PDFs, zip bombs and entity bombs dressed as DOCX, decompression-bomb
// images, pathological HTML and text, and hostile file names. Each case
// states the outcome expected from reading it: a *ingest.Error with a
// stable code and a Vietnamese message, or (WantCode "") a document that is
// stored under a sanitised name.
//
// The tests of this package send every case through the sandboxed worker
// and through an archive, checking that failures leave nothing stored and
// that the reader survives.
package badfiles

import (
	"bytes"
	"strings"

	"vanthu/ingest"
)

// Case is one bad file.
type Case struct {
	Name     string // stable identifier of the case
	File     string // file name as uploaded (may itself be hostile)
	Data     []byte
	WantCode string // expected *ingest.Error code; "" when the file is read and stored
	Why      string // what the case exercises and why the outcome is right
}

// Codes of errors raised outside package ingest (kept here so that the
// corpus does not depend on the sandbox).
const (
	// CodeEncrypted is ingest.CodeEncrypted.
	CodeEncrypted = ingest.CodeEncrypted
)

// vietText is a short official text used where a case needs readable content.
const vietText = "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM\nSố: 12/KH-UBND\nKẾ HOẠCH\n" +
	"Kiểm tra tệp lỗi trong hệ thống văn thư\n1. Sở Thông tin và Truyền thông chủ trì thực hiện.\n"

// All returns every case. Data is generated on each call (about 2 MB in
// all, plus the oversize case whose MaxFileSize+1 zero bytes are never
// touched by a correct reader: the size is checked first).
func All() []Case {
	invalidUTF8 := []byte(vietText)
	invalidUTF8 = append(invalidUTF8[:20:20], append([]byte{0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1}, invalidUTF8[20:]...)...)

	longLine := strings.Repeat("kiểm tra tệp một dòng rất dài ", 10<<20/32)

	return []Case{
		// Empty and content-less files.
		{Name: "empty", File: "rong.txt", Data: nil, WantCode: ingest.CodeEmpty, Why: "zero bytes"},
		{Name: "whitespace", File: "khoang-trang.txt", Data: []byte(" \n\t\r\n   \n\u00a0\n"), WantCode: ingest.CodeEmpty, Why: "only blanks: nothing to extract"},
		{Name: "nul-filled", File: "nul.txt", Data: make([]byte, 64<<10), WantCode: ingest.CodeEmpty, Why: "only NUL bytes"},
		{Name: "oversize", File: "qua-lon.txt", Data: make([]byte, ingest.MaxFileSize+1), WantCode: ingest.CodeTooLarge, Why: "one byte over ingest.MaxFileSize; refused before reading"},

		// Binary junk, with and without a lying extension.
		{Name: "random-binary", File: "ngau-nhien.bin", Data: randomBytes(64<<10, 1), WantCode: ingest.CodeUnsupported, Why: "unknown content and extension"},
		{Name: "random-as-txt", File: "ngau-nhien.txt", Data: randomBytes(64<<10, 2), WantCode: ingest.CodeUnsupported, Why: "binary content named .txt: the extension is not trusted"},
		{Name: "elf-as-pdf", File: "chuong-trinh.pdf", Data: elfHeader(), WantCode: ingest.CodeCorrupt, Why: "an executable named .pdf is not a PDF"},
		{Name: "legacy-doc", File: "van-ban-cu.doc", Data: oleHeader(), WantCode: ingest.CodeUnsupported, Why: "OLE2 Word 97 file"},
		{Name: "ole-as-docx", File: "van-ban.docx", Data: oleHeader(), WantCode: ingest.CodeUnsupported, Why: "OLE2 content named .docx (sniffed as .doc)"},

		// PDFs.
		{Name: "pdf-truncated", File: "cat-ngang.pdf", Data: truncatedPDF(), WantCode: ingest.CodeCorrupt, Why: "cut off before the page tree"},
		{Name: "pdf-header-only", File: "chi-dau.pdf", Data: headerOnlyPDF(), WantCode: ingest.CodeCorrupt, Why: "signature and nothing else"},
		{Name: "pdf-broken-xref", File: "xref-hong.pdf", Data: brokenXrefPDF(), WantCode: "", Why: "wrong xref offsets: MuPDF repairs the table and reads the text"},
		{Name: "pdf-no-xref", File: "khong-xref.pdf", Data: noXrefPDF(), WantCode: "", Why: "no xref or trailer at all: repaired by scanning objects"},
		{Name: "pdf-encrypted", File: "mat-khau.pdf", Data: encryptedPDF(), WantCode: CodeEncrypted, Why: "standard security handler, no empty user password"},
		{Name: "pdf-javascript", File: "javascript.pdf", Data: javascriptPDF(), WantCode: "", Why: "OpenAction and named JavaScript are never run; the text is read"},
		{Name: "pdf-5000-pages", File: "5000-trang.pdf", Data: manyPagesPDF(5000), WantCode: ingest.CodeTooLarge, Why: "a page tree of 5000 pages (the same page object)"},
		{Name: "pdf-lying-count", File: "dem-sai.pdf", Data: lyingCountPDF(1000000), WantCode: ingest.CodeTooLarge, Why: "/Count 1000000 over one kid: MuPDF trusts the count, refused by the page limit"},
		{Name: "pdf-zero-pages", File: "khong-trang.pdf", Data: zeroPagesPDF(), WantCode: ingest.CodeCorrupt, Why: "an empty page tree"},
		{Name: "pdf-cyclic-pages", File: "vong-lap.pdf", Data: cyclicPagesPDF(), WantCode: ingest.CodeCorrupt, Why: "a page tree node that is its own kid"},

		// DOCX and zip.
		{Name: "docx-zip-bomb-part", File: "bom-nen.docx", Data: zipBombPart(), WantCode: ingest.CodeTooLarge, Why: "document.xml inflates to 80 MB"},
		{Name: "docx-zip-bomb-total", File: "bom-nen-tong.docx", Data: zipBombTotal(), WantCode: ingest.CodeTooLarge, Why: "parts inflate to 160 MB in all"},
		{Name: "docx-zip-bomb-lying", File: "bom-nen-gia.docx", Data: zipBombLying(), WantCode: ingest.CodeCorrupt, Why: "header claims 1 KB, stream inflates to 80 MB: stopped at the declared size"},
		{Name: "docx-many-entries", File: "nhieu-muc.docx", Data: manyEntriesDOCX(), WantCode: ingest.CodeTooLarge, Why: "6000 zip entries"},
		{Name: "docx-billion-laughs", File: "billion-laughs.docx", Data: billionLaughs(), WantCode: ingest.CodeCorrupt, Why: "nested entity declarations; DOCTYPE is refused"},
		{Name: "docx-xxe", File: "xxe.docx", Data: externalEntity(), WantCode: ingest.CodeCorrupt, Why: "external entity to /etc/passwd; DOCTYPE is refused"},
		{Name: "docx-no-document", File: "thieu-noi-dung.docx", Data: zipOf(docxPart{"[Content_Types].xml", []byte(contentTypes)}), WantCode: ingest.CodeCorrupt, Why: "no word/document.xml"},
		{Name: "docx-bad-xml", File: "xml-hong.docx", Data: docxWith("", "<w:p><w:r><w:t>Xin chào</w:r></w:p>"), WantCode: ingest.CodeCorrupt, Why: "mismatched XML tags"},
		{Name: "docx-truncated", File: "cat-ngang.docx", Data: GoodDOCX()[:300], WantCode: ingest.CodeCorrupt, Why: "zip cut off (no central directory)"},
		{Name: "zip-not-docx", File: "nen.zip", Data: zipOf(docxPart{"readme.txt", []byte("xin chào")}), WantCode: ingest.CodeCorrupt, Why: "a plain zip archive"},
		{Name: "zip-named-docx", File: "gia.docx", Data: zipOf(docxPart{"readme.txt", []byte("xin chào")}), WantCode: ingest.CodeCorrupt, Why: "a plain zip named .docx"},
		{Name: "zip-corrupt", File: "hong.docx", Data: append([]byte("PK\x03\x04"), randomBytes(2000, 3)...), WantCode: ingest.CodeCorrupt, Why: "zip signature, random body"},

		// Images.
		{Name: "png-bomb", File: "bom-anh.png", Data: pngBomb(50000, 50000), WantCode: ingest.CodeTooLarge, Why: "header claims 50000x50000 pixels (2.5 gigapixels)"},
		{Name: "jpeg-bomb", File: "bom-anh.jpg", Data: jpegBomb(), WantCode: ingest.CodeTooLarge, Why: "SOF claims 65000x65000 pixels"},
		{Name: "jpeg-truncated", File: "cat-ngang.jpg", Data: jpegOf(64, 64)[:40], WantCode: ingest.CodeNeedsOCR, Why: "cut inside the header: no text can be recognised"},
		{Name: "tiff-bogus-ifd", File: "ifd-sai.tif", Data: tiffBogus(), WantCode: ingest.CodeNeedsOCR, Why: "first IFD offset beyond the end of the file"},
		{Name: "tiff-ifd-loop", File: "ifd-vong.tif", Data: tiffLoop(), WantCode: ingest.CodeNeedsOCR, Why: "IFD chain that points at itself"},
		{Name: "gif", File: "anh.gif", Data: []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"), WantCode: ingest.CodeUnsupported, Why: "GIF is not a supported scan format"},
		{Name: "webp", File: "anh.webp", Data: append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 "), make([]byte, 32)...), WantCode: ingest.CodeUnsupported, Why: "WebP is not supported"},
		{Name: "bmp-as-png", File: "anh.png", Data: append([]byte("BM"), make([]byte, 60)...), WantCode: ingest.CodeCorrupt, Why: "BMP content named .png"},

		// HTML.
		{Name: "html-script-only", File: "chi-script.html", Data: []byte("<html><head><style>body{}</style><script>while(true){}</script></head><body><script>alert(1)</script></body></html>"), WantCode: ingest.CodeEmpty, Why: "no visible text"},
		{Name: "html-deep-nesting", File: "long-sau.html", Data: deepHTML(200000), WantCode: ingest.CodeCorrupt, Why: "200000 nested elements: the HTML parser stops at 512 open elements"},

		// Text.
		{Name: "invalid-utf8", File: "utf8-hong.txt", Data: invalidUTF8, WantCode: "", Why: "Vietnamese UTF-8 with stray invalid bytes: read with a warning"},
		{Name: "utf16le-no-bom", File: "utf16.txt", Data: utf16NoBOM(vietText, false), WantCode: "", Why: "UTF-16LE without byte order mark: recognised and decoded"},
		{Name: "utf16be-no-bom", File: "utf16be.txt", Data: utf16NoBOM(vietText, true), WantCode: "", Why: "UTF-16BE without byte order mark: recognised and decoded"},
		{Name: "long-line", File: "dong-dai.txt", Data: []byte(longLine), WantCode: "", Why: "a single 10 MB line"},
		{Name: "no-vietnamese", File: "english.txt", Data: []byte("This file has no Vietnamese at all.\nIt is a plain English note about nothing.\n"), WantCode: "", Why: "readable, extraction finds no fields"},

		// Hostile names (content is a good document; stored under a sanitised name).
		{Name: "name-traversal", File: "../../etc/passwd", Data: nameText(1), WantCode: "", Why: "directories are dropped"},
		{Name: "name-traversal-windows", File: `..\..\windows\van-ban.txt`, Data: nameText(2), WantCode: "", Why: "backslash directories are dropped"},
		{Name: "name-absolute", File: "/abs/path.txt", Data: nameText(3), WantCode: "", Why: "absolute path"},
		{Name: "name-nul", File: "van\x00ban.txt", Data: nameText(4), WantCode: "", Why: "NUL inside the name (cannot be a command-line argument)"},
		{Name: "name-control", File: "\x1b[31mdo\r\n.txt", Data: nameText(5), WantCode: "", Why: "terminal escape and line breaks in the name"},
		{Name: "name-dots", File: "..", Data: nameText(6), WantCode: "", Why: "a name that is only a parent reference"},
		{Name: "name-long", File: strings.Repeat("tên-rất-dài-", 400) + ".txt", Data: nameText(7), WantCode: "", Why: "a 6 KB name"},
		{Name: "name-invalid-utf8", File: "t\xffe\xfen.txt", Data: nameText(8), WantCode: "", Why: "invalid UTF-8 in the name"},
	}
}

// nameText is a small distinct document for each hostile-name case (distinct
// so that the archive does not treat them as duplicates).
func nameText(n int) []byte {
	return []byte(vietText + "Văn bản số " + strings.Repeat("I", n) + ".\n")
}

// jpegBomb is a valid small JPEG whose SOF0 header claims 65000x65000.
func jpegBomb() []byte {
	b := jpegOf(16, 16)
	i := bytes.Index(b, []byte{0xFF, 0xC0})
	if i < 0 {
		panic("badfiles: no SOF0 in generated JPEG")
	}
	// FF C0, length(2), precision(1), height(2), width(2)
	b[i+5], b[i+6] = 0xFD, 0xE8
	b[i+7], b[i+8] = 0xFD, 0xE8
	return b
}
