// Excel number formats classified by what they show, the one rule both readers (the .xlsx file and Excel through
// Office.js) use to decide whether a number in a cell is a date.

/**
 * - `date`: a calendar date, with or without a time of day (dd/mm/yyyy, mmm-yy, d/m/yy h:mm).
 * - `time`: a time of day alone (h:mm, hh:mm:ss AM/PM, mm:ss).
 * - `duration`: elapsed time ([h]:mm, [mm]:ss).
 * - `number`: anything else (General, 0.00, "Q"0, text @).
 */
export type NumberFormatKind = 'date' | 'time' | 'duration' | 'number';

/**
 * Whether a number under a format of this kind reads as a date. Only a calendar date does: a time of day or a
 * duration has no day in the calendar (as a date it would fall on 30 or 31 Dec 1899 and be taken for a due date in
 * that year), so it reads as the number Excel stores, a fraction of a day or a count of days.
 */
export function readsAsDate(kind: NumberFormatKind): boolean {
  return kind === 'date';
}

const KIND_CACHE = new Map<string, NumberFormatKind>();

/**
 * What a number format code shows. Its date and time codes (y, m, d, h, s, AM/PM, A/P, and e/g/b for East Asian
 * eras and years) count only outside quoted text, escaped (\x), padded (_x) and fill (*x) characters and [..]
 * sections (colours, conditions, locales), except the elapsed-time sections [h], [mm], [ss]. An m is minutes right
 * after an h or right before an s (as Excel reads it), else months. Every section counts.
 */
export function numberFormatKind(code: string): NumberFormatKind {
  let kind = KIND_CACHE.get(code);
  if (kind === undefined) {
    kind = scanFormat(code);
    if (KIND_CACHE.size < 1000) KIND_CACHE.set(code, kind);
  }
  return kind;
}

/** The kind, from the format's date and time codes in order: 'y' (a year or era), 'd', 'm' (month or minutes), 'h', 's', 'a' (AM/PM), '[' (an elapsed section). */
function scanFormat(code: string): NumberFormatKind {
  const tokens: string[] = [];
  for (let i = 0; i < code.length; i++) {
    const ch = code.charAt(i);
    const lower = ch.toLowerCase();
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      if (end === -1) break;
      i = end;
    } else if (ch === '\\' || ch === '_' || ch === '*') {
      i++;
    } else if (ch === '[') {
      const end = code.indexOf(']', i + 1);
      if (end === -1) break;
      if (/^(h+|m+|s+)$/i.test(code.slice(i + 1, end))) tokens.push('[');
      i = end;
    } else if (/^general/i.test(code.slice(i, i + 7))) {
      i += 6;
    } else if (/^(am\/pm|a\/p)/i.test(code.slice(i, i + 5))) {
      tokens.push('a');
      i += lower === 'a' && code.charAt(i + 1).toLowerCase() === 'm' ? 4 : 2;
    } else if (lower === 'e' && /[+-]/.test(code.charAt(i + 1))) {
      i++; // scientific notation: 0.00E+00
    } else if ('ydegb'.includes(lower)) {
      tokens.push(lower === 'd' ? 'd' : 'y');
    } else if (lower === 'm' || lower === 'h' || lower === 's') {
      if (tokens[tokens.length - 1] !== lower || code.charAt(i - 1).toLowerCase() !== lower) tokens.push(lower);
    }
  }
  let date = false;
  let time = false;
  let elapsed = false;
  tokens.forEach((t, n) => {
    if (t === 'y' || t === 'd') date = true;
    else if (t === '[') elapsed = true;
    else if (t === 'm') {
      const minutes = tokens[n - 1] === 'h' || tokens[n - 1] === '[' || tokens[n + 1] === 's' || tokens[n + 1] === '[';
      if (minutes) time = true;
      else date = true;
    } else time = true;
  });
  return date ? 'date' : elapsed ? 'duration' : time ? 'time' : 'number';
}

/**
 * What one of Excel's built-in formats shows, by its id (a styles part names them by id alone). Ids 27-36 and 50-58
 * are the East Asian ones, which change with the locale the file was saved in: 32 and 33 are times in every locale;
 * 34, 35, 55 and 56 are dates in Japanese and Korean and times in Chinese, and count as dates.
 */
export function builtinFormatKind(id: number): NumberFormatKind {
  if ((id >= 14 && id <= 17) || id === 22 || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58)) return 'date';
  if ((id >= 18 && id <= 21) || id === 32 || id === 33 || id === 45 || id === 47) return 'time';
  if (id === 46) return 'duration';
  return 'number';
}

/** The number format both writers give a date cell whose style names none. */
export const DEFAULT_DATE_FORMAT = 'dd/mm/yyyy';
