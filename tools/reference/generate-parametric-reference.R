#!/usr/bin/env Rscript
# Writes R reference fixtures for the parametric survival models (issue 19) into tests/fixtures/r-parametric/, one
# JSON file per data set. Run from the repository root:
#   Rscript tools/reference/generate-parametric-reference.R
# Needs: r-base-core, r-cran-survival, r-cran-jsonlite, r-cran-numderiv (r-cran-kmsurv for bcdeter).
#
# Interval-censored sets (issue 25: bcdeter, visit_schedule, interval_regression, interval_counts_days) are given as
# R's Surv(lo, hi, type = "interval2") gives them to survreg: kind 1 exact (lo = hi = time), 0 right-censored (hi = NA),
# 2 left-censored by `time` (lo = NA: an interval (0, time], which survreg cannot take as lo = 0 on the log scale), 3
# interval (time, upper]. Gompertz and generalized gamma there: the same written likelihood, log(S(l) - S(r)) per
# interval, log(1 - S(r)) per left-censoring.
#
# Exponential, Weibull, log-normal and log-logistic on right-censored data without delayed entry are R's survreg
# (values with survreg.control(rel.tolerance = 1e-12); iterations and values of the default control beside them).
# Where survreg has no option — the Gompertz and generalized gamma (flexsurv's parameterisations; flexsurv is not a
# Debian package), and delayed entry for every family — the log-likelihood is written out below, independently of the
# C# code, and maximised here: optim (BFGS) from a good start, then Newton steps with numDeriv's Richardson gradient
# and Hessian until no parameter moves by 1e-11; the variance is the inverse of that Hessian. Predictions (S, h, H
# with the delta-method se of log H and log h, quantiles with their se, mean and restricted mean with theirs) use the
# same written functions and numDeriv gradients; for the survreg families the quantiles are predict(fit, type =
# "quantile", se.fit = TRUE) itself. Data sets marked held_out were added after the engine was written and never
# used to develop it. Generated data use fixed seeds, so a rerun reproduces the files.
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(numDeriv) })

out_dir <- file.path("tests", "fixtures", "r-parametric")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
conf_level <- 0.95
z_crit <- qnorm(1 - (1 - conf_level) / 2)

exact_numbers <- function(x) structure(paste0("[", paste(ifelse(is.na(x), "null", sprintf("%.17g", x)), collapse = ","), "]"), class = "json")

survreg_dist <- c(exponential = "exponential", weibull = "weibull", lognormal = "lognormal", loglogistic = "loglogistic")
ancillary_count <- c(exponential = 0, weibull = 1, lognormal = 1, loglogistic = 1, gompertz = 1, gengamma = 2)

# ---- The written-out distributions: log S, log f and log h at t, given eta and the stratum's ancillary vector. ----
log_surv <- function(dist, t, eta, anc) {
  switch(dist,
    exponential = -t * exp(-eta),
    weibull = -exp((log(t) - eta) / exp(anc[1])),
    lognormal = pnorm((log(t) - eta) / exp(anc[1]), lower.tail = FALSE, log.p = TRUE),
    loglogistic = plogis((log(t) - eta) / exp(anc[1]), lower.tail = FALSE, log.p = TRUE),
    gompertz = { a <- anc[1]; if (a == 0) -exp(eta) * t else -exp(eta) / a * expm1(a * t) },
    gengamma = {
      z <- (log(t) - eta) / exp(anc[1]); q <- anc[2]
      if (q == 0) pnorm(z, lower.tail = FALSE, log.p = TRUE) else {
        g <- 1 / q^2; u <- g * exp(q * z)
        pgamma(u, shape = g, lower.tail = (q < 0), log.p = TRUE)
      }
    })
}
log_dens <- function(dist, t, eta, anc) {
  switch(dist,
    exponential = -eta - t * exp(-eta),
    weibull = { s <- exp(anc[1]); z <- (log(t) - eta) / s; z - exp(z) - log(s) - log(t) },
    lognormal = { s <- exp(anc[1]); dnorm((log(t) - eta) / s, log = TRUE) - log(s) - log(t) },
    loglogistic = { s <- exp(anc[1]); dlogis((log(t) - eta) / s, log = TRUE) - log(s) - log(t) },
    gompertz = eta + anc[1] * t + log_surv(dist, t, eta, anc),
    gengamma = {
      s <- exp(anc[1]); z <- (log(t) - eta) / s; q <- anc[2]
      if (q == 0) dnorm(z, log = TRUE) - log(s) - log(t) else {
        g <- 1 / q^2
        log(abs(q)) + g * log(g) - lgamma(g) + g * (q * z - exp(q * z)) - log(s) - log(t)
      }
    })
}
log_haz <- function(dist, t, eta, anc) log_dens(dist, t, eta, anc) - log_surv(dist, t, eta, anc)

# kind: 1 exact, 0 right, 2 left (at time), 3 interval (time, upper]; entry: left truncation (0 = none).
loglik_terms <- function(dist, d, eta, anc_of_stratum, strata_index) {
  total <- 0
  for (s in unique(strata_index)) {
    i <- which(strata_index == s); anc <- anc_of_stratum(s); k <- d$kind[i]; t <- d$time[i]; e <- eta[i]
    v <- numeric(length(i))
    j <- k == 1; if (any(j)) v[j] <- log_dens(dist, t[j], e[j], anc)
    j <- k == 0; if (any(j)) v[j] <- log_surv(dist, t[j], e[j], anc)
    j <- k == 2; if (any(j)) v[j] <- log(-expm1(log_surv(dist, t[j], e[j], anc)))
    j <- k == 3
    if (any(j)) {
      l <- log_surv(dist, t[j], e[j], anc); r <- log_surv(dist, d$upper[i][j], e[j], anc)
      v[j] <- l + log(-expm1(r - l))
    }
    en <- d$entry[i]; j <- en > 0
    if (any(j)) v[j] <- v[j] - log_surv(dist, en[j], e[j], anc)
    total <- total + sum(d$weight[i] * v)
  }
  total
}

# theta = (beta, then ancillary of stratum 1, stratum 2, ...).
make_loglik <- function(dist, d, X, strata_index) {
  p <- ncol(X); k <- ancillary_count[[dist]]
  function(theta) {
    eta <- drop(X %*% theta[1:p])
    loglik_terms(dist, d, eta, function(s) if (k == 0) numeric(0) else theta[p + (s - 1) * k + seq_len(k)], strata_index)
  }
}

maximise <- function(f, start) {
  safe <- function(th) { v <- f(th); if (is.finite(v)) v else -1e300 }
  o <- tryCatch(optim(start, f, method = "BFGS", control = list(fnscale = -1, reltol = 1e-15, maxit = 20000)),
                error = function(e) optim(start, safe, method = "Nelder-Mead", control = list(fnscale = -1, reltol = 1e-15, maxit = 50000)))
  theta <- o$par
  for (step in 1:40) {
    g <- grad(f, theta); h <- hessian(f, theta)
    move <- solve(h, g)
    new <- theta - move
    halve <- 0
    while (!is.finite(f(new)) || f(new) < f(theta) - 1e-12 * abs(f(theta))) {
      move <- move / 2; new <- theta - move; halve <- halve + 1
      if (halve > 30) break
    }
    theta <- new
    if (max(abs(move)) < 1e-11) break
  }
  h <- hessian(f, theta)
  list(theta = theta, loglik = f(theta), var = solve(-h))
}

# ---- One data set ----
# d: time, status (or kind/upper), optional entry, weight; `numeric`/`factors` name model columns; strata a column.
write_set <- function(name, source, d, terms = character(0), factors = character(0), strata = NULL,
                      dists = names(ancillary_count), profiles = NULL, times = NULL, quantiles = c(0.25, 0.5, 0.75),
                      tau = NULL, held_out = FALSE) {
  for (f in factors) d[[f]] <- factor(as.character(d[[f]]))
  if (is.null(d$kind)) d$kind <- d$status
  if (is.null(d$upper)) d$upper <- NA_real_
  has_entry <- !is.null(d$entry); if (!has_entry) d$entry <- 0
  weighted <- !is.null(d$weight); if (!weighted) d$weight <- 1
  interval <- any(d$kind %in% c(2, 3))
  rhs <- if (length(terms)) paste(terms, collapse = " + ") else "1"
  X <- model.matrix(as.formula(paste("~", rhs)), d)
  strata_index <- if (is.null(strata)) rep(1L, nrow(d)) else as.integer(factor(as.character(d[[strata]])))
  strata_levels <- if (is.null(strata)) "" else levels(factor(as.character(d[[strata]])))
  nstrata <- length(strata_levels)
  n <- nrow(d)
  surv_lhs <- if (interval) {
    lo <- ifelse(d$kind == 2, NA, d$time); hi <- ifelse(d$kind == 0, NA, ifelse(d$kind == 3, d$upper, d$time))
    d$lo <- lo; d$hi <- hi; "Surv(lo, hi, type = 'interval2')"
  } else "Surv(time, status)"
  survreg_formula <- as.formula(paste(surv_lhs, "~", rhs, if (!is.null(strata)) sprintf("+ strata(%s)", strata) else ""))
  profile_X <- if (!is.null(profiles)) {
    nd <- profiles$newdata
    for (f in factors) nd[[f]] <- factor(as.character(nd[[f]]), levels = levels(d[[f]]))
    model.matrix(as.formula(paste("~", rhs)), nd)
  } else NULL

  fits <- list()
  for (dist in dists) {
    k <- ancillary_count[[dist]]
    p <- ncol(X)
    nanc <- if (k == 0) 0 else k * nstrata
    # Events: every subject not right-censored (an interval or a left-censoring carries an event too).
    if (p + nanc > sum(d$kind != 0)) next
    if (dist == "exponential" && nstrata > 1) next
    f <- make_loglik(dist, d, X, strata_index)
    use_survreg <- dist %in% names(survreg_dist) && !has_entry
    out <- list()
    if (use_survreg) {
      w <- if (weighted) d$weight else NULL
      fit <- survreg(survreg_formula, data = cbind(d, .w = d$weight), weights = .w, dist = survreg_dist[[dist]],
                     control = survreg.control(rel.tolerance = 1e-12, iter.max = 100))
      fit_default <- survreg(survreg_formula, data = cbind(d, .w = d$weight), weights = .w, dist = survreg_dist[[dist]])
      theta <- unname(fit$coefficients)
      if (k > 0) theta <- c(theta, log(fit$scale))
      V <- unname(fit$var)
      ll <- fit$loglik[2]; ll0 <- fit$loglik[1]
      # The written likelihood agrees with survreg's (a check of this script).
      stopifnot(abs(f(theta) - ll) < 1e-8 * abs(ll))
      out$method <- "survreg"
      out$call <- paste(deparse(survreg_formula), collapse = "")
      out$iterations <- fit_default$iter
      out$default_coef <- exact_numbers(unname(c(fit_default$coefficients, if (k > 0) log(fit_default$scale))))
      out$default_loglik <- fit_default$loglik[2]
      if (!is.null(profile_X) && nstrata == 1) {
        nd <- profiles$newdata
        for (f2 in factors) nd[[f2]] <- factor(as.character(nd[[f2]]), levels = levels(d[[f2]]))
        q <- predict(fit, newdata = nd, type = "quantile", p = quantiles, se.fit = TRUE)
        out$survreg_quantile <- exact_numbers(c(t(matrix(q$fit, nrow = nrow(nd)))))
        out$survreg_quantile_se <- exact_numbers(c(t(matrix(q$se.fit, nrow = nrow(nd)))))
      }
    } else {
      # Starts: survreg's Weibull / log-normal (for the generalized gamma), the exponential rate (Gompertz), or survreg's
      # own family without the entries (delayed entry); then the written likelihood maximised.
      base <- function(dn) survreg(survreg_formula, data = cbind(d, .w = d$weight), weights = .w, dist = dn)
      starts <- list()
      if (dist == "gengamma") {
        b <- list(w = base("weibull"), l = base("lognormal"))
        for (which in c("w", "l")) {
          th <- unname(b[[which]]$coefficients); sc <- log(b[[which]]$scale)
          starts[[which]] <- c(th, as.vector(rbind(sc, if (which == "w") 1 else 0)))
        }
      } else if (dist == "gompertz") {
        th <- rep(0, p); th[1] <- log(sum(d$weight[d$kind != 0]) / sum(d$weight * (d$time - d$entry)))
        starts$g <- c(th, rep(0, nstrata))
      } else {
        fb <- base(survreg_dist[[dist]])
        starts$s <- c(unname(fb$coefficients), if (k > 0) log(fb$scale))
      }
      best <- NULL
      for (st in starts) {
        m <- maximise(f, st)
        if (is.null(best) || m$loglik > best$loglik) best <- m
      }
      theta <- best$theta; V <- best$var; ll <- best$loglik
      X0 <- X[, 1, drop = FALSE]
      f0 <- make_loglik(dist, d, X0, strata_index)
      st0 <- c(theta[1], if (nanc > 0) theta[(p + 1):(p + nanc)])
      ll0 <- if (p > 1) maximise(f0, st0)$loglik else ll
      out$method <- "likelihood"
    }
    kpar <- p + nanc
    se <- sqrt(diag(V))
    anc_names <- switch(dist, exponential = character(0), weibull = , lognormal = , loglogistic = "Log(scale)",
                        gompertz = "shape", gengamma = c("Log(sigma)", "Q"))
    out$names <- c(colnames(X), if (nanc > 0) rep(anc_names, nstrata))
    out$coef <- exact_numbers(theta[1:p]); out$se <- exact_numbers(se[1:p])
    out$z <- exact_numbers(theta[1:p] / se[1:p]); out$p <- exact_numbers(2 * pnorm(-abs(theta[1:p] / se[1:p])))
    if (nanc > 0) { out$ancillary <- exact_numbers(theta[(p + 1):kpar]); out$ancillary_se <- exact_numbers(se[(p + 1):kpar]) }
    out$loglik <- ll; out$loglik_null <- ll0
    out$parameters <- kpar
    out$aic <- -2 * ll + 2 * kpar; out$bic <- -2 * ll + log(n) * kpar
    out$lr_chisq <- if (p > 1) 2 * (ll - ll0) else NULL; out$lr_df <- p - 1
    out$var <- exact_numbers(c(t(V)))
    if (dist %in% c("exponential", "weibull") && p > 1 && nstrata == 1) {
      # Hazard ratios exp(-beta/sigma) with the delta-method se of their log.
      s <- if (dist == "weibull") exp(theta[p + 1]) else 1
      hr <- exp(-theta[2:p] / s)
      hr_se <- sapply(2:p, function(j) {
        g <- rep(0, kpar); g[j] <- -1 / s; if (dist == "weibull") g[p + 1] <- theta[j] / s
        sqrt(drop(t(g) %*% V %*% g))
      })
      out$hazard_ratio <- exact_numbers(hr); out$hazard_ratio_log_se <- exact_numbers(hr_se)
    }
    if (!is.null(profile_X)) out$predictions <- predictions(dist, theta, V, p, k, profile_X, profiles, strata_levels, times, quantiles, tau)
    fits[[dist]] <- out
  }

  numeric <- setdiff(terms, factors)
  set <- list(
    name = name, source = source, note = "generated by tools/reference/generate-parametric-reference.R",
    held_out = held_out, conf_level = conf_level, r_survival_version = as.character(packageVersion("survival")),
    terms = terms, factors = factors, strata = strata, strata_levels = strata_levels,
    data = c(list(time = exact_numbers(d$time), kind = as.integer(d$kind)),
             if (interval) list(upper = exact_numbers(d$upper)),
             if (has_entry) list(entry = exact_numbers(d$entry)),
             if (weighted) list(weight = exact_numbers(d$weight)),
             list(covariates = setNames(lapply(numeric, function(v) exact_numbers(d[[v]])), numeric)),
             list(factors = setNames(lapply(factors, function(v) as.character(d[[v]])), factors)),
             if (!is.null(strata)) list(strata = as.character(d[[strata]]))),
    profiles = if (!is.null(profiles)) list(labels = profiles$labels,
      covariates = setNames(lapply(numeric, function(v) profiles$newdata[[v]]), numeric),
      factors = setNames(lapply(factors, function(v) as.character(profiles$newdata[[v]])), factors),
      strata = profiles$strata),
    times = times, quantiles = quantiles, tau = tau,
    fits = fits)
  if (length(numeric) == 0) set$data$covariates <- NULL
  if (length(factors) == 0) set$data$factors <- NULL
  writeLines(toJSON(set, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE, json_verbatim = TRUE),
             file.path(out_dir, paste0(name, ".json")))
  cat("wrote", name, paste(names(fits), collapse = " "), "\n")
}

# ---- Predictions at each profile (and its stratum) ----
predictions <- function(dist, theta, V, p, k, PX, profiles, strata_levels, times, quantiles, tau) {
  nstrata <- length(strata_levels)
  lapply(seq_len(nrow(PX)), function(j) {
    s <- if (is.null(profiles$strata)) 1 else match(profiles$strata[j], strata_levels)
    anc_at <- function(th) if (k == 0) numeric(0) else th[p + (s - 1) * k + seq_len(k)]
    x <- PX[j, ]
    eta_at <- function(th) sum(x * th[1:p])
    ls <- function(t) function(th) log_surv(dist, t, eta_at(th), anc_at(th))
    lh <- function(t) function(th) log_haz(dist, t, eta_at(th), anc_at(th))
    dvar <- function(g) drop(t(g) %*% V %*% g)
    surv <- cumhaz <- se_log_cumhaz <- hazard <- se_log_hazard <- numeric(0)
    for (t in times) {
      v <- ls(t)(theta); H <- -v
      g <- grad(ls(t), theta)
      surv <- c(surv, exp(v)); cumhaz <- c(cumhaz, H)
      se_log_cumhaz <- c(se_log_cumhaz, sqrt(dvar(g)) / H)
      hazard <- c(hazard, exp(lh(t)(theta)))
      se_log_hazard <- c(se_log_hazard, sqrt(dvar(grad(lh(t), theta))))
    }
    qt <- qse <- numeric(0)
    for (pp in quantiles) {
      target <- log(1 - pp)
      if (dist == "gompertz" && theta[p + (s - 1) * k + 1] < 0 && exp(eta_at(theta)) / theta[p + (s - 1) * k + 1] > target) {
        qt <- c(qt, NA); qse <- c(qse, NA); next
      }
      r <- uniroot(function(u) ls(exp(u))(theta) - target, c(-60, 60), tol = 1e-14)$root
      tq <- exp(r)
      # dt/dtheta = grad log S(t) / h(t)
      g <- grad(ls(tq), theta) / exp(lh(tq)(theta))
      qt <- c(qt, tq); qse <- c(qse, sqrt(dvar(g)))
    }
    mean_fun <- function(th) {
      eta <- eta_at(th); a <- anc_at(th)
      switch(dist,
        exponential = exp(eta),
        weibull = exp(eta) * gamma(1 + exp(a[1])),
        lognormal = exp(eta + exp(a[1])^2 / 2),
        loglogistic = { sg <- exp(a[1]); if (sg >= 1) NA else exp(eta) * pi * sg / sin(pi * sg) },
        gompertz = if (a[1] < 0) NA else integrate(function(t) exp(log_surv(dist, t, eta, a)), 0, Inf, rel.tol = 1e-13, subdivisions = 2000)$value,
        gengamma = { sg <- exp(a[1]); q <- a[2]
          if (q == 0) exp(eta + sg^2 / 2) else { g <- 1 / q^2; if (g + sg / q <= 0) NA else exp(eta + (sg / q) * (-log(g)) + lgamma(g + sg / q) - lgamma(g)) } })
    }
    m <- mean_fun(theta)
    m_se <- if (is.na(m)) NA else sqrt(dvar(grad(mean_fun, theta)))
    rmst_fun <- function(th) integrate(function(t) exp(sapply(t, function(tt) log_surv(dist, tt, eta_at(th), anc_at(th)))), 0, tau,
                                         rel.tol = 1e-13, subdivisions = 2000)$value
    rm <- if (is.null(tau)) NA else rmst_fun(theta)
    rm_se <- if (is.null(tau)) NA else sqrt(dvar(grad(rmst_fun, theta)))
    list(label = profiles$labels[j], stratum = strata_levels[s], linear_predictor = eta_at(theta),
         surv = exact_numbers(surv), cumhaz = exact_numbers(cumhaz), se_log_cumhaz = exact_numbers(se_log_cumhaz),
         hazard = exact_numbers(hazard), se_log_hazard = exact_numbers(se_log_hazard),
         quantile = exact_numbers(qt), quantile_se = exact_numbers(qse),
         mean = m, mean_se = m_se, rmst = rm, rmst_se = rm_se)
  })
}

args <- commandArgs(trailingOnly = TRUE)
only <- if (length(args)) args else NULL
want <- function(name) is.null(only) || name %in% only

# ---- Development sets ----
lung_d <- na.omit(data.frame(time = lung$time, status = lung$status - 1, age = lung$age,
                             sex = ifelse(lung$sex == 1, "male", "female"), ph.ecog = lung$ph.ecog))
if (want("lung_age_sex_ecog"))
  write_set("lung_age_sex_ecog", "R survival::lung, complete cases", lung_d, c("age", "sex", "ph.ecog"), factors = "sex",
            profiles = list(labels = c("male 60 ecog 1", "female 70 ecog 2"),
                            newdata = data.frame(age = c(60, 70), sex = c("male", "female"), ph.ecog = c(1, 2))),
            times = c(30, 180, 365, 730, 1500), tau = 1000)

if (want("lung_sex"))
  write_set("lung_sex", "R survival::lung, the sex factor alone (the group-factor model)", lung_d, "sex", factors = "sex",
            profiles = list(labels = c("female", "male"), newdata = data.frame(sex = c("female", "male"))),
            times = c(100, 365, 1000, 2000), tau = 730)

vet <- data.frame(time = veteran$time, status = veteran$status, trt = ifelse(veteran$trt == 1, "standard", "test"),
                  celltype = as.character(veteran$celltype), karno = veteran$karno, prior = ifelse(veteran$prior == 10, "yes", "no"))
if (want("veteran_factors"))
  write_set("veteran_factors", "R survival::veteran", vet, c("trt", "celltype", "karno"), factors = c("trt", "celltype"),
            profiles = list(labels = c("standard squamous 60", "test smallcell 80"),
                            newdata = data.frame(trt = c("standard", "test"), celltype = c("squamous", "smallcell"), karno = c(60, 80))),
            times = c(10, 100, 365), tau = 365)

if (want("veteran_strata"))
  write_set("veteran_strata", "R survival::veteran, a scale per prior-therapy stratum", vet, c("trt", "karno"), factors = "trt",
            strata = "prior",
            profiles = list(labels = c("standard 60 no", "test 70 yes"), strata = c("no", "yes"),
                            newdata = data.frame(trt = c("standard", "test"), karno = c(60, 70))),
            times = c(30, 200), tau = 300)

seven <- read.csv("examples/seven_patient_cohort_illustrative.csv")
if (want("seven_patient_os"))
  write_set("seven_patient_os", "examples/seven_patient_cohort_illustrative.csv (ILLUSTRATIVE), overall survival",
            data.frame(time = seven$os_months, status = seven$os_event),
            profiles = list(labels = "all", newdata = data.frame(x = 1)), times = c(12, 24, 60), tau = 24)

iptw <- read.csv("examples/lung_iptw.csv")
if (want("lung_weights"))
  write_set("lung_weights", "examples/lung_iptw.csv: lung with inverse-probability weights (not whole)",
            data.frame(time = iptw$time, status = iptw$status, sex = iptw$sex, age = iptw$age, weight = iptw$weight),
            c("sex", "age"), factors = "sex",
            profiles = list(labels = c("female 65", "male 65"), newdata = data.frame(sex = c("female", "male"), age = c(65, 65))),
            times = c(180, 365), tau = 500)

# Delayed entry: Weibull event times, entry uniform before them (left truncation), censoring; seed 1901.
set.seed(1901)
n <- 300
dt <- data.frame(z = rnorm(n), g = sample(c("a", "b"), n, replace = TRUE))
raw <- rweibull(n, shape = 1.4, scale = 20 * exp(0.3 * dt$z - 0.4 * (dt$g == "b")))
entry <- runif(n, 0, 10)
keep <- raw > entry
dt <- dt[keep, ]; raw <- raw[keep]; entry <- entry[keep]
cens <- entry + runif(length(raw), 2, 40)
dt$time <- pmin(raw, cens); dt$status <- as.integer(raw <= cens); dt$entry <- entry
if (want("delayed_entry"))
  write_set("delayed_entry", "generated: Weibull times, left-truncated at uniform entries (seed 1901)", dt, c("z", "g"), factors = "g",
            profiles = list(labels = c("a z=0", "b z=1"), newdata = data.frame(z = c(0, 1), g = c("a", "b"))),
            times = c(5, 15, 30), tau = 25)

# Interval censoring: every kind (exact, right, left, interval), for the likelihood's four contributions; seed 1902.
set.seed(1902)
n <- 200
ic <- data.frame(x = rnorm(n))
tt <- rlnorm(n, meanlog = 2 + 0.5 * ic$x, sdlog = 0.8)
kind <- sample(c(1, 0, 2, 3), n, replace = TRUE, prob = c(0.3, 0.25, 0.15, 0.3))
visit <- pmax(0.5, round(tt)); width <- runif(n, 1, 4)
ic$kind <- kind
ic$time <- ifelse(kind == 1, tt, ifelse(kind == 0, tt * runif(n, 0.3, 1), ifelse(kind == 2, tt * runif(n, 1, 2), pmax(0.05, tt - width * runif(n)))))
ic$upper <- ifelse(kind == 3, ic$time + width, NA)
ic$status <- as.integer(kind == 1)
if (want("interval_kinds"))
  write_set("interval_kinds", "generated: log-normal times observed exactly, right-, left- and interval-censored (seed 1902)",
            ic, "x", profiles = list(labels = c("x=0", "x=1"), newdata = data.frame(x = c(0, 1))), times = c(3, 10), tau = 15)

# Integer days with heavy ties and three arms, for the count-table form (seed 1903).
set.seed(1903)
n <- 3000
reg <- data.frame(group = sample(c("control", "drug_a", "drug_b"), n, replace = TRUE))
ev <- ceiling(rexp(n, 1 / c(control = 400, drug_a = 520, drug_b = 650)[reg$group]))
ce <- ceiling(runif(n, 1, 1000))
reg$time <- pmin(ev, ce); reg$status <- as.integer(ev <= ce)
if (want("registry_days"))
  write_set("registry_days", "generated: integer days, three arms (seed 1903)", reg, "group", factors = "group",
            profiles = list(labels = c("control", "drug_a", "drug_b"), newdata = data.frame(group = c("control", "drug_a", "drug_b"))),
            times = c(365, 1000, 3650), tau = 1000)

# ---- Interval censoring (issue 25): survreg(Surv(lo, hi, type = "interval2")) and the written likelihood ----
# An interval (l, r] as the service takes it (interval2; l = 0 left-censored, r = Inf right-censored, l = r exact) in
# this script's kinds.
from_interval2 <- function(l, r) {
  kind <- ifelse(!is.finite(r), 0, ifelse(l == r, 1, ifelse(l == 0, 2, 3)))
  data.frame(kind = kind, time = ifelse(kind == 2, r, l), upper = ifelse(kind == 3, r, NA), status = as.integer(kind == 1))
}
interval_fixture <- function(name) {
  f <- fromJSON(file.path("tests", "fixtures-interval", paste0(name, ".json")))
  r <- sapply(f$data$right, function(v) if (is.null(v)) Inf else v)
  cbind(from_interval2(f$data$left, r), group = f$data$group)
}

# KMsurv's bcdeter (breast cosmesis, Finkelstein & Wolfe 1985; Klein & Moeschberger section 1.18): all 95 rows, months;
# treat 1 = radiotherapy alone ("Rad"), 2 = with chemotherapy ("RadChem"); upper NA right-censored, lower 0 left-censored.
if (want("interval_bcdeter")) {
  data(bcdeter, package = "KMsurv")
  bc <- cbind(from_interval2(bcdeter$lower, ifelse(is.na(bcdeter$upper), Inf, bcdeter$upper)),
              group = ifelse(bcdeter$treat == 1, "Rad", "RadChem"))
  write_set("interval_bcdeter", "KMsurv bcdeter, all 95 rows (months): interval-, left- and right-censored, the treatment factor",
            bc, "group", factors = "group",
            profiles = list(labels = c("Rad", "RadChem"), newdata = data.frame(group = c("Rad", "RadChem"))),
            times = c(12, 24, 36, 48), tau = 48)
}

# The PFS-like visit schedules of tests/fixtures-interval/visit_schedule.json (600 subjects scanned on their own
# schedules, days; exact deaths, progressions between scans, by the first scan, and no progression seen).
if (want("interval_visit_schedule"))
  write_set("interval_visit_schedule", "tests/fixtures-interval/visit_schedule.json: 600 PFS-like subjects, own visit schedules (days), exact deaths",
            interval_fixture("visit_schedule"), "group", factors = "group",
            profiles = list(labels = c("control", "treatment"), newdata = data.frame(group = c("control", "treatment"))),
            times = c(90, 180, 365, 730), tau = 730)

# Interval regression with a numeric covariate, a factor and strata: Weibull progression times scanned every 8 weeks
# (± 1 week) until drop-out, some deaths seen exactly; seed 2525.
interval_regression <- function(n, seed) {
  set.seed(seed)
  d <- data.frame(age = round(rnorm(n, 62, 9)), arm = sample(c("control", "drug"), n, replace = TRUE),
                  site = sample(c("north", "south"), n, replace = TRUE))
  shape <- ifelse(d$site == "north", 1.3, 0.9)
  t <- rweibull(n, shape, 300 * exp(-0.01 * (d$age - 62) + 0.35 * (d$arm == "drug")))
  dropout <- runif(n, 150, 900)
  l <- r <- numeric(n)
  for (i in seq_len(n)) {
    visits <- cumsum(c(0, 56 + sample(-7:7, 40, replace = TRUE))); visits <- visits[visits <= dropout[i]]
    if (runif(1) < 0.1 && t[i] < dropout[i]) { l[i] <- r[i] <- round(t[i], 1) }
    else if (t[i] > max(visits)) { l[i] <- max(visits); r[i] <- Inf }
    else { l[i] <- max(visits[visits < t[i]]); r[i] <- min(visits[visits >= t[i]]) }
  }
  cbind(from_interval2(l, r), d)
}
if (want("interval_regression"))
  write_set("interval_regression", "generated: Weibull times scanned every 8 weeks, age + arm, a scale per site (seed 2525)",
            interval_regression(400, 2525), c("age", "arm"), factors = "arm", strata = "site",
            profiles = list(labels = c("control 60 north", "drug 70 south"), strata = c("north", "south"),
                            newdata = data.frame(age = c(60, 70), arm = c("control", "drug"))),
            times = c(90, 365), tau = 540)
if (want("interval_regression_unstratified"))
  write_set("interval_regression_unstratified", "generated: as interval_regression without strata, a held-out seed (2526)",
            interval_regression(300, 2526), c("age", "arm"), factors = "arm",
            profiles = list(labels = c("control 60", "drug 60"), newdata = data.frame(age = c(60, 60), arm = c("control", "drug"))),
            times = c(90, 365), tau = 540, held_out = TRUE)

# ---- Held-out sets: added after the engine was written, never used to develop it ----
cd <- colon[colon$etype == 2, ]
colon_d <- na.omit(data.frame(time = cd$time, status = cd$status, rx = as.character(cd$rx), age = cd$age, nodes = cd$nodes,
                              sex = ifelse(cd$sex == 1, "male", "female")))
if (want("colon_deaths"))
  write_set("colon_deaths", "R survival::colon, deaths (held out)", colon_d, c("rx", "age", "nodes"), factors = "rx",
            profiles = list(labels = c("Obs 60 nodes 2", "Lev+5FU 60 nodes 2"),
                            newdata = data.frame(rx = c("Obs", "Lev+5FU"), age = c(60, 60), nodes = c(2, 2))),
            times = c(365, 1825, 3650), tau = 1825, held_out = TRUE)

kid <- data.frame(time = kidney$time, status = kidney$status, age = kidney$age, sex = ifelse(kidney$sex == 1, "male", "female"))
if (want("kidney_strata"))
  write_set("kidney_strata", "R survival::kidney, a scale per sex (held out)", kid, "age", strata = "sex",
            profiles = list(labels = c("40 female", "40 male"), strata = c("female", "male"), newdata = data.frame(age = c(40, 40))),
            times = c(30, 200), tau = 300, held_out = TRUE)

ov <- data.frame(time = ovarian$futime, status = ovarian$fustat, rx = as.character(ovarian$rx), age = ovarian$age)
if (want("ovarian"))
  write_set("ovarian", "R survival::ovarian (held out)", ov, c("rx", "age"), factors = "rx",
            profiles = list(labels = c("rx1 55", "rx2 55"), newdata = data.frame(rx = c("1", "2"), age = c(55, 55))),
            times = c(365, 1000), tau = 1000, held_out = TRUE)

pb <- pbc[1:312, ]
pbc_d <- na.omit(data.frame(time = pb$time, status = as.integer(pb$status == 2), age = pb$age, log_bili = log(pb$bili),
                            edema = pb$edema))
if (want("pbc"))
  write_set("pbc", "R survival::pbc, randomized patients, death (held out)", pbc_d, c("age", "log_bili", "edema"),
            profiles = list(labels = c("50 bili 1", "60 bili 3 edema"),
                            newdata = data.frame(age = c(50, 60), log_bili = log(c(1, 3)), edema = c(0, 1))),
            times = c(1000, 3000, 6000), tau = 3000, held_out = TRUE)
