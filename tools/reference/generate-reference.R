#!/usr/bin/env Rscript
# Writes R reference fixtures for data sets the shared reference does not cover, in the schema of
# tests/fixtures/README.md, into tests/fixtures/r-generated/. Run from the repository root:
#   Rscript tools/reference/generate-reference.R [SET ...]   (only the named sets when given)
# Needs: apt-get install -y r-base-core r-cran-survival r-cran-jsonlite
# The data sets are drawn from fixed seeds, so a rerun reproduces the files exactly.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

out_dir <- file.path("tests", "fixtures", "r-generated")
only <- commandArgs(trailingOnly = TRUE)
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
conf_level <- 0.95
conf_types <- c("log", "log-log", "plain", "logit", "arcsin")

# Surv(time, status), or Surv(entry, time, status) for left-truncated (delayed-entry) data.
surv <- function(time, status, entry = NULL) if (is.null(entry)) Surv(time, status) else Surv(entry, time, status)

km_section <- function(time, status, probs, entry = NULL) {
  fits <- lapply(conf_types, function(ct) survfit(surv(time, status, entry) ~ 1, conf.type = ct, conf.int = conf_level))
  names(fits) <- conf_types
  f <- fits[["log"]]
  list(
    time = f$time, n_risk = f$n.risk, n_event = f$n.event, n_censor = f$n.censor,
    surv = f$surv, se_log_surv = f$std.err, se_surv = f$surv * f$std.err,
    cumhaz = f$cumhaz, se_cumhaz = f$std.chaz,
    ci = lapply(fits, function(x) list(lower = x$lower, upper = x$upper)),
    quantiles = lapply(fits, function(x) {
      q <- quantile(x, probs)
      list(probs = probs, quantile = unname(q$quantile), lower = unname(q$lower), upper = unname(q$upper))
    }),
    # Median follow-up by the reverse Kaplan-Meier method (Schemper & Smith 1996): censoring is the "event".
    median_follow_up = lapply(setNames(conf_types, conf_types), function(ct) {
      q <- quantile(survfit(surv(time, 1 - status, entry) ~ 1, conf.type = ct, conf.int = conf_level), 0.5)
      list(quantile = unname(q$quantile), lower = unname(q$lower), upper = unname(q$upper))
    })
  )
}

landmark_section <- function(time, status, times, entry = NULL) {
  f <- survfit(surv(time, status, entry) ~ 1, conf.int = conf_level)
  s <- summary(f, times = times, extend = TRUE)
  list(surv = s$surv, se_surv = s$std.err, lower = s$lower, upper = s$upper, n_risk = s$n.risk)
}

rmst_section <- function(time, status, tau, entry = NULL) {
  f <- survfit(surv(time, status, entry) ~ 1, conf.int = conf_level)
  tab <- summary(f, rmean = tau)$table
  list(rmst = unname(tab["rmean"]), se = unname(tab["se(rmean)"]))
}

# --- Group comparisons -------------------------------------------------------------------------------------

family_weights <- c("logrank", "gehan_breslow", "tarone_ware", "peto_peto", "modified_peto_peto",
                    "fleming_harrington_1_1")

# U and V of one weighted log-rank test in one stratum, from the definitions in tests/fixtures/README.md:
# at each event time the pooled n_j, d_j and each group's n_gj, d_gj (g = codes 1..k).
weighted_parts <- function(time, status, g, k, weight, entry = rep(-Inf, length(time))) {
  etimes <- sort(unique(time[status == 1]))
  # With delayed entry the risk set at t is everyone with entry < t <= time (SAS PROC LIFETEST's ENTRY=).
  at_risk <- outer(etimes, seq_len(k), Vectorize(function(t, i) sum(entry < t & time >= t & g == i)))
  deaths <- outer(etimes, seq_len(k), Vectorize(function(t, i) sum(time == t & status == 1 & g == i)))
  n <- rowSums(at_risk); d <- rowSums(deaths)
  km_before <- c(1, cumprod(1 - d / n))[seq_along(etimes)]
  peto <- cumprod(1 - d / (n + 1))
  w <- switch(weight, logrank = rep(1, length(n)), gehan_breslow = n, tarone_ware = sqrt(n),
    peto_peto = peto, modified_peto_peto = peto * n / (n + 1),
    fleming_harrington_1_1 = km_before * (1 - km_before))
  v <- matrix(0, k, k)
  for (j in seq_along(etimes)) if (n[j] > 1) {
    p <- at_risk[j, ] / n[j]
    v <- v + w[j]^2 * d[j] * (n[j] - d[j]) / (n[j] - 1) * (diag(p, k) - outer(p, p))
  }
  list(U = colSums(w * deaths) - colSums(w * at_risk * d / n), V = v, expected = colSums(w * at_risk * d / n))
}

# Every weight of the family on groups coded by `levels`, U and V summed over strata; chi-square as survdiff
# computes it (groups with no expected events left out, then the first remaining row and column dropped).
weighted_family <- function(time, status, group, strata, levels, scores = seq_along(levels), entry = NULL) {
  # Merge near-equal times first, as survdiff does (timefix), over entry and exit times together.
  if (is.null(entry)) {
    time <- unclass(aeqSurv(Surv(time, status)))[, 1]
    entry <- rep(-Inf, length(time))
  } else {
    fixed <- unclass(aeqSurv(Surv(entry, time, status)))
    entry <- fixed[, 1]; time <- fixed[, 2]
  }
  g <- match(group, levels); k <- length(levels)
  s <- if (is.null(strata)) rep(1, length(time)) else strata
  tests <- lapply(family_weights, function(w) {
    parts <- lapply(unique(s), function(si) weighted_parts(time[s == si], status[s == si], g[s == si], k, w, entry[s == si]))
    U <- Reduce(`+`, lapply(parts, `[[`, "U")); V <- Reduce(`+`, lapply(parts, `[[`, "V"))
    keep <- Reduce(`+`, lapply(parts, `[[`, "expected")) > 0
    u <- U[keep][-1]
    chisq <- sum(solve(V[keep, keep][-1, -1, drop = FALSE], u) * u)
    trend <- sum(scores * U)^2 / drop(t(scores) %*% V %*% scores)
    list(U = U, chisq = chisq, df = sum(keep) - 1, trend = trend)
  })
  names(tests) <- family_weights
  chisq <- sapply(tests, `[[`, "chisq"); df <- tests[[1]]$df; trend <- sapply(tests, `[[`, "trend")
  list(weights = family_weights, groups = levels, chisq = unname(chisq), df = df,
       p = pchisq(unname(chisq), df, lower.tail = FALSE), U = lapply(tests, `[[`, "U"),
       trend_chisq = unname(trend), trend_p = pchisq(unname(trend), 1, lower.tail = FALSE), trend_scores = scores)
}

survdiff_section <- function(fit) {
  expected <- if (is.matrix(fit$exp)) rowSums(fit$exp) else fit$exp
  list(chisq = fit$chisq, df = sum(expected > 0) - 1, p = fit$pvalue,
       groups = sub("^gf=", "", names(fit$n)), observed = fit$obs, expected = fit$exp,
       variance = unname(fit$var))
}

# coxph with what it warns; `infinite` marks the terms R names in "Loglik converged before variable ...".
cox_section <- function(time, status, gf, strata, ties, entry = NULL) {
  warnings <- character(0)
  y <- surv(time, status, entry)
  fit <- withCallingHandlers(
    if (is.null(strata)) coxph(y ~ gf, ties = ties)
    else coxph(y ~ gf + strata(strata), ties = ties),
    warning = function(w) { warnings <<- c(warnings, conditionMessage(w)); invokeRestart("muffleWarning") })
  s <- summary(fit, conf.int = conf_level)
  # coxph compares linear predictors exactly, so coefficients that are equal in exact arithmetic but differ in their
  # last bits make pairs concordant or discordant instead of tied; rounded predictors give the tie-aware value.
  rounded_fit <- concordancefit(y, signif(fit$linear.predictors, 10), strata, reverse = TRUE)
  rounded <- rounded_fit$concordance
  flagged <- unlist(lapply(regmatches(warnings, regexec("variable +([0-9, ]+);", warnings)),
                            function(m) if (length(m)) as.integer(strsplit(m[2], ",")[[1]])))
  list(reference = levels(gf)[1], terms = names(coef(fit)), coef = unname(coef(fit)),
       se = unname(sqrt(diag(fit$var))), hr = unname(exp(coef(fit))),
       lower = unname(s$conf.int[, 3]), upper = unname(s$conf.int[, 4]),
       z = unname(s$coefficients[, 4]), p = unname(s$coefficients[, 5]),
       lr_chisq = unname(s$logtest["test"]), lr_p = unname(s$logtest["pvalue"]),
       wald_chisq = unname(fit$wald.test), wald_p = unname(s$waldtest["pvalue"]),
       score_chisq = unname(s$sctest["test"]), score_p = unname(s$sctest["pvalue"]),
       concordance = unname(fit$concordance["concordance"]),
       concordance_rounded_lp = if (abs(rounded - fit$concordance["concordance"]) > 1e-12) rounded,
       concordance_std = unname(fit$concordance["std"]),
       concordance_std_rounded_lp = if (abs(rounded - fit$concordance["concordance"]) > 1e-12) sqrt(rounded_fit$var),
       loglik = fit$loglik, iterations = fit$iter,
       infinite = as.integer(seq_along(coef(fit)) %in% flagged), warnings = warnings)
}

# Each pair of groups tested on its own subjects (as survminer's pairwise_survdiff), for every weight, with R's
# p.adjust over the pairs of one weight; `control` restricts the pairs to the first level against each other.
pairwise_section <- function(time, status, group, levels, control) {
  pairs <- if (control) lapply(levels[-1], function(b) c(levels[1], b)) else combn(levels, 2, simplify = FALSE)
  tests <- lapply(pairs, function(pair) {
    rows <- group %in% pair
    family <- weighted_family(time[rows], status[rows], group[rows], NULL, pair)
    check <- survdiff(Surv(time[rows], status[rows]) ~ group[rows])
    stopifnot(isTRUE(all.equal(family$chisq[1], check$chisq, tolerance = 1e-10)))
    family
  })
  per_weight <- function(field) setNames(lapply(seq_along(family_weights), function(w) sapply(tests, function(t) t[[field]][w])), family_weights)
  p <- per_weight("p")
  adjust <- function(method) lapply(p, p.adjust, method = method)
  list(first = sapply(pairs, `[`, 1), second = sapply(pairs, `[`, 2), weights = family_weights,
       chisq = per_weight("chisq"), p = p,
       p_adjusted = list(holm = adjust("holm"), bonferroni = adjust("bonferroni"), BH = adjust("BH")))
}

# The two descriptive hazard ratios GraphPad Prism reports (second group against the first), from survdiff's
# observed O, expected E and variance V: log-rank (O2/E2)/(O1/E1) with se(log HR) = sqrt(1/E1 + 1/E2), and
# Mantel-Haenszel exp((O2 - E2)/V) with se(log HR) = 1/sqrt(V).
hazard_ratio_section <- function(fit) {
  z <- qnorm(1 - (1 - conf_level) / 2)
  o <- fit$obs; e <- fit$exp; v <- fit$var[2, 2]
  logrank <- log((o[2] / e[2]) / (o[1] / e[1])); se_logrank <- sqrt(1 / e[1] + 1 / e[2])
  mh <- (o[2] - e[2]) / v
  list(group = sub("^gf=", "", names(fit$n))[2], reference = sub("^gf=", "", names(fit$n))[1],
       logrank = list(hr = exp(logrank), lower = exp(logrank - z * se_logrank), upper = exp(logrank + z * se_logrank)),
       mantel_haenszel = list(hr = exp(mh), lower = exp(mh - z / sqrt(v)), upper = exp(mh + z / sqrt(v))))
}

# survdiff takes right-censored data only. For left-truncated data the weighted log-rank family is computed from
# its definitions on the left-truncated risk sets; its log-rank member is checked against the score test of coxph
# with the exact partial likelihood (at beta = 0 its information is the hypergeometric variance, so for
# right-censored data it is survdiff's statistic) wherever R's agexact.fit gives a usable fit. R's exact method is
# not used for the Cox fixtures of left-truncated data: on (start, stop] data with ties its fit cannot be summarized.
left_truncated_sections <- function(time, status, group, strata, entry) {
  gf <- factor(group)
  levels <- levels(gf)
  out <- list(weighted_logrank = weighted_family(time, status, group, NULL, levels, entry = entry))
  # The exact partial likelihood's cost grows combinatorially with tied events, so it checks small sets only.
  few_ties <- max(table(time[status == 1])) <= 3
  exact <- if (few_ties) tryCatch(coxph(Surv(entry, time, status) ~ gf, ties = "exact")$score,
                                  warning = function(w) NULL, error = function(e) NULL)
  if (!is.null(exact)) stopifnot(isTRUE(all.equal(out$weighted_logrank$chisq[1], unname(exact), tolerance = 1e-10)))
  out$cox <- setNames(lapply(c("efron", "breslow"), function(t) cox_section(time, status, gf, NULL, t, entry)), c("efron", "breslow"))
  if (!is.null(strata)) {
    out$weighted_logrank_stratified <- weighted_family(time, status, group, strata, levels, entry = entry)
    out$cox_stratified <- setNames(lapply(c("efron", "breslow"), function(t) cox_section(time, status, gf, strata, t, entry)),
                                   c("efron", "breslow"))
  }
  out
}

comparison_sections <- function(time, status, group, strata, exact = TRUE) {
  gf <- factor(group)
  levels <- levels(gf)
  out <- list(logrank = setNames(lapply(c(0, 0.5, 1), function(rho) survdiff_section(survdiff(Surv(time, status) ~ gf, rho = rho))),
                                 c("rho_0", "rho_0.5", "rho_1")))
  out$weighted_logrank <- weighted_family(time, status, group, NULL, levels)
  # The family's log-rank and survdiff are the same statistic.
  stopifnot(isTRUE(all.equal(out$weighted_logrank$chisq[1], out$logrank$rho_0$chisq, tolerance = 1e-10)))
  ties <- if (exact) c("efron", "breslow", "exact") else c("efron", "breslow")
  out$cox <- setNames(lapply(ties, function(t) cox_section(time, status, gf, NULL, t)), ties)
  if (!is.null(strata)) {
    out$logrank_stratified <- survdiff_section(survdiff(Surv(time, status) ~ gf + strata(strata)))[c("chisq", "df", "p")]
    out$weighted_logrank_stratified <- weighted_family(time, status, group, strata, levels)
    stopifnot(isTRUE(all.equal(out$weighted_logrank_stratified$chisq[1], out$logrank_stratified$chisq, tolerance = 1e-10)))
    out$cox_stratified <- setNames(lapply(ties, function(t) cox_section(time, status, gf, strata, t)), ties)
  }
  if (length(levels) >= 3 && length(levels) <= 6) {
    out$pairwise <- pairwise_section(time, status, group, levels, control = FALSE)
    out$pairwise_control <- pairwise_section(time, status, group, levels, control = TRUE)
  }
  if (length(levels) == 2) out$hazard_ratio <- hazard_ratio_section(survdiff(Surv(time, status) ~ gf))
  out
}

# jsonlite prints at most 15 significant digits; the input times are written with 17, which round-trip every double,
# so that times differing only in their last bits reach the tests as R saw them.
exact_numbers <- function(x) structure(paste0("[", paste(sprintf("%.17g", x), collapse = ","), "]"), class = "json")

# Each group against the first (R's factor order): RMST difference and ratio at tau and survival difference at each
# landmark, from R's per-group summary(fit, rmean = tau) and summary(fit, times = t) (Uno et al. 2014, as survRM2),
# the groups independent: se of a difference sqrt(se1^2 + se2^2), of a log ratio sqrt(se1^2/m1^2 + se2^2/m2^2).
contrast_section <- function(time, status, group, tau, landmarks) {
  z <- qnorm(1 - (1 - conf_level) / 2)
  levels <- levels(factor(group))
  per_group <- lapply(levels, function(g) {
    f <- survfit(Surv(time[group == g], status[group == g]) ~ 1, conf.int = conf_level)
    tab <- summary(f, rmean = tau)$table
    s <- summary(f, times = landmarks, extend = TRUE)
    list(rmst = unname(tab["rmean"]), se = unname(tab["se(rmean)"]), surv = s$surv, se_surv = s$std.err)
  })
  ref <- per_group[[1]]
  lapply(seq_along(levels)[-1], function(i) {
    g <- per_group[[i]]
    d <- g$rmst - ref$rmst; se_d <- sqrt(g$se^2 + ref$se^2)
    lr <- log(g$rmst / ref$rmst); se_lr <- sqrt(g$se^2 / g$rmst^2 + ref$se^2 / ref$rmst^2)
    sd <- g$surv - ref$surv; se_sd <- sqrt(g$se_surv^2 + ref$se_surv^2)
    list(group = levels[i], reference = levels[1], tau = tau, landmarks = landmarks,
         rmst_difference = list(estimate = d, se = se_d, lower = d - z * se_d, upper = d + z * se_d, p = 2 * pnorm(-abs(d / se_d))),
         rmst_ratio = list(estimate = exp(lr), se = se_lr, lower = exp(lr - z * se_lr), upper = exp(lr + z * se_lr),
                           p = 2 * pnorm(-abs(lr / se_lr))),
         survival_difference = list(estimate = sd, se = se_sd, lower = sd - z * se_sd, upper = sd + z * se_sd,
                                    p = 2 * pnorm(-abs(sd / se_sd))))
  })
}

write_set <- function(name, source, time, status, group = NULL, strata = NULL,
                      probs = c(.25, .5, .75), landmarks = NULL, tau = NULL, exact = TRUE, entry = NULL,
                      contrasts = FALSE) {
  # The data are drawn even for a skipped set, so that every later set sees the same random stream.
  invisible(list(time, status, group, strata, entry))
  if (length(only) > 0 && !(name %in% only)) return(invisible(NULL))
  keys <- if (is.null(group)) "all" else sort(unique(group))
  rows <- function(k) if (is.null(group)) rep(TRUE, length(time)) else group == k
  set <- list(
    name = name, source = source,
    note = "generated by tools/reference/generate-reference.R from a fixed seed",
    conf_level = conf_level, r_survival_version = as.character(packageVersion("survival")),
    data = c(list(time = exact_numbers(time), status = status, group = group, strata = strata),
             if (!is.null(entry)) list(entry = exact_numbers(entry))),
    km = setNames(lapply(keys, function(k) km_section(time[rows(k)], status[rows(k)], probs, entry[rows(k)])), keys)
  )
  if (!is.null(landmarks))
    set$landmarks <- c(list(times = landmarks),
      setNames(lapply(keys, function(k) landmark_section(time[rows(k)], status[rows(k)], landmarks, entry[rows(k)])), keys))
  if (!is.null(tau)) {
    # R refuses a truncation point before a group's first time; such a group has no rmst entry.
    rmst <- setNames(lapply(keys, function(k) tryCatch(rmst_section(time[rows(k)], status[rows(k)], tau, entry[rows(k)]),
                                                      error = function(e) NULL)), keys)
    set$rmst <- c(list(tau = tau), Filter(Negate(is.null), rmst))
  }
  if (length(unique(group)) >= 2)
    set <- c(set, if (is.null(entry)) comparison_sections(time, status, group, strata, exact)
                  else left_truncated_sections(time, status, group, strata, entry))
  if (contrasts) set$contrasts <- contrast_section(time, status, group, tau, landmarks)
  path <- file.path(out_dir, paste0(name, ".json"))
  writeLines(toJSON(set, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = FALSE, json_verbatim = TRUE), path)
  cat("wrote", path, "\n")
}

# Integer times with many tied deaths and tied deaths-with-censorings.
set.seed(20261123)
n <- 60
write_set("gen_integer_ties", "integer times 1..12, two groups, about 30% censored",
  time = sample(1:12, n, replace = TRUE), status = rbinom(n, 1, 0.7),
  group = sample(c("control", "treated"), n, replace = TRUE),
  probs = c(.1, .25, .5, .75, .9), landmarks = c(0, 2, 5.5, 12, 20), tau = 10)

# Continuous times from Weibull curves, four arms whose labels test R's string order.
set.seed(7)
n <- 400
arm <- sample(c("Arm B", "arm a", "Control", "placebo"), n, replace = TRUE)
shape <- c("Arm B" = 1.3, "arm a" = 0.8, "Control" = 1, "placebo" = 1.6)[arm]
event_time <- round(rweibull(n, shape, 24), 2)
censor_time <- round(runif(n, 0, 60), 2)
write_set("gen_weibull_four_arms", "Weibull event times, uniform censoring, four arms with mixed-case labels",
  time = pmin(event_time, censor_time), status = as.integer(event_time <= censor_time), group = arm,
  landmarks = c(6, 12, 24, 36, 100), tau = 36)

# Heavy censoring: most curves never reach the median.
set.seed(11)
n <- 50
write_set("gen_heavy_censoring", "exponential times with 80% censoring, two groups",
  time = round(rexp(n, 0.05), 1), status = rbinom(n, 1, 0.2), group = sample(c("x", "y"), n, replace = TRUE),
  landmarks = c(1, 10, 30), tau = 25)

# Curves that end exactly on a quantile level: flat at 0.5 and 0.25 to the last follow-up, and curves reaching zero.
write_set("gen_flat_to_end", "hand-made: survival ends exactly at 0.5 in one group and reaches 0 in the other",
  time = c(1, 2, 3, 4, 5, 6,   1, 2, 2, 3, 5, 8),
  status = c(1, 1, 1, 0, 0, 0,   1, 1, 1, 1, 1, 1),
  group = c(rep("ends_at_half", 6), rep("reaches_zero", 6)),
  probs = c(.25, .5, .75, .9), landmarks = c(0, 0.5, 2, 8, 10), tau = 20)

# Small groups, where the log and plain upper confidence curves rise again after a drop.
write_set("gen_small_groups", "hand-made: small groups whose confidence curves are not monotone",
  time = c(1, 2, 2, 3, 4, 6, 7, 7,   0.5, 1.5, 2.5, 3.5),
  status = c(1, 0, 1, 1, 0, 1, 1, 0,   0, 1, 1, 0),
  group = c(rep("p", 8), rep("q", 4)),
  probs = c(.2, .25, .4, .5, .6, .75, .8), landmarks = c(1, 3, 7, 9), tau = 6)

# Times in tenths, whose sums are inexact in binary.
set.seed(3)
n <- 120
write_set("gen_decimal_times", "times in tenths of a unit, one group with an event at time zero",
  time = c(0, round(runif(n - 1, 0, 5), 1)), status = c(1, rbinom(n - 1, 1, 0.6)),
  landmarks = c(0, 0.1, 2.5, 5), tau = 4.95)

# Many small random curves at once (one per group): sizes 1 to 25, integer times from 0 with heavy ties,
# censoring from none to nearly all, and a dense grid of quantiles that often lands exactly on a flat.
set.seed(424242)
sizes <- sample(1:25, 80, replace = TRUE)
labels <- sprintf("g%02d", rep(seq_along(sizes), sizes))
rates <- rep(runif(length(sizes)), sizes)
write_set("gen_many_small_curves", "80 random small curves with heavy ties, one per group",
  time = sample(0:10, sum(sizes), replace = TRUE), status = rbinom(sum(sizes), 1, rates), group = labels,
  probs = seq(0.05, 0.95, by = 0.05), landmarks = c(0, 1, 4.5, 10, 11), tau = 7)

# A group with subjects at risk throughout but no events: the tests are computed, the Cox coefficient runs to
# minus infinity (R: "Loglik converged before variable ...; coefficient may be infinite").
set.seed(31)
n <- 90
arm <- rep(c("active", "control", "no events"), each = n / 3)
time <- round(rexp(n, ifelse(arm == "active", 0.08, 0.15)), 1) + 0.1
write_set("gen_group_without_events", "three groups, one of which has no events",
  time = time, status = ifelse(arm == "no events", 0L, rbinom(n, 1, 0.8)), group = arm)

# Three arms within three strata, times in tenths with some ties.
set.seed(2024)
n <- 300
arm <- sample(c("arm 1", "arm 2", "arm 3"), n, replace = TRUE)
site <- sample(c("north", "south", "west"), n, replace = TRUE)
rate <- c("arm 1" = 0.05, "arm 2" = 0.07, "arm 3" = 0.1)[arm] * c(north = 1, south = 1.5, west = 0.7)[site]
event_time <- round(rexp(n, rate), 1)
censor_time <- round(runif(n, 5, 40), 1)
write_set("gen_three_arms_strata", "three arms in three strata, exponential times with uniform censoring",
  time = pmin(event_time, censor_time), status = as.integer(event_time <= censor_time), group = unname(arm),
  strata = site)

# Heavy ties: integer times 1..6, about 30 tied events per time, in two strata.
set.seed(99)
n <- 240
write_set("gen_heavy_ties", "integer times 1..6 with about 30 tied events at each, three groups in two strata",
  time = sample(1:6, n, replace = TRUE), status = rbinom(n, 1, 0.75),
  group = sample(c("a", "b", "c"), n, replace = TRUE), strata = sample(c("s1", "s2"), n, replace = TRUE))

# Registry-like ties: about 150 events at each of 25 days in three arms, so that Efron's sums over the tied
# events take their closed form (more than 32 ties) in the Cox model and the tests built on it.
set.seed(2026)
n <- 9000
arm <- rep(c("control", "drug_a", "drug_b"), length.out = n)
event_day <- ceiling(rexp(n, rate = c(control = 1 / 20, drug_a = 1 / 26, drug_b = 1 / 33)[arm]))
censor_day <- sample(1:25, n, replace = TRUE)
write_set("gen_registry_ties", "integer days 1..25, about 150 tied events a day, three arms (Efron's closed form)",
  time = pmin(event_day, censor_day), status = as.integer(event_day <= censor_day), group = arm,
  landmarks = c(5, 10, 20), tau = 24, exact = FALSE)

# Complete separation: every event of one group comes before any event of the other, so the Cox likelihood is
# monotone and the hazard ratio infinite.
write_set("gen_monotone_separation", "hand-made: the groups separate completely (monotone Cox likelihood)",
  time = c(1, 2, 3, 4, 5, 6, 7, 8,   9, 10, 11, 12, 13, 14, 15, 16),
  status = c(1, 1, 1, 0, 1, 1, 1, 1,   1, 0, 1, 1, 0, 1, 1, 0),
  group = c(rep("early", 8), rep("late", 8)))

# Times that differ only by floating-point noise (0.1 + 0.2 and 0.3; 1 and 1 + 1e-9), which R merges before fitting
# (aeqSurv, timefix = TRUE). Every near-tie is within the absolute tolerance, so it merges alike in each group alone
# and in the whole cohort.
write_set("gen_near_ties", "hand-made: near-equal times that R's timefix merges",
  time = c(0.1 + 0.2, 0.3, 0.3, 1, 1 + 1e-9, 1.5, 2.5, 2.5 + 5e-9, 4, 0.7 * 3, 2.1, 6, 6, 8, 8 + 1e-12, 9, 10, 12,
           12 + 1e-9, 0.3 + 1e-10),
  status = c(1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1),
  group = rep(c("a", "b"), 10),
  landmarks = c(0.3, 1, 2.1, 12), tau = 11)

# ---- Delayed entry (left truncation): Surv(entry, time, status) -------------------------------------------

# R's Stanford heart transplant data in (start, stop] form, one row per interval, by transplant status.
write_set("gen_heart_start_stop", "survival::heart (jasa1), (start, stop] intervals by transplant status",
  time = heart$stop, status = heart$event, group = ifelse(heart$transplant == 1, "transplant", "waiting"),
  entry = heart$start, landmarks = c(10, 100, 365, 1000), tau = 1000)

# A registry with entry after diagnosis: integer days with ties, entries tied with exits, two arms in two strata.
set.seed(51)
n <- 200
entry <- sample(0:30, n, replace = TRUE)
follow <- sample(1:60, n, replace = TRUE)
write_set("gen_left_truncated", "synthetic: integer entry times 0..30 after diagnosis, ties with exits, two arms in two strata",
  time = entry + follow, status = rbinom(n, 1, 0.6), group = sample(c("arm A", "arm B"), n, replace = TRUE),
  strata = sample(c("s1", "s2"), n, replace = TRUE), entry = entry,
  probs = c(.1, .25, .5, .75), landmarks = c(0, 5, 20, 45, 100), tau = 60)

# Every subject enters late, some at the time another leaves; a small hand-checkable set.
write_set("gen_all_enter_late", "hand-made: every subject enters after time 0",
  time = c(4, 6, 3, 8, 2.5, 9, 7, 5),
  status = c(1, 0, 1, 1, 0, 1, 1, 0),
  group = c("x", "x", "x", "x", "y", "y", "y", "y"),
  entry = c(0.5, 2, 1, 3, 0.5, 5, 4, 3),
  landmarks = c(1, 3, 5), tau = 8)

# ---- Contrasts between groups: RMST difference and ratio, survival difference at landmarks -----------------

write_set("gen_veteran_contrasts", "survival::veteran by treatment; RMST and landmark contrasts",
  time = veteran$time, status = veteran$status, group = ifelse(veteran$trt == 1, "standard", "test"),
  landmarks = c(30, 90, 180, 365), tau = 365, contrasts = TRUE, exact = FALSE)

conf_level <- 0.9
write_set("gen_lung_contrasts_90", "survival::lung by sex at 90% confidence; RMST and landmark contrasts",
  time = lung$time, status = lung$status - 1, group = ifelse(lung$sex == 1, "male", "female"),
  landmarks = c(180, 365, 730), tau = 730, contrasts = TRUE, exact = FALSE)
conf_level <- 0.95
