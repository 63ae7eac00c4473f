// Numbers as a paper prints them; an absent value (the service's "not reached" or "not estimable") is said in words.

export const notReached = 'not reached';

export function num(x, digits = 3) {
  if (x === undefined || x === null) return '';
  const v = Number(x);
  if (v === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  const decimals = Math.max(0, Math.min(6, digits - 1 - magnitude));
  return String(Number(v.toFixed(decimals)));
}

export function percent(x) {
  return x === undefined ? '' : `${num(100 * Number(x), 3)}%`;
}

export function pValue(p) {
  if (p === undefined) return 'not estimable';
  const v = Number(p);
  return v < 0.0001 ? '< 0.0001' : num(v, v < 0.001 ? 2 : 3);
}

export function interval(lower, upper, show = num) {
  return `${lower === undefined ? notReached : show(lower)} to ${upper === undefined ? notReached : show(upper)}`;
}

export const int = x => Number(x ?? 0);

export const testNames = {
  TEST_WEIGHT_LOGRANK: 'Log-rank', TEST_WEIGHT_UNSPECIFIED: 'Log-rank', TEST_WEIGHT_GEHAN_BRESLOW: 'Gehan–Breslow',
  TEST_WEIGHT_TARONE_WARE: 'Tarone–Ware', TEST_WEIGHT_PETO_PETO: 'Peto–Peto',
  TEST_WEIGHT_MODIFIED_PETO_PETO: 'Modified Peto–Peto', TEST_WEIGHT_FLEMING_HARRINGTON: 'Fleming–Harrington',
};
