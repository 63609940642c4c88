// RFC 4180 CSV in and out, for the screening file: quoted fields, doubled quotes, CRLF or LF.
export type ParsedCsv = { rows: Record<string, string>[] } | { error: string };

export function parseCsv(text: string): ParsedCsv {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line += 1;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      line += 1;
    } else field += c;
  }
  if (quoted) return { error: `line ${line}: a quoted field is not closed` };
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((r) => r.some((cell) => cell.trim() !== ''));
  if (nonEmpty.length === 0) return { error: 'the file is empty' };
  const header = nonEmpty[0].map((cell) => cell.trim().toLowerCase().replace(/^\ufeff/, ''));
  if (!header.includes('name')) return { error: 'line 1: the header has no "name" column' };
  const rows: Record<string, string>[] = [];
  for (let r = 1; r < nonEmpty.length; r += 1) {
    const row: Record<string, string> = {};
    header.forEach((key, index) => {
      row[key] = (nonEmpty[r][index] ?? '').trim();
    });
    if (!row.name) return { error: `row ${r + 1}: the name is empty` };
    rows.push(row);
  }
  if (rows.length === 0) return { error: 'the file has a header but no rows' };
  return { rows };
}

// Cells that a spreadsheet would run as a formula get a leading quote.
export function toCsv(lines: string[][]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return lines.map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n';
}
