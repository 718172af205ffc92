#!/usr/bin/env bash
# Installs what vanthu needs on Debian when it is missing: Go (the module's
# toolchain is fetched by the go command from the module proxy), a C compiler
# for MuPDF (go-fitz), Tesseract with Vietnamese data, and fonts used by the
# test-document generator. Safe to run repeatedly.
set -euo pipefail

need=()
command -v go >/dev/null 2>&1 || need+=(golang-go)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
if command -v tesseract >/dev/null 2>&1; then
  tesseract --list-langs 2>/dev/null | grep -qx vie || need+=(tesseract-ocr-vie)
  tesseract --list-langs 2>/dev/null | grep -qx osd || need+=(tesseract-ocr-osd)
else
  need+=(tesseract-ocr-vie tesseract-ocr-osd)
fi
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || need+=(fonts-dejavu-core fonts-dejavu-extra)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
dpkg -s libtesseract-dev >/dev/null 2>&1 || need+=(libtesseract-dev)
# the browser tests drive Debian's Chromium (scripts/test.sh sets this)
if [ "${VANTHU_NEED_BROWSER:-}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "Cài đặt gói còn thiếu: ${need[*]}" >&2
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
go version >&2
