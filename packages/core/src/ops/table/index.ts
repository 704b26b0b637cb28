// The op table: the declarative facts about each elementwise op, read by the
// op library, the backends, the conformance kit and the code generator.
export * from './unary.js';
export * from './binary.js';
