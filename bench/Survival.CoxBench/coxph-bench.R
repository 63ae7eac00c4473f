#!/usr/bin/env Rscript
# Times R's coxph on the benchmark file: Rscript coxph-bench.R FILE.csv
# Prints one JSON line: seconds of coxph alone (the file read is not timed) and the coefficients.
suppressPackageStartupMessages({ library(survival); library(data.table); library(jsonlite) })
d <- fread(commandArgs(trailingOnly = TRUE)[1])
d$g <- factor(d$g)
elapsed <- system.time(fit <- coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5 + g, data = d, ties = "efron"))[["elapsed"]]
cat(toJSON(list(seconds = elapsed, coef = unname(coef(fit)), loglik = fit$loglik, iter = fit$iter), auto_unbox = TRUE, digits = NA), "\n")
