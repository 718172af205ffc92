#!/usr/bin/env bash
# The run command: installs what is missing, builds vanthu and runs it on the
# sample documents shipped in testdata/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
go build -o bin/vanthu ./cmd/vanthu
echo "Đã dựng bin/vanthu. Trích xuất các văn bản mẫu:"
for f in testdata/corpus/*; do
  case "$f" in *.gold.json|*/README.md) continue ;; esac
  [ -f "$f" ] || continue
  bin/vanthu extract --format text "$f" || true
done
