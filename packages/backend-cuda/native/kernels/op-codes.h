// GENERATED from packages/core/src/ops/table by `npm run gen:ops`; do not edit. An op's code is its index in the table.
#pragma once

namespace dendrite {

enum UnaryCode : int {
  uNeg = 0,
  uAbs = 1,
  uSign = 2,
  uExp = 3,
  uLog = 4,
  uLog1p = 5,
  uExpm1 = 6,
  uSqrt = 7,
  uRsqrt = 8,
  uSquare = 9,
  uReciprocal = 10,
  uSin = 11,
  uCos = 12,
  uTanh = 13,
  uSigmoid = 14,
  uRelu = 15,
  uLeakyRelu = 16,
  uElu = 17,
  uGelu = 18,
  uSoftplus = 19,
  uErf = 20,
  uFloor = 21,
  uCeil = 22,
  uRound = 23,
  uLogicalNot = 24,
  kUnaryCount = 25
};

enum BinaryCode : int {
  bAdd = 0,
  bSub = 1,
  bMul = 2,
  bDiv = 3,
  bPow = 4,
  bMaximum = 5,
  bMinimum = 6,
  bMod = 7,
  bEq = 8,
  bNe = 9,
  bLt = 10,
  bLe = 11,
  bGt = 12,
  bGe = 13,
  bLogicalAnd = 14,
  bLogicalOr = 15,
  bLogicalXor = 16,
  kBinaryCount = 17
};

enum ReduceCode : int {
  rSum = 0,
  rProd = 1,
  rMax = 2,
  rMin = 3,
  rAll = 4,
  rAny = 5,
  kReduceCount = 6
};

}  // namespace dendrite
