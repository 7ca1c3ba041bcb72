// The Word report's body written straight into UTF-8 bytes: markup and the user's text go into one buffer that is handed
// on whenever it holds enough, so the body never exists as JavaScript strings joined into pieces and then encoded (the
// strings would be two bytes a character, as a typographic quote or a status symbol sits in nearly every piece).
import type { BodyWriter } from '../../render/report-docx';

/** Bytes gathered before they are handed on: big enough to compress well, small enough to keep memory flat. */
const CHUNK_BYTES = 1 << 18;
/** Pieces of markup whose bytes are kept (a summary row's counts make one each). */
const MARKUP_KEPT = 4096;
const utf8 = new TextEncoder();
/** What `text` escapes or leaves out, and surrogates (which are left out unless paired). */
// eslint-disable-next-line no-control-regex -- the control characters XML 1.0 forbids
const NEEDS_CARE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f&<>\ud800-\udfff\ufffe\uffff]/;
/** Texts from this long on that need no care are encoded by TextEncoder, faster than the loop once past its call's cost. */
const NATIVE_FROM = 24;

/** What textBytes does with each byte: 0 copies it; else an entity, a control left out, or the lead of a noncharacter. */
const ENTITY = 1;
const LEFT_OUT = 2;
const MAYBE_NONCHARACTER = 3;
const CARE = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) if (b !== 0x09 && b !== 0x0a && b !== 0x0d) CARE[b] = LEFT_OUT;
CARE[0x26] = ENTITY;
CARE[0x3c] = ENTITY;
CARE[0x3e] = ENTITY;
CARE[0xef] = MAYBE_NONCHARACTER;
const AMP = utf8.encode('&amp;');
const LT = utf8.encode('&lt;');
const GT = utf8.encode('&gt;');

/**
 * A BodyWriter into bytes. `text` writes what escapeXmlText writes, encoded: & < > as entities, and the characters XML
 * 1.0 cannot hold (C0 controls other than tab, line feed and carriage return, U+FFFE, U+FFFF, a surrogate that is not
 * half of a pair) left out. `pause` hands the bytes gathered so far to `write` once they reach CHUNK_BYTES, and goes on
 * in a new buffer: `write` may keep them (a CompressionStream in Node takes a chunk before it has deflated it). With
 * `reuseBuffer` (a `write` done with the bytes once it settles) it goes on in the same buffer: new memory costs a page
 * fault every 4 KB, and a report at 100k rows is over 100 MB.
 */
export class Utf8BodyWriter implements BodyWriter {
  private buf = new Uint8Array(CHUNK_BYTES + (CHUNK_BYTES >> 3));
  private at = 0;

  constructor(
    private readonly write: (bytes: Uint8Array, fraction: number) => Promise<void>,
    private readonly options: { reuseBuffer?: boolean } = {},
  ) {}

  /** Each piece of markup's bytes: the same few pieces make every row. */
  private readonly encoded = new Map<string, Uint8Array>();

  markup(xml: string): void {
    let bytes = this.encoded.get(xml);
    if (bytes === undefined) {
      bytes = utf8.encode(xml);
      if (this.encoded.size < MARKUP_KEPT) this.encoded.set(xml, bytes);
    }
    this.room(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  text(text: string): void {
    if (text.length >= NATIVE_FROM && !NEEDS_CARE.test(text)) {
      this.room(text.length * 3);
      this.at += utf8.encodeInto(text, this.buf.subarray(this.at)).written;
      return;
    }
    // &amp; is the longest a UTF-16 unit becomes.
    this.room(text.length * 5);
    const buf = this.buf;
    let at = this.at;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20) {
          if (c === 0x26) {
            buf[at] = 0x26; buf[at + 1] = 0x61; buf[at + 2] = 0x6d; buf[at + 3] = 0x70; buf[at + 4] = 0x3b; // &amp;
            at += 5;
          } else if (c === 0x3c || c === 0x3e) {
            buf[at] = 0x26; buf[at + 1] = c === 0x3c ? 0x6c : 0x67; buf[at + 2] = 0x74; buf[at + 3] = 0x3b; // &lt; &gt;
            at += 4;
          } else buf[at++] = c;
        } else if (c === 0x09 || c === 0x0a || c === 0x0d) buf[at++] = c;
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const low = c <= 0xdbff && i + 1 < n ? text.charCodeAt(i + 1) : 0;
        if (low >= 0xdc00 && low <= 0xdfff) {
          at = putCodePoint(buf, at, 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00));
          i++;
        }
      } else if (c < 0xfffe) at = putCodePoint(buf, at, c);
    }
    this.at = at;
  }

  /**
   * The text whose UTF-8 is `bytes[from, to)` as `text` writes the string: its bytes copied, but & < > as entities, and
   * the C0 controls XML cannot hold and U+FFFE, U+FFFF (EF BF BE, EF BF BF) left out. Well-formed UTF-8 holds no
   * surrogate, the one other thing `text` leaves out.
   */
  textBytes(bytes: Uint8Array, from: number, to: number): void {
    this.room((to - from) * 5);
    const buf = this.buf;
    let at = this.at;
    let run = from;
    for (let i = from; i < to; i++) {
      const b = bytes[i]!;
      const care = CARE[b]!;
      if (care === 0) continue;
      if (care === MAYBE_NONCHARACTER && !(i + 2 < to && bytes[i + 1] === 0xbf && (bytes[i + 2] === 0xbe || bytes[i + 2] === 0xbf))) continue;
      if (i > run) {
        buf.set(bytes.subarray(run, i), at);
        at += i - run;
      }
      if (care === ENTITY) {
        const entity = b === 0x26 ? AMP : b === 0x3c ? LT : GT;
        buf.set(entity, at);
        at += entity.length;
      } else if (care === MAYBE_NONCHARACTER) {
        i += 2;
      }
      run = i + 1;
    }
    if (to > run) {
      buf.set(bytes.subarray(run, to), at);
      at += to - run;
    }
    this.at = at;
  }

  pause(fraction: number): Promise<void> | undefined {
    return this.at >= CHUNK_BYTES || fraction >= 1 ? this.handOn(fraction) : undefined;
  }

  private async handOn(fraction: number): Promise<void> {
    const bytes = this.buf.subarray(0, this.at);
    if (!this.options.reuseBuffer) this.buf = new Uint8Array(this.buf.length);
    this.at = 0;
    if (bytes.length > 0) await this.write(bytes, fraction);
  }

  /** Makes room for `bytes` more: a bigger buffer, when one text is longer than the buffer has left. */
  private room(bytes: number): void {
    if (this.at + bytes <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.at + bytes));
    grown.set(this.buf.subarray(0, this.at));
    this.buf = grown;
  }
}

/** A code point of U+0080 or above as UTF-8 at `at`; returns where the next byte goes. */
function putCodePoint(buf: Uint8Array, at: number, cp: number): number {
  if (cp < 0x800) {
    buf[at] = 0xc0 | (cp >> 6);
    buf[at + 1] = 0x80 | (cp & 0x3f);
    return at + 2;
  }
  if (cp < 0x10000) {
    buf[at] = 0xe0 | (cp >> 12);
    buf[at + 1] = 0x80 | ((cp >> 6) & 0x3f);
    buf[at + 2] = 0x80 | (cp & 0x3f);
    return at + 3;
  }
  buf[at] = 0xf0 | (cp >> 18);
  buf[at + 1] = 0x80 | ((cp >> 12) & 0x3f);
  buf[at + 2] = 0x80 | ((cp >> 6) & 0x3f);
  buf[at + 3] = 0x80 | (cp & 0x3f);
  return at + 4;
}
