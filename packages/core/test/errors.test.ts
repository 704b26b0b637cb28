import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as d from '../src/index.js';
import { createReferenceBackend } from '../src/testing/index.js';

// The bad-input suite: every case must throw the named typed error (never a
// crash or a plain Error) with a message that names the op and the offending
// argument, shapes or values, and must leave no tensor behind.

type ErrorClass = new (...args: never[]) => Error;
interface BadInput {
  name: string;
  run: () => unknown;
  error: ErrorClass;
  message: RegExp;
}

const i32 = (values: number[], shape?: number[]) => d.tensor(Int32Array.from(values), shape);
/** A tensor that was disposed before use. */
const disposed = (shape: number[]) => {
  const t = d.zeros(shape);
  t.dispose();
  return t;
};
/** Runs `f` in a tidy so the inputs it creates are freed whether or not it throws. */
const tidy = (f: () => unknown) => () => d.tidy(() => {
  f();
});

const cases: BadInput[] = [
  // Broadcasting and arithmetic.
  { name: 'add of unbroadcastable shapes', run: tidy(() => d.add(d.zeros([2, 3]), d.zeros([4]))), error: d.ShapeError, message: /^add: shapes \[2, 3\] and \[4\] cannot be broadcast/ },
  { name: 'mul of a disposed tensor', run: tidy(() => d.mul(disposed([2]), d.ones([2]))), error: d.DisposedTensorError, message: /^mul: argument 'a' \(tensor #\d+ \[2\] float32\) was disposed/ },
  { name: 'where with an unbroadcastable branch', run: tidy(() => d.where(d.ones([2], 'bool'), d.zeros([3]), 0)), error: d.ShapeError, message: /^where: shapes \[2\] and \[3\]/ },
  { name: 'tensor of an unsupported dtype', run: tidy(() => d.tensor([1, 2], undefined, 'float64' as d.DType)), error: d.DTypeError, message: /^tensor: argument 'dtype' must be 'float32', 'float16', 'int32' or 'bool', got "float64"/ },
  { name: 'cast to an unknown dtype', run: tidy(() => d.cast(d.zeros([2]), 'float64' as d.DType)), error: d.DTypeError, message: /^cast: .*"float64"/ },
  // Linear algebra.
  { name: 'matmul with mismatched inner dimensions', run: tidy(() => d.matmul(d.zeros([2, 3]), d.zeros([4, 5]))), error: d.ShapeError, message: /^matmul: inner dimensions differ: a \[2, 3\] has 3 columns but b \[4, 5\] has 4 rows/ },
  { name: 'matmul of int32 tensors', run: tidy(() => d.matmul(i32([1, 2], [1, 2]), i32([1, 2], [2, 1]))), error: d.DTypeError, message: /^matmul: expects float32 or float16 tensors, got a int32 \[1, 2\]/ },
  { name: 'matmul of a scalar', run: tidy(() => d.matmul(d.scalar(2), d.zeros([2, 2]))), error: d.ShapeError, message: /^matmul: operands must have rank ≥ 1, got a \[\] and b \[2, 2\]/ },
  { name: 'dot of vectors of different lengths', run: tidy(() => d.dot(d.zeros([3]), d.zeros([4]))), error: d.ShapeError, message: /^dot: .*\[3\] and \[4\]/ },
  // Reductions.
  { name: 'sum over an axis out of range', run: tidy(() => d.sum(d.zeros([2, 3]), 2)), error: d.ShapeError, message: /^sum: argument 'axis' = 2 is out of range for a tensor of rank 2/ },
  { name: 'mean over repeated axes', run: tidy(() => d.mean(d.zeros([2, 3]), [1, -1])), error: d.ShapeError, message: /^mean: argument 'axis' has repeated axes \[1,-1\]/ },
  { name: 'max over an empty dimension', run: tidy(() => d.max(d.zeros([0, 3]), 0)), error: d.ShapeError, message: /^max: cannot reduce over an empty dimension \(shape \[0, 3\]/ },
  // Shapes and views.
  { name: 'reshape to a different size', run: tidy(() => d.reshape(d.zeros([2, 3]), [4])), error: d.ShapeError, message: /^reshape: cannot reshape a tensor of shape \[2, 3\] \(6 elements\) to \[4\]/ },
  { name: 'reshape with two -1', run: tidy(() => d.reshape(d.zeros([2, 3]), [-1, -1])), error: d.ShapeError, message: /^reshape: invalid target shape \[-1,-1\]/ },
  { name: 'permute with too few axes', run: tidy(() => d.permute(d.zeros([2, 3, 4]), [1, 0])), error: d.ShapeError, message: /^permute: argument 'perm' must list 3 axes .* got \[1,0\]/ },
  { name: 'permute repeating an axis', run: tidy(() => d.permute(d.zeros([2, 3]), [1, -1])), error: d.ShapeError, message: /^permute: argument 'perm' \[1,-1\] repeats an axis/ },
  { name: 'transpose of an axis out of range', run: tidy(() => d.transpose(d.zeros([2, 3]), 0, 5)), error: d.ShapeError, message: /^transpose: argument 'dim1' = 5 is out of range/ },
  { name: 'broadcastTo an incompatible shape', run: tidy(() => d.broadcastTo(d.zeros([3, 2]), [3, 3])), error: d.ShapeError, message: /^broadcastTo: a tensor of shape \[3, 2\] cannot be broadcast to \[3, 3\]/ },
  // Creation.
  { name: 'tensor from ragged nested arrays', run: tidy(() => d.tensor([[1, 2], [3]])), error: d.ShapeError, message: /^tensor: nested arrays are ragged: expected length 2 at depth 1, found 1/ },
  { name: 'tensor whose values do not fill the shape', run: tidy(() => d.tensor([1, 2, 3, 4, 5], [2, 3])), error: d.ShapeError, message: /^tensor: 5 values cannot fill shape \[2, 3\] \(6 elements\)/ },
  { name: 'tensor of strings', run: tidy(() => d.tensor(['a'] as unknown as number[])), error: d.ValueError, message: /^tensor: nested arrays must hold numbers or booleans, found string/ },
  { name: 'full with a negative dimension', run: tidy(() => d.full([2, -1], 1)), error: d.ShapeError, message: /^full: argument 'shape' must be an array of non-negative integers, got \[2,-1\]/ },
  { name: 'arange with step 0', run: tidy(() => d.arange(0, 5, 0)), error: d.ValueError, message: /^arange: argument 'step' must be non-zero/ },
  { name: 'linspace with a negative count', run: tidy(() => d.linspace(0, 1, -2)), error: d.ValueError, message: /^linspace: argument 'steps' must be >= 0, got -2/ },
  { name: 'randn with a fractional dimension', run: tidy(() => d.randn([2, 1.5])), error: d.ShapeError, message: /^randn: .*\[2,1\.5\]/ },
  { name: 'randint with high <= low', run: tidy(() => d.randint(5, 5, [2])), error: d.ValueError, message: /^randint: 'high' \(5\) must be greater than 'low' \(5\)/ },
  // Tensor methods and autograd.
  { name: 'requiresGrad on an int32 tensor', run: tidy(() => { i32([1]).requiresGrad = true; }), error: d.DTypeError, message: /^requiresGrad: only float tensors \(float32, float16\) can require gradients, this tensor is int32 \[1\]/ },
  { name: 'item of a tensor with two elements', run: tidy(() => d.zeros([2]).item()), error: d.DTypeError, message: /^item: tensor must have exactly one element, it has shape \[2\]/ },
  { name: 'backward of a non-scalar without a gradient', run: tidy(() => d.mul(d.ones([2, 2], { requiresGrad: true }), 2).backward()), error: d.GradError, message: /^backward: a gradient must be given for a non-scalar output of shape \[2, 2\]/ },
  // Movement and indexing.
  { name: 'flatten with startDim after endDim', run: tidy(() => d.flatten(d.zeros([2, 3, 4]), 2, 1)), error: d.ShapeError, message: /^flatten: 'startDim' \(2 → 2\) must not come after 'endDim' \(1 → 1\) for a tensor of shape \[2, 3, 4\]/ },
  { name: 'squeeze of a dimension larger than 1', run: tidy(() => d.squeeze(d.zeros([1, 3]), 1)), error: d.ShapeError, message: /^squeeze: dimension 1 of a tensor of shape \[1, 3\] has size 3/ },
  { name: 'unsqueeze past the new rank', run: tidy(() => d.unsqueeze(d.zeros([2, 3]), 3)), error: d.ShapeError, message: /^unsqueeze: argument 'axis' = 3 is out of range for a tensor of shape \[2, 3\] \(valid: -3..2\)/ },
  { name: 'slice beginning past the end', run: tidy(() => d.slice(d.zeros([2, 3]), [0, 4])), error: d.ShapeError, message: /^slice: begin\[1\] = 4 is out of range for dimension 1 of size 3 \(x \[2, 3\]\)/ },
  { name: 'slice too large', run: tidy(() => d.slice(d.zeros([2, 3]), [1, 0], [2, 3])), error: d.ShapeError, message: /^slice: begin\[0\] = 1 with size\[0\] = 2 does not fit in dimension 0 of size 2 \(x \[2, 3\]\)/ },
  { name: 'slice with a begin longer than the rank', run: tidy(() => d.slice(d.zeros([2]), [0, 0])), error: d.ValueError, message: /^slice: argument 'begin' must be an array of at most 1 integers for a tensor of shape \[2\], got \[0,0\]/ },
  { name: 'sliceAxis with step 0', run: tidy(() => d.sliceAxis(d.zeros([4]), 0, 0, 4, 0)), error: d.ValueError, message: /^sliceAxis: argument 'step' must be a non-zero integer, got 0/ },
  { name: 'pad with a pair missing', run: tidy(() => d.pad(d.zeros([2, 3]), [[1, 1]])), error: d.ShapeError, message: /^pad: argument 'pads' must list 2 \[before, after\] pairs .* for x \[2, 3\], got \[\[1,1\]\]/ },
  { name: 'pad with a negative amount', run: tidy(() => d.pad(d.zeros([2]), [[-1, 0]])), error: d.ValueError, message: /^pad: pads\[0\] must be a \[before, after\] pair of non-negative integers, got \[-1,0\]/ },
  { name: 'reflect padding as large as the dimension', run: tidy(() => d.pad(d.zeros([2, 3]), [[0, 0], [3, 0]], { mode: 'reflect' })), error: d.ShapeError, message: /^pad: 'reflect' padding \[3, 0\] of dimension 1 must be smaller than its size 3 \(x \[2, 3\]\)/ },
  { name: 'pad with an unknown mode', run: tidy(() => d.pad(d.zeros([2]), [[1, 1]], { mode: 'circular' as d.PadMode })), error: d.ValueError, message: /^pad: 'mode' must be 'constant', 'reflect' or 'replicate', got "circular"/ },
  { name: 'concat of an empty list', run: tidy(() => d.concat([])), error: d.ValueError, message: /^concat: argument 'xs' must be a non-empty array of tensors, got an empty array/ },
  { name: 'concat of mismatched shapes', run: tidy(() => d.concat([d.zeros([3, 4]), d.zeros([2, 5])])), error: d.ShapeError, message: /^concat: xs\[1\] \[2, 5\] does not match xs\[0\] \[3, 4\] outside axis 0/ },
  { name: 'concat with a disposed input', run: tidy(() => d.concat([d.zeros([1]), disposed([2])])), error: d.DisposedTensorError, message: /^concat: argument 'xs\[1\]' \(tensor #\d+ \[2\] float32\) was disposed/ },
  { name: 'stack of different shapes', run: tidy(() => d.stack([d.zeros([2]), d.zeros([3])])), error: d.ShapeError, message: /^stack: xs\[1\] \[3\] must have the shape of xs\[0\] \[2\]/ },
  { name: 'split sizes that do not cover the axis', run: tidy(() => d.split(d.zeros([5, 2]), [2, 2])), error: d.ShapeError, message: /^split: sizes \[2,2\] sum to 4 but dimension 0 of x \[5, 2\] has size 5/ },
  { name: 'chunk into 0 pieces', run: tidy(() => d.chunk(d.zeros([4]), 0)), error: d.ValueError, message: /^chunk: argument 'chunks' must be a positive integer, got 0 \(x \[4\]\)/ },
  { name: 'tile with a negative repetition', run: tidy(() => d.tile(d.zeros([2]), [-1])), error: d.ValueError, message: /^tile: argument 'reps' must be an array of non-negative integers, got \[-1\] \(x \[2\]\)/ },
  { name: 'flip of a repeated axis', run: tidy(() => d.flip(d.zeros([2, 2]), [0, -2])), error: d.ShapeError, message: /^flip: argument 'axis' has repeated axes \[0,-2\]/ },
  { name: 'gather with float32 indices', run: tidy(() => d.gather(d.zeros([3, 2]), d.tensor([0, 1]))), error: d.DTypeError, message: /^gather: argument 'indices' must be int32, got float32 \[2\]/ },
  { name: 'gather with an index out of range', run: tidy(() => d.gather(d.zeros([3, 2]), i32([0, 5, 1]))), error: d.ValueError, message: /^gather: argument 'indices' \[3\] holds 5 at flat position 1, outside the valid range 0..2 \(x.shape\[0\] of x \[3, 2\] = 3\)/ },
  { name: 'gather along an axis out of range', run: tidy(() => d.gather(d.zeros([3, 2]), i32([0]), -3)), error: d.ShapeError, message: /^gather: argument 'axis' = -3 is out of range for a tensor of rank 2/ },
  { name: 'indexSelect with 2-D indices', run: tidy(() => d.indexSelect(d.zeros([3]), 0, i32([0, 1], [1, 2]))), error: d.ShapeError, message: /^indexSelect: argument 'indices' must be 1-D, got shape \[1, 2\]/ },
  { name: 'takeAlongAxis with indices of another rank', run: tidy(() => d.takeAlongAxis(d.zeros([2, 3]), i32([0, 1]), 1)), error: d.ShapeError, message: /^takeAlongAxis: 'indices' \[2\] must have the rank of 'x' \[2, 3\]/ },
  { name: 'scatterAdd with a negative index', run: tidy(() => d.scatterAdd(d.zeros([3]), 0, i32([1, -1]), d.ones([2]))), error: d.ValueError, message: /^scatterAdd: argument 'indices' \[2\] holds -1 at flat position 1, outside the valid range 0..2/ },
  { name: 'scatterAdd with src and indices of different shapes', run: tidy(() => d.scatterAdd(d.zeros([3]), 0, i32([1]), d.ones([2]))), error: d.ShapeError, message: /^scatterAdd: 'indices' \[1\] and 'src' \[2\] must have the same shape/ },
  { name: 'scatterAdd of int32 src into float32', run: tidy(() => d.scatterAdd(d.zeros([3]), 0, i32([1]), i32([1]))), error: d.DTypeError, message: /^scatterAdd: 'src' \(int32\) must have the dtype of 'x' \(float32\)/ },
  { name: 'oneHot of an id past numClasses', run: tidy(() => d.oneHot(i32([0, 3]), 3)), error: d.ValueError, message: /^oneHot: argument 'indices' \[2\] holds 3 at flat position 1, outside the valid range 0..2 \(numClasses = 3\)/ },
  { name: 'oneHot with 0 classes', run: tidy(() => d.oneHot(i32([0]), 0)), error: d.ValueError, message: /^oneHot: argument 'numClasses' must be a positive integer, got 0 \(indices \[1\]\)/ },
  // Safetensors bytes (the codec's own suite covers every field; these check the error contract here too).
  { name: 'safetensors shorter than its length field', run: () => d.decodeSafetensors(new Uint8Array(3), 'tiny.safetensors'), error: d.FormatError, message: /^tiny.safetensors: safetensors file has 3 bytes, fewer than the 8-byte header length/ },
  {
    name: 'safetensors whose header is not JSON',
    run: () => {
      const header = new TextEncoder().encode('{oops');
      const bytes = new Uint8Array(8 + header.length);
      new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
      bytes.set(header, 8);
      return d.decodeSafetensors(bytes, 'bad.safetensors');
    },
    error: d.FormatError,
    message: /^bad.safetensors: header is not valid JSON/,
  },
];

describe('bad input gives a typed error with a useful message', () => {
  it('has at least 35 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
  });

  for (const c of cases) {
    it(c.name, () => {
      const before = d.memory().numTensors;
      let caught: unknown;
      try {
        c.run();
      } catch (err) {
        caught = err;
      }
      expect(caught, 'expected a throw').toBeInstanceOf(c.error);
      expect((caught as Error).message).toMatch(c.message);
      expect(d.memory().numTensors).toBe(before);
    });
  }
});

describe('tensors of two backends in one op', () => {
  let other: d.Tensor;
  let here: d.Tensor;
  beforeAll(async () => {
    // The factory names its backend 'reference'; rename the copy so messages can tell the two apart.
    d.registerBackend('reference2', () => ({ ...createReferenceBackend(), name: 'reference2' }));
    await d.setBackend('reference2');
    other = d.tensor([1, 2]);
    await d.setBackend('reference');
    here = d.tensor([3, 4]);
  });
  afterAll(() => {
    d.dispose([other, here]);
    d.removeBackend('reference2');
  });

  it('add names both backends', () => {
    expect(() => d.add(other, here)).toThrow(d.BackendError);
    expect(() => d.add(other, here)).toThrow(/^add: argument '.+' is on backend 'reference2' but '.+' is on 'reference'; move one with t.to\('reference2'\)/);
  });

  it('concat and gather name the arguments on each backend', () => {
    expect(() => d.concat([here, other])).toThrow(d.BackendError);
    expect(() => d.concat([here, other])).toThrow(/^concat: argument 'xs\[0\]' is on backend 'reference' but 'xs\[1\]' is on 'reference2'/);
    const idx = i32([0]);
    expect(() => d.gather(other, idx)).toThrow(/^gather: argument 'x' is on backend 'reference2' but 'indices' is on 'reference'/);
    idx.dispose();
  });

  it('setBackend of an unknown name lists the registered ones', async () => {
    await expect(d.setBackend('nope')).rejects.toThrow(d.BackendError);
    await expect(d.setBackend('nope')).rejects.toThrow(/^setBackend: no backend named 'nope' is registered \(registered: .*reference2.*\)/);
  });
});
