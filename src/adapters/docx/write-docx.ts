// The Word report as the bytes of a .docx file, in Node (the CLI) and in the browser (the pane): docx packs the
// report's frame, and its parts are copied into a new zip with the body written into word/document.xml in place of the
// placeholder: encoded straight into bytes a chunk at a time (body-bytes.ts) and deflated chunk by chunk (zip-part.ts),
// so the document's XML is never held whole.
import { Packer } from 'docx';
import { strFromU8, strToU8, unzipSync, Zip } from 'fflate';
import type { Report } from '../../domain/report-model';
import { reportDocument } from '../../render/report-docx';
import { concatBytes } from '../../shared/bytes';
import { slices, type LongWorkOptions } from '../../shared/long-work';
import { escapeXmlText } from '../../shared/xml-text';
import { Utf8BodyWriter } from './body-bytes';
import type { Deflater } from '../../shared/deflater';
import { addDeflatedPart } from './zip-part';

const CORE_PART = 'docProps/core.xml';
const DOCUMENT_PART = 'word/document.xml';

/** The core properties docx wrote, with the document's language (dc:language), which docx does not write. */
function withLanguage(coreXml: string, language: string): string {
  const end = coreXml.lastIndexOf('</cp:coreProperties>');
  if (end < 0 || coreXml.includes('<dc:language>')) return coreXml;
  return `${coreXml.slice(0, end)}<dc:language>${escapeXmlText(language)}</dc:language>${coreXml.slice(end)}`;
}

export interface ReportDocxOptions extends LongWorkOptions {
  /**
   * How the parts are compressed: the platform's CompressionStream unless given (the CLI gives node:zlib's at level 1,
   * as for register.xlsx: on 100k rows of prose, 124 MB of document XML in half the CPU of the stream's level 6).
   */
  deflater?: Deflater;
}

/**
 * The report as the bytes of a .docx file. It pauses every 50 ms (progress, repaint) and stops with CancelledError when
 * options.signal is aborted.
 */
export async function reportDocxBytes(report: Report, options: ReportDocxOptions = {}): Promise<Uint8Array> {
  const tick = slices(options);
  const doc = reportDocument(report);
  const frame = unzipSync(new Uint8Array(await Packer.toArrayBuffer(doc.frame)));

  const chunks: Uint8Array[] = [];
  let failure = null as Error | null; // set in the callback, so TypeScript must not narrow it to null
  const zip = new Zip((err, data) => {
    if (err) failure ??= err;
    else chunks.push(data);
  });

  for (const [path, data] of Object.entries(frame)) {
    const part = addDeflatedPart(zip, path, options.deflater);
    if (path === CORE_PART) {
      await part.push(strToU8(withLanguage(strFromU8(data), doc.language)));
      await part.end();
      continue;
    }
    if (path !== DOCUMENT_PART) {
      await part.push(data);
      await part.end();
      continue;
    }
    const { placeholder } = doc;
    if (placeholder === undefined) {
      await part.push(data);
    } else {
      const xml = strFromU8(data);
      const at = xml.indexOf(placeholder);
      if (at < 0 || xml.indexOf(placeholder, at + 1) >= 0) throw new Error('the Word frame does not have one place for the entries');
      // The frame is about a tenth of the work, the entries the rest.
      await part.push(strToU8(xml.slice(0, at)));
      await doc.writeBody(new Utf8BodyWriter(async (bytes, fraction) => {
        await part.push(bytes);
        await tick(0.1 + 0.9 * fraction);
      }, { reuseBuffer: !part.keepsBytes }));
      await part.push(strToU8(xml.slice(at + placeholder.length)));
      await tick(1);
    }
    await part.end();
  }
  zip.end();
  if (failure) throw failure;
  options.onProgress?.(1);
  return concatBytes(chunks);
}
