#!/usr/bin/env bash
# Regenerates docs/images/ (PNG per figure, and lung_sex.svg) from examples/ and the R reference fixtures.
# Run from anywhere; look at every image before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each figure overwrites its own file; the page, Swagger UI and forest-plot images come from elsewhere and stay.
dotnet run --project tools/Survival.DocImages -c Release -- docs/images
tools/render-literature-images.sh
