#!/usr/bin/env Rscript
# R on the remote-fit benchmark's CSV, for bench/run-remote-bench.sh:
#   Rscript tools/bench/r-remote.R FILE.csv
# One timed run of the model `survival cox --remote` fits: read (data.table::fread) and coxph, Efron ties. Prints one
# JSON line: elapsed seconds, iterations and the coefficients (to check that both fit the same model).
suppressPackageStartupMessages({ library(survival); library(data.table) })
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript tools/bench/r-remote.R FILE.csv")
seconds <- system.time({
  d <- fread(args[1])
  fit <- coxph(Surv(time, event) ~ age + bmi + treated + score + lab + region, data = d, ties = "efron")
})[["elapsed"]]
cat(sprintf('{"r_seconds":%.2f,"subjects":%d,"iterations":%d,"coef":[%s]}\n', seconds, nrow(d), fit$iter,
            paste(sprintf("%.10g", coef(fit)), collapse = ",")))
