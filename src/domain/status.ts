// Status words as people write them, folded onto the scale; unknown words get a suggestion, never a guess.
import type { Config, StatusId } from './config';
import { memoize } from '../shared/memo';
import { resolveScale, type StatusScale } from './status-scale';

/** Lower case, punctuation and spacing folded: "On-Track!" -> "on track". Symbols such as ✓ survive. */
export function foldWords(text: string): string {
  return text.length > 60 ? fold(text) : foldShort(text);
}

const foldShort = memoize(fold);

// eslint-disable-next-line no-control-regex -- every ASCII code point, control characters included
const ASCII = /^[\x00-\x7f]*$/;

function fold(text: string): string {
  // NFKC changes nothing in ASCII text, and it is most of the cost on large trackers.
  return (ASCII.test(text) ? text : text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\-_/.,;:!?()[\]'"’‘“”]+/g, ' ')
    .trim();
}

export interface StatusMatcher {
  match(text: string): StatusId | undefined;
  /** The closest known wording, for an issue's suggestion. */
  suggest(text: string): { status: StatusId; wording: string } | undefined;
}

export function createStatusMatcher(config: Pick<Config, 'statusSynonyms' | 'scale'>, scale: StatusScale = resolveScale(config.scale)): StatusMatcher {
  const table = new Map<string, StatusId>();
  for (const s of scale.entries) {
    table.set(foldWords(s.label), s.id);
    table.set(foldWords(s.id), s.id);
    for (const w of s.words) table.set(foldWords(w), s.id);
  }
  // The user's own wordings win over the built-in ones.
  for (const [id, words] of Object.entries(config.statusSynonyms ?? {})) {
    for (const w of words) table.set(foldWords(w), id);
  }
  return {
    match(text) {
      const f = foldWords(text);
      if (f === '') return undefined;
      return table.get(f) ?? table.get(f.replace(/ /g, ''));
    },
    suggest(text) {
      const f = foldWords(text);
      let best: { status: StatusId; wording: string; d: number } | undefined;
      for (const [w, id] of table) {
        if (w.length < 3) continue;
        const d = editDistance(f, w) / Math.max(f.length, w.length);
        const contains = f.length >= 4 && (w.includes(f) || f.includes(w));
        const score = contains ? Math.min(d, 0.3) : d;
        if (!best || score < best.d) best = { status: id, wording: w, d: score };
      }
      return best && best.d <= 0.4 ? { status: best.status, wording: best.wording } : undefined;
    },
  };
}

/** One row of editDistance's table, reused from call to call (grown when a longer text comes). */
let distanceRow = new Int32Array(64);

/** Levenshtein distance between two texts, by UTF-16 code unit. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = b.length;
  if (distanceRow.length <= n) distanceRow = new Int32Array(2 * n + 1);
  const row = distanceRow;
  for (let j = 0; j <= n; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    // row[j] is the previous row's until overwritten; diagonal keeps the previous row's row[j - 1].
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= n; j++) {
      const above = row[j]!;
      const substitute = diagonal + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const insert = row[j - 1]! + 1;
      const remove = above + 1;
      row[j] = substitute < insert ? (substitute < remove ? substitute : remove) : insert < remove ? insert : remove;
      diagonal = above;
    }
  }
  return row[n]!;
}
