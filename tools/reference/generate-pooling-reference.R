#!/usr/bin/env Rscript
# Writes the pooling fixtures into tests/fixtures-literature/pooling/: studies' estimates and standard errors pooled by
# metafor's rma(yi, sei = sei, method = "FE" / "DL" / "REML") and predict() (default z-test, level from the file).
# Run from the repository root:  Rscript tools/reference/generate-pooling-reference.R   (a few seconds)
# Needs: r-base-core r-cran-survival r-cran-metafor r-cran-jsonlite.
#
# Each file: `studies` (label, yi, sei), `conf_level`, and `fits[method]`: estimate (b), se, z, p, ci_lb, ci_ub, tau2,
# I2, H2, QE, QEp, pi_lb and pi_ub (predict(); absent for FE), weights (weights(fit), percent), and for REML also
# `reml_precise`, rma(..., control = list(threshold = 1e-12, maxiter = 1000)): the maximum metafor's default stopping
# rule (threshold 1e-5) approaches.
# Sets: dat.bcg (metafor's log risk ratios), log hazard ratios of R's survival data sets' treatment contrasts by
# subgroup (coxph), a homogeneous set (τ² = 0), two studies; held-out: random sets from other seeds, generated and
# compared only once the code was written. Seeds are fixed, so a rerun reproduces the files exactly.
suppressPackageStartupMessages({ library(survival); library(metafor); library(jsonlite) })
out_dir <- file.path("tests", "fixtures-literature", "pooling")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)

fit_fields <- function(r, level) {
  p <- predict(r, level = level * 100)
  out <- list(estimate = unname(r$beta[1]), se = r$se, z = r$zval, p = r$pval, ci_lb = r$ci.lb, ci_ub = r$ci.ub,
              tau2 = r$tau2, I2 = r$I2, H2 = r$H2, QE = r$QE, QEp = r$QEp, weights = unname(weights(r)))
  if (!is.null(p$pi.lb)) { out$pi_lb <- p$pi.lb; out$pi_ub <- p$pi.ub }
  out
}

write_set <- function(name, role, label, yi, sei, level = 0.95, extra = NULL) {
  fits <- list()
  for (m in c("FE", "DL", "REML")) fits[[m]] <- fit_fields(rma(yi, sei = sei, method = m, level = level * 100), level)
  precise <- rma(yi, sei = sei, method = "REML", level = level * 100, control = list(threshold = 1e-12, maxiter = 1000))
  fits$reml_precise <- fit_fields(precise, level)
  out <- list(name = name, role = role, conf_level = level, metafor_version = as.character(packageVersion("metafor")),
              studies = list(label = label, yi = yi, sei = sei), fits = fits)
  if (!is.null(extra)) out <- c(out, extra)
  write_json(out, file.path(out_dir, paste0(name, ".json")), digits = NA, auto_unbox = TRUE, na = "null")
}

bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
write_set("bcg", "fixture", paste(bcg$author, bcg$year), as.numeric(bcg$yi), sqrt(as.numeric(bcg$vi)))

# Log hazard ratios of a treatment within subgroups, as separate "studies"; with the one-stage estimate, Cox stratified
# by subgroup: coxph(Surv(time, status) ~ arm + strata(subgroup)) (`stratified_cox`: coef, se; Efron).
subgroup_hrs <- function(d, by) {
  fits <- lapply(split(d, d[[by]]), function(s) coxph(Surv(time, status) ~ arm, data = s))
  strat <- coxph(as.formula(paste("Surv(time, status) ~ arm + strata(", by, ")")), data = d)
  list(label = names(fits), yi = sapply(fits, function(f) unname(coef(f))), sei = sapply(fits, function(f) unname(sqrt(diag(f$var)))),
       stratified_cox = list(coef = unname(coef(strat)), se = unname(sqrt(diag(strat$var)))))
}
# The patients are examples/veteran.csv (time in days, status, trt standard/test, celltype), R's veteran.
vet <- read.csv(file.path("examples", "veteran.csv"))
vet$arm <- factor(vet$trt)
s <- subgroup_hrs(vet, "celltype")
write_set("veteran_by_celltype", "fixture", s$label, s$yi, s$sei, extra = list(stratified_cox = s$stratified_cox))
col <- with(colon[colon$etype == 2 & colon$rx != "Lev", ], data.frame(time, status, arm = droplevels(rx), differ = factor(differ)))
s <- subgroup_hrs(col[!is.na(col$differ), ], "differ")
write_set("colon_by_differentiation", "fixture", s$label, s$yi, s$sei, level = 0.9, extra = list(stratified_cox = s$stratified_cox))
write_set("homogeneous", "fixture", c("a", "b", "c", "d"), c(-0.2, -0.25, -0.18, -0.22), c(0.2, 0.3, 0.25, 0.4))
write_set("two_studies", "fixture", c("first", "second"), c(0.1, 0.9), c(0.15, 0.2))

for (seed in 1:5) {
  set.seed(500 + seed)
  k <- c(3, 5, 8, 15, 40)[seed]
  sei <- runif(k, 0.05, 0.6)
  yi <- rnorm(k, -0.3, sqrt(sei^2 + c(0, 0.02, 0.1, 0.3, 0.05)[seed]))
  write_set(sprintf("held_out_%d", seed), "held-out", sprintf("study %d", 1:k), yi, sei, level = c(0.95, 0.9, 0.99, 0.95, 0.8)[seed])
}
cat("wrote pooling fixtures to", out_dir, "\n")
