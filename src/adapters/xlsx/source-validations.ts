// Reads a source workbook's data validations straight from its XML, keeping their ranges as written.
// exceljs expands every validation range into one entry per cell (a whole-column dropdown is a million
// entries, seconds and hundreds of MB) and, writing them back, emits overlapping duplicates that Excel repairs.
import JSZip from 'jszip';

/** One validation as exceljs's worksheet.dataValidations.model holds it, plus the ranges it covers. */
export interface SourceValidation {
  ranges: string[];
  rule: Record<string, unknown>;
}

const MAX_ROW = 1048576;
/** A tag's attributes, where a quoted value may hold ">". */
const ATTRS = `(?:[^>"']|"[^"]*"|'[^']*')*?`;
const MAX_COL_LETTERS = 'XFD';

export async function readSourceValidations(bytes: Uint8Array): Promise<Map<string, SourceValidation[]>> {
  const zip = await JSZip.loadAsync(bytes);
  const workbookXml = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const relsXml = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const targets = new Map<string, string>();
  for (const m of relsXml.matchAll(new RegExp(`<(?:\\w+:)?Relationship\\b(${ATTRS})/?>`, 'g'))) {
    const a = attributesOf(m[1]);
    if (a.Id && a.Target) targets.set(a.Id, a.Target.startsWith('/') ? a.Target.slice(1) : `xl/${a.Target}`);
  }
  const result = new Map<string, SourceValidation[]>();
  for (const m of workbookXml.matchAll(new RegExp(`<(?:\\w+:)?sheet\\b(${ATTRS})/?>`, 'g'))) {
    const a = attributesOf(m[1]);
    const relId = Object.entries(a).find(([k]) => /(^|:)id$/.test(k) && k !== 'sheetId')?.[1];
    const target = relId ? targets.get(relId) : undefined;
    if (!a.name || !target) continue;
    const xml = await zip.file(target)?.async('string');
    if (!xml) continue;
    const found = parseValidations(xml);
    if (found.length > 0) result.set(a.name, found);
  }
  return result;
}

export function parseValidations(sheetXml: string): SourceValidation[] {
  const out: SourceValidation[] = [];
  const re = new RegExp(`<((?:\\w+:)?)dataValidation\\b(${ATTRS})(?:/>|>([\\s\\S]*?)</\\1dataValidation>)`, 'g');
  for (const m of sheetXml.matchAll(re)) {
    const a = attributesOf(m[2]);
    const body = m[3] ?? '';
    const sqref = a.sqref ?? textOf(/<(?:\w+:)?sqref>([\s\S]*?)<\/(?:\w+:)?sqref>/.exec(body)?.[1]);
    const ranges = (sqref ?? '').split(/\s+/).filter(Boolean).map(normaliseRange).filter((r): r is string => r !== null);
    if (ranges.length === 0) continue;
    const type = a.type ?? 'any';
    const rule: Record<string, unknown> = { type };
    if (a.type && a.allowBlank !== undefined) rule.allowBlank = isTrue(a.allowBlank);
    if (a.showInputMessage !== undefined) rule.showInputMessage = isTrue(a.showInputMessage);
    if (a.showErrorMessage !== undefined) rule.showErrorMessage = isTrue(a.showErrorMessage);
    for (const key of ['operator', 'errorStyle', 'errorTitle', 'error', 'promptTitle', 'prompt']) {
      if (a[key] !== undefined) rule[key] = a[key];
    }
    const formulae: unknown[] = [];
    for (const n of [1, 2]) {
      const f = new RegExp(`<(?:\\w+:)?formula${n}>([\\s\\S]*?)</(?:\\w+:)?formula${n}>`).exec(body)?.[1];
      if (f === undefined) continue;
      const text = textOf(/<(?:\w+:)?f>([\s\S]*?)<\/(?:\w+:)?f>/.exec(f)?.[1] ?? f) ?? '';
      // exceljs writes a date rule's formulae through new Date(...), so it needs Dates there.
      formulae.push(type === 'date' ? serialToDate(text) : text);
    }
    if (type === 'date' && formulae.some((f) => f === null)) continue;
    if (formulae.length > 0) rule.formulae = formulae;
    out.push({ ranges, rule });
  }
  return out;
}

function serialToDate(text: string): Date | null {
  const n = Number(text);
  return Number.isFinite(n) ? new Date(Math.round((n - 25569) * 86400000)) : null;
}

function isTrue(v: string): boolean {
  return v === '1' || v.toLowerCase() === 'true';
}

function attributesOf(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) out[m[1]] = unescapeXml(m[2]);
  for (const m of s.matchAll(/([\w:.-]+)\s*=\s*'([^']*)'/g)) out[m[1]] = unescapeXml(m[2]);
  return out;
}

function textOf(s: string | undefined): string | undefined {
  return s === undefined ? undefined : unescapeXml(s.trim());
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/** "B2" -> "B2:B2", "A:A" -> "A1:A1048576", "3:3" -> "A3:XFD3"; always "TL:BR" so exceljs writes it as given. */
export function normaliseRange(ref: string): string | null {
  const parts = ref.replace(/\$/g, '').toUpperCase().split(':');
  if (parts.length > 2) return null;
  const [a, b = parts[0]] = parts;
  const p = (s: string, end: boolean): { col: string; row: number } | null => {
    const m = /^([A-Z]{0,3})(\d{0,7})$/.exec(s);
    if (!m || (!m[1] && !m[2])) return null;
    return { col: m[1] || (end ? MAX_COL_LETTERS : 'A'), row: m[2] ? Number(m[2]) : end ? MAX_ROW : 1 };
  };
  const tl = p(a, false);
  const br = p(b, true);
  if (!tl || !br) return null;
  const [left, right] = [tl.col, br.col].sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0));
  return `${left}${Math.min(tl.row, br.row)}:${right}${Math.max(tl.row, br.row)}`;
}
