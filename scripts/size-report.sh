#!/usr/bin/env bash
# Prints what a reader downloads, as the server sends it: the brotli and gzip files made at
# build time (webpack.config.js), which the server serves as they are. A page per module: one
# whose placeholders are all of one kind (the loader and that kind's module), and one with
# several kinds (the loader and the module with every kind). The loader carries the base and
# paywall rules; every module but the paywall's has a stylesheet of its own. Fails above
# a budget: brotli is what current browsers receive, gzip what the others do. The glue and
# the wasm carry a content hash in their names.
set -euo pipefail
dist=${1:-dist}
failed=0
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
# page LABEL BROTLI_BUDGET GZIP_BUDGET FILE_PATTERN...
page() {
  local label=$1 budget_br=$2 budget_gz=$3
  shift 3
  local total_br=0 total_gz=0
  echo "$label"
  printf '  %-45s %10s %10s %10s\n' file bytes brotli gzip
  for pattern in "$@"; do
    local f raw br gz
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
    printf '  %-45s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$br" "$gz"
  done
  printf '  %-45s %10s %10d %10d\n' total '' "$total_br" "$total_gz"
  printf '  %-45s %10s %10d %10d\n' budget '' "$budget_br" "$budget_gz"
  if [ "$total_br" -gt "$budget_br" ]; then
    echo "size: FAILED: $label: $total_br bytes brotli, over the $budget_br budget" >&2
    failed=1
  fi
  if [ "$total_gz" -gt "$budget_gz" ]; then
    echo "size: FAILED: $label: $total_gz bytes gzip, over the $budget_gz budget" >&2
    failed=1
  fi
}
hashed='????????????????'
# A page whose placeholders are all of one kind gets that kind's module (issue 13's goals:
# paywalls at most 100 KB brotli, any other single kind at most 110 KB); a page with several
# kinds gets the module with every kind.
page "a page with paywalls only" "${KIOSQUE_SIZE_BUDGET_PAYWALL_BR:-100000}" "${KIOSQUE_SIZE_BUDGET_PAYWALL_GZ:-115000}" \
  kiosque.js "kiosque_paywall.$hashed.js" "kiosque_paywall_bg.$hashed.wasm"
for kind in teasers webinar offers survey; do
  page "a page with $kind only" "${KIOSQUE_SIZE_BUDGET_KIND_BR:-110000}" "${KIOSQUE_SIZE_BUDGET_KIND_GZ:-125000}" \
    kiosque.js "kiosque_$kind.$hashed.js" "kiosque_${kind}_bg.$hashed.wasm" "kiosque_$kind.$hashed.css"
done
page "a page with several kinds" "${KIOSQUE_SIZE_BUDGET_BR:-128500}" "${KIOSQUE_SIZE_BUDGET_GZ:-150000}" \
  kiosque.js "kiosque_widget.$hashed.js" "kiosque_widget_bg.$hashed.wasm" "kiosque_widget.$hashed.css"
[ "$failed" -eq 0 ] && echo "size: ok"
exit "$failed"
