#!/usr/bin/env Rscript
# Writes the round-trip fixtures of the reconstruction from published curves (Guyot et al. 2012) into
# tests/fixtures-literature/roundtrip/: for each R data set with two arms, what a journal would print and a reader
# would digitise, and R's own numbers on the real patients, to compare the rebuilt patients with.
# Run from the repository root:  Rscript tools/reference/generate-reconstruction-roundtrip.R   (a few seconds)
# Needs: r-base-core r-cran-survival r-cran-jsonlite.
#
# The "journal": the Kaplan–Meier curve of each arm in months (days / 30.4375; weeks / (30.4375 / 7)), with a table of
# numbers at risk every `step` months under it (summary(fit, times, extend = TRUE)$n.risk) and each arm's total of events.
# The "reader" (tools/reference/digitise.R): clicks both corners of every drop (the top (t, S(t−)) and the foot (t, S(t))), traces long flat
# stretches with a point every 2% of the axis, and the curve's end; each click is off by N(0, (0.1% of the axis)²) in
# time and N(0, 0.002²) in survival (a pixel of a 1000 × 500 figure), clamped to the axes and rounded to 0.01 months and
# 0.001; the points are handed over in a random order.
# R's numbers on the real patients: survfit per arm (time, surv), its median, survival at the table's times, and
# coxph(Surv(time, status) ~ arm) (Efron; the second arm against the first in R's sort order) with its HR.
# `role`: "development" sets were used while the method's choices were made; "held-out" sets were generated and first
# compared only after they were fixed. Seeds are fixed, so a rerun reproduces the files exactly.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
source(file.path("tools", "reference", "digitise.R"))

out_dir <- file.path("tests", "fixtures-literature", "roundtrip")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
month <- 30.4375

sets <- list(
  list(name = "lung", role = "development", step = 6, seed = 101,
       data = with(lung, data.frame(time = time / month, status = status - 1, arm = ifelse(sex == 1, "male", "female")))),
  list(name = "veteran", role = "development", step = 3, seed = 102,
       data = with(veteran, data.frame(time = time / month, status = status, arm = ifelse(trt == 1, "standard", "test")))),
  list(name = "colon", role = "development", step = 12, seed = 103,
       data = with(colon[colon$etype == 2 & colon$rx != "Lev", ],
                   data.frame(time = time / month, status = status, arm = ifelse(rx == "Obs", "observation", "lev+5fu")))),
  list(name = "pbc", role = "held-out", step = 12, seed = 201,
       data = with(pbc[!is.na(pbc$trt), ], data.frame(time = time / month, status = as.integer(status == 2),
                                                      arm = ifelse(trt == 1, "d-penicillamine", "placebo")))),
  list(name = "gbsg", role = "held-out", step = 12, seed = 202,
       data = with(gbsg, data.frame(time = rfstime / month, status = status, arm = ifelse(hormon == 1, "hormonal", "none")))),
  list(name = "myeloid", role = "held-out", step = 12, seed = 203,
       data = with(myeloid, data.frame(time = futime / month, status = death, arm = trt))),
  list(name = "rotterdam", role = "held-out", step = 24, seed = 204,
       data = with(rotterdam, data.frame(time = dtime / month, status = death, arm = ifelse(hormon == 1, "hormonal", "none")))),
  list(name = "ovarian", role = "held-out", step = 6, seed = 205,
       data = with(ovarian, data.frame(time = futime / month, status = fustat, arm = ifelse(rx == 1, "cyclophosphamide", "plus-adriamycin")))),
  list(name = "aml", role = "held-out", step = 3, seed = 206,
       data = with(aml, data.frame(time = time / (month / 7), status = status, arm = ifelse(x == "Maintained", "maintained", "nonmaintained"))))
)

for (set in sets) {
  set.seed(set$seed)
  d <- set$data
  d$arm <- factor(d$arm)
  arms <- levels(d$arm)
  axis_end <- max(d$time)
  ticks <- seq(0, axis_end, by = set$step)
  cox <- coxph(Surv(time, status) ~ arm, data = d, ties = "efron")
  arm_entries <- lapply(arms, function(a) {
    rows <- d[d$arm == a, ]
    fit <- survfit(Surv(time, status) ~ 1, data = rows)
    points <- digitise(fit, axis_end)
    table <- summary(fit, times = ticks, extend = TRUE)
    med <- unname(quantile(fit, 0.5)$quantile)
    list(label = a, subjects = nrow(rows), total_events = sum(rows$status),
         points = list(time = points$time, survival = points$survival),
         at_risk = list(time = ticks, n = table$n.risk),
         original = list(time = fit$time, surv = fit$surv, median = med,
                         landmark_surv = summary(fit, times = ticks, extend = TRUE)$surv))
  })
  out <- list(name = set$name, role = set$role, time_unit = "months", step = set$step,
              r_version = R.version.string, r_survival_version = as.character(packageVersion("survival")),
              arms = arm_entries,
              cox = list(reference = arms[1], coefficient = unname(coef(cox)), hazard_ratio = unname(exp(coef(cox)))))
  write_json(out, file.path(out_dir, paste0(set$name, ".json")), digits = NA, auto_unbox = TRUE, pretty = FALSE, na = "null")
}
cat("wrote", length(sets), "round-trip sets to", out_dir, "\n")
