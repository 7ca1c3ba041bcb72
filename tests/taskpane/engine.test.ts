/** @jest-environment jsdom */
import { deserialize, serialize } from 'node:v8';
import { engineWorker, pageEngine, workerEngine, type EngineRequest, type EngineResponse } from '../../src/taskpane/engine';
import { runPipeline } from '../../src/domain/pipeline';
import { makeResultView, PIECE_ITEMS, registerInWorker, ResultJoiner, resultView, splitResult, type ResultPiece } from '../../src/taskpane/result-transfer';
import { trackerWorkbook } from './fake-host';
import { renderReportHtml } from '../../src/render/report-html';

/** Runs the worker's own protocol code in-process, each message copied as postMessage copies it and delivered as its own task. */
class InProcessWorker {
  static made = 0;
  static loads = 0;
  static messages = 0;
  onmessage: ((e: MessageEvent<EngineResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  private readonly handle = engineWorker((m) => {
    InProcessWorker.messages++;
    const copy = deserialize(serialize(m)) as EngineResponse;
    setTimeout(() => this.onmessage?.({ data: copy } as MessageEvent<EngineResponse>), 0);
  });
  constructor() {
    InProcessWorker.made++;
  }
  postMessage(m: EngineRequest) {
    if (m.type === 'load') InProcessWorker.loads++;
    this.handle(deserialize(serialize(m)) as EngineRequest);
  }
  terminate() {}
}

/** A worker whose script fails to load (wrong path, blocked by policy). */
class BrokenWorker {
  onmessage: unknown = null;
  onerror: ((e: { preventDefault(): void }) => void) | null = null;
  postMessage() {
    setTimeout(() => this.onerror?.({ preventDefault: () => undefined }), 0);
  }
  terminate() {}
}

afterEach(() => {
  delete (globalThis as { Worker?: unknown }).Worker;
});

describe('the engine runner', () => {
  test('without Worker support it runs on the page, with the same result as the engine', async () => {
    const wb = trackerWorkbook();
    const e = workerEngine();
    expect(e.kind).toBe('page');
    const r = await e.analyse(wb, {}, {});
    expect(r.report.rows).toEqual(runPipeline(wb, {}, {}).report.rows);
    expect((await pageEngine().analyse(wb, {}, { period: { quarter: 'Q3', financialYear: '2017-18' } })).period.quarter).toBe('Q3');
  });

  test('in a worker, the workbook is sent once and re-runs only send the settings', async () => {
    (globalThis as { Worker?: unknown }).Worker = InProcessWorker;
    InProcessWorker.made = 0;
    InProcessWorker.loads = 0;
    const wb = trackerWorkbook();
    const e = workerEngine();
    const a = await e.analyse(wb, {}, {});
    const b = await e.analyse(wb, { statusSynonyms: { 'some-delay': ['Wobbly'] } }, {});
    expect(e.kind).toBe('worker');
    expect(InProcessWorker.made).toBe(1);
    expect(InProcessWorker.loads).toBe(1);
    expect(a.unknownStatuses).toEqual(['Wobbly']);
    expect(b.unknownStatuses).toEqual([]);
    expect(b.register.map((m) => m.id)).toContain('P1.3');
  });

  test('a worker that fails to load hands its pending work to the page', async () => {
    (globalThis as { Worker?: unknown }).Worker = BrokenWorker;
    const e = workerEngine();
    const r = await e.analyse(trackerWorkbook(), {}, {});
    expect(r.register.length).toBe(3);
    expect(e.kind).toBe('page');
  });
});

describe('the engine result from the worker comes in pieces (no frozen pane while a big result arrives)', () => {
  /** The small tracker's rows repeated to about 6,000 tracker rows, with ids made unique. */
  function bigWorkbook() {
    const wb = trackerWorkbook();
    const sheet = wb.sheets[0]!;
    const [title, blank, header, ...data] = sheet.rows;
    const rows = [title!, blank!, header!];
    for (let n = 0; rows.length < 6000; n++) for (const r of data) rows.push(r.map((v, c) => (c === 0 && typeof v === 'string' ? `${v}-${n}` : v)));
    return { ...wb, sheets: [{ ...sheet, rows }] };
  }

  test('a 6,000-row result arrives as many short messages and is the same result, issue list shared as before', async () => {
    (globalThis as { Worker?: unknown }).Worker = InProcessWorker;
    InProcessWorker.messages = 0;
    const wb = bigWorkbook();
    const direct = runPipeline(wb, {}, {});
    const viaWorker = await workerEngine().analyse(wb, {}, {});
    expect(viaWorker).toEqual(direct);
    expect(viaWorker.report.issues).toBe(viaWorker.issues);
    expect(direct.register.length).toBeGreaterThan(3000);
    // The register alone takes two or more pieces; every piece, the head and "done" are their own message.
    expect(InProcessWorker.messages).toBeGreaterThanOrEqual(Math.ceil(direct.register.length / PIECE_ITEMS) + Math.ceil(direct.issues.length / (3 * PIECE_ITEMS)) + 2);
  });

  test('split and joined: the same result for every piece size, the entries back in their themes', () => {
    const direct = runPipeline(bigWorkbook(), {}, {});
    for (const size of [1, 7, 2000, 1_000_000]) {
      const joiner = new ResultJoiner();
      const pieces = splitResult(direct, size);
      // No piece over its share: register rows `size`, other items (report headings count one each) three times that.
      for (const p of pieces) {
        if (p.kind === 'register') expect(p.items.length).toBeLessThanOrEqual(size);
        else if (p.kind === 'sections') expect(p.items.reduce((n, s) => n + 1 + s.themes.reduce((k, t) => k + 1 + t.entries.length, 0), 0)).toBeLessThanOrEqual(Math.max(3 * size, 1));
        else if (p.kind === 'themes') expect(p.items.reduce((n, t) => n + 1 + t.entries.length, 0)).toBeLessThanOrEqual(3 * size);
        else if (p.kind !== 'head') expect(p.items.length).toBeLessThanOrEqual(3 * size);
      }
      if (size === 1) expect(new Set(pieces.map((p) => p.kind))).toEqual(new Set(['head', 'register', 'issues', 'sections', 'themes', 'entries']));
      for (const piece of pieces) joiner.add(deserialize(serialize(piece)));
      const joined = joiner.done();
      expect(joined).toEqual(direct);
      expect(joined.report.issues).toBe(joined.issues);
    }
    // The register left in the worker: no piece of it, the rest the same, and the page's result says where it is.
    const kept = splitResult(direct, 7, undefined, true);
    expect(kept.some((p) => p.kind === 'register')).toBe(false);
    const keptJoiner = new ResultJoiner();
    for (const piece of kept) keptJoiner.add(deserialize(serialize(piece)));
    const withoutRegister = keptJoiner.done();
    expect(withoutRegister).toEqual({ ...direct, register: [] });
    expect(withoutRegister.report.rows.inRegister).toBe(direct.register.length);
    expect(registerInWorker(withoutRegister)).toBe(true);
    expect(registerInWorker(direct)).toBe(false);

    const apart = { ...direct, report: { ...direct.report, issues: direct.issues.slice(0, 5) } };
    const joiner = new ResultJoiner();
    for (const piece of splitResult(apart, 3)) joiner.add(piece);
    expect(joiner.done().report.issues).toEqual(apart.report.issues);
  });
});

describe('what the pane shows of a big result is made in the worker', () => {
  test("the head brings the years and the preview's HTML; the page takes them as they came, the same as made from the whole result", () => {
    const wb = trackerWorkbook();
    const direct = runPipeline(wb, {}, {});
    const made = makeResultView(direct);
    expect(made.years).toContain(direct.period.financialYear);
    expect(made.previewHtml).toContain('<table');

    const joiner = new ResultJoiner();
    const pieces = splitResult(direct, 2, made).map((p) => deserialize(serialize(p)) as ResultPiece);
    const sent = pieces[0]!.kind === 'head' ? pieces[0]!.view : undefined;
    expect(sent).toEqual(made);
    for (const p of pieces) joiner.add(p);
    const joined = joiner.done();
    // The copy that came with the head, not one made again from the joined register and report.
    expect(resultView(joined)).toBe(sent);
    // A result the page made itself has its view made on the page, the same.
    expect(resultView(direct)).toEqual(made);
  });
});

test("the preview's summary tables list 50 priorities of a tracker with more, and say so; the total row counts them all", () => {
  const direct = runPipeline(trackerWorkbook(), {}, {});
  const first = direct.report.sections[0]!;
  const sections = Array.from({ length: 60 }, (_, i) => ({ ...first, priority: `Priority ${i + 1}` }));
  const many = { ...direct, report: { ...direct.report, sections } };
  const holder = document.createElement('div');
  holder.innerHTML = makeResultView(many).previewHtml;
  const tables = [...holder.querySelectorAll('table')].filter((t) => t.querySelector('th')?.textContent === 'Priority');
  expect(tables.length).toBeGreaterThan(0);
  const rows = [...tables[0]!.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')?.textContent);
  expect(rows).toHaveLength(51);
  expect(rows.at(-2)).toContain('Priority 50');
  expect(rows.at(-1)).toBe('All priorities');
  expect(holder.textContent).toContain('The preview lists 50 of 60 priorities here');
  // The whole report (what Copy report puts on the clipboard) lists every one.
  expect(renderReportHtml(many.report).match(/Priority 60/g)?.length).toBeGreaterThanOrEqual(1);
});
