#!/usr/bin/env Rscript
# Writes the interval-censored example data sets into examples/.
# Run from the repository root:  Rscript tools/reference/generate-interval-examples.R   (a second)
# Needs: r-base-core r-cran-npsurv.
#
# examples/breast_cosmesis.csv — the breast cosmesis data of Finkelstein & Wolfe (1985): 94 women after breast-conserving
#   surgery, radiotherapy alone (Rad, 46) or with adjuvant chemotherapy (RadChem, 48), seen every 4 to 6 months; the
#   event is the first appearance of breast retraction, known only to lie between two visits (months). Taken from
#   npsurv's data(cancer) (the same 94 rows as Fay & Shaw's bcos); `right` is empty for the women still free of it.
#
# examples/pfs_scans.csv — a PFS-like trial, simulated (seed 2525): 300 patients randomized 1:1 to control or
#   experimental, enrolled uniformly over 2022–2023 and followed to a data cut-off on 2025-06-30. Each patient has her own
#   visit schedule: a baseline scan at randomization, then a scan every 8 weeks (56 days) for the first year and every
#   12 weeks after, each shifted by up to ±7 days, and each missed with probability 0.08. Progression occurs at a Weibull
#   time (shape 1.2; median 8 months in the control arm, hazard ratio 0.65 in the experimental arm) and is seen at the
#   first scan after it; death without progression (exponential, median 60 months) is an exact event; 5% of patients
#   withdraw at a uniform time within 2 years. Columns: id, arm, start_date (randomization), last_negative_scan (the last
#   scan without progression), first_positive_scan (the scan that showed progression, or the date of death, which then
#   is also the last negative scan: an exact event; empty when neither happened: right-censored at the last scan).
suppressPackageStartupMessages(library(npsurv))

data(cancer, package = "npsurv")
cosmesis <- data.frame(id = seq_len(nrow(cancer)), treatment = ifelse(cancer$group == "RT", "Rad", "RadChem"),
                       left = cancer$L, right = ifelse(is.finite(cancer$R), cancer$R, NA))
write.csv(cosmesis, file.path("examples", "breast_cosmesis.csv"), row.names = FALSE, na = "")

set.seed(2525)
n <- 300
arm <- sample(rep(c("control", "experimental"), each = n / 2))
start <- as.Date("2022-01-01") + sample(0:729, n, replace = TRUE)
cutoff <- as.Date("2025-06-30")
days_per_month <- 30.4375
shape <- 1.2
scale_control <- 8 * days_per_month / log(2)^(1 / shape)
hazard_ratio <- ifelse(arm == "control", 1, 0.65)
progression <- scale_control * (-log(runif(n)) / hazard_ratio)^(1 / shape)
death <- rexp(n, log(2) / (60 * days_per_month))
withdrawal <- ifelse(runif(n) < 0.05, runif(n, 0, 730), Inf)
rows <- lapply(seq_len(n), function(i) {
  end <- min(as.numeric(cutoff - start[i]), withdrawal[i])
  gaps <- c(rep(56, 7), rep(84, 40))
  visits <- cumsum(c(0, gaps + sample(-7:7, length(gaps), replace = TRUE)))
  visits <- visits[visits <= end]
  kept <- c(TRUE, runif(length(visits) - 1) > 0.08)
  visits <- visits[kept]
  seen <- visits[visits >= progression[i]]
  if (death[i] < progression[i] && death[i] <= end && (length(seen) == 0 || death[i] < seen[1])) {
    d <- start[i] + floor(death[i])
    return(data.frame(last_negative_scan = format(d), first_positive_scan = format(d)))
  }
  last <- start[i] + max(visits[visits < progression[i]])
  if (length(seen) == 0) return(data.frame(last_negative_scan = format(last), first_positive_scan = ""))
  data.frame(last_negative_scan = format(last), first_positive_scan = format(start[i] + seen[1]))
})
pfs <- cbind(data.frame(id = sprintf("P%03d", seq_len(n)), arm = arm, start_date = format(start)), do.call(rbind, rows))
write.csv(pfs, file.path("examples", "pfs_scans.csv"), row.names = FALSE)
cat("examples/breast_cosmesis.csv:", nrow(cosmesis), "rows; examples/pfs_scans.csv:", nrow(pfs), "rows,",
    sum(pfs$first_positive_scan != "" & pfs$first_positive_scan != pfs$last_negative_scan), "progressions seen at scans,",
    sum(pfs$first_positive_scan != "" & pfs$first_positive_scan == pfs$last_negative_scan), "deaths\n")
