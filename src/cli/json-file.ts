// report.json written in pieces: the bytes of JSON.stringify(value, null, 2) + '\n' without ever holding the whole text
// (52 MB at 100k rows, 77 MB with long progress text; BENCHMARKS.md).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { PackedText } from '../domain/grid';
import { packedUpdateOf, type WithUpdate } from '../domain/milestone';
import { jsonStringBytes, jsonStringBytesMost } from '../shared/json-bytes';
import { replaceFile } from './replace-file';

const INDENT = '  ';

/**
 * An array whose items are made one at a time as they are written, so that the whole array of them is never held:
 * jsonPieces walks it as the array it stands for; JSON.stringify sees that array through toJSON.
 */
export class MappedArray<T, U> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T) => U,
  ) {}

  toJSON(): U[] {
    return this.items.map((item) => this.map(item));
  }
}

/**
 * The text of JSON.stringify(value, null, 2), in pieces: objects and arrays down to `depth` levels are walked here, anything
 * deeper is one JSON.stringify call, its lines indented to where it sits (a string's line breaks are escaped, so every raw
 * newline in that text is a line break of the layout).
 */
export function* jsonPieces(value: unknown, depth = 2, indent = ''): Generator<string> {
  const v = value instanceof MappedArray && depth > 0 ? new LazyItems(value) : toJsonValue(value, '');
  if (depth <= 0 || v === null || typeof v !== 'object') {
    yield stringifyAt(v, indent) ?? 'null';
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(v) || v instanceof LazyItems) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    const itemAt = (i: number): unknown => (v instanceof LazyItems ? v.at(i) : v[i]);
    if (depth > 1) {
      for (let i = 0; i < v.length; i++) {
        yield `${i === 0 ? '' : ','}\n${inner}`;
        const item = valueAt(itemAt(i), String(i));
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
        else yield* jsonPieces(item, depth - 1, inner);
      }
    } else {
      // Items stringified whole, several at a time (JSON.stringify writes null for what it cannot hold, as above): as
      // many as made about BATCH_CHARS of text last time, so big items (a report section) still go one by one.
      let size = 1;
      for (let i = 0; i < v.length; ) {
        const batch: unknown[] = [];
        for (let k = i; k < Math.min(v.length, i + size); k++) batch.push(toJsonValue(itemAt(k), String(k)));
        const text = stringifyItems(batch, inner);
        // Given apart, not joined to the text (a copy of every item's text, 180 MB at 100k rows of long text).
        yield `${i === 0 ? '' : ','}\n${inner}`;
        yield text;
        i += batch.length;
        size = Math.max(1, Math.min(BATCH, Math.floor((batch.length * BATCH_CHARS) / Math.max(1, text.length))));
      }
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(v)) {
    const item = valueAt((v as Record<string, unknown>)[key], key);
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(item, depth - 1, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** A MappedArray's items, each made when it is asked for. */
class LazyItems {
  constructor(private readonly source: MappedArray<unknown, unknown>) {}
  get length(): number {
    return this.source.items.length;
  }
  at(i: number): unknown {
    return this.source.map(this.source.items[i]);
  }
}

/** What JSON.stringify would serialise at this place, a MappedArray left as it is for jsonPieces to walk. */
function valueAt(value: unknown, key: string): unknown {
  return value instanceof MappedArray ? value : toJsonValue(value, key);
}

/** What JSON.stringify would serialise in place of value (its toJSON result; boxed primitives unboxed). */
function toJsonValue(value: unknown, key: string): unknown {
  let v = value;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (v instanceof Number || v instanceof String || v instanceof Boolean) v = v.valueOf();
  return v;
}

function stringifyAt(value: unknown, indent: string): string | undefined {
  if (indent === '') return JSON.stringify(value, null, 2); // undefined for undefined, a function or a symbol
  return value === undefined || typeof value === 'function' || typeof value === 'symbol' ? undefined : stringifyItems([value], indent);
}

/**
 * At most this many array items, making about BATCH_CHARS characters, are stringified in one call. The text stays under
 * V8's large-object size (128 KB, two bytes a character at worst), so it dies young instead of growing the old heap
 * until a full collection.
 */
const BATCH = 256;
const BATCH_CHARS = 1 << 15;

/**
 * The items' text as JSON.stringify(value, null, 2) writes them inside an array whose items sit at `indent` (a
 * non-empty run of INDENT), joined by ',\n' + indent: the items are stringified nested in arrays down to that depth, so
 * no line needs indenting afterwards, and the nesting's brackets are cut off.
 */
function stringifyItems(items: unknown[], indent: string): string {
  const levels = indent.length / INDENT.length;
  let wrapped: unknown = items;
  let head = `[\n${INDENT}`;
  let tail = '\n]';
  for (let level = 1; level < levels; level++) {
    wrapped = [wrapped];
    head += `[\n${INDENT.repeat(level + 1)}`;
    tail = `\n${INDENT.repeat(level)}]${tail}`;
  }
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(head.length, text.length - tail.length);
}

/** Bytes gathered before they are written. */
const WRITE_BYTES = 1 << 20;

/**
 * Packed updates written into a JSON file as their UTF-8 bytes, never read back as strings (at 100k rows of long text,
 * report.json and register.json hold some 130 MB of it, which was decoded, stringified and encoded again). An object's
 * stand-in has a marker where its packed update is; writeJsonFile writes the text's bytes in the marker's place, escaped
 * as JSON.stringify escapes a string, so the file's bytes are the same. A marker holds a nonce made for this writer, so
 * no text of a workbook can pass for one; one that is not known is written as the text it is.
 */
export class PackedUpdates {
  /** A marker as JSON.stringify writes it: `"\u0000` + nonce + `:` + its number + `\u0000"`. */
  readonly head: string;
  private readonly nonce = randomBytes(12).toString('base64url');
  private readonly texts: PackedText[] = [];

  constructor() {
    this.head = `"\\u0000${this.nonce}:`;
  }

  /** The object as JSON.stringify would see it (its keys in the same order), its packed update a marker; else the object. */
  standIn<T extends WithUpdate>(entry: T): T {
    const packed = packedUpdateOf(entry);
    if (!packed) return entry;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(entry)) copy[key] = key === 'update' ? `\u0000${this.nonce}:${this.texts.length}\u0000` : (entry as Record<string, unknown>)[key];
    this.texts.push(packed);
    return copy as T;
  }

  /** The text of marker n; undefined for a number it never gave. */
  text(n: number): PackedText | undefined {
    return this.texts[n];
  }
}

/** Where a marker's number ends in JSON text: `\u0000"`. */
const MARKER_TAIL = '\\u0000"';

/**
 * Writes JSON.stringify(value, null, 2) + '\n' to path in pieces of about 1 MB; path is replaced whole or not at all.
 * Each piece is encoded into one buffer used again for every write, never joined into a longer string first. The markers
 * of `packed`'s stand-ins are written as their texts.
 */
export async function writeJsonFile(path: string, value: unknown, afterWrite?: () => void, packed?: PackedUpdates): Promise<void> {
  await replaceFile(path, async (partial) => {
    const file = await fs.open(partial, 'w');
    try {
      let buffer = Buffer.allocUnsafe(WRITE_BYTES * 2);
      let at = 0;
      const room = (bytes: number) => {
        if (at + bytes <= buffer.length) return;
        const grown = Buffer.allocUnsafe(Math.max(buffer.length * 2, at + bytes));
        buffer.copy(grown, 0, 0, at);
        buffer = grown;
      };
      const putText = (text: string) => {
        // A UTF-16 unit is at most 3 UTF-8 bytes.
        room(text.length * 3);
        at += buffer.write(text, at);
      };
      const putPacked = (text: PackedText) =>
        text.look((bytes, from, to) => {
          room(jsonStringBytesMost(to - from));
          at = jsonStringBytes(bytes, from, to, buffer, at);
        });
      const put = (text: string) => {
        let from = 0;
        for (let marker = packed ? text.indexOf(packed.head) : -1; marker !== -1; marker = text.indexOf(packed!.head, from)) {
          const numberAt = marker + packed!.head.length;
          const end = text.indexOf(MARKER_TAIL, numberAt);
          const digits = end === -1 ? '' : text.slice(numberAt, end);
          const found = /^\d{1,15}$/.test(digits) ? packed!.text(Number(digits)) : undefined;
          if (!found) {
            putText(text.slice(from, numberAt));
            from = numberAt;
            continue;
          }
          putText(text.slice(from, marker));
          putPacked(found);
          from = end + MARKER_TAIL.length;
        }
        putText(from === 0 ? text : text.slice(from));
      };
      for (const piece of jsonPieces(value)) {
        put(piece);
        if (at >= WRITE_BYTES) {
          await file.write(buffer, 0, at);
          at = 0;
          afterWrite?.();
        }
      }
      put('\n');
      await file.write(buffer, 0, at);
    } finally {
      await file.close();
    }
  });
}
