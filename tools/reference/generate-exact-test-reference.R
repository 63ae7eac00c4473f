#!/usr/bin/env Rscript
# Writes tests/fixtures-small-sample/exact-*.json: coin 1.4-2's exact permutation p-values of the two-sample
# weighted log-rank tests. Run from the repository root:
#   Rscript tools/reference/generate-exact-test-reference.R
# Needs: apt-get install -y r-base-core r-cran-survival r-cran-jsonlite r-cran-coin
#
# Each file: data (time, status, group) and, per test, coin's
#   pvalue(logrank_test(Surv(time, status) ~ group, distribution = "exact", type = T)) (two-sided), its standardized
#   statistic, and the asymptotic p. Types map to the service's weights: logrank -> log-rank, Gehan-Breslow ->
#   Gehan-Breslow, Tarone-Ware -> Tarone-Ware, Prentice-Marek (prod(1 - d/(n + 1)) at t) -> Peto-Peto, coin's
#   Peto-Peto (the Kaplan-Meier at t-) -> Fleming-Harrington(1, 0). coin scores with its default mid-ranks ties on the
#   pooled sample. Gehan's scores are whole numbers (coin's shift algorithm); the others are real (van de Wiel's
#   split-up algorithm), which coin can only finish for small samples.
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(coin) })
out_dir <- file.path("tests", "fixtures-small-sample")
types <- list(logrank = list(coin = "logrank"), gehan_breslow = list(coin = "Gehan-Breslow"),
              tarone_ware = list(coin = "Tarone-Ware"), peto_peto = list(coin = "Prentice-Marek"),
              fleming_harrington_1_0 = list(coin = "Peto-Peto"))

write_set <- function(name, time, status, group, description) {
  d <- data.frame(time = time, status = status, group = factor(group))
  tests <- lapply(types, function(t) {
    ex <- logrank_test(Surv(time, status) ~ group, data = d, distribution = "exact", type = t$coin)
    as <- logrank_test(Surv(time, status) ~ group, data = d, type = t$coin)
    list(coin_type = t$coin, p_exact = pvalue(ex)[1], statistic = statistic(ex)[1], p_asymptotic = pvalue(as)[1])
  })
  doc <- list(name = name, description = description, data = list(time = time, status = status, group = group),
              tests = tests)
  writeLines(toJSON(doc, digits = NA, auto_unbox = TRUE), file.path(out_dir, paste0("exact-", name, ".json")))
}

write_set("aml", aml$time, aml$status, as.character(aml$x), "survival::aml, maintained against not maintained")
seven <- read.csv(file.path("..", "shared", "examples", "seven_patient_cohort_illustrative.csv"))
write_set("seven_os_vs_pfs", c(seven$os_months, seven$pfs_months), c(seven$os_event, seven$pfs_event),
  rep(c("os", "pfs"), each = 7), "the illustrative seven patients' OS against their PFS, as two samples of seven")
set.seed(7)
write_set("heldout_ties", round(rexp(24, 0.2)), rbinom(24, 1, 0.75), rep(c("a", "b"), c(11, 13)),
  "24 subjects drawn with seed 7, whole-number times with ties (held out)")
set.seed(11)
write_set("heldout_continuous", round(c(rexp(9, 0.1), rexp(10, 0.05)), 3), rbinom(19, 1, 0.7), rep(c("x", "y"), c(9, 10)),
  "19 subjects drawn with seed 11, distinct times (held out)")
