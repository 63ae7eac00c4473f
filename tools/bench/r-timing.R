#!/usr/bin/env Rscript
# Times R's survival package on the benchmark file, for comparison with bench/Survival.Bench:
#   Rscript tools/bench/r-timing.R FILE.csv [runs]
# Prints one JSON line with the median elapsed seconds of
#   km:      survfit(Surv(time, event) ~ group) and its summary table (medians and their intervals), quantile()
#   logrank: survdiff(Surv(time, event) ~ group)
#   cox:     coxph(Surv(time, event) ~ factor(group), ties = "efron")
# Needs: apt-get install -y r-base-core r-cran-survival r-cran-data.table
suppressPackageStartupMessages({ library(survival); library(data.table) })

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript tools/bench/r-timing.R FILE.csv [runs]")
runs <- if (length(args) >= 2) as.integer(args[2]) else 3
d <- fread(args[1])

elapsed <- function(expr) median(replicate(runs, system.time(eval(expr))[["elapsed"]]))
km <- elapsed(quote({
  fit <- survfit(Surv(time, event) ~ group, data = d)
  summary(fit)$table
  quantile(fit, c(.25, .5, .75))
}))
logrank <- elapsed(quote(survdiff(Surv(time, event) ~ group, data = d)))
cox <- elapsed(quote(coxph(Surv(time, event) ~ factor(group), data = d, ties = "efron")))
cat(sprintf('{"r_km_seconds":%.3f,"r_logrank_seconds":%.3f,"r_cox_seconds":%.3f}\n', km, logrank, cox))
