#!/usr/bin/env bash
# The remote-fit benchmark (issue 22), in one run on this machine:
#   1. N subjects (default 10,000,000; integer days up to 3650, five covariates, a four-level factor) as Parquet, and
#      CSV copies of all of them (for the in-memory fit) and of the first 1,000,000 (for R);
#   2. `survival cox FILE.parquet --remote` (published Release CLI, in-process service, embedded DuckDB): wall seconds,
#      peak memory of the process and the steps;
#   3. `survival cox FILE.csv`, the in-memory fit of the same subjects: wall seconds and peak memory;
#   4. R: fread + coxph on the 1M CSV (tools/bench/r-remote.R).
# Prints one JSON line. Usage: bench/run-remote-bench.sh [SUBJECTS] [--no-in-memory]. Needs /usr/bin/time, Rscript.
set -euo pipefail
cd "$(dirname "$0")/.."
subjects=${1:-10000000}
in_memory=${2:-}
work=${BENCH_DIR:-$(mktemp -d /tmp/survival-remote-bench.XXXXXX)}
mkdir -p "$work"

dotnet publish src/Survival.Cli/Survival.Cli.csproj -c Release -o "$work/cli" -v q >&2
dotnet publish bench/Survival.RemoteBench/Survival.RemoteBench.csproj -c Release -o "$work/bench" -v q >&2

data="$work/cohort-$subjects.parquet"
if [ ! -f "$data" ]; then
  if [ "$in_memory" = --no-in-memory ]; then "$work/bench/Survival.RemoteBench" generate "$subjects" "$data"
  else "$work/bench/Survival.RemoteBench" generate "$subjects" "$data" "$work/cohort-$subjects.csv"; fi
fi
[ -f "$work/cohort-1m.csv" ] || "$work/bench/Survival.RemoteBench" generate 1000000 "$work/cohort-1m.parquet" "$work/cohort-1m.csv"

model=(--time time --event event --terms age,bmi,treated,score,lab,region --factor region)
# elapsed seconds and peak resident MiB of one command, from GNU time's report; its output in $work/out.txt
measure() {
  /usr/bin/time -v "$@" >"$work/out.txt" 2>"$work/time.txt" || { cat "$work/out.txt" "$work/time.txt" >&2; exit 1; }
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF / 1024}')
  echo "$wall $rss"
}

read -r remote_seconds remote_mib < <(measure "$work/cli/survival" cox "$data" "${model[@]}" --remote)
steps=$(grep -o 'Fitted where the data live: [0-9]* steps' "$work/out.txt" | awk '{print $6}')
cp "$work/out.txt" "$work/remote.txt"
memory_seconds=null; memory_mib=null
if [ "$in_memory" != --no-in-memory ]; then
  read -r memory_seconds memory_mib < <(measure "$work/cli/survival" cox "$work/cohort-$subjects.csv" "${model[@]}")
  cp "$work/out.txt" "$work/in-memory.txt"
fi
r=$(Rscript tools/bench/r-remote.R "$work/cohort-1m.csv")

python3 - "$subjects" "$remote_seconds" "$remote_mib" "$steps" "$memory_seconds" "$memory_mib" "$r" "$(cat /proc/loadavg)" <<'PY'
import json, sys
n, remote, remote_mib, steps, memory, memory_mib, r, load = sys.argv[1:9]
print(json.dumps({
    "subjects": int(n),
    "remote_duckdb_seconds": float(remote), "remote_peak_mib": round(float(remote_mib), 1), "remote_steps": int(steps),
    "in_memory_seconds": None if memory == "null" else float(memory),
    "in_memory_peak_mib": None if memory_mib == "null" else round(float(memory_mib), 1),
    "r_1m": json.loads(r), "load_average": load,
}))
PY
