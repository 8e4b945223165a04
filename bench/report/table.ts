export type Align = 'left' | 'right';

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => ((align[column] ?? (column === 0 ? 'left' : 'right')) === 'left' ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n');
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1,234 */
export const count = (value: number): string => grouped.format(value);

/** A figure with 1–2 decimals, or "–" when there is none. */
export function figure(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value >= 1_000 ? grouped.format(value) : value.toFixed(decimals);
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
