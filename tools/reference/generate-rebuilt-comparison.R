#!/usr/bin/env Rscript
# Writes tests/fixtures-literature/rebuilt/seven_patient_vs_published_lung.json: R's own analyses of the patients this
# service rebuilt from the example published curve (examples/published_lung_*.csv, made from R's lung data set), beside
# the illustrative seven-patient cohort's overall survival — so that the comparisons a user makes with a rebuilt arm
# are checked against survdiff, coxph and survfit on the very same subjects.
# First write the rebuilt cohort with the service (it is deterministic; the test checks it is reproduced exactly):
#   survival reconstruct examples/published_lung_points.csv --at-risk examples/published_lung_at_risk.csv \
#     --events 165 --unit months --label "Published curve" --out tests/fixtures-literature/rebuilt/published_lung_rebuilt.csv
# then, from the repository root:  Rscript tools/reference/generate-rebuilt-comparison.R
# Needs: r-base-core r-cran-survival r-cran-jsonlite.
#   logrank: survdiff(Surv(time, status) ~ group): chisq, p;  cox: coxph(..., ties = "efron") of the cohort against the
#   rebuilt curve: coef, se, hr, p;  rmst: summary(survfit(...), rmean = 24) per group and their difference with
#   se = sqrt(se1² + se2²);  one_sample: O, E against the piecewise-exponential reference through the rebuilt curve's
#   Kaplan–Meier values at its event times and its last time (a final 0 left out), O/E with poisson.test's interval,
#   z and p with V = E.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
dir <- file.path("tests", "fixtures-literature", "rebuilt")
rebuilt <- read.csv(file.path(dir, "published_lung_rebuilt.csv"))
seven <- read.csv(file.path("examples", "seven_patient_cohort_illustrative.csv"))
d <- rbind(data.frame(time = seven$os_months, status = seven$os_event, group = "Cohort"),
           data.frame(time = rebuilt$time, status = rebuilt$event, group = "Published curve"))
d$group <- relevel(factor(d$group), ref = "Published curve")
sd <- survdiff(Surv(time, status) ~ group, data = d)
cox <- coxph(Surv(time, status) ~ group, data = d, ties = "efron")
tab <- summary(survfit(Surv(time, status) ~ group, data = d), rmean = 24)$table
rm <- tab[, "rmean"]; rse <- tab[, "se(rmean)"]
names(rm) <- names(rse) <- sub("group=", "", rownames(tab))

f <- survfit(Surv(time, event) ~ 1, data = rebuilt)
keep <- (f$n.event > 0 | seq_along(f$time) == length(f$time)) & f$surv > 0 & f$time > 0
tt <- c(0, f$time[keep]); h <- c(0, -log(f$surv[keep])); k <- length(tt)
H <- function(t) approx(tt, h, xout = pmin(t, tt[k]))$y + pmax(t - tt[k], 0) * (h[k] - h[k - 1]) / (tt[k] - tt[k - 1])
O <- sum(seven$os_event); E <- sum(H(seven$os_months)); pt <- poisson.test(O, E)
out <- list(
  r_version = R.version.string, r_survival_version = as.character(packageVersion("survival")),
  logrank = list(chisq = unname(sd$chisq), p = pchisq(sd$chisq, 1, lower.tail = FALSE)),
  cox = list(coef = unname(coef(cox)), se = unname(sqrt(diag(cox$var))), hr = unname(exp(coef(cox))),
             p = unname(summary(cox)$coefficients[, "Pr(>|z|)"])),
  rmst = list(tau = 24, cohort = unname(rm["Cohort"]), reference = unname(rm["Published curve"]),
              difference = unname(rm["Cohort"] - rm["Published curve"]), se = unname(sqrt(rse["Cohort"]^2 + rse["Published curve"]^2))),
  one_sample = list(observed = O, expected = E, ratio = O / E, lower = pt$conf.int[1], upper = pt$conf.int[2],
                    z = (O - E) / sqrt(E), p = 2 * pnorm(-abs((O - E) / sqrt(E))), exact_p = pt$p.value,
                    median = approx(h, tt, xout = log(2))$y))
write_json(out, file.path(dir, "seven_patient_vs_published_lung.json"), digits = NA, auto_unbox = TRUE)
cat("wrote", file.path(dir, "seven_patient_vs_published_lung.json"), "\n")
