/** Column widths in characters (code points, so "–" and "±" count once). */
function columnWidths(rows: readonly (readonly string[])[]): number[] {
  return rows[0].map((_, c) => Math.max(...rows.map((row) => [...row[c]].length)));
}

/** Rows of cells padded into aligned columns two spaces apart; `rightAligned[c]` right-aligns column c. */
export function alignColumns(rows: readonly (readonly string[])[], rightAligned: readonly boolean[] = []): string[] {
  const widths = columnWidths(rows);
  return rows.map((row) =>
    row
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c] - [...cell].length);
        return rightAligned[c] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** A header, a rule of dashes under it, and the body, aligned. */
export function textTable(header: readonly string[], body: readonly (readonly string[])[], rightAligned: readonly boolean[] = []): string {
  const rule = columnWidths([header, ...body]).map((w) => '-'.repeat(w));
  return alignColumns([header, rule, ...body], rightAligned).join('\n');
}
