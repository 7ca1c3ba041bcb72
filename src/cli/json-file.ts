// report.json written in pieces: the bytes of JSON.stringify(value, null, 2) + '\n' without ever holding the whole text
// (52 MB at 100k rows, 77 MB with long progress text; BENCHMARKS.md).
import { promises as fs } from 'node:fs';

const INDENT = '  ';

/**
 * The text of JSON.stringify(value, null, 2), in pieces: objects and arrays down to `depth` levels are walked here, anything
 * deeper is one JSON.stringify call, its lines indented to where it sits (a string's line breaks are escaped, so every raw
 * newline in that text is a line break of the layout).
 */
export function* jsonPieces(value: unknown, depth = 2, indent = ''): Generator<string> {
  const v = toJsonValue(value, '');
  if (depth <= 0 || v === null || typeof v !== 'object') {
    yield stringifyAt(v, indent) ?? 'null';
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < v.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const item = toJsonValue(v[i], String(i));
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonPieces(item, depth - 1, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(v)) {
    const item = toJsonValue((v as Record<string, unknown>)[key], key);
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(item, depth - 1, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
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
