#!/usr/bin/env bash
# The engine beside R in one run, on a registry of N subjects (integer days up to 3650, three arms):
#   bash bench/run-engine-bench.sh [N] [DIR]        (N = 10000000, DIR = /tmp/survival-bench)
# 1. the counting pass, Kaplan–Meier + log-rank and Cox (Efron) from the columns of subjects, median of 5 runs;
# 2. R survival on the same file (data.table::fread, survfit, survdiff, coxph), median of 3 runs;
# 3. the file streamed to a Release server's AnalyzeCohortStream as packed columns, with the server's memory.
# Needs: apt-get install -y r-base-core r-cran-survival r-cran-data.table
set -euo pipefail
cd "$(dirname "$0")/.."
subjects=${1:-10000000}
dir=${2:-/tmp/survival-bench}
mkdir -p "$dir"
data="$dir/registry_$subjects.csv"

dotnet build -c Release bench/Survival.Bench -v q -nologo >/dev/null
dotnet build -c Release src/Survival.Server -v q -nologo >/dev/null
bench="dotnet bench/Survival.Bench/bin/Release/net10.0/Survival.Bench.dll"
[ -f "$data" ] || $bench --generate "$subjects" "$data" --registry

echo "engine:    $($bench --input "$data" --runs 5 2>/dev/null)"
echo "R:         $(Rscript tools/bench/r-timing.R "$data" 3)"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$port Kestrel__Endpoints__Http__Url=http://127.0.0.1:0 \
  dotnet src/Survival.Server/bin/Release/net10.0/Survival.Server.dll >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done
echo "stream:    $($bench --stream "http://127.0.0.1:$port" --server-pid "$server" --input "$data" 2>/dev/null)"
