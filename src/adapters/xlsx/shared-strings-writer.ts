// A new shared strings part, for a package that has none: the new sheets' long text (progress updates) written once
// and referred to by index from every cell that holds it, instead of in full in each (a register holds the latest
// update beside its quarter's column, and the report holds it again). Used only where the source has no shared strings
// part; where it has one, that part is copied as stored and only its own strings are referred to.
import { PackedText } from '../../domain/grid';
import type { Conformance } from './ooxml-names';
import { XmlBytes } from './worksheet-writer';
import { escapeAttr } from '../../shared/xml-text';
import { escapeCellText, textXml, XML_DECLARATION } from './xml-writer';

export class NewSharedStrings {
  /**
   * A packed text is the same text wherever the same object stands (a register's update and its quarter column): its
   * index is noted on it, with this token (PackedText.notedBy).
   */
  private readonly token = {};
  private readonly strings = new Map<string, number>();
  private readonly texts: (string | PackedText)[] = [];
  private references = 0;

  /** The index of the text in the part, added now if it is new. The sheet writer has chosen it (SHARED_TEXT_FROM). */
  indexOf(text: string | PackedText): number {
    this.references++;
    if (text instanceof PackedText) {
      if (text.notedBy === this.token) return text.notedIndex;
      const i = this.texts.length;
      this.texts.push(text);
      text.notedBy = this.token;
      text.notedIndex = i;
      return i;
    }
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const i = this.texts.length;
    this.texts.push(text);
    this.strings.set(text, i);
    return i;
  }

  get size(): number {
    return this.texts.length;
  }

  /**
   * The part, its texts in the order they were first referred to, each read back once (a packed text from where it
   * waits), handed to `emit` about a MB at a time as the worksheet writer hands on its rows; `pause` is awaited every
   * few hundred texts (progress, and a chance to cancel).
   */
  async write(c: Conformance, emit: (bytes: Uint8Array) => void, pause: () => Promise<void>): Promise<void> {
    const out = new XmlBytes(emit);
    out.ascii(XML_DECLARATION);
    out.ascii(`<sst xmlns="${escapeAttr(c.main)}" count="${this.references}" uniqueCount="${this.texts.length}">`);
    for (let i = 0; i < this.texts.length; i++) {
      if ((i & 255) === 255) await pause();
      const t = this.texts[i]!;
      out.ascii('<si>');
      // A packed text is copied from its UTF-8 bytes where they wait when nothing in it needs escaping (most text).
      if (typeof t === 'string' || !t.look((bytes, from, to) => out.plainTextBytes(bytes, from, to))) {
        const s = typeof t === 'string' ? t : t.text();
        if (!out.plainText(s)) out.utf8(textXml(escapeCellText(s)));
      }
      out.ascii('</si>');
    }
    out.ascii('</sst>');
    out.flush();
    for (const t of this.texts) if (typeof t !== 'string') t.notedBy = undefined;
    this.strings.clear();
    this.texts.length = 0;
  }
}
