// report.json written in pieces: the bytes of JSON.stringify(value, null, 2) + '\n' without ever holding the whole text
// (52 MB at 100k rows, 77 MB with long progress text; BENCHMARKS.md).
import { promises as fs } from 'node:fs';

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
    for (let i = 0; i < v.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const item = valueAt(v instanceof LazyItems ? v.at(i) : v[i], String(i));
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonPieces(item, depth - 1, inner);
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
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined || indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}

/** Writes JSON.stringify(value, null, 2) + '\n' to path in pieces of about 1 MB. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const file = await fs.open(path, 'w');
  try {
    let buffer = '';
    for (const piece of jsonPieces(value)) {
      buffer += piece;
      if (buffer.length >= 1 << 20) {
        await file.write(buffer);
        buffer = '';
      }
    }
    await file.write(`${buffer}\n`);
  } finally {
    await file.close();
  }
}
