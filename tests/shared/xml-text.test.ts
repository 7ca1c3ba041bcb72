// Escaping user text for XML, and reading entities back.
import fc from 'fast-check';
import { escapeAttr, escapeXml, escapeXmlText, unescapeXml, xmlChars } from '../../src/shared/xml-text';

function unescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Characters XML 1.0 allows: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF. */
const XML_CHARS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

describe('escapeXmlText', () => {
  test('markup characters become entities, so text like <w:p> or &amp; stays text', () => {
    expect(escapeXmlText('<w:p>')).toBe('&lt;w:p&gt;');
    expect(escapeXmlText('&amp;')).toBe('&amp;amp;');
    expect(escapeXmlText(`a "b" 'c' ]]> <![CDATA[x]]>`)).toBe(`a "b" 'c' ]]&gt; &lt;![CDATA[x]]&gt;`);
  });

  test('plain text, emoji, right-to-left text, tabs and line breaks are kept exactly', () => {
    for (const s of ['', 'Plain text', '🚓 Police 👮🏽‍♀️ 🇬🇧', 'שלום עולם', 'مرحبا بالعالم', 'a\tb\nc\r\nd', 'ü ß 漢字 \u00A0 \u200F']) {
      expect(escapeXmlText(s)).toBe(s);
    }
  });

  test('characters XML 1.0 forbids are dropped: C0 controls, U+FFFE, U+FFFF, lone surrogates', () => {
    expect(escapeXmlText('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg')).toBe('abcdefg');
    expect(escapeXmlText('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(escapeXmlText('cut \uD83D')).toBe('cut ');
    expect(escapeXmlText('\uDE93 cut')).toBe(' cut');
    expect(escapeXmlText('kept \uD83D\uDE93')).toBe('kept \uD83D\uDE93');
  });

  test('any string: the result holds only XML characters and no markup, and reads back as the allowed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const out = escapeXmlText(s);
        expect(out).toMatch(XML_CHARS);
        expect(out).not.toMatch(/[<>]/);
        expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
        const allowed = [...s].filter((c) => XML_CHARS.test(c)).join('');
        expect(unescape(out)).toBe(allowed);
      }),
      { seed: 4, numRuns: 500 },
    );
  });

  test('32,767 characters (Excel\'s cell limit) come back whole', () => {
    const long = '<&>"\'é🚓'.repeat(5000).slice(0, 32767);
    expect(unescape(escapeXmlText(long))).toBe(long.replace(/[\uD800-\uDBFF]$/, ''));
  });
});

describe('unescapeXml', () => {
  test('reads back what each escape wrote, for any string (characters XML cannot hold aside)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        for (const escape of [escapeXmlText, escapeXml, escapeAttr]) expect(unescapeXml(escape(s))).toBe(xmlChars(s));
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  test('entities are read once: "&amp;lt;" is the text "&lt;", and numeric references become their characters', () => {
    expect(unescapeXml('&amp;lt; &#38;lt; &#x1F693; &#233; &quot;&apos;')).toBe('&lt; &lt; 🚓 é "\'');
    expect(unescapeXml('&unknown; & plain')).toBe('&unknown; & plain');
  });
});
