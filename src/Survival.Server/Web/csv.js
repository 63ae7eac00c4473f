// Reads a delimited table in the browser: the delimiter is the one of tab, semicolon or comma that the header uses
// most; quoted cells may hold delimiters, doubled quotes and line breaks. Each row keeps its line in the file, so an
// error about a subject can name the line a researcher sees in a spreadsheet or editor.

export function parseTable(text) {
  text = text.replace(/^\uFEFF/, '');
  const delimiter = guessDelimiter(text);
  const records = splitRecords(text, delimiter);
  const header = records.shift();
  if (!header || header.cells.every(c => c.trim() === '')) throw new Error('The table is empty: the first line must name the columns.');
  const columns = header.cells.map((c, i) => c.trim() || `column ${i + 1}`);
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate) throw new Error(`Two columns are both named "${duplicate}"; give every column its own name.`);
  const rows = records
    .filter(r => r.cells.some(c => c.trim() !== ''))
    .map(r => ({ line: r.line, values: Object.fromEntries(columns.map((c, i) => [c, (r.cells[i] ?? '').trim()])) }));
  if (rows.length === 0) throw new Error('The table has column names but no rows.');
  return { columns, rows, delimiter };
}

function guessDelimiter(text) {
  const first = text.split(/\r?\n/, 1)[0];
  const counts = ['\t', ';', ','].map(d => [d, first.split(d).length - 1]);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

function splitRecords(text, delimiter) {
  const records = [];
  let cells = [], cell = '', quoted = false, line = 1, start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; cell += ch; }
    } else if (ch === '"' && cell.trim() === '') { quoted = true; cell = ''; }
    else if (ch === delimiter) { cells.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell); records.push({ line: start, cells });
      cells = []; cell = ''; line++; start = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) { cells.push(cell); records.push({ line: start, cells }); }
  return records;
}
