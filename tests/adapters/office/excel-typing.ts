// Excel's rules as the test doubles apply them: how it types a value assigned through `Range.values` (its own parsing, written independently of the adapter's
// needsTextPrefix so a test can catch the adapter missing a case). Shared by the recording fake and the simulator.

import { DOMParser } from '@xmldom/xmldom';

/** Why Excel would refuse this text as a custom XML part (`customXmlParts.add`: "must be a valid XML fragment"), or undefined. */
export function customXmlProblem(xml: unknown): string | undefined {
  if (typeof xml !== 'string' || xml.trim() === '') return 'no XML';
  let problem: string | undefined;
  try {
    const doc = new DOMParser({ onError: (level: string, message: string) => void (level !== 'warning' && (problem ??= message)) }).parseFromString(xml, 'text/xml');
    if (!doc.documentElement) problem ??= 'no root element';
  } catch (e) {
    problem ??= e instanceof Error ? e.message : String(e);
  }
  return problem === undefined ? undefined : `not well-formed XML: ${problem.split('\n')[0]}`;
}

/** What Excel stores for a value assigned through `Range.values`: its own parsing, not the adapter's. */
export function excelStores(v: unknown): { value: unknown; type: string } {
  if (typeof v === 'number') return { value: v, type: 'Double' };
  if (typeof v === 'boolean') return { value: v, type: 'Boolean' };
  if (v === null || v === undefined || v === '') return { value: '', type: 'Empty' };
  const s = String(v);
  if (s.startsWith("'")) return { value: s.slice(1), type: 'String' };
  if (/^[=+\-@]/.test(s)) return { value: s, type: 'Formula' };
  const t = s.trim();
  if (/^(true|false)$/i.test(t)) return { value: /^true$/i.test(t), type: 'Boolean' };
  if (/^[-+]?[$£€]?\s*\d[\d,]*(\.\d+)?%?$/.test(t) || /^\d+(\.\d+)?[eE][-+]?\d+$/.test(t)) return { value: parseFloat(t.replace(/[$£€,%\s]/g, '')), type: 'Double' };
  if (/^\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?$/.test(t) || /^\d{1,2}[\s-](jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(t) || /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[\s-]\d/i.test(t)) {
    return { value: 45000, type: 'Double' };
  }
  if (/^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!)$/i.test(t)) return { value: t, type: 'Error' };
  return { value: s, type: 'String' };
}

/** Icons in each icon set Excel has (`Excel.IconSet`). */
export const ICON_COUNTS: Record<string, number> = {};
for (const n of ['ThreeArrows', 'ThreeArrowsGray', 'ThreeFlags', 'ThreeTrafficLights1', 'ThreeTrafficLights2', 'ThreeSigns', 'ThreeSymbols', 'ThreeSymbols2', 'ThreeStars', 'ThreeTriangles']) ICON_COUNTS[n] = 3;
for (const n of ['FourArrows', 'FourArrowsGray', 'FourRedToBlack', 'FourRating', 'FourTrafficLights']) ICON_COUNTS[n] = 4;
for (const n of ['FiveArrows', 'FiveArrowsGray', 'FiveRating', 'FiveQuarters', 'FiveBoxes']) ICON_COUNTS[n] = 5;

export const PAPER_SIZES = new Set(['Letter', 'LetterSmall', 'Tabloid', 'Ledger', 'Legal', 'Statement', 'Executive', 'A3', 'A4', 'A4Small', 'A5', 'B4', 'B5']);
export const CONDITIONAL_FORMAT_TYPES = new Set(['Custom', 'DataBar', 'ColorScale', 'IconSet', 'TopBottom', 'PresetCriteria', 'ContainsText', 'CellValue']);

/** Excel's sheet-name rules: 1-31 characters, none of \ / ? * [ ] :, not starting or ending with ', not "History". */
export function isValidSheetName(name: string): boolean {
  return name.length > 0 && name.length <= 31 && !/[\\/?*[\]:]/.test(name) && !/^'|'$/.test(name) && name.toLowerCase() !== 'history';
}

/** Why Excel would refuse this icon-set criteria array for a rule of `style` (undefined: it accepts it). */
export function iconCriteriaProblem(style: string, criteria: unknown): string | undefined {
  if (!Array.isArray(criteria) || criteria.length !== ICON_COUNTS[style]) return `criteria count differs from the ${style} icon set`;
  for (const c of criteria as { type?: string; operator?: string; customIcon?: { set?: string; index?: number } }[]) {
    const icon = c?.customIcon;
    if (icon && (!(String(icon.set) in ICON_COUNTS) || !Number.isInteger(icon.index) || icon.index! < 0 || icon.index! >= ICON_COUNTS[String(icon.set)]!)) return 'custom icon';
    if (c?.type !== undefined && !['Invalid', 'Number', 'Percent', 'Formula', 'Percentile'].includes(c.type)) return 'criterion type';
    if (c?.operator !== undefined && !['Invalid', 'GreaterThan', 'GreaterThanOrEqual'].includes(c.operator)) return 'criterion operator';
  }
  return undefined;
}

/** Why Excel would refuse this page-layout property value (undefined: it accepts it). */
export function pageLayoutProblem(property: string, value: any): string | undefined {
  if (property === 'paperSize' && !PAPER_SIZES.has(value)) return `paper size ${value}`;
  if (property === 'orientation' && !['Portrait', 'Landscape'].includes(value)) return `orientation ${value}`;
  if (property === 'zoom') {
    const ok = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 0);
    if (!ok(value?.horizontalFitToPages) || !ok(value?.verticalFitToPages) || (value?.scale !== undefined && (value.scale < 10 || value.scale > 400))) return 'zoom';
  }
  if (/Margin$/.test(property) && !(typeof value === 'number' && value >= 0)) return 'margin';
  return undefined;
}

/** Why Excel would refuse this chart-axis property value (undefined: it accepts it): `Excel.ChartAxis` as its typings document it. */
export function chartAxisProblem(property: string, value: unknown): string | undefined {
  if (property === 'reversePlotOrder' && typeof value !== 'boolean') return `reversePlotOrder ${String(value)}`;
  if (property === 'position' && !['Automatic', 'Maximum', 'Minimum', 'Custom'].includes(String(value))) return `axis position ${String(value)}`; // Excel.ChartAxisPosition
  return undefined;
}
