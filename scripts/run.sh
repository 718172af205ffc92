#!/usr/bin/env bash
# The run command: installs what is missing, builds vanthu, shows extraction
# on a few sample documents, stores the sample corpus in ./vanthu-data, runs
# a search typed without diacritics, then starts the web application
# (vanthu serve) on it and prints its address.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
go build -o bin/vanthu ./cmd/vanthu
echo "Đã dựng bin/vanthu."
echo
echo "== Trích xuất một số văn bản mẫu (PDF, DOCX, bảng mã TCVN3, trang tin HTML, văn bản vỡ bố cục)"
for f in testdata/corpus/syn-01.pdf testdata/corpus/syn-02.docx testdata/corpus/syn-03.tcvn3.txt \
         testdata/corpus/news-21.html testdata/corpus/pa-13.txt; do
  [ -f "$f" ] && bin/vanthu extract --format text "$f" || true
done
DATA="${VANTHU_DATA:-vanthu-data}"
echo "== Lưu kho văn bản mẫu vào $DATA"
find testdata/corpus -maxdepth 1 -type f ! -name '*.gold.json' ! -name 'README.md' -print0 |
  xargs -0 bin/vanthu ingest --data "$DATA" | tail -n 4 || true
echo
echo "== Tìm kiếm không dấu: \"phat trien dang vien\""
bin/vanthu search --data "$DATA" --format text --limit 5 "phat trien dang vien"
echo
echo "Dòng lệnh: bin/vanthu extract TỆP | bin/vanthu search --data $DATA \"CÂU TÌM\" | bin/vanthu show --data $DATA ID | bin/vanthu checklist --data $DATA ID"
ADDR="${VANTHU_ADDR:-127.0.0.1:8080}"
echo
echo "== Khởi động ứng dụng web: mở http://$ADDR/ trong trình duyệt (Ctrl+C để dừng)"
exec bin/vanthu serve --data "$DATA" --addr "$ADDR"
