#!/usr/bin/env bash
# Runs the Python example's tests against a live server started here from the built solution.
# Installs what it needs from Debian when it is missing (CI runs as root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python=/usr/bin/python3

if ! command -v protoc >/dev/null || ! command -v grpc_python_plugin >/dev/null || ! "$python" -c "import grpc, google.protobuf" 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-grpcio python3-protobuf protobuf-compiler protobuf-compiler-grpc >/dev/null
fi
bash "$here/generate.sh"

port=$("$python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()")
log=$(mktemp)
Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$port" Kestrel__Endpoints__Http__Url="http://127.0.0.1:0" \
  dotnet run --no-build --project "$root/src/Survival.Server" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT

cd "$here"
if ! SURVIVAL_ADDRESS="127.0.0.1:$port" "$python" test_survival_example.py; then
  echo "server log:"; cat "$log"
  exit 1
fi
