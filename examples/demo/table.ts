/** One API of the demo, as the table shows it. */
export interface Row {
  readonly api: string;
  readonly authorization: string;
  /** Names of the authorization headers the API received; never their values. */
  readonly sent: readonly string[];
  readonly status: number | string;
  readonly recoveries: readonly string[];
  /** What did not happen as it should; empty for a good row. */
  readonly problems: readonly string[];
}

const columns = [
  'API',
  'Authorization',
  'Headers sent (names only)',
  'Status',
  'Recoveries and policies',
  'Check',
] as const;

/** The rows as a plain-text table, one line per recovery, with a ✓ or ✗ (and the problems) per API. */
export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => {
    const sent = [row.sent.length === 0 ? '(none)' : row.sent.join(', ')];
    const recoveries = row.recoveries.length === 0 ? ['-'] : row.recoveries;
    const height = Math.max(sent.length, recoveries.length, row.problems.length);
    return Array.from({ length: height }, (_, line) => [
      line === 0 ? row.api : '',
      line === 0 ? row.authorization : '',
      sent[line] ?? '',
      line === 0 ? String(row.status) : '',
      recoveries[line] ?? '',
      line === 0 ? (row.problems.length === 0 ? '✓' : `✗ ${row.problems[0]}`) : (row.problems[line] ?? ''),
    ]);
  });
  const widths = columns.map((title, index) =>
    Math.max(title.length, ...cells.flat().map((line) => line[index]?.length ?? 0)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [format(columns), rule, ...cells.map((lines) => lines.map(format).join('\n'))].join('\n');
}
