#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster:
#
#   scripts/with-postgres.sh <command> [args…]
#
# The cluster (initdb in a new temporary folder, trust authentication, superuser `postgres`)
# listens on a free port on 127.0.0.1 only, with its unix socket in that folder, and settings
# fit for tests (no fsync unless KIOSQUE_POSTGRES_DURABLE=1, 300 connections: many test
# servers each open a pool). The command
# gets KIOSQUE_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:<port>/postgres; whatever it
# does, the cluster is stopped and the folder deleted afterwards, and the script exits with
# the command's exit code. Runs at the same time never share a port or a folder.
#
# initdb refuses to run as root, so under root (CI) the cluster belongs to `nobody`.
# The binaries come from Debian's postgresql package: `make setup-postgres` installs it.
set -euo pipefail

me=with-postgres
if [ $# -eq 0 ]; then
  echo "usage: $0 <command> [args…]" >&2
  exit 2
fi

# The newest PostgreSQL installed by Debian's packages.
initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
bin=${initdb%/initdb}
if [ ! -x "$initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "$me: PostgreSQL not found (no initdb and pg_ctl under /usr/lib/postgresql/*/bin);" \
    "run \`make setup-postgres\` to install Debian's postgresql package" >&2
  exit 1
fi
version=${bin%/bin}
version=${version##*/}

# Who runs the cluster: ourselves, or `nobody` when we are root.
if [ "$(id -u)" = 0 ]; then
  pg_user=nobody
  if ! id "$pg_user" >/dev/null 2>&1; then
    echo "$me: running as root, but there is no user '$pg_user' to run PostgreSQL as" >&2
    exit 1
  fi
  if command -v runuser >/dev/null; then
    as_pg() { (cd "$dir" && runuser -u "$pg_user" -- "$@"); }
  else
    as_pg() {
      (cd "$dir" && setpriv --reuid="$(id -u "$pg_user")" --regid="$(id -g "$pg_user")" \
        --clear-groups -- "$@")
    }
  fi
else
  pg_user=$(id -un)
  as_pg() { (cd "$dir" && "$@"); }
fi

# The folder: under $TMPDIR unless the cluster's owner could not reach it there, or the
# socket's path would be too long (a unix socket's path has at most 107 bytes).
base=${TMPDIR:-/tmp}
dir=/
if [ ! -d "$base" ] || [ ${#base} -gt 60 ] ||
   { [ "$pg_user" = nobody ] && ! as_pg test -x "$base"; }; then
  base=/tmp
fi
dir=$(mktemp -d "$base/with-postgres.XXXXXX")

# From here on, whatever happens: stop the cluster, delete the folder, keep the exit code.
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  local rc=$?
  if [ -e "$dir/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" stop -D "$dir/data" -m immediate -s >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$pg_user" = nobody ]; then chown "$pg_user:" "$dir"; fi

if ! as_pg "$initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C \
     >"$dir/initdb.log" 2>&1; then
  echo "$me: initdb failed:" >&2
  cat "$dir/initdb.log" >&2
  exit 1
fi

cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/with-postgres.sh: a throwaway cluster for tests.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
EOF
# Tests need no durability; benchmarks (KIOSQUE_POSTGRES_DURABLE=1) keep PostgreSQL's
# defaults, so an acknowledged write is on disk as with SQLite's `full`.
if [ "${KIOSQUE_POSTGRES_DURABLE:-0}" != 1 ]; then
  printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$dir/data/postgresql.conf"
fi

# A port free on 127.0.0.1 now; another process may take it before the server does, in
# which case the start below is tried again on another port.
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
    return
  fi
  local port _
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 40000))
    # Nobody listens there if connecting fails.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "$me: found no free port" >&2
  return 1
}

started=
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  rm -f "$dir/postgres.log"
  if as_pg "$bin/pg_ctl" start -w -t 60 -s -D "$dir/data" -l "$dir/postgres.log" \
       -o "-p $port" >"$dir/pg_ctl.out" 2>&1; then
    started=1
    break
  fi
  if [ "$attempt" -lt 5 ] && grep -qs 'could not bind\|could not create any TCP/IP sockets' \
       "$dir/postgres.log"; then
    continue
  fi
  break
done
if [ -z "$started" ]; then
  echo "$me: PostgreSQL did not start:" >&2
  cat "$dir/pg_ctl.out" "$dir/postgres.log" >&2 2>/dev/null || true
  exit 1
fi

echo "$me: PostgreSQL $version cluster in $dir (user $pg_user), listening on 127.0.0.1:$port" >&2

export KIOSQUE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
rc=0
"$@" || rc=$?
exit "$rc"
