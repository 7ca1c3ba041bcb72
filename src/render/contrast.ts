// Text contrast as WCAG 2 defines it: relative luminance of sRGB colours ("RRGGBB") and their ratio.
import { COLOURS } from './report-text';

/** WCAG 2 AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;

function channel(hex: string, at: number): number {
  const c = parseInt(hex.slice(at, at + 2), 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 2) + 0.0722 * channel(hex, 4);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The colour, darkened in steps of its own hue until it reaches `min` contrast on every one of `fills`. */
export function readableOn(color: string, fills: readonly string[], min = MIN_TEXT_CONTRAST): string {
  let c = color.toUpperCase();
  for (let k = 1; fills.some((f) => contrastRatio(c, f) < min) && k <= 40; k++) {
    const f = 1 - k / 40;
    c = [0, 2, 4].map((at) => Math.round(parseInt(color.slice(at, at + 2), 16) * f).toString(16).padStart(2, '0')).join('').toUpperCase();
  }
  return c;
}

/** Fills the reports set text on: the page, the green band, the blue box, table headings. */
export const TEXT_FILLS: readonly string[] = ['FFFFFF', COLOURS.dueFill, COLOURS.delayedFill, COLOURS.headerFill];

/** A status symbol's colour as the reports print it: the scale's colour, darkened where needed to read at 4.5:1 on every fill. */
export function statusTextColour(color: string): string {
  return readableOn(color, TEXT_FILLS);
}
