# The "reader" of the round trip and of the example published curve: what a person digitising a printed Kaplan–Meier
# figure clicks. Both corners of every drop (the top (t, S(t−)) and the foot (t, S(t))), a point every 2% of the axis
# along long flat stretches, and the curve's end; each click off by N(0, (0.1% of the axis)²) in time and N(0, 0.002²)
# in survival (a pixel of a 1000 × 500 figure), clamped to the axes and rounded to 0.01 and 0.001; handed over in a
# random order. Sourced by generate-reconstruction-roundtrip.R and generate-example-published-curve.R.
digitise <- function(fit, axis_end) {
  drop <- fit$n.event > 0
  t <- fit$time[drop]; after <- fit$surv[drop]; before <- c(1, head(after, -1))
  corners <- data.frame(time = c(t, t), survival = c(before, after))
  # Flat stretches: from 0 to the first drop, between drops, and from the last drop to the curve's end.
  ends <- c(0, t, max(fit$time)); levels <- c(1, after)
  gap <- 0.02 * axis_end
  flat <- do.call(rbind, lapply(seq_along(levels), function(i) {
    s <- seq(ends[i], ends[i + 1], by = gap)
    s <- s[s > ends[i] & s < ends[i + 1]]
    if (length(s) == 0) NULL else data.frame(time = s, survival = levels[i])
  }))
  last <- data.frame(time = max(fit$time), survival = tail(fit$surv, 1))
  p <- rbind(corners, flat, last)
  p$time <- round(pmin(pmax(p$time + rnorm(nrow(p), sd = 0.001 * axis_end), 0), axis_end), 2)
  p$survival <- round(pmin(pmax(p$survival + rnorm(nrow(p), sd = 0.002), 0), 1), 3)
  p[sample(nrow(p)), ]
}

