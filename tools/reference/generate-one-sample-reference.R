#!/usr/bin/env Rscript
# Writes the one-sample log-rank fixtures into tests/fixtures-literature/one-sample/: cohorts tested against reference
# curves, with the closed forms of Finkelstein, Muzikansky & Schoenfeld (2003) and Wu (2014) computed here.
# Run from the repository root:  Rscript tools/reference/generate-one-sample-reference.R   (a second)
# Needs: r-base-core r-cran-survival r-cran-jsonlite.
#
# Each file: `data` (time, status, optional entry for delayed entry), `conf_level`, and `cases`, one per reference:
#   reference: type and parameters — exponential (median), weibull (shape, scale: pweibull), lognormal (meanlog, sdlog:
#     plnorm), loglogistic (shape, scale: S = 1/(1 + (t/scale)^shape)), gompertz (shape, rate: H = rate/shape (e^(shape t) − 1)),
#     piecewise (time, survival: H = −log S linear between the points, the last piece's slope past the last point);
#   observed O = sum(status); expected E = sum(H(time) − H(entry));
#   ratio = O/E; lower, upper = poisson.test(O, E, conf.level)$conf.int; exact_p = poisson.test(O, E)$p.value;
#   expected_variance: z = (O − E)/sqrt(E), p = 2 pnorm(−|z|), p_fewer = pnorm(z);
#   mean_variance: the same with V = (O + E)/2;  beyond: subjects whose time is past a piecewise reference's last point.
# `role`: "fixture" sets were used while writing the code; "held-out" sets (random cohorts, other seeds) were compared
# only once it was written. Seeds are fixed, so a rerun reproduces the files exactly.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
out_dir <- file.path("tests", "fixtures-literature", "one-sample")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
month <- 30.4375

cumhaz <- function(ref, t) {
  switch(ref$type,
    exponential = log(2) / ref$median * t,
    weibull = -pweibull(t, ref$shape, ref$scale, lower.tail = FALSE, log.p = TRUE),
    lognormal = ifelse(t <= 0, 0, -plnorm(t, ref$meanlog, ref$sdlog, lower.tail = FALSE, log.p = TRUE)),
    loglogistic = log1p((t / ref$scale)^ref$shape),
    gompertz = if (ref$shape == 0) ref$rate * t else ref$rate / ref$shape * expm1(ref$shape * t),
    piecewise = {
      tt <- ref$time; h <- -log(ref$survival)
      if (tt[1] > 0) { tt <- c(0, tt); h <- c(0, h) }
      k <- length(tt)
      inside <- approx(tt, h, xout = pmin(t, tt[k]))$y
      inside + pmax(t - tt[k], 0) * (h[k] - h[k - 1]) / (tt[k] - tt[k - 1])
    })
}

one_case <- function(d, ref, level) {
  entry <- if (is.null(d$entry)) 0 else d$entry
  O <- sum(d$status)
  E <- sum(cumhaz(ref, d$time) - cumhaz(ref, entry))
  pt <- poisson.test(O, E, conf.level = level)
  tests <- lapply(c(expected = E, mean = (O + E) / 2), function(V) {
    z <- (O - E) / sqrt(V)
    list(z = z, p = 2 * pnorm(-abs(z)), p_fewer = pnorm(z))
  })
  list(reference = ref, observed = O, expected = E, ratio = O / E,
       lower = pt$conf.int[1], upper = pt$conf.int[2], exact_p = pt$p.value,
       expected_variance = tests$expected, mean_variance = tests$mean,
       beyond = if (ref$type == "piecewise") sum(d$time > max(ref$time)) else 0)
}

# A piecewise reference from a Kaplan–Meier curve: its value at each event time and at its last time, a final 0 left out.
km_points <- function(time, status) {
  f <- survfit(Surv(time, status) ~ 1)
  keep <- (f$n.event > 0 | seq_along(f$time) == length(f$time)) & f$surv > 0 & f$time > 0
  list(type = "piecewise", time = f$time[keep], survival = f$surv[keep])
}

references <- function(scale) list(
  list(type = "exponential", median = scale),
  list(type = "weibull", shape = 1.4, scale = 1.3 * scale),
  list(type = "weibull", shape = 0.7, scale = 1.6 * scale),
  list(type = "lognormal", meanlog = log(scale), sdlog = 0.9),
  list(type = "loglogistic", shape = 1.8, scale = scale),
  list(type = "gompertz", shape = 0.05 / scale, rate = 0.5 / scale),
  list(type = "gompertz", shape = -0.4 / scale, rate = 0.9 / scale),
  list(type = "gompertz", shape = 0, rate = 0.7 / scale))

write_set <- function(name, role, d, refs, level = 0.95) {
  out <- list(name = name, role = role, conf_level = level, r_version = R.version.string,
              data = d, cases = lapply(refs, function(r) one_case(d, r, level)))
  write_json(out, file.path(out_dir, paste0(name, ".json")), digits = NA, auto_unbox = TRUE, na = "null")
}

seven <- read.csv(file.path("examples", "seven_patient_cohort_illustrative.csv"))
vet_standard <- veteran[veteran$trt == 1, ]
vet_points <- km_points(vet_standard$time / month, vet_standard$status)
write_set("seven_patient_os", "fixture", data.frame(time = seven$os_months, status = seven$os_event),
          c(references(10), list(vet_points)))
write_set("seven_patient_pfs", "fixture", data.frame(time = seven$pfs_months, status = seven$pfs_event),
          c(references(6), list(vet_points)))
vet_test <- veteran[veteran$trt == 2, ]
write_set("veteran_test_arm", "fixture", data.frame(time = vet_test$time / month, status = vet_test$status),
          c(references(4), list(vet_points)))
aml_m <- aml[aml$x == "Maintained", ]
write_set("aml_maintained", "fixture", data.frame(time = aml_m$time, status = aml_m$status),
          c(references(20), list(km_points(aml$time[aml$x != "Maintained"], aml$status[aml$x != "Maintained"]))))
set.seed(11)
n <- 40
entry <- round(runif(n, 0, 6), 2)
delayed <- data.frame(entry = entry, time = round(entry + rexp(n, 1 / 14), 2), status = rbinom(n, 1, 0.7))
write_set("delayed_entry", "fixture", delayed, c(references(12), list(vet_points)))
write_set("no_events", "fixture", data.frame(time = c(3, 7.5, 12, 20), status = c(0, 0, 0, 0)), references(10))

# Held-out: random cohorts and references not seen while writing the code.
for (seed in 1:4) {
  set.seed(1000 + seed)
  n <- c(5, 25, 120, 600)[seed]
  scale <- runif(1, 3, 30)
  time <- round(rweibull(n, shape = runif(1, 0.6, 1.8), scale = scale), 3)
  cens <- round(runif(n, 0, 2.5 * scale), 3)
  d <- data.frame(time = pmin(time, cens), status = as.integer(time <= cens))
  other <- round(rexp(80, 1 / scale), 3)
  refs <- c(references(runif(1, 0.5, 1.5) * scale), list(km_points(other, rbinom(80, 1, 0.8))))
  write_set(sprintf("held_out_%d", seed), "held-out", d, refs, level = c(0.95, 0.9, 0.99, 0.8)[seed])
}
cat("wrote one-sample fixtures to", out_dir, "\n")
