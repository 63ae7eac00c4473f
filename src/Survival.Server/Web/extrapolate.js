// The "Extrapolate" section: the six parametric fits of NICE DSU TSD 14 over the Kaplan–Meier curve (Turnbull's for
// interval-censored data), extrapolated to a
// horizon, with the table an HTA submission shows and the R code (survreg; flexsurv for the Gompertz and generalized
// gamma) that reproduces it.

import { el } from './render.js';
import { num, percent, notReached } from './format.js';

export const distributions = {
  DISTRIBUTION_EXPONENTIAL: { label: 'exponential', survreg: 'exponential' },
  DISTRIBUTION_WEIBULL: { label: 'Weibull', survreg: 'weibull' },
  DISTRIBUTION_LOG_NORMAL: { label: 'log-normal', survreg: 'lognormal' },
  DISTRIBUTION_LOG_LOGISTIC: { label: 'log-logistic', survreg: 'loglogistic' },
  DISTRIBUTION_GOMPERTZ: { label: 'Gompertz', flexsurv: 'gompertz' },
  DISTRIBUTION_GENERALIZED_GAMMA: { label: 'generalized gamma', flexsurv: 'gengamma' },
};

// The FitParametricModel request for the cohort the analysis sent: the group (if any) is the model's factor.
export function parametricRequest(analyzeRequest, horizon, chosen, times, rmstTau) {
  const request = {
    cohort: analyzeRequest.cohort,
    distributions: chosen,
    confLevel: analyzeRequest.options.confLevel || 0,
    times,
    plot: { format: 'IMAGE_FORMAT_SVG', title: analyzeRequest.plot?.title ?? '', caption: analyzeRequest.plot?.caption ?? '' },
  };
  if (horizon !== undefined) request.horizon = horizon;
  if (rmstTau !== undefined) request.rmstTau = rmstTau;
  return request;
}

const median = p => (p.quantiles ?? []).find(q => Math.abs(q.probability - 0.5) < 1e-12);

// One row per fit and profile: distribution, AIC, BIC, median (CI), mean, RMST and S at the times.
export function renderFits(container, response, times, rmstTau) {
  const head = ['Distribution', 'Profile', 'AIC', 'BIC', 'Median (95% CI)', 'Mean', ...(rmstTau !== undefined ? [`RMST(${num(rmstTau)})`] : []),
    ...times.map(t => `S(${num(t)})`)];
  const rows = [];
  const notes = [];
  for (const fit of response.fits ?? []) {
    const name = distributions[fit.distribution]?.label ?? fit.distribution;
    if (fit.aic === undefined) { notes.push(`${name}: ${fit.notConvergedReason}`); continue; }
    if (!fit.converged) notes.push(`${name}: not converged — ${fit.notConvergedReason}`);
    for (const p of fit.predictions ?? []) {
      const m = median(p);
      const medianText = m?.time === undefined ? notReached : `${num(m.time)} (${m.lower === undefined ? notReached : num(m.lower)} to ${m.upper === undefined ? notReached : num(m.upper)})`;
      rows.push([name + (fit.converged ? '' : ' *'), p.label || 'all', Number(fit.aic).toFixed(1), Number(fit.bic).toFixed(1), medianText,
        p.mean?.estimate === undefined ? 'infinite' : num(p.mean.estimate),
        ...(rmstTau !== undefined ? [num(p.rmst?.estimate)] : []),
        ...times.map((_, i) => percent(p.atTimes?.[i]?.survival))]);
    }
  }
  const table = el('table', { 'data-testid': 'fits' },
    el('caption', {}, `Parametric fits by increasing AIC; last follow-up ${num(response.lastFollowUp)}${response.timeUnit ? ' ' + response.timeUnit : ''}, beyond it the curves are extrapolated`),
    el('thead', {}, el('tr', {}, ...head.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map((c, i) => i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c))))));
  container.replaceChildren(el('div', { class: 'table-wrap' }, table), ...notes.map(n => el('p', { class: 'note' }, n)));
}

// R code for the same fits: survreg for its four families, flexsurv's flexsurvreg for the Gompertz and generalized
// gamma. Interval-censored data (d$left, d$right as the lines above read them) are Surv(lo, right, type = "interval2")
// with lo = NA where left = 0: survreg takes a left end of 0 as log(0) and refuses it, NA is its left-censoring.
export function parametricRCode(chosen, grouped, horizon, times, interval = false) {
  const rhs = grouped ? 'group' : '1';
  const all = chosen.length ? chosen : Object.keys(distributions);
  const survreg = all.map(d => distributions[d].survreg).filter(Boolean);
  const flexsurv = all.map(d => distributions[d].flexsurv).filter(Boolean);
  const surv = interval ? 'Surv(lo, right, type = "interval2")' : 'Surv(time, status)';
  const lines = interval
    ? ['# Parametric fits of the intervals (after the lines above, which read d$left, d$right and d$group)', 'd$lo <- ifelse(d$left == 0, NA, d$left)   # left-censored: the event by the right end']
    : ['# Parametric fits (after the lines above, which read d$time, d$status and d$group)'];
  if (survreg.length) {
    lines.push(`fits <- lapply(c(${survreg.map(s => `"${s}"`).join(', ')}), function(dist) survreg(${surv} ~ ${rhs}, data = d, dist = dist))`);
    lines.push('sapply(fits, AIC); sapply(fits, BIC)');
    lines.push('lapply(fits, summary)');
    lines.push(`nd <- ${grouped ? 'data.frame(group = levels(d$group))' : 'data.frame(x = 1)'}`);
    lines.push('lapply(fits, function(f) predict(f, newdata = nd, type = "quantile", p = 0.5, se.fit = TRUE))   # medians');
    if (times.length) lines.push(`# S(t) = 1 - psurvreg(log(t), lp, scale, dist) on the log scale; e.g. the Weibull: exp(-(t / exp(lp))^(1 / scale)) at t = c(${times.join(', ')})`);
  }
  if (flexsurv.length) {
    lines.push('library(flexsurv)   # not a Debian package: install.packages("flexsurv")');
    for (const f of flexsurv) {
      lines.push(`fit_${f} <- flexsurvreg(${surv} ~ ${rhs}, data = d, dist = "${f}")`);
      lines.push(`AIC(fit_${f}); summary(fit_${f}, type = "survival", t = c(${(times.length ? times : [horizon ?? 1]).join(', ')}))`);
    }
  }
  return lines.join('\n') + '\n';
}
