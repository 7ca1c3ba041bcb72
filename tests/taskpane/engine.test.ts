/** @jest-environment jsdom */
import { deserialize, serialize } from 'node:v8';
import { pageEngine, workerEngine, type EngineRequest, type EngineResponse } from '../../src/taskpane/engine';
import { runPipeline } from '../../src/domain/pipeline';
import { trackerWorkbook } from './fake-host';

/** Runs the worker's protocol in-process, as dist/pipeline-worker.js does in the browser. */
class InProcessWorker {
  static made = 0;
  static loads = 0;
  onmessage: ((e: MessageEvent<EngineResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  private book: unknown;
  constructor() {
    InProcessWorker.made++;
  }
  postMessage(m: EngineRequest) {
    if (m.type === 'load') {
      InProcessWorker.loads++;
      this.book = deserialize(serialize(m.workbook));
      return;
    }
    const result = runPipeline(this.book as never, m.config, m.options);
    setTimeout(() => this.onmessage?.({ data: { id: m.id, result } } as MessageEvent<EngineResponse>), 0);
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
