#!/usr/bin/env bash
# Prints the gzip size of everything a reader downloads for a page with a placeholder
# (loader, JS glue, wasm; the CSS is inside the wasm) and fails above the budget. The glue and
# the wasm carry a content hash in their names (webpack.config.js).
set -euo pipefail
dist=${1:-dist}
budget=${KIOSQUE_SIZE_BUDGET:-150000}
total=0
one() {
  local found=("$dist"/$1)
  if [ "${#found[@]}" -ne 1 ] || [ ! -f "${found[0]}" ]; then
    echo "size: expected one $1 in $dist, found: ${found[*]}" >&2
    exit 1
  fi
  echo "${found[0]}"
}
printf '%-40s %10s %10s\n' file bytes gzip
for pattern in kiosque.js 'kiosque_widget.????????????????.js' 'kiosque_widget_bg.????????????????.wasm'; do
  f=$(one "$pattern")
  raw=$(stat -c %s "$f")
  gz=$(gzip -9c "$f" | wc -c)
  total=$((total + gz))
  printf '%-40s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-40s %10s %10d  (budget %d)\n' total '' "$total" "$budget"
if [ "$total" -gt "$budget" ]; then
  echo "size: FAILED: a reader downloads $total bytes gzip, over the $budget budget" >&2
  exit 1
fi
echo "size: ok"
