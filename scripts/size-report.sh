#!/usr/bin/env bash
# Prints what a reader downloads for a page with a placeholder (loader, JS glue, wasm; the CSS
# is inside the wasm) as the server sends it: the brotli and gzip files made at build time
# (webpack.config.js), which the server serves as they are. Fails above either budget: brotli
# is what current browsers receive, gzip what the others do. The glue and the wasm carry a
# content hash in their names.
set -euo pipefail
dist=${1:-dist}
budget_br=${KIOSQUE_SIZE_BUDGET_BR:-126000}
budget_gz=${KIOSQUE_SIZE_BUDGET_GZ:-150000}
total_br=0
total_gz=0
one() {
  local found=("$dist"/$1)
  if [ "${#found[@]}" -ne 1 ] || [ ! -f "${found[0]}" ]; then
    echo "size: expected one $1 in $dist, found: ${found[*]}" >&2
    exit 1
  fi
  for variant in "${found[0]}.br" "${found[0]}.gz"; do
    if [ ! -f "$variant" ]; then
      echo "size: $variant is missing: the build writes it and the server sends it" >&2
      exit 1
    fi
  done
  echo "${found[0]}"
}
printf '%-45s %10s %10s %10s\n' file bytes brotli gzip
for pattern in kiosque.js 'kiosque_widget.????????????????.js' 'kiosque_widget_bg.????????????????.wasm'; do
  f=$(one "$pattern")
  raw=$(stat -c %s "$f")
  br=$(stat -c %s "$f.br")
  gz=$(stat -c %s "$f.gz")
  # A stale variant would be served for the wrong bytes: check that each decodes to the file.
  if ! cmp -s <(gzip -dc "$f.gz") "$f" \
    || ! cmp -s <(node -e 'process.stdout.write(require("zlib").brotliDecompressSync(require("fs").readFileSync(process.argv[1])))' "$f.br") "$f"; then
    echo "size: $f.br or $f.gz does not decode to $f" >&2
    exit 1
  fi
  total_br=$((total_br + br))
  total_gz=$((total_gz + gz))
  printf '%-45s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$br" "$gz"
done
printf '%-45s %10s %10d %10d\n' total '' "$total_br" "$total_gz"
printf '%-45s %10s %10d %10d\n' budget '' "$budget_br" "$budget_gz"
failed=0
if [ "$total_br" -gt "$budget_br" ]; then
  echo "size: FAILED: a reader downloads $total_br bytes brotli, over the $budget_br budget" >&2
  failed=1
fi
if [ "$total_gz" -gt "$budget_gz" ]; then
  echo "size: FAILED: a reader downloads $total_gz bytes gzip, over the $budget_gz budget" >&2
  failed=1
fi
[ "$failed" -eq 0 ] && echo "size: ok"
exit "$failed"
