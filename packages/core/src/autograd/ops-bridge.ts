// Autograd needs `add` and `onesLike`; importing them through one module keeps
// the dependency on the op library in one place.
export { add } from '../ops/binary.js';
export { onesLike } from '../ops/creation.js';
