// The conformance kit on the reference backend itself (which must pass: it
// proves the kit runs end to end), its coverage of the contract, and proof
// that it catches broken backends.
import * as vitest from 'vitest';
import { describe, expect, it } from 'vitest';
import { type Backend, FUSED_KERNELS, type KernelTable, PRIMITIVE_KERNELS, type TensorInfo } from '../src/backend/contract.js';
import { createReferenceBackend } from '../src/reference/index.js';
import { backendConformance } from '../src/testing/conformance.js';
import type { KernelCase } from '../src/testing/conformance-case.js';
import { conformanceCaseNames, conformanceCases } from '../src/testing/conformance-cases.js';
import { compareKernel, POISON, runKernelCase } from '../src/testing/conformance-compare.js';

backendConformance(createReferenceBackend, { name: 'reference against itself', runner: vitest });

// A backend with the primitives only: its fused cases are skipped with a
// note, and options.skip leaves out a primitive.
backendConformance(
  () => {
    const ref = createReferenceBackend();
    const kernels = Object.fromEntries(PRIMITIVE_KERNELS.map((name) => [name, ref.kernels[name]]));
    return { ...ref, name: 'primitives-only', kernels: kernels as unknown as KernelTable };
  },
  { name: 'primitives only', skip: ['random'], seed: 3, runner: vitest },
);

/** The reference backend with some kernels replaced. */
function patched(kernels: Partial<KernelTable>): Backend {
  const ref = createReferenceBackend();
  return { ...ref, name: 'patched', kernels: { ...ref.kernels, ...kernels } };
}

const reference = createReferenceBackend();
const cases = conformanceCases();
const find = (list: KernelCase[], prefix: string): KernelCase => {
  const c = list.find((k) => k.label.startsWith(prefix));
  if (!c) throw new Error(`no case starting with '${prefix}'`);
  return c;
};

describe('conformance kit: coverage', () => {
  it('has cases for every primitive and fused kernel of the contract', () => {
    const names = conformanceCaseNames();
    for (const kernel of [...PRIMITIVE_KERNELS, ...FUSED_KERNELS]) expect(names[kernel]?.length ?? 0, kernel).toBeGreaterThan(0);
  });

  it('covers every op variant, rank 0..4, empty shapes and each broadcast side', () => {
    const names = conformanceCaseNames();
    const labels = Object.values(names).flat();
    for (const variant of ['mod int32', 'pow float32', 'logicalXor bool', 'eq bool', 'round float32', 'logicalNot bool', 'gelu float32']) {
      expect(labels.some((l) => l.startsWith(variant)), variant).toBe(true);
    }
    for (const kind of ['a broadcast', 'b broadcast', 'both broadcast', 'a scalar', 'empty']) expect(names.binary.some((l) => l.includes(` ${kind} `)), kind).toBe(true);
    const inputShapes = Object.values(cases).flat().flatMap((c) => c.inputs.map((t) => t.shape));
    for (let rank = 0; rank <= 4; rank++) expect(inputShapes.some((s) => s.length === rank), `rank ${rank}`).toBe(true);
    expect(inputShapes.some((s) => s.includes(0)), 'empty dim').toBe(true);
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      expect(names.matmul.some((l) => l.startsWith(`transA ${ta} transB ${tb} [67, 131]`) || l.startsWith(`transA ${ta} transB ${tb} [131, 67]`))).toBe(true);
    }
  });

  it('draws the same cases from the same seed and different ones from another', () => {
    const again = conformanceCases();
    expect(Array.from(again.matmul[4].inputs[0].data)).toEqual(Array.from(cases.matmul[4].inputs[0].data));
    const other = conformanceCases(7);
    expect(Array.from(other.matmul[4].inputs[0].data)).not.toEqual(Array.from(cases.matmul[4].inputs[0].data));
  });

  it('never expects the poison value, so an unwritten output element always shows', async () => {
    for (const c of Object.values(cases).flat()) {
      const { output } = await runKernelCase(reference, c);
      const poison = POISON[c.output.dtype];
      const hit = Array.from(output).findIndex((v) => v === poison || (Number.isNaN(v) && Number.isNaN(poison)));
      expect(hit, `${c.kernel} ${c.label}`).toBe(-1);
    }
  });

  it('never draws zeros for float inputs of arithmetic kernels', () => {
    for (const c of [...cases.binary, ...cases.matmul, ...cases.conv2d]) {
      for (const t of c.inputs) if (t.dtype === 'float32') expect(Array.from(t.data).includes(0), c.label).toBe(false);
    }
  });
});

describe('conformance kit: it catches broken backends', () => {
  it('reports an add that is off by one', async () => {
    const broken = patched({
      binary: (a, b, out, op) => {
        reference.kernels.binary(a, b, out, op);
        if (op !== 'add') return;
        // Corrupt the result through the public memory API.
        const data = broken.readSync!(out.handle) as Float32Array;
        broken.write(out.handle, data.map((v) => v + 1));
      },
    });
    const kase = find(cases.binary, 'add float32 same shape');
    const result = await compareKernel(broken, reference, kase);
    expect(result.ok).toBe(false);
    expect(result.mismatches).toBe(result.checked);
    expect(result.message).toMatch(/differ from the reference/);
    const fine = await compareKernel(broken, reference, find(cases.binary, 'sub float32 same shape'));
    expect(fine.ok, fine.message).toBe(true);
  });

  it('reports output elements a kernel never writes (poison)', async () => {
    const lazy = patched({
      unary: (x: TensorInfo, out: TensorInfo, op, alpha) => {
        // Computes into a scratch buffer, then copies all but the last element.
        const scratch = lazy.alloc(out.dtype, out.shape.reduce((p, d) => p * d, 1));
        reference.kernels.unary(x, { ...out, handle: scratch }, op, alpha);
        const all = lazy.readSync!(scratch);
        const keep = lazy.readSync!(out.handle);
        keep.set(all.subarray(0, all.length - 1));
        lazy.write(out.handle, keep);
        lazy.free(scratch);
      },
    });
    const kase = cases.unary.find((c) => c.label.startsWith('exp float32') && c.output.shape.length >= 2 && !c.output.shape.includes(0))!;
    const result = await compareKernel(lazy, reference, kase);
    expect(result.ok).toBe(false);
    expect(result.mismatches).toBe(1);
    expect(result.message).toMatch(/poison value/);
  });

  it('reports a kernel that writes its input, and a matmul that accumulates in too little precision', async () => {
    const scribbler = patched({
      transpose: (x, out, perm) => {
        reference.kernels.transpose(x, out, perm);
        const data = scribbler.readSync!(x.handle);
        if (data.length > 0) {
          data[0] = data[0] === 1 ? 2 : 1;
          scribbler.write(x.handle, data);
        }
      },
    });
    const t = cases.transpose.find((c) => c.inputs[0].data.length > 0)!;
    const r1 = await compareKernel(scribbler, reference, t);
    expect(r1.message).toMatch(/input 0 .* was modified/);

    // A bfloat16-like matmul (inputs rounded to 8 mantissa bits) must fail the accumulated bound.
    const bf16 = (v: number) => {
      const f = new Float32Array([v]);
      const u = new Uint32Array(f.buffer);
      u[0] &= 0xffff0000;
      return f[0];
    };
    const coarse = patched({
      matmul: (a, b, out, ta, tb) => {
        const round = (info: TensorInfo): TensorInfo => {
          const h = coarse.alloc('float32', (coarse.readSync!(info.handle) as Float32Array).length);
          coarse.write(h, (coarse.readSync!(info.handle) as Float32Array).map(bf16));
          return { ...info, handle: h };
        };
        const [ra, rb] = [round(a), round(b)];
        reference.kernels.matmul(ra, rb, out, ta, tb);
        coarse.free(ra.handle);
        coarse.free(rb.handle);
      },
    });
    const big = find(cases.matmul, 'transA false transB false [67, 131]');
    const r2 = await compareKernel(coarse, reference, big);
    expect(r2.ok).toBe(false);
    expect(r2.message).toMatch(/allowed error/);
  });
});
