#!/usr/bin/env bash
# The interval-censoring benchmark (issue 25), the engine beside R in one run on this machine:
#   1. subjects each scanned on their own schedule (bench/interval/generate.R): 10,000 and 100,000;
#   2. R on the 10,000: npsurv (Wang's constrained Newton method, tol 1e-10) on every subject pooled, and survival's
#      survfit(Surv(left, right, type = "interval2")) on the first SURVFIT subjects (it does not finish on 1,000 in 13
#      minutes), with its distance from the NPMLE (bench/interval/r-bench.R);
#   3. the engine on the same files: counting, the pooled NPMLE (its largest mass difference from npsurv's), each arm's
#      summary with 200 bootstrap replicates, the three rank tests with the imputations; seconds each and peak memory;
#   4. a registry of REGISTRY subjects scanned every 28 days as interval count rows (what a GROUP BY on the interval
#      returns), through the engine.
# Prints one JSON line per step. Usage: bench/run-interval-bench.sh [SURVFIT] [REGISTRY]   (defaults 300, 10000000)
# Needs: Rscript with r-cran-survival, r-cran-npsurv, r-cran-jsonlite.
set -euo pipefail
cd "$(dirname "$0")/.."
survfit_subjects=${1:-300}
registry=${2:-10000000}
work=${BENCH_DIR:-$(mktemp -d /tmp/survival-interval-bench.XXXXXX)}
mkdir -p "$work"

dotnet build -c Release bench/Survival.IntervalBench -v q -nologo >/dev/null
bench="dotnet bench/Survival.IntervalBench/bin/Release/net10.0/Survival.IntervalBench.dll"
[ -f "$work/s10k.csv" ] || Rscript bench/interval/generate.R 10000 1 "$work/s10k.csv"
[ -f "$work/s100k.csv" ] || Rscript bench/interval/generate.R 100000 2 "$work/s100k.csv"

echo "R 10k:          $(Rscript bench/interval/r-bench.R "$work/s10k.csv" "$survfit_subjects" "$work/npsurv10k.csv")"
echo "engine 10k:     $($bench engine "$work/s10k.csv" "$work/npsurv10k.csv")"
echo "engine 100k:    $($bench engine "$work/s100k.csv")"
[ -f "$work/registry.csv" ] || $bench counts "$registry" "$work/registry.csv"
echo "engine registry: $($bench registry "$work/registry.csv")"   # add --bootstrap for the 200 replicates (minutes)
