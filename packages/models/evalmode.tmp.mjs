import { setFlagsFromString } from 'node:v8';
setFlagsFromString('--experimental-wasm-relaxed-simd');
const d = await import('@dendrite/core');
const { createWasmBackend } = await import('@dendrite/backend-wasm');
const { loadCheckpoint } = await import('@dendrite/layers');
const { DCGAN, lenet5 } = await import('./dist/index.js');
d.registerBackend('wasm', () => createWasmBackend(), { priority: 10 });
await d.setBackend('wasm');
const gan = new DCGAN({ latent: 64, width: 32 });
await loadCheckpoint(process.argv[2], { model: gan });
const lenet = await lenet5({ pretrained: true });
lenet.eval();
async function check(images) {
  const probs = d.noGrad(() => d.tidy(() => d.softmax(lenet.forward(images.add(1).div(2).sub(0.1307).div(0.3081)), 1)));
  const p = await probs.data(); probs.dispose();
  const n = images.shape[0]; const counts = new Array(10).fill(0); let conf = 0;
  for (let i = 0; i < n; i++) { let b = 0; for (let k = 1; k < 10; k++) if (p[i*10+k] > p[i*10+b]) b = k; counts[b]++; conf += p[i*10+b]; }
  return `${(conf/n).toFixed(3)} shares ${counts.map(c => (100*c/n).toFixed(1)).join(' ')}`;
}
for (const seed of [1, 7]) {
  const z = d.randn([1000, 64], { generator: new d.Generator(seed) });
  gan.eval();
  let x = d.noGrad(() => gan.sample(1000, z)); console.log(`seed ${seed} eval : ${await check(x)}`); x.dispose();
  gan.train();
  x = d.noGrad(() => gan.sample(1000, z)); console.log(`seed ${seed} train: ${await check(x)}`); x.dispose();
}
