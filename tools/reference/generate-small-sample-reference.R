#!/usr/bin/env Rscript
# Writes the reference fixtures of the small-sample pointwise intervals and the simultaneous confidence bands
# (issue 20) into tests/fixtures-small-sample/intervals-*.json. Run from the repository root:
#   Rscript tools/reference/generate-small-sample-reference.R
# Needs: apt-get install -y r-base-core r-cran-survival r-cran-jsonlite r-cran-km.ci r-cran-kmsurv
#
# What each file holds (conf_level 0.95, one sample per file):
#   km                survfit rows: time, n_risk, n_event, n_censor, surv, greenwood (Σ d/(n(n−d)))
#   kmci.{rothman, peto, grunkemeier}
#                     km.ci(fit, method = ...)$lower/upper as the package prints them
#   thomas_grunkemeier the likelihood-ratio interval solved here to machine precision (uniroot, tol 1e-15, on each
#                     side of 0), at each row with a death so far; km.ci's own bisection stops at |f| < 1e-7
#   beta_product      the method-of-moments beta product of Fay, Brittain & Proschan (2013), written here from the
#                     paper: at a row, the interval that holds on (t_j, t_{j+1}) (bpcp's (t_j, t_{j+1}) cell)
#   clopper_pearson   present when no subject is censored: qbeta(α/2, Y, n − Y + 1), qbeta(1 − α/2, Y + 1, n − Y)
#   bands[]           km.ci's hall-wellner, loghall, epband, logep over [tl, tu]; `crit` is the critical value km.ci
#                     used (recovered from its band), `rows` the rows the band covers (1-based), and the
#                     arcsine-square-root bands of Klein & Moeschberger (2003, eq. 4.4.3/4.4.6) computed here
#                     with the same critical value.
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(km.ci); library(KMsurv) })

out_dir <- file.path("tests", "fixtures-small-sample")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
conf_level <- 0.95
alpha <- 1 - conf_level
z <- qnorm(1 - alpha / 2)

tg_exact <- function(n, d) {
  # -2 log R(λ) = 2 Σ [ n log(1 + λ/n) − (n − d) log(1 + λ/(n − d)) ]; the bounds are Π (1 − d/(n + λ)) at the two roots
  # of −2 log R(λ) = χ²₁(1 − α). Only times with a death count.
  keep <- d > 0
  n <- n[keep]; d <- d[keep]
  theta <- qchisq(1 - alpha, 1)
  f <- function(l) 2 * sum((n - d) * log1p(l / (n - d)) - n * log1p(l / n)) * -1 - theta
  lo <- -min(n - d)
  lower_l <- uniroot(f, c(lo * (1 - 1e-15), 0), tol = 1e-15)$root
  hi <- 1; while (f(hi) < 0) hi <- hi * 2
  upper_l <- uniroot(f, c(0, hi), tol = 1e-15)$root
  c(prod(1 - d / (n + lower_l)), prod(1 - d / (n + upper_l)))
}

mm <- function(a, b) {
  # Fan (1991): the beta with the first two moments of Π Beta(a_i, b_i).
  S <- prod(a / (a + b)); T <- prod(a * (a + 1) / ((a + b) * (a + b + 1)))
  c(a = (S - T) * S / (T - S^2), b = (S - T) * (1 - S) / (T - S^2))
}

beta_product <- function(n_risk, n_event, n_censor) {
  k <- length(n_risk)
  lower <- upper <- numeric(k)
  a <- numeric(0); b <- numeric(0)
  for (j in 1:k) {
    if (n_event[j] > 0) { a <- c(a, n_risk[j] - n_event[j] + 1); b <- c(b, n_event[j]) }
    after <- n_risk[j] - n_event[j] - n_censor[j]
    upper[j] <- if (length(a) == 0) 1 else { p <- mm(a, b); qbeta(1 - alpha / 2, p[["a"]], p[["b"]]) }
    lower[j] <- if (after == 0) 0 else { p <- mm(c(a, after), c(b, 1)); qbeta(alpha / 2, p[["a"]], p[["b"]]) }
  }
  list(lower = lower, upper = upper)
}

bands <- function(fit, tl, tu) {
  n <- fit$n
  greenwood <- cumsum(fit$n.event / (fit$n.risk * (fit$n.risk - fit$n.event)))
  out <- list()
  for (m in c("hall-wellner", "loghall", "epband", "logep")) {
    b <- km.ci(fit, conf.level = conf_level, tl = tl, tu = tu, method = m)
    rows <- match(b$time, fit$time)
    s <- fit$surv[rows]; g <- greenwood[rows]
    hw <- m %in% c("hall-wellner", "loghall")
    scale <- if (hw) (1 + n * g) / sqrt(n) else sqrt(g)
    # the critical value km.ci used, from its upper bound at the first row with 0 < S < 1
    i <- which(s < 1 & s > 0)[1]
    crit <- if (m %in% c("hall-wellner", "epband")) (b$upper[i] - s[i]) / (scale[i] * s[i]) else
      log(log(b$upper[i]) / log(s[i])) * log(s[i]) / scale[i]
    arcsine <- function(c) {
      w <- 0.5 * c * scale * sqrt(s / (1 - s))
      list(lower = sin(pmax(0, asin(sqrt(s)) - w))^2, upper = sin(pmin(pi / 2, asin(sqrt(s)) + w))^2)
    }
    sigma_lo <- g[1]; sigma_hi <- g[length(g)]
    out[[length(out) + 1]] <- list(method = m, tl = tl, tu = tu, rows = rows, crit = crit,
      a_lower = n * sigma_lo / (1 + n * sigma_lo), a_upper = n * sigma_hi / (1 + n * sigma_hi),
      lower = b$lower, upper = b$upper, arcsine = arcsine(crit))
  }
  out
}

write_set <- function(name, time, status, ranges = list(c(NA, NA)), description = "") {
  fit <- survfit(Surv(time, status) ~ 1)
  km <- list(time = fit$time, n_risk = fit$n.risk, n_event = fit$n.event, n_censor = fit$n.censor, surv = fit$surv,
             greenwood = cumsum(fit$n.event / (fit$n.risk * (fit$n.risk - fit$n.event))))
  kmci <- lapply(c(rothman = "rothman", peto = "peto", grunkemeier = "grunkemeier"), function(m) {
    r <- km.ci(fit, conf.level = conf_level, method = m); list(lower = r$lower, upper = r$upper)
  })
  deaths <- cumsum(fit$n.event)
  tg <- t(sapply(seq_along(fit$time), function(j) {
    if (deaths[j] == 0 || fit$surv[j] == 0) return(c(NA, NA))
    tg_exact(fit$n.risk[1:j], fit$n.event[1:j])
  }))
  doc <- list(name = name, description = description, conf_level = conf_level,
    data = list(time = time, status = status), km = km, kmci = kmci,
    thomas_grunkemeier = list(lower = tg[, 1], upper = tg[, 2]),
    beta_product = beta_product(fit$n.risk, fit$n.event, fit$n.censor))
  if (all(status == 1)) {
    y <- length(time) - deaths
    nn <- length(time)
    doc$clopper_pearson <- list(lower = ifelse(y == 0, 0, qbeta(alpha / 2, y, nn - y + 1)),
                                upper = ifelse(y == nn, 1, qbeta(1 - alpha / 2, y + 1, nn - y)))
  }
  if (length(ranges) > 0) doc$bands <- unlist(lapply(ranges, function(r) bands(fit, r[1], r[2])), recursive = FALSE)
  writeLines(toJSON(doc, digits = NA, auto_unbox = TRUE, null = "null", na = "null"),
             file.path(out_dir, paste0("intervals-", name, ".json")))
}

seven <- read.csv(file.path("..", "shared", "examples", "seven_patient_cohort_illustrative.csv"))
if (!nrow(seven)) stop("needs ../shared/examples")
write_set("seven_os", seven$os_months, seven$os_event, list(),
  "the illustrative seven-patient cohort's overall survival (not published patient-level data)")
write_set("seven_pfs", seven$pfs_months, seven$pfs_event, list(),
  "the illustrative seven-patient cohort's progression-free survival")
write_set("aml_maintained", aml$time[aml$x == "Maintained"], aml$status[aml$x == "Maintained"], list(c(NA, NA)),
  "survival::aml, maintained arm")
data(bmt)
all <- bmt[bmt$group == 1, ]
write_set("bmt_all", all$t2, all$d3, list(c(NA, NA), c(100, 600)),
  "KMsurv::bmt ALL group, disease-free survival: Klein & Moeschberger (2003) example 4.2, band over 100-600 days")
aml_high <- bmt[bmt$group == 3, ]
write_set("bmt_aml_high", aml_high$t2, aml_high$d3, list(c(NA, NA), c(90, 1000)),
  "KMsurv::bmt AML high-risk group, disease-free survival (held out)")
write_set("no_censoring", c(2, 3, 3, 5, 8, 8, 8, 11, 13, 17, 20, 24), rep(1, 12), list(),
  "twelve deaths with ties and no censoring: the beta product is Clopper-Pearson")
set.seed(20)
t <- round(rexp(40, 0.1), 1); cens <- round(runif(40, 2, 30), 1)
write_set("heldout_ties", pmin(t, cens), as.integer(t <= cens), list(c(NA, NA), c(5, 15)),
  "forty subjects drawn with seed 20, times to 0.1 with ties (held out)")
fem <- lung[lung$sex == 2, ]
write_set("lung_female", fem$time, fem$status - 1, list(c(NA, NA), c(100, 500)), "survival::lung, women (held out)")

# Equal-precision critical values e_α(a_L, a_U) solved independently of the service: the chance that the stationary
# Ornstein-Uhlenbeck process stays in (-e, e) over log(a_U(1-a_L)/(a_L(1-a_U))), by Crank-Nicolson finite differences
# (1500 points, 3000 steps, four implicit half-steps first), and uniroot to 1e-8; good to about 1e-6. Klein & Moeschberger's
# Table C.4, as km.ci ships it, is off by up to 0.016 at some of these points.
suppressPackageStartupMessages(library(Matrix))
ou_stay <- function(T, e, M = 1500, steps = 3000) {
  z <- seq(-e, e, length.out = M + 2)[-c(1, M + 2)]; h <- z[2] - z[1]
  A <- bandSparse(M, k = c(-1, 0, 1), diagonals = list(0.5 / h^2 + 0.5 * z[-1] / (2 * h), rep(-1 / h^2, M),
                                                       0.5 / h^2 - 0.5 * z[-M] / (2 * h)))
  dt <- T / steps; I <- Diagonal(M); v <- rep(1, M)
  for (i in 1:4) v <- as.vector(solve(I - (dt / 4) * A, v))
  L <- I - 0.5 * dt * A; R <- I + 0.5 * dt * A
  for (i in 1:(steps - 1)) v <- as.vector(solve(L, R %*% v))
  sum(dnorm(z) * v) * h
}
ep_crit <- function(aL, aU, level = 0.95) {
  T <- log(aU * (1 - aL) / (aL * (1 - aU)))
  uniroot(function(e) ou_stay(T, e) - level, c(1.5, 4), tol = 1e-8)$root
}
points <- list(c(0.02, 0.10), c(0.10, 0.40), c(0.20, 0.30), c(0.60, 0.98), c(0.105263157894737, 0.594236989120847))
table <- asNamespace("km.ci")$critical.value.nair.95
writeLines(toJSON(list(conf_level = 0.95, equal_precision = lapply(points, function(p) list(
  a_lower = p[1], a_upper = p[2], critical = ep_crit(p[1], p[2]),
  table = if (abs(p[1] * 50 - round(p[1] * 50)) < 1e-9) table[round((p[2] - 0.1) * 50) + 1, round(p[1] * 50)] else NA))),
  digits = NA, auto_unbox = TRUE, na = "null"), file.path(out_dir, "critical-values.json"))
