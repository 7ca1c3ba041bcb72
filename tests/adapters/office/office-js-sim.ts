// Microsoft's own Excel client library (excel-web-16.00.debug.js) in jsdom, its requests answered by a simulated
// workbook: object paths, load rules, null objects, tracking, enum strings and request bytes are Office.js's own.
// Each request body is recorded with its UTF-8 size; the simulation refuses what Excel documents it refuses.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { TextDecoder, TextEncoder } from 'node:util';

// Under jest's jsdom environment jsdom itself needs these (node has them; jsdom's window does not).
Object.assign(globalThis, { TextEncoder: globalThis.TextEncoder ?? TextEncoder, TextDecoder: globalThis.TextDecoder ?? TextDecoder });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { JSDOM } = require('jsdom') as { JSDOM: new (html: string, o: object) => { window: any } };

import { chartAxisProblem, customXmlProblem, excelStores, iconCriteriaProblem, ICON_COUNTS, pageLayoutProblem } from './excel-typing';

export { excelStores };

const LIBRARY = path.join(path.dirname(require.resolve('@microsoft/office-js/package.json')), 'dist/excel-web-16.00.debug.js');

/** Excel on the web refuses requests and answers over 5 MB. */
export const WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;
/** Excel's cap on `getMergedAreasOrNullObject` (typings: "will fail to return the result" above it). */
export const MAX_MERGED_AREAS = 512;

export interface SimRequest {
  bytes: number;
  flags: number;
  actions: number;
  /** Only `_RemoveReference` calls: Excel.run's end-of-run clean-up of auto-tracked objects. */
  cleanup: boolean;
  /** UTF-8 bytes of the loaded data in the answer. */
  answerBytes?: number;
  /** The request body itself, kept when `keepBodies` is set. */
  body?: any;
}

export interface SimOp {
  sheet: string;
  address: string;
  path: string;
  value: unknown;
}

type Box = { top: number; left: number; bottom: number; right: number };
type Cell = { value: unknown; type: string; format: string };

export class SimSheet {
  cells = new Map<string, Cell>();
  merges: Box[] = [];
  tables: { name: string; address: string }[] = [];
  deleted = false;
  constructor(
    public id: string,
    public name: string,
    public visibility = 'Visible',
  ) {}
  get(r: number, c: number): Cell | undefined {
    return this.cells.get(`${r},${c}`);
  }
  /** Values as a 2-D array from A1 to the last used cell. */
  grid(): unknown[][] {
    const used = usedBox(this);
    if (!used) return [];
    return Array.from({ length: used.bottom + 1 }, (_, r) => Array.from({ length: used.right + 1 }, (_, c) => this.get(r, c)?.value ?? ''));
  }
}

export interface SimSeed {
  name: string;
  rows?: unknown[][];
  formats?: Record<string, string>;
  merges?: string[];
  visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
}

class Refusal extends Error {
  constructor(
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (code: string, message: string): never => {
  throw new Refusal(code, message);
};

function colIndex(s: string): number {
  return [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}
function colLetters(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
export function boxAddress(b: Box): string {
  const a = `${colLetters(b.left)}${b.top + 1}`;
  const z = `${colLetters(b.right)}${b.bottom + 1}`;
  return a === z ? a : `${a}:${z}`;
}

function parseBox(address: string): Box {
  const a = address.replace(/^.*!/, '').replace(/\$/g, '').toUpperCase();
  const cols = /^([A-Z]+):([A-Z]+)$/.exec(a);
  if (cols) return { top: 0, bottom: 1_048_575, left: colIndex(cols[1]!), right: colIndex(cols[2]!) };
  const rows = /^(\d+):(\d+)$/.exec(a);
  if (rows) return { top: Number(rows[1]) - 1, bottom: Number(rows[2]) - 1, left: 0, right: 16_383 };
  const m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/.exec(a);
  if (!m) return refuse('InvalidArgument', `The argument is invalid or missing or has an incorrect format (address "${address}").`);
  const top = Number(m[2]) - 1;
  const left = colIndex(m[1]!);
  return { top, left, bottom: m[4] ? Number(m[4]) - 1 : top, right: m[3] ? colIndex(m[3]) : left };
}

function usedBox(s: SimSheet): Box | null {
  let b: Box | null = null;
  for (const [k, v] of s.cells) {
    if (v.value === '' || v.value === null) continue;
    const [r, c] = k.split(',').map(Number) as [number, number];
    b = b ? { top: Math.min(b.top, r), left: Math.min(b.left, c), bottom: Math.max(b.bottom, r), right: Math.max(b.right, c) } : { top: r, left: c, bottom: r, right: c };
  }
  return b;
}

type Node =
  | { k: 'workbook' }
  | { k: 'worksheets' }
  | { k: 'sheet'; s: SimSheet }
  | { k: 'range'; s: SimSheet; box: Box }
  | { k: 'areas'; s: SimSheet; boxes: Box[] }
  | { k: 'tables'; s: SimSheet | null }
  | { k: 'table'; s: SimSheet; t: { name: string; address: string } }
  | { k: 'names' }
  | { k: 'application' }
  | { k: 'xmlParts'; ns: string | null }
  | { k: 'xmlPart'; p: { id: string; xml: string; deleted: boolean } }
  | { k: 'part'; owner: Node; path: string };

/** One workbook behind Microsoft's client library. */
export class OfficeJsSim {
  readonly window: any;
  readonly Excel: typeof Excel;
  sheets: SimSheet[] = [];
  /** Workbook-scoped defined names (they share one namespace with table names). */
  names: string[] = [];
  /** Custom XML parts (the add-in's settings live in one). */
  xmlParts: { id: string; xml: string; deleted: boolean }[] = [];
  requests: SimRequest[] = [];
  ops: SimOp[] = [];
  activeSheet = 0;
  /** The active sheet is a chart sheet: `getActiveWorksheet()` fails (office-js#2444). */
  chartSheetActive = false;
  /** The user is typing in a cell: requests fail unless sent with delayForCellEdit (then Excel waits). */
  cellEditMode = false;
  /** Requests that Excel held until the user left cell-edit mode. */
  waitedForCellEdit = 0;
  /** Fail the next requests with these codes, one each (web throttling, session time-outs...). */
  failNext: string[] = [];
  limit = WEB_PAYLOAD_LIMIT;
  /** Keep each request's body (memory: megabytes per request for a large write). */
  keepBodies = false;
  /** Excel desktop with the Page Layout tab not showing: fit-to-pages zoom is ignored (office-js#1860). */
  ignoresFitToPages = false;
  /** Property values set on sheet parts (page layout, freeze panes...), by sheet id and part path. */
  partProps = new Map<string, Record<string, unknown>>();
  private refs = new Map<string, Node>();
  private nextRef = 1;
  private nextId = 1;

  constructor(seed: SimSeed[] = []) {
    for (const s of seed) this.addSheet(s);
    const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { runScripts: 'outside-only', url: 'https://localhost/taskpane.html' });
    this.window = dom.window;
    this.window.eval(librarySource());
    this.Excel = this.window.Excel;
    const executor = { executeAsync: (_data: unknown, flags: number, msg: { Body: any }) => Promise.resolve(this.execute(flags, msg.Body)) };
    const proto = this.window.OfficeExtension.ClientRequestContext.prototype;
    Object.defineProperty(proto, '_requestExecutor', { get: () => executor, set: () => undefined, configurable: true });
    Object.defineProperty(proto, 'm_requestUrlAndHeaderInfo', { get: () => ({ url: 'https://simulated-excel', headers: {} }), set: () => undefined, configurable: true });
  }

  addSheet(s: SimSeed): SimSheet {
    const sheet = new SimSheet(`{${String(this.nextId++).padStart(8, '0')}-SIM}`, s.name, s.visibility);
    (s.rows ?? []).forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === '' || v === null || v === undefined) return;
        sheet.cells.set(`${r},${c}`, { value: v, type: typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String', format: s.formats?.[`${r},${c}`] ?? 'General' });
      }),
    );
    sheet.merges = (s.merges ?? []).map(parseBox);
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): SimSheet {
    const s = this.live().find((x) => x.name === name);
    if (!s) throw new Error(`sim: no sheet ${name}`);
    return s;
  }

  live(): SimSheet[] {
    return this.sheets.filter((s) => !s.deleted);
  }

  /** `Excel.run` as the pane calls it (the real one: tracking, clean-up request and all). */
  run = <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => this.Excel.run(batch);

  /** Excel.run with options (delayForCellEdit...). */
  runWith = <T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => this.Excel.run(options, batch);

  largest(filter: (r: SimRequest) => boolean = () => true): number {
    return Math.max(0, ...this.requests.filter(filter).map((r) => r.bytes));
  }

  // ---- the executor ----

  private execute(flags: number, body: any): object {
    const text = JSON.stringify(body);
    const bytes = Buffer.byteLength(text, 'utf8');
    const actions: any[] = body.Actions ?? [];
    this.requests.push({ bytes, flags, actions: actions.length, cleanup: actions.length > 0 && actions.every((a) => a.ActionType === 1 || a.Name === '_RemoveReference'), ...(this.keepBodies ? { body } : {}) });
    const error = (code: string, message: string, actionIndex = -1, results: object[] = []) => ({
      ErrorCode: '',
      ErrorMessage: '',
      Headers: {},
      Body: { Results: results, Error: { Code: code, Message: message, HttpStatusCode: 400, ActionIndex: actionIndex, Location: '' } },
    });
    if (bytes > this.limit) return error('RequestPayloadSizeLimitExceeded', 'The request payload size has exceeded the limit.');
    const injected = this.failNext.shift();
    if (injected) return error(injected, `simulated ${injected}`);
    if (this.cellEditMode) {
      if ((flags & 64) === 0) return error('InvalidOperationInCellEditMode', 'Excel is in cell-editing mode.');
      this.waitedForCellEdit++;
      this.cellEditMode = false;
    }
    const paths: Record<string, any> = body.ObjectPaths ?? {};
    const resolved = new Map<number, Node | null>();
    const kept = new Set<number>();
    for (const a of actions) if (a.ActionType === 3 && a.Name === '_KeepReference') kept.add(a.ObjectPathId);
    const resolve = (id: number): Node | null => {
      if (resolved.has(id)) return resolved.get(id)!;
      const info = paths[id];
      if (!info) return refuse('GeneralException', `sim: unknown object path ${id}`);
      const node = this.step(info, resolve);
      resolved.set(id, node);
      return node;
    };
    const results: object[] = [];
    let answer = 0;
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i];
      try {
        const node = resolve(a.ObjectPathId);
        let value: unknown = undefined;
        if (a.ActionType === 1) {
          if (node === null) value = null;
          else {
            const id: Record<string, unknown> = {};
            if (kept.has(a.ObjectPathId)) {
              const ref = `sim${this.nextRef++}`;
              this.refs.set(ref, node);
              id._ReferenceId = ref;
            }
            if (node.k === 'sheet') id.Id = node.s.id;
            value = id;
          }
        } else if (a.ActionType === 2) {
          value = node === null ? null : this.query(node, a.QueryInfo?.Select ?? []);
        } else if (a.ActionType === 3) {
          // Excel ignores calls on a null object (the *OrNullObject methods' contract).
          value = node === null ? null : this.method(node, a.Name, this.args(a.ArgumentInfo, resolve));
        } else if (a.ActionType === 4) {
          if (node !== null) this.setProperty(node, a.Name, this.args(a.ArgumentInfo, resolve)[0]);
        }
        if (value !== undefined) {
          const r = { ActionId: a.Id, Value: value };
          // Loaded properties, and what a method hands back (a custom XML part's text), count towards the answer's size.
          answer += a.ActionType === 2 || (a.ActionType === 3 && typeof value === 'string') ? Buffer.byteLength(JSON.stringify(r)) : 0;
          results.push(r);
        }
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        return error(e.code, e.message, i, results);
      }
    }
    this.requests[this.requests.length - 1]!.answerBytes = answer;
    if (answer > this.limit) return error('ResponsePayloadSizeLimitExceeded', 'The response payload size has exceeded the limit.');
    return { ErrorCode: '', ErrorMessage: '', Headers: {}, Body: { Results: results } };
  }

  private args(info: any, resolve: (id: number) => Node | null): unknown[] {
    const args: unknown[] = info?.Arguments ?? [];
    const refs: number[] = info?.ReferencedObjectPathIds ?? [];
    return args.map((v, i) => (refs[i] ? resolve(refs[i]) : v));
  }

  private sheetOf(n: Node): SimSheet | null {
    if (n.k === 'sheet' || n.k === 'range' || n.k === 'areas' || n.k === 'table') return n.s;
    if (n.k === 'tables') return n.s;
    if (n.k === 'part') return this.sheetOf(n.owner);
    return null;
  }

  private record(n: Node, p: string, value: unknown): void {
    const s = this.sheetOf(n);
    let owner: Node = n;
    while (owner.k === 'part') owner = owner.owner;
    const address = owner.k === 'range' ? boxAddress(owner.box) : '';
    const prefix = n.k === 'part' ? `${n.path}.` : '';
    this.ops.push({ sheet: s?.name ?? '', address, path: `${prefix}${p}`, value });
  }

  private findSheet(key: string): SimSheet | undefined {
    return this.live().find((s) => s.id === key || s.name.toLowerCase() === String(key).toLowerCase());
  }

  private step(info: any, resolve: (id: number) => Node | null): Node | null {
    const type: number = info.ObjectPathType;
    const args: unknown[] = this.args(info.ArgumentInfo, resolve);
    if (type === 1) return { k: 'workbook' };
    if (type === 6) return this.refs.get(info.Name) ?? refuse('InvalidObjectPath', 'The object path is not working for what you are trying to do.');
    const parent = resolve(info.ParentObjectPathId);
    if (parent === null) return null;
    if (type === 5) {
      if (parent.k === 'worksheets') return { k: 'sheet', s: this.findSheet(String(args[0])) ?? refuse('ItemNotFound', 'The requested resource doesn\u2019t exist.') };
      // A loaded collection's item is addressed by its id (a custom XML part's, here).
      if (parent.k === 'xmlParts') return { k: 'xmlPart', p: this.partsIn(parent.ns).find((x) => x.id === args[0]) ?? refuse('ItemNotFound', 'The requested resource doesn\u2019t exist.') };
      return { k: 'part', owner: parent, path: `[${String(args[0])}]` };
    }
    const name: string = info.Name;
    if (type === 4) {
      if (parent.k === 'workbook') {
        if (name === 'Worksheets') return { k: 'worksheets' };
        if (name === 'Tables') return { k: 'tables', s: null };
        if (name === 'Names') return { k: 'names' };
        if (name === 'Application') return { k: 'application' };
        if (name === 'CustomXmlParts') return { k: 'xmlParts', ns: null };
      }
      if (parent.k === 'sheet' && name === 'Tables') return { k: 'tables', s: parent.s };
      return { k: 'part', owner: parent, path: parent.k === 'part' ? `${parent.path}.${lower(name)}` : lower(name) };
    }
    // A method returning an object.
    if (parent.k === 'worksheets') {
      if (name === 'Add') {
        const wanted = String(args[0] ?? `Sheet${this.sheets.length + 1}`);
        checkSheetName(wanted);
        if (this.findSheet(wanted)) refuse('ItemAlreadyExists', 'A resource with the same name or identifier already exists.');
        const s = this.addSheet({ name: wanted });
        this.ops.push({ sheet: '', address: '', path: 'worksheets.add()', value: [wanted] });
        return { k: 'sheet', s };
      }
      if (name === 'GetItemAt') return { k: 'sheet', s: this.live()[Number(args[0])] ?? refuse('ItemNotFound', 'The requested resource doesn\u2019t exist.') };
      if (name === 'GetItem') return { k: 'sheet', s: this.findSheet(String(args[0])) ?? refuse('ItemNotFound', 'The requested resource doesn\u2019t exist.') };
      if (name === 'GetItemOrNullObject') {
        const s = this.findSheet(String(args[0]));
        return s ? { k: 'sheet', s } : null;
      }
      if (name === 'GetActiveWorksheet') {
        if (this.chartSheetActive) refuse('GeneralException', 'An internal error has occurred.');
        return { k: 'sheet', s: this.live()[this.activeSheet]! };
      }
    }
    if (parent.k === 'sheet') {
      if (name === 'GetRange') return { k: 'range', s: parent.s, box: parseBox(String(args[0] ?? 'A1')) };
      if (name === 'GetUsedRange' || name === 'GetUsedRangeOrNullObject') {
        const b = usedBox(parent.s);
        if (b) return { k: 'range', s: parent.s, box: b };
        if (name === 'GetUsedRange') return { k: 'range', s: parent.s, box: { top: 0, left: 0, bottom: 0, right: 0 } };
        return null;
      }
    }
    if (parent.k === 'range' && (name === 'GetMergedAreasOrNullObject' || name === 'GetMergedAreas')) {
      const within = parent.s.merges.filter((m) => m.top <= parent.box.bottom && m.bottom >= parent.box.top && m.left <= parent.box.right && m.right >= parent.box.left);
      if (within.length > MAX_MERGED_AREAS) refuse('GeneralException', 'An internal error has occurred.');
      if (within.length === 0) return name === 'GetMergedAreas' ? refuse('ItemNotFound', 'The requested resource doesn\u2019t exist.') : null;
      return { k: 'areas', s: parent.s, boxes: within };
    }
    if (parent.k === 'xmlParts') {
      const items = this.partsIn(parent.ns);
      if (name === 'GetByNamespace') return { k: 'xmlParts', ns: String(args[0]) };
      if (name === 'GetItemAt') return { k: 'xmlPart', p: items[Number(args[0])] ?? refuse('ItemNotFound', 'The requested resource doesn\u2019t exist.') };
      if (name === 'GetItem') return { k: 'xmlPart', p: items.find((x) => x.id === args[0]) ?? refuse('ItemNotFound', 'The requested resource doesn\u2019t exist.') };
      if (name === 'Add') {
        const problem = customXmlProblem(args[0]);
        if (problem) refuse('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (${problem})`);
        const part = { id: `{PART-${this.xmlParts.length + 1}}`, xml: String(args[0]), deleted: false };
        this.xmlParts.push(part);
        return { k: 'xmlPart', p: part };
      }
    }
    if (parent.k === 'tables' && name === 'GetItemAt') {
      const all = parent.s ? parent.s.tables : this.allTables();
      const t = all[Number(args[0])] ?? refuse('ItemNotFound', 'The requested resource doesn\u2019t exist.');
      return { k: 'table', s: this.live().find((x) => x.tables.includes(t))!, t };
    }
    if (parent.k === 'tables' && name === 'Add') {
      const s = parent.s ?? refuse('InvalidArgument', 'sim: workbook.tables.add without a sheet');
      const t = { name: `Table${s.tables.length + this.allTables().length + 1}`, address: String(args[0]) };
      if (this.overlapsTable(s, parseBox(t.address))) refuse('InvalidOperation', 'A table can\u2019t overlap another table.');
      s.tables.push(t);
      this.ops.push({ sheet: s.name, address: t.address.replace(/^.*!/, ''), path: 'tables.add()', value: args });
      return { k: 'table', s, t };
    }
    const result: Node = { k: 'part', owner: parent, path: parent.k === 'part' ? `${parent.path}.${lower(name)}()` : `${lower(name)}()` };
    this.record(parent, `${lower(name)}()`, args.map((a) => (a && typeof a === 'object' && 'k' in (a) ? describe(a as Node) : a)));
    this.validateMethod(parent, name, args);
    return result;
  }

  private partsIn(ns: string | null) {
    return this.xmlParts.filter((p) => !p.deleted && (ns === null || p.xml.includes(`xmlns="${ns}"`)));
  }

  private allTables() {
    return this.live().flatMap((s) => s.tables);
  }

  private overlapsTable(s: SimSheet, b: Box): boolean {
    return s.tables.some((t) => {
      const o = parseBox(t.address);
      return o.top <= b.bottom && o.bottom >= b.top && o.left <= b.right && o.right >= b.left;
    });
  }

  private query(n: Node, select: string[]): object {
    const pick = (all: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      for (const key of select.length ? select : Object.keys(all).map(lower)) {
        const k = upper(key);
        if (k in all) out[k] = all[k];
      }
      return out;
    };
    if (n.k === 'worksheets') return { _Items: this.live().map((s) => pick({ Name: s.name, Id: s.id, Visibility: s.visibility, Position: this.live().indexOf(s) })) };
    if (n.k === 'tables') return { _Items: (n.s ? n.s.tables : this.allTables()).map((t) => pick({ Name: t.name })) };
    if (n.k === 'names') return { _Items: this.names.map((name) => pick({ Name: name, Type: 'Range', Visible: true })) };
    if (n.k === 'sheet') return pick({ Name: n.s.name, Id: n.s.id, Visibility: n.s.visibility });
    if (n.k === 'areas') return pick({ Address: n.boxes.map((b) => `${quoteSheet(n.s.name)}!${boxAddress(b)}`).join(','), AreaCount: n.boxes.length });
    if (n.k === 'range') {
      const b = n.box;
      const want = new Set(select.map(upper));
      const all: Record<string, unknown> = { RowIndex: b.top, ColumnIndex: b.left, RowCount: b.bottom - b.top + 1, ColumnCount: b.right - b.left + 1, Address: `${quoteSheet(n.s.name)}!${boxAddress(b)}` };
      if (want.has('Values') || want.has('ValueTypes') || want.has('NumberFormat')) {
        const rows = (f: (c: Cell | undefined) => unknown) => Array.from({ length: b.bottom - b.top + 1 }, (_, r) => Array.from({ length: b.right - b.left + 1 }, (_, c) => f(n.s.get(b.top + r, b.left + c))));
        if (want.has('Values')) all.Values = rows((c) => c?.value ?? '');
        if (want.has('ValueTypes')) all.ValueTypes = rows((c) => c?.type ?? 'Empty');
        if (want.has('NumberFormat')) all.NumberFormat = rows((c) => c?.format ?? 'General');
      }
      return pick(all);
    }
    if (n.k === 'table') return pick({ Name: n.t.name });
    if (n.k === 'xmlParts') return { _Items: this.partsIn(n.ns).map((p) => pick({ Id: p.id })) };
    if (n.k === 'xmlPart') return pick({ Id: n.p.id });
    if (n.k === 'part') return pick(this.partProps.get(this.partKey(n)) ?? {});
    return {};
  }

  private method(n: Node, name: string, args: unknown[]): unknown {
    if (name === '_KeepReference') return undefined;
    if (name === '_RemoveReference') {
      this.refs.delete(String(args[0]));
      return undefined;
    }
    if (n.k === 'xmlPart' && name === 'GetXml') return n.p.xml;
    if (n.k === 'xmlPart' && name === 'Delete') {
      n.p.deleted = true;
      return undefined;
    }
    if (n.k === 'sheet' && name === 'Delete') {
      n.s.deleted = true;
      return undefined;
    }
    if (n.k === 'sheet' && name === 'Activate') {
      this.activeSheet = this.live().indexOf(n.s);
      return undefined;
    }
    if (n.k === 'range' && name === 'Merge') {
      if (n.s.merges.some((m) => m.top <= n.box.bottom && m.bottom >= n.box.top && m.left <= n.box.right && m.right >= n.box.left)) refuse('InvalidOperation', 'Cannot merge over a merged area.');
      n.s.merges.push(n.box);
    }
    this.record(n, `${lower(name)}()`, args.map((a) => (a && typeof a === 'object' && 'k' in (a) ? describe(a as Node) : a)));
    this.validateMethod(n, name, args);
    return null;
  }

  private validateMethod(n: Node, name: string, args: unknown[]): void {
    if (n.k === 'part' && n.path === 'freezePanes') {
      if ((name === 'FreezeRows' || name === 'FreezeColumns') && !(Number.isInteger(args[0]) && (args[0] as number) >= 0)) refuse('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
    }
    if (n.k === 'part' && n.path === 'pageLayout' && name === 'SetPrintTitleRows' && !/^\$?\d+:\$?\d+$/.test(String(args[0]))) {
      refuse('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
    }
  }

  private setProperty(n: Node, name: string, value: any): void {
    if (n.k === 'range' && (name === 'Values' || name === 'NumberFormat' || name === 'Formulas')) {
      const b = n.box;
      const rows = value as unknown[][];
      const h = b.bottom - b.top + 1;
      const w = b.right - b.left + 1;
      const fits = Array.isArray(rows) && (rows.length === h || rows.length === 1) && rows.every((r) => Array.isArray(r) && (r.length === w || r.length === 1));
      if (!fits) refuse('InvalidArgument', 'The number of rows or columns in the input array doesn\u2019t match the size or dimensions of the range.');
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          const row = rows[rows.length === 1 ? 0 : r]!;
          const v = row[row.length === 1 ? 0 : c];
          const key = `${b.top + r},${b.left + c}`;
          const cur = n.s.cells.get(key) ?? { value: '', type: 'Empty', format: 'General' };
          if (name === 'NumberFormat') n.s.cells.set(key, { ...cur, format: String(v) });
          else n.s.cells.set(key, { ...cur, ...excelStores(v) });
        }
      }
      this.ops.push({ sheet: n.s.name, address: boxAddress(b), path: lower(name), value });
      return;
    }
    if (n.k === 'sheet' && name === 'Visibility') n.s.visibility = String(value);
    if (n.k === 'sheet' && name === 'Name') {
      checkSheetName(String(value));
      const other = this.findSheet(String(value));
      if (other && other !== n.s) refuse('ItemAlreadyExists', 'A resource with the same name or identifier already exists.');
      n.s.name = String(value);
    }
    if (n.k === 'table' && name === 'Name') {
      const v = String(value);
      checkTableName(v);
      const lowerV = v.toLowerCase();
      if (this.allTables().some((t) => t !== n.t && t.name.toLowerCase() === lowerV) || this.names.some((x) => x.toLowerCase() === lowerV)) {
        refuse('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
      }
      n.t.name = v;
    }
    this.validateProperty(n, name, value);
    this.record(n, lower(name), value);
    if (n.k === 'part') {
      const key = this.partKey(n);
      const props = this.partProps.get(key) ?? {};
      const ignored = this.ignoresFitToPages && n.path === 'pageLayout' && name === 'Zoom' && (value?.horizontalFitToPages !== undefined || value?.verticalFitToPages !== undefined);
      props[name] = ignored ? { scale: 100 } : value;
      this.partProps.set(key, props);
    }
  }

  private partKey(n: Node & { k: 'part' }): string {
    return `${this.sheetOf(n)?.id ?? ''}|${n.path}`;
  }

  private validateProperty(n: Node, name: string, value: any): void {
    if (n.k !== 'part') return;
    const bad = (why: string) => refuse('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (${why})`);
    if (n.path === 'dataValidation' && name === 'Rule') {
      const source = value?.list?.source;
      if (typeof source === 'string' && source.length > 255) bad('list source over 255 characters');
    }
    if (n.path === 'dataValidation' && name === 'ErrorAlert') {
      if (typeof value?.title === 'string' && value.title.length > 32) bad('alert title over 32 characters');
      if (typeof value?.message === 'string' && value.message.length > 225) bad('alert message over 225 characters');
      if (value?.style !== undefined && !['Stop', 'Warning', 'Information'].includes(value.style)) bad('alert style');
    }
    if (/conditionalFormats\.add\(\)\.iconSet$/.test(n.path)) {
      if (name === 'Style' && !(value in ICON_COUNTS)) bad(`icon set ${value}`);
      if (name === 'Criteria') {
        const problem = iconCriteriaProblem(this.iconStyle.get(n) ?? 'ThreeTrafficLights1', value);
        if (problem) bad(problem);
        if ((value as any[]).some((c) => c?.customIcon) && this.iconReversed.has(n)) bad('reverseIconOrder with custom icons');
      }
      if (name === 'ReverseIconOrder' && this.iconCustom.has(n)) bad('reverseIconOrder with custom icons');
      if (name === 'Style') this.iconStyle.set(n, value);
      if (name === 'ReverseIconOrder') this.iconReversed.add(n);
      if (name === 'Criteria' && (value as any[]).some((c) => c?.customIcon)) this.iconCustom.add(n);
    }
    if (/\.axes\.(categoryAxis|valueAxis)$/.test(n.path)) {
      const problem = chartAxisProblem(lower(name), value);
      if (problem) bad(problem);
    }
    if (n.path === 'pageLayout') {
      const problem = pageLayoutProblem(lower(name), value);
      if (problem) bad(problem);
    }
  }

  // Icon rules are set property by property: remember what each rule got so far (per resolved node, per request).
  private iconStyle = new WeakMap<Node, string>();
  private iconReversed = new WeakSet<Node>();
  private iconCustom = new WeakSet<Node>();
}

let cachedLibrary: string | undefined;
function librarySource(): string {
  cachedLibrary ??= fs.readFileSync(LIBRARY, 'utf8');
  return cachedLibrary;
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const quoteSheet = (name: string) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);

function describe(n: Node): unknown {
  if (n.k === 'range') return { range: boxAddress(n.box) };
  return { object: n.k };
}

/** Excel's sheet-name rules: 1-31 characters, none of \ / ? * [ ] :, not starting or ending with ', not "History". */
function checkSheetName(name: string): void {
  if (name.length === 0 || name.length > 31 || /[\\/?*[\]:]/.test(name) || /^'|'$/.test(name) || name.toLowerCase() === 'history') {
    refuse('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (sheet name "${name}")`);
  }
}

/** Excel's table-name rules: letter, _ or \ first; letters, digits, _ and . after; not a cell reference; at most 255. */
function checkTableName(name: string): void {
  const cellLike = /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name);
  if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) || name.length > 255 || cellLike) {
    refuse('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (table name "${name}")`);
  }
}
