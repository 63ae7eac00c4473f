#!/usr/bin/env bash
# Renders the README's images of "Beyond one series" into docs/images with the command line, exactly as the README's
# commands do: the example published curve (made from R's lung data set) rebuilt over its points, the seven
# illustrative patients over it, and the forest plot of veteran's treatment effect pooled across cell types.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/docs/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root/examples"
survival() { dotnet run --project "$root/src/Survival.Cli" -v q -- "$@"; }
survival reconstruct published_lung_points.csv --at-risk published_lung_at_risk.csv --events 165 --unit months \
  --label "Published curve" --out "$work/published_rebuilt.csv" \
  --caption "Rebuilt from the digitised points of a curve made from R's lung data set" --plot "$out/published_curve_rebuilt.png" > /dev/null
survival compare-external seven_patient_cohort_illustrative.csv --time os_months --event os_event --unit months \
  --reference-cohort "$work/published_rebuilt.csv" --reference-label "Published curve (rebuilt)" \
  --caption "Illustrative data; the published curve is made from R's lung data set" \
  --plot "$out/seven_patients_vs_published.png" > /dev/null
survival pool veteran.csv --study celltype --time time --event status --group trt --unit days \
  --forest "$out/veteran_celltype_pooled_forest.png" > /dev/null
echo "wrote published_curve_rebuilt.png, seven_patients_vs_published.png, veteran_celltype_pooled_forest.png to $out"
