#!/usr/bin/env bash
# The registry benchmark (issue 8), in one run on this machine:
#   1. 10,000,000 subjects (integer days up to 3650, three arms) as Parquet, and a CSV copy for R;
#   2. `survival analyze registry.parquet` in-process (published Release CLI): elapsed seconds and peak memory;
#   3. the same through --server against a published Release server on a free loopback port;
#   4. a counts-form AnalyzeCohort call: median and 95th-percentile milliseconds;
#   5. R end to end: data.table::fread + survfit + survdiff + coxph (tools/bench/r-registry.R).
# Prints one JSON line. Usage: bench/run-registry-bench.sh [SUBJECTS] (default 10000000). Needs /usr/bin/time, Rscript.
set -euo pipefail
cd "$(dirname "$0")/.."
subjects=${1:-10000000}
work=${BENCH_DIR:-$(mktemp -d /tmp/survival-registry-bench.XXXXXX)}
mkdir -p "$work"

dotnet publish src/Survival.Cli/Survival.Cli.csproj -c Release -o "$work/cli" -v q >&2
dotnet publish src/Survival.Server/Survival.Server.csproj -c Release -o "$work/server" -p:UseAppHost=false -v q >&2
dotnet publish bench/Survival.RegistryBench/Survival.RegistryBench.csproj -c Release -o "$work/bench" -v q >&2

if [ ! -f "$work/registry.parquet" ]; then
  "$work/bench/Survival.RegistryBench" generate "$subjects" "$work/registry.parquet" "$work/registry.csv"
fi

analyze=(analyze "$work/registry.parquet" --time time --event event --group group --test logrank)
# elapsed seconds and peak resident MiB of one command, from GNU time's report
measure() {
  /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt" >&2; exit 1; }
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF / 1024}')
  echo "$wall $rss"
}

"$work/cli/survival" "${analyze[@]}" >/dev/null # warm the file cache
read -r local_seconds local_mib < <(measure "$work/cli/survival" "${analyze[@]}")

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
http_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# from its own folder, so that it reads its appsettings.json (HTTP/2 on the gRPC endpoint)
(cd "$work/server" && Kestrel__Endpoints__Grpc__Url="http://127.0.0.1:$port" Kestrel__Endpoints__Http__Url="http://127.0.0.1:$http_port" \
  exec dotnet Survival.Server.dll >"$work/server.log" 2>&1) &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
"$work/cli/survival" "${analyze[@]}" --server "http://127.0.0.1:$port" >/dev/null # warm the server
read -r server_seconds server_client_mib < <(measure "$work/cli/survival" "${analyze[@]}" --server "http://127.0.0.1:$port")
server_mib=$(awk '/VmHWM/ {print $2 / 1024}' "/proc/$server_pid/status")
latency=$("$work/bench/Survival.RegistryBench" latency "http://127.0.0.1:$port" "$work/registry.parquet" 200)
kill "$server_pid"

r=$(Rscript tools/bench/r-registry.R "$work/registry.csv")
r_seconds=$(echo "$r" | python3 -c 'import json, sys; print(json.load(sys.stdin)["r_end_to_end_seconds"])')

python3 - "$subjects" "$local_seconds" "$local_mib" "$server_seconds" "$server_client_mib" "$server_mib" "$r_seconds" "$latency" <<'PY'
import json, sys
n, local, local_mib, server, client_mib, server_mib, r = sys.argv[1:8]
latency = json.loads(sys.argv[8])
print(json.dumps({
    "subjects": int(n),
    "analyze_in_process_seconds": float(local), "analyze_in_process_peak_mib": round(float(local_mib), 1),
    "analyze_server_seconds": float(server), "analyze_server_client_peak_mib": round(float(client_mib), 1),
    "server_peak_mib": round(float(server_mib), 1),
    "r_end_to_end_seconds": float(r), "speedup_vs_r": round(float(r) / float(local), 1),
    "server_over_in_process": round(float(server) / float(local), 2),
    "counts_call": latency,
}))
PY
