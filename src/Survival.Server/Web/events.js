// How the event column's values read as an event or a censoring, decided before anything is sent, so that a file can
// never be analysed with events and censorings swapped or an unreadable cell counted as censored.
//
// As R's Surv reads a status: 1/0, true/false or yes/no need no question (1, true, yes = the event); a column of 1 and 2
// is R's own coding (its lung, veteran and other data sets), 2 = event, preselected but said; any other values are
// asked about. An empty cell is never a censoring: it is refused with its line.

const pairs = [['1', '0'], ['true', 'false'], ['yes', 'no'], ['y', 'n']];

// The distinct non-empty values of a column, sorted, and the lines of its empty cells.
export function columnValues(rows, column) {
  const values = [...new Set(rows.map(r => r.values[column]).filter(v => v !== ''))].sort();
  const emptyLines = rows.filter(r => r.values[column] === '').map(r => r.line);
  return { values, emptyLines };
}

// What the column's values say: { kind: 'standard' | 'r12' | 'ask', event } with the value to preselect ('' to ask).
export function detectCoding(values) {
  const lower = values.map(v => v.toLowerCase());
  for (const [event, censored] of pairs) {
    if (lower.length > 0 && lower.every(v => v === event || v === censored)) {
      // A column of censorings only (every patient alive, "0") still means "1" is the event: never call "0" the event.
      const original = values[lower.indexOf(event)] ?? event;
      return { kind: 'standard', event: original };
    }
  }
  if (values.includes('2') && values.every(v => v === '1' || v === '2')) return { kind: 'r12', event: '2' };
  return { kind: 'ask', event: '' };
}

// How many events and censorings the choice gives, and each censoring value's count.
export function countChoice(rows, column, eventValue) {
  let events = 0;
  const censored = new Map();
  for (const row of rows) {
    const v = row.values[column];
    if (v === '') continue;
    if (v === eventValue) events++;
    else censored.set(v, (censored.get(v) ?? 0) + 1);
  }
  return { events, censored };
}

// One sentence on the choice, as the preview under the selector shows it.
export function describeChoice(counts, eventValue) {
  const total = [...counts.censored.values()].reduce((a, b) => a + b, 0);
  const byValue = [...counts.censored.entries()].map(([v, n]) => `“${v}” ${n}`).join(', ');
  return `With “${eventValue}” as the event: ${counts.events} ${counts.events === 1 ? 'event' : 'events'}, ` +
    `${total} censored${counts.censored.size > 1 ? ` (${byValue})` : counts.censored.size === 1 ? ` (“${[...counts.censored.keys()][0]}”)` : ''}.`;
}
