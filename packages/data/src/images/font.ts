// A 3x5 bitmap font, enough for axis labels and legends in plots.
import { type RgbImage, setPixel } from './grid-image.js';

// Each glyph: 5 rows of 3 columns, '#' set.
const GLYPHS: Record<string, string> = {
  '0': '###|#.#|#.#|#.#|###', '1': '.#.|##.|.#.|.#.|###', '2': '###|..#|###|#..|###', '3': '###|..#|.##|..#|###',
  '4': '#.#|#.#|###|..#|..#', '5': '###|#..|###|..#|###', '6': '###|#..|###|#.#|###', '7': '###|..#|.#.|.#.|.#.',
  '8': '###|#.#|###|#.#|###', '9': '###|#.#|###|..#|###', a: '.#.|#.#|###|#.#|#.#', b: '##.|#.#|##.|#.#|##.',
  c: '.##|#..|#..|#..|.##', d: '##.|#.#|#.#|#.#|##.', e: '###|#..|##.|#..|###', f: '###|#..|##.|#..|#..',
  g: '.##|#..|#.#|#.#|.##', h: '#.#|#.#|###|#.#|#.#', i: '###|.#.|.#.|.#.|###', j: '..#|..#|..#|#.#|.#.',
  k: '#.#|#.#|##.|#.#|#.#', l: '#..|#..|#..|#..|###', m: '#.#|###|###|#.#|#.#', n: '##.|#.#|#.#|#.#|#.#',
  o: '.#.|#.#|#.#|#.#|.#.', p: '##.|#.#|##.|#..|#..', q: '.#.|#.#|#.#|##.|.##', r: '##.|#.#|##.|#.#|#.#',
  s: '.##|#..|.#.|..#|##.', t: '###|.#.|.#.|.#.|.#.', u: '#.#|#.#|#.#|#.#|###', v: '#.#|#.#|#.#|#.#|.#.',
  w: '#.#|#.#|###|###|#.#', x: '#.#|#.#|.#.|#.#|#.#', y: '#.#|#.#|.#.|.#.|.#.', z: '###|..#|.#.|#..|###',
  '.': '...|...|...|...|.#.', '-': '...|...|###|...|...', ':': '...|.#.|...|.#.|...', '/': '..#|..#|.#.|#..|#..',
  '=': '...|###|...|###|...', '(': '.#.|#..|#..|#..|.#.', ')': '.#.|..#|..#|..#|.#.', '+': '...|.#.|###|.#.|...',
  ' ': '...|...|...|...|...', _: '...|...|...|...|###', ',': '...|...|...|.#.|#..', '%': '#.#|..#|.#.|#..|#.#',
};

/** Width in pixels of `text` drawn at `scale` (4 columns per character, the last without its gap). */
export function textWidth(text: string, scale = 1): number {
  return Math.max(0, text.length * 4 - 1) * scale;
}

/**
 * Draws `text` (lower-cased; unknown characters as blanks) with its top-left
 * corner at (x, y), each font pixel a `scale` x `scale` square.
 *
 * @example
 * ```ts
 * drawText(img, 'loss 0.25', 2, 2, [0, 0, 0], 2);
 * ```
 */
export function drawText(img: RgbImage, text: string, x: number, y: number, rgb: readonly [number, number, number], scale = 1): void {
  [...text.toLowerCase()].forEach((ch, k) => {
    const rows = (GLYPHS[ch] ?? GLYPHS[' ']).split('|');
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 3; c++) {
        if (rows[r][c] !== '#') continue;
        for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) setPixel(img, x + (k * 4 + c) * scale + dx, y + r * scale + dy, rgb);
      }
    }
  });
}
