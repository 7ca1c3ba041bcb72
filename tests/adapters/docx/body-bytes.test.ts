// The Word report's body encoded straight into bytes (src/adapters/docx/body-bytes.ts): the same bytes as the text
// escaped by escapeXmlText and encoded by TextEncoder, whatever the text holds.
import { Utf8BodyWriter } from '../../../src/adapters/docx/body-bytes';
import { escapeXmlText } from '../../../src/shared/xml-text';

const utf8 = new TextEncoder();

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Characters that take every path: ASCII, the three escaped, controls kept and dropped, 2- 3- and 4-byte UTF-8, lone and paired surrogates, U+FFFE/U+FFFF. */
const ALPHABET = [
  'a', 'Z', ' ', '&', '<', '>', '"', "'", '\t', '\n', '\r', '\u0000', '\u0001', '\u000b', '\u001f', '\u007f', 'é', 'ß', '\u07ff',
  '\u0800', '“', '”', '✓', '€', '\ud7ff', '\ue000', '\ufffd', '\ufffe', '\uffff', '😀', '\ud83d', '\ude00', '\udbff\udfff', '\ud800\udc00',
];

/** The characters written as they are (long texts of only these take TextEncoder's path). */
const PLAIN = ['a', 'Z', ' ', '"', '\t', '\n', '\r', '\u007f', 'é', '\u07ff', '\u0800', '“', '✓', '\ud7ff', '\ue000', '\ufffd'];

function randomText(next: () => number, length: number, alphabet = ALPHABET): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

/** What the writer wrote, every chunk it handed on kept as it was handed. */
async function written(parts: { markup?: string; text?: string }[]): Promise<{ bytes: Uint8Array; chunks: Uint8Array[] }> {
  const chunks: Uint8Array[] = [];
  const copies: Uint8Array[] = [];
  const w = new Utf8BodyWriter(async (bytes) => {
    chunks.push(bytes);
    copies.push(bytes.slice());
  });
  for (const p of parts) {
    if (p.markup !== undefined) w.markup(p.markup);
    if (p.text !== undefined) w.text(p.text);
    await w.pause(0.5);
  }
  await w.pause(1);
  // A chunk handed on is never written over afterwards (a CompressionStream may still hold it).
  chunks.forEach((c, i) => expect(Buffer.from(c).equals(Buffer.from(copies[i]!))).toBe(true));
  return { bytes: Buffer.concat(chunks), chunks };
}

test('text is written as escapeXmlText writes it, UTF-8 encoded; markup as TextEncoder encodes it', async () => {
  const next = random(20261201);
  for (let round = 0; round < 300; round++) {
    const parts = Array.from({ length: 20 }, () => ({ markup: `<w:t a="${randomText(next, 3)}">`, text: randomText(next, Math.floor(next() * 60), next() < 0.5 ? PLAIN : ALPHABET) }));
    const expected = utf8.encode(parts.map((p) => p.markup + escapeXmlText(p.text)).join(''));
    expect(Buffer.from((await written(parts)).bytes).equals(Buffer.from(expected))).toBe(true);
  }
});

test('plain cases read as expected', async () => {
  const { bytes } = await written([{ markup: '<w:t>', text: 'R&D <draft> “done” ✓ 😀\u0001\ufffe\ud800' }, { markup: '</w:t>' }]);
  expect(new TextDecoder().decode(bytes)).toBe('<w:t>R&amp;D &lt;draft&gt; “done” ✓ 😀</w:t>');
});

test('a long body is handed on in chunks of about 256 KB, texts longer than a chunk included', async () => {
  const long = 'x&'.repeat(200_000);
  const parts = [...Array.from({ length: 20_000 }, (_, i) => ({ markup: '<w:p>', text: `entry ${i} – “milestone”` })), { text: long }, { markup: '</w:p>' }];
  const { bytes, chunks } = await written(parts);
  expect(Buffer.from(bytes).equals(Buffer.from(utf8.encode(parts.map((p) => (p.markup ?? '') + escapeXmlText(p.text ?? '')).join(''))))).toBe(true);
  expect(chunks.length).toBeGreaterThan(2);
  for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(1 << 18);
});

test('text given as its UTF-8 (a packed update) is written as the string it decodes to', async () => {
  const next = random(20261202);
  for (let round = 0; round < 2000; round++) {
    const text = randomText(next, Math.floor(next() * 80));
    // The bytes lie inside a longer buffer, as a packed block holds many texts; decoding makes a lone surrogate U+FFFD.
    const bytes = utf8.encode(text);
    const block = new Uint8Array(bytes.length + 4).fill(0x26);
    block.set(bytes, 2);
    const chunks: Uint8Array[] = [];
    const w = new Utf8BodyWriter(async (b) => void chunks.push(b));
    w.markup('<w:t>');
    w.textBytes(block, 2, 2 + bytes.length);
    await w.pause(1);
    const expected = utf8.encode('<w:t>' + escapeXmlText(new TextDecoder().decode(bytes)));
    expect(Buffer.from(Buffer.concat(chunks)).toString()).toBe(Buffer.from(expected).toString());
  }
});

test('with reuseBuffer, the next bytes go into the buffer handed on once its write has settled: what each write saw is the body', async () => {
  const long = 'x&'.repeat(200_000);
  const parts: { markup?: string; text?: string }[] = [...Array.from({ length: 20_000 }, (_, i) => ({ markup: '<w:p>', text: `entry ${i} – “milestone”` })), { text: long }, ...Array.from({ length: 20_000 }, () => ({ markup: '<w:r/>' }))];
  const seen: Buffer[] = [];
  const buffers = new Set<ArrayBufferLike>();
  const w = new Utf8BodyWriter(async (bytes) => {
    // Looked at after a turn of the event loop, as a deflater that copies would have taken it by then.
    await new Promise((resolve) => setImmediate(resolve));
    seen.push(Buffer.from(bytes));
    buffers.add(bytes.buffer);
  }, { reuseBuffer: true });
  for (const p of parts) {
    if (p.markup !== undefined) w.markup(p.markup);
    if (p.text !== undefined) w.text(p.text);
    await w.pause(0.5);
  }
  await w.pause(1);
  expect(Buffer.concat(seen).equals(Buffer.from(utf8.encode(parts.map((p) => (p.markup ?? '') + escapeXmlText(p.text ?? '')).join(''))))).toBe(true);
  expect(seen.length).toBeGreaterThanOrEqual(4);
  // One buffer, and the one grown for the long text: not one per chunk.
  expect(buffers.size).toBeLessThanOrEqual(2);
});
