// The next study: a PlanStudyRequest from the planning form (proto3 JSON), the plan shown as a protocol states it,
// and the service's R code (rpact's getSampleSizeSurvival, or Wu's integrals for one arm). The control's curve is
// either a median typed in or the loaded cohort's Kaplan–Meier median, sent as the request's reference cohort.
import { el } from './render.js';
import { num, int } from './format.js';

const byId = id => document.getElementById(id);

function optionalNumber(id) {
  const text = byId(id).value.trim();
  if (text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : 'NaN';
}

// cohort: the loaded table's cohort (the analysis request's), or null when no table is loaded.
export function buildPlanRequest(cohort, unit) {
  const oneArm = byId('plan-design').value === 'PLAN_DESIGN_ONE_ARM';
  const fromCohort = byId('plan-control').value === 'cohort';
  const plan = {
    design: oneArm ? 'PLAN_DESIGN_ONE_ARM' : 'PLAN_DESIGN_TWO_ARMS',
    control: fromCohort ? { cohortFit: 'REFERENCE_FIT_KAPLAN_MEIER_MEDIAN' } : { median: optionalNumber('plan-control-median') ?? 'NaN' },
    sided: Number(byId('plan-sided').value),
    accrualEnds: [optionalNumber('plan-accrual') ?? 'NaN'],
    timeUnit: unit,
  };
  for (const [key, id] of [['hazardRatio', 'plan-hazard-ratio'], ['alpha', 'plan-alpha'], ['power', 'plan-power'], ['followUp', 'plan-follow-up']]) {
    const value = optionalNumber(id);
    if (value !== undefined) plan[key] = value;
  }
  if (!oneArm) plan.formula = byId('plan-formula').value;
  return fromCohort && cohort ? { plan, referenceCohort: cohort } : { plan };
}

// The service's field paths of a plan, by the form's controls.
const planControls = {
  hazard_ratio: 'plan-hazard-ratio', treatment_median: 'plan-hazard-ratio', alpha: 'plan-alpha', power: 'plan-power',
  sided: 'plan-sided', accrual_ends: 'plan-accrual', follow_up: 'plan-follow-up', median: 'plan-control-median',
  cohort_fit: 'plan-control', reference_cohort: 'plan-control', control: 'plan-control-median',
};

export function planControl(field) {
  if (field.startsWith('reference_cohort')) return 'plan-control';
  const last = field.replace(/\[\d+\]/g, '').split('.').pop();
  return planControls[last] ?? null;
}

const row = (name, value) => el('tr', {}, el('th', { scope: 'row' }, name), el('td', { class: 'num' }, value));

export function renderPlan(target, response, unit) {
  const u = unit ? ` ${unit}` : '';
  const rows = [];
  const reference = response.reference;
  if (reference) {
    rows.push(row('Control from the cohort', `${int(reference.subjects)} patients, ${int(reference.events)} events, Kaplan–Meier median ${reference.kaplanMeierMedian === undefined ? 'not reached' : num(reference.kaplanMeierMedian) + u}`));
  }
  if (response.twoArms) {
    const p = response.twoArms;
    rows.push(row('Medians (control, treatment)', `${num(p.medianControl)}${u}, ${num(p.medianTreatment)}${u}; hazard ratio ${num(p.hazardRatio, 4)}`),
      row('Events', `${int(p.eventsRequired)} (${num(p.events, 6)})`),
      row('Patients', `${int(p.patientsRequired)}: treatment ${int(p.patientsTreatmentRequired)}, control ${int(p.patientsControlRequired)} (${num(p.patients, 6)})`),
      row('Power', `${num(100 * p.power, 3)}%`),
      row('Analysis', `${num(p.analysisTime, 4)}${u} after the first entry; follow-up ${num(p.followUp, 4)}${u} after the last`));
  } else if (response.oneArm) {
    const p = response.oneArm;
    rows.push(row('Control', `median ${num(p.nullMedian)}${u}, Weibull shape ${num(p.shape)}; hazard ratio ${num(p.hazardRatio, 4)}`),
      row('Patients', `${int(p.patientsRequired)} (${num(p.patients, 6)})`),
      row('Power', `${num(100 * p.power, 3)}%`),
      row('Expected events', `${num(p.expectedEvents, 4)} (the control's curve expects ${num(p.nullExpectedEvents, 4)})`));
  }
  const design = response.twoArms ? 'Two arms, log-rank test (as rpact)' : 'One arm against the control’s curve, one-sample log-rank test (Wu 2015)';
  target.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { 'data-testid': 'plan-table' }, el('caption', {}, design), el('tbody', {}, ...rows))));
  byId('plan-r-code').value = response.rCode ?? '';
  byId('plan-r-code').rows = (response.rCode ?? '').split('\n').length;
}
