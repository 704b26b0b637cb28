// Timing for GPU benches: each run awaits the device going idle, so a sample
// is the wall time of the queued work, not of its enqueueing.

/** Median of a non-empty list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Median milliseconds of `run` (async; resolves once its GPU work finished):
 * `warmup` untimed runs (pipeline compilation, buffer pools), then at least
 * `minRuns` timed ones, more while under `budgetMs`, at most `maxRuns` (so a
 * row of 10 s runs on a CPU driver costs 50 s, not minutes).
 */
export async function medianMs(run, { warmup = 2, minRuns = 3, maxRuns = 25, budgetMs = 3000 } = {}) {
  for (let i = 0; i < warmup; i++) await run();
  const times = [];
  const start = performance.now();
  while (times.length < minRuns || (times.length < maxRuns && performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}
