#!/usr/bin/env bash
# A throwaway PostgreSQL for the central server's tests: its own data folder in a temp
# dir, listening only on a unix socket there, no fsync (nothing in it is kept).
#
#   bash scripts/postgres.sh start   prints two lines: the SQLAlchemy URL of its
#                                    "postgres" database, then the command that stops it
#   bash scripts/postgres.sh stop DIR
#
# Uses Debian's binaries (/usr/lib/postgresql/<version>/bin, 15 preferred). PostgreSQL
# refuses to run as root: as root, the server runs as the `postgres` user.
# On failure, start prints the reason on stderr and exits 1.
set -euo pipefail

die() { echo "$*" >&2; exit 1; }

bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local bin dir
  bin=$(bin_dir) || die "no PostgreSQL binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "running as root and there is no postgres user to run the server as"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/central-pg.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  if ! as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale \
         --no-sync >"$dir/initdb.log" 2>&1; then
    local why
    why=$(tail -n 1 "$dir/initdb.log")
    rm -rf "$dir"
    die "initdb failed: $why"
  fi
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
         -o "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
         start >/dev/null 2>&1; then
    local why
    why=$(tail -n 1 "$dir/server.log" 2>/dev/null || echo "no log")
    rm -rf "$dir"
    die "the server did not start: $why"
  fi
  echo "postgresql+psycopg://postgres@/postgres?host=$dir"
  echo "bash $(cd "$(dirname "$0")" && pwd)/postgres.sh stop $dir"
}

stop() {
  local dir=${1:?usage: postgres.sh stop DIR}
  case "$dir" in
    */central-pg.*) ;;
    *) die "not a folder this script made: $dir" ;;
  esac
  local bin
  if bin=$(bin_dir) && [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) die "usage: $0 start | stop DIR" ;;
esac
