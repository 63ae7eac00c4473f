#!/usr/bin/env Rscript
# Writes competing-risks reference fixtures into tests/fixtures-competing/ (kept apart from tests/fixtures, whose
# single-event schema ReferenceSet reads) and examples/mgus2.csv. Run from the repository root:
#   Rscript tools/reference/generate-competing-risks-reference.R
# Needs: apt-get install -y r-base-core r-cran-survival r-cran-jsonlite r-cran-cmprsk
# Each file holds the subjects (status 0 censored, c = 1..K the cause labelled causes[c]) and
#   aalen_johansen[group][conf type]: survfit(Surv(time, factor(status, 0:K)) ~ 1, conf.type = T) on the group's
#     rows: time, n_risk (initial state), and per state ("(s0)" then the cause labels) pstate, std_err, lower, upper;
#   landmarks[group] (where asked for): summary(fit, times = landmarks) of the log fit: time, and per state pstate,
#     lower, upper — the cumulative incidence a reader is shown at those times;
#   gray: cmprsk::cuminc(time, status, group)$Tests per cause label (stat, pv, df; null where cuminc omits the cause,
#     which it does for a cause with no events); gray_stratified: the same with strata = strata.
# Seeds are fixed, so a rerun reproduces the files exactly.
suppressPackageStartupMessages({ library(survival); library(jsonlite); library(cmprsk) })

out_dir <- file.path("tests", "fixtures-competing")
dir.create(out_dir, recursive = TRUE, showWarnings = FALSE)
conf_level <- 0.95
conf_types <- c("log", "log-log", "plain", "logit", "arcsin")

aj_section <- function(time, status, causes) {
  states <- c("(s0)", causes)
  ms <- factor(status, levels = 0:length(causes), labels = c("censor", causes))
  # log-log, logit and arcsin warn about NaN where p is 0 or 1; R reports NA there, which is what is recorded.
  fits <- lapply(conf_types, function(ct) suppressWarnings(survfit(Surv(time, ms) ~ 1, conf.type = ct, conf.int = conf_level)))
  names(fits) <- conf_types
  f <- fits[["log"]]
  stopifnot(identical(f$states, states))
  # survfit's arcsin interval comes back as a plain vector (pmax/pmin drop the dimensions): reshape it.
  by_state <- function(m) {
    m <- matrix(m, nrow = length(f$time))
    setNames(lapply(seq_along(states), function(s) m[, s]), states)
  }
  list(
    time = f$time, n_risk = f$n.risk[, 1],
    pstate = by_state(f$pstate), std_err = by_state(f$std.err),
    ci = lapply(fits, function(x) list(lower = by_state(x$lower), upper = by_state(x$upper)))
  )
}

gray_section <- function(time, status, group, causes, strata = NULL) {
  ci <- if (is.null(strata)) cuminc(time, status, group) else cuminc(time, status, group, strata = strata)
  tests <- ci$Tests
  setNames(lapply(seq_along(causes), function(c) {
    row <- match(as.character(c), rownames(tests))
    if (is.na(row)) list(stat = NULL, pv = NULL, df = NULL)
    else list(stat = tests[row, "stat"], pv = tests[row, "pv"], df = tests[row, "df"])
  }), causes)
}

landmark_section <- function(time, status, causes, landmarks) {
  ms <- factor(status, levels = 0:length(causes), labels = c("censor", causes))
  s <- summary(survfit(Surv(time, ms) ~ 1), times = landmarks)
  states <- c("(s0)", causes)
  by_state <- function(m) setNames(lapply(seq_along(states), function(k) matrix(m, nrow = length(s$time))[, k]), states)
  list(time = s$time, pstate = by_state(s$pstate), lower = by_state(s$lower), upper = by_state(s$upper))
}

write_set <- function(name, description, time, status, causes, group = NULL, strata = NULL, landmarks = NULL) {
  keys <- if (is.null(group)) "all" else sort(unique(group))
  aj <- setNames(lapply(keys, function(g) {
    rows <- if (is.null(group)) seq_along(time) else which(group == g)
    aj_section(time[rows], status[rows], causes)
  }), keys)
  set <- list(
    description = description,
    r_version = R.version.string,
    r_survival_version = as.character(packageVersion("survival")),
    r_cmprsk_version = as.character(packageVersion("cmprsk")),
    conf_level = conf_level,
    causes = causes,
    data = list(time = time, status = status, group = group, strata = strata),
    aalen_johansen = aj
  )
  if (!is.null(landmarks)) set$landmarks <- setNames(lapply(keys, function(g) {
    rows <- if (is.null(group)) seq_along(time) else which(group == g)
    landmark_section(time[rows], status[rows], causes, landmarks)
  }), keys)
  if (!is.null(group)) set$gray <- gray_section(time, status, group, causes)
  if (!is.null(group) && !is.null(strata)) set$gray_stratified <- gray_section(time, status, group, causes, strata)
  write_json(set, file.path(out_dir, paste0(name, ".json")), digits = NA, auto_unbox = TRUE, null = "null", na = "null", pretty = FALSE)
}

# mgus2 (survival package): progression to plasma-cell malignancy (pcm) competing with death, by sex; strata by age.
m <- mgus2
etime <- with(m, ifelse(pstat == 0, futime, ptime))
event <- with(m, ifelse(pstat == 0, 2 * death, 1))
age_group <- ifelse(m$age >= 70, "70+", "<70")
write_set("mgus2_sex", "mgus2: pcm vs death by sex, strata age < 70 / 70+", etime, event, c("pcm", "death"),
          group = as.character(m$sex), strata = age_group, landmarks = c(120, 240))

examples <- data.frame(id = m$id, age = m$age, sex = m$sex, etime = etime,
                       cause = c("", "pcm", "death")[event + 1])
write.csv(examples, file.path("examples", "mgus2.csv"), row.names = FALSE, quote = TRUE)

# pbc (survival package): transplant competing with death, by treatment among the randomized; strata by sex.
p <- pbc[!is.na(pbc$trt), ]
write_set("pbc_trt", "pbc randomized: transplant vs death by trt, strata sex", p$time, p$status, c("transplant", "death"),
          group = ifelse(p$trt == 1, "D-penicillamine", "placebo"), strata = as.character(p$sex))

# Three causes, integer times with heavy ties between causes and censorings, three groups, two strata.
set.seed(20260912)
n <- 240
group <- sample(c("A", "B", "C"), n, replace = TRUE)
strata <- sample(c("s1", "s2"), n, replace = TRUE)
rate <- c(A = 1, B = 1.4, C = 0.8)[group]
latent <- sapply(1:3, function(k) rexp(n, rate * c(0.04, 0.03, 0.02)[k]))
censor <- runif(n, 5, 60)
first <- apply(latent, 1, min)
time <- ceiling(pmin(first, censor))
status <- ifelse(first <= censor, max.col(-latent), 0)
write_set("three_causes_ties", "synthetic: three causes, integer times with ties, three groups, two strata",
          time, status, c("relapse", "toxicity", "other"), group = group, strata = strata)
write_set("three_causes_pooled", "the same subjects as one group", time, status, c("relapse", "toxicity", "other"))

# A cause with no events: the third cause is declared but never observed.
set.seed(7)
n <- 60
group <- sample(c("x", "y"), n, replace = TRUE)
time <- round(rexp(n, 0.1), 1) + 0.1
status <- sample(0:2, n, replace = TRUE, prob = c(0.3, 0.4, 0.3))
write_set("cause_without_events", "synthetic: cause 'unused' has no events", time, status, c("first", "second", "unused"),
          group = group)

# A group in which one cause never occurs, and a curve that reaches zero (the last subject has an event).
set.seed(11)
n <- 50
group <- rep(c("a", "b"), each = n / 2)
time <- round(runif(n, 1, 30))
status <- sample(0:2, n, replace = TRUE, prob = c(0.2, 0.5, 0.3))
status[group == "b" & status == 2] <- 1
last <- which(time == max(time))
status[last] <- 1
write_set("group_without_cause", "synthetic: group b has no events of cause 2; the curves end with events",
          time, status, c("cause1", "cause2"), group = group)

# Small hand-checkable set without ties.
write_set("small", "seven subjects, two causes", c(1, 2, 3, 4, 5, 6, 7), c(1, 2, 0, 1, 1, 0, 2), c("a", "b"))
