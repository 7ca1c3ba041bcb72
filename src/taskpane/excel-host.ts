// Inside Excel: the pane's actions go through the Office adapter's session (the only code that touches Excel).
import { runExcel, type ExcelRunner } from '../adapters/office/excel-run';
import { createExcelSession, type ExcelSession, type OfficeHostLike, type SessionOptions } from '../adapters/office/excel-session';
import { makeIssue, type Issue } from '../domain/issue';
import { cancelledIssue } from '../domain/cancelled-issue';
import { isCancelled } from '../shared/long-work';
import type { PipelineResult } from '../domain/pipeline';
import { renderIssuesSheet } from '../render/issues-sheet';
import { renderRegisterSheet } from '../render/register-sheet';
import { formatQuarter } from '../domain/quarter';
import { reportScale } from '../domain/report-model';
import { makeSnapshot, previousFromSnapshot, publishedDateText } from '../domain/snapshot';
import type { SnapshotHeader } from '../domain/snapshot-xml';
import { renderReportSheet } from '../render/report-sheet';
import type { SheetLayout } from '../render/sheet-layout';
import type { HostOutcome, PaneHost, Progress, PublishedItem, PublishedReports } from './pane-host';
import { renderInTurns } from './render-in-turns';

export interface ExcelHostOptions extends SessionOptions {
  /** The publishing time of a snapshot (tests fix it). */
  now?: () => Date;
}

export function createExcelHost(office: OfficeHostLike, run: ExcelRunner, options: ExcelHostOptions = {}): PaneHost {
  const session = createExcelSession(office, run, options);

  /** Writes new sheets, refusing when a sheet the result was read from has been renamed or deleted since. */
  async function write(renders: (() => SheetLayout)[], result: PipelineResult, what: string, action: string, onProgress: Progress, signal?: AbortSignal): Promise<HostOutcome> {
    const sources = [...new Set(result.mappings.map((m) => m.sheet))];
    let layouts: SheetLayout[];
    try {
      layouts = await renderInTurns(renders, signal);
    } catch (e) {
      if (!isCancelled(e)) throw e;
      return { ok: false, cancelled: true, message: cancelledIssue(action, 'Nothing was written; your own sheets were not changed.').message, issues: [], downloads: [] };
    }
    const r = await session.writeSheets(layouts, onProgress, { action, sources, ...(signal ? { signal } : {}) });
    if (!r.ok && r.issue.code === 'cancelled') return { ok: false, cancelled: true, message: r.issue.message, issues: [], downloads: [] };
    if (!r.ok) return { ok: false, message: `${what} could not be written.`, issues: [r.issue], downloads: [] };
    const names = r.value.sheets.map((s) => `"${s.name}"`).join(' and ');
    return { ok: true, message: `Added ${names} to this workbook. Your own sheets were not changed.`, issues: r.value.issues, downloads: [] };
  }

  return {
    kind: 'excel',
    theme: session.theme(),
    limitations: session.missing,

    async readWorkbook(onProgress, signal) {
      if (!session.capabilities.read) {
        return {
          ok: false,
          issue: makeIssue('error', '', '', 'excel-too-old', 'This version of Excel cannot give the add-in the workbook\u2019s cells (it needs ExcelApi 1.4, Excel 2016 or later with updates).',
            'Update Office, use Excel on the web, or save the workbook and open it in the standalone page (taskpane.html in a browser).'),
        };
      }
      const r = await session.readWorkbook(onProgress, signal);
      if (!r.ok) return r;
      return { ok: true, source: { workbook: r.value.workbook, readIssues: r.value.issues, label: 'This workbook', activeSheet: r.value.activeSheet } };
    },

    async loadConfig() {
      const r = await session.loadSettings();
      return { config: r.settings.config, issues: r.issues };
    },

    async saveConfig(config) {
      if (!session.capabilities.settings) {
        return { ok: false, message: 'This version of Excel cannot keep settings in the workbook (needs ExcelApi 1.5).', issues: [], downloads: [] };
      }
      const issues = await session.saveConfig(config);
      return issues.length === 0
        ? { ok: true, message: 'Settings saved in this workbook: the next person who opens it gets the same mapping.', issues, downloads: [] }
        : { ok: false, message: 'The settings could not be saved.', issues, downloads: [] };
    },

    writeRegister(result: PipelineResult, onProgress, signal) {
      return write([() => renderRegisterSheet(result.register, reportScale(result.report)), () => renderIssuesSheet(result.issues)], result, 'The register', 'Building the register', onProgress, signal);
    },

    writeReport(result: PipelineResult, onProgress, signal) {
      return write([() => renderReportSheet(result.report)], result, 'The report sheet', 'Generating the report sheet', onProgress, signal);
    },

    selectCell(sheet, cell) {
      return session.selectCell(sheet, cell);
    },

    published: publishedReports(session, run, options),

    async removeGenerated() {
      const r = await session.removeGeneratedSheets();
      if (!r.ok) return { ok: false, message: 'The generated sheets could not be removed.', issues: [r.issue], downloads: [] };
      const removed = r.value.removed;
      return {
        ok: true,
        message: removed.length === 0 ? 'There were no generated sheets to remove.' : `Removed ${removed.map((n) => `"${n}"`).join(', ')}. Your own sheets were not touched.`,
        issues: [],
        downloads: [],
      };
    },
  };
}

const UNAVAILABLE =
  'This version of Excel cannot keep published reports in the workbook (it needs ExcelApi 1.5: Excel 2016 or later with updates, or Excel on the web). Export the Word report to keep this quarter\u2019s record.';

const describe = (h: SnapshotHeader) => `the ${formatQuarter(h.period)} report published on ${publishedDateText(h)}`;

/** Snapshots as custom XML parts of the open workbook. A part never changes once added, so what was read of it is kept by its id. */
function publishedReports(session: ExcelSession, run: ExcelRunner, options: ExcelHostOptions): PublishedReports {
  const opts = (action: string) => (options.sleep ? { action, sleep: options.sleep } : { action });
  const known = new Map<string, { xml: string; header: SnapshotHeader } | { issue: Issue }>();
  // Loaded on first use: it brings DEFLATE, which the pane needs for nothing else.
  const adapter = () => import(/* webpackChunkName: "snapshots" */ '../adapters/office/snapshots.js');
  const notPublished = (issues: Issue[]): HostOutcome => ({ ok: false, message: 'The report was not published.', issues, downloads: [] });

  if (!session.capabilities.snapshots) {
    const issue = makeIssue('warning', '', '', 'publishing-unavailable', UNAVAILABLE);
    return {
      unavailable: UNAVAILABLE,
      list: async () => ({ ok: false, issue }),
      publish: async () => notPublished([issue]),
      remove: async () => ({ ok: false, message: UNAVAILABLE, issues: [], downloads: [] }),
      load: async () => ({ ok: false, issue }),
    };
  }

  const textOf = async (key: string): Promise<{ ok: true; xml: string | undefined } | { ok: false; issue: Issue }> => {
    const { snapshotPartText } = await adapter();
    const r = await runExcel(run, (ctx) => snapshotPartText(ctx, key), opts('Reading a published report'));
    return r.ok ? { ok: true, xml: r.value } : r;
  };

  return {
    async list() {
      const { readSnapshotHeader, snapshotPartIds } = await adapter();
      const ids = await runExcel(run, (ctx) => snapshotPartIds(ctx), opts('Listing the published reports'));
      if (!ids.ok) return ids;
      for (const key of [...known.keys()]) if (!ids.value.includes(key)) known.delete(key);
      const items: PublishedItem[] = [];
      for (const key of ids.value) {
        let entry = known.get(key);
        if (!entry) {
          // Each part is read on its own: one too big for Excel to hand over is an issue of its own, not of the list.
          const r = await textOf(key);
          if (!r.ok) {
            items.push({ key, ok: false, issue: r.issue });
            continue;
          }
          if (r.xml === undefined) continue;
          const h = readSnapshotHeader(r.xml);
          entry = h.ok ? { xml: r.xml, header: h.header } : { issue: h.issue };
          known.set(key, entry);
        }
        items.push('header' in entry ? { key, ok: true, header: entry.header } : { key, ok: false, issue: entry.issue });
      }
      return { ok: true, items };
    },

    async publish(result, config) {
      const { addSnapshotPart, snapshotPartXml, snapshotSizeProblem } = await adapter();
      const snapshot = makeSnapshot(result, config, options.now?.() ?? new Date());
      const xml = snapshotPartXml(snapshot);
      const tooBig = snapshotSizeProblem(xml, snapshot.milestones.length);
      if (tooBig) return notPublished([tooBig]);
      const r = await runExcel(run, (ctx) => addSnapshotPart(ctx, xml), opts('Publishing the report'));
      if (!r.ok) return notPublished([r.issue]);
      const header: SnapshotHeader = { id: snapshot.id, publishedAt: snapshot.publishedAt, period: snapshot.period, rows: snapshot.milestones.length };
      const rows = `${header.rows} register ${header.rows === 1 ? 'row' : 'rows'}`;
      return {
        ok: true,
        message: `Published the ${formatQuarter(header.period)} report on ${publishedDateText(header)}: its figures and ${rows} are kept in this workbook, for later quarters to compare with. Save the workbook to keep them.`,
        issues: [],
        downloads: [],
        published: header,
      };
    },

    async remove(key) {
      const entry = known.get(key);
      const what = entry && 'header' in entry ? describe(entry.header) : 'the published report';
      const { deleteSnapshotPart } = await adapter();
      const r = await runExcel(run, (ctx) => deleteSnapshotPart(ctx, key), opts('Removing a published report'));
      if (!r.ok) return { ok: false, message: `${what.charAt(0).toUpperCase()}${what.slice(1)} could not be removed.`, issues: [r.issue], downloads: [] };
      known.delete(key);
      return r.value
        ? { ok: true, message: `Removed ${what} from this workbook. The sheets were not changed.`, issues: [], downloads: [] }
        : { ok: true, message: `${what.charAt(0).toUpperCase()}${what.slice(1)} was no longer in the workbook (removed elsewhere).`, issues: [], downloads: [] };
    },

    async load(key) {
      const entry = known.get(key);
      if (entry && 'issue' in entry) return { ok: false, issue: entry.issue };
      let xml = entry?.xml;
      if (xml === undefined) {
        const r = await textOf(key);
        if (!r.ok) return r;
        if (r.xml === undefined) {
          return { ok: false, issue: makeIssue('warning', '', '', 'snapshot-missing', 'That published report is no longer in the workbook (removed elsewhere).', 'Choose another one to compare with.') };
        }
        xml = r.xml;
      }
      const { readSnapshotPart } = await adapter();
      const s = readSnapshotPart(xml);
      if (!s.ok) return s;
      return { ok: true, previous: previousFromSnapshot(s.snapshot) };
    },
  };
}
