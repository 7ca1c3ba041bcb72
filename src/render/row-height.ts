// Row heights for wrapped text: Excel and LibreOffice do not grow rows to fit text written by a file writer.

/** Excel's largest row height, in points. */
export const MAX_ROW_HEIGHT = 409;

/** Lines a text takes when wrapped at word boundaries in a column `widthChars` wide (Excel width units). */
export function wrappedLineCount(text: string, widthChars: number, opts: { bold?: boolean; fontSize?: number } = {}): number {
  const fontSize = opts.fontSize ?? 11;
  // Roughly one average character per width unit at 11pt; bold and larger text take more room.
  const limit = Math.max(4, Math.floor(((widthChars - 1) * (opts.bold ? 0.97 : 1.1) * 11) / fontSize));
  let lines = 0;
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let used = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      let w = word.length;
      const need = used === 0 ? w : used + 1 + w;
      if (need <= limit) {
        used = need;
        continue;
      }
      if (used > 0) lines++;
      while (w > limit) {
        lines++;
        w -= limit;
      }
      used = w;
    }
  }
  return lines;
}

/** Points for a row whose cells wrap; undefined when one line is enough (the row keeps its default height). */
export function wrappedRowHeight(cells: { text: string; width: number; bold?: boolean; fontSize?: number }[]): number | undefined {
  let height = 0;
  let grow = false;
  for (const c of cells) {
    const size = c.fontSize ?? 11;
    const lines = wrappedLineCount(c.text, c.width, c);
    if (lines > 1 || size > 11) grow = true;
    height = Math.max(height, lines * size * 1.32 + 3);
  }
  return grow ? Math.min(MAX_ROW_HEIGHT, Math.ceil(height)) : undefined;
}
