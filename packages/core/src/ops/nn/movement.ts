// The movement and indexing ops (ops/*.ts, outside this folder) that the nn
// ops compose, imported in one place so the seam between the two is explicit.
export { flip } from '../flip.js';
export { gather, takeAlongAxis } from '../gather.js';
export { pad } from '../pad.js';
export { scatterAdd } from '../scatter.js';
export { slice } from '../slice.js';
export { stack } from '../stack.js';
