#!/usr/bin/env bash
# Renders the README's image of "Seven patients: small-sample intervals, exact tests and the next study" into
# docs/images with the command line, exactly as the README's command does: the seven illustrative patients' OS with
# the beta-product pointwise band and the Hall–Wellner simultaneous band.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/docs/images"
cd "$root/examples"
dotnet run --project "$root/src/Survival.Cli" -v q -- analyze seven_patient_cohort_illustrative.csv --time os_months \
  --event os_event --unit months --conf-type beta-product --band hall-wellner --landmark 12 \
  --caption "Illustrative data" --plot "$out/seven_patient_os_beta_product_band.png" > /dev/null
echo "wrote seven_patient_os_beta_product_band.png to $out"
