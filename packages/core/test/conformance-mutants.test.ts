// Mutation tests of the conformance kit: the reference backend with one
// classic kernel bug planted at a time must fail at least one case of that
// kernel, so the kit's shapes, values and tolerances are shown to be sharp.
import { describe, expect, it } from 'vitest';
import type { Backend, KernelTable, TensorInfo } from '../src/backend/contract.js';
import type { DataArray } from '../src/dtype.js';
import { randomValue } from '../src/random/philox.js';
import { createReferenceBackend } from '../src/reference/index.js';
import { broadcastOffsets } from '../src/reference/index-math.js';
import { sizeOf } from '../src/shape.js';
import type { KernelName } from '../src/testing/conformance-case.js';
import { conformanceCases } from '../src/testing/conformance-cases.js';
import { compareKernel } from '../src/testing/conformance-compare.js';

const reference = createReferenceBackend();
const ref = reference.kernels as Required<KernelTable>;
const cases = conformanceCases();

/** A backend sharing the reference's buffers whose kernel table is patched by `patch`. */
function mutant(patch: (host: Host) => Partial<KernelTable>): Backend {
  const base = createReferenceBackend();
  const host = hostIO(base);
  return { ...base, name: 'mutant', kernels: { ...base.kernels, ...patch(host) } };
}

interface Host {
  read(t: TensorInfo): DataArray;
  write(t: TensorInfo, data: DataArray): void;
  /** A new buffer holding `data` with t's shape and dtype (freed by `drop`). */
  copy(t: TensorInfo, data: DataArray): TensorInfo;
  drop(t: TensorInfo): void;
}

function hostIO(b: Backend): Host {
  return {
    read: (t) => b.readSync!(t.handle),
    write: (t, data) => b.write(t.handle, data),
    copy: (t, data) => {
      const handle = b.alloc(t.dtype, data.length);
      b.write(handle, data);
      return { ...t, handle };
    },
    drop: (t) => b.free(t.handle),
  };
}

/** A mutant computing an elementwise map on the host. */
function mapUnary(host: Host, x: TensorInfo, out: TensorInfo, f: (v: number) => number): void {
  host.write(out, host.read(x).map(f));
}

interface Mutant {
  name: string;
  kernel: KernelName;
  backend: Backend;
}

const MUTANTS: Mutant[] = [
  {
    name: 'round halves away from zero',
    kernel: 'unary',
    backend: mutant((h) => ({
      unary: (x, out, op, alpha) => (op === 'round' && x.dtype === 'float32' ? mapUnary(h, x, out, (v) => Math.sign(v) * Math.floor(Math.abs(v) + 0.5)) : ref.unary(x, out, op, alpha)),
    })),
  },
  {
    name: 'gelu by its tanh approximation',
    kernel: 'unary',
    backend: mutant((h) => ({
      unary: (x, out, op, alpha) =>
        op === 'gelu' ? mapUnary(h, x, out, (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))) : ref.unary(x, out, op, alpha),
    })),
  },
  {
    name: 'mod truncated (fmod) instead of floored',
    kernel: 'binary',
    backend: mutant((h) => ({
      binary: (a, b, out, op) => {
        if (op !== 'mod') return ref.binary(a, b, out, op);
        const [da, db] = [h.read(a), h.read(b)];
        const [ia, ib] = [broadcastOffsets(a.shape, out.shape), broadcastOffsets(b.shape, out.shape)];
        h.write(out, h.read(out).map((_, i) => da[ia[i]] % db[ib[i]]));
      },
    })),
  },
  {
    name: 'where ignores broadcasting of cond',
    kernel: 'where',
    backend: mutant((h) => ({
      where: (c, a, b, out) => {
        const [dc, da, db] = [h.read(c), h.read(a), h.read(b)];
        const [ia, ib] = [broadcastOffsets(a.shape, out.shape), broadcastOffsets(b.shape, out.shape)];
        h.write(out, h.read(out).map((_, i) => (dc[i % Math.max(dc.length, 1)] ? da[ia[i]] : db[ib[i]])));
      },
    })),
  },
  {
    name: 'cast to int32 rounds instead of truncating',
    kernel: 'cast',
    backend: mutant((h) => ({
      cast: (x, out) => (x.dtype === 'float32' && out.dtype === 'int32' ? mapUnary(h, x, out, Math.round) : ref.cast(x, out)),
    })),
  },
  {
    name: 'empty max reductions give 0',
    kernel: 'reduce',
    backend: mutant((h) => ({
      reduce: (x, out, op, axes) => {
        ref.reduce(x, out, op, axes);
        if (op === 'max' && sizeOf(x.shape) === 0) h.write(out, h.read(out).fill(0));
      },
    })),
  },
  {
    name: 'argmax keeps the last of tied maxima',
    kernel: 'argReduce',
    backend: mutant((h) => ({
      argReduce: (x, out, op, axis) => {
        if (op !== 'argmax') return ref.argReduce(x, out, op, axis);
        const xs = h.read(x);
        const len = x.shape[axis];
        const inner = sizeOf(x.shape.slice(axis + 1));
        const res = new Int32Array(sizeOf(out.shape));
        for (let o = 0; o < res.length; o++) {
          const base = Math.floor(o / inner) * len * inner + (o % inner);
          let best = 0;
          for (let j = 1; j < len; j++) if (xs[base + j * inner] >= xs[base + best * inner] || Number.isNaN(xs[base + j * inner])) best = j;
          res[o] = best;
        }
        h.write(out, res);
      },
    })),
  },
  {
    name: 'gather wraps negative indices Python-style',
    kernel: 'gather',
    backend: mutant((h) => ({
      gather: (x, idx, out, axis) => {
        const wrapped = h.copy(idx, (h.read(idx) as Int32Array).map((k) => (k < 0 ? k + x.shape[axis] : k)));
        ref.gather(x, wrapped, out, axis);
        h.drop(wrapped);
      },
    })),
  },
  {
    name: 'scatterAdd clamps out-of-range indices',
    kernel: 'scatterAdd',
    backend: mutant((h) => ({
      scatterAdd: (idx, upd, out, axis) => {
        const clamped = h.copy(idx, (h.read(idx) as Int32Array).map((k) => Math.min(Math.max(k, 0), out.shape[axis] - 1)));
        ref.scatterAdd(clamped, upd, out, axis);
        h.drop(clamped);
      },
    })),
  },
  {
    name: 'random ignores the high counter word',
    kernel: 'random',
    backend: mutant((h) => ({
      random: (out, a) => {
        const values = Float32Array.from({ length: sizeOf(out.shape) }, (_, i) => randomValue(a.kind, a.key0, a.key1, 0, (a.offset + i) % 2 ** 32, a.a, a.b));
        h.write(out, values);
      },
    })),
  },
  {
    name: 'conv2d ignores dilation',
    kernel: 'conv2d',
    backend: mutant(() => ({ conv2d: (x, w, out, attrs) => ref.conv2d(x, w, out, { ...attrs, dilation: [1, 1] }) })),
  },
  {
    name: 'conv2dBackpropInput ignores stride',
    kernel: 'conv2dBackpropInput',
    backend: mutant(() => ({ conv2dBackpropInput: (dy, w, out, attrs) => ref.conv2dBackpropInput(dy, w, out, { ...attrs, stride: [1, 1] }) })),
  },
  {
    name: 'conv2dBackpropFilter swaps padding sides',
    kernel: 'conv2dBackpropFilter',
    backend: mutant(() => ({
      conv2dBackpropFilter: (x, dy, out, attrs) => ref.conv2dBackpropFilter(x, dy, out, { ...attrs, pad: [attrs.pad[1], attrs.pad[0], attrs.pad[3], attrs.pad[2]] }),
    })),
  },
  {
    name: 'avgPool2d inverts countIncludePad',
    kernel: 'avgPool2d',
    backend: mutant(() => ({ avgPool2d: (x, out, attrs) => ref.avgPool2d(x, out, { ...attrs, countIncludePad: !attrs.countIncludePad }) })),
  },
  {
    name: 'softmax without subtracting the row max',
    kernel: 'softmax',
    backend: mutant((h) => ({
      softmax: (x, out) => {
        const xs = h.read(x);
        const d = x.shape[x.shape.length - 1] ?? 1;
        const res = new Float32Array(xs.length);
        for (let s = 0; s < xs.length; s += d) {
          const e = Array.from(xs.subarray(s, s + d), (v) => Math.fround(Math.exp(v)));
          const sum = Math.fround(e.reduce((p, v) => p + v, 0));
          e.forEach((v, k) => (res[s + k] = v / sum));
        }
        h.write(out, res);
      },
    })),
  },
  {
    name: 'batchNorm adds eps outside the square root',
    kernel: 'batchNorm',
    backend: mutant((h) => ({
      batchNorm: (x, mean, variance, gamma, beta, out, eps) => {
        const v = h.read(variance);
        // sqrt(v' + eps) = sqrt(v) + eps  ⇔  v' = (sqrt(v) + eps)² − eps
        const shifted = h.copy(variance, v.map((s) => (Math.sqrt(s) + eps) ** 2 - eps));
        ref.batchNorm(x, mean, shifted, gamma, beta, out, eps);
        h.drop(shifted);
      },
    })),
  },
  {
    name: 'layerNorm with the unbiased variance',
    kernel: 'layerNorm',
    backend: mutant((h) => ({
      layerNorm: (x, gamma, beta, out, eps) => {
        const xs = h.read(x);
        const [g, b] = [h.read(gamma), h.read(beta)];
        const d = x.shape[x.shape.length - 1];
        const res = new Float32Array(xs.length);
        for (let s = 0; s < xs.length; s += d) {
          const row = Array.from(xs.subarray(s, s + d));
          const mean = row.reduce((p, v) => p + v, 0) / d;
          const variance = row.reduce((p, v) => p + (v - mean) ** 2, 0) / Math.max(d - 1, 1);
          row.forEach((v, k) => (res[s + k] = ((v - mean) / Math.sqrt(variance + eps)) * g[k] + b[k]));
        }
        h.write(out, res);
      },
    })),
  },
  {
    name: 'gridSample inverts alignCorners',
    kernel: 'gridSample',
    backend: mutant(() => ({ gridSample: (x, grid, out, attrs) => ref.gridSample(x, grid, out, { ...attrs, alignCorners: !attrs.alignCorners }) })),
  },
  {
    name: 'gridSample treats border padding as zeros',
    kernel: 'gridSample',
    backend: mutant(() => ({ gridSample: (x, grid, out, attrs) => ref.gridSample(x, grid, out, { ...attrs, padding: 'zeros' }) })),
  },
  {
    name: 'optimizerStep without Adam bias correction',
    kernel: 'optimizerStep',
    backend: mutant(() => ({ optimizerStep: (p, g, s, op, os, attrs) => ref.optimizerStep(p, g, s, op, os, { ...attrs, biasCorrection1: 1, biasCorrection2: 1 }) })),
  },
  {
    name: 'optimizerStep ignores Nesterov',
    kernel: 'optimizerStep',
    backend: mutant(() => ({ optimizerStep: (p, g, s, op, os, attrs) => ref.optimizerStep(p, g, s, op, os, { ...attrs, nesterov: false }) })),
  },
  {
    name: 'optimizerStep applies AdamW decay as L2',
    kernel: 'optimizerStep',
    backend: mutant(() => ({ optimizerStep: (p, g, s, op, os, attrs) => ref.optimizerStep(p, g, s, op, os, { ...attrs, decoupled: false }) })),
  },
  {
    name: 'optimizerStep leaves RMSprop uncentered',
    kernel: 'optimizerStep',
    backend: mutant(() => ({
      optimizerStep: (p, g, s, op, os, attrs) => {
        if (!attrs.centered) return ref.optimizerStep(p, g, s, op, os, attrs);
        // Reads the same state but treats it as uncentered; gradAvg is copied through.
        ref.optimizerStep(p, g, [s[0], s[2]], op, [os[0], os[2]], { ...attrs, centered: false });
        ref.expand(s[1], os[1]);
      },
    })),
  },
];

describe('conformance kit: every planted bug is caught', () => {
  for (const m of MUTANTS) {
    it(`${m.kernel}: ${m.name}`, async () => {
      let failed = 0;
      for (const kase of cases[m.kernel]) {
        const result = await compareKernel(m.backend, reference, kase).catch(() => ({ ok: false }));
        if (!result.ok) failed++;
      }
      expect(failed, `cases of '${m.kernel}' that caught the bug`).toBeGreaterThan(0);
      expect(m.backend.memory().buffers, 'mutant buffers left').toBe(0);
    });
  }
});
