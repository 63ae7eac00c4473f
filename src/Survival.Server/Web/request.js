// Turns the table and the chosen columns and options into an AnalyzeCohortRequest (proto3 JSON), and maps the
// service's field paths back to the file's rows and the page's controls.
import { isIntervalMode, intervalSubject, forIntervals } from './interval.js';

const byId = id => document.getElementById(id);

export function readChoices() {
  const mode = document.querySelector('input[name=time-mode]:checked').value;
  return {
    mode,
    time: byId('time-column').value,
    start: byId('start-column').value,
    end: byId('end-column').value,
    unit: byId('time-unit').value,
    event: byId('event-column').value,
    eventValue: byId('event-value').value,
    group: byId('group-column').value,
    stratum: byId('stratum-column').value,
    left: byId('left-column').value,
    right: byId('right-column').value,
    negative: byId('negative-column').value,
    positive: byId('positive-column').value,
  };
}

// A cell that is not a number is sent as NaN (valid proto3 JSON for a double), so that the service — the one
// place that validates — rejects it with the subject's field path, which is mapped back to the file's line.
export function number(cell) {
  if (cell === '') return undefined;
  const text = cell.replace(',', '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : 'NaN';
}

function numbers(text) {
  return text.split(/[,;\s]+/).filter(t => t !== '').map(t => { const n = Number(t); return Number.isFinite(n) ? n : 'NaN'; });
}

export function buildRequest(table, choices, format) {
  const subjects = table.rows.map((row, i) => {
    const v = row.values;
    if (isIntervalMode(choices.mode)) return intervalSubject(String(i + 1), v, choices);
    const subject = { id: String(i + 1), event: v[choices.event] === choices.eventValue };
    if (choices.mode === 'time') {
      const time = number(v[choices.time]);
      if (time !== undefined) subject.time = time;
    } else {
      subject.startDate = v[choices.start];
      subject.endDate = v[choices.end];
    }
    if (choices.group) subject.group = v[choices.group];
    if (choices.stratum) subject.stratum = v[choices.stratum];
    return subject;
  });
  const options = {
    confLevel: Number(byId('conf-level').value) || 0,
    confType: byId('conf-type').value,
    landmarkTimes: numbers(byId('landmarks').value),
    medianFollowUp: byId('follow-up').checked,
  };
  const band = byId('band').value;
  if (band) {
    options.simultaneousBand = { method: band, transform: byId('band-transform').value };
    for (const [key, id] of [['from', 'band-from'], ['to', 'band-to']]) {
      const text = byId(id).value.trim();
      if (text !== '') options.simultaneousBand[key] = Number.isFinite(Number(text)) ? Number(text) : 'NaN';
    }
  }
  const tau = byId('rmst-tau').value.trim();
  if (tau !== '') options.rmstTau = Number.isFinite(Number(tau)) ? Number(tau) : 'NaN';
  const weights = [...document.querySelectorAll('input[name=test]:checked')].map(c => c.value);
  const comparison = {
    weights,
    fhP: Number(byId('fh-p').value) || 0,
    fhQ: Number(byId('fh-q').value) || 0,
    stratified: byId('stratified').checked,
    trend: byId('trend').checked,
    pairwise: byId('pairwise').checked,
    pAdjust: byId('p-adjust').value,
    ties: byId('ties').value,
    referenceGroup: byId('reference-group').value,
  };
  const distribution = byId('distribution').value;
  if (distribution !== 'TEST_DISTRIBUTION_ASYMPTOTIC') {
    comparison.distribution = { distribution };
    if (distribution === 'TEST_DISTRIBUTION_MONTE_CARLO') comparison.distribution.resamples = Math.round(Number(byId('resamples').value)) || 0;
  }
  const groupCount = new Set(subjects.map(s => s.group ?? '')).size;
  const plot = {
    format,
    title: byId('title').value,
    caption: byId('caption').value,
    riskTable: byId('risk-table').value,
    curveKind: byId('curve-kind').value,
    medianLines: byId('median-lines').checked,
    // The annotations exist for two or more (p-value) or exactly two groups (hazard ratio); with fewer the box
    // means nothing, so it is not sent rather than rejected.
    showPValue: byId('show-p').checked && groupCount >= 2,
    showHazardRatio: byId('show-hr').checked && groupCount === 2,
  };
  const request = { cohort: { timeUnit: choices.unit, subjects }, options, comparison, plot };
  return isIntervalMode(choices.mode) ? forIntervals(request) : request;
}

// Where a violation belongs: a subject's field is a row of the file under a column; any other field is a control.
const controls = {
  conf_level: 'conf-level', landmark_times: 'landmarks', rmst_tau: 'rmst-tau', quantiles: 'conf-level',
  weights: 'tests', fh_p: 'fh-p', fh_q: 'fh-q', reference_group: 'reference-group', control_group: 'reference-group',
  stratified: 'stratified', title: 'title', caption: 'caption', time_unit: 'time-unit',
  simultaneous_band: 'band', method: 'band', from: 'band-from', to: 'band-to',
  distribution: 'distribution', resamples: 'resamples',
};

export function locate(violation, table, choices) {
  const subject = /^cohort\.subjects\[(\d+)\](?:\.(\w+))?$/.exec(violation.field);
  if (subject) {
    const row = table.rows[Number(subject[1])];
    const field = subject[2];
    const scans = choices.mode === 'scans';
    const column = { time: choices.time, start_date: choices.start, end_date: choices.end, group: choices.group,
      stratum: choices.stratum, event: choices.event, interval_left: scans ? choices.negative : choices.left,
      interval_right: scans ? choices.positive : choices.right }[field];
    const control = { time: 'time-column', start_date: 'start-column', end_date: 'end-column', group: 'group-column',
      stratum: 'stratum-column', interval_left: scans ? 'negative-column' : 'left-column',
      interval_right: scans ? 'positive-column' : 'right-column' }[field] ?? (choices.mode === 'time' ? 'time-column' : 'end-column');
    return { row, column, control, line: row?.line };
  }
  const last = violation.field.replace(/\[\d+\]/g, '').split('.').pop();
  if (violation.field === 'cohort.subjects') return { control: choices.group ? 'group-column' : 'data' };
  return { control: controls[last] ?? null };
}
