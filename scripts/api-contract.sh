#!/usr/bin/env bash
# The API contract, checked against a running server with the demo data: the OpenAPI document
# it serves passes openapi-spec-validator, and schemathesis (every check, a bounded and seeded
# number of examples) finds nothing. Both are pinned in requirements-test.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${KIOSQUE_SERVER_BIN:-target/debug/kiosque-server}
examples=${KIOSQUE_CONTRACT_EXAMPLES:-25}
dir=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
db="sqlite://$dir/kiosque.db"
# Rate limits out of the way: they are tested on their own, and would turn fuzzing into 429s.
"$bin" serve --listen 127.0.0.1:0 --database-url "$db" --static-dir dist \
  --outbox-dir "$dir/outbox" --demo true --signups-per-ip-per-hour 1000000 \
  --event-batches-per-ip-per-hour 1000000 > "$dir/server.log" 2>&1 &
pid=$!
base=
for _ in $(seq 1 100); do
  base=$(sed -n 's/.*listening on \(http:\/\/[0-9.:]*\).*/\1/p' "$dir/server.log" | head -1)
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { cat "$dir/server.log"; echo "contract: the server did not start" >&2; exit 1; }
key=$("$bin" site api-key demo --name contract --database-url "$db")
curl -sf "$base/v1/openapi.json" > "$dir/openapi.json"
python3 -m openapi_spec_validator "$dir/openapi.json"
# Through python3, not the `st` script: a fresh pyenv may not have its shim yet.
KIOSQUE_API_KEY="$key" python3 -m schemathesis.cli --config-file scripts/schemathesis.toml run "$base/v1/openapi.json" \
  --url "$base" --max-examples "$examples" --seed 20261201 --workers 1 \
  --no-color
if grep -q "panicked" "$dir/server.log"; then
  grep -B2 -A8 "panicked" "$dir/server.log" >&2
  echo "contract: the server panicked" >&2
  exit 1
fi
echo "contract: ok"
