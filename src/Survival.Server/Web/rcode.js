// R code that reproduces the page's numbers with the survival package, for a reviewer to check.

const rName = s => /^[A-Za-z.][A-Za-z0-9._]*$/.test(s) ? s : `\`${s.replace(/`/g, '\\`')}\``;
const rString = s => JSON.stringify(s);
const confTypes = { CONFIDENCE_TYPE_LOG: 'log', CONFIDENCE_TYPE_LOG_LOG: 'log-log', CONFIDENCE_TYPE_PLAIN: 'plain',
  CONFIDENCE_TYPE_LOGIT: 'logit', CONFIDENCE_TYPE_ARCSIN: 'arcsin' };
const days = { days: 1, weeks: 7, months: 30.4375, years: 365.25 };

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
  lines.push(`fit <- survfit(Surv(time, status) ~ ${rhs}, data = d, conf.int = ${level}, conf.type = ${rString(confTypes[o.confType])})`);
  lines.push('quantile(fit, 0.5)                   # median with its interval; NA = not reached');
  if (o.landmarkTimes.length) lines.push(`summary(fit, times = c(${o.landmarkTimes.join(', ')}), extend = TRUE)`);
  if (o.rmstTau !== undefined) lines.push(`print(fit, rmean = ${o.rmstTau})   # restricted mean and its standard error`);
  if (o.medianFollowUp) lines.push(`quantile(survfit(Surv(time, 1 - status) ~ ${rhs}, data = d, conf.int = ${level}, conf.type = ${rString(confTypes[o.confType])}), 0.5)  # median follow-up, reverse Kaplan–Meier`);
  if (compared) {
    const strata = c.stratified && choices.stratum ? ' + strata(stratum)' : '';
    for (const w of c.weights.length ? c.weights : ['TEST_WEIGHT_LOGRANK']) {
      if (w === 'TEST_WEIGHT_LOGRANK') lines.push(`survdiff(Surv(time, status) ~ group${strata}, data = d)   # log-rank`);
      else if (w === 'TEST_WEIGHT_FLEMING_HARRINGTON' && c.fhQ === 0) lines.push(`survdiff(Surv(time, status) ~ group${strata}, data = d, rho = ${c.fhP})   # Fleming–Harrington(p, 0)`);
      else lines.push(`# ${w.replace('TEST_WEIGHT_', '').toLowerCase().replace(/_/g, '-')}: not in survdiff; see docs/methods.md for its weight`);
    }
    const ties = c.ties.replace('TIE_METHOD_', '').toLowerCase();
    lines.push(`summary(coxph(Surv(time, status) ~ group${strata}, data = d, ties = ${rString(ties)}), conf.int = ${level})`);
  }
  return lines.join('\n') + '\n';
}
