// How a writer compresses what it writes, given by its caller: the file adapters (register.xlsx, report.docx) take one,
// so that the CLI can hand them node:zlib's while the pane, which has no zlib, uses what runs in a browser.

/**
 * DEFLATE and CRC-32 for the parts a writer compresses. register.xlsx's default is fflate's and a JS CRC, report.docx's
 * the platform's CompressionStream; the CLI passes node:zlib's (src/cli/node-deflater.ts), about 5x faster, so node:zlib
 * never enters the pane's bundle.
 */
export interface Deflater {
  /**
   * A raw DEFLATE stream: `push` data in order, the last push with final = true; `emit` gets the compressed bytes in
   * order. The caller may reuse `data`'s buffer once `push` returns: a deflater copies what it holds on to.
   */
  stream(emit: (chunk: Uint8Array) => void): { push(data: Uint8Array, final: boolean): void };
  /** The CRC-32 of data; with `crc`, of the bytes that gave it followed by data. */
  crc32(data: Uint8Array, crc: number): number;
}
