// How a writer compresses what it writes, given by its caller: the file adapters (register.xlsx, report.docx) take one,
// so that the CLI can hand them node:zlib's while the pane, which has no zlib, uses what runs in a browser.

/** What a part holds, as far as compressing it goes: text or markup, or compressed bytes written as text. */
export type PartContent = 'text' | 'encoded';

/**
 * DEFLATE and CRC-32 for the parts a writer compresses. register.xlsx's default is fflate's and a JS CRC, report.docx's
 * the platform's CompressionStream; the CLI passes node:zlib's (src/cli/node-deflater.ts), about 5x faster, so node:zlib
 * never enters the pane's bundle.
 */
export interface Deflater {
  /**
   * A raw DEFLATE stream: `push` data in order, the last push with final = true; `emit` gets the compressed bytes in
   * order. The caller may reuse `data`'s buffer once `push` returns: a deflater copies what it holds on to. `content`
   * 'encoded' says the data is mostly compressed bytes written as text (base64 of DEFLATE): no repeats to find, only
   * the alphabet to code, which a deflater may do alone (Huffman only); a deflater may ignore it.
   */
  stream(emit: (chunk: Uint8Array) => void, content?: PartContent): { push(data: Uint8Array, final: boolean): void };
  /** The CRC-32 of data; with `crc`, of the bytes that gave it followed by data. */
  crc32(data: Uint8Array, crc: number): number;
}
