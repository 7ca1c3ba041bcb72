// The cell formats of the new sheets, appended to a workbook's styles.xml without touching the formats already there.
import type { CellStyle } from '../../render/sheet-layout';
import { element } from './xml-writer';

/** Counts of what the workbook's styles.xml already holds; our entries are numbered after them. */
export interface StyleBase {
  fonts: number;
  fills: number;
  borders: number;
  cellXfs: number;
  /** The highest custom number format id in use (at least 163). */
  maxNumFmtId: number;
  /** The format codes already defined, so an existing id is reused. */
  numFmts: Map<string, number>;
}

/** Excel's built-in number formats that layouts use; everything else becomes a custom format. */
const BUILT_IN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  'd-mmm-yy': 15,
  'd-mmm': 16,
  'mmm-yy': 17,
  '@': 49,
};

export class StyleRegistry {
  private readonly fonts: string[] = [];
  private readonly fills: string[] = [];
  private readonly borders: string[] = [];
  private readonly xfs: string[] = [];
  private readonly numFmts: { id: number; code: string }[] = [];
  private readonly fontIds = new Map<string, number>();
  private readonly fillIds = new Map<string, number>();
  private readonly borderIds = new Map<string, number>();
  private readonly xfIds = new Map<string, number>();
  private readonly formatIds = new Map<string, number>();
  private nextNumFmtId: number;

  constructor(private readonly base: StyleBase) {
    this.nextNumFmtId = Math.max(163, base.maxNumFmtId) + 1;
  }

  /** The cellXfs index for a style; 0 (the workbook's default) for an empty one. */
  xfFor(s: CellStyle): number {
    const key = styleKey(s);
    if (key === '') return 0;
    let id = this.xfIds.get(key);
    if (id === undefined) {
      id = this.base.cellXfs + this.xfs.length;
      this.xfs.push(this.xfXml(s));
      this.xfIds.set(key, id);
    }
    return id;
  }

  get isEmpty(): boolean {
    return this.xfs.length === 0;
  }

  /** The XML to append to each section of styles.xml, and the new counts. */
  sections(): Record<'numFmts' | 'fonts' | 'fills' | 'borders' | 'cellXfs', { xml: string; added: number }> {
    return {
      numFmts: { xml: this.numFmts.map((f) => element('numFmt', { numFmtId: f.id, formatCode: f.code })).join(''), added: this.numFmts.length },
      fonts: { xml: this.fonts.join(''), added: this.fonts.length },
      fills: { xml: this.fills.join(''), added: this.fills.length },
      borders: { xml: this.borders.join(''), added: this.borders.length },
      cellXfs: { xml: this.xfs.join(''), added: this.xfs.length },
    };
  }

  private xfXml(s: CellStyle): string {
    const fontId = s.bold || s.italic || s.fontSize || s.fontColor ? this.fontFor(s) : 0;
    const fillId = s.fill ? this.intern(this.fills, this.fillIds, this.base.fills, fillXml(s.fill)) : 0;
    const borderId = s.border ? this.intern(this.borders, this.borderIds, this.base.borders, borderXml(s.border)) : 0;
    const numFmtId = s.numberFormat ? this.numFmtFor(s.numberFormat) : 0;
    const hasAlignment = Boolean(s.wrap || s.horizontal || s.vertical);
    let xml = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`;
    if (numFmtId) xml += ' applyNumberFormat="1"';
    if (fontId) xml += ' applyFont="1"';
    if (fillId) xml += ' applyFill="1"';
    if (borderId) xml += ' applyBorder="1"';
    if (!hasAlignment) return `${xml}/>`;
    let alignment = '<alignment';
    if (s.horizontal) alignment += ` horizontal="${s.horizontal}"`;
    if (s.vertical) alignment += ` vertical="${s.vertical === 'middle' ? 'center' : s.vertical}"`;
    if (s.wrap) alignment += ' wrapText="1"';
    return `${xml} applyAlignment="1">${alignment}/></xf>`;
  }

  private fontFor(s: CellStyle): number {
    let xml = '<font>';
    if (s.bold) xml += '<b/>';
    if (s.italic) xml += '<i/>';
    xml += `<sz val="${s.fontSize ?? 11}"/>`;
    if (s.fontColor) xml += `<color rgb="FF${hex(s.fontColor)}"/>`;
    xml += '<name val="Calibri"/><family val="2"/></font>';
    return this.intern(this.fonts, this.fontIds, this.base.fonts, xml);
  }

  private numFmtFor(code: string): number {
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    let id = this.formatIds.get(code) ?? this.base.numFmts.get(code);
    if (id === undefined) {
      id = this.nextNumFmtId++;
      this.numFmts.push({ id, code });
      this.formatIds.set(code, id);
    }
    return id;
  }

  private intern(list: string[], ids: Map<string, number>, base: number, xml: string): number {
    let id = ids.get(xml);
    if (id === undefined) {
      id = base + list.length;
      list.push(xml);
      ids.set(xml, id);
    }
    return id;
  }
}

function fillXml(colour: string): string {
  const c = hex(colour);
  return `<fill><patternFill patternType="solid"><fgColor rgb="FF${c}"/><bgColor rgb="FF${c}"/></patternFill></fill>`;
}

function borderXml(colour: string): string {
  const edge = (name: string) => `<${name} style="thin"><color rgb="FF${hex(colour)}"/></${name}>`;
  return `<border>${edge('left')}${edge('right')}${edge('top')}${edge('bottom')}<diagonal/></border>`;
}

/** Colours are "RRGGBB"; anything else would make the file invalid, so it falls back to black. */
function hex(colour: string): string {
  return /^[0-9a-fA-F]{6}$/.test(colour) ? colour.toUpperCase() : '000000';
}

/** A stable key for a style: the same properties give the same key whatever their order. */
export function styleKey(s: CellStyle): string {
  let key = '';
  if (s.bold) key += 'b';
  if (s.italic) key += 'i';
  if (s.fontSize) key += `s${s.fontSize}`;
  if (s.fontColor) key += `c${s.fontColor}`;
  if (s.fill) key += `f${s.fill}`;
  if (s.wrap) key += 'w';
  if (s.horizontal) key += `h${s.horizontal}`;
  if (s.vertical) key += `v${s.vertical}`;
  if (s.border) key += `B${s.border}`;
  if (s.numberFormat) key += `n${s.numberFormat}`;
  return key;
}
