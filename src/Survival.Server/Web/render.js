// Shows an AnalyzeCohortResponse: the plot, a row per group, the tests and hazard ratios, and a caution for small
// cohorts. Every cell is set as text, never as markup, so a label from the file cannot inject anything.
import { num, percent, pValue, interval, int, notReached, testNames } from './format.js';

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

const table = (caption, head, rows) => el('div', { class: 'table-wrap' }, el('table', {},
  el('caption', {}, caption),
  el('thead', {}, el('tr', {}, ...head.map(h => el('th', { scope: 'col' }, h)))),
  el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map((c, i) => i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c)))))));

function median(q) {
  if (!q || q.time === undefined) return notReached;
  return `${num(q.time)} (${interval(q.lower, q.upper)})`;
}

export function renderSummary(target, groups, unit, confLevel) {
  const landmarkTimes = groups[0]?.landmarks?.map(l => l.time) ?? [];
  const level = `${num(100 * confLevel, 3)}% CI`;
  const head = ['Group', 'n', 'Events', `Median ${unit} (${level})`,
    ...landmarkTimes.map(t => `Survival at ${num(t)} ${unit} (${level})`)];
  const tau = groups[0]?.rmst?.tau;
  if (tau !== undefined) head.push(`Restricted mean to ${num(tau)} ${unit} (${level})`);
  const followUp = groups.some(g => g.medianFollowUp);
  if (followUp) head.push(`Median follow-up ${unit} (${level})`);
  target.replaceChildren(
    el('caption', {}, `Kaplan–Meier estimates; “${notReached}”: the curve (or its confidence limit) never falls to one half.`),
    el('thead', {}, el('tr', {}, ...head.map((h, i) => el('th', { scope: 'col', class: i > 0 ? 'num' : '' }, h)))),
    el('tbody', {}, ...groups.map(g => el('tr', {},
      el('th', { scope: 'row' }, g.group || 'all'),
      el('td', { class: 'num' }, int(g.subjects)),
      el('td', { class: 'num' }, int(g.events)),
      el('td', { class: 'num', 'data-median': g.median?.time ?? '' }, median(g.median)),
      ...(g.landmarks ?? []).map(l => el('td', { class: 'num' }, `${percent(l.survival)} (${interval(l.lower, l.upper, percent)})`)),
      ...(tau !== undefined ? [el('td', { class: 'num' }, g.rmst ? `${num(g.rmst.estimate, 4)} (${interval(g.rmst.lower, g.rmst.upper, x => num(x, 4))})` : '')] : []),
      ...(followUp ? [el('td', { class: 'num' }, median(g.medianFollowUp))] : [])))));
}

export function renderComparison(target, comparison, confLevel) {
  target.replaceChildren();
  if (!comparison) return;
  const trend = (comparison.tests ?? []).some(t => t.trendChiSquare !== undefined || t.trendPValue !== undefined);
  const permutation = (comparison.tests ?? []).some(t => pValueSource(t) !== '');
  const tests = (comparison.tests ?? []).map(t => [
    `${testNames[t.weight ?? 'TEST_WEIGHT_LOGRANK']}${t.weight === 'TEST_WEIGHT_FLEMING_HARRINGTON' ? ` (p = ${num(t.fhP ?? 0)}, q = ${num(t.fhQ ?? 0)})` : ''}${t.stratified ? ', stratified' : ''}`,
    t.chiSquare === undefined ? (t.notEstimableReason || 'not estimable') : num(t.chiSquare, 4),
    int(t.degreesOfFreedom), pValue(t.pValue),
    ...(permutation ? [pValueSource(t)] : []),
    ...(trend ? [t.trendChiSquare === undefined ? 'not estimable' : `χ² ${num(t.trendChiSquare, 4)}, p = ${pValue(t.trendPValue)}`] : []),
  ]);
  target.append(el('h3', {}, 'Tests of equal survival'),
    table(permutation ? 'Tests across all groups; the p-value from the permutation distribution chosen' : 'Chi-square tests across all groups',
      ['Test', 'Chi-square', 'df', 'p-value', ...(permutation ? ['p-value from'] : []), ...(trend ? ['Test for trend'] : [])], tests));
  if (comparison.pairwise?.length) {
    target.append(table('Pairwise comparisons', ['Groups', 'Test', 'Chi-square', 'p-value', 'Adjusted p-value'],
      comparison.pairwise.map(p => [`${p.groupA} vs ${p.groupB}`, testNames[p.weight ?? 'TEST_WEIGHT_LOGRANK'],
        p.chiSquare === undefined ? (p.notEstimableReason || 'not estimable') : num(p.chiSquare, 4), pValue(p.pValue), pValue(p.adjustedPValue)])));
  }
  const cox = comparison.cox;
  if (cox) {
    const level = `${num(100 * confLevel, 3)}% CI`;
    target.append(el('h3', {}, 'Hazard ratios'),
      table(`Cox model (${(cox.ties ?? 'TIE_METHOD_EFRON').replace('TIE_METHOD_', '').toLowerCase()} ties${cox.stratified ? ', stratified' : ''}), against ${cox.referenceGroup}`,
        ['Group', 'Hazard ratio', level, 'p-value'],
        (cox.terms ?? []).map(t => [t.group, t.hazardRatio === undefined ? (t.notEstimableReason || 'not estimable') : num(t.hazardRatio),
          t.hazardRatio === undefined ? '' : interval(t.lower, t.upper), pValue(t.pValue)])));
    const overall = [['Likelihood ratio', cox.likelihoodRatio], ['Wald', cox.wald], ['Score (log-rank)', cox.score]]
      .filter(([, s]) => s).map(([n, s]) => `${n}: χ² ${s.chiSquare === undefined ? 'not estimable' : num(s.chiSquare, 4)} on ${int(s.degreesOfFreedom)} df, p = ${pValue(s.pValue)}`);
    if (cox.concordance !== undefined) overall.push(`concordance ${num(cox.concordance)}`);
    if (!cox.converged && cox.convergenceMessage) overall.push(cox.convergenceMessage);
    target.append(el('p', {}, overall.join(' · ')));
  }
  const descriptive = comparison.descriptiveHazardRatios ?? [];
  if (descriptive.length) {
    target.append(table('Hazard ratios from the log-rank table (as GraphPad Prism reports them)', ['Method', 'Hazard ratio', `${num(100 * confLevel, 3)}% CI`],
      descriptive.map(d => [`${d.method === 'HAZARD_RATIO_METHOD_MANTEL_HAENSZEL' ? 'Mantel–Haenszel' : 'Log-rank'}: ${d.group} vs ${d.referenceGroup}`,
        d.hazardRatio === undefined ? (d.notEstimableReason || 'not estimable') : num(d.hazardRatio), d.hazardRatio === undefined ? '' : interval(d.lower, d.upper)])));
  }
}

// Where a test's p-value comes from, when not the chi-square: exact, or Monte Carlo with its standard error.
function pValueSource(test) {
  const source = test.pValueSource;
  if (!source || !source.distribution || source.distribution === 'TEST_DISTRIBUTION_ASYMPTOTIC') return '';
  const chiSquare = source.asymptoticPValue === undefined ? '' : `; chi-square p = ${pValue(source.asymptoticPValue)}`;
  if (source.distribution === 'TEST_DISTRIBUTION_EXACT') return `exact permutation distribution${chiSquare}`;
  return `Monte Carlo, ${int(source.resamples)} resamples (seed ${source.seed ?? 20}), standard error ${num(source.monteCarloStdError ?? 0, 3)}${chiSquare}`;
}

// The simultaneous bands under the per-group table: their range and critical value, computed, not from a table.
export function renderBands(target, groups, unit, confLevel) {
  const bands = groups.filter(g => g.simultaneousBand);
  target.replaceChildren();
  if (bands.length === 0) return;
  const method = m => m === 'BAND_METHOD_EQUAL_PRECISION' ? 'equal-precision (Nair)' : 'Hall–Wellner';
  const scale = t => ({ BAND_TRANSFORM_LINEAR: 'linear', BAND_TRANSFORM_ARCSINE_SQUARE_ROOT: 'arcsine square root' })[t] ?? 'log-log';
  target.append(el('p', {}, `${num(100 * confLevel, 3)}% simultaneous bands (shaded paler, with dashed edges, in the plot): `
    + bands.map(g => `${g.group || 'all'}: ${method(g.simultaneousBand.method)}, ${scale(g.simultaneousBand.transform)} scale, from ${num(g.simultaneousBand.from)} to ${num(g.simultaneousBand.to)} ${unit}, critical value ${num(g.simultaneousBand.criticalValue, 4)}`).join('; ') + '.'));
}

// A caution where intervals are wide by construction: few subjects or few events in some group.
export function caution(groups) {
  if (groups.every(g => int(g.events) === 0)) {
    return `No patient had the event (${groups.map(g => `${g.group || 'all'}: ${int(g.subjects)} subjects`).join('; ')}): the curve stays at 100% and the median is not reached — the data say only that survival lasted at least as long as the follow-up.`;
  }
  const small = groups.filter(g => int(g.subjects) < 30 || int(g.events) < 10);
  if (small.length === 0) return '';
  const counts = small.map(g => `${g.group || 'all'}: ${int(g.subjects)} subjects, ${int(g.events)} events`).join('; ');
  return `Small cohort (${counts}). With so few patients or events the confidence intervals are wide: the true median could be far from the estimate, and an upper limit “${notReached}” means the data cannot rule out much longer survival. Report the intervals with the medians.`;
}

export function curveCsv(groups) {
  const head = 'group,time,at_risk,events,censored,survival,std_error,lower,upper,cumulative_hazard,cumulative_hazard_std_error';
  const quote = s => /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  const lines = groups.flatMap(g => (g.curve ?? []).map(p => [quote(g.group ?? ''), p.time ?? 0, int(p.atRisk), int(p.events), int(p.censored),
    p.survival ?? 0, p.stdError ?? 'NA', p.lower ?? 'NA', p.upper ?? 'NA', p.cumulativeHazard ?? 0, p.cumulativeHazardStdError ?? 'NA'].join(',')));
  return [head, ...lines].join('\n') + '\n';
}
