#!/usr/bin/env Rscript
# Writes case-weight reference fixtures into tests/fixtures-weights/ (their own schema, beside tests/fixtures), and
# examples/lung_iptw.csv.
# Run from the repository root:  Rscript tools/reference/generate-weights-reference.R   (a few seconds)
# Needs: r-base-core r-cran-survival r-cran-jsonlite.
# Each file holds the subjects (time, status, group, stratum, weight, covariates x1, x2, f; entry when some subjects
# enter late, the fits then on Surv(entry, time, status)) and, with weights = w:
#   robust: whether some weight is not whole (R's default robust = TRUE for survfit and coxph then);
#   km[group][conf type]: survfit(Surv(time, status) ~ group, weights = w, conf.type = T) split by group: time,
#     n_risk, n_event (weighted), surv, std_err (of S when logse is false, of log S when true), lower, upper,
#     cumhaz, std_chaz; logse;
#   quantiles[group]: quantile(fit, c(.25, .5, .75)) (log interval); landmarks[group]: summary(fit, times, extend = TRUE);
#   rmean[group]: summary(fit, rmean = tau)$table's rmean and se(rmean);
#   cox[ties][stratified]: coxph(Surv(time, status) ~ group (+ strata(stratum)), weights = w, ties = ties): coef,
#     se = sqrt(diag(fit$var)), naive_se = sqrt(diag(fit$naive.var)) (null without it), loglik, lrt, wald, score,
#     concordance;
#   coxreg[ties]: coxph(Surv(time, status) ~ x1 + x2 + f, weights = w, ties = ties) with the same fields.
# Seeds are fixed, so a rerun reproduces the files exactly.
suppressPackageStartupMessages({ library(survival); library(jsonlite) })

out_dir <- file.path("tests", "fixtures-weights")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
conf_types <- c("log", "log-log", "plain", "logit", "arcsin")
na_null <- function(x) lapply(as.numeric(x), function(v) if (is.na(v) || !is.finite(v)) NULL else v)

km_section <- function(d, landmarks, tau) {
  fits <- lapply(conf_types, function(ct) suppressWarnings(survfit(surv_of(d) ~ group, data = d, weights = weight, conf.type = ct)))
  names(fits) <- conf_types
  groups <- levels(factor(d$group))
  km <- list(); quant <- list(); marks <- list(); rmean <- list()
  for (gi in seq_along(groups)) {
    g <- groups[gi]
    km[[g]] <- lapply(fits, function(f) {
      fg <- f[gi]
      list(time = fg$time, n_risk = fg$n.risk, n_event = fg$n.event, surv = fg$surv, std_err = na_null(fg$std.err),
           lower = na_null(fg$lower), upper = na_null(fg$upper), cumhaz = fg$cumhaz, std_chaz = na_null(fg$std.chaz),
           logse = fg$logse)
    })
    fg <- fits[["log"]][gi]
    q <- quantile(fg, c(0.25, 0.5, 0.75))
    quant[[g]] <- list(probs = c(0.25, 0.5, 0.75), time = na_null(q$quantile), lower = na_null(q$lower), upper = na_null(q$upper))
    s <- summary(fg, times = landmarks, extend = TRUE)
    marks[[g]] <- list(times = landmarks, surv = s$surv, std_err = na_null(s$std.err), lower = na_null(s$lower), upper = na_null(s$upper))
    tab <- summary(fg, rmean = tau)$table
    rmean[[g]] <- list(tau = tau, rmean = unname(tab["rmean"]), se = unname(tab["se(rmean)"]))
  }
  list(km = km, quantiles = quant, landmarks = marks, rmean = rmean)
}

# Surv(entry, time, status) when the set has delayed entry, else Surv(time, status).
surv_of <- function(d) if (is.null(d$entry)) Surv(d$time, d$status) else Surv(d$entry, d$time, d$status)

cox_fields <- function(f) {
  list(coef = unname(coef(f)), se = unname(sqrt(diag(f$var))),
       naive_se = if (is.null(f$naive.var)) NULL else unname(sqrt(diag(f$naive.var))),
       loglik = unname(f$loglik), lrt = unname(2 * diff(f$loglik)), wald = unname(f$wald.test), score = unname(f$score),
       concordance = unname(f$concordance["concordance"]), concordance_std = unname(f$concordance["std"]), iterations = f$iter)
}

cox_section <- function(d) {
  out <- list()
  for (ties in c("efron", "breslow")) {
    out[[ties]] <- list(
      unstratified = cox_fields(coxph(surv_of(d) ~ group, data = d, weights = weight, ties = ties)),
      stratified = cox_fields(coxph(surv_of(d) ~ group + strata(stratum), data = d, weights = weight, ties = ties)))
  }
  out
}

coxreg_section <- function(d) {
  out <- list()
  for (ties in c("efron", "breslow")) out[[ties]] <- cox_fields(coxph(Surv(time, status) ~ x1 + x2 + f, data = d, weights = weight, ties = ties))
  out
}

write_set <- function(name, d, landmarks, tau, description) {
  d$group <- as.character(d$group); d$stratum <- as.character(d$stratum); d$f <- as.character(d$f)
  data <- list(time = d$time, status = d$status, group = d$group, stratum = d$stratum, weight = d$weight, x1 = d$x1, x2 = d$x2, f = d$f)
  if (!is.null(d$entry)) data$entry <- d$entry
  # FitCoxModel takes right-censored data only, so a delayed-entry set has no coxreg section.
  body <- c(list(description = description, robust = any(d$weight != floor(d$weight)), data = data),
            km_section(d, landmarks, tau), list(cox = cox_section(d)), if (is.null(d$entry)) list(coxreg = coxreg_section(d)))
  writeLines(toJSON(body, auto_unbox = TRUE, digits = NA, null = "null", na = "null"), file.path(out_dir, paste0(name, ".json")))
}

# lung, by sex, with stabilized inverse-probability-of-treatment weights from a logistic model of sex on age and
# ECOG score: the weighted comparison estimates the effect of sex in a population balanced on age and ECOG.
lung2 <- subset(survival::lung, !is.na(ph.ecog))
ps <- fitted(glm(I(sex == 2) ~ age + ph.ecog, family = binomial, data = lung2))
p2 <- mean(lung2$sex == 2)
lung2$weight <- ifelse(lung2$sex == 2, p2 / ps, (1 - p2) / (1 - ps))
lung_set <- data.frame(time = lung2$time, status = lung2$status - 1, group = ifelse(lung2$sex == 1, "male", "female"),
                       stratum = ifelse(lung2$ph.ecog >= 2, "ecog2+", paste0("ecog", lung2$ph.ecog)),
                       weight = lung2$weight, x1 = lung2$age, x2 = lung2$ph.ecog, f = ifelse(lung2$sex == 1, "male", "female"))
write_set("lung-iptw", lung_set, c(180, 365, 730), 730, "lung by sex, stabilized IPT weights (sex ~ age + ph.ecog)")
# The same subjects as a CSV for the README's worked example and the CLI tests.
write.csv(data.frame(time = lung_set$time, status = lung_set$status, sex = lung_set$group, age = lung_set$x1,
                     ph_ecog = lung_set$x2, weight = signif(lung_set$weight, 17)),
          file.path("examples", "lung_iptw.csv"), row.names = FALSE, quote = FALSE)

# Synthetic: three groups, two strata, many ties (whole-month times), fractional weights, an event at the last time.
set.seed(20261202)
n <- 150
g <- sample(c("A", "B", "C"), n, replace = TRUE)
st <- sample(c("s1", "s2"), n, replace = TRUE)
x1 <- round(rnorm(n), 2); x2 <- rbinom(n, 1, 0.4)
rate <- 0.05 * exp(0.4 * (g == "B") - 0.3 * (g == "C") + 0.3 * x1 + 0.5 * x2)
ev <- rexp(n, rate); ce <- runif(n, 5, 40)
syn <- data.frame(time = pmax(1, ceiling(pmin(ev, ce))), status = as.integer(ev <= ce), group = g, stratum = st,
                  weight = round(runif(n, 0.2, 4), 3), x1 = x1, x2 = x2, f = sample(c("lo", "mid", "hi"), n, replace = TRUE))
syn$status[which.max(syn$time)] <- 1
write_set("synthetic-fractional", syn, c(6, 12, 24, 60), 24, "three groups, two strata, tied whole-month times, weights in (0.2, 4)")

# The same subjects with whole weights: R treats them as frequencies (Greenwood, model-based Cox variance).
syn_whole <- syn; syn_whole$weight <- sample(1:3, n, replace = TRUE)
write_set("synthetic-whole", syn_whole, c(6, 12, 24, 60), 24, "the synthetic subjects with whole weights 1..3 (frequencies)")

# Whole weights with delayed entry: frequencies on left-truncated risk sets (fractional ones are rejected).
syn_entry <- syn_whole
syn_entry$entry <- ifelse(runif(n) < 0.4, floor(runif(n) * syn_entry$time * 0.8), 0)
write_set("synthetic-whole-entry", syn_entry, c(6, 12, 24, 60), 24, "whole weights 1..3 with delayed entry for 40% of subjects")
