// A published snapshot: built from a pipeline result, written as a custom XML part's text and read back; comparing with
// it finds what comparing with the tracker it froze found.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { GridWorkbook } from '../../src/domain/grid';
import { previousFromWorkbook, runPipeline } from '../../src/domain/pipeline';
import { latestSnapshot, makeSnapshot, previousFromSnapshot, SnapshotSchema, type Snapshot } from '../../src/domain/snapshot';
import { SNAPSHOT_NAMESPACE, snapshotFromXml, snapshotHeaderFromXml, snapshotToXml, toBase64, fromBase64 } from '../../src/domain/snapshot-xml';

const DIR = path.resolve(__dirname, '../fixtures/compare');
function csvGrid(file: string): GridWorkbook {
  const lines = readFileSync(path.join(DIR, file), 'utf8').trim().split('\n');
  // The compare fixtures hold no quoted commas.
  return { source: file, sheets: [{ name: file.replace(/\.csv$/, ''), rows: lines.map((l) => l.split(',')), merges: [] }] };
}
const Q3 = { quarter: 'Q3', financialYear: '2017-18' } as const;
const Q4 = { quarter: 'Q4', financialYear: '2017-18' } as const;
const deflate = (b: Uint8Array) => new Uint8Array(zlib.deflateRawSync(b));
const inflate = (b: Uint8Array) => new Uint8Array(zlib.inflateRawSync(b));
const AT = new Date('2018-01-15T09:30:00.000Z');

function q3Snapshot(): Snapshot {
  const r = runPipeline(csvGrid('q3-2017-18.csv'), {}, { period: Q3 });
  return makeSnapshot(r, { scale: 'delivery', language: 'en-GB' }, AT);
}

describe('makeSnapshot', () => {
  test('freezes the period, settings, the report figures and every register row', () => {
    const s = q3Snapshot();
    expect(SnapshotSchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({ version: 1, id: '20180115T093000000Z', publishedAt: '2018-01-15T09:30:00.000Z', period: Q3, settings: { scale: 'delivery', language: 'en-GB' } });
    expect(s.milestones.map((m) => m.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    expect(s.milestones[0]).toEqual({
      id: 'C1', priority: 'Safer streets', theme: 'Knife crime', milestone: 'Launch the knife crime taskforce', owner: 'Cdr Reid',
      dueQuarter: 'Q3', dueFinancialYear: '2017-18', status: 'some-delay', update: 'Recruitment of the team is behind plan.',
      completed: null, source: { sheet: 'q3-2017-18', row: 2 },
    });
    expect(s.report.dueIds).toEqual(['C1', 'C3']);
    expect(s.report.delayedIds).toEqual(['C5']);
    expect(s.report.summary).toEqual({ delivered: 0, 'on-track': 1, 'some-delay': 1 });
  });

  test('a row whose quarter column says otherwise for the published quarter keeps the status reported', () => {
    const grid: GridWorkbook = { source: 't', sheets: [{ name: 'T', merges: [], rows: [
      ['Ref', 'Milestone', 'Due', 'Q2 2017-18 status', 'Q3 2017-18 status', 'Status'],
      ['A1', 'Open the hub', 'Q4 2017-18', 'Green', 'Amber', 'Amber'],
      ['A2', 'Close the annex', 'Q4 2017-18', 'Amber', 'Green', 'Green'],
    ] }] };
    const r = runPipeline(grid, {}, { period: { quarter: 'Q2', financialYear: '2017-18' } });
    const s = makeSnapshot(r, {}, AT);
    expect(s.milestones.map((m) => [m.id, m.status, m.reportedStatus])).toEqual([['A1', 'some-delay', 'on-track'], ['A2', 'on-track', 'some-delay']]);
    expect(previousFromSnapshot(s).register.map((m) => m.status)).toEqual(['on-track', 'some-delay']);
  });
});

describe('snapshot XML', () => {
  test.each([['as JSON', {}, {}], ['deflated', { deflate }, { inflate }]])('round trip %s', (_, w, r) => {
    const s = q3Snapshot();
    const xml = snapshotToXml(s, w);
    expect(xml).toContain(`<snapshot xmlns="${SNAPSHOT_NAMESPACE}" version="1" id="20180115T093000000Z" publishedAt="2018-01-15T09:30:00.000Z" quarter="Q3" financialYear="2017-18" rows="7">`);
    expect(snapshotFromXml(xml, r)).toEqual({ ok: true, snapshot: s });
    expect(snapshotHeaderFromXml(xml)).toEqual({ ok: true, header: { id: s.id, publishedAt: s.publishedAt, period: Q3, rows: 7 } });
  });

  test('text that is markup, formulas, U+FFFF and astral characters comes back as written', () => {
    const s = q3Snapshot();
    const odd = '=HYPERLINK("x")</payload> & <b>"quoted"</b> \uFFFF \u{1F600} ]]> \r\n\t';
    s.milestones[0]!.update = odd;
    s.milestones[1]!.source.sheet = 'Sheet "A" & <B>';
    const xml = snapshotToXml(s);
    const back = snapshotFromXml(xml);
    expect(back.ok && back.snapshot.milestones[0]!.update).toBe(odd);
    expect(back.ok && back.snapshot.milestones[1]!.source.sheet).toBe('Sheet "A" & <B>');
    expect(xml).not.toMatch(/[\uFFFE\uFFFF]/);
  });

  test('a register written in many pieces (thousands of rows, several sheets, astral characters) comes back row for row', () => {
    const s = q3Snapshot();
    const base = s.milestones[0]!;
    s.milestones = Array.from({ length: 3000 }, (_, i) => ({
      ...base, id: `R${i}`, update: `Update ${i} \u{1F600} ${'x'.repeat(i % 90)}`, source: { sheet: `Sheet ${i % 7}`, row: i + 2 },
      ...(i % 5 === 0 ? { reportedStatus: i % 10 === 0 ? null : 'on-track' } : {}),
    }));
    for (const [w, r] of [[{}, {}], [{ deflate }, { inflate }]] as const) {
      const xml = snapshotToXml(s, w);
      expect(snapshotFromXml(xml, r)).toEqual({ ok: true, snapshot: s });
    }
  });

  test('a prefixed root (as another producer may write it) reads', () => {
    const xml = snapshotToXml(q3Snapshot()).replace('<snapshot xmlns=', '<ns0:snapshot xmlns:ns0=').replace(/<(\/?)payload/g, '<$1ns0:payload').replace('</snapshot>', '</ns0:snapshot>');
    expect(snapshotFromXml(xml).ok).toBe(true);
  });

  test.each([
    ['not a snapshot', (x: string) => x.replace(/snapshot/g, 'settings'), /no snapshot element/],
    ['a newer namespace', (x: string) => x.replace(SNAPSHOT_NAMESPACE, 'urn:milestone-register:snapshot:2'), /newer version/],
    ['a newer version', (x: string) => x.replace('version="1"', 'version="2"'), /version is 2/],
    ['broken JSON', (x: string) => x.replace('"rows":[[', '"rows":[[[,'), /not valid JSON/],
    ['a row count that disagrees', (x: string) => x.replace('rows="7"', 'rows="8"'), /says 8 rows but holds 7/],
    ['a bad status', (x: string) => x.replace('"2017-18","some-delay"', '"2017-18","Some Delay!"'), /milestones\.0\.status/],
    ['no payload', (x: string) => x.replace(/<payload[\s\S]*<\/payload>/, ''), /no payload/],
  ])('%s: an issue, never a throw', (_, damage, why) => {
    const r = snapshotFromXml(damage(snapshotToXml(q3Snapshot())));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issue).toMatchObject({ severity: 'warning', code: 'snapshot-unreadable' });
      expect(r.issue.message).toMatch(why);
    }
  });

  test('a damaged compressed payload, or one read without a decompressor: an issue', () => {
    const xml = snapshotToXml(q3Snapshot(), { deflate });
    expect(snapshotFromXml(xml)).toMatchObject({ ok: false, issue: { message: expect.stringMatching(/no decompressor/) } });
    const broken = xml.replace(/(encoding="deflate-base64">)(.{40})/, (_, a: string, b: string) => a + b.split('').reverse().join(''));
    expect(snapshotFromXml(broken, { inflate })).toMatchObject({ ok: false, issue: { code: 'snapshot-unreadable' } });
    expect(snapshotFromXml(xml.replace('encoding="deflate-base64">', 'encoding="deflate-base64">*'), { inflate })).toMatchObject({ ok: false, issue: { message: expect.stringMatching(/base64/) } });
  });

  test('base64 matches Node\'s for every length mod 3', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 30000, 196607, 196608, 196609, 400001]) {
      const b = new Uint8Array(n).map((_, i) => (i * 7919) & 255);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(fromBase64(toBase64(b))).toEqual(b);
    }
  });
});

describe('comparing with a snapshot', () => {
  test('gives the changes comparing with the tracker it froze gives', () => {
    const current = csvGrid('q4-2017-18.csv');
    const tracker = previousFromWorkbook(csvGrid('q3-2017-18.csv'), {}, 'q3-2017-18.csv', { period: Q3 });
    if (!tracker.ok) throw new Error('fixture');
    const viaTracker = runPipeline(current, {}, { period: Q4, previous: tracker.previous });
    const back = snapshotFromXml(snapshotToXml(q3Snapshot(), { deflate }), { inflate });
    if (!back.ok) throw new Error(back.issue.message);
    const prev = previousFromSnapshot(back.snapshot);
    expect(prev.source).toBe('the Q3 2017-18 report published on 15 January 2018');
    const viaSnapshot = runPipeline(current, {}, { period: Q4, previous: prev });
    expect(viaSnapshot.report.changes).toEqual({ ...viaTracker.report.changes, previous: { ...viaTracker.report.changes!.previous, source: prev.source } });
    expect(viaSnapshot.report.changes!.counts).toEqual({ deliveredSince: 2, newlyDelayed: 2, recovered: 1, dueMoved: 1, new: 1, dropped: 1 });
    expect(viaSnapshot.previousStatus).toEqual(viaTracker.previousStatus);
  });

  test('latestSnapshot: by publishing time', () => {
    const a = { id: 'a', publishedAt: '2018-01-15T09:30:00.000Z' };
    const b = { id: 'b', publishedAt: '2018-04-02T09:30:00.000Z' };
    expect(latestSnapshot([b, a])).toBe(b);
    expect(latestSnapshot([])).toBeUndefined();
  });
});
