// Draw a digit → the pretrained LeNet-5's prediction and class probabilities.
import { noGrad, tensor } from '@dendrite/core';
import { lenet5 } from '@dendrite/models';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { fail, useBackend, wasmThreads } from './_backend.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const board = document.getElementById('board') as HTMLCanvasElement;
const small = document.getElementById('small') as HTMLCanvasElement;
const ctx = board.getContext('2d', { willReadFrequently: true })!;
const smallCtx = small.getContext('2d', { willReadFrequently: true })!;

/** The training set's mean and std: the weights were trained on normalized pixels. */
const MNIST_MEAN = 0.1307;
const MNIST_STD = 0.3081;

function clearBoard(): void {
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, board.width, board.height);
}

/**
 * The drawing as MNIST would have it: the ink's bounding box scaled so its
 * longer side is 20 px, placed in 28×28 with its centre of mass at the centre.
 * Returns null for an empty board.
 */
function toMnist(): Float32Array | null {
  const { data, width, height } = ctx.getImageData(0, 0, board.width, board.height);
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4] > 20) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return null;
  const [bw, bh] = [x1 - x0 + 1, y1 - y0 + 1];
  const scale = 20 / Math.max(bw, bh);
  const [w, h] = [bw * scale, bh * scale];
  const draw = (dx: number, dy: number) => {
    smallCtx.fillStyle = '#000';
    smallCtx.fillRect(0, 0, 28, 28);
    smallCtx.imageSmoothingEnabled = true;
    smallCtx.imageSmoothingQuality = 'high';
    smallCtx.drawImage(board, x0, y0, bw, bh, dx, dy, w, h);
    return smallCtx.getImageData(0, 0, 28, 28).data;
  };
  let px = draw((28 - w) / 2, (28 - h) / 2);
  let [mass, mx, my] = [0, 0, 0];
  for (let i = 0; i < 784; i++) {
    const v = px[i * 4];
    mass += v;
    mx += v * (i % 28);
    my += v * Math.floor(i / 28);
  }
  px = draw((28 - w) / 2 + 13.5 - mx / mass, (28 - h) / 2 + 13.5 - my / mass);
  const out = new Float32Array(784);
  for (let i = 0; i < 784; i++) out[i] = (px[i * 4] / 255 - MNIST_MEAN) / MNIST_STD;
  return out;
}

async function main(): Promise<void> {
  const backend = await useBackend('wasm');
  // A page has no file system: the weight file is served next to the page and fetched from its URL.
  const net = await lenet5({ pretrained: true, weights: new URL('assets/lenet5-mnist.safetensors', location.href) });

  const chart = new Chart(document.getElementById('probs') as HTMLCanvasElement, {
    type: 'bar',
    data: { labels: [...'0123456789'], datasets: [{ label: 'probability', data: new Array(10).fill(0), backgroundColor: '#2456b8' }] },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 0, max: 1, title: { display: true, text: 'probability' } } } },
  });
  const prediction = document.getElementById('prediction')!;
  const confidence = document.getElementById('confidence')!;

  let last: { digit: number; probabilities: number[] } | null = null;
  async function predict() {
    const pixels = toMnist();
    if (!pixels) return null;
    const probs = noGrad(() => net.forward(tensor(pixels, [1, 1, 28, 28])).softmax(-1));
    const p = Array.from(await probs.data());
    probs.dispose();
    const digit = p.indexOf(Math.max(...p));
    prediction.textContent = String(digit);
    confidence.textContent = `(${(p[digit] * 100).toFixed(1)}%)`;
    chart.data.datasets[0].data = p;
    chart.update();
    last = { digit, probabilities: p };
    return last;
  }

  // Drawing: thick round white strokes on black, like MNIST's ink.
  let drawing = false;
  let prev: [number, number] | null = null;
  const pos = (e: PointerEvent): [number, number] => {
    const r = board.getBoundingClientRect();
    return [((e.clientX - r.left) * board.width) / r.width, ((e.clientY - r.top) * board.height) / r.height];
  };
  board.addEventListener('pointerdown', (e) => {
    drawing = true;
    prev = pos(e);
    board.setPointerCapture(e.pointerId);
  });
  board.addEventListener('pointermove', (e) => {
    if (!drawing || !prev) return;
    const p = pos(e);
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 22;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...prev);
    ctx.lineTo(...p);
    ctx.stroke();
    prev = p;
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    prev = null;
    void predict();
  };
  board.addEventListener('pointerup', end);
  board.addEventListener('pointercancel', end);
  document.getElementById('clear')!.addEventListener('click', () => {
    clearBoard();
    smallCtx.clearRect(0, 0, 28, 28);
    prediction.textContent = '–';
    confidence.textContent = '';
    chart.data.datasets[0].data = new Array(10).fill(0);
    chart.update();
    last = null;
  });

  // For the browser tests: the latest prediction, and a way to wait for one.
  Object.assign(globalThis, { digitDemo: { ready: true, predict, last: () => last, backend: backend.name, threads: wasmThreads(backend) } });
}

clearBoard();
main().catch(fail);
