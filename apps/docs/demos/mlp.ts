// Trains an MLP on 2-D points in the browser with a live decision boundary
// and loss curve, on WASM or WebGPU.
import { crossEntropy, dispose, noGrad, seed, type Tensor, tensor, tidy } from '@dendrite/core';
import { Adam, Linear, ReLU, Sequential } from '@dendrite/layers';
import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import { type DemoBackend, fail, markUnavailableBackends, useBackend, wasmThreads } from './_backend.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale);

const CLASSES = 3;
const PER_CLASS = 100;
const COLORS: [number, number, number][] = [
  [36, 86, 184],
  [214, 96, 40],
  [46, 150, 80],
];
const GRID = 72; // decision boundary resolution
const EXTENT = 1.15; // the plane shown is [-EXTENT, EXTENT]²

/** Three spirals with a little noise, from a fixed seed (the same on every backend). */
function spirals(): { xy: Float32Array; labels: Int32Array } {
  let s = 12345;
  const rnd = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const xy = new Float32Array(CLASSES * PER_CLASS * 2);
  const labels = new Int32Array(CLASSES * PER_CLASS);
  for (let c = 0; c < CLASSES; c++) {
    for (let i = 0; i < PER_CLASS; i++) {
      const k = c * PER_CLASS + i;
      const r = i / PER_CLASS;
      const t = (c * 4 + 4 * r) + (rnd() - 0.5) * 0.4;
      xy[2 * k] = r * Math.sin(t);
      xy[2 * k + 1] = r * Math.cos(t);
      labels[k] = c;
    }
  }
  return { xy, labels };
}

const data = spirals();
const plane = document.getElementById('plane') as HTMLCanvasElement;
const planeCtx = plane.getContext('2d')!;
const stepsEl = document.getElementById('steps')!;
const lossEl = document.getElementById('loss')!;
const speedEl = document.getElementById('speed')!;
const trainButton = document.getElementById('train') as HTMLButtonElement;
const select = document.getElementById('backend') as HTMLSelectElement;

const chart = new Chart(document.getElementById('curve') as HTMLCanvasElement, {
  type: 'line',
  data: { labels: [], datasets: [{ label: 'training loss', data: [], borderColor: '#d66028', pointRadius: 0, borderWidth: 2 }] },
  options: {
    animation: false,
    maintainAspectRatio: false,
    scales: { x: { title: { display: true, text: 'step' }, ticks: { maxTicksLimit: 8 } }, y: { min: 0, title: { display: true, text: 'cross-entropy' } } },
  },
});

interface Run {
  model: Sequential;
  optimizer: Adam;
  x: Tensor;
  y: Tensor;
  grid: Tensor;
  losses: number[];
}
let run: Run | null = null;
let running = false;
let backendName: DemoBackend = 'wasm';
let backendThreads: number | null = null;

function gridPoints(): Float32Array {
  const g = new Float32Array(GRID * GRID * 2);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      g[2 * (j * GRID + i)] = -EXTENT + ((i + 0.5) * 2 * EXTENT) / GRID;
      g[2 * (j * GRID + i) + 1] = EXTENT - ((j + 0.5) * 2 * EXTENT) / GRID;
    }
  }
  return g;
}

async function start(name: DemoBackend): Promise<void> {
  running = false;
  trainButton.textContent = 'Train';
  if (run) {
    dispose([run.x, run.y, run.grid, ...run.model.parameters().map((p) => p.value)]);
    run.optimizer.dispose();
  }
  const backend = await useBackend(name);
  backendName = backend.name as DemoBackend;
  backendThreads = wasmThreads(backend);
  select.value = backendName;
  seed(0);
  const model = new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, CLASSES));
  run = {
    model,
    optimizer: new Adam(model.parameters(), { lr: 0.01 }),
    x: tensor(data.xy, [CLASSES * PER_CLASS, 2]),
    y: tensor(data.labels, [CLASSES * PER_CLASS]),
    grid: tensor(gridPoints(), [GRID * GRID, 2]),
    losses: [],
  };
  chart.data.labels = [];
  chart.data.datasets[0].data = [];
  chart.update();
  stepsEl.textContent = 'step 0';
  lossEl.textContent = 'loss –';
  speedEl.textContent = '';
  await drawBoundary();
}

/** One full-batch Adam step; returns the loss. */
async function step(r: Run): Promise<number> {
  r.optimizer.zeroGrad();
  const loss = tidy(() => {
    const l = crossEntropy(r.model.forward(r.x), r.y);
    l.backward();
    return l;
  });
  r.optimizer.step();
  const value = (await loss.data())[0];
  loss.dispose();
  r.losses.push(value);
  return value;
}

async function drawBoundary(): Promise<void> {
  const r = run!;
  const probs = noGrad(() => r.model.forward(r.grid).softmax(-1));
  const p = await probs.data();
  probs.dispose();
  const img = new ImageData(GRID, GRID);
  for (let k = 0; k < GRID * GRID; k++) {
    for (let ch = 0; ch < 3; ch++) {
      let v = 0;
      for (let c = 0; c < CLASSES; c++) v += p[k * CLASSES + c] * COLORS[c][ch];
      img.data[4 * k + ch] = 255 - (255 - v) * 0.45; // pale class colours
    }
    img.data[4 * k + 3] = 255;
  }
  const off = new OffscreenCanvas(GRID, GRID);
  off.getContext('2d')!.putImageData(img, 0, 0);
  planeCtx.imageSmoothingEnabled = true;
  planeCtx.drawImage(off, 0, 0, plane.width, plane.height);
  for (let k = 0; k < CLASSES * PER_CLASS; k++) {
    const [c0, c1, c2] = COLORS[data.labels[k]];
    const px = ((data.xy[2 * k] + EXTENT) / (2 * EXTENT)) * plane.width;
    const py = ((EXTENT - data.xy[2 * k + 1]) / (2 * EXTENT)) * plane.height;
    planeCtx.fillStyle = `rgb(${c0},${c1},${c2})`;
    planeCtx.strokeStyle = '#fff';
    planeCtx.beginPath();
    planeCtx.arc(px, py, 3.2, 0, 2 * Math.PI);
    planeCtx.fill();
    planeCtx.stroke();
  }
}

async function loop(): Promise<void> {
  let count = 0;
  const t0 = performance.now();
  while (running && run) {
    const r = run;
    for (let i = 0; i < 5 && running && run === r; i++) {
      const value = await step(r);
      count++;
      (chart.data.labels as number[]).push(r.losses.length);
      (chart.data.datasets[0].data as number[]).push(value);
    }
    if (run !== r) break;
    chart.update();
    stepsEl.textContent = `step ${r.losses.length}`;
    lossEl.textContent = `loss ${r.losses.at(-1)!.toFixed(4)}`;
    speedEl.textContent = `${((count * 1000) / (performance.now() - t0)).toFixed(0)} steps/s on ${backendName}`;
    if (r.losses.length % 10 === 0) await drawBoundary();
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

trainButton.addEventListener('click', () => {
  running = !running;
  trainButton.textContent = running ? 'Pause' : 'Train';
  if (running) loop().catch(fail);
});
document.getElementById('reset')!.addEventListener('click', () => void start(backendName).catch(fail));
select.addEventListener('change', () => void start(select.value as DemoBackend).catch(fail));

async function main(): Promise<void> {
  const { first, webgpuWhy: why } = await markUnavailableBackends(select);
  await start(first);
  // For the browser tests.
  Object.assign(globalThis, {
    mlpDemo: { ready: true, losses: () => run?.losses.slice() ?? [], backend: () => backendName, threads: () => backendThreads, webgpuUnavailable: why },
  });
}

main().catch(fail);
