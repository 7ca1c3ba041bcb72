// Files made in the browser: blob URLs offered as links, and a click that starts the download where the webview allows.
import type { Download } from './pane-host';

export function makeDownload(fileName: string, data: Blob | Uint8Array, type?: string): Download {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart], type ? { type } : {});
  return { fileName, url: URL.createObjectURL(blob), size: blob.size };
}

/** Starts the download; desktop webviews may ignore it, so the pane always shows the link and an alternative too. */
export function startDownload(d: Download, doc: Document = document): void {
  const a = doc.createElement('a');
  a.href = d.url;
  a.download = d.fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
}

export function releaseDownloads(list: Download[]): void {
  for (const d of list) URL.revokeObjectURL(d.url);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
