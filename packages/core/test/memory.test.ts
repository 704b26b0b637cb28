import { describe, expect, it } from 'vitest';
import * as d from '../src/index.js';

/** A 2-layer MLP written with core ops only, trained by plain SGD. */
function makeMlp() {
  d.seed(3);
  const w1 = d.randn([4, 16], { std: 0.5, requiresGrad: true });
  const b1 = d.zeros([16], { requiresGrad: true });
  const w2 = d.randn([16, 1], { std: 0.5, requiresGrad: true });
  const b2 = d.zeros([1], { requiresGrad: true });
  return [w1, b1, w2, b2];
}

function sgd(params: d.Tensor[], lr: number): d.Tensor[] {
  return d.noGrad(() =>
    params.map((p) => {
      using step = p.grad!.mul(lr);
      const next = p.sub(step);
      p.dispose();
      next.requiresGrad = true;
      return next;
    }),
  );
}

describe('memory', () => {
  it('tidy disposes intermediates, keeps results and kept tensors', () => {
    const before = d.memory().numTensors;
    let kept!: d.Tensor;
    const out = d.tidy(() => {
      const a = d.ones([3]);
      kept = d.keep(a.add(1));
      return { r: [a.mul(2)] };
    });
    expect(d.memory().numTensors).toBe(before + 2);
    d.dispose([out, kept]);
    expect(d.memory().numTensors).toBe(before);
    expect(d.memory().numBytes).toBe(d.memory().numBytes);
  });

  it('using a disposed tensor throws DisposedTensorError', () => {
    const t = d.ones([2]);
    t.dispose();
    t.dispose();
    expect(() => t.add(1)).toThrow(d.DisposedTensorError);
    expect(() => t.dataSync()).toThrow(/dispose/);
  });

  it('`using` disposes at the end of the block', () => {
    const before = d.memory().numTensors;
    {
      using t = d.ones([2]);
      expect(t.size).toBe(2);
    }
    expect(d.memory().numTensors).toBe(before);
  });

  it('1,000 MLP training steps with tidy keep live tensors and buffers flat', () => {
    const x = d.randn([32, 4]);
    const y = d.tidy(() => d.sum(x.square(), 1, true));
    let params = makeMlp();
    const lossAt = (ps: d.Tensor[]) => d.tidy(() => d.mean(d.square(d.sub(d.add(d.matmul(d.relu(d.add(d.matmul(x, ps[0]), ps[1])), ps[2]), ps[3]), y))).item());
    const first = lossAt(params);
    let base = { t: 0, b: 0 };
    for (let step = 0; step < 1000; step++) {
      d.tidy(() => {
        const h = d.relu(d.add(d.matmul(x, params[0]), params[1]));
        const loss = d.mean(d.square(d.sub(d.add(d.matmul(h, params[2]), params[3]), y)));
        loss.backward();
      });
      params = sgd(params, 0.01);
      if (step === 9) base = { t: d.memory().numTensors, b: d.memory().numBuffers };
    }
    expect(d.memory().numTensors).toBe(base.t);
    expect(d.memory().numBuffers).toBe(base.b);
    expect(lossAt(params)).toBeLessThan(first * 0.2);
    d.dispose([params, x, y]);
  });

  it('1,000 steps without tidy, relying on dispose and `using`, also stay flat', () => {
    const before = d.memory();
    const x = d.randn([32, 4]);
    const y = d.randn([32, 1]);
    let params = makeMlp();
    let mid = 0;
    for (let step = 0; step < 1000; step++) {
      {
        using z1 = d.matmul(x, params[0]);
        using a1 = d.add(z1, params[1]);
        using h = d.relu(a1);
        using z2 = d.matmul(h, params[2]);
        using out = d.add(z2, params[3]);
        using diff = d.sub(out, y);
        using sq = d.square(diff);
        using loss = d.mean(sq);
        loss.backward();
      }
      params = sgd(params, 0.01);
      if (step === 9) mid = d.memory().numBuffers;
    }
    expect(d.memory().numBuffers).toBe(mid);
    d.dispose([params, x, y]);
    expect(d.memory().numTensors).toBe(before.numTensors);
    expect(d.memory().numBuffers).toBe(before.numBuffers);
    expect(d.memory().numBytes).toBe(before.numBytes);
  });
});
