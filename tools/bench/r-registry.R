#!/usr/bin/env Rscript
# R end to end on the registry benchmark's CSV, for bench/run-registry-bench.sh:
#   Rscript tools/bench/r-registry.R FILE.csv
# One timed run of what `survival analyze FILE --group group` reports: read (data.table::fread), Kaplan–Meier with its
# median table, the log-rank test and the Efron Cox model. Prints one JSON line of elapsed seconds.
suppressPackageStartupMessages({ library(survival); library(data.table) })
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript tools/bench/r-registry.R FILE.csv")
seconds <- system.time({
  d <- fread(args[1])
  fit <- survfit(Surv(time, event) ~ group, data = d)
  invisible(summary(fit)$table)
  invisible(survdiff(Surv(time, event) ~ group, data = d))
  invisible(coxph(Surv(time, event) ~ factor(group), data = d, ties = "efron"))
})[["elapsed"]]
cat(sprintf('{"r_end_to_end_seconds":%.2f,"subjects":%d}\n', seconds, nrow(d)))
