#!/usr/bin/env Rscript
# For bench/run-exact-bench.sh.
#   Rscript tools/bench/exact-bench.R write DIR          writes the benchmark's data sets (time,status,group CSVs)
#   Rscript tools/bench/exact-bench.R coin FILE TEST     prints coin's exact p-value and its time in seconds
suppressPackageStartupMessages({ library(survival); library(coin) })
args <- commandArgs(trailingOnly = TRUE)
types <- c(logrank = "logrank", gehan_breslow = "Gehan-Breslow", peto_peto = "Prentice-Marek")
if (args[1] == "write") {
  dir <- args[2]
  arms <- function(n, months, seed) {
    set.seed(seed)
    time <- c(rexp(n, log(2) / 14), rexp(n, log(2) / 20))
    if (months) time <- ceiling(time)
    censor <- runif(2 * n, 6, 60)
    data.frame(time = round(pmin(time, censor), 4), status = as.integer(time <= censor), group = rep(c("a", "b"), each = n))
  }
  sets <- list(seven_vs_seven_months = arms(7, TRUE, 7), twenty_vs_twenty_continuous = arms(20, FALSE, 20),
    twenty_vs_twenty_months = arms(20, TRUE, 21), fifty_vs_fifty_months = arms(50, TRUE, 50),
    hundred_vs_hundred_months = arms(100, TRUE, 100), hundred_vs_hundred_continuous = arms(100, FALSE, 101))
  for (name in names(sets)) write.csv(sets[[name]], file.path(dir, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
} else {
  d <- read.csv(args[2])
  d$group <- factor(d$group)
  started <- Sys.time()
  p <- pvalue(logrank_test(Surv(time, status) ~ group, data = d, distribution = "exact", type = types[[args[3]]]))
  cat(sprintf("%.17g %.2f\n", p, as.numeric(Sys.time() - started, units = "secs")))
}
