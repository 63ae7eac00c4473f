// "Compare with a published curve": the points read off a published figure and its at-risk row go to
// ReconstructCohort; the rebuilt patients then serve as the reference of CompareExternal for the cohort analysed
// above. Every number is checked by the service, whose field paths are mapped back to the line or box they came from.
import { el } from './render.js';
import { num, pValue, int } from './format.js';

const byId = id => document.getElementById(id);
const state = { points: [], rebuilt: null };

// One point per line: time and survival separated by a comma, semicolon, tab or spaces; a header line is skipped.
// A value that is not a number is sent as NaN, so that the service names the point and the page the line.
function readPoints(text, scale) {
  const points = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const cells = line.trim().split(/[,;\t ]+/).filter(c => c !== '');
    if (cells.length === 0) return;
    const [time, survival] = cells.map(c => Number(c.replace(/^"|"$/g, '')));
    if (points.length === 0 && cells.every(c => Number.isNaN(Number(c)))) return;
    points.push({ line: index + 1, time: Number.isFinite(time) ? time : 'NaN', survival: Number.isFinite(survival) ? survival / scale : 'NaN' });
  });
  return points;
}

const list = text => text.split(/[,;\s]+/).filter(t => t !== '').map(t => (Number.isFinite(Number(t)) ? Number(t) : 'NaN'));

function publishedArm() {
  state.points = readPoints(byId('published-points').value, Number(byId('published-scale').value));
  const times = list(byId('published-at-risk-times').value);
  const counts = list(byId('published-at-risk').value);
  const arm = {
    label: byId('published-label').value.trim(),
    points: state.points.map(p => ({ time: p.time, survival: p.survival })),
    atRisk: times.map((time, i) => ({ time, atRisk: counts[i] ?? 'NaN' })),
  };
  const subjects = byId('published-subjects').value.trim();
  const events = byId('published-events').value.trim();
  if (subjects !== '') arm.subjects = subjects;
  if (events !== '') arm.totalEvents = events;
  return arm;
}

function clear() {
  document.querySelectorAll('#published .field-error').forEach(p => { p.hidden = true; p.textContent = ''; });
  document.querySelectorAll('#published [aria-invalid]').forEach(c => c.removeAttribute('aria-invalid'));
  byId('published-errors').hidden = true;
  byId('published-errors').replaceChildren();
}

// arms[0].points[7].survival → the points box, line of point 7; arms[0].at_risk[2] → the at-risk boxes.
function place(field) {
  const point = /^arms\[0\]\.points\[(\d+)\]/.exec(field);
  if (point) return { control: 'published-points', prefix: `Line ${state.points[Number(point[1])]?.line ?? Number(point[1]) + 1}: ` };
  if (/^arms\[0\]\.points/.test(field)) return { control: 'published-points', prefix: '' };
  const row = /^arms\[0\]\.at_risk\[(\d+)\]\.(time|at_risk)/.exec(field);
  if (row) return { control: row[2] === 'time' ? 'published-at-risk-times' : 'published-at-risk', prefix: `Column ${Number(row[1]) + 1}: ` };
  const named = { 'arms[0].subjects': 'published-subjects', 'arms[0].total_events': 'published-events', 'arms[0].label': 'published-label' }[field];
  return { control: named, prefix: '' };
}

function showFailure(result) {
  const violations = (result.json?.details ?? []).flatMap(d => d.fieldViolations ?? []);
  const general = [];
  for (const v of violations) {
    const { control, prefix } = place(v.field);
    const target = control && byId(`error-${control}`);
    if (!target) { general.push(`${v.field}: ${v.description}`); continue; }
    target.textContent = `${target.textContent} ${prefix}${v.description}`.trim();
    target.hidden = false;
    byId(control).setAttribute('aria-invalid', 'true');
  }
  if (violations.length === 0) general.push(result.json?.message ?? `The server answered ${result.status}.`);
  const box = byId('published-errors');
  const marked = [...document.querySelectorAll('#published .field-error')].filter(p => !p.hidden).map(p => p.textContent);
  box.replaceChildren(el('p', {}, el('strong', {}, 'The service could not use some values:')), el('ul', {}, ...[...marked, ...general].map(m => el('li', {}, m))));
  box.hidden = false;
}

const table = (caption, head, rows) => el('div', { class: 'table-wrap' }, el('table', {},
  el('caption', {}, caption),
  el('thead', {}, el('tr', {}, ...head.map(h => el('th', { scope: 'col' }, h)))),
  el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', { class: 'num' }, c))))))));

function showRebuilt(response) {
  const quality = response.arms[0];
  byId('published-plot').replaceChildren(
    el('img', { src: `data:image/svg+xml;base64,${response.plot.image}`, alt: `The rebuilt curve of ${quality.label} over the digitised points` }),
    el('figcaption', { class: 'note' }, 'The curve of the rebuilt patients (line) over the points you read (circles).'));
  const events = `${int(quality.events)} events${quality.totalEventsGiven === undefined ? '' : ` (published ${int(quality.totalEventsGiven)})`}`;
  byId('published-quality').replaceChildren(
    el('p', {}, `${int(quality.subjects)} patients rebuilt, ${events}. Distance of your points from the rebuilt curve: ` +
      `largest ${num(quality.maxAbsoluteDifference, 2)}, mean ${num(quality.meanAbsoluteDifference, 2)}; ${int(quality.pointsMadeMonotone)} points made non-increasing.`),
    table('Numbers at risk, as published and as rebuilt', ['Time', 'Published', 'Rebuilt'],
      (quality.atRisk ?? []).map(a => [num(a.time), a.given === undefined ? 'inferred' : int(a.given), int(a.rebuilt)])));
  byId('published-results').hidden = false;
}

function showComparison(response, label) {
  byId('published-comparison-plot').replaceChildren(
    el('img', { src: `data:image/svg+xml;base64,${response.plot.image}`, alt: `The cohort's curve over ${label}` }));
  const tests = (response.tests ?? []).map(t => [t.group || 'all', int(t.subjects), int(t.observed), num(t.expected),
    t.ratio === undefined ? (t.notEstimableReason || 'not estimable') : `${num(t.ratio)} (${num(t.lower)} to ${num(t.upper)})`,
    pValue(t.pValue), pValue(t.exactPValue)]);
  const parts = [table(`One-sample log-rank test against ${label}${response.referenceMedian === undefined ? '' : ` (its median ${num(response.referenceMedian)})`}`,
    ['Group', 'n', 'Observed', 'Expected', 'O/E (exact CI)', 'p-value', 'exact p'], tests)];
  const comparison = response.comparison;
  if (comparison) {
    const logRank = comparison.tests?.[0];
    const rows = [['Log-rank test', logRank?.chiSquare === undefined ? 'not estimable' : `χ² ${num(logRank.chiSquare, 4)}`, pValue(logRank?.pValue)]];
    for (const term of comparison.cox?.terms ?? []) {
      rows.push([`Hazard ratio, ${term.group || 'cohort'} vs ${comparison.cox.referenceGroup}`,
        term.hazardRatio === undefined ? (term.notEstimableReason || 'not estimable') : `${num(term.hazardRatio)} (${num(term.lower)} to ${num(term.upper)})`,
        pValue(term.pValue)]);
    }
    parts.push(table(`The cohort and ${label}'s rebuilt patients as two groups`, ['Comparison', 'Estimate', 'p-value'], rows));
  }
  byId('published-tests').replaceChildren(...parts);
  byId('published-comparison').hidden = false;
}

export function wirePublished({ call, cohort }) {
  byId('published-example').addEventListener('click', async () => {
    const [points, atRisk] = await Promise.all(['published_lung_points.csv', 'published_lung_at_risk.csv']
      .map(async name => (await fetch(`examples/${name}`)).text()));
    byId('published-points').value = points.trim();
    const rows = atRisk.trim().split(/\r?\n/).slice(1).map(line => line.split(','));
    byId('published-at-risk-times').value = rows.map(r => r[0]).join(', ');
    byId('published-at-risk').value = rows.map(r => r[1]).join(', ');
    byId('published-events').value = '165';
    byId('published-subjects').value = '';
    byId('published-scale').value = '1';
    byId('published-label').value = 'Example published curve';
  });

  byId('published-rebuild').addEventListener('click', async () => {
    clear();
    byId('published-busy').textContent = 'Rebuilding…';
    byId('published-compare').disabled = true;
    const result = await call('v1/survival:reconstruct', {
      arms: [publishedArm()], timeUnit: byId('time-unit').value,
      plot: { format: 'IMAGE_FORMAT_SVG', riskTable: 'RISK_TABLE_AT_RISK', caption: 'Rebuilt from the digitised points' },
    });
    byId('published-busy').textContent = '';
    if (!result.ok) { showFailure(result); return; }
    state.rebuilt = result.json;
    showRebuilt(result.json);
    byId('published-compare').disabled = false;
  });

  byId('published-compare').addEventListener('click', async () => {
    clear();
    const patients = cohort();
    if (!patients) {
      const box = byId('published-errors');
      box.replaceChildren(el('p', {}, 'Load a cohort in section 1 and choose its columns first.'));
      box.hidden = false;
      return;
    }
    const label = state.rebuilt.arms[0].label;
    const groups = new Set((patients.subjects ?? []).map(s => s.group ?? ''));
    byId('published-busy').textContent = 'Comparing…';
    const result = await call('v1/survival:compare-external', {
      cohort: patients,
      reference: { label, cohort: { subjects: state.rebuilt.cohort.subjects.map(s => ({ time: s.time, event: s.event ?? false })) } },
      variance: byId('published-wu').checked ? 'ONE_SAMPLE_VARIANCE_MEAN_OF_OBSERVED_AND_EXPECTED' : 'ONE_SAMPLE_VARIANCE_EXPECTED',
      plot: { format: 'IMAGE_FORMAT_SVG', showPValue: true, showHazardRatio: groups.size === 1 },
    });
    byId('published-busy').textContent = '';
    if (!result.ok) { showFailure(result); return; }
    showComparison(result.json, label);
  });
}
