#!/usr/bin/env bash
# Prints the gzip size of everything a reader downloads for a page with a placeholder
# (loader, JS glue, wasm; the CSS is inside the wasm) and fails above the budget.
set -euo pipefail
dist=${1:-dist}
budget=${KIOSQUE_SIZE_BUDGET:-150000}
total=0
printf '%-28s %10s %10s\n' file bytes gzip
for f in kiosque.js kiosque_widget.js kiosque_widget_bg.wasm; do
  raw=$(stat -c %s "$dist/$f")
  gz=$(gzip -9c "$dist/$f" | wc -c)
  total=$((total + gz))
  printf '%-28s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-28s %10s %10d  (budget %d)\n' total '' "$total" "$budget"
if [ "$total" -gt "$budget" ]; then
  echo "size: FAILED: a reader downloads $total bytes gzip, over the $budget budget" >&2
  exit 1
fi
echo "size: ok"
