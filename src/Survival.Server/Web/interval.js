// Interval-censored follow-up on the page: each subject's interval (left, right] from two columns of times or from
// scan dates, the request's interval options, Turnbull's estimates and the interval-censored tests, and R code.
import { num, percent, pValue, interval, int, notReached } from './format.js';
import { el } from './render.js';

export const intervalColumns = ['left-column', 'right-column', 'negative-column', 'positive-column'];

export const isIntervalMode = mode => mode === 'interval' || mode === 'scans';

const days = { days: 1, weeks: 7, months: 30.4375, years: 365.25 };

// A cell that is not a number is sent as NaN, so that the service names the subject and the page the line.
function end(cell) {
  if (cell === undefined || cell.trim() === '' || /^na$/i.test(cell.trim())) return undefined;
  if (/^\+?inf(inity)?$/i.test(cell.trim())) return 'Infinity';
  const text = cell.replace(',', '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : 'NaN';
}

function since(start, date, unit) {
  if (date === undefined || date.trim() === '') return undefined;
  const t = Date.parse(`${date.trim()}T00:00:00Z`), s = Date.parse(`${start.trim()}T00:00:00Z`);
  return Number.isFinite(t) && Number.isFinite(s) ? (t - s) / 86400000 / days[unit] : 'NaN';
}

export function intervalSubject(id, v, choices) {
  const subject = { id };
  const [left, right] = choices.mode === 'scans'
    ? [since(v[choices.start], v[choices.negative], choices.unit) ?? 0, since(v[choices.start], v[choices.positive], choices.unit)]
    : [end(v[choices.left]) ?? 0, end(v[choices.right])];
  subject.intervalLeft = left;
  if (right !== undefined && right !== 'Infinity') subject.intervalRight = right;
  if (choices.group) subject.group = v[choices.group];
  if (choices.stratum) subject.stratum = v[choices.stratum];
  return subject;
}

// The right-censored tests and contrasts do not apply: the interval-censored family is run instead, and a hazard ratio
// is drawn only from a model (the imputed Cox models are reported beside the tests).
export function forIntervals(request) {
  request.options.interval = { bootstrapReplicates: 200 };
  request.comparison.weights = [];
  request.comparison.landmarkTimes = [];
  request.comparison.stratified = false;
  request.comparison.trend = false;
  request.comparison.pairwise = false;
  request.plot.showHazardRatio = false;
  if (request.plot.curveKind === 'CURVE_KIND_CUMULATIVE_HAZARD') request.plot.curveKind = 'CURVE_KIND_SURVIVAL';
  return request;
}

function median(q) {
  if (!q) return notReached;
  const ci = `(${interval(q.lower, q.upper)})`;
  if (q.time !== undefined) return `${num(q.time)} ${ci}`;
  if (q.rangeStart !== undefined) return `not identified: in (${num(q.rangeStart)}, ${num(q.rangeEnd)}] ${ci}`;
  return notReached;
}

function landmark(l) {
  if (l.survival !== undefined) return `${percent(l.survival)} (${interval(l.lower, l.upper, percent)})`;
  return `not identified: ${percent(l.survivalLower)} to ${percent(l.survivalUpper)}`;
}

export function renderIntervalSummary(target, groups, unit, confLevel) {
  const landmarkTimes = groups[0]?.interval?.landmarks?.map(l => l.time) ?? [];
  const level = `${num(100 * confLevel, 3)}% CI`;
  const head = ['Group', 'n', 'Events', `Median ${unit} (${level})`, ...landmarkTimes.map(t => `Survival at ${num(t)} ${unit} (${level})`),
    'Midpoint imputation: median', 'Right-point imputation: median'];
  const imputed = (g, rule) => { const m = (g.interval.imputed ?? []).find(i => i.rule === rule); return m?.median === undefined ? notReached : `${num(m.median)} (${interval(m.lower, m.upper)})`; };
  const replicates = groups[0]?.interval?.bootstrapReplicates ?? 0;
  target.replaceChildren(
    el('caption', {}, `Turnbull's estimate of interval-censored data (intervals from ${replicates} bootstrap replicates). “Not identified”: the curve reaches the value somewhere inside that Turnbull interval, and every curve doing so fits the data equally. The imputation columns are Kaplan–Meier medians with each interval replaced by one point, for comparison.`),
    el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', class: i > 0 ? 'num' : '' }, h)))),
    el('tbody', {}, ...groups.map(g => el('tr', {},
      el('th', { scope: 'row' }, g.group || 'all'),
      el('td', { class: 'num' }, int(g.subjects)),
      el('td', { class: 'num' }, int(g.events)),
      el('td', { class: 'num', 'data-median': g.interval.median?.time ?? '' }, median(g.interval.median)),
      ...(g.interval.landmarks ?? []).map(l => el('td', { class: 'num' }, landmark(l))),
      el('td', { class: 'num' }, imputed(g, 'IMPUTATION_RULE_MIDPOINT')),
      el('td', { class: 'num' }, imputed(g, 'IMPUTATION_RULE_RIGHT_POINT'))))));
}

const scoreNames = {
  INTERVAL_SCORE_SUN_LOGRANK: "Sun's log-rank (1996)", INTERVAL_SCORE_FINKELSTEIN_LOGRANK: "Finkelstein's log-rank (1986)",
  INTERVAL_SCORE_PETO_PETO_WILCOXON: 'Peto–Peto Wilcoxon-type',
};

const statistic = s => s?.chiSquare === undefined ? [s?.notEstimableReason || 'not estimable', ''] : [`${num(s.chiSquare, 4)} on ${int(s.degreesOfFreedom)} df`, pValue(s.pValue)];

export function renderIntervalComparison(target, comparison, confLevel) {
  target.replaceChildren();
  const result = comparison?.interval;
  if (!result) return;
  const table = (caption, head, rows) => el('div', { class: 'table-wrap' }, el('table', {},
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...head.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map((c, i) => i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c)))))));
  target.append(el('h3', {}, 'Tests of equal survival (interval-censored)'),
    table('The interval-censored log-rank family of Fay & Shaw (2010): permutation form (R interval’s default) and score-test form',
      ['Test', 'Permutation χ²', 'p-value', 'Score-test χ²', 'p-value'],
      (result.tests ?? []).map(t => [scoreNames[t.score] ?? t.score, ...statistic(t.permutation), ...statistic(t.scoreTest)])));
  const level = `${num(100 * confLevel, 3)}% CI`;
  const rules = { IMPUTATION_RULE_MIDPOINT: 'midpoint', IMPUTATION_RULE_RIGHT_POINT: 'right end' };
  target.append(el('h3', {}, 'Sensitivity analyses'),
    table(`Each interval replaced by one point: log-rank test and Cox hazard ratios (Efron ties)`,
      ['Imputation', 'Log-rank χ²', 'p-value', `Hazard ratios (${level})`],
      (result.imputed ?? []).map(i => [rules[i.rule] ?? i.rule, i.logrankChiSquare === undefined ? 'not estimable' : num(i.logrankChiSquare, 4), pValue(i.logrankPValue),
        (i.hazardRatios ?? []).map(h => `${h.group} vs ${h.referenceGroup}: ${h.hazardRatio === undefined ? 'not estimable' : `${num(h.hazardRatio)} (${interval(h.lower, h.upper)})`}`).join('; ')])));
}

const rString = s => JSON.stringify(s);

export function intervalRCode(fileName, delimiter, choices, request, compared) {
  const read = delimiter === '\t' ? 'read.delim' : delimiter === ';' ? 'read.csv2' : 'read.csv';
  const lines = ['library(survival); library(npsurv)  # r-cran-npsurv', `d <- ${read}(${rString(fileName)}, check.names = FALSE, colClasses = "character")`];
  if (choices.mode === 'scans') {
    lines.push(`since <- function(x) as.numeric(as.Date(x) - as.Date(d[[${rString(choices.start)}]])) / ${days[choices.unit]}  # ${choices.unit}`);
    lines.push(`d$left <- ifelse(d[[${rString(choices.negative)}]] == "", 0, since(d[[${rString(choices.negative)}]]))`);
    lines.push(`d$right <- ifelse(d[[${rString(choices.positive)}]] == "", NA, since(d[[${rString(choices.positive)}]]))`);
  } else {
    lines.push(`d$left <- ifelse(d[[${rString(choices.left)}]] %in% c("", "NA"), 0, as.numeric(d[[${rString(choices.left)}]]))`);
    lines.push(`d$right <- suppressWarnings(as.numeric(d[[${rString(choices.right)}]]))  # empty: not seen (NA)`);
  }
  const grouped = choices.group !== '';
  if (grouped) lines.push(`d$group <- d[[${rString(choices.group)}]]`);
  lines.push('# Turnbull\'s NPMLE per group, to convergence (Wang\'s constrained Newton method), as this service computes it:');
  if (grouped) lines.push('for (g in sort(unique(d$group))) print(npsurv(cbind(d$left, ifelse(is.na(d$right), Inf, d$right))[d$group == g, ], tol = 1e-12)$f)');
  else lines.push('npsurv(cbind(d$left, ifelse(is.na(d$right), Inf, d$right)), tol = 1e-12)$f');
  lines.push(`# survival's own Turnbull EM (stops early; times are the intervals' midpoints):`);
  lines.push(`survfit(Surv(left, right, type = "interval2") ~ ${grouped ? 'group' : '1'}, data = d)`);
  if (compared) {
    lines.push('# The interval-censored tests: R package interval (CRAN), ictest(Surv(left, right, type = "interval2") ~ group, data = d,');
    lines.push('#   scores = "logrank1" | "logrank2" | "wmw", method = "pclt" | "scoretest")');
    lines.push('d$mid <- ifelse(is.na(d$right), d$left, (d$left + d$right) / 2); d$rp <- ifelse(is.na(d$right), d$left, d$right); d$status <- as.integer(!is.na(d$right))');
    lines.push('survdiff(Surv(mid, status) ~ group, data = d); summary(coxph(Surv(mid, status) ~ group, data = d))   # midpoint imputation');
    lines.push('survdiff(Surv(rp, status) ~ group, data = d); summary(coxph(Surv(rp, status) ~ group, data = d))     # right-point imputation');
  }
  return lines.join('\n') + '\n';
}
