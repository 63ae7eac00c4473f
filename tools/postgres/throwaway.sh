#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, run as the postgres user, trust
# authentication on 127.0.0.1 only, a free loopback port.
#   throwaway.sh start DIR   starts it and prints its Npgsql connection string (also written to DIR/connection)
#   throwaway.sh stop DIR    stops it and removes DIR
# Installs Debian's postgresql when no server binaries are found.
set -euo pipefail
command=${1:?usage: throwaway.sh start|stop DIR}
dir=${2:?usage: throwaway.sh start|stop DIR}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ "$command" = start ] && [ ! -x "$bin/initdb" ]; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 >/dev/null
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=off" start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Database=postgres;Username=postgres" | tee "$dir/connection"
    ;;
  stop)
    [ -d "$dir/data" ] && as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: throwaway.sh start|stop DIR" >&2; exit 2 ;;
esac
