// A small recording fake of the Excel JavaScript API calls the adapter makes: it keeps cells per sheet, records
// every write with its sheet and address, groups them into requests at each sync and enforces load-before-read.
// Commands take effect at the sync, in order, as in Excel: a command Excel refuses fails the sync, and the commands
// queued before it in that request stay applied (Excel's batches are not transactions).
// Fault injection: failOnSync, beforeSync, failWhen, cellEditMode, maxRequestBytes, protectSheet,
// protectWorkbook, deleteSheet, renameSheet; snapshot() for before/after comparisons of a sheet.
import { cellAddress } from '../../../src/domain/grid';
import { chartAxisProblem, CONDITIONAL_FORMAT_TYPES, customXmlProblem, excelStores, ICON_COUNTS, iconCriteriaProblem, isValidSheetName, pageLayoutProblem } from './excel-typing';

export interface Op {
  /** Sheet name at the time of the call, or "" for workbook-level calls. */
  sheet: string;
  address: string;
  /** Property path or method, e.g. "values", "format.font.bold", "conditionalFormats.add()". */
  path: string;
  value: unknown;
  /** Position in the whole log. */
  seq: number;
}

type Cell = { value: unknown; type: string; format: string };

export interface SeedSheet {
  name: string;
  rows: unknown[][];
  /** Number formats by "row,col" (0-based), e.g. dates. */
  formats?: Record<string, string>;
  /** Value types by "row,col", e.g. "Error". */
  types?: Record<string, string>;
  merges?: string[];
  visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
}

/** Excel's PropertyNotLoaded: a property read before `load` and `sync`. */
class NotLoaded extends Error {
  override name = 'RichApi.Error';
  code = 'PropertyNotLoaded';
  debugInfo = { code: 'PropertyNotLoaded' };
}

/** Excel's cap on the areas `getMergedAreasOrNullObject()` returns. */
export const MAX_MERGED_AREAS = 512;

const RANGE_ADDRESS = Symbol('range address');

/** Excel's own wording for the faults the fake can raise. */
export const OFFICE_MESSAGES: Record<string, string> = {
  InvalidOperationInCellEditMode: 'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.',
  AccessDenied: 'The cell or chart you\u2019re trying to change is on a protected sheet. To make a change, unprotect the sheet.',
  InvalidOperation: 'The operation is invalid for the object or its current state.',
  ItemNotFound: 'The requested resource doesn\u2019t exist.',
  ItemAlreadyExists: 'A resource with the same name or identifier already exists.',
  RequestPayloadSizeLimitExceeded: 'The request payload size has exceeded the limit.',
  ResponsePayloadSizeLimitExceeded: 'The response payload size has exceeded the limit.',
  GeneralException: 'An internal error has occurred.',
  InvalidArgument: 'The argument is invalid or missing or has an incorrect format.',
};

/** Excel's rule for table names: a letter, _ or \ first; letters, digits, _ . \ after; not a cell reference; at most 255. */
export function isValidTableName(name: string): boolean {
  const reference = /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name) || /^[Rr]\d*[Cc]\d*$/.test(name);
  return /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) && name.length <= 255 && !reference;
}

/** An error shaped as Office.js rejects `context.sync()` with. */
export function officeError(code: string, message = OFFICE_MESSAGES[code] ?? `fake ${code}`): Error {
  return Object.assign(new Error(message), { name: 'RichApi.Error', code, debugInfo: { code, message } });
}

function parseAddress(address: string): { top: number; left: number; bottom: number; right: number } {
  const a = address.replace(/^.*!/, '').replace(/\$/g, '');
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const cols = /^([A-Z]+):([A-Z]+)$/.exec(a);
  if (cols) return { top: 0, bottom: 1_048_575, left: col(cols[1]!), right: col(cols[2]!) };
  const rows = /^(\d+):(\d+)$/.exec(a);
  if (rows) return { top: Number(rows[1]) - 1, bottom: Number(rows[2]) - 1, left: 0, right: 16_383 };
  const m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(a);
  if (!m) throw new Error(`fake: bad address ${address}`);
  const top = Number(m[2]) - 1;
  const left = col(m[1]!);
  return { top, left, bottom: m[4] ? Number(m[4]) - 1 : top, right: m[3] ? col(m[3]) : left };
}

export class FakeSheet {
  cells = new Map<string, Cell>();
  tables: { name: string; address: string; style?: string; seq: number }[] = [];
  deleted = false;
  visibility: string;
  merges: string[];
  /** Sheet protection: writes to its cells and formats are refused with `protectionCode`. */
  protected = false;
  protectionCode = 'AccessDenied';
  constructor(
    public id: string,
    public name: string,
    visibility = 'Visible',
    merges: string[] = [],
  ) {
    this.visibility = visibility;
    this.merges = merges;
  }
  get(r: number, c: number): Cell | undefined {
    return this.cells.get(`${r},${c}`);
  }
  set(r: number, c: number, patch: Partial<Cell>): void {
    const cur = this.cells.get(`${r},${c}`) ?? { value: '', type: 'Empty', format: 'General' };
    this.cells.set(`${r},${c}`, { ...cur, ...patch });
  }
  /** Values as a 2-D array from A1 to the last used cell. */
  grid(): unknown[][] {
    let maxR = -1;
    let maxC = -1;
    for (const [k, v] of this.cells) {
      if (v.value === '' || v.value === null) continue;
      const [r, c] = k.split(',').map(Number) as [number, number];
      maxR = Math.max(maxR, r);
      maxC = Math.max(maxC, c);
    }
    return Array.from({ length: maxR + 1 }, (_, r) => Array.from({ length: maxC + 1 }, (_, c) => this.get(r, c)?.value ?? ''));
  }
}

/**
 * One queued command. `read`: a load; `view`: activate/select (allowed on protected sheets); `write`: cells,
 * formats, tables...; `struct`: adding, deleting or renaming a sheet (refused while the workbook is protected).
 */
interface Entry {
  sheet: FakeSheet | null;
  kind: 'read' | 'view' | 'write' | 'struct';
  op?: Op;
  apply: () => void;
}

interface ScheduledFault {
  at: number;
  code: string;
  message?: string;
  /** Commands of the failing request applied before the failure: a number, or 'half'. */
  applyFirst: number | 'half';
}

export class FakeExcel {
  sheets: FakeSheet[] = [];
  ops: Op[] = [];
  /** Each request: the ops sent with one sync, and its JSON size in bytes. */
  requests: { ops: Op[]; bytes: number }[] = [];
  xmlParts: { id: string; xml: string; deleted: boolean }[] = [];
  activeSheet = 0;
  selected: { sheet: string; address: string } | null = null;
  syncCount = 0;
  /** Answers larger than this fail as Excel on the web does (ResponsePayloadSizeLimitExceeded). */
  maxResponseBytes = Infinity;
  /** Requests larger than this are refused (RequestPayloadSizeLimitExceeded), nothing in them applied. */
  maxRequestBytes = Infinity;
  /** Size in bytes of each successful answer that carried loaded data. */
  responses: number[] = [];
  /** Throw this error code from the next N syncs (e.g. cell-edit mode). */
  failNextSyncs: { code: string; times: number } | null = null;
  /** While true every sync fails with InvalidOperationInCellEditMode, as when the user is typing in a cell. */
  cellEditMode = false;
  /** Workbook structure protection: adding, deleting and renaming sheets are refused. */
  workbookProtected = false;
  /** Workbook-scoped defined names: they share one namespace with table names. */
  definedNames: string[] = [];
  /** Every sync that failed, with its code. */
  failures: { sync: number; code: string }[] = [];
  private current: Op[] = [];
  private queue: Entry[] = [];
  private answer = 0;
  private nextId = 1;
  private faults: ScheduledFault[] = [];
  private triggers: { when: number | ((ops: Op[]) => boolean); action: () => void; done: boolean }[] = [];
  private rules: { when: (op: Op) => boolean; code: string; message?: string }[] = [];
  private opSheet = new WeakMap<Op, FakeSheet>();
  readonly context: Excel.RequestContext;

  constructor(seed: SeedSheet[] = []) {
    for (const s of seed) {
      const sheet = new FakeSheet(`{S${this.nextId++}}`, s.name, s.visibility, s.merges);
      s.rows.forEach((row, r) =>
        row.forEach((v, c) => {
          if (v === null || v === undefined || v === '') return;
          sheet.set(r, c, { value: v, type: s.types?.[`${r},${c}`] ?? (typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String'), format: s.formats?.[`${r},${c}`] ?? 'General' });
        }),
      );
      this.sheets.push(sheet);
    }
    this.context = this.makeContext();
  }

  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name && !x.deleted);
    if (!s) throw new Error(`fake: no sheet ${name}`);
    return s;
  }

  /** Names of the sheets in the workbook now. */
  names(): string[] {
    return this.sheets.filter((s) => !s.deleted).map((s) => s.name);
  }

  /** Everything about a sheet a write could change (cells with types and formats, merges, tables, protection), for before/after comparisons. */
  snapshot(name: string): string {
    const s = this.sheet(name);
    const cells = [...s.cells.entries()].sort(([a], [b]) => a.localeCompare(b));
    return JSON.stringify({ id: s.id, name: s.name, visibility: s.visibility, protected: s.protected, merges: s.merges, tables: s.tables, cells });
  }

  // ---- fault injection ----

  /** The nth sync from now (1 = the next) fails with `code`, and the `times - 1` syncs after it too. */
  failOnSync(n: number, code: string, options: { times?: number; applyFirst?: number | 'half'; message?: string } = {}): void {
    for (let i = 0; i < (options.times ?? 1); i++) {
      const f: ScheduledFault = { at: this.syncCount + n + i, code, applyFirst: options.applyFirst ?? 0 };
      if (options.message !== undefined) f.message = options.message;
      this.faults.push(f);
    }
  }

  /** Something happens in Excel just before a sync: the nth from now, or the first whose request holds matching ops. */
  beforeSync(when: number | ((ops: Op[]) => boolean), action: () => void): void {
    this.triggers.push({ when: typeof when === 'number' ? this.syncCount + when : when, action, done: false });
  }

  /** Every command matching `when` is refused with `code` (commands queued before it in the request are applied). */
  failWhen(when: (op: Op) => boolean, code: string, message?: string): void {
    this.rules.push(message === undefined ? { when, code } : { when, code, message });
  }

  clearFaults(): void {
    this.faults = [];
    this.triggers = [];
    this.rules = [];
    this.failNextSyncs = null;
    this.cellEditMode = false;
  }

  protectSheet(name: string, code = 'AccessDenied'): void {
    const s = this.sheet(name);
    s.protected = true;
    s.protectionCode = code;
  }

  unprotectSheet(name: string): void {
    this.sheet(name).protected = false;
  }

  protectWorkbook(on = true): void {
    this.workbookProtected = on;
  }

  /** The user deletes a sheet (outside the add-in). */
  deleteSheet(name: string): void {
    this.sheet(name).deleted = true;
  }

  /** The user renames a sheet (outside the add-in). */
  renameSheet(from: string, to: string): void {
    this.sheet(from).name = to;
  }

  /** `Excel.run` for the adapter: the batch gets this fake's context; commands left unsynced by an earlier batch are dropped. */
  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    this.current = [];
    this.queue = [];
    this.loaded.clear();
    return batch(this.context);
  };

  /** Collections loaded (by a load and a sync) in this run: their items may be read. */
  private loaded = new Set<string>();

  loadCollection(name: string): void {
    this.enqueue(null, 'read', () => this.loaded.add(name));
  }

  checkLoaded(name: string): void {
    if (!this.loaded.has(name)) throw new NotLoaded(`The property 'items' of ${name} is not available: call load and context.sync() first.`);
  }

  private record(sheet: FakeSheet | null, address: string, path: string, value: unknown, kind: Entry['kind'] = 'write', apply: () => void = () => {}): void {
    const problem = this.argumentProblem(sheet, address, path, value);
    if (problem !== undefined) {
      apply = () => {
        throw officeError('InvalidArgument', `${OFFICE_MESSAGES.InvalidArgument} (${problem})`);
      };
    }
    const op: Op = { sheet: sheet?.name ?? '', address, path, value, seq: this.ops.length };
    this.ops.push(op);
    this.current.push(op);
    if (sheet) this.opSheet.set(op, sheet);
    this.queue.push({ sheet, kind, op, apply });
  }

  /** Why Excel would refuse this argument (undefined: it accepts it): the limits and enums its typings document. */
  private argumentProblem(sheet: FakeSheet | null, address: string, path: string, value: any): string | undefined {
    const at = `${sheet?.id ?? ''}!${address}`;
    if (path === 'customXmlParts.add()') return customXmlProblem(value?.[0]);
    if (path === 'worksheets.add()' && !isValidSheetName(String(value?.[0] ?? ''))) return `sheet name "${value?.[0]}"`;
    if (path === 'name' && sheet && !isValidSheetName(String(value))) return `sheet name "${value}"`;
    if (path === 'dataValidation.rule' && typeof value?.list?.source === 'string' && value.list.source.length > 255) return 'list source over 255 characters';
    if (path === 'dataValidation.errorAlert') {
      if (typeof value?.title === 'string' && value.title.length > 32) return 'alert title over 32 characters';
      if (typeof value?.message === 'string' && value.message.length > 225) return 'alert message over 225 characters';
      if (value?.style !== undefined && !['Stop', 'Warning', 'Information'].includes(value.style)) return `alert style ${value.style}`;
    }
    if (path === 'conditionalFormats.add()' && !CONDITIONAL_FORMAT_TYPES.has(value?.[0])) return `conditional format type ${value?.[0]}`;
    const icon = /^conditionalFormats\.add\(\)\.iconSet\.(style|criteria|reverseIconOrder)$/.exec(path)?.[1];
    if (icon === 'style') {
      if (!(value in ICON_COUNTS)) return `icon set ${value}`;
      this.iconRules.set(at, { style: value, custom: false, reversed: false });
    }
    if (icon === 'criteria') {
      const rule = this.iconRules.get(at) ?? { style: 'ThreeTrafficLights1', custom: false, reversed: false };
      const problem = iconCriteriaProblem(rule.style, value);
      if (problem) return problem;
      rule.custom = (value as { customIcon?: unknown }[]).some((c) => c?.customIcon);
      if (rule.custom && rule.reversed) return 'reverseIconOrder cannot be set with custom icons';
      this.iconRules.set(at, rule);
    }
    if (icon === 'reverseIconOrder') {
      const rule = this.iconRules.get(at) ?? { style: 'ThreeTrafficLights1', custom: false, reversed: false };
      if (rule.custom) return 'reverseIconOrder cannot be set with custom icons';
      rule.reversed = true;
      this.iconRules.set(at, rule);
    }
    const axis = /^charts\.add\(\)\.axes\.(?:categoryAxis|valueAxis)\.(\w+)$/.exec(path)?.[1];
    if (axis) return chartAxisProblem(axis, value);
    const page = /^pageLayout\.(\w+)$/.exec(path)?.[1];
    if (page) return pageLayoutProblem(page, value);
    if (path === 'pageLayout.setPrintTitleRows()' && !/^\$?\d+:\$?\d+$/.test(String(value?.[0]))) return `print title rows ${value?.[0]}`;
    if ((path === 'freezePanes.freezeRows()' || path === 'freezePanes.freezeColumns()') && !(Number.isInteger(value?.[0]) && value[0] >= 0)) return 'freeze count';
    return undefined;
  }

  /** The icon rule last started at each sheet and address: its style and whether custom icons or reversal were set. */
  private iconRules = new Map<string, { style: string; custom: boolean; reversed: boolean }>();

  private enqueue(sheet: FakeSheet | null, kind: Entry['kind'], apply: () => void): void {
    this.queue.push({ sheet, kind, apply });
  }

  private refusal(e: Entry): Error | undefined {
    if (e.sheet && (e.sheet.deleted || !this.sheets.includes(e.sheet))) return officeError('ItemNotFound');
    if (e.kind === 'struct' && this.workbookProtected) return officeError('AccessDenied', 'The workbook is protected: sheets cannot be added, deleted or renamed.');
    if (e.kind === 'write' && e.sheet?.protected) return officeError(e.sheet.protectionCode);
    const rule = e.op && this.rules.find((r) => r.when(e.op!));
    if (rule) return officeError(rule.code, rule.message);
    return undefined;
  }

  private fail(code: string, error: Error): never {
    this.failures.push({ sync: this.syncCount, code });
    throw error;
  }

  private async sync(): Promise<void> {
    this.syncCount++;
    const at = this.syncCount;
    for (const t of this.triggers) {
      if (t.done) continue;
      if (typeof t.when === 'number' ? t.when === at : t.when(this.current)) {
        t.done = true;
        t.action();
      }
    }
    const ops = this.current;
    const queue = this.queue;
    this.current = [];
    this.queue = [];
    // A rough size in UTF-8 bytes, for fault injection only: what Office.js really sends is measured with its own
    // request builder (office-js-sim.ts), several times this for formatting.
    const bytes = ops.reduce((n, op) => n + Buffer.byteLength(JSON.stringify({ a: op.address, p: op.path, v: op.value }), 'utf8'), 0);

    let fault: { code: string; message?: string; applyFirst: number } | undefined;
    const scheduled = this.faults.find((f) => f.at === at);
    if (this.failNextSyncs && this.failNextSyncs.times > 0) {
      this.failNextSyncs.times--;
      fault = { code: this.failNextSyncs.code, message: `fake ${this.failNextSyncs.code}`, applyFirst: 0 };
    } else if (this.cellEditMode) fault = { code: 'InvalidOperationInCellEditMode', applyFirst: 0 };
    else if (scheduled) {
      const applyFirst = scheduled.applyFirst === 'half' ? Math.floor(queue.length / 2) : scheduled.applyFirst;
      fault = scheduled.message === undefined ? { code: scheduled.code, applyFirst } : { code: scheduled.code, message: scheduled.message, applyFirst };
    } else if (bytes > this.maxRequestBytes) fault = { code: 'RequestPayloadSizeLimitExceeded', applyFirst: 0 };
    const raise = (f: NonNullable<typeof fault>) => this.fail(f.code, officeError(f.code, f.message));

    this.answer = 0;
    let applied = 0;
    for (const e of queue) {
      if (fault && applied >= fault.applyFirst) raise(fault);
      const refused = this.refusal(e);
      if (refused) this.fail((refused as { code?: string }).code ?? '', refused);
      try {
        e.apply();
      } catch (err) {
        this.fail((err as { code?: string }).code ?? '', err as Error);
      }
      applied++;
    }
    if (fault) raise(fault);
    if (this.answer > this.maxResponseBytes) this.fail('ResponsePayloadSizeLimitExceeded', officeError('ResponsePayloadSizeLimitExceeded'));
    if (this.answer > 0) this.responses.push(this.answer);
    this.requests.push({ ops, bytes });
  }

  /** A generic recorder: property sets and method calls are recorded; reads return what was set. */
  private recorder(sheet: FakeSheet | null, address: string, path: string): any {
    const store: Record<string, unknown> = {};
    const fn = function () {};
    return new Proxy(fn, {
      get: (_t, prop) => {
        if (typeof prop === 'symbol') return undefined;
        if (prop === 'then') return undefined;
        if (prop === 'load') return () => undefined;
        if (prop in store) return store[prop];
        const child = this.recorder(sheet, address, path ? `${path}.${prop}` : prop);
        store[prop] = child;
        return child;
      },
      set: (_t, prop, value) => {
        store[prop as string] = value;
        this.record(sheet, address, path ? `${path}.${String(prop)}` : String(prop), value);
        return true;
      },
      apply: (_t, _this, args) => {
        const shown = args.map((a: any) => (typeof a === 'function' && a[RANGE_ADDRESS] ? { range: a[RANGE_ADDRESS] } : a));
        this.record(sheet, address, `${path}()`, shown);
        return this.recorder(sheet, address, `${path}()`);
      },
    });
  }

  private loadable<T extends object>(target: T, fill: () => void, sheet: FakeSheet | null = null): T & { load: (p?: unknown) => T } {
    let loaded = false;
    const t = target as T & { load: (p?: unknown) => T };
    t.load = () => {
      this.enqueue(sheet, 'read', () => {
        fill();
        loaded = true;
      });
      return t;
    };
    return new Proxy(t, {
      get: (obj, prop) => {
        if (prop === 'load' || prop === 'then' || typeof prop === 'symbol') return (obj as any)[prop];
        if (!loaded && !(prop in obj)) throw new NotLoaded(`fake: property ${String(prop)} read before load + sync`);
        return (obj as any)[prop];
      },
    });
  }

  private rangeOf(sheet: FakeSheet, address: string): any {
    const fake = this;
    const rec = this.recorder(sheet, address, '');
    const box = parseAddress(address);
    const data: Record<string, unknown> = {};
    let loaded = false;
    const api = {
      load() {
        fake.enqueue(sheet, 'read', () => {
          const values: unknown[][] = [];
          const types: string[][] = [];
          const formats: string[][] = [];
          for (let r = box.top; r <= box.bottom; r++) {
            values.push([]);
            types.push([]);
            formats.push([]);
            for (let c = box.left; c <= box.right; c++) {
              const cell = sheet.get(r, c);
              values[values.length - 1]!.push(cell?.value ?? '');
              types[types.length - 1]!.push(cell?.type ?? 'Empty');
              formats[formats.length - 1]!.push(cell?.format ?? 'General');
            }
          }
          Object.assign(data, { values, valueTypes: types, numberFormat: formats });
          fake.answer += JSON.stringify(data).length;
          loaded = true;
        });
        return proxy;
      },
      select() {
        fake.record(sheet, address, 'select()', [], 'view', () => (fake.selected = { sheet: sheet.name, address }));
      },
      getMergedAreasOrNullObject() {
        return fake.mergedAreas(sheet, box);
      },
      // Office.js's own bookkeeping (no command of its own): releasing the reference Excel.run keeps.
      untrack() {
        return proxy;
      },
    };
    const proxy: any = new Proxy(rec, {
      get: (_t, prop) => {
        if (prop === RANGE_ADDRESS) return address;
        if (prop === 'load' || prop === 'select' || prop === 'untrack' || prop === 'getMergedAreasOrNullObject') return (api as any)[prop];
        if (prop === 'values' || prop === 'valueTypes' || prop === 'numberFormat') {
          if (!loaded) throw new NotLoaded(`fake: range ${prop} read before load + sync`);
          return data[prop];
        }
        return rec[prop];
      },
      set: (_t, prop, value) => {
        if (prop === 'values' || prop === 'numberFormat') {
          const rows = value as unknown[][];
          if (rows.length !== box.bottom - box.top + 1 || rows.some((r) => r.length !== box.right - box.left + 1)) {
            throw new Error(`fake: ${String(prop)} of ${rows.length} rows does not fit ${address}`);
          }
          fake.record(sheet, address, String(prop), value, 'write', () =>
            rows.forEach((row, i) =>
              row.forEach((v, j) => {
                if (prop === 'values') {
                  // Excel's typing rules: an apostrophe makes text (not part of the value); = + - @ make a formula;
                  // numbers, percentages, dates and TRUE/FALSE written as text become numbers and booleans.
                  sheet.set(box.top + i, box.left + j, excelStores(v));
                } else sheet.set(box.top + i, box.left + j, { format: v as string });
              }),
            ),
          );
          return true;
        }
        rec[prop as string] = value;
        return true;
      },
    });
    return proxy;
  }

  private usedRange(sheet: FakeSheet): any {
    const fake = this;
    const obj: Record<string, any> = this.loadable(
      {} as Record<string, any>,
      () => {
        let top = Infinity;
        let left = Infinity;
        let bottom = -1;
        let right = -1;
        for (const [k, v] of sheet.cells) {
          if (v.value === '' || v.value === null) continue;
          const [r, c] = k.split(',').map(Number) as [number, number];
          top = Math.min(top, r);
          left = Math.min(left, c);
          bottom = Math.max(bottom, r);
          right = Math.max(right, c);
        }
        if (bottom < 0) Object.assign(obj, { isNullObject: true });
        else Object.assign(obj, { isNullObject: false, rowIndex: top, columnIndex: left, rowCount: bottom - top + 1, columnCount: right - left + 1 });
      },
      sheet,
    );
    obj.getMergedAreasOrNullObject = () => fake.mergedAreas(sheet, null);
    return obj;
  }

  /**
   * `getMergedAreasOrNullObject()` of a range (null: the used range): Excel fails the request above 512 areas
   * (the typings: "will fail to return the result").
   */
  private mergedAreas(sheet: FakeSheet, box: { top: number; left: number; bottom: number; right: number } | null): any {
    const m: Record<string, unknown> = this.loadable(
      {},
      () => {
        const within = sheet.merges.filter((a) => {
          if (!box) return true;
          const b = parseAddress(a);
          return b.top <= box.bottom && b.bottom >= box.top && b.left <= box.right && b.right >= box.left;
        });
        if (within.length > MAX_MERGED_AREAS) throw officeError('GeneralException');
        Object.assign(m, within.length === 0 ? { isNullObject: true } : { isNullObject: false, address: within.map((a) => `${sheet.name}!${a}`).join(', ') });
      },
      sheet,
    );
    return m;
  }

  private sheetApi(sheet: FakeSheet): any {
    const fake = this;
    const rec = this.recorder(sheet, '', '');
    const api: Record<string, unknown> = {
      getRange: (address: string) => fake.rangeOf(sheet, address),
      getUsedRangeOrNullObject: () => fake.usedRange(sheet),
      activate: () => fake.record(sheet, '', 'activate()', [], 'view', () => (fake.activeSheet = fake.sheets.indexOf(sheet))),
      delete: () => fake.record(sheet, '', 'delete()', [], 'struct', () => (sheet.deleted = true)),
      load: () => undefined,
      protection: {
        get protected() {
          return sheet.protected;
        },
        load: () => undefined,
      },
      tables: {
        add: (address: string, hasHeaders: boolean) => {
          const t = { name: '', address, seq: fake.ops.length } as { name: string; address: string; style?: string; seq: number };
          fake.record(sheet, address, 'tables.add()', [address, hasHeaders], 'write', () => sheet.tables.push(t));
          return new Proxy(t, {
            set: (o, p, v) => {
              (o as any)[p] = v;
              if (p === 'name') {
                // Excel refuses a table name that is not a valid name or that a table or defined name already has.
                fake.record(sheet, address, 'table.name', v, 'write', () => {
                  const name = String(v);
                  const lower = name.toLowerCase();
                  const clash =
                    fake.sheets.some((s) => !s.deleted && s.tables.some((x) => x !== t && x.name.toLowerCase() === lower)) || fake.definedNames.some((n) => n.toLowerCase() === lower);
                  if (!isValidTableName(name) || clash) throw officeError('InvalidArgument');
                });
              } else fake.record(sheet, address, `table.${String(p)}`, v);
              return true;
            },
          });
        },
      },
    };
    return new Proxy(rec, {
      get: (_t, prop) => {
        if (prop === 'name') return sheet.name;
        if (prop === 'id') return sheet.id;
        if (prop === 'visibility') return sheet.visibility;
        if (prop === 'isNullObject') return false;
        if (typeof prop === 'string' && prop in api) return api[prop];
        return rec[prop];
      },
      set: (_t, prop, value) => {
        if (prop === 'visibility') {
          fake.record(sheet, '', 'visibility', value, 'write', () => (sheet.visibility = String(value)));
          return true;
        }
        if (prop === 'name') {
          fake.record(sheet, '', 'name', value, 'struct', () => {
            const taken = fake.sheets.some((s) => s !== sheet && !s.deleted && s.name.toLowerCase() === String(value).toLowerCase());
            if (taken) throw officeError('ItemAlreadyExists');
            sheet.name = String(value);
          });
          return true;
        }
        rec[prop as string] = value;
        return true;
      },
    });
  }

  private makeContext(): Excel.RequestContext {
    const fake = this;
    const live = () => fake.sheets.filter((s) => !s.deleted);
    // A null object says it is one only after a sync, as in Excel (isNullObject is a loaded property).
    const nullObject = () => {
      const o = fake.loadable({ load: () => o, delete: () => undefined, activate: () => undefined }, () => Object.assign(o, { isNullObject: true }));
      o.load();
      return o;
    };
    const findSheet = (key: string) => live().find((s) => s.id === key || s.name.toLowerCase() === key.toLowerCase());
    const worksheets = {
      get items() {
        fake.checkLoaded('worksheets');
        return live().map((s) => fake.sheetApi(s));
      },
      load: () => fake.loadCollection('worksheets'),
      getActiveWorksheet: () => fake.sheetApi(fake.sheets[fake.activeSheet]!),
      getItem: (key: string) => {
        const s = findSheet(key);
        if (s) return fake.sheetApi(s);
        // Excel answers ItemNotFound at the next sync, for the lookup and anything done with it.
        const ghost = new FakeSheet(`{missing ${key}}`, key);
        ghost.deleted = true;
        fake.enqueue(ghost, 'read', () => {});
        return fake.sheetApi(ghost);
      },
      getItemOrNullObject: (key: string) => {
        const s = findSheet(key);
        return s ? fake.sheetApi(s) : nullObject();
      },
      add: (name: string) => {
        const s = new FakeSheet(`{S${fake.nextId++}}`, name);
        fake.record(null, '', 'worksheets.add()', [name], 'struct', () => {
          if (findSheet(name)) throw officeError('ItemAlreadyExists');
          fake.sheets.push(s);
        });
        return fake.sheetApi(s);
      },
    };
    const tables = {
      get items() {
        fake.checkLoaded('tables');
        return live().flatMap((s) => s.tables.map((t) => ({ name: t.name })));
      },
      load: () => fake.loadCollection('tables'),
    };
    const names = {
      get items() {
        fake.checkLoaded('names');
        return fake.definedNames.map((name) => ({ name }));
      },
      load: () => fake.loadCollection('names'),
    };
    const customXmlParts = {
      getByNamespace: (ns: string) => {
        const items = () =>
          fake.xmlParts
            .filter((p) => !p.deleted && p.xml.includes(`xmlns="${ns}"`))
            .map((p) => ({
              id: p.id,
              getXml: () => {
                const result = { value: undefined as unknown as string };
                fake.enqueue(null, 'read', () => {
                  result.value = p.xml;
                  fake.answer += Buffer.byteLength(JSON.stringify(p.xml), 'utf8');
                });
                return result;
              },
              delete: () => fake.record(null, '', 'customXmlParts.delete()', [p.id], 'write', () => (p.deleted = true)),
            }));
        const coll = fake.loadable({} as { items: ReturnType<typeof items> }, () => {
          coll.items = items();
        });
        return coll;
      },
      add: (xml: string) => {
        fake.record(null, '', 'customXmlParts.add()', [xml], 'write', () => fake.xmlParts.push({ id: `part${fake.xmlParts.length + 1}`, xml, deleted: false }));
      },
    };
    const application = {
      suspendScreenUpdatingUntilNextSync: () => fake.record(null, '', 'application.suspendScreenUpdatingUntilNextSync()', [], 'view'),
      suspendApiCalculationUntilNextSync: () => fake.record(null, '', 'application.suspendApiCalculationUntilNextSync()', [], 'view'),
      calculate: (type: string) => fake.record(null, '', 'application.calculate()', [type], 'view'),
    };
    const protection = {
      get protected() {
        return fake.workbookProtected;
      },
      load: () => undefined,
    };
    return {
      workbook: { worksheets, tables, names, customXmlParts, application, protection },
      application,
      sync: () => fake.sync(),
    } as unknown as Excel.RequestContext;
  }
}

/** Every ExcelApi set up to `max` supported. */
export function officeWith(max: number, officeTheme?: { bodyBackgroundColor: string }) {
  return {
    context: {
      requirements: { isSetSupported: (name: string, v?: string) => name === 'ExcelApi' && Number((v ?? '1.1').split('.')[1]) <= max },
      ...(officeTheme ? { officeTheme } : {}),
    },
  };
}

export { cellAddress };
