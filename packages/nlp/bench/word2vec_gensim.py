# gensim's word2vec (C/Cython) on the same tokenized corpus, for packages/nlp/bench/word2vec.mjs.
# usage: word2vec_gensim.py corpus.txt dim epochs workers sg [query words...]; prints one JSON line.
import json
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence

path, dim, epochs, workers, sg = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
queries = sys.argv[6:]
sentences = list(LineSentence(path))
words = sum(len(s) for s in sentences)
model = Word2Vec(vector_size=dim, window=5, min_count=5, negative=5, sample=1e-3, sg=sg, workers=workers, seed=1)
model.build_vocab(sentences)
t0 = time.perf_counter()
c0 = time.process_time()
model.train(sentences, total_examples=len(sentences), epochs=epochs)
seconds = time.perf_counter() - t0
cpu = time.process_time() - c0
neighbours = {w: [[n, float(s)] for n, s in model.wv.most_similar(w, topn=5)] for w in queries if w in model.wv}
print(json.dumps({"words": words * epochs, "seconds": seconds, "wordsPerSecond": words * epochs / seconds, "cpuSeconds": cpu, "vocab": len(model.wv), "neighbours": neighbours}))
