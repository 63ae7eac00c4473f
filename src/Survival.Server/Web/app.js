// The page: reads a table in the browser, offers its columns, sends one AnalyzeCohort request to this server and
// shows the answer. Nothing is sent anywhere else, and nothing is stored.
import { parseTable } from './csv.js';
import { readChoices, buildRequest, locate } from './request.js';
import { el, renderSummary, renderBands, renderComparison, caution, curveCsv } from './render.js';
import { rCode } from './rcode.js';
import { parametricRequest, renderFits, parametricRCode } from './extrapolate.js';
import { buildPlanRequest, planControl, renderPlan } from './plan.js';
import { intervalColumns, isIntervalMode, renderIntervalSummary, renderIntervalComparison, intervalRCode } from './interval.js';
import { columnValues, detectCoding, countChoice, describeChoice } from './events.js';
import { wirePublished } from './published.js';

const byId = id => document.getElementById(id);
const state = { table: null, fileName: 'cohort.csv', request: null, response: null, choices: null, dataProblem: null };
const illustrativeCaption = 'Illustrative data';
const columnSelects = ['time-column', 'start-column', 'end-column', 'event-column', 'group-column', 'stratum-column', ...intervalColumns];

function show(id, visible) { byId(id).hidden = !visible; }

function loadTable(text, fileName, illustrative) {
  clearErrors();
  try {
    state.table = parseTable(text);
    state.dataProblem = null;
  } catch (error) {
    state.table = null;
    // The file stays shown as chosen, so Analyze says what is wrong with it rather than "choose a file".
    state.dataProblem = `${fileName}: ${error.message}`;
    setError('data', state.dataProblem);
    byId('data-status').textContent = '';
    return;
  }
  state.fileName = fileName;
  show('example-note', illustrative);
  const { columns, rows } = state.table;
  byId('data-status').textContent = `${fileName}: ${rows.length} rows, columns ${columns.join(', ')}.`;
  offerColumns(columns);
}

// The first pattern that some column matches wins, so a more telling name is preferred over a vaguer one.
const guess = (columns, patterns) => patterns.map(p => columns.find(c => p.test(c))).find(c => c !== undefined);

function offerColumns(columns) {
  const fill = (id, optional) => {
    const select = byId(id);
    select.replaceChildren(...(optional ? [el('option', { value: '' }, '(none)')] : []), ...columns.map(c => el('option', { value: c }, c)));
  };
  fill('time-column', false); fill('start-column', false); fill('end-column', false); fill('event-column', false);
  fill('group-column', true); fill('stratum-column', true);
  const pick = (id, patterns, fallback) => { const c = guess(columns, patterns) ?? fallback; if (c !== undefined) byId(id).value = c; };
  pick('time-column', [/time|months|days|weeks|years|duration|follow/i], columns[0]);
  pick('start-column', [/start|diagnos|entry|begin/i], columns[0]);
  pick('end-column', [/end|last/i, /follow|death|date/i], columns[columns.length - 1]);
  pick('event-column', [/event|status/i, /dead|died|death|censor/i], columns[1]);
  byId('group-column').value = '';
  byId('stratum-column').value = '';
  for (const id of intervalColumns) fill(id, false);
  pick('left-column', [/^l$|left|lower|last/i], columns[0]);
  pick('right-column', [/^r$|right|upper|first/i], columns[columns.length - 1]);
  pick('negative-column', [/negative|last.*scan|last/i], columns[0]);
  pick('positive-column', [/positive|first.*scan|progress/i], columns[columns.length - 1]);
  offerEventValues();
  offerGroups();
}

function distinct(column) {
  return [...new Set(state.table.rows.map(r => r.values[column]))].sort();
}

function offerEventValues() {
  if (!state.table) return;
  const { values } = columnValues(state.table.rows, byId('event-column').value);
  const coding = detectCoding(values);
  const select = byId('event-value');
  const options = values.map(v => el('option', { value: v }, v));
  if (coding.kind === 'ask') options.unshift(el('option', { value: '' }, '— choose the value that means the event —'));
  else if (!values.includes(coding.event)) options.push(el('option', { value: coding.event }, `${coding.event} (no row has it)`));
  select.replaceChildren(...options);
  select.value = coding.event;
  select.dataset.coding = coding.kind;
  showEventCoding();
}

// Under the selector: what the column holds when it is not 0/1, and how many events and censorings the choice gives;
// under the column: the lines whose event cell is empty.
function showEventCoding() {
  const column = byId('event-column').value;
  const { values, emptyLines } = columnValues(state.table.rows, column);
  const eventValue = byId('event-value').value;
  const kind = byId('event-value').dataset.coding;
  const listed = values.slice(0, 8).map(v => `“${v}”`).join(', ') + (values.length > 8 ? ` and ${values.length - 8} more` : '');
  const question = kind === 'r12'
    ? `“${column}” holds 1 and 2: read as R's Surv reads it, 2 = the event and 1 = censored. Choose 1 if your file means otherwise.`
    : kind === 'ask' ? `“${column}” holds ${listed}: which value means the event happened? Every other value counts as censored.` : '';
  const preview = eventValue === '' ? '' : describeChoice(countChoice(state.table.rows, column, eventValue), eventValue);
  const note = byId('event-coding');
  note.textContent = [question, preview].filter(t => t).join(' ');
  note.classList.toggle('caution', kind !== 'standard');
  show('event-coding', note.textContent !== '');
  const error = byId('error-event-column');
  error.hidden = emptyLines.length === 0;
  error.textContent = emptyLines.length === 0 ? '' : emptyCells(emptyLines);
  if (emptyLines.length > 0) byId('event-column').setAttribute('aria-invalid', 'true');
  else byId('event-column').removeAttribute('aria-invalid');
}

function emptyCells(lines) {
  const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ` and ${lines.length - 5} more` : '');
  return `The event cell is empty on line${lines.length > 1 ? 's' : ''} ${shown} of the file: every patient needs the event value or a censoring value.`;
}

// Before anything is sent: an event value chosen, and no empty event cell.
function eventColumnReady() {
  // An interval-censored cohort has no event column: each interval says whether the event was seen.
  if (isIntervalMode(document.querySelector('input[name=time-mode]:checked').value)) return true;
  const { emptyLines } = columnValues(state.table.rows, byId('event-column').value);
  if (byId('event-value').value === '') setError('event-value', 'Choose which value of the event column means the event happened.');
  if (emptyLines.length > 0) {
    byId('error-event-column').textContent = '';
    setError('event-column', emptyCells(emptyLines));
  }
  return byId('event-value').value !== '' && emptyLines.length === 0;
}

function offerGroups() {
  if (!state.table) return;
  const column = byId('group-column').value;
  const select = byId('reference-group');
  select.replaceChildren(el('option', { value: '' }, 'first group'), ...(column ? distinct(column).map(v => el('option', { value: v }, v)) : []));
}

function setTimeMode() {
  const mode = document.querySelector('input[name=time-mode]:checked').value;
  const dates = mode === 'dates';
  show('time-field', mode === 'time'); show('start-field', dates || mode === 'scans'); show('end-field', dates);
  // An interval says when the event happened, or that it was not seen: there is no event column.
  show('left-field', mode === 'interval'); show('right-field', mode === 'interval');
  show('negative-field', mode === 'scans'); show('positive-field', mode === 'scans');
  show('event-field', !isIntervalMode(mode)); show('event-value-field', !isIntervalMode(mode));
}

// ---- errors, placed next to the control they concern ----

function clearErrors() {
  document.querySelectorAll('.field-error').forEach(p => { p.hidden = true; p.textContent = ''; });
  document.querySelectorAll('[aria-invalid]').forEach(c => c.removeAttribute('aria-invalid'));
  byId('errors').hidden = true;
  byId('errors').replaceChildren();
}

function setError(control, message) {
  const target = byId(`error-${control}`);
  if (!target) return false;
  target.textContent = target.textContent ? `${target.textContent} ${message}` : message;
  target.hidden = false;
  byId(control)?.setAttribute('aria-invalid', 'true');
  return true;
}

function describeViolations(violations) {
  const general = [];
  const listed = new Map();
  for (const v of violations) {
    const place = locate(v, state.table, state.choices);
    if (place.row) {
      const cell = place.column ? place.row.values[place.column] : '';
      const text = `Line ${place.line} of the file${place.column ? `, column “${place.column}”` : ''}${place.column ? `: “${cell}”` : ''} — ${friendly(v.description)}`;
      const items = listed.get(place.control) ?? [];
      items.push(text);
      listed.set(place.control, items);
    } else if (!(place.control && setError(place.control, friendly(v.description)))) {
      general.push(`${v.field}: ${friendly(v.description)}`);
    }
  }
  for (const [control, items] of listed) {
    const shown = items.slice(0, 5);
    if (items.length > 5) shown.push(`and ${items.length - 5} more rows like these.`);
    setError(control, shown.join(' '));
  }
  return general;
}

// The service says what is allowed in the words of its API; a researcher reads the same rule without proto names.
function friendly(description) {
  return description.replace(/\bstart_date\b/g, 'start date').replace(/\bend_date\b/g, 'end date').replace(/\btime_unit\b/g, 'time unit');
}

function showGeneralErrors(messages) {
  if (messages.length === 0) return;
  const box = byId('errors');
  box.replaceChildren(el('p', {}, el('strong', {}, 'The analysis could not run:')), el('ul', {}, ...messages.map(m => el('li', {}, m))));
  box.hidden = false;
}

function announceFieldErrors(heading = 'The service could not use some values; each is marked next to its control:') {
  const visible = [...document.querySelectorAll('.field-error')].filter(p => !p.hidden);
  if (visible.length === 0) return;
  const box = byId('errors');
  box.replaceChildren(el('p', {}, el('strong', {}, heading)),
    el('ul', {}, ...visible.map(p => el('li', {}, p.textContent))));
  box.hidden = false;
  const first = visible[0].id.replace('error-', '');
  if (byId(first)) {
    byId('options').open = byId('options').contains(byId(first)) || byId('options').open;
    byId(first).focus();
  }
}

// ---- calls ----

async function call(path, body) {
  const headers = { 'Content-Type': 'application/json' };
  const token = byId('token').value.trim();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* an error page that is not JSON */ }
  return { ok: response.ok, status: response.status, json, text };
}

function failure(result) {
  if (result.status === 401 || result.status === 403) return ['The server asks for an access token: enter it under Options.'];
  const details = result.json?.details ?? [];
  const violations = details.flatMap(d => d.fieldViolations ?? []);
  if (violations.length) return describeViolations(violations);
  return [result.json?.message ?? `The server answered ${result.status}.`];
}

async function analyze(event) {
  event.preventDefault();
  clearErrors();
  if (!state.table) { setError('data', state.dataProblem ?? 'Choose a file, paste a table or load the example first.'); byId('file').focus(); return; }
  if (!eventColumnReady()) { announceFieldErrors('Nothing was sent: the event column needs a look first (marked next to it):'); return; }
  state.choices = readChoices();
  state.request = buildRequest(state.table, state.choices, 'IMAGE_FORMAT_SVG');
  byId('analyze').disabled = true;
  byId('busy').textContent = 'Analysing…';
  try {
    const result = await call('v1/survival:analyze', state.request);
    if (!result.ok) {
      showGeneralErrors(failure(result));
      announceFieldErrors();
      byId('busy').textContent = '';
      return;
    }
    state.response = result.json;
    showResults();
    byId('busy').textContent = 'Done.';
  } catch (error) {
    showGeneralErrors([`The server could not be reached (${error.message}).`]);
    byId('busy').textContent = '';
  } finally {
    byId('analyze').disabled = false;
  }
}

function showResults() {
  const { estimates, comparison, plot } = state.response;
  const groups = estimates.groups ?? [];
  const confLevel = state.request.options.confLevel || 0.95;
  const svg = el('img', { src: `data:image/svg+xml;base64,${plot.image}`, alt: `Kaplan–Meier plot of ${groups.map(g => g.group || 'all').join(', ')}` });
  byId('plot').replaceChildren(svg, el('figcaption', { class: 'note' }, 'The service’s SVG; it stays sharp at any zoom.'));
  if (groups.some(g => g.interval)) {
    renderIntervalSummary(byId('summary'), groups, state.choices.unit, confLevel);
    renderIntervalComparison(byId('comparison'), comparison, confLevel);
  } else {
    renderSummary(byId('summary'), groups, state.choices.unit, confLevel);
    renderBands(byId('bands'), groups, state.choices.unit, confLevel);
    renderComparison(byId('comparison'), comparison, confLevel);
  }
  const note = caution(groups);
  byId('caution').textContent = note;
  show('caution', note !== '');
  const code = isIntervalMode(state.choices.mode)
    ? intervalRCode(state.fileName, state.table.delimiter, state.choices, state.request, Boolean(comparison))
    : rCode(state.fileName, state.table.delimiter, state.choices, state.request, Boolean(comparison));
  byId('r-code').value = code;
  byId('r-code').rows = code.split('\n').length;
  show('results', true);
  byId('results-heading').focus();
}

// ---- extrapolation (parametric fits) ----

async function extrapolate() {
  show('fit-errors', false);
  const horizonText = byId('horizon').value.trim();
  const horizon = horizonText === '' ? undefined : (Number.isFinite(Number(horizonText)) ? Number(horizonText) : 'NaN');
  const times = byId('fit-times').value.split(/[,;\s]+/).filter(t => t !== '').map(t => Number.isFinite(Number(t)) ? Number(t) : 'NaN');
  const chosen = [...document.querySelectorAll('input[name=distribution]:checked')].map(c => c.value);
  const rmstTau = state.request.options.rmstTau;
  const request = parametricRequest(state.request, horizon, chosen, times, rmstTau);
  byId('fit-parametric').disabled = true;
  byId('fit-busy').textContent = 'Fitting…';
  try {
    const result = await call('v1/survival:parametric', request);
    if (!result.ok) {
      const details = (result.json?.details ?? []).flatMap(d => d.fieldViolations ?? []);
      const messages = details.length ? details.map(v => `${v.field}: ${v.description}`) : failure(result);
      byId('fit-errors').replaceChildren(...messages.map(m => el('p', {}, m)));
      show('fit-errors', true);
      byId('fit-busy').textContent = '';
      return;
    }
    const response = result.json;
    const interval = isIntervalMode(state.choices.mode);
    const observed = interval ? 'Turnbull\'s estimate' : 'Kaplan–Meier';
    byId('fit-plot').replaceChildren(el('img', { src: `data:image/svg+xml;base64,${response.plot.image}`, alt: `${observed} with the parametric fits, extrapolated` }));
    renderFits(byId('fit-table'), response, times, rmstTau);
    const code = parametricRCode(chosen, state.choices.group !== '', horizon, times, interval);
    byId('fit-r-code').value = code;
    byId('fit-r-code').rows = code.split('\n').length;
    show('fit-results', true);
    byId('fit-busy').textContent = 'Done.';
  } catch (error) {
    byId('fit-errors').replaceChildren(el('p', {}, `The server could not be reached (${error.message}).`));
    show('fit-errors', true);
    byId('fit-busy').textContent = '';
  } finally {
    byId('fit-parametric').disabled = false;
  }
}

// ---- planning the next study ----

async function plan(event) {
  event.preventDefault();
  clearErrors();
  byId('plan-errors').hidden = true;
  const fromCohort = byId('plan-control').value === 'cohort';
  if (fromCohort && !state.table) { setError('plan-control', 'Load a cohort above first, or choose “the median I give”.'); byId('plan-control').focus(); return; }
  const choices = readChoices();
  const cohort = fromCohort ? buildRequest(state.table, choices, 'IMAGE_FORMAT_SVG').cohort : null;
  byId('plan').disabled = true;
  byId('plan-busy').textContent = 'Planning…';
  try {
    const result = await call('v1/survival:plan', buildPlanRequest(cohort, choices.unit));
    if (!result.ok) {
      const violations = (result.json?.details ?? []).flatMap(d => d.fieldViolations ?? []);
      const general = violations.filter(v => !setError(planControl(v.field.replace(/^plan\./, '')) ?? '', friendly(v.description)))
        .map(v => `${v.field}: ${v.description}`);
      if (violations.length === 0) general.push(...failure(result));
      if (general.length) {
        byId('plan-errors').replaceChildren(el('p', {}, el('strong', {}, 'The plan could not be made:')), el('ul', {}, ...general.map(m => el('li', {}, m))));
        byId('plan-errors').hidden = false;
      }
      byId('plan-busy').textContent = '';
      return;
    }
    renderPlan(byId('plan-result'), result.json, choices.unit);
    byId('plan-busy').textContent = 'Done.';
  } catch (error) {
    byId('plan-busy').textContent = `The server could not be reached (${error.message}).`;
  } finally {
    byId('plan').disabled = false;
  }
}

// ---- downloads ----

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const base64Bytes = b64 => Uint8Array.from(atob(b64), c => c.charCodeAt(0));
const stem = () => state.fileName.replace(/\.[^.]+$/, '') || 'survival';

async function downloadPng() {
  const { cohort, options, plot } = state.request;
  const result = await call('v1/survival:plot', { cohort, options, plot: { ...plot, format: 'IMAGE_FORMAT_PNG' } });
  if (!result.ok) { showGeneralErrors(failure(result)); return; }
  save(new Blob([base64Bytes(result.json.image)], { type: 'image/png' }), `${stem()}_km.png`);
}

function wire() {
  byId('file').addEventListener('change', async e => {
    const file = e.target.files[0];
    if (!file) return;
    if (byId('caption').value === illustrativeCaption) byId('caption').value = '';
    if (file.size === 0) {
      clearErrors();
      state.table = null;
      state.dataProblem = `${file.name} is empty (0 bytes): choose a file whose first line names the columns and whose other lines are patients.`;
      setError('data', state.dataProblem);
      byId('data-status').textContent = '';
      return;
    }
    loadTable(await file.text(), file.name, false);
  });
  byId('load-example').addEventListener('click', async () => {
    const response = await fetch('examples/seven_patient_cohort_illustrative.csv');
    loadTable(await response.text(), 'seven_patient_cohort_illustrative.csv', true);
    // A figure of the example carries the mark too, wherever it is downloaded to.
    byId('caption').value = illustrativeCaption;
    byId('time-column').value = 'os_months';
    byId('event-column').value = 'os_event';
    offerEventValues();
  });
  byId('use-paste').addEventListener('click', () => loadTable(byId('paste').value, 'pasted.csv', false));
  byId('event-column').addEventListener('change', offerEventValues);
  byId('event-value').addEventListener('change', () => {
    byId('event-value').removeAttribute('aria-invalid');
    byId('error-event-value').hidden = true;
    byId('errors').hidden = true;
    showEventCoding();
  });
  byId('group-column').addEventListener('change', offerGroups);
  document.querySelectorAll('input[name=time-mode]').forEach(r => r.addEventListener('change', setTimeMode));
  byId('analysis').addEventListener('submit', analyze);
  byId('planning').addEventListener('submit', plan);
  byId('download-png').addEventListener('click', downloadPng);
  byId('fit-parametric').addEventListener('click', extrapolate);
  byId('download-svg').addEventListener('click', () => save(new Blob([base64Bytes(state.response.plot.image)], { type: 'image/svg+xml' }), `${stem()}_km.svg`));
  byId('download-csv').addEventListener('click', () => save(new Blob([curveCsv(state.response.estimates.groups ?? [])], { type: 'text/csv' }), `${stem()}_curve.csv`));
  byId('download-json').addEventListener('click', () => save(new Blob([JSON.stringify(state.response, null, 2)], { type: 'application/json' }), `${stem()}_result.json`));
  byId('copy-r').addEventListener('click', async () => {
    const code = byId('r-code');
    try { await navigator.clipboard.writeText(code.value); } catch { code.select(); document.execCommand('copy'); }
    byId('copy-status').textContent = 'Copied.';
  });
  // The event column's mark is kept by showEventCoding while a cell of it is empty.
  columnSelects.filter(id => id !== 'event-column').forEach(id => byId(id).addEventListener('change', () => { byId(id).removeAttribute('aria-invalid'); }));
}

wire();
// The cohort of the last analysis (or of the current table and columns), for the comparison with a published curve.
wirePublished({ call, cohort: () => state.table ? buildRequest(state.table, readChoices(), 'IMAGE_FORMAT_SVG').cohort : null });
