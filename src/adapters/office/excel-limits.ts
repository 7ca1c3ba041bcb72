// Excel's naming rules and limits as the Office side applies them (one place, so it can later follow a shared module).

export const MAX_SHEET_NAME = 31;
/** A list data validation's source, comma-joined. */
export const MAX_LIST_SOURCE = 255;
/** A data validation alert's title and message. */
export const MAX_ALERT_TITLE = 32;
export const MAX_ALERT_MESSAGE = 225;
/** Areas `getMergedAreasOrNullObject()` returns before it fails. */
export const MAX_MERGED_AREAS = 512;

/** A sheet name not yet taken (case-insensitive): "Milestone Register", "Milestone Register (2)", ... */
export function freeSheetName(wanted: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  let base = wanted.replace(/[\\/?*[\]:]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, MAX_SHEET_NAME).trim() || 'Sheet';
  if (base.toLowerCase() === 'history') base = 'History sheet';
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = base.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/** Would Excel read this as a cell reference (A1, XFD100, R1C1, R, C) rather than a name? */
function looksLikeReference(name: string): boolean {
  return /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name);
}

/**
 * A table name Excel accepts and that is free: tables and defined names share one namespace (case-insensitive).
 * `taken` holds both, lower-cased; the chosen name is added to it.
 */
export function freeTableName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[^A-Za-z0-9_.]/g, '_').replace(/^[^A-Za-z_]/, '_').slice(0, 240) || 'Table';
  if (looksLikeReference(base)) base = `_${base}`;
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}
