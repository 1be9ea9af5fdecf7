#!/usr/bin/env python3
"""Word classes from word2vec vectors, for measurement only (twenty-third session, docs/classifier.md).

Reads a word2vec binary file (header "N D", then per word: the word, a space, D little-endian float32), keeps the
first TOPN words made of 2-6 CJK characters (the file's own order), normalises their vectors and clusters them by
spherical k-means (25 rounds, seed 0) for each K given. Writes one file per K in the layout the pilot code of commit
02cd2ab reads (one class per line, "C000584# word word ..."; use --semantic-code-length 7).

The only such vectors on our feeds (npm node-synonyms 1.3.1, data/words.vector) are GPL-3.0: what this writes must
not enter the repository or a model file that ships. Needs numpy (Debian: apt-get install python3-numpy).

usage: word-clusters.py VECTORS TOPN K[,K...] OUTDIR
"""
import re
import sys

import numpy as np


def read_vectors(path, topn):
    cjk = re.compile(r'^[\u4e00-\u9fff]{2,6}$')
    words, vectors = [], []
    with open(path, 'rb') as f:
        n, d = map(int, f.readline().split())
        for _ in range(n):
            raw = bytearray()
            while (c := f.read(1)) not in (b' ', b''):
                if c != b'\n':
                    raw += c
            vector = np.frombuffer(f.read(4 * d), dtype='<f4')
            try:
                word = raw.decode('utf-8')
            except UnicodeDecodeError:
                continue
            if cjk.match(word):
                words.append(word)
                vectors.append(vector)
                if len(words) == topn:
                    break
    x = np.array(vectors)
    return words, x / (np.linalg.norm(x, axis=1, keepdims=True) + 1e-9)


def spherical_kmeans(x, k, rng, rounds=25):
    centres = x[rng.choice(len(x), k, replace=False)].copy()
    labels = np.empty(len(x), dtype=np.int64)
    for _ in range(rounds):
        for start in range(0, len(x), 8192):
            labels[start:start + 8192] = np.argmax(x[start:start + 8192] @ centres.T, axis=1)
        for j in range(k):
            members = x[labels == j]
            if len(members):
                total = members.sum(0)
                centres[j] = total / (np.linalg.norm(total) + 1e-9)
            else:
                centres[j] = x[rng.integers(len(x))]
    return labels


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    path, topn, ks, outdir = sys.argv[1], int(sys.argv[2]), [int(k) for k in sys.argv[3].split(',')], sys.argv[4]
    words, x = read_vectors(path, topn)
    print(f'{len(words)} words, first {words[:10]}', file=sys.stderr)
    rng = np.random.default_rng(0)
    for k in ks:
        labels = spherical_kmeans(x, k, rng)
        with open(f'{outdir}/clusters-{k}.txt', 'w', encoding='utf-8') as out:
            for j in range(k):
                members = [words[i] for i in np.nonzero(labels == j)[0]]
                if members:
                    out.write(f'C{j:06d}# ' + ' '.join(members) + '\n')
        print(f'K {k}: written', file=sys.stderr)


if __name__ == '__main__':
    main()
