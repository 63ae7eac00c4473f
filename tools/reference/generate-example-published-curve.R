#!/usr/bin/env Rscript
# Writes the README's "published curve" into examples/: a figure made from R's lung data set (NCCTG advanced lung
# cancer, 228 patients, 165 deaths) as a journal would print it, and read back as a person with a digitiser would.
# It is NOT a published thyroid-cancer curve; it stands in for one so that the example reproduces no copyrighted
# figure. Run from the repository root:  Rscript tools/reference/generate-example-published-curve.R
# Needs: r-base-core r-cran-survival.
#   examples/published_lung_points.csv    time (months), survival: the digitised points (tools/reference/digitise.R)
#   examples/published_lung_at_risk.csv   time, at_risk: the table under the figure, every 6 months
# The total of events a paper would print is 165. The seed is fixed, so a rerun reproduces the files exactly.
suppressPackageStartupMessages(library(survival))
source(file.path("tools", "reference", "digitise.R"))
set.seed(2012)
month <- 30.4375
fit <- survfit(Surv(time / month, status == 2) ~ 1, data = lung)
axis_end <- max(fit$time)
points <- digitise(fit, axis_end)
write.csv(points, file.path("examples", "published_lung_points.csv"), row.names = FALSE, quote = FALSE)
ticks <- seq(0, axis_end, by = 6)
table <- data.frame(time = ticks, at_risk = summary(fit, times = ticks, extend = TRUE)$n.risk)
write.csv(table, file.path("examples", "published_lung_at_risk.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(points), "points and", nrow(table), "columns at risk; events", sum(lung$status == 2), "\n")
