// The report as a Word file (docx loads only when asked for) and as HTML on the clipboard.
import { CancelledError, isCancelled, type LongWorkOptions } from '../shared/long-work';
import type { Report } from '../domain/report-model';
import { renderReportHtml } from '../render/report-html';
import { DOCX_TYPE } from './downloads';
import type { Engine } from './engine';

/** Progress and cancellation as in reportDocxBytes: a cancelled export throws CancelledError and makes no file. */
export async function packReportDocx(report: Report, options: LongWorkOptions = {}): Promise<Blob> {
  const { reportDocxBytes } = await import(/* webpackChunkName: "docx" */ '../adapters/docx/write-docx.js');
  const bytes = await reportDocxBytes(report, options);
  return new Blob([bytes as BlobPart], { type: DOCX_TYPE });
}

/**
 * packReportDocx made in the engine's worker when the report came from it (the page only receives the bytes); on the
 * page for any other report, or if the worker fails.
 */
export function workerReportDocx(engine: Engine): (report: Report, options?: LongWorkOptions) => Promise<Blob> {
  return async (report, options = {}) => {
    let inWorker: Awaited<ReturnType<NonNullable<Engine['files']>['word']>> = null;
    try {
      inWorker = engine.files ? await engine.files.word(report, options.onProgress ?? (() => undefined), options.signal) : null;
    } catch (e) {
      if (isCancelled(e)) throw e;
    }
    if (inWorker && 'cancelled' in inWorker) throw new CancelledError();
    const docx = inWorker?.written.docx;
    return docx ? new Blob([docx], { type: DOCX_TYPE }) : packReportDocx(report, options);
  };
}

export function reportDocxName(report: Report): string {
  return `report-${report.quarter}-${report.financialYear}.docx`;
}

export type CopyOutcome = 'clipboard' | 'selection' | 'failed';

/** Puts the report on the clipboard as HTML (and plain text) so it pastes into Word, Outlook or PowerPoint with its formatting. */
export async function copyReportToClipboard(report: Report, doc: Document = document): Promise<CopyOutcome> {
  const html = renderReportHtml(report);
  const holder = doc.createElement('div');
  holder.innerHTML = html;
  const text = (holder.innerText || holder.textContent || '').trim();
  const nav = doc.defaultView?.navigator;
  const ClipboardItemCtor = (doc.defaultView as (Window & { ClipboardItem?: typeof ClipboardItem }) | null)?.ClipboardItem;
  if (nav?.clipboard && typeof nav.clipboard.write === 'function' && ClipboardItemCtor) {
    try {
      await nav.clipboard.write([
        new ClipboardItemCtor({
          'text/html': new Blob([html], { type: 'text/html' }),
          'text/plain': new Blob([text], { type: 'text/plain' }),
        }),
      ]);
      return 'clipboard';
    } catch {
      // Permission refused (some webviews): fall back to copying a selection below.
    }
  }
  holder.setAttribute('contenteditable', 'true');
  holder.style.position = 'fixed';
  holder.style.left = '-10000px';
  doc.body.appendChild(holder);
  try {
    const range = doc.createRange();
    range.selectNodeContents(holder);
    const sel = doc.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    const ok = typeof doc.execCommand === 'function' && doc.execCommand('copy');
    sel?.removeAllRanges();
    return ok ? 'selection' : 'failed';
  } finally {
    holder.remove();
  }
}
