#!/usr/bin/env bash
# Prints the plotting benchmark's JSON (median warm render times). Run on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/Survival.PlotBench
