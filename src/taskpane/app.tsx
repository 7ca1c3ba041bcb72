// The pane: holds the flow's state, runs the engine on the source, and hands each step its data and actions.
import { FluentProvider, makeStyles, MessageBar, MessageBarBody, Subtitle1, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Config } from '../domain/config';
import type { Issue } from '../domain/issue';
import { cancelledIssue } from '../domain/cancelled-issue';
import { isCancelled, type LongWorkOptions } from '../shared/long-work';
import type { PreviousRegister } from '../domain/compare-registers';
import type { QuarterRef } from '../domain/milestone';
import { previousFromWorkbook, type PipelineResult } from '../domain/pipeline';
import { quarterIndex } from '../domain/quarter';
import { latestSnapshot, previousFromSnapshot, publishedDateText } from '../domain/snapshot';
import { BuildStep } from './components/build-step';
import { IssuesStep } from './components/issues-step';
import { RemoveStep } from './components/remove-step';
import { ReportStep } from './components/report-step';
import { SourceStep } from './components/source-step';
import { createProgressStore, type WorkState } from './components/work-progress';
import { DOCX_TYPE, makeDownload, startDownload } from './downloads';
import { workerEngine, type Engine } from './engine';
import { resultView } from './result-transfer';
import type { Download, HostOutcome, PaneHost, PublishedItem, PublishedList, SourceData, SourceResult } from './pane-host';
import { copyReportToClipboard, packReportDocx, reportDocxName, type CopyOutcome } from './report-exports';

export interface ReportExports {
  /** Throws CancelledError when options.signal is aborted (no file is made). */
  packDocx(report: PipelineResult['report'], options?: LongWorkOptions): Promise<Blob>;
  copy(report: PipelineResult['report']): Promise<CopyOutcome>;
  download(d: Download): void;
}

export const browserExports: ReportExports = {
  packDocx: packReportDocx,
  copy: (r) => copyReportToClipboard(r),
  download: (d) => startDownload(d),
};

type Task = 'read' | 'save' | 'build' | 'report' | 'export' | 'copy' | 'remove' | 'select' | 'compare' | 'publish' | 'unpublish';
const NO_YEARS: string[] = [];
/** The long ones: they show progress and a Cancel button. */
const CANCELLABLE: readonly Task[] = ['read', 'build', 'report', 'export', 'compare'];

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1 },
  header: { padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM} 0` },
  live: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' },
  bar: { margin: `0 ${tokens.spacingHorizontalM}` },
});

/** The snapshot compared with unless the user chooses: the latest published for a quarter before the report's. */
export function defaultSnapshotKey(items: readonly PublishedItem[], period: QuarterRef | undefined): string | undefined {
  const before = items.flatMap((i) => (i.ok && (!period || quarterIndex(i.header.period) < quarterIndex(period)) ? [{ key: i.key, publishedAt: i.header.publishedAt }] : []));
  return latestSnapshot(before)?.key;
}

/**
 * The snapshot to compare with: none ('' chosen), the default ('default' chosen), or the one chosen by hand, found by its
 * key or, when the list was read again from another file (the register.xlsx just published) and the keys changed, by
 * its snapshot id; the default when it is gone.
 */
export function chosenSnapshotKey(
  choice: string,
  choiceId: string | undefined,
  items: readonly PublishedItem[] | undefined,
  defaultKey: string | undefined,
): string | undefined {
  if (choice === '') return undefined;
  if (choice === 'default') return defaultKey;
  const byKey = items?.find((i) => i.ok && i.key === choice);
  const byId = choiceId === undefined ? undefined : items?.find((i) => i.ok && i.header.id === choiceId);
  return (byKey ?? byId)?.key ?? defaultKey;
}

type Previous = { ok: true; previous: PreviousRegister } | { ok: false; issue: Issue };

/**
 * The report a register.xlsx published (the CLI writes one into it), as the previous register; undefined for a file
 * without one. The snapshot reader's issues (a stored snapshot that cannot be read) come back either way.
 */
async function snapshotInFile(file: File): Promise<{ found?: { label: string; previous: PreviousRegister }; issues: Issue[] }> {
  if (!/\.xls[xm]$/i.test(file.name)) return { issues: [] };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { issues: [] }; // the host's read of the same file says what is wrong with it
  }
  const { pickSnapshot } = await import(/* webpackChunkName: "xlsx" */ '../adapters/xlsx/custom-xml-reader.js');
  const pick = pickSnapshot(bytes);
  if (pick.kind !== 'found') return { issues: pick.issues };
  const s = pick.snapshot;
  return { found: { label: `${file.name} (its ${s.period.quarter} ${s.period.financialYear} report, published ${publishedDateText(s)})`, previous: previousFromSnapshot(s) }, issues: pick.issues };
}

export function App({ host, exports = browserExports, engine }: { host: PaneHost; exports?: ReportExports; engine: Engine }) {
  const styles = useStyles();
  const [source, setSource] = useState<SourceData>();
  const [readFailure, setReadFailure] = useState<Issue>();
  const [config, setConfig] = useState<Config>({});
  const [period, setPeriod] = useState<QuarterRef>();
  const [task, setTask] = useState<{ name: Task; cancelling: boolean }>();
  const progress = useMemo(createProgressStore, []);
  const cancelWork = useRef<AbortController | undefined>(undefined);
  const [outcomes, setOutcomes] = useState<{ [K in 'save' | 'build' | 'report' | 'remove' | 'select' | 'compare' | 'publish']?: HostOutcome | undefined }>({});
  /** The previous period's file chosen with "Compare with…" (standalone), read with the same settings as the source. */
  const [previousSource, setPreviousSource] = useState<SourceData>();
  /** Standalone: the report published inside the register.xlsx chosen with "Compare with…", used in place of its sheets. */
  const [fileSnapshot, setFileSnapshot] = useState<{ label: string; previous: PreviousRegister }>();
  /** The reports published in the workbook (standalone: in the chosen file); which one to compare with ('default', '' for none, or its key); the one read. */
  const published = host.published;
  const [publishedList, setPublishedList] = useState<PublishedList>();
  const [compareChoice, setCompareChoice] = useState<string>('default');
  const [loadedSnapshot, setLoadedSnapshot] = useState<{ key: string; previous: Previous }>();
  const [reportPeriod, setReportPeriod] = useState<QuarterRef>();
  const publishedItems = publishedList?.ok ? publishedList.items : undefined;
  const defaultKey = useMemo(() => defaultSnapshotKey(publishedItems ?? [], reportPeriod), [publishedItems, reportPeriod]);
  /** The snapshot id of the report chosen by hand: its key changes when the list is read again from another file (the register.xlsx just published), its id does not. */
  const [compareChoiceId, setCompareChoiceId] = useState<string>();
  const chosenKey = chosenSnapshotKey(compareChoice, compareChoiceId, publishedItems, defaultKey);
  const filePrevious = useMemo(
    (): Previous | undefined =>
      fileSnapshot ? { ok: true, previous: fileSnapshot.previous } : previousSource ? previousFromWorkbook(previousSource.workbook, config, previousSource.label) : undefined,
    [fileSnapshot, previousSource, config],
  );
  const previous: Previous | undefined = filePrevious ?? (chosenKey !== undefined && loadedSnapshot?.key === chosenKey ? loadedSnapshot.previous : undefined);
  const [announcement, setAnnouncement] = useState('');

  const [analysis, setAnalysis] = useState<{ result?: PipelineResult; bug?: string; pending: boolean; engine?: Engine['kind'] }>({ pending: false });
  useEffect(() => {
    if (!source) return;
    let live = true;
    setAnalysis((a) => ({ ...a, pending: true }));
    const compareWith = previous?.ok ? { previous: previous.previous } : {};
    const options = period ? { period, readIssues: source.readIssues, ...compareWith } : { readIssues: source.readIssues, ...compareWith };
    engine.analyse(source.workbook, config, options).then(
      (result) => live && setAnalysis({ result, pending: false, engine: engine.kind }),
      (e: unknown) => live && setAnalysis({ bug: e instanceof Error ? e.message : String(e), pending: false }),
    );
    return () => {
      live = false;
    };
  }, [source, config, period, engine, previous]);
  const result = analysis.result;
  const busy = task !== undefined || analysis.pending;
  // The report's quarter decides which published report is compared with by default; kept apart from the result so a
  // new result for the same quarter does not choose again.
  const resultPeriod = result?.period;
  useEffect(() => {
    if (!resultPeriod) return;
    setReportPeriod((p) => (p && p.quarter === resultPeriod.quarter && p.financialYear === resultPeriod.financialYear ? p : resultPeriod));
  }, [resultPeriod]);

  useEffect(() => {
    if (!published || chosenKey === undefined || loadedSnapshot?.key === chosenKey) return;
    let live = true;
    void published.load(chosenKey).then((r) => {
      if (live) setLoadedSnapshot({ key: chosenKey, previous: r.ok ? { ok: true, previous: r.previous } : { ok: false, issue: r.issue } });
    });
    return () => {
      live = false;
    };
  }, [published, chosenKey, loadedSnapshot]);
  // Made in the worker with the result where it runs there: the page never walks the whole register or report.
  const view = useMemo(() => (result ? resultView(result) : undefined), [result]);
  const html = view?.previewHtml;
  const years = view?.years ?? NO_YEARS;

  const run = useCallback(async <T,>(name: Task, work: (progress: (f: number) => void, signal: AbortSignal) => Promise<T>): Promise<T | undefined> => {
    const controller = new AbortController();
    cancelWork.current = controller;
    progress.set(0);
    setTask({ name, cancelling: false });
    try {
      return await work((f) => {
        if (cancelWork.current === controller) progress.set(f);
      }, controller.signal);
    } finally {
      if (cancelWork.current === controller) cancelWork.current = undefined;
      setTask(undefined);
    }
  }, [progress]);
  const cancel = useCallback(() => {
    cancelWork.current?.abort();
    setTask((t) => t && { ...t, cancelling: true });
  }, []);

  const acceptSource = useCallback((r: SourceResult | undefined) => {
    if (!r) return;
    // A failed or cancelled read leaves what was read before (if anything) as it was.
    if (!r.ok) {
      setReadFailure(r.issue);
      setAnnouncement(r.issue.message);
      return;
    }
    setReadFailure(undefined);
    setAnalysis({ pending: true });
    setSource(r.source);
    setPeriod(undefined);
    setOutcomes({});
    setAnnouncement(`Read ${r.source.label}.`);
  }, []);

  const refreshPublished = useCallback(async () => {
    if (!published || published.unavailable) return;
    setPublishedList(await published.list());
  }, [published]);

  const readWorkbook = useCallback(async () => {
    if (!host.readWorkbook) return;
    acceptSource(await run('read', (p, signal) => host.readWorkbook!(p, signal)));
  }, [host, run, acceptSource]);

  useEffect(() => {
    let live = true;
    void (async () => {
      const loaded = await host.loadConfig();
      if (!live) return;
      setConfig(loaded.config);
      if (loaded.issues.length > 0) setOutcomes((o) => ({ ...o, save: { ok: false, message: 'The saved settings were not used.', issues: loaded.issues, downloads: [] } }));
      if (host.readWorkbook) await readWorkbook();
      // After the read, not beside it: one piece of Excel work at a time.
      if (live) await refreshPublished();
    })();
    return () => {
      live = false;
    };
  }, [host, readWorkbook, refreshPublished]);

  const compareWith = async (file: File) => {
    if (!host.openPreviousFile) return;
    const inFile = await run('compare', async (_p, signal) => ({ ...(await snapshotInFile(file)), cancelled: signal.aborted }));
    if (!inFile || inFile.cancelled) return;
    const snapshotIssues = inFile.issues;
    if (inFile.found) {
      const found = inFile.found;
      setPreviousSource(undefined);
      setFileSnapshot(found);
      setOutcomes((x) => ({ ...x, compare: snapshotIssues.length > 0 ? { ok: true, message: `Comparing with the report published in ${file.name}.`, issues: snapshotIssues, downloads: [] } : undefined }));
      setAnnouncement(`Comparing with ${found.label}.`);
      return;
    }
    const r = await run('compare', (p, signal) => host.openPreviousFile!(file, p, signal));
    if (!r) return;
    if (!r.ok) {
      setOutcomes((x) => ({ ...x, compare: { ok: false, ...(r.issue.code === 'cancelled' ? { cancelled: true } : {}), message: `${r.issue.message} ${r.issue.suggestion ?? ''}`.trim(), issues: [], downloads: [] } }));
      setAnnouncement(r.issue.message);
      return;
    }
    // A snapshot the file holds but that cannot be read: its sheets are compared with instead, and the pane says so.
    setOutcomes((x) => ({ ...x, compare: snapshotIssues.length > 0 ? { ok: true, message: `Comparing with the sheets of ${file.name}.`, issues: snapshotIssues, downloads: [] } : undefined }));
    setFileSnapshot(undefined);
    setPreviousSource(r.source);
    setAnnouncement(`Comparing with ${r.source.label}.`);
  };
  const stopComparing = () => {
    setPreviousSource(undefined);
    setFileSnapshot(undefined);
    setOutcomes((x) => ({ ...x, compare: undefined }));
    setAnnouncement('No longer comparing with a previous report.');
  };
  const compareOutcome: HostOutcome | undefined =
    outcomes.compare ?? (previous && !previous.ok ? { ok: false, message: `${previous.issue.message} ${previous.issue.suggestion ?? ''}`.trim(), issues: [], downloads: [] } : undefined);

  const publish = async () => {
    if (!result || !published) return;
    const o = await run('publish', (p, signal) => published.publish(result, config, p, signal));
    if (!o) return;
    if (host.kind === 'file' && o.downloads[0]) exports.download(o.downloads[0]);
    setOutcomes((x) => ({ ...x, publish: o }));
    setAnnouncement(o.message);
    if (o.ok) await refreshPublished();
  };
  const unpublish = async (key: string) => {
    if (!published) return;
    const o = await run('unpublish', () => published.remove(key));
    if (!o) return;
    setOutcomes((x) => ({ ...x, publish: o }));
    setAnnouncement(o.message);
    await refreshPublished();
  };
  const chooseSnapshot = (key: string) => {
    setCompareChoice(key);
    const item = publishedItems?.find((i) => i.ok && i.key === key);
    setCompareChoiceId(item?.ok ? item.header.id : undefined);
    setAnnouncement(key === '' ? 'No longer comparing with a published report.' : 'Comparing with the chosen published report.');
  };

  const openFile = async (files: File[]) => {
    acceptSource(await run('read', (p, signal) => host.openFile!(files, p, signal)));
    await refreshPublished();
  };

  const save = async () => {
    const o = await run('save', () => host.saveConfig(config));
    if (o) setOutcomes((x) => ({ ...x, save: o }));
  };

  const build = async () => {
    if (!result) return;
    const o = await run('build', (p, signal) => host.writeRegister(result, p, signal));
    if (!o) return;
    setOutcomes((x) => ({ ...x, build: o }));
    setAnnouncement(o.message);
    if (host.kind === 'file' && o.downloads[0]) exports.download(o.downloads[0]);
  };

  const generate = async () => {
    if (!result) return;
    const o = await run('report', (p, signal) => host.writeReport(result, p, signal));
    if (!o) return;
    setOutcomes((x) => ({ ...x, report: o }));
    setAnnouncement(o.message);
    if (host.kind === 'file' && o.downloads[0]) exports.download(o.downloads[0]);
  };

  const exportWord = async () => {
    if (!result) return;
    const o = await run('export', async (onProgress, signal): Promise<HostOutcome> => {
      let blob: Blob;
      try {
        blob = await exports.packDocx(result.report, { onProgress, signal });
      } catch (e) {
        if (!isCancelled(e)) throw e;
        return { ok: false, cancelled: true, message: cancelledIssue('Making the Word report', 'No file was made.').message, issues: [], downloads: [] };
      }
      const d = makeDownload(reportDocxName(result.report), blob, DOCX_TYPE);
      exports.download(d);
      const note = host.kind === 'excel' ? ' If nothing downloaded, use Generate report and File > Save As > PDF.' : '';
      return { ok: true, message: `Word report ${d.fileName} made.${note}`, issues: [], downloads: [d] } satisfies HostOutcome;
    });
    if (!o) return;
    setOutcomes((x) => ({ ...x, report: o }));
    setAnnouncement(o.message);
  };

  const copy = async () => {
    if (!result) return;
    const how = await run('copy', () => exports.copy(result.report));
    const o: HostOutcome =
      how === 'failed'
        ? { ok: false, message: 'The report could not be put on the clipboard here. Select the preview below and copy it instead.', issues: [], downloads: [] }
        : { ok: true, message: 'Report copied. Paste it into Word, Outlook or PowerPoint; the table keeps its formatting.', issues: [], downloads: [] };
    setOutcomes((x) => ({ ...x, report: o }));
    setAnnouncement(o.message);
  };

  const remove = async () => {
    const o = await run('remove', () => host.removeGenerated());
    if (!o) return;
    setOutcomes((x) => ({ ...x, remove: o, ...(host.kind === 'file' ? { build: undefined, report: undefined } : {}) }));
    setAnnouncement(o.message);
  };

  const selectIssue = host.selectCell
    ? async (issue: Issue) => {
        const problems = await run('select', () => host.selectCell!(issue.sheet, issue.cell));
        if (!problems) return;
        // Shown under the issue list (not only announced): the sheet may have been renamed or deleted since reading.
        const outcome: HostOutcome | undefined =
          problems.length > 0 ? { ok: false, message: `Could not go to ${issue.sheet}!${issue.cell}.`, issues: problems, downloads: [] } : undefined;
        setOutcomes((x) => ({ ...x, select: outcome }));
        if (problems.length > 0) setAnnouncement(`${problems[0]!.message} ${problems[0]!.suggestion ?? ''}`.trim());
      }
    : undefined;

  const rows = result?.report.rows;
  const summary = analysis.pending
    ? 'Checking the tracker…'
    : rows
    ? `${rows.read} ${rows.read === 1 ? 'row' : 'rows'} read: ${rows.inRegister} ${rows.inRegister === 1 ? 'goes' : 'go'} into the register, ${rows.withErrors} ${rows.withErrors === 1 ? 'has' : 'have'} errors.`
    : undefined;
  const workOf = (name: Task): WorkState | undefined =>
    task?.name === name ? { progress, cancelling: task.cancelling, ...(CANCELLABLE.includes(name) || (name === 'publish' && host.kind === 'file') ? { onCancel: cancel } : {}) } : undefined;

  return (
    <div className={styles.root} style={{ colorScheme: host.theme }} data-engine={analysis.engine}>
      <header className={styles.header}>
        <Subtitle1 as="h1">Milestone Register</Subtitle1>
      </header>
      <div className={styles.live} role="status" aria-live="polite">
        {announcement}
      </div>
      <main>
        {readFailure && (
          <MessageBar intent={readFailure.code === 'cancelled' ? 'info' : 'error'} layout="multiline" className={styles.bar}>
            <MessageBarBody>
              {readFailure.message} {readFailure.suggestion ?? ''}
            </MessageBarBody>
          </MessageBar>
        )}
        {analysis.bug && (
          <MessageBar intent="error" layout="multiline" className={styles.bar}>
            <MessageBarBody>Something went wrong in the add-in while reading the tracker: {analysis.bug}</MessageBarBody>
          </MessageBar>
        )}
        <SourceStep
          mode={host.kind}
          busy={busy}
          {...(task?.name === 'read' ? { reading: workOf('read') } : {})}
          {...(source ? { sourceLabel: source.label } : {})}
          sheetNames={source?.workbook.sheets.map((s) => s.name) ?? []}
          mappings={result?.mappings ?? []}
          config={config}
          unknownStatuses={result?.unknownStatuses ?? []}
          limitations={host.limitations}
          {...(outcomes.save ? { saveOutcome: outcomes.save } : {})}
          {...(host.openFile ? { onOpenFile: (f: File[]) => void openFile(f) } : {})}
          {...(host.readWorkbook ? { onReadWorkbook: () => void readWorkbook() } : {})}
          onConfigChange={setConfig}
          onSaveSettings={() => void save()}
        />
        <BuildStep
          mode={host.kind}
          ready={result !== undefined}
          busy={busy}
          {...(task?.name === 'build' ? { work: workOf('build') } : {})}
          {...(summary ? { summary } : {})}
          {...(outcomes.build ? { outcome: outcomes.build } : {})}
          onBuild={() => void build()}
        />
        <IssuesStep
          issues={result?.issues ?? []}
          hasSource={result !== undefined}
          busy={busy}
          {...(selectIssue ? { onSelect: (i: Issue) => void selectIssue(i) } : {})}
          {...(host.readWorkbook ? { onRecheck: () => void readWorkbook() } : {})}
          {...(outcomes.select ? { outcome: outcomes.select } : {})}
        />
        <ReportStep
          mode={host.kind}
          {...(result ? { report: result.report, period: result.period } : {})}
          years={years}
          {...(html !== undefined ? { html } : {})}
          busy={busy}
          {...(task?.name === 'report' ? { work: workOf('report') } : {})}
          {...(task?.name === 'export' ? { exporting: workOf('export') } : {})}
          {...(outcomes.report ? { outcome: outcomes.report } : {})}
          {...(host.openPreviousFile
            ? {
                compare: {
                  ...(fileSnapshot ? { label: fileSnapshot.label } : previousSource ? { label: previousSource.label } : {}),
                  ...(result?.report.changes ? { changes: result.report.changes } : {}),
                  ...(task?.name === 'compare' ? { work: workOf('compare') } : {}),
                  ...(compareOutcome ? { outcome: compareOutcome } : {}),
                  onChoose: (f: File) => void compareWith(f),
                  onStop: stopComparing,
                },
              }
            : {})}
          {...(published
            ? {
                published: {
                  ...(published.unavailable ? { unavailable: published.unavailable } : {}),
                  ...(publishedItems ? { items: publishedItems } : {}),
                  ...(publishedList?.ok && publishedList.where !== undefined ? { where: publishedList.where } : {}),
                  ...(published.cannotRemove ? { cannotRemove: published.cannotRemove } : {}),
                  ...(task?.name === 'publish' ? { work: workOf('publish') } : {}),
                  ...(publishedList && !publishedList.ok ? { listIssue: publishedList.issue } : {}),
                  ...(result ? { report: { period: result.period, rows: result.report.rows.inRegister } } : {}),
                  busy,
                  ...(outcomes.publish ? { outcome: outcomes.publish } : {}),
                  compareKey: chosenKey ?? '',
                  ...(defaultKey !== undefined ? { defaultKey } : {}),
                  ...(result?.report.changes && previous?.ok ? { changes: result.report.changes } : {}),
                  ...(compareOutcome ? { compareOutcome } : {}),
                  onPublish: () => void publish(),
                  onRemove: (key: string) => void unpublish(key),
                  onCompare: chooseSnapshot,
                },
              }
            : {})}
          onPeriodChange={setPeriod}
          onGenerate={() => void generate()}
          onExportWord={() => void exportWord()}
          onCopy={() => void copy()}
        />
        <RemoveStep mode={host.kind} busy={busy} {...(outcomes.remove ? { outcome: outcomes.remove } : {})} onRemove={() => void remove()} />
      </main>
    </div>
  );
}

export function Pane({ host, exports, engine }: { host: PaneHost; exports?: ReportExports; engine?: Engine }) {
  const chosen = useMemo(() => engine ?? workerEngine(), [engine]);
  return (
    <FluentProvider theme={host.theme === 'dark' ? webDarkTheme : webLightTheme}>
      <App host={host} engine={chosen} {...(exports ? { exports } : {})} />
    </FluentProvider>
  );
}
