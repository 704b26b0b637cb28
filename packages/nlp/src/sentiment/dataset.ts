// Labeled texts and the fixed train/test split used for every sentiment model.
import { ValueError } from '@dendrite/core';

/** A text with a binary sentiment label (1 positive, 0 negative). */
export interface LabeledText {
  /** The sentence. */
  text: string;
  /** 1 positive, 0 negative. */
  label: 0 | 1;
  /** Where it came from (e.g. 'amazon'). */
  source?: string;
}

/**
 * The fixed split: within each source, every 5th item (index % 5 === 4) is
 * test, the rest train — 80/20, the same on every run and machine.
 *
 * @example
 * ```ts
 * const { train, test } = fixedSplit(await loadSentimentFixtures()); // 2,400 / 600
 * ```
 */
export function fixedSplit<T extends { source?: string }>(items: readonly T[], every = 5): { train: T[]; test: T[] } {
  if (!Number.isInteger(every) || every < 2) throw new ValueError(`fixedSplit: 'every' must be an integer >= 2, got ${every}`);
  const seen = new Map<string, number>();
  const train: T[] = [];
  const test: T[] = [];
  for (const item of items) {
    const key = item.source ?? '';
    const i = seen.get(key) ?? 0;
    seen.set(key, i + 1);
    (i % every === every - 1 ? test : train).push(item);
  }
  return { train, test };
}
