#!/usr/bin/env Rscript
# Times R's survreg on the benchmark files (the file read is not timed); prints one JSON line per fit, with the clock
# and the processor time (steadier on a shared machine).
#   Rscript survreg-bench.R subjects FILE.csv DIST      time,status,x1..x5: survreg(Surv(time, status) ~ x1 + ... + x5)
#   Rscript survreg-bench.R counts FILE.csv DIST        time,group,events,censored count rows: survreg on the rows with
#                                                       weights = counts (the same likelihood as the subjects)
suppressPackageStartupMessages({ library(survival); library(data.table); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
d <- fread(args[2])
dist <- args[3]
if (args[1] == "subjects") {
  timing <- system.time(fit <- survreg(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5, data = d, dist = dist))
} else {
  rows <- rbind(d[events > 0, .(time, group, status = 1, n = events)], d[censored > 0, .(time, group, status = 0, n = censored)])
  rows$group <- factor(rows$group)
  timing <- system.time(fit <- survreg(Surv(time, status) ~ group, data = rows, weights = n, dist = dist))
}
cat(toJSON(list(seconds = timing[["elapsed"]], cpu_seconds = timing[["user.self"]] + timing[["sys.self"]], coef = unname(c(coef(fit), log(fit$scale))), loglik = fit$loglik[2], iter = fit$iter),
           auto_unbox = TRUE, digits = NA), "\n")
