#!/usr/bin/env Rscript
# Interval-censored benchmark data: subjects each scanned on their own schedule (days), as in issue 25's "Why".
# Usage: Rscript bench/interval/generate.R N SEED OUT.csv
# Each subject: arm control/treatment 1:1; progression at a Weibull time (shape 1.3, scale 330 days, hazard ratio 0.7
# for treatment); scans from day 0 every 56 days shifted by up to +-7 days, until day 1100 or a dropout uniform on
# 200..1400 days; death before progression (exponential, mean 2500 days) is an exact event. Columns: id, arm, left, right
# (empty when no event was seen: right-censored at left).
args <- commandArgs(trailingOnly = TRUE)
n <- as.integer(args[1]); set.seed(as.integer(args[2])); out <- args[3]
arm <- sample(c("control", "treatment"), n, replace = TRUE)
progression <- rweibull(n, shape = 1.3, scale = 330 * ifelse(arm == "control", 1, 1 / 0.7^(1 / 1.3)))
death <- rexp(n, 1 / 2500)
end <- pmin(1100, runif(n, 200, 1400))
steps <- matrix(56 + sample(-7:7, n * 30, replace = TRUE), n, 30)
visits <- cbind(0, t(apply(steps, 1, cumsum)))
left <- right <- numeric(n)
for (i in seq_len(n)) {
  v <- visits[i, visits[i, ] <= end[i]]
  seen <- v[v >= progression[i]]
  if (death[i] < progression[i] && death[i] <= max(v) && (length(seen) == 0 || death[i] < seen[1])) {
    left[i] <- right[i] <- round(death[i])
  } else if (length(seen) > 0) {
    left[i] <- max(v[v < progression[i]]); right[i] <- seen[1]
  } else { left[i] <- max(v); right[i] <- NA }
}
write.csv(data.frame(id = seq_len(n), arm = arm, left = left, right = right), out, row.names = FALSE, na = "")
