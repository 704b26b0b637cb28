// Timing helpers for the benches: warm-up runs, then per-run milliseconds.

/** Runs fn `warmup` times untimed, then `runs` times; returns each run's ms. */
export function timeIt(fn, runs, warmup = 3) {
  for (let i = 0; i < warmup; i++) fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
