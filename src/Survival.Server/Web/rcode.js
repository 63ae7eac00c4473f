// R code that reproduces the page's numbers with the survival package, for a reviewer to check.

const rName = s => /^[A-Za-z.][A-Za-z0-9._]*$/.test(s) ? s : `\`${s.replace(/`/g, '\\`')}\``;
const rString = s => JSON.stringify(s);
const confTypes = { CONFIDENCE_TYPE_LOG: 'log', CONFIDENCE_TYPE_LOG_LOG: 'log-log', CONFIDENCE_TYPE_PLAIN: 'plain',
  CONFIDENCE_TYPE_LOGIT: 'logit', CONFIDENCE_TYPE_ARCSIN: 'arcsin' };
const days = { days: 1, weeks: 7, months: 30.4375, years: 365.25 };
// The small-sample intervals: km.ci's methods, and the beta product of bpcp (Fay, Brittain & Proschan 2013).
const kmciIntervals = { CONFIDENCE_TYPE_THOMAS_GRUNKEMEIER: 'grunkemeier', CONFIDENCE_TYPE_ROTHMAN: 'rothman', CONFIDENCE_TYPE_PETO: 'peto' };
// km.ci's bands: Hall–Wellner and equal precision, linear or log-log.
const kmciBands = {
  BAND_METHOD_HALL_WELLNER: { BAND_TRANSFORM_LINEAR: 'hall-wellner', BAND_TRANSFORM_LOG_LOG: 'loghall' },
  BAND_METHOD_EQUAL_PRECISION: { BAND_TRANSFORM_LINEAR: 'epband', BAND_TRANSFORM_LOG_LOG: 'logep' },
};
// coin's logrank_test types for the service's weights (docs/methods.md, "Small samples").
const coinTypes = { TEST_WEIGHT_LOGRANK: 'logrank', TEST_WEIGHT_GEHAN_BRESLOW: 'Gehan-Breslow', TEST_WEIGHT_TARONE_WARE: 'Tarone-Ware',
  TEST_WEIGHT_PETO_PETO: 'Prentice-Marek' };

// Each group's (or the cohort's) survfit, for the packages that take one curve at a time.
const perGroup = (grouped, call) => grouped
  ? `lapply(split(d, d$group), function(g) ${call('g')})`
  : call('d');

function smallSampleLines(o, level, grouped) {
  const lines = [];
  if (kmciIntervals[o.confType]) {
    lines.push(`library(km.ci)   # ${o.confType === 'CONFIDENCE_TYPE_THOMAS_GRUNKEMEIER' ? "Thomas & Grunkemeier (1975); km.ci bisects to ~1e-8, the service solves exactly" : o.confType === 'CONFIDENCE_TYPE_ROTHMAN' ? 'Rothman (1978); at S = 1 the service follows the paper, see docs/methods.md' : 'Peto et al. (1977)'}`);
    lines.push(perGroup(grouped, g => `km.ci(survfit(Surv(time, status) ~ 1, data = ${g}), conf.level = ${level}, method = ${rString(kmciIntervals[o.confType])})`));
  } else if (o.confType === 'CONFIDENCE_TYPE_BETA_PRODUCT') {
    lines.push('library(bpcp)    # the beta product confidence procedure, Fay, Brittain & Proschan (2013), method of moments (nmc = 0)');
    lines.push(perGroup(grouped, g => `summary(bpcp(${g}$time, ${g}$status, nmc = 0, alpha = ${+(1 - level).toFixed(10)}))`));
  }
  const band = o.simultaneousBand;
  if (band) {
    const method = kmciBands[band.method]?.[band.transform];
    const range = `${band.from !== undefined ? `, tl = ${band.from}` : ''}${band.to !== undefined ? `, tu = ${band.to}` : ''}`;
    if (method) {
      lines.push(`library(km.ci)   # simultaneous band; km.ci reads its critical value off 4-digit tables, the service computes it (see docs/methods.md)`);
      lines.push(perGroup(grouped, g => `km.ci(survfit(Surv(time, status) ~ 1, data = ${g}), conf.level = ${level}${range}, method = ${rString(method)})`));
    } else {
      lines.push('# arcsine-square-root simultaneous band: not in km.ci; Klein & Moeschberger (2003) eq. 4.4.3/4.4.6, SAS PROC LIFETEST CONFBAND= CONFTYPE=ASINSQRT');
    }
  }
  return lines;
}

function permutationLines(c) {
  const distribution = c.distribution?.distribution;
  if (!distribution || distribution === 'TEST_DISTRIBUTION_ASYMPTOTIC') return [];
  const how = distribution === 'TEST_DISTRIBUTION_EXACT' ? '"exact"' : `approximate(nresample = ${c.distribution.resamples || 10000})`;
  const lines = ['library(coin)   # permutation p-values; Monte Carlo draws differ from R\'s, so only its standard error is comparable'];
  const strata = c.stratified ? ' | stratum' : '';
  for (const w of c.weights.length ? c.weights : ['TEST_WEIGHT_LOGRANK']) {
    const type = w === 'TEST_WEIGHT_FLEMING_HARRINGTON' && c.fhP === 1 && c.fhQ === 0 ? 'Peto-Peto' : coinTypes[w];
    lines.push(type
      ? `pvalue(logrank_test(Surv(time, status) ~ group${strata}, data = d, distribution = ${how}, type = ${rString(type)}))`
      : `# ${w.replace('TEST_WEIGHT_', '').toLowerCase().replace(/_/g, '-')}: no coin type`);
  }
  return lines;
}

// compared: the service compared groups (two or more), so the tests and the Cox model have an R counterpart.
export function rCode(fileName, delimiter, choices, request, compared) {
  const o = request.options, c = request.comparison;
  const read = delimiter === '\t' ? 'read.delim' : delimiter === ';' ? 'read.csv2' : 'read.csv';
  const lines = ['library(survival)', `d <- ${read}(${rString(fileName)}, check.names = FALSE, colClasses = "character")`];
  if (choices.mode === 'time') lines.push(`d$time <- as.numeric(d[[${rString(choices.time)}]])`);
  else lines.push(`d$time <- as.numeric(as.Date(d[[${rString(choices.end)}]]) - as.Date(d[[${rString(choices.start)}]])) / ${days[choices.unit]}  # ${choices.unit}`);
  lines.push(`d$status <- as.integer(d[[${rString(choices.event)}]] == ${rString(choices.eventValue)})`);
  const grouped = choices.group !== '';
  if (grouped) {
    lines.push(`d$group <- factor(d[[${rString(choices.group)}]])`);
    if (c.referenceGroup) lines.push(`d$group <- relevel(d$group, ref = ${rString(c.referenceGroup)})`);
  }
  if (choices.stratum) lines.push(`d$stratum <- d[[${rString(choices.stratum)}]]`);
  const rhs = grouped ? 'group' : '1';
  const level = o.confLevel || 0.95;
  // survfit has R's five types; the small-sample ones come from km.ci or bpcp below.
  lines.push(`fit <- survfit(Surv(time, status) ~ ${rhs}, data = d, conf.int = ${level}, conf.type = ${rString(confTypes[o.confType] ?? 'log')})`);
  lines.push('quantile(fit, 0.5)                   # median with its interval; NA = not reached');
  if (o.landmarkTimes.length) lines.push(`summary(fit, times = c(${o.landmarkTimes.join(', ')}), extend = TRUE)`);
  if (o.rmstTau !== undefined) lines.push(`print(fit, rmean = ${o.rmstTau})   # restricted mean and its standard error`);
  lines.push(...smallSampleLines(o, level, grouped));
  if (o.medianFollowUp) lines.push(`quantile(survfit(Surv(time, 1 - status) ~ ${rhs}, data = d, conf.int = ${level}, conf.type = ${rString(confTypes[o.confType] ?? 'log')}), 0.5)  # median follow-up, reverse Kaplan–Meier`);
  if (compared) {
    const strata = c.stratified && choices.stratum ? ' + strata(stratum)' : '';
    for (const w of c.weights.length ? c.weights : ['TEST_WEIGHT_LOGRANK']) {
      if (w === 'TEST_WEIGHT_LOGRANK') lines.push(`survdiff(Surv(time, status) ~ group${strata}, data = d)   # log-rank`);
      else if (w === 'TEST_WEIGHT_FLEMING_HARRINGTON' && c.fhQ === 0) lines.push(`survdiff(Surv(time, status) ~ group${strata}, data = d, rho = ${c.fhP})   # Fleming–Harrington(p, 0)`);
      else lines.push(`# ${w.replace('TEST_WEIGHT_', '').toLowerCase().replace(/_/g, '-')}: not in survdiff; see docs/methods.md for its weight`);
    }
    lines.push(...permutationLines(c));
    const ties = c.ties.replace('TIE_METHOD_', '').toLowerCase();
    lines.push(`summary(coxph(Surv(time, status) ~ group${strata}, data = d, ties = ${rString(ties)}), conf.int = ${level})`);
  }
  return lines.join('\n') + '\n';
}
