// A small recording fake of the Excel JavaScript API calls the adapter makes: it keeps cells per sheet, records
// every write with its sheet and address, groups them into requests at each sync and enforces load-before-read.
import { cellAddress } from '../../../src/domain/grid';

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

class NotLoaded extends Error {}

const RANGE_ADDRESS = Symbol('range address');

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
  /** Size in bytes of each successful answer that carried loaded data. */
  responses: number[] = [];
  /** Throw this error code from the next N syncs (e.g. cell-edit mode). */
  failNextSyncs: { code: string; times: number } | null = null;
  private current: Op[] = [];
  private answer = 0;
  private afterSync: (() => void)[] = [];
  private nextId = 1;
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

  /** `Excel.run` for the adapter: the batch gets this fake's context. */
  run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => batch(this.context);

  private record(sheet: string, address: string, path: string, value: unknown): void {
    const op: Op = { sheet, address, path, value, seq: this.ops.length };
    this.ops.push(op);
    this.current.push(op);
  }

  private async sync(): Promise<void> {
    this.syncCount++;
    if (this.failNextSyncs && this.failNextSyncs.times > 0) {
      this.failNextSyncs.times--;
      this.current = [];
      this.afterSync = [];
      throw Object.assign(new Error(`fake ${this.failNextSyncs.code}`), { name: 'RichApi.Error', code: this.failNextSyncs.code, debugInfo: {} });
    }
    const bytes = this.current.reduce((n, op) => n + JSON.stringify({ a: op.address, p: op.path, v: op.value }).length, 0);
    const run = this.afterSync;
    this.afterSync = [];
    this.answer = 0;
    for (const f of run) f();
    if (this.answer > this.maxResponseBytes) {
      this.current = [];
      throw Object.assign(new Error('fake response too large'), { name: 'RichApi.Error', code: 'ResponsePayloadSizeLimitExceeded', debugInfo: {} });
    }
    if (this.answer > 0) this.responses.push(this.answer);
    this.requests.push({ ops: this.current, bytes });
    this.current = [];
  }

  /** A generic recorder: property sets and method calls are recorded; reads return what was set. */
  private recorder(sheet: () => string, address: string, path: string): any {
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
        this.record(sheet(), address, path ? `${path}.${String(prop)}` : String(prop), value);
        return true;
      },
      apply: (_t, _this, args) => {
        const shown = args.map((a: any) => (typeof a === 'function' && a[RANGE_ADDRESS] ? { range: a[RANGE_ADDRESS] } : a));
        this.record(sheet(), address, `${path}()`, shown);
        return this.recorder(sheet, address, `${path}()`);
      },
    });
  }

  private loadable<T extends object>(target: T, fill: () => void): T & { load: (p?: unknown) => T } {
    let loaded = false;
    const t = target as T & { load: (p?: unknown) => T };
    t.load = () => {
      this.afterSync.push(() => {
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
    const rec = this.recorder(() => sheet.name, address, '');
    const box = parseAddress(address);
    const data: Record<string, unknown> = {};
    let loaded = false;
    const api = {
      load() {
        fake.afterSync.push(() => {
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
        fake.record(sheet.name, address, 'select()', []);
        fake.afterSync.push(() => (fake.selected = { sheet: sheet.name, address }));
      },
    };
    const proxy: any = new Proxy(rec, {
      get: (_t, prop) => {
        if (prop === RANGE_ADDRESS) return address;
        if (prop === 'load' || prop === 'select') return (api as any)[prop];
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
          fake.record(sheet.name, address, String(prop), value);
          rows.forEach((row, i) =>
            row.forEach((v, j) => {
              if (prop === 'values') {
                // Excel's typing rules: a leading apostrophe makes text (and is not part of the value).
                const text = typeof v === 'string' && v.startsWith("'");
                const value = text ? (v as string).slice(1) : v;
                const type = text ? 'String' : typeof v === 'string' && v.startsWith('=') ? 'Formula' : typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : v === '' ? 'Empty' : 'String';
                sheet.set(box.top + i, box.left + j, { value, type });
              } else sheet.set(box.top + i, box.left + j, { format: v as string });
            }),
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
    const obj: Record<string, any> = this.loadable({} as Record<string, any>, () => {
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
    });
    obj.getMergedAreasOrNullObject = () => {
      const m: Record<string, unknown> = fake.loadable({} as Record<string, unknown>, () => {
        Object.assign(m, sheet.merges.length === 0 ? { isNullObject: true } : { isNullObject: false, address: sheet.merges.map((a) => `${sheet.name}!${a}`).join(', ') });
      });
      return m;
    };
    return obj;
  }

  private sheetApi(sheet: FakeSheet): any {
    const fake = this;
    const rec = this.recorder(() => sheet.name, '', '');
    const api: Record<string, unknown> = {
      getRange: (address: string) => fake.rangeOf(sheet, address),
      getUsedRangeOrNullObject: () => fake.usedRange(sheet),
      activate: () => {
        fake.record(sheet.name, '', 'activate()', []);
        fake.afterSync.push(() => (fake.activeSheet = fake.sheets.indexOf(sheet)));
      },
      delete: () => {
        fake.record(sheet.name, '', 'delete()', []);
        fake.afterSync.push(() => (sheet.deleted = true));
      },
      load: () => undefined,
      tables: {
        add: (address: string, hasHeaders: boolean) => {
          fake.record(sheet.name, address, 'tables.add()', [address, hasHeaders]);
          const t = { name: '', address, seq: fake.ops.length - 1 } as { name: string; address: string; style?: string; seq: number };
          sheet.tables.push(t);
          return new Proxy(t, {
            set: (o, p, v) => {
              (o as any)[p] = v;
              fake.record(sheet.name, address, `table.${String(p)}`, v);
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
        rec[prop as string] = value;
        return true;
      },
    });
  }

  private makeContext(): Excel.RequestContext {
    const fake = this;
    const live = () => fake.sheets.filter((s) => !s.deleted);
    const nullObject = { isNullObject: true, load: () => undefined, delete: () => undefined, activate: () => undefined };
    const findSheet = (key: string) => live().find((s) => s.id === key || s.name.toLowerCase() === key.toLowerCase());
    const worksheets = {
      get items() {
        return live().map((s) => fake.sheetApi(s));
      },
      load: () => undefined,
      getActiveWorksheet: () => fake.sheetApi(fake.sheets[fake.activeSheet]!),
      getItem: (key: string) => {
        const s = findSheet(key);
        if (!s) throw new Error(`fake: ItemNotFound ${key}`);
        return fake.sheetApi(s);
      },
      getItemOrNullObject: (key: string) => {
        const s = findSheet(key);
        return s ? fake.sheetApi(s) : nullObject;
      },
      add: (name: string) => {
        if (findSheet(name)) throw new Error(`fake: ItemAlreadyExists ${name}`);
        fake.record('', '', 'worksheets.add()', [name]);
        const s = new FakeSheet(`{S${fake.nextId++}}`, name);
        fake.sheets.push(s);
        return fake.sheetApi(s);
      },
    };
    const tables = {
      get items() {
        return live().flatMap((s) => s.tables.map((t) => ({ name: t.name })));
      },
      load: () => undefined,
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
                fake.afterSync.push(() => (result.value = p.xml));
                return result;
              },
              delete: () => {
                fake.record('', '', 'customXmlParts.delete()', [p.id]);
                fake.afterSync.push(() => (p.deleted = true));
              },
            }));
        const coll = fake.loadable({} as { items: ReturnType<typeof items> }, () => {
          coll.items = items();
        });
        return coll;
      },
      add: (xml: string) => {
        fake.record('', '', 'customXmlParts.add()', [xml]);
        fake.afterSync.push(() => fake.xmlParts.push({ id: `part${fake.xmlParts.length + 1}`, xml, deleted: false }));
      },
    };
    const application = {
      suspendScreenUpdatingUntilNextSync: () => fake.record('', '', 'application.suspendScreenUpdatingUntilNextSync()', []),
      suspendApiCalculationUntilNextSync: () => fake.record('', '', 'application.suspendApiCalculationUntilNextSync()', []),
    };
    return {
      workbook: { worksheets, tables, customXmlParts, application },
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
