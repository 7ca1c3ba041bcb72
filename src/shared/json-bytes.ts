// A JSON string written from text's UTF-8 bytes, as JSON.stringify would write that text: for long text kept packed as
// UTF-8 (a big tracker's progress updates), which then never becomes a string only to be escaped and encoded again.
// Pure: imports nothing.

/** What each byte becomes in a JSON string: 0 kept, else its escape's length (2 for \n, 6 for \u001b). */
const ESCAPE_LENGTH = new Uint8Array(256);
const ESCAPE: string[] = [];
for (let b = 0; b < 0x20; b++) ESCAPE[b] = `\\u${b.toString(16).padStart(4, '0')}`;
ESCAPE[0x08] = '\\b';
ESCAPE[0x09] = '\\t';
ESCAPE[0x0a] = '\\n';
ESCAPE[0x0c] = '\\f';
ESCAPE[0x0d] = '\\r';
ESCAPE[0x22] = '\\"';
ESCAPE[0x5c] = '\\\\';
const ESCAPE_BYTES: Uint8Array[] = [];
ESCAPE.forEach((e, b) => {
  ESCAPE_LENGTH[b] = e.length;
  ESCAPE_BYTES[b] = Uint8Array.from(e, (ch) => ch.charCodeAt(0));
});

/** The most bytes jsonStringBytes writes for `length` bytes of text: every byte a six-byte escape, and the quotes. */
export function jsonStringBytesMost(length: number): number {
  return length * 6 + 2;
}

/**
 * Writes into `out` at `at` the JSON string (quotes included) of the text whose UTF-8 is `bytes[from, to)`: the bytes
 * JSON.stringify(text) encodes to, for text decoded from well-formed UTF-8 (which holds no lone surrogate, the one thing
 * JSON.stringify escapes that bytes cannot show). `out` must have jsonStringBytesMost(to - from) bytes free at `at`.
 * Returns where the string ends.
 */
export function jsonStringBytes(bytes: Uint8Array, from: number, to: number, out: Uint8Array, at: number): number {
  out[at++] = 0x22;
  let run = from;
  for (let i = from; i < to; i++) {
    const n = ESCAPE_LENGTH[bytes[i]!]!;
    if (n === 0) continue;
    if (i > run) {
      out.set(bytes.subarray(run, i), at);
      at += i - run;
    }
    out.set(ESCAPE_BYTES[bytes[i]!]!, at);
    at += n;
    run = i + 1;
  }
  if (to > run) {
    out.set(bytes.subarray(run, to), at);
    at += to - run;
  }
  out[at++] = 0x22;
  return at;
}
