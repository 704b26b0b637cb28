// Embedding explorer: nearest words, analogies and a PCA projection of GloVe
// vectors with @dendrite/nlp: SimilarityIndex scores every word with one
// matmul on the backend (WASM), pca2 projects. The vectors (float16
// safetensors, made by scripts/embedding-asset.mjs at docs-build time) are
// decoded by the backend: a float16 tensor read back as float32.
import { fromSafetensors } from '@dendrite/core';
import { KeyedVectors, pca2, SimilarityIndex } from '@dendrite/nlp';
import { Chart, type ChartDataset, LinearScale, type Plugin, PointElement, ScatterController, Tooltip } from 'chart.js';
import { fail, useBackend } from './_backend.js';

Chart.register(ScatterController, PointElement, LinearScale, Tooltip);

type Scored = [string, number][];

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Loads the vectors: the words are a JSON array in the file's metadata, the values a float16 [N, 100] tensor. */
async function loadVectors(url: string): Promise<KeyedVectors> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  const { tensors, metadata } = fromSafetensors(new Uint8Array(await response.arrayBuffer()), url);
  const words = JSON.parse(metadata.words ?? '[]') as string[];
  const t = tensors.vectors;
  try {
    return new KeyedVectors(words, (await t.data()) as Float32Array, t.shape[1]);
  } finally {
    t.dispose();
  }
}

/** Fills a table with words, scores and a bar per score (cosine in [-1, 1], bar from 0). */
function showScores(table: HTMLTableElement, rows: Scored): void {
  table.replaceChildren(
    ...rows.map(([w, s]) => {
      const tr = document.createElement('tr');
      const bar = document.createElement('span');
      bar.style.width = `${Math.max(0, s) * 160}px`;
      tr.append(Object.assign(document.createElement('td'), { textContent: w }), Object.assign(document.createElement('td'), { textContent: s.toFixed(3) }));
      const td = document.createElement('td');
      td.className = 'bar';
      td.append(bar);
      tr.append(td);
      return tr;
    }),
  );
}

/** An unknown word (or other bad query) is shown in the table, not thrown: typing is not an error. */
function showError(table: HTMLTableElement, message: string): void {
  const td = Object.assign(document.createElement('td'), { textContent: message, className: 'error' });
  const tr = document.createElement('tr');
  tr.append(td);
  table.replaceChildren(tr);
}

/** Draws each point's word next to it (Chart.js has no built-in point labels). */
const labels: Plugin<'scatter'> = {
  id: 'word-labels',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const meta = chart.getDatasetMeta(0);
    const data = chart.data.datasets[0].data as { x: number; y: number; word: string }[];
    ctx.save();
    ctx.font = '13px system-ui, sans-serif';
    ctx.fillStyle = '#1d2433';
    meta.data.forEach((pt, i) => ctx.fillText(data[i].word, pt.x + 6, pt.y - 4));
    ctx.restore();
  },
};

async function main(): Promise<void> {
  await useBackend('wasm');
  const kv = await loadVectors('assets/glove-20k-f16.safetensors');
  const index = new SimilarityIndex(kv);
  const words = (s: string) => s.toLowerCase().split(/[\s,]+/).filter(Boolean);

  let lastNeighbours: Scored = [];
  let queries = 0;
  const neighbours = async (word: string): Promise<Scored> => {
    const w = word.trim().toLowerCase();
    try {
      lastNeighbours = await index.mostSimilar(w, { topn: 10 });
      showScores($('neighbours'), lastNeighbours);
    } catch (e) {
      lastNeighbours = [];
      showError($('neighbours'), (e as Error).message.replace(/^KeyedVectors: /, ''));
    }
    queries++;
    return lastNeighbours;
  };

  let lastAnalogy: Scored = [];
  // "a is to b as c is to ?": b − a + c.
  const analogy = async (a: string, b: string, c: string): Promise<Scored> => {
    try {
      lastAnalogy = await index.mostSimilar({ positive: [b, c].map((w) => w.trim().toLowerCase()), negative: [a.trim().toLowerCase()], topn: 5 });
      showScores($('analogy'), lastAnalogy);
    } catch (e) {
      lastAnalogy = [];
      showError($('analogy'), (e as Error).message.replace(/^(KeyedVectors|SimilarityIndex\.mostSimilar): /, ''));
    }
    return lastAnalogy;
  };

  const chart = new Chart($<HTMLCanvasElement>('pca'), {
    type: 'scatter',
    data: { datasets: [{ data: [], backgroundColor: '#2456b8', pointRadius: 4 } as ChartDataset<'scatter'>] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: 'principal component 1' } }, y: { title: { display: true, text: 'principal component 2' } } },
      plugins: { tooltip: { callbacks: { label: (item) => (item.raw as { word: string }).word } } },
    },
    plugins: [labels],
  });
  let lastProjection: { word: string; x: number; y: number }[] = [];
  const project = (text: string): string[] => {
    const asked = [...new Set(words(text))];
    const known = asked.filter((w) => kv.has(w));
    const unknown = asked.filter((w) => !kv.has(w));
    if (known.length >= 2) {
      const xy = pca2(kv.subset(known).vectors, known.length, kv.dim);
      lastProjection = known.map((word, i) => ({ word, x: xy[2 * i], y: xy[2 * i + 1] }));
    } else lastProjection = [];
    chart.data.datasets[0].data = lastProjection as never;
    chart.update();
    $('pca-note').textContent = unknown.length ? `not in the ${kv.size.toLocaleString('en-US')} words: ${unknown.join(', ')}` : '';
    return unknown;
  };

  $('near-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void neighbours($<HTMLInputElement>('word').value).catch(fail);
  });
  $('analogy-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void analogy($<HTMLInputElement>('a').value, $<HTMLInputElement>('b').value, $<HTMLInputElement>('c').value).catch(fail);
  });
  $('pca-form').addEventListener('submit', (e) => {
    e.preventDefault();
    project($<HTMLTextAreaElement>('pca-words').value);
  });

  await neighbours($<HTMLInputElement>('word').value);
  await analogy($<HTMLInputElement>('a').value, $<HTMLInputElement>('b').value, $<HTMLInputElement>('c').value);
  project($<HTMLTextAreaElement>('pca-words').value);
  // For the browser tests: the latest answers.
  Object.assign(globalThis, {
    embeddingDemo: { ready: true, size: kv.size, dim: kv.dim, neighbours: () => lastNeighbours, queries: () => queries, analogy: () => lastAnalogy, projection: () => lastProjection },
  });
}

main().catch(fail);
