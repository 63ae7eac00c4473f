#!/usr/bin/env bash
# Load and memory figures of the published server on loopback, with authentication on (and metrics, when built in):
#   bash bench/run-ops-bench.sh memory   sixteen concurrent heavy calls: statuses and the server's peak RSS (VmHWM)
#   bash bench/run-ops-bench.sh load     seven-patient EstimateSurvival vs the health check, 256 in flight
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-load}"
server=""
out=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$out"' EXIT
bash tools/publish.sh "$out/server" >/dev/null
dotnet build -c Release -v q bench/Survival.OpsBench >/dev/null
port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
key="bench-$(date +%s%N)"
Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$port" Kestrel__Endpoints__Http__Url="http://127.0.0.1:0" \
  Survival__Auth__ApiKeys__0="$key" FONTCONFIG_FILE=/dev/null dotnet "$out/server/Survival.Server.dll" >"$out/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.2; done
bench=bench/Survival.OpsBench/bin/Release/net10.0/Survival.OpsBench.dll
if [ "$mode" = memory ]; then
  dotnet "$bench" memory "http://127.0.0.1:$port" "$server" "$key"
else
  dotnet "$bench" load "http://127.0.0.1:$port" "$key" "${IN_FLIGHT:-256}" "${SECONDS_PER_RUN:-10}"
fi
