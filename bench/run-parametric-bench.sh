#!/usr/bin/env bash
# Parametric models beside R's survreg in one run:
#   bash bench/run-parametric-bench.sh [N] [REGISTRY_N] [DIR]   (N = 1000000, REGISTRY_N = 10000000, DIR = /tmp/survival-parametric-bench)
# 1. N subjects with five numeric covariates: the Weibull and the log-normal fit here (median of 3 after two warm-up
#    fits) and survreg(Surv(time, status) ~ x1 + ... + x5) on the same file;
# 2. a registry of REGISTRY_N subjects in three arms as count rows (integer days up to 3650): all six distributions on the
#    group factor from the counting table here, and survreg's four on the same rows (weights = counts).
# Each prints one JSON line with both times (ours also as processor seconds of both threads, steadier on a shared
# machine) and the largest relative difference of the parameters; the load average is printed before and after.
# Needs: apt-get install -y r-base-core r-cran-survival r-cran-data.table r-cran-jsonlite
set -euo pipefail
cd "$(dirname "$0")/.."
subjects=${1:-1000000}
registry=${2:-10000000}
dir=${3:-/tmp/survival-parametric-bench}
mkdir -p "$dir"
data="$dir/subjects_$subjects.csv"

dotnet build -c Release bench/Survival.ParametricBench -v q -nologo >/dev/null
bench="dotnet bench/Survival.ParametricBench/bin/Release/net10.0/Survival.ParametricBench.dll"
[ -f "$data" ] || $bench generate "$subjects" "$data"
echo "load:      $(uptime)"
echo "weibull:   $($bench subjects "$data" weibull 2>/dev/null)"
echo "lognormal: $($bench subjects "$data" lognormal 2>/dev/null)"
echo "registry:  $($bench registry "$registry" "$dir/registry_counts_$registry.csv" 2>/dev/null)"
echo "load:      $(uptime)"
