#!/usr/bin/env Rscript
# Writes R reference fixtures for the one Cox engine (issue 18) into tests/fixtures/r-cox-engine/, one JSON file per
# data set: counting-process Cox models with time-varying covariates and subject ids (R's rule for the robust
# variance, and cluster(id)), weighted fits with cox.zph and adjusted curves, and Fine–Gray models, compared with
# finegray() + coxph() and with cmprsk::crr. Run from the repository root:
#   Rscript tools/reference/generate-cox-engine-reference.R
# Needs: apt-get install -y r-base-core r-cran-survival r-cran-jsonlite r-cran-cmprsk
# Each file holds the rows as the model sees them ((start, stop] or time, status, the cause of each event, ids,
# weights, covariates, factors as strings, strata) and per fit what R reports. Generated sets use fixed seeds.
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(cmprsk) })

out_dir <- file.path("tests", "fixtures", "r-cox-engine")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
conf_level <- 0.95

exact_numbers <- function(x) structure(paste0("[", paste(sprintf("%.17g", x), collapse = ","), "]"), class = "json")

# One fit: `spec` has ties, and optionally id (coxph's id = id), cluster (+ cluster(id)), weights (weights = w),
# cause (a Fine–Gray model of that cause), zph, curves, crr.
fit_section <- function(d, terms, strata, spec, profiles, counting) {
  rhs <- paste(c(terms, if (!is.null(strata)) sprintf("strata(%s)", strata),
                 if (isTRUE(spec$cluster)) "cluster(id)"), collapse = " + ")
  fg <- !is.null(spec$cause)
  if (fg) {
    # The stratum's own column is kept for coxph; finegray's strata() computes the censoring distribution per stratum.
    fgd <- d
    fgd$event_f <- factor(ifelse(d$status == 0, "censor", d$cause), levels = c("censor", sort(unique(d$cause[d$status == 1]))))
    if (!is.null(strata)) fgd$fgstratum <- fgd[[strata]]
    lhs <- if (counting) "Surv(start, time, event_f)" else "Surv(time, event_f)"
    keep <- c(terms, if (!is.null(strata)) "fgstratum", "id")
    fgf <- as.formula(paste(lhs, "~", paste(c(keep, if (!is.null(strata)) sprintf("strata(%s)", strata)), collapse = " + ")))
    pdata <- if (isTRUE(spec$weights)) finegray(fgf, data = fgd, etype = spec$cause, id = id, weights = w)
             else finegray(fgf, data = fgd, etype = spec$cause, id = id)
    rhs <- paste(c(terms, if (!is.null(strata)) "strata(fgstratum)", if (isTRUE(spec$cluster)) "cluster(id)"), collapse = " + ")
    formula <- as.formula(paste("Surv(fgstart, fgstop, fgstatus) ~", rhs))
    fit <- coxph(formula, data = pdata, weights = fgwt, ties = spec$ties)
  } else {
    lhs <- if (counting) "Surv(start, time, status)" else "Surv(time, status)"
    formula <- as.formula(paste(lhs, "~", rhs))
    args <- list(formula, data = d, ties = spec$ties)
    if (isTRUE(spec$id)) args$id <- quote(id)
    if (isTRUE(spec$weights)) args$weights <- quote(w)
    fit <- do.call(coxph, args)
  }
  s <- summary(fit, conf.int = conf_level)
  coefs <- coef(fit)
  robust <- !is.null(fit$naive.var)
  out <- list(
    ties = spec$ties, id = isTRUE(spec$id), cluster = isTRUE(spec$cluster), weights = isTRUE(spec$weights),
    cause = spec$cause, robust = robust,
    call = paste(deparse(formula), collapse = ""), names = names(coefs),
    coef = unname(coefs), se = unname(sqrt(diag(fit$var))),
    naive_se = if (robust) unname(sqrt(diag(fit$naive.var))) else NULL,
    hr = unname(exp(coefs)), lower = unname(s$conf.int[, 3]), upper = unname(s$conf.int[, 4]),
    z = unname(s$coefficients[, if (robust) 5 else 4]), p = unname(s$coefficients[, if (robust) 6 else 5]),
    lr_chisq = unname(s$logtest["test"]), lr_df = unname(s$logtest["df"]), lr_p = unname(s$logtest["pvalue"]),
    wald_chisq = unname(fit$wald.test), wald_p = unname(s$waldtest["pvalue"]),
    score_chisq = unname(s$sctest["test"]), score_p = unname(s$sctest["pvalue"]),
    rscore_chisq = if (robust) unname(as.numeric(fit$rscore)) else NULL,
    rscore_p = if (robust) unname(s$robscore["pvalue"]) else NULL,
    loglik = unname(fit$loglik), iterations = fit$iter, n = fit$n, events = fit$nevent,
    clusters = if (robust && (isTRUE(spec$cluster) || isTRUE(spec$id))) length(unique(if (fg) pdata$id else d$id)) else 0,
    concordance = unname(fit$concordance["concordance"]), concordance_std = unname(fit$concordance["std"]),
    concordance_counts = unname(fit$concordance[1:5]))
  if (isTRUE(spec$zph)) {
    zph <- cox.zph(fit, transform = "km")$table
    out$zph <- list(terms = rownames(zph), chisq = unname(zph[, 1]), df = unname(zph[, 2]), p = unname(zph[, 3]))
  }
  if (isTRUE(spec$curves) && !is.null(profiles)) {
    # With strata survfit gives each profile's curve in every stratum: rows of sf by stratum, one column per profile.
    sf <- survfit(fit, newdata = profiles$newdata, conf.int = conf_level)
    surv <- as.matrix(sf$surv); std <- as.matrix(sf$std.err)
    lower <- as.matrix(sf$lower); upper <- as.matrix(sf$upper)
    strata_rows <- if (is.null(sf$strata)) list(seq_along(sf$time)) else split(seq_along(sf$time), rep(seq_along(sf$strata), sf$strata))
    stratum_labels <- if (is.null(sf$strata)) list(NULL) else sub("^[^=]*=", "", names(sf$strata))
    out$curves <- unlist(lapply(seq_len(nrow(profiles$newdata)), function(k) lapply(seq_along(strata_rows), function(s) {
      rows <- strata_rows[[s]]
      list(label = profiles$labels[k], stratum = stratum_labels[[s]], time = sf$time[rows], n_risk = sf$n.risk[rows],
           n_event = sf$n.event[rows], surv = surv[rows, k], std_err = std[rows, k], lower = lower[rows, k], upper = upper[rows, k])
    })), recursive = FALSE)
  }
  if (fg && isTRUE(spec$crr)) {
    mm <- model.matrix(as.formula(paste("~", paste(terms, collapse = " + "))), data = d)[, -1, drop = FALSE]
    code <- ifelse(d$status == 0, 0, ifelse(d$cause == spec$cause, 1, 2))
    cr <- crr(d$time, code, cov1 = mm, failcode = 1, cencode = 0)
    out$crr <- list(coef = unname(cr$coef), se = unname(sqrt(diag(cr$var))))
  }
  out
}

# `d` has time, status (1 event), optional start (the row's entry: (start, time] rows), id, w (case weights) and
# cause (the event's cause, "" when censored); `terms` in model order, `factors` those coded from strings.
write_set <- function(name, source, d, terms, factors = character(0), strata = NULL, fits, profiles = NULL) {
  for (f in factors) d[[f]] <- factor(as.character(d[[f]]))
  # R's cox.zph reads weights and times as doubles.
  for (v in names(d)) if (is.integer(d[[v]]) && v != "status") d[[v]] <- as.double(d[[v]])
  counting <- !is.null(d$start)
  numeric <- setdiff(terms, factors)
  if (is.null(d$id)) d$id <- seq_len(nrow(d))
  set <- list(
    name = name, source = source,
    note = "generated by tools/reference/generate-cox-engine-reference.R",
    conf_level = conf_level, r_survival_version = as.character(packageVersion("survival")),
    terms = terms, factors = factors, strata = strata,
    data = c(list(time = exact_numbers(d$time), status = d$status, id = as.character(d$id)),
             if (counting) list(start = exact_numbers(d$start)),
             if (!is.null(d$w)) list(weights = exact_numbers(d$w)),
             if (!is.null(d$cause)) list(cause = as.character(d$cause)),
             list(covariates = setNames(lapply(numeric, function(v) exact_numbers(d[[v]])), numeric)),
             list(factors = setNames(lapply(factors, function(v) as.character(d[[v]])), factors)),
             if (!is.null(strata)) list(strata = as.character(d[[strata]]))),
    profiles = if (!is.null(profiles)) list(labels = profiles$labels,
      covariates = lapply(numeric, function(v) profiles$newdata[[v]]) |> setNames(numeric),
      factors = lapply(factors, function(v) as.character(profiles$newdata[[v]])) |> setNames(factors)),
    fits = lapply(fits, function(spec) fit_section(d, terms, strata, spec, profiles, counting)))
  if (length(numeric) == 0) set$data$covariates <- NULL
  if (length(factors) == 0) set$data$factors <- NULL
  writeLines(toJSON(set, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE, json_verbatim = TRUE),
             file.path(out_dir, paste0(name, ".json")))
  cat("wrote", name, "\n")
}

# ---- counting-process data: time-varying covariates, subject ids ----

# cgd: recurrent infections in (tstart, tstop] form; an id has several events, so R's rule makes the variance robust
# by id, as coxph(..., id = id) and coxph(... + cluster(id)) both do.
cgd_d <- data.frame(start = cgd$tstart, time = cgd$tstop, status = cgd$status, id = cgd$id,
                    treat = as.character(cgd$treat), sex = as.character(cgd$sex), age = cgd$age,
                    inherit = as.character(cgd$inherit), steroids = cgd$steroids, propylac = cgd$propylac,
                    hos = as.character(cgd$hos.cat))
write_set("cgd_recurrent", "R survival::cgd (tmerge's counting-process form), recurrent infections", cgd_d,
          c("treat", "sex", "age", "inherit", "steroids", "propylac", "hos"), factors = c("treat", "sex", "inherit", "hos"),
          fits = list(efron_id = list(ties = "efron", id = TRUE), breslow_id = list(ties = "breslow", id = TRUE),
                      efron_cluster = list(ties = "efron", cluster = TRUE), efron_naive = list(ties = "efron")))

# jasa's transplant as a time-varying covariate (R's heart): one event per id, so id alone keeps the model-based
# variance and cluster(id) asks for the robust one.
heart_d <- data.frame(start = heart$start, time = heart$stop, status = heart$event, id = heart$id, age = heart$age,
                      year = heart$year, surgery = heart$surgery, transplant = as.character(heart$transplant))
write_set("heart_transplant", "R survival::heart, Surv(start, stop, event) ~ age + year + surgery + transplant", heart_d,
          c("age", "year", "surgery", "transplant"), factors = "transplant",
          fits = list(efron_id = list(ties = "efron", id = TRUE, zph = TRUE), efron_cluster = list(ties = "efron", cluster = TRUE, zph = TRUE),
                      breslow_cluster = list(ties = "breslow", cluster = TRUE)),
          profiles = list(labels = c("age 0 year 2 transplanted", "age 10 no surgery"),
                          newdata = data.frame(age = c(0, 10), year = c(2, 2), surgery = c(0, 0), transplant = c("1", "0"))))

# Held-out: subjects built by tmerge from a baseline and a lab value measured at visits (time-varying), two strata,
# whole weights repeated over a subject's rows, and integer times with ties (seed 1818).
set.seed(1818)
n <- 300
base <- data.frame(id = 1:n, arm = sample(c("A", "B", "C"), n, replace = TRUE), age = round(rnorm(n, 60, 8)),
                   site = sample(c("s1", "s2"), n, replace = TRUE), w = sample(1:3, n, replace = TRUE))
base$futime <- pmax(2, round(rexp(n, 0.02 * exp(0.3 * (base$arm == "B") - 0.2 * (base$arm == "C")))))
base$death <- rbinom(n, 1, 0.7)
visits <- do.call(rbind, lapply(1:n, function(i) {
  times <- sort(unique(sample(1:max(1, base$futime[i] - 1), min(3, base$futime[i] - 1))))
  data.frame(id = i, vtime = times, lab = round(rnorm(length(times), 5 + 0.02 * times, 1), 1))
}))
tv <- tmerge(base, base, id = id, death = event(futime, death))
tv <- tmerge(tv, visits, id = id, lab = tdc(vtime, lab))
tv$lab[is.na(tv$lab)] <- 5
heldout <- data.frame(start = tv$tstart, time = tv$tstop, status = tv$death, id = tv$id, arm = tv$arm, age = tv$age,
                      lab = tv$lab, site = tv$site, w = tv$w)
write_set("heldout_tmerge", "generated: tmerge of a baseline and a time-varying lab value (seed 1818)", heldout,
          c("arm", "age", "lab"), factors = "arm", strata = "site",
          fits = list(efron_cluster = list(ties = "efron", cluster = TRUE, zph = TRUE, curves = TRUE),
                      breslow_cluster = list(ties = "breslow", cluster = TRUE),
                      efron_weighted_cluster = list(ties = "efron", cluster = TRUE, weights = TRUE, zph = TRUE, curves = TRUE),
                      efron_id = list(ties = "efron", id = TRUE)),
          profiles = list(labels = c("A age 60 lab 5", "C age 70 lab 7"),
                          newdata = data.frame(arm = c("A", "C"), age = c(60, 70), lab = c(5, 7))))

# Lifted combinations: fractional weights with delayed entry (robust by row), cox.zph and adjusted curves with weights.
set.seed(2727)
n <- 260
fw <- data.frame(start = round(runif(n, 0, 5), 1), x = rnorm(n), g = sample(c("a", "b"), n, replace = TRUE),
                 w = round(runif(n, 0.3, 3), 3))
fw$time <- fw$start + round(rexp(n, 0.1 * exp(0.5 * fw$x + 0.4 * (fw$g == "b"))), 1) + 0.1
fw$status <- rbinom(n, 1, 0.75)
write_set("fractional_weights_entry", "generated: fractional weights with delayed entry (seed 2727)", fw, c("x", "g"),
          factors = "g",
          fits = list(efron = list(ties = "efron", weights = TRUE, zph = TRUE, curves = TRUE),
                      breslow = list(ties = "breslow", weights = TRUE, zph = TRUE, curves = TRUE)),
          profiles = list(labels = c("x 0 a", "x 1 b"), newdata = data.frame(x = c(0, 1), g = c("a", "b"))))
lw <- na.omit(data.frame(time = lung$time, status = lung$status - 1, age = lung$age, sex = lung$sex, ecog = lung$ph.ecog))
set.seed(99)
lw$w <- round(runif(nrow(lw), 0.5, 2.5), 2)
write_set("lung_weighted", "R survival::lung with fractional weights (seed 99): cox.zph and adjusted curves", lw,
          c("age", "sex", "ecog"),
          fits = list(efron = list(ties = "efron", weights = TRUE, zph = TRUE, curves = TRUE),
                      breslow = list(ties = "breslow", weights = TRUE, zph = TRUE, curves = TRUE)),
          profiles = list(labels = c("male 60 ecog 1", "female 70 ecog 2"), newdata = data.frame(age = c(60, 70), sex = c(1, 2), ecog = c(1, 2))))

# ---- Fine–Gray ----

# mgus2: progression (pcm) against death, the competing risk (the finegray vignette's example).
m2 <- mgus2
m2$etime <- with(m2, ifelse(pstat == 0, futime, ptime))
m2$ev <- with(m2, ifelse(pstat == 0, death, 1))
m2$cause <- with(m2, ifelse(ev == 0, "", ifelse(pstat == 1, "pcm", "death")))
mg <- data.frame(time = m2$etime, status = as.integer(m2$ev > 0), cause = m2$cause, id = m2$id, age = m2$age,
                 sex = as.character(m2$sex))
write_set("mgus2_finegray", "R survival::mgus2: Fine–Gray of progression (pcm) and of death", mg, c("age", "sex"),
          factors = "sex",
          fits = list(pcm_efron = list(ties = "efron", cause = "pcm", crr = TRUE, curves = TRUE, zph = TRUE),
                      pcm_breslow = list(ties = "breslow", cause = "pcm", crr = TRUE),
                      pcm_cluster = list(ties = "efron", cause = "pcm", cluster = TRUE),
                      death_efron = list(ties = "efron", cause = "death", crr = TRUE)),
          profiles = list(labels = c("F 60", "M 80"), newdata = data.frame(age = c(60, 80), sex = c("F", "M"))))

# pbc: death against transplant, with covariates not seen by the code before.
p <- pbc[1:312, ]
pb <- na.omit(data.frame(time = p$time, status = as.integer(p$status > 0), cause = ifelse(p$status == 2, "death", ifelse(p$status == 1, "transplant", "")),
                         id = p$id, age = p$age, edema = p$edema, log_bili = log(p$bili), albumin = p$albumin))
write_set("pbc_finegray", "R survival::pbc: Fine–Gray of death with transplant competing", pb,
          c("age", "edema", "log_bili", "albumin"),
          fits = list(death_efron = list(ties = "efron", cause = "death", crr = TRUE, curves = TRUE),
                      transplant_efron = list(ties = "efron", cause = "transplant", crr = TRUE)),
          profiles = list(labels = c("age 50 bili 1", "age 60 bili 3"),
                          newdata = data.frame(age = c(50, 60), edema = c(0, 0.5), log_bili = log(c(1, 3)), albumin = c(3.5, 3))))

# Held-out: three causes, integer times with ties between events and censorings, strata for the censoring
# distribution, and case weights (seed 4646).
set.seed(4646)
n <- 400
fgh <- data.frame(x = rnorm(n), g = sample(c("p", "q"), n, replace = TRUE), s = sample(c("u", "v"), n, replace = TRUE),
                  w = sample(1:2, n, replace = TRUE))
t1 <- rexp(n, 0.05 * exp(0.5 * fgh$x)); t2 <- rexp(n, 0.03 * exp(0.3 * (fgh$g == "q"))); t3 <- rexp(n, 0.01)
cens <- runif(n, 5, 60)
ft <- pmin(t1, t2, t3, cens)
fgh$time <- ceiling(ft)
fgh$status <- as.integer(ft < cens)
fgh$cause <- ifelse(fgh$status == 0, "", ifelse(ft == t1, "relapse", ifelse(ft == t2, "death", "other")))
write_set("heldout_finegray", "generated: three causes, ties, strata and whole weights (seed 4646)", fgh, c("x", "g"),
          factors = "g", strata = "s",
          fits = list(relapse_efron = list(ties = "efron", cause = "relapse", curves = TRUE),
                      death_breslow = list(ties = "breslow", cause = "death")),
          profiles = list(labels = c("x 0 p", "x 1 q"), newdata = data.frame(x = c(0, 1), g = c("p", "q"), s = c("u", "u"))))

# Case weights without strata. (R 3.5-3's finegray multiplies the weights of a stratified set by the wrong rows, taking
# split$row, an index within the stratum, into the whole weight vector, so a weighted stratified set is not a reference.)
fgw <- fgh[, c("time", "status", "cause", "x", "g", "w")]
write_set("weighted_finegray", "generated: the three-cause set with whole weights, unstratified (seed 4646)", fgw, c("x", "g"),
          factors = "g",
          fits = list(relapse_weighted = list(ties = "efron", cause = "relapse", weights = TRUE, curves = TRUE),
                      death_weighted = list(ties = "breslow", cause = "death", weights = TRUE)),
          profiles = list(labels = c("x 0 p", "x 1 q"), newdata = data.frame(x = c(0, 1), g = c("p", "q"))))

# Held-out with delayed entry: entries before the events, so finegray weights by the entry distribution too (seed 5151).
set.seed(5151)
n <- 250
fge <- data.frame(start = round(runif(n, 0, 10)), x = rnorm(n))
t1 <- rexp(n, 0.04 * exp(0.6 * fge$x)); t2 <- rexp(n, 0.03); cens <- runif(n, 5, 50)
ft <- pmin(t1, t2, cens)
fge$time <- fge$start + ceiling(ft)
fge$status <- as.integer(ft < cens)
fge$cause <- ifelse(fge$status == 0, "", ifelse(ft == t1, "relapse", "death"))
write_set("entry_finegray", "generated: delayed entry, two causes (seed 5151)", fge, c("x"),
          fits = list(relapse_efron = list(ties = "efron", cause = "relapse"), death_breslow = list(ties = "breslow", cause = "death")))

# Held-out without tied times, where finegray + coxph and cmprsk::crr estimate the same coefficients (with ties crr
# takes Breslow's approximation and its own order of censorings at event times), with a factor (seed 6161).
set.seed(6161)
n <- 350
fgc <- data.frame(x = rnorm(n), g = sample(c("lo", "hi"), n, replace = TRUE))
t1 <- rexp(n, 0.05 * exp(0.5 * fgc$x + 0.3 * (fgc$g == "hi"))); t2 <- rexp(n, 0.03 * exp(-0.2 * fgc$x)); cens <- runif(n, 5, 60)
ft <- pmin(t1, t2, cens)
fgc$time <- ft
fgc$status <- as.integer(ft < cens)
fgc$cause <- ifelse(fgc$status == 0, "", ifelse(ft == t1, "relapse", "death"))
write_set("continuous_finegray", "generated: continuous times, two causes, a factor (seed 6161)", fgc, c("x", "g"), factors = "g",
          fits = list(relapse_efron = list(ties = "efron", cause = "relapse", crr = TRUE, curves = TRUE),
                      death_breslow = list(ties = "breslow", cause = "death", crr = TRUE)),
          profiles = list(labels = c("x 0 lo", "x 1 hi"), newdata = data.frame(x = c(0, 1), g = c("lo", "hi"))))
