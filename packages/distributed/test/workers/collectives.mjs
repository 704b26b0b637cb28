// Every collective on random inputs, checked against a float64 reference
// that each rank computes for all ranks' inputs (they are a function of the
// rank). Prints `COLLECTIVES {rank, checks, failures}`.
import { memory, setBackend, tensor } from '@dendrite/core';
import { initProcessGroup, report, useWasm } from './setup.mjs';

/** Deterministic values of rank r (a small LCG), in (-2, 2), never zero. */
function valuesOf(r, n, salt) {
  let s = (r * 7919 + salt * 104729 + 1) >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = Math.fround(((s / 2 ** 32) * 4 - 2) || 0.5);
  }
  return out;
}

await useWasm();
const group = await initProcessGroup({ backend: 'mpi', timeoutMs: 60_000 });
const { rank, worldSize: N } = group;
const failures = [];
let checks = 0;
const fail = (what) => failures.push(what);
const before = memory().numTensors;

for (const backend of ['wasm', 'reference']) {
  await setBackend(backend);
  // 40000 and 40001 floats pass 64 KiB: the reduce-scatter + all-gather path, with a count not divisible by 3.
  for (const [n, salt] of [[1, 1], [7, 2], [1000, 3], [40000, 4], [40001, 5]]) {
    const mine = tensor(Float32Array.from(valuesOf(rank, n, salt)));
    const all = Array.from({ length: N }, (_, r) => valuesOf(r, n, salt));
    for (const op of ['sum', 'mean', 'max', 'min']) {
      const out = await group.allReduce(mine, op);
      const got = await out.data();
      const outBackend = out.backend;
      out.dispose();
      checks++;
      if (got.length !== n || outBackend !== backend) {
        fail(`${backend} allReduce ${op} n=${n}: length ${got.length}, backend ${outBackend}`);
        continue;
      }
      for (let i = 0; i < n; i++) {
        const xs = all.map((a) => a[i]);
        let want;
        let tol = 0;
        if (op === 'max') want = Math.max(...xs);
        else if (op === 'min') want = Math.min(...xs);
        else {
          want = xs.reduce((a, b) => a + b, 0) / (op === 'mean' ? N : 1);
          // float32 sum of N terms: (N - 1) roundings of partial sums plus the final one (and the mean's division).
          tol = (N + 1) * 2 ** -24 * xs.reduce((a, b) => a + Math.abs(b), 0);
        }
        if (!(Math.abs(got[i] - want) <= tol)) {
          fail(`${backend} allReduce ${op} n=${n} [${i}]: got ${got[i]}, want ${want} ± ${tol}`);
          break;
        }
      }
    }
    // Every rank holds the same bits of the sum (each element is reduced on one rank only).
    const sum = await group.allReduce(mine, 'sum');
    const gathered = await group.allGather(sum);
    const g = new Uint32Array((await gathered.data()).buffer.slice(0));
    checks++;
    for (let r = 1; r < N; r++) {
      for (let i = 0; i < n; i++) {
        if (g[r * n + i] !== g[i]) {
          fail(`${backend} allReduce sum n=${n}: rank ${r} differs from rank 0 at ${i}`);
          break;
        }
      }
    }
    sum.dispose();
    gathered.dispose();
    // broadcast from the last rank, allGather, in their exact values.
    const b = await group.broadcast(mine, N - 1);
    const bData = await b.data();
    const want = all[N - 1];
    checks++;
    if (bData.some((v, i) => v !== want[i])) fail(`${backend} broadcast n=${n}: differs from rank ${N - 1}'s values`);
    const ag = await group.allGather(mine);
    const agData = await ag.data();
    checks++;
    if (ag.shape.join() !== `${N},${n}` || agData.some((v, i) => v !== all[Math.floor(i / n)][i % n])) fail(`${backend} allGather n=${n}: wrong shape ${ag.shape} or values`);
    for (const t of [b, ag, mine]) t.dispose();
  }
  // int32 sums are exact; bool max is "any".
  const ints = tensor([rank + 1, -2 * rank, 1 << 20], [3], 'int32');
  const isum = await group.allReduce(ints, 'sum');
  const tri = (N * (N + 1)) / 2;
  checks++;
  if ((await isum.data()).join() !== [tri, -(N * (N - 1)), N << 20].join() || isum.dtype !== 'int32') fail(`${backend} int32 sum: ${await isum.data()}`);
  const flags = tensor([rank === 1, false, true]);
  const any = await group.allReduce(flags, 'max');
  checks++;
  if ((await any.data()).join() !== [N > 1 ? 1 : 0, 0, 1].join() || any.dtype !== 'bool') fail(`${backend} bool max: ${await any.data()}`);
  // reduceScatter: [2N, 3] summed; rank r gets rows 2r, 2r + 1.
  const rows = tensor(Float32Array.from(valuesOf(rank, 6 * N, 9)), [2 * N, 3]);
  const rs = await group.reduceScatter(rows, 'sum');
  const rsData = await rs.data();
  const allRows = Array.from({ length: N }, (_, r) => valuesOf(r, 6 * N, 9));
  checks++;
  if (rs.shape.join() !== '2,3') fail(`${backend} reduceScatter shape ${rs.shape}`);
  for (let i = 0; i < 6; i++) {
    const xs = allRows.map((a) => a[6 * rank + i]);
    const w = xs.reduce((a, c) => a + c, 0);
    if (Math.abs(rsData[i] - w) > (N + 1) * 2 ** -24 * xs.reduce((a, c) => a + Math.abs(c), 0)) fail(`${backend} reduceScatter [${i}]: ${rsData[i]} vs ${w}`);
  }
  // Async variants: three in flight, waited in reverse; order of results intact.
  const inputs = [1, 2, 3].map((k) => tensor([k * (rank + 1)]));
  const works = inputs.map((t) => group.allReduceAsync(t, 'sum'));
  const vals = [];
  for (const w of works.reverse()) {
    const t = await w.wait();
    vals.unshift((await t.data())[0]);
    t.dispose();
  }
  checks++;
  if (vals.join() !== [1, 2, 3].map((k) => k * tri).join() || !works.every((w) => w.completed)) fail(`${backend} async: ${vals}`);
  for (const t of inputs) t.dispose();
  await group.barrierAsync().wait();
  await group.barrier();
  // Typed errors, raised before anything is sent (so the ranks stay in step).
  const expectThrow = (fn, text) => {
    checks++;
    try {
      fn();
      fail(`no error for ${text}`);
    } catch (err) {
      if (!String(err.message).includes(text)) fail(`wrong error for ${text}: ${err.message}`);
    }
  };
  expectThrow(() => group.allReduceAsync(flags, 'sum'), "cannot 'sum' bool tensors");
  expectThrow(() => group.allReduceAsync(ints, 'mean'), "'mean' of int32 tensors");
  const odd = tensor(Float32Array.from({ length: 2 * N + 1 }, (_, i) => i));
  if (N > 1) expectThrow(() => group.reduceScatterAsync(odd, 'sum'), 'divisible by the world size');
  odd.dispose();
  expectThrow(() => group.broadcastAsync(ints, N), `root must be a rank in [0, ${N - 1}], got ${N}`);
  for (const t of [ints, isum, flags, any, rows, rs]) t.dispose();
}
checks++;
if (memory().numTensors !== before) fail(`live tensors: ${before} before, ${memory().numTensors} after`);
report('COLLECTIVES', { rank, size: N, library: group.library, checks, failures });
await group.destroy();
