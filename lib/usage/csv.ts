/**
 * CSV for the Usage page's export (RFC 4180), safe to open in a spreadsheet: a cell beginning with = + - @ (or a tab
 * or carriage return, which some spreadsheets skip before reading a formula) gets a leading ' so it is never
 * evaluated as a formula (OWASP "CSV injection"). Pure.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  // numbers are ours (usage values), never formulas: "-1.5" stays a number
  if (typeof v !== 'number' && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines joined with CRLF, ending with one. */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
