#!/usr/bin/env Rscript
# R's side of the interval-censoring benchmark, on the same file as the engine.
# Usage: Rscript bench/interval/r-bench.R FILE SURVFIT_SUBJECTS OUT_MASSES.csv
#   npsurv (r-cran-npsurv 0.5-0, Wang's constrained Newton method) on every subject pooled: elapsed seconds, its masses
#   (written to OUT_MASSES.csv for the engine to compare with), log-likelihood and max gradient;
#   survival's survfit(Surv(left, right, type = "interval2") ~ 1) on the first SURVFIT_SUBJECTS subjects: elapsed
#   seconds and, against npsurv on the same subjects to convergence, the largest difference in S at survfit's times.
# Prints one JSON line.
suppressPackageStartupMessages({ library(survival); library(npsurv); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); m <- as.integer(args[2])
r <- ifelse(is.na(d$right), Inf, d$right)
elapsed <- function(expr) { t <- proc.time()[["elapsed"]]; value <- expr; list(value = value, seconds = proc.time()[["elapsed"]] - t) }
np <- elapsed(npsurv(cbind(d$left, r), tol = 1e-10, maxit = 1000))
write.csv(data.frame(left = np$value$f$left, right = np$value$f$right, p = np$value$f$p), args[3], row.names = FALSE)
small <- d[seq_len(m), ]
sf <- elapsed(survfit(Surv(left, right, type = "interval2") ~ 1, data = transform(small, right = ifelse(is.na(right), NA, right))))
exact <- npsurv(cbind(small$left, ifelse(is.na(small$right), Inf, small$right)), tol = 1e-12, maxit = 1000)$f
# survfit reports each Turnbull interval at its midpoint t, with the survival after it; the NPMLE's survival after the same
# interval is the mass of the intervals lying wholly after t (a point mass at t is not after it).
survival_after <- function(t) sum(exact$p[exact$left > t | (exact$left == t & exact$right > t)])
gap <- max(abs(sapply(sf$value$time, survival_after) - sf$value$surv))
cat(toJSON(list(npsurv_subjects = nrow(d), npsurv_seconds = np$seconds, npsurv_loglik = np$value$ll, npsurv_maxgrad = np$value$maxgrad,
                survfit_subjects = m, survfit_seconds = sf$seconds, survfit_max_gap_from_npmle = gap), auto_unbox = TRUE, digits = NA), "\n")
