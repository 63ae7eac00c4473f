#!/usr/bin/env bash
# Exact permutation p-values beside coin in one run, on two-group data drawn with a seed (tools/bench/exact-bench.R):
#   bash bench/run-exact-bench.sh [DIR]        (DIR = /tmp/survival-exact-bench)
# For each data set and test: coin 1.4-2's pvalue(logrank_test(..., distribution = "exact", type = T)) and its time
# (one run; coin's split-up for real scores is given 300 s), then ours (median of 5 warm runs) and its memory estimate.
# Needs: apt-get install -y r-base-core r-cran-survival r-cran-coin
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/survival-exact-bench}
mkdir -p "$dir"
dotnet build -c Release bench/Survival.ExactBench -v q -nologo >/dev/null
ours="dotnet bench/Survival.ExactBench/bin/Release/net10.0/Survival.ExactBench.dll"
Rscript tools/bench/exact-bench.R write "$dir"
printf '%-34s %-14s %-22s %-10s %-22s %-10s %s\n' data test coin_p coin_s ours_p ours_ms ours_MiB
for file in "$dir"/*.csv; do
  name=$(basename "$file" .csv)
  for test in gehan_breslow logrank peto_peto; do
    coin=$(timeout 300 Rscript tools/bench/exact-bench.R coin "$file" "$test" 2>/dev/null || echo "timeout/failed -")
    read -r ours_p ours_ms ours_mib <<<"$($ours "$file" "$test" 5)"
    # A refusal prints the memory it would have needed in place of the time.
    if [ "$ours_p" = refused ]; then ours_mib=$ours_ms; ours_ms=-; fi
    read -r coin_p coin_s <<<"$coin"
    printf '%-34s %-14s %-22s %-10s %-22s %-10s %s\n' "$name" "$test" "$coin_p" "$coin_s" "$ours_p" "$ours_ms" "${ours_mib:-}"
  done
done
