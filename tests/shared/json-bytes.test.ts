// A JSON string written from UTF-8 bytes must be the bytes of JSON.stringify of the text those bytes hold.
import fc from 'fast-check';
import { jsonStringBytes, jsonStringBytesMost } from '../../src/shared/json-bytes';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What jsonStringBytes writes for the text's UTF-8, placed at an offset in a larger buffer. */
function written(text: string, at = 5): Uint8Array {
  const bytes = encoder.encode(text);
  // The bytes looked at lie inside a longer buffer, as a packed block holds many texts.
  const block = new Uint8Array(bytes.length + 7);
  block.set(bytes, 3);
  const out = new Uint8Array(at + jsonStringBytesMost(bytes.length)).fill(0xee);
  const end = jsonStringBytes(block, 3, 3 + bytes.length, out, at);
  expect(out.subarray(0, at).every((b) => b === 0xee)).toBe(true);
  return out.subarray(at, end);
}

/** The bytes JSON.stringify gives for the text as it reads back from its UTF-8 (a lone surrogate becomes U+FFFD). */
function expected(text: string): Uint8Array {
  return encoder.encode(JSON.stringify(decoder.decode(encoder.encode(text))));
}

describe('jsonStringBytes', () => {
  test('escapes as JSON.stringify does: quotes, backslashes, every control character, nothing else', () => {
    const controls = Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).join('');
    for (const text of ['', 'plain', '"quoted" \\ back\\slash', controls, 'tab\there\r\nline', '\u007f del, \u2028 \u2029 separators', 'é中🚓’ – “curly”', '\ud800 lone, \udc00 lone']) {
      expect(Buffer.from(written(text)).toString('utf8')).toBe(Buffer.from(expected(text)).toString('utf8'));
    }
    expect(Buffer.from(written('\u001b')).toString()).toBe('"\\u001b"');
  });

  test('any text (property): the same bytes as JSON.stringify', () => {
    const special = fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', '\ud83d', '\ude93', '🚓', 'é', '中');
    const text = fc.array(fc.oneof(fc.string({ unit: 'binary' }), special), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.nat(9), (s, at) => {
        expect(Buffer.from(written(s, at)).equals(Buffer.from(expected(s)))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('never writes past what jsonStringBytesMost allows, even when every byte is escaped', () => {
    const worst = '\u0001'.repeat(1000);
    const out = written(worst, 0);
    expect(out.length).toBe(jsonStringBytesMost(1000));
  });
});
