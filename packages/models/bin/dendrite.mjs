#!/usr/bin/env node
// The `dendrite` command: see `dendrite help`.
import { setFlagsFromString } from 'node:v8';

// Node 20 runs WebAssembly relaxed SIMD (fused multiply-add) only behind this
// flag (Node 22+ has it on); set before the wasm backend validates its builds.
setFlagsFromString('--experimental-wasm-relaxed-simd');
const { main } = await import('../dist/cli.js');

process.exitCode = await main(process.argv.slice(2));
