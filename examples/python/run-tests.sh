#!/usr/bin/env bash
# Runs the Python examples' tests (the client, and the Dask data side on a two-worker cluster it starts) against a live server started here from the built solution.
# Installs what it needs from Debian when it is missing (CI runs as root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python=/usr/bin/python3

if ! command -v protoc >/dev/null || ! command -v grpc_python_plugin >/dev/null \
  || ! "$python" -c "import grpc, google.protobuf, distributed, dask.dataframe, pandas, scipy.special" 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc \
    python3-distributed python3-dask python3-pandas python3-scipy >/dev/null
fi
bash "$here/generate.sh"

port=$("$python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()")
log=$(mktemp)
Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$port" Kestrel__Endpoints__Http__Url="http://127.0.0.1:0" \
  dotnet run --no-build --project "$root/src/Survival.Server" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT

cd "$here"
status=0
for tests in test_survival_example.py test_dask_remote_fit.py; do
  SURVIVAL_ADDRESS="127.0.0.1:$port" "$python" "$tests" || status=1
done
if [ "$status" -ne 0 ]; then
  echo "server log:"; cat "$log"
  exit 1
fi
