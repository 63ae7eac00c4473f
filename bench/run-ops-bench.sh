#!/usr/bin/env bash
# Load and memory figures of the published server on loopback, with authentication and metrics on (default settings):
#   bash bench/run-ops-bench.sh memory      sixteen concurrent heavy calls: statuses and the server's peak RSS (VmHWM)
#   bash bench/run-ops-bench.sh calibrate   one call of each heavy kind on a fresh server: idle and peak RSS, the
#                                           figures the memory costs of src/Survival.Server/Operations/CallCost.cs rest on
#   bash bench/run-ops-bench.sh load        seven-patient EstimateSurvival vs the health check, 256 in flight (h2load:
#                                           4 connections x 64 streams, ROUNDS alternating runs of SECONDS_PER_RUN each)
#   bash bench/run-ops-bench.sh attacks     issue 23's attacks at once under the pod's heap limit (DOTNET_GCHeapHardLimit
#                                           768 MiB), API key and JWT on, beside normal calls and a readiness probe;
#                                           exits non-zero when an outcome is not the expected one
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-load}"
server=""
server_heap_limit=""
out=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$out"' EXIT
bash tools/publish.sh "$out/server" >/dev/null
dotnet build -c Release -v q bench/Survival.OpsBench >/dev/null
bench=bench/Survival.OpsBench/bin/Release/net10.0/Survival.OpsBench.dll
key="bench-$(date +%s%N)"
port=""

start_server() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  http_port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$port" Kestrel__Endpoints__Http__Url="http://127.0.0.1:$http_port" \
    Survival__Auth__ApiKeys__0="$key" FONTCONFIG_FILE=/dev/null env ${server_heap_limit:+DOTNET_GCHeapHardLimit=$server_heap_limit} \
    dotnet "$out/server/Survival.Server.dll" >"$out/server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.2; done
}

case "$mode" in
  attacks)
    # What .NET takes inside the 1 GiB pod of deploy/k8s — the server's limit only: the attacking client builds bodies
    # of 164 MB and must not be the process that runs out. JWT settings as an identity provider's, beside the API key.
    server_heap_limit=0x30000000
    export Authentication__Schemes__Bearer__ValidIssuer=https://issuer.bench Authentication__Schemes__Bearer__ValidAudiences__0=survival
    export Authentication__Schemes__Bearer__SigningKeys__0__Issuer=https://issuer.bench
    export Authentication__Schemes__Bearer__SigningKeys__0__Value="$(head -c 32 /dev/urandom | base64)"
    start_server
    dotnet "$bench" attacks "http://127.0.0.1:$port" "http://127.0.0.1:$http_port" "$server" "$key" "$out/server.log" ;;
  memory)
    start_server
    dotnet "$bench" memory "http://127.0.0.1:$port" "$server" "$key" ;;
  calibrate)
    # No admission: the point is what each call really takes.
    export Survival__MemoryBudgetMiB=65536
    for kind in ${KINDS:-plot landmarks groups subjects columns stream cox json}; do
      start_server
      echo "== $kind"
      SURVIVAL_HTTP="http://127.0.0.1:$http_port" SURVIVAL_KEY="$key" dotnet "$bench" memory "http://127.0.0.1:$port" "$server" "$key" "$kind" 1
    done ;;
  *)
    command -v h2load >/dev/null || apt-get install -y -qq nghttp2-client >/dev/null
    start_server
    dotnet "$bench" bodies "$out"
    run() { # run NAME PATH SECONDS: one h2load run; its per-request log goes to $out/NAME.log
      rm -f "$out/$1.log"
      h2load -c 4 -m 64 -D "$3" -d "$out/$1.bin" --log-file="$out/$1.log" -H 'content-type: application/grpc' -H 'te: trailers' \
        -H "authorization: Bearer $key" "http://127.0.0.1:$port$2" | grep -E '^(finished|status codes)' >&2
    }
    estimate=/survival.v1.SurvivalAnalysis/EstimateSurvival health=/grpc.health.v1.Health/Check
    run estimate "$estimate" 3 && run health "$health" 3 # warm-up: JIT tiers, pools, connections
    for round in $(seq "${ROUNDS:-3}"); do
      run health "$health" "${SECONDS_PER_RUN:-10}"
      run estimate "$estimate" "${SECONDS_PER_RUN:-10}"
      echo "round $round (load $(cut -d' ' -f1 /proc/loadavg)): $(python3 bench/load-figures.py "$out/health.log" "$out/estimate.log")"
    done
    # h2load sees HTTP 200 only; the server's own counter gives every call's gRPC status.
    echo "calls by method and gRPC status:"
    curl -s "http://127.0.0.1:$http_port/metrics" | grep '^survival_rpc_calls_total' | grep -oE 'rpc_grpc_status_code="[^"]*"|rpc_method="[^"]*"|[0-9]+$' | paste - - - ;;
esac
