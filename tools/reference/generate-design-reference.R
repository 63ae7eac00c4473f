#!/usr/bin/env Rscript
# Writes the reference fixtures of study planning (issue 20) into tests/fixtures-small-sample/design-*.json. Run from
# the repository root:
#   Rscript tools/reference/generate-design-reference.R
# Needs: apt-get install -y r-base-core r-cran-jsonlite r-cran-rpact (rpact 3.3.4)
#
# Two arms (group 1 = treatment, group 2 = control, as rpact numbers them; fixed design, kMax = 1):
#   design-rpact-sample-size.json  getSampleSizeSurvival(...) for given accrual and follow-up: eventsFixed, nFixed,
#                                  nFixed1, nFixed2, omega (the probability that a patient's event is observed by the
#                                  analysis), hazardRatio, lambda1/lambda2 and analysisTime; `omega_precise` is omega
#                                  from rpact's own event probability integrated at rel.tol 1e-13 (see precise_omega).
#   design-rpact-follow-up.json    getSampleSizeSurvival(..., maxNumberOfSubjects = N): the follow-up that gives the
#                                  events with N patients; `follow_up_precise` is the same root solved to 1e-12 on
#                                  the precise omega (rpact's uniroot stops at tol = 1e-6).
#   design-rpact-power.json        getPowerSurvival(..., maxNumberOfEvents = D, maxNumberOfSubjects = N,
#                                  directionUpper = HR > 1): overallReject, analysisTime (and its precise root),
#                                  expectedNumberOfSubjects.
#   design-rpact-heldout.json      sample sizes for parameters drawn with a seed, not looked at while writing the code.
# Each case: `input` in the service's terms (formula, alpha, sided, power, hazard_ratio or medians or a survival
# probability at a time, control hazards with piece starts, allocation, accrual piece ends and relative intensities,
# follow_up, dropout rates and time) and `rpact`, the call's results.
#
# One arm against a historical control (Wu 2015, Pharm Stat 14:26-33):
#   design-wu-one-sample.json      the one-sample log-rank sample size for a Weibull null S0(t) = exp(-log 2 (t/m0)^k)
#                                  (k = 1: exponential), uniform accrual over ta and follow-up tf:
#                                    p0 = ∫ G S0^δ dΛ0, p00 = ∫ G S0^δ Λ0 dΛ0, p1 = δ p0, p01 = δ p00,
#                                    ω = p1 − p0, σ² = p1 − p1² + 2 p00 − p0² − 2 p01 + 2 p0 p1,
#                                    n = (√p0 z_{1−α} + σ z_{1−β})² / ω²
#                                  written here in closed form (regularised incomplete gamma functions, pgamma) and
#                                  checked against integrate() at rel.tol 1e-12 before writing; the paper's example
#                                  (α = 0.05, ta = 5, tf = 3, m0 = 9, k = 1.22, δ = 1/1.75) needs 88 at 80% power.
suppressPackageStartupMessages({ library(jsonlite); library(rpact) })
stopifnot(packageVersion("rpact") == "3.3.4")
out_dir <- file.path("tests", "fixtures-small-sample")

formula_name <- c(Schoenfeld = "schoenfeld", Freedman = "freedman", HsiehFreedman = "hsieh_freedman")

# The service's input for an rpact call's arguments (defaults as rpact's).
input_of <- function(a) {
  list(
    formula = formula_name[[a$typeOfComputation %||% "Schoenfeld"]],
    alpha = a$alpha %||% 0.025, sided = a$sided %||% 1, power = 1 - (a$beta %||% 0.2),
    hazard_ratio = a$hazardRatio %||% NA, median_treatment = a$median1 %||% NA, median_control = a$median2 %||% NA,
    control_hazards = a$lambda2 %||% NA, piece_starts = a$piecewiseSurvivalTime %||% 0,
    event_probability_control = a$pi2 %||% NA, event_probability_treatment = a$pi1 %||% NA, event_time = a$eventTime %||% 12,
    allocation = a$allocationRatioPlanned %||% 1,
    accrual_ends = (a$accrualTime %||% c(0, 12))[-1], accrual_intensities = a$accrualIntensity %||% 1,
    follow_up = a$followUpTime %||% NA, patients = a$maxNumberOfSubjects %||% NA, events = a$maxNumberOfEvents %||% NA,
    dropout_treatment = a$dropoutRate1 %||% 0, dropout_control = a$dropoutRate2 %||% 0, dropout_time = a$dropoutTime %||% 12)
}
`%||%` <- function(x, y) if (is.null(x)) y else x

sample_size_case <- function(name, ...) {
  a <- list(...)
  x <- do.call(getSampleSizeSurvival, a)
  list(name = name, input = input_of(a), rpact = list(
    events = x$eventsFixed, patients = x$nFixed, patients_treatment = x$nFixed1, patients_control = x$nFixed2,
    omega = x$omega, hazard_ratio = x$hazardRatio, lambda_treatment = x$lambda1, lambda_control = x$lambda2,
    analysis_time = x$analysisTime[1, 1],
    omega_precise = precise_omega(a, x$hazardRatio, x$analysisTime[1, 1])))
}

# rpact's survival set-up from the call's own arguments.
survival_of <- function(a) {
  keys <- c("piecewiseSurvivalTime", "lambda2", "median1", "median2", "pi1", "pi2", "hazardRatio", "eventTime")
  do.call(getPiecewiseSurvivalTime, c(a[intersect(keys, names(a))], list(.silent = TRUE)))
}

# ω(T) of rpact's own event probability function (.getEventProbabilityFunction), integrated over each accrual piece
# split at the hazard pieces' starts at rel.tol 1e-13: rpact's integrate() at its default rel.tol (1.2e-4) over the
# kinks of a piecewise hazard is off by up to ~5e-6.
precise_omega <- function(a, hr, time) {
  ns <- getNamespace("rpact")
  pw <- survival_of(a)
  r <- a$allocationRatioPlanned %||% 1
  phi <- -c(log(1 - (a$dropoutRate1 %||% 0)), log(1 - (a$dropoutRate2 %||% 0))) / (a$dropoutTime %||% 12)
  starts <- pw$piecewiseSurvivalTime
  lambda2 <- pw$lambda2
  lambdas <- list(hr * lambda2, lambda2)
  ends <- (a$accrualTime %||% c(0, 12))[-1]; begins <- c(0, ends[-length(ends)])
  w <- a$accrualIntensity %||% 1; if (length(w) == 1) w <- rep(w, length(ends))
  dens <- w / sum(w * (ends - begins))
  arm <- function(g) {
    pe <- function(x) sapply(x, function(t) ns$.getEventProbabilityFunction(time = t, piecewiseLambda = lambdas[[g]],
      piecewiseSurvivalTime = if (length(lambda2) > 1) starts else NA_real_, phi = phi[g], kappa = 1))
    total <- 0
    for (j in seq_along(ends)) {
      lo <- max(0, time - ends[j]); hi <- max(0, time - begins[j])
      cuts <- sort(unique(c(lo, starts[starts > lo & starts < hi], hi)))
      for (i in seq_len(length(cuts) - 1)) total <- total + dens[j] * integrate(pe, cuts[i], cuts[i + 1], rel.tol = 1e-13)$value
    }
    total
  }
  (r * arm(1) + arm(2)) / (1 + r)
}

# The calendar time at which the expected events of N patients reach D, solved to 1e-12 on the precise ω.
precise_time <- function(a, hr, events, patients) {
  uniroot(function(t) events / patients - precise_omega(a, hr, t), c(1e-9, 1000), tol = 1e-12)$root
}

follow_up_case <- function(name, ...) {
  a <- list(...)
  x <- do.call(getSampleSizeSurvival, a)
  accrual_end <- tail(a$accrualTime, 1)
  list(name = name, input = input_of(a), rpact = list(
    events = x$eventsFixed, patients = x$nFixed, follow_up = x$followUpTime, omega = x$omega,
    follow_up_precise = precise_time(a, x$hazardRatio, x$eventsFixed, a$maxNumberOfSubjects) - accrual_end))
}

power_case <- function(name, ...) {
  a <- list(...)
  hr <- survival_of(a)$hazardRatio
  x <- do.call(getPowerSurvival, c(a, list(directionUpper = hr > 1)))
  list(name = name, input = input_of(a), rpact = list(
    power = x$overallReject, analysis_time = x$analysisTime[1, 1], follow_up = x$followUpTime,
    expected_patients = x$expectedNumberOfSubjects, hazard_ratio = x$hazardRatio,
    analysis_time_precise = precise_time(a, hr, a$maxNumberOfEvents, a$maxNumberOfSubjects)))
}

write_cases <- function(file, cases) {
  writeLines(toJSON(list(cases = cases), digits = NA, auto_unbox = TRUE, na = "null"), file.path(out_dir, file))
}

pw_times <- c(0, 6, 9)
pw_lambda <- c(0.025, 0.04, 0.015)
write_cases("design-rpact-sample-size.json", list(
  sample_size_case("medians_schoenfeld", median1 = 20, median2 = 14, accrualTime = c(0, 24), followUpTime = 12),
  sample_size_case("medians_freedman", typeOfComputation = "Freedman", median1 = 20, median2 = 14, accrualTime = c(0, 24), followUpTime = 12),
  sample_size_case("medians_hsieh_freedman", typeOfComputation = "HsiehFreedman", median1 = 20, median2 = 14, accrualTime = c(0, 24), followUpTime = 12),
  sample_size_case("hr_two_sided_allocation_2", hazardRatio = 0.7, lambda2 = log(2) / 14, allocationRatioPlanned = 2, sided = 2, alpha = 0.05, beta = 0.1, accrualTime = c(0, 18), followUpTime = 6),
  sample_size_case("hr_allocation_half_freedman", typeOfComputation = "Freedman", hazardRatio = 0.6, lambda2 = 0.05, allocationRatioPlanned = 0.5, accrualTime = c(0, 12), followUpTime = 24),
  sample_size_case("dropout", median1 = 30, median2 = 20, accrualTime = c(0, 24), followUpTime = 18, dropoutRate1 = 0.1, dropoutRate2 = 0.05, dropoutTime = 12),
  sample_size_case("piecewise_control_dropout", piecewiseSurvivalTime = pw_times, lambda2 = pw_lambda, hazardRatio = 0.8, accrualTime = c(0, 12), followUpTime = 12, dropoutRate1 = 0.1, dropoutRate2 = 0.05, dropoutTime = 12),
  sample_size_case("piecewise_hsieh_freedman_two_sided", typeOfComputation = "HsiehFreedman", piecewiseSurvivalTime = pw_times, lambda2 = pw_lambda, hazardRatio = 0.7, sided = 2, alpha = 0.05, accrualTime = c(0, 15), followUpTime = 9),
  sample_size_case("piecewise_accrual", median1 = 18, median2 = 12, accrualTime = c(0, 6, 18), accrualIntensity = c(0.2, 0.6), followUpTime = 12),
  sample_size_case("survival_at_12_months", pi2 = 0.4, hazardRatio = 0.65, eventTime = 12, accrualTime = c(0, 24), followUpTime = 12),
  sample_size_case("two_event_probabilities", pi1 = 0.25, pi2 = 0.4, eventTime = 24, accrualTime = c(0, 24), followUpTime = 24, typeOfComputation = "Freedman"),
  sample_size_case("harm_hr_above_1", hazardRatio = 1.5, lambda2 = 0.03, accrualTime = c(0, 12), followUpTime = 12, sided = 2, alpha = 0.05),
  # The seven patients' median OS of 14 months as the control, a treatment median of 21 months.
  sample_size_case("seven_patients_median_14", median1 = 21, median2 = 14, accrualTime = c(0, 24), followUpTime = 12, sided = 2, alpha = 0.05)))

write_cases("design-rpact-follow-up.json", list(
  follow_up_case("medians_given_patients", median1 = 20, median2 = 14, accrualTime = c(0, 24), maxNumberOfSubjects = 450),
  follow_up_case("freedman_dropout_given_patients", typeOfComputation = "Freedman", median1 = 30, median2 = 20, accrualTime = c(0, 24), maxNumberOfSubjects = 600, dropoutRate1 = 0.1, dropoutRate2 = 0.05, dropoutTime = 12),
  follow_up_case("piecewise_given_patients", piecewiseSurvivalTime = pw_times, lambda2 = pw_lambda, hazardRatio = 0.7, accrualTime = c(0, 12), maxNumberOfSubjects = 900, allocationRatioPlanned = 2)))

write_cases("design-rpact-power.json", list(
  power_case("medians_one_sided", median1 = 20, median2 = 14, accrualTime = c(0, 24), maxNumberOfEvents = 200, maxNumberOfSubjects = 400),
  power_case("medians_two_sided", median1 = 20, median2 = 14, accrualTime = c(0, 24), maxNumberOfEvents = 200, maxNumberOfSubjects = 400, sided = 2, alpha = 0.05),
  power_case("harm_two_sided", median1 = 10, median2 = 14, accrualTime = c(0, 24), maxNumberOfEvents = 150, maxNumberOfSubjects = 300, sided = 2, alpha = 0.05),
  power_case("freedman_allocation_2", typeOfComputation = "Freedman", hazardRatio = 0.75, lambda2 = 0.04, allocationRatioPlanned = 2, accrualTime = c(0, 18), maxNumberOfEvents = 250, maxNumberOfSubjects = 500),
  power_case("hsieh_freedman_dropout", typeOfComputation = "HsiehFreedman", hazardRatio = 0.7, lambda2 = 0.04, accrualTime = c(0, 18), maxNumberOfEvents = 180, maxNumberOfSubjects = 420, dropoutRate1 = 0.1, dropoutRate2 = 0.1, dropoutTime = 12),
  power_case("piecewise", piecewiseSurvivalTime = pw_times, lambda2 = pw_lambda, hazardRatio = 0.75, accrualTime = c(0, 12), maxNumberOfEvents = 300, maxNumberOfSubjects = 1100),
  # Analysis before the accrual ends: few events from many patients.
  power_case("events_before_accrual_ends", median1 = 20, median2 = 14, accrualTime = c(0, 36), maxNumberOfEvents = 40, maxNumberOfSubjects = 500)))

# Held out: drawn with a seed, not looked at while writing the service's code.
set.seed(2015)
formulas <- c("Schoenfeld", "Freedman", "HsiehFreedman")
heldout <- lapply(1:24, function(i) {
  a <- list(typeOfComputation = sample(formulas, 1), hazardRatio = round(runif(1, 0.45, 0.9), 3),
    allocationRatioPlanned = sample(c(1, 1, 2, 0.5, 3), 1), sided = sample(1:2, 1), beta = sample(c(0.1, 0.2, 0.3), 1),
    accrualTime = c(0, round(runif(1, 6, 36), 1)), followUpTime = round(runif(1, 0, 24), 1))
  a$alpha <- if (a$sided == 1) 0.025 else 0.05
  if (i %% 3 == 0) { a$piecewiseSurvivalTime <- c(0, round(sort(runif(2, 1, 20)), 1)); a$lambda2 <- round(runif(3, 0.01, 0.1), 4) }
  else a$lambda2 <- round(runif(1, 0.01, 0.1), 4)
  if (i %% 4 == 0) { a$dropoutRate1 <- round(runif(1, 0, 0.2), 3); a$dropoutRate2 <- round(runif(1, 0, 0.2), 3); a$dropoutTime <- 12 }
  do.call(sample_size_case, c(list(name = paste0("heldout_", i)), a))
})
write_cases("design-rpact-heldout.json", heldout)

# ---- One arm: Wu (2015) in closed form ----
# With u = Λ0(t) = c t^k, c = log 2 / m0^k, t = (u/c)^(1/k), G = 1 on [0, tf] and (τ − t)/ta on (tf, τ]:
#   ∫_a^b u^(s−1) e^(−δu) du = Γ(s) δ^(−s) [P(s, δb) − P(s, δa)]
wu_closed <- function(alpha, power, ta, tf, m0, k, delta) {
  tau <- ta + tf; cc <- log(2) / m0^k
  uf <- cc * tf^k; ut <- cc * tau^k
  gi <- function(s, a, b) gamma(s) * delta^(-s) * (pgamma(delta * b, s) - pgamma(delta * a, s))
  # ∫ G e^{−δu} u^j du for j = 0 (p0) and 1 (p00): the first part, then (τ ∫ − ∫ t(u)) / ta.
  part <- function(j) gi(j + 1, 0, uf) + (tau * gi(j + 1, uf, ut) - cc^(-1 / k) * gi(j + 1 + 1 / k, uf, ut)) / ta
  p0 <- part(0); p00 <- part(1)
  wu_from(alpha, power, p0, p00, delta)
}
wu_from <- function(alpha, power, p0, p00, delta) {
  p1 <- delta * p0; p01 <- delta * p00
  omega <- p1 - p0
  sigma <- sqrt(p1 - p1^2 + 2 * p00 - p0^2 - 2 * p01 + 2 * p0 * p1)
  n <- (sqrt(p0) * qnorm(1 - alpha) + sigma * qnorm(power))^2 / omega^2
  list(p0 = p0, p00 = p00, p1 = p1, p01 = p01, omega = omega, sigma = sigma, n = n, n_required = ceiling(n),
    power_at_n_required = pnorm(-(sqrt(p0) * qnorm(1 - alpha) + sqrt(ceiling(n)) * omega) / sigma))
}
wu_integrate <- function(alpha, power, ta, tf, m0, k, delta) {
  tau <- ta + tf
  s0 <- function(t) exp(-log(2) * (t / m0)^k); l0 <- function(t) k * log(2) * t^(k - 1) / m0^k
  H0 <- function(t) log(2) * (t / m0)^k
  G <- function(t) ifelse(t <= tf, 1, (tau - t) / ta)
  i0 <- function(t) G(t) * s0(t)^delta * l0(t); i00 <- function(t) G(t) * s0(t)^delta * H0(t) * l0(t)
  p0 <- integrate(i0, 0, tf, rel.tol = 1e-12)$value + integrate(i0, tf, tau, rel.tol = 1e-12)$value
  p00 <- integrate(i00, 0, tf, rel.tol = 1e-12)$value + integrate(i00, tf, tau, rel.tol = 1e-12)$value
  wu_from(alpha, power, p0, p00, delta)
}
wu_case <- function(name, alpha, power, ta, tf, m0, k, delta) {
  closed <- wu_closed(alpha, power, ta, tf, m0, k, delta)
  numeric <- wu_integrate(alpha, power, ta, tf, m0, k, delta)
  stopifnot(abs(closed$n / numeric$n - 1) < 1e-10, abs(closed$p0 / numeric$p0 - 1) < 1e-10)
  list(name = name, input = list(alpha = alpha, power = power, accrual = ta, follow_up = tf, median = m0, shape = k,
    hazard_ratio = delta), closed_form = closed)
}
wu <- list(
  wu_case("paper_power_80", 0.05, 0.8, 5, 3, 9, 1.22, 1 / 1.75),
  wu_case("paper_power_85", 0.05, 0.85, 5, 3, 9, 1.22, 1 / 1.75),
  wu_case("paper_power_90", 0.05, 0.9, 5, 3, 9, 1.22, 1 / 1.75),
  wu_case("exponential", 0.05, 0.8, 3, 2, 1.5, 1, 0.6),
  wu_case("decreasing_hazard", 0.025, 0.9, 2, 1, 1, 0.5, 1 / 1.5),
  wu_case("seven_patients_median_14_months", 0.05, 0.8, 24, 12, 14, 1, 0.6))
set.seed(26)
for (i in 1:12) wu[[length(wu) + 1]] <- wu_case(paste0("heldout_", i), sample(c(0.025, 0.05, 0.1), 1),
  sample(c(0.8, 0.85, 0.9), 1), round(runif(1, 1, 6), 2), round(runif(1, 0.5, 4), 2), round(runif(1, 0.5, 10), 2),
  round(runif(1, 0.4, 2.5), 2), round(runif(1, 0.4, 0.8), 3))
stopifnot(wu[[1]]$closed_form$n_required == 88)
write_cases("design-wu-one-sample.json", wu)
