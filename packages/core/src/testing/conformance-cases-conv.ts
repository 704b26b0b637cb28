// Conformance cases of conv2d and its two gradients: 1x1, 3x3, 5x5 and
// non-square kernels; stride 1/2; symmetric and asymmetric padding;
// dilation 2; groups 2 and depthwise; non-square images.
import type { ConvActivation, Conv2dAttrs } from '../backend/contract.js';
import { sizeOf } from '../shape.js';
import { accumulated, hostTensor, type KernelCase, shapesLabel } from './conformance-case.js';
import { randomFloats, type SeededRandom } from './random-inputs.js';

/** One convolution: input and filter shapes plus the attributes. */
interface ConvGeometry {
  x: [number, number, number, number];
  w: [number, number, number, number];
  attrs: Conv2dAttrs;
}

function geometry(x: ConvGeometry['x'], w: ConvGeometry['w'], stride: [number, number], pad: Conv2dAttrs['pad'], dilation: [number, number], groups: number): ConvGeometry {
  return { x, w, attrs: { stride, pad, dilation, groups } };
}

const CONV_GEOMETRIES: readonly ConvGeometry[] = [
  geometry([2, 3, 5, 7], [4, 3, 1, 1], [1, 1], [0, 0, 0, 0], [1, 1], 1), // 1x1
  geometry([1, 2, 6, 5], [3, 2, 3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 1), // 3x3 'same'
  geometry([2, 3, 7, 8], [2, 3, 3, 3], [2, 2], [1, 0, 0, 1], [1, 1], 1), // stride 2, asymmetric padding
  geometry([1, 2, 9, 7], [2, 2, 3, 3], [1, 1], [2, 2, 2, 2], [2, 2], 1), // dilation 2
  geometry([1, 4, 6, 6], [6, 2, 3, 3], [1, 2], [1, 1, 0, 0], [1, 1], 2), // groups 2, stride [1, 2]
  geometry([2, 3, 5, 6], [3, 1, 3, 3], [1, 1], [1, 1, 1, 1], [1, 1], 3), // depthwise
  geometry([1, 2, 9, 8], [2, 2, 5, 5], [2, 1], [2, 2, 1, 1], [1, 1], 1), // 5x5, stride [2, 1]
  geometry([1, 3, 4, 9], [2, 3, 1, 3], [1, 2], [0, 0, 1, 1], [1, 2], 1), // 1x3 kernel, dilation [1, 2]
  geometry([2, 2, 6, 5], [4, 1, 2, 2], [2, 2], [0, 1, 0, 1], [1, 1], 2), // even kernel, stride leaves rows unread
];

function outputSize(size: number, k: number, stride: number, before: number, after: number, dilation: number): number {
  return Math.floor((size + before + after - dilation * (k - 1) - 1) / stride) + 1;
}

function outputShape(g: ConvGeometry): number[] {
  const { stride, pad, dilation } = g.attrs;
  return [g.x[0], g.w[0], outputSize(g.x[2], g.w[2], stride[0], pad[0], pad[1], dilation[0]), outputSize(g.x[3], g.w[3], stride[1], pad[2], pad[3], dilation[1])];
}

function attrsLabel(a: Conv2dAttrs): string {
  return `stride [${a.stride.join(', ')}] pad [${a.pad.join(', ')}] dilation [${a.dilation.join(', ')}] groups ${a.groups}`;
}

/**
 * conv2d, conv2dBackpropInput and conv2dBackpropFilter on every geometry.
 * Each output element sums C/groups·KH·KW (forward), Cout/groups·KH·KW
 * (input gradient) or N·OH·OW (filter gradient) products: accumulated.
 *
 * @example
 * ```ts
 * convCases(new SeededRandom(1, 'conv')).conv2d.length; // > 0
 * ```
 */
export function convCases(rng: SeededRandom): { conv2d: KernelCase[]; conv2dBackpropInput: KernelCase[]; conv2dBackpropFilter: KernelCase[] } {
  const forward: KernelCase[] = [];
  const input: KernelCase[] = [];
  const filter: KernelCase[] = [];
  for (const g of CONV_GEOMETRIES) {
    const y = outputShape(g);
    const label = attrsLabel(g.attrs);
    const [, cg, kh, kw] = g.w;
    forward.push({
      kernel: 'conv2d',
      label: `${label} ${shapesLabel([g.x, g.w], y)}`,
      inputs: [hostTensor(g.x, 'float32', randomFloats(rng, sizeOf(g.x))), hostTensor(g.w, 'float32', randomFloats(rng, sizeOf(g.w)))],
      output: { shape: y, dtype: 'float32' },
      run: (k, [x, w], out) => k.conv2d!(x, w, out, g.attrs),
      tolerance: accumulated(cg * kh * kw, [0, 1]),
    });
    input.push({
      kernel: 'conv2dBackpropInput',
      label: `${label} ${shapesLabel([y, g.w], g.x)}`,
      inputs: [hostTensor(y, 'float32', randomFloats(rng, sizeOf(y))), hostTensor(g.w, 'float32', randomFloats(rng, sizeOf(g.w)))],
      output: { shape: g.x, dtype: 'float32' },
      run: (k, [dy, w], out) => k.conv2dBackpropInput!(dy, w, out, g.attrs),
      tolerance: accumulated((g.w[0] / g.attrs.groups) * kh * kw, [0, 1]),
    });
    filter.push({
      kernel: 'conv2dBackpropFilter',
      label: `${label} ${shapesLabel([g.x, y], g.w)}`,
      inputs: [hostTensor(g.x, 'float32', randomFloats(rng, sizeOf(g.x))), hostTensor(y, 'float32', randomFloats(rng, sizeOf(y)))],
      output: { shape: g.w, dtype: 'float32' },
      run: (k, [x, dy], out) => k.conv2dBackpropFilter!(x, dy, out, g.attrs),
      tolerance: accumulated(y[0] * y[2] * y[3], [0, 1]),
    });
  }
  return { conv2d: forward, conv2dBackpropInput: input, conv2dBackpropFilter: filter };
}

/**
 * conv2dBiasActivation on every geometry, with a bias and ReLU, plus the
 * first geometries without a bias and with the linear activation. The bias
 * adds one term to each sum; ReLU only clamps, so the conv2d bound holds.
 *
 * @example
 * ```ts
 * convBiasActivationCases(new SeededRandom(1, 'conv2dBiasActivation')).length; // > 0
 * ```
 */
export function convBiasActivationCases(rng: SeededRandom): KernelCase[] {
  const cases: KernelCase[] = [];
  const variants: [boolean, ConvActivation][] = [[true, 'relu'], [false, 'relu'], [true, 'linear'], [false, 'linear']];
  CONV_GEOMETRIES.forEach((g, i) => {
    // Every geometry with bias + ReLU; the other variants on a few geometries.
    for (const [withBias, activation] of i < 3 ? variants : variants.slice(0, 1)) {
      const y = outputShape(g);
      const [cout, cg, kh, kw] = g.w;
      const inputs = [hostTensor(g.x, 'float32', randomFloats(rng, sizeOf(g.x))), hostTensor(g.w, 'float32', randomFloats(rng, sizeOf(g.w)))];
      if (withBias) inputs.push(hostTensor([cout], 'float32', randomFloats(rng, cout)));
      cases.push({
        kernel: 'conv2dBiasActivation',
        label: `${activation} ${withBias ? 'bias' : 'no bias'} ${attrsLabel(g.attrs)} ${shapesLabel(inputs.map((t) => t.shape), y)}`,
        inputs,
        output: { shape: y, dtype: 'float32' },
        run: (k, [x, w, b], out) => k.conv2dBiasActivation!(x, w, b ?? null, out, g.attrs, activation),
        tolerance: accumulated(cg * kh * kw + 1, withBias ? [0, 1, 2] : [0, 1]),
      });
    }
  });
  return cases;
}
