#!/usr/bin/env Rscript
# Writes the interval-censoring reference fixtures into tests/fixtures-interval/ (their own schema).
# Run from the repository root:  Rscript tools/reference/generate-interval-reference.R   (about a minute)
# Needs: r-base-core r-cran-survival r-cran-npsurv r-cran-kmsurv r-cran-jsonlite r-cran-numderiv.
#
# Each file holds the subjects (left, right — null for +Inf, right-censored — and group; an interval is (left, right],
# left = right an exact time, left = 0 left-censored) and:
#   npmle[group | "all"]: npsurv(cbind(left, right), tol = 1e-14, maxit = 1000) on that group's rows (npsurv 0.5-0, Wang's
#     constrained Newton method): the Turnbull intervals with mass (left, right — null for +Inf — and p), ll, maxgrad;
#   survfit[group | "all"]: survfit(Surv(left, right, type = "interval2") ~ 1) (survival's Turnbull EM, which stops once
#     S moves by less than its tolerance): time (R reports the midpoint of each interval), surv, n_event;
#   tests[scores]: for scores logrank1 (Sun 1996), logrank2 (Finkelstein 1986) and wmw (Peto & Peto / Fay 1999) as
#     Fay & Shaw (2010, JSS 36(2), section 3) define them, from the npsurv NPMLE of all rows:
#       c: the rank score of each subject, c_i = [S'(L_i) - S'(R_i)] / [S(L_i) - S(R_i)];
#       U: the sum of c over each group (levels sorted as R sorts them);
#       permutation: the permutational-central-limit form (interval's method = "pclt"): chisq = U' V^-1 U over groups
#         2..k with V_gh = sum((c - mean(c))^2) (n n_g d_gh - n_g n_h) / (n (n - 1)), df = k - 1, p; and for two groups
#         z = U_2 / sqrt(V_22) (the second group's);
#       score (sets whose pooled estimate has at most 60 intervals with mass): the score test of the grouped continuous
#         model (interval's method = "scoretest"): chisq = U' I^-1 U on the non-reference groups, I the efficient
#         information -[H_bb - H_bg H_gg^-1 H_gb], H the Hessian of the log-likelihood in (beta, the NPMLE's masses
#         written as log(p_j / p_m)) at (0, NPMLE), computed here by the complex-step numDeriv::hessian of the
#         likelihood itself (independently of the analytic derivatives the engine uses).
#   imputed[midpoint | right]: each interval replaced by its midpoint (left-censored: right/2) or its right end, an
#     exact time kept, a right-censored subject censored at left: survfit medians per group (log CI), survdiff
#     (rho = 0) chisq and p, coxph(ties = "efron") coef, se, p of each non-reference group.
# Seeds are fixed, so a rerun reproduces the files exactly.
suppressPackageStartupMessages({ library(survival); library(npsurv); library(jsonlite); library(numDeriv); library(KMsurv) })

out_dir <- file.path("tests", "fixtures-interval")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
inf_null <- function(x) lapply(as.numeric(x), function(v) if (is.na(v) || !is.finite(v)) NULL else v)

npmle <- function(l, r) {
  f <- npsurv(cbind(l, r), tol = 1e-14, maxit = 1000)
  list(left = f$f$left, right = inf_null(f$f$right), p = f$f$p, ll = f$ll, maxgrad = f$maxgrad)
}

# S(L_i) (with exact subjects' L as L-) and S(R_i) of every subject under masses p on intervals (ql, qr]: the mass
# lying wholly after x is that of intervals starting after x, or open at x (a point mass at x is not after x).
survival_at_ends <- function(l, r, fit) {
  ql <- fit$left; qr <- sapply(fit$right, function(v) if (is.null(v)) Inf else v); p <- fit$p
  after <- function(x) sum(p[ql > x | (ql == x & qr > x)])
  sl <- sapply(seq_along(l), function(i) if (l[i] == r[i]) sum(p[ql >= l[i]]) else after(l[i]))
  sr <- sapply(seq_along(l), function(i) after(r[i]))
  list(sl = sl, sr = sr)
}

scores <- function(type, sl, sr, fit) {
  p <- fit$p; after <- 1 - cumsum(p); before <- c(1, head(after, -1))
  lambda <- p / before; Lambda <- cumsum(lambda)
  big_lambda <- function(s) sapply(s, function(v) { k <- which(abs(after - v) < 1e-12 * max(1, v)); if (v >= 1 - 1e-15) 0 else Lambda[max(k)] })
  xlogx <- function(s) ifelse(s > 0, s * log(s), 0)
  switch(type,
    logrank1 = (-sl * big_lambda(sl) + sr * big_lambda(sr)) / (sl - sr),
    logrank2 = (xlogx(sl) - xlogx(sr)) / (sl - sr),
    wmw = sl + sr - 1)
}

permutation_test <- function(c, g) {
  lev <- sort(unique(g)); n <- length(c); cbar <- mean(c); ss <- sum((c - cbar)^2)
  ng <- sapply(lev, function(v) sum(g == v)); U <- sapply(lev, function(v) sum(c[g == v])) - ng * cbar
  V <- ss / (n * (n - 1)) * (n * diag(ng, length(ng)) - outer(ng, ng))
  k <- length(lev)
  chisq <- drop(t(U[-1]) %*% solve(V[-1, -1, drop = FALSE]) %*% U[-1])
  list(U = unname(U), chisq = chisq, df = k - 1, p = pchisq(chisq, k - 1, lower.tail = FALSE),
       z = if (k == 2) U[2] / sqrt(V[2, 2]) else NULL)
}

# The grouped-continuous-model log-likelihood in (beta, S at the right end of each interval with mass but the last).
score_test <- function(type, l, r, g, fit) {
  lev <- sort(unique(g)); k <- length(lev)
  Z <- sapply(lev[-1], function(v) as.numeric(g == v)); Z <- matrix(Z, ncol = k - 1)
  p <- fit$p; m <- length(p); after <- 1 - cumsum(p)
  ql <- fit$left; qr <- sapply(fit$right, function(v) if (is.null(v)) Inf else v)
  # Each subject's S(L) is S after support interval a (0: none, S = 1), S(R) after support interval b.
  a <- sapply(seq_along(l), function(i) sum(if (l[i] == r[i]) qr < r[i] | (ql < l[i] & qr <= l[i]) else qr <= l[i]))
  b <- sapply(seq_along(l), function(i) sum(qr <= r[i] | (ql == r[i] & qr == r[i])))
  surv_path <- function(S, eta) {
    # S: survival after intervals 1..m (S[m] = 0); returns the matrix of S_beta after each interval for each eta. Written
    # without comparisons, so that it takes complex arguments for the complex-step derivative.
    s <- S[-m]
    path <- switch(type,
      logrank2 = outer(exp(eta), s, function(e, x) x^e),
      wmw = outer(exp(eta), s, function(e, x) 1 / (1 + (1 - x) / x * e)),
      logrank1 = {
        o <- (c(1, head(s, -1)) - s) / s
        t(apply(outer(exp(eta), o, function(e, oo) 1 / (1 + oo * e)), 1, cumprod))
      })
    cbind(matrix(path, nrow = length(eta)), 0)
  }
  loglik <- function(theta) {
    # The nuisance parameters are the log mass ratios log(p_j / p_m), for which every value gives a valid decreasing S,
    # so that no step of the numerical derivative leaves the model (the efficient information does not depend on how
    # the nuisance parameters are written).
    beta <- theta[seq_len(k - 1)]; e <- c(exp(theta[-seq_len(k - 1)]), 1); S <- 1 - cumsum(e / sum(e)); S[m] <- 0
    eta <- drop(Z %*% beta)
    path <- surv_path(S, eta)
    path <- cbind(1, path)
    sl <- path[cbind(seq_along(l), a + 1)]; sr <- path[cbind(seq_along(l), b + 1)]
    sum(log(sl - sr))
  }
  theta0 <- c(rep(0, k - 1), log(p[-m] / p[m]))
  H <- hessian(loglik, theta0, method = "complex")
  grad0 <- grad(loglik, theta0)
  q <- k - 1
  Hbb <- H[1:q, 1:q, drop = FALSE]; Hbg <- H[1:q, -(1:q), drop = FALSE]; Hgg <- H[-(1:q), -(1:q)]
  I <- -(Hbb - Hbg %*% solve(Hgg, t(Hbg)))
  U <- grad0[1:q]
  chisq <- drop(t(U) %*% solve(I, U))
  list(chisq = chisq, df = q, p = pchisq(chisq, q, lower.tail = FALSE), z = if (q == 1) U / sqrt(I[1, 1]) else NULL,
       max_nuisance_score = max(abs(grad0[-(1:q)])))
}

imputed <- function(l, r, g, how) {
  finite <- is.finite(r)
  time <- ifelse(!finite, l, if (how == "midpoint") (l + r) / 2 else r)
  status <- as.numeric(finite)
  d <- data.frame(time = time, status = status, group = g)
  fit <- survfit(Surv(time, status) ~ group, data = d)
  q <- quantile(fit, 0.5)
  groups <- sort(unique(g))
  medians <- setNames(lapply(seq_along(groups), function(i) list(median = inf_null(q$quantile[i]), lower = inf_null(q$lower[i]), upper = inf_null(q$upper[i]))), groups)
  out <- list(median = medians)
  if (length(groups) > 1) {
    sd <- survdiff(Surv(time, status) ~ group, data = d)
    cx <- coxph(Surv(time, status) ~ factor(group), data = d, ties = "efron")
    s <- summary(cx)$coefficients
    out$logrank <- list(chisq = sd$chisq, p = pchisq(sd$chisq, length(groups) - 1, lower.tail = FALSE))
    out$cox <- list(coef = unname(s[, "coef"]), se = unname(s[, "se(coef)"]), p = unname(s[, "Pr(>|z|)"]))
  }
  out
}

write_set <- function(name, l, r, g, description) {
  groups <- sort(unique(g))
  fits <- list(all = npmle(l, r))
  sfits <- list()
  for (v in groups) fits[[v]] <- npmle(l[g == v], r[g == v])
  for (v in c("all", groups)) {
    rows <- if (v == "all") rep(TRUE, length(l)) else g == v
    sf <- survfit(Surv(l[rows], ifelse(is.finite(r[rows]), r[rows], NA), type = "interval2") ~ 1)
    sfits[[v]] <- list(time = sf$time, surv = sf$surv, n_event = sf$n.event)
  }
  ends <- survival_at_ends(l, r, fits$all)
  tests <- list()
  if (length(groups) > 1) {
    for (type in c("logrank1", "logrank2", "wmw")) {
      c <- scores(type, ends$sl, ends$sr, fits$all)
      # The numerical Hessian takes minutes beyond some 60 parameters: larger sets check the permutation form only.
      test <- list(c = c, permutation = permutation_test(c, g))
      if (length(fits$all$p) <= 60) test$score <- score_test(type, l, r, g, fits$all)
      tests[[type]] <- test
    }
  }
  out <- list(description = description, r_survival_version = as.character(packageVersion("survival")),
              r_npsurv_version = as.character(packageVersion("npsurv")),
              data = list(left = l, right = inf_null(r), group = g),
              npmle = fits, survfit = sfits, tests = tests,
              imputed = list(midpoint = imputed(l, r, g, "midpoint"), right = imputed(l, r, g, "right")))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", pretty = FALSE), file.path(out_dir, paste0(name, ".json")))
  cat(name, ": n =", length(l), " npsurv maxgrad", sapply(fits, `[[`, "maxgrad"), "\n")
}

# 1. The breast cosmesis data of Finkelstein & Wolfe (1985), 94 women, as npsurv ships them (data(cancer)) and as Fay &
#    Shaw (2010) analyse them (their bcos): RT -> "Rad", RCT -> "RadChem".
data(cancer, package = "npsurv")
write_set("breast_cosmesis", cancer$L, cancer$R, ifelse(cancer$group == "RT", "Rad", "RadChem"),
          "Finkelstein & Wolfe (1985) breast cosmesis, 94 women (npsurv's cancer, interval's bcos)")

# 2. KMsurv's bcdeter (Klein & Moeschberger 2003, section 1.18): 95 rows; its RadChem rows differ from the 94 above.
data(bcdeter, package = "KMsurv")
write_set("bcdeter", bcdeter$lower, ifelse(is.na(bcdeter$upper), Inf, bcdeter$upper),
          ifelse(bcdeter$treat == 1, "Rad", "RadChem"), "KMsurv bcdeter, all 95 rows")

# 3. A small mix of every kind of observation, with ties, two groups.
set.seed(2501)
n <- 40
t <- rexp(n, 1 / 10); g <- rep(c("a", "b"), length.out = n)
kind <- sample(c("exact", "interval", "left", "right"), n, replace = TRUE, prob = c(.2, .5, .15, .15))
l <- r <- numeric(n)
for (i in seq_len(n)) {
  lo <- floor(t[i] / 3) * 3
  switch(kind[i], exact = { l[i] <- r[i] <- round(t[i]) }, interval = { l[i] <- lo; r[i] <- lo + 3 },
         left = { l[i] <- 0; r[i] <- lo + 3 }, right = { l[i] <- lo; r[i] <- Inf })
}
write_set("mixed_small", l, r, g, "40 subjects: exact, interval-, left- and right-censored, on a grid of 3 with ties")

# 4. Progression seen at scans: each subject's own schedule, every 56 +- 7 days from day 0, up to day 1100 or dropout;
#    death before progression is an exact event; two arms with hazard ratio 0.7.
visit_schedule <- function(n, seed, hr = 0.7, groups = c("control", "treatment")) {
  set.seed(seed)
  arm <- sample(groups, n, replace = TRUE)
  rate <- ifelse(arm == groups[1], 1 / 300, hr / 300)
  progression <- rweibull(n, shape = 1.3, scale = (1 / rate)^(1) * 1.1)
  death <- rexp(n, 1 / 2500)
  dropout <- runif(n, 200, 1400)
  l <- r <- numeric(n)
  for (i in seq_len(n)) {
    visits <- cumsum(c(0, 56 + sample(-7:7, 30, replace = TRUE)))
    visits <- visits[visits <= min(1100, dropout[i])]
    seen <- visits[visits >= progression[i]]
    if (death[i] < progression[i] && (length(seen) == 0 || death[i] < seen[1])) {
      # Death first: an exact event if it came before the end of follow-up.
      if (death[i] <= max(visits) + 56) { l[i] <- r[i] <- round(death[i]) } else { l[i] <- max(visits); r[i] <- Inf }
    } else if (length(seen) > 0) {
      l[i] <- max(visits[visits < progression[i]]); r[i] <- seen[1]
    } else { l[i] <- max(visits); r[i] <- Inf }
  }
  list(l = l, r = r, g = arm)
}
v <- visit_schedule(600, 2502)
write_set("visit_schedule", v$l, v$r, v$g, "600 PFS-like subjects scanned on their own schedules (days), exact deaths")
v <- visit_schedule(120, 2504)
write_set("visit_schedule_small", v$l, v$r, v$g, "120 PFS-like subjects scanned on their own schedules (days), exact deaths")

# 5. Continuous inspection times: case-2 interval censoring with current-status and exact subjects, three groups.
set.seed(2503)
n <- 300
g <- sample(c("x", "y", "z"), n, replace = TRUE)
t <- rgamma(n, shape = 2, rate = ifelse(g == "x", 0.5, ifelse(g == "y", 0.6, 0.8)))
u <- runif(n, 0, 4); w <- u + runif(n, 0.1, 3)
l <- ifelse(t <= u, 0, ifelse(t <= w, u, w)); r <- ifelse(t <= u, u, ifelse(t <= w, w, Inf))
exact <- runif(n) < 0.1
l[exact] <- r[exact] <- t[exact]
write_set("continuous_case2", l, r, g, "300 subjects with continuous inspection times, 10% exact, three groups")
write_set("continuous_case2_small", l[1:60], r[1:60], g[1:60], "the first 60 of those 300 subjects")
