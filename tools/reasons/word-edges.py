#!/usr/bin/env python3
"""How often the classifier's reasons are whole words: a yardstick independent of our own lexicons.

Segments each text with a general-language dictionary (the word list with frequencies and part-of-speech tags that
the jieba project publishes, fetched from the npm registry in the package `nodejieba`; MIT licence; used here only to
measure, never by the classifier), by the most probable path over the dictionary's words (characters it lacks stand
alone). A reason is counted as

  * whole     - both of its edges fall on word boundaries of that segmentation;
  * loose     - its first or last word is a function word by the dictionary's tags (particles, prepositions,
                conjunctions, pronouns, adverbs, modal particles, interjections, onomatopoeia).

Usage:
  python3 tools/reasons/word-edges.py --data data/corpus/train --batches 2026-11-s9- [--model M] [--cli CMD] [--show N]
The texts are classified with the CLI (`dotnet run -c Release --project src/Suggestions.Cli -- classify` unless --cli
is given); every reason is looked up in title + newline + text (after full-width folding); one not found is counted
apart. Prints the counts and shares, and with --show N, N reasons of each kind.
"""
import argparse, glob, io, json, math, os, subprocess, sys, tarfile, unicodedata, urllib.request

PACKAGE = "https://registry.npmjs.org/nodejieba/-/nodejieba-3.5.8.tgz"
MEMBER = "package/submodules/cppjieba/dict/jieba.dict.utf8"
FUNCTION_TAGS = ("u", "p", "c", "r", "d", "y", "e", "o")


def dictionary(cache):
    path = os.path.join(cache, "jieba.dict.utf8")
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        data = urllib.request.urlopen(PACKAGE, timeout=120).read()
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            member = tar.extractfile(MEMBER).read()
        with open(path, "wb") as f:
            f.write(member)
    freq, tag = {}, {}
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 2:
            freq[parts[0]] = int(parts[1])
            tag[parts[0]] = parts[2] if len(parts) > 2 else ""
    return freq, tag


def segment(text, freq, longest):
    """Most probable path over dictionary words (unigram model); returns the boundary offsets and the words."""
    total = math.log(sum(freq.values()))
    n = len(text)
    best = [(0.0, 0)] * (n + 1)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, min(n, i + longest) + 1):
            w = text[i:j]
            if w in freq and freq[w] > 0:
                options.append((math.log(freq[w]) - total + best[j][0], j))
        if not options:
            options.append((-total + best[i + 1][0], i + 1))
        best[i] = max(options)
    cuts, words, i = {0}, [], 0
    while i < n:
        j = best[i][1]
        words.append((i, j))
        cuts.add(j)
        i = j
    return cuts, words


def fold(s):
    return unicodedata.normalize("NFKC", s).lower()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--batches", default="")
    ap.add_argument("--model")
    ap.add_argument("--cli", default="dotnet run -c Release --project src/Suggestions.Cli --")
    ap.add_argument("--cache", default=os.path.join(os.path.expanduser("~"), ".cache", "suggestions-yardstick"))
    ap.add_argument("--show", type=int, default=0)
    a = ap.parse_args()
    freq, tag = dictionary(a.cache)
    longest = max(len(w) for w in freq)
    files = sorted(glob.glob(os.path.join(a.data, "*.jsonl"))) if os.path.isdir(a.data) else [a.data]
    rows = [json.loads(l) for f in files for l in open(f, encoding="utf-8") if l.strip()]
    rows = [r for r in rows if r.get("batch", "").startswith(a.batches)]
    cmd = a.cli.split() + ["classify"] + (["--model", a.model] if a.model else [])
    out = subprocess.run(cmd, input="\n".join(json.dumps({"id": r["id"], "title": r.get("title", ""), "text": r["text"]}, ensure_ascii=False) for r in rows),
                         capture_output=True, text=True, check=True).stdout.splitlines()
    texts = {r["id"]: fold((r.get("title") or "") + "\n" + r["text"]) for r in rows}
    counts = dict(reasons=0, missing=0, whole=0, loose=0, short=0)
    examples = {"cut": [], "loose": []}
    cache = {}
    for line in out:
        d = json.loads(line)
        text = texts[d["id"]]
        if d["id"] not in cache:
            cache[d["id"]] = segment(text, freq, longest)
        cuts, words = cache[d["id"]]
        for reason in d.get("reasons", []):
            counts["reasons"] += 1
            at = text.find(fold(reason))
            if at < 0:
                counts["missing"] += 1
                continue
            end = at + len(reason)
            counts["short"] += len(reason) < 2
            if at in cuts and end in cuts:
                counts["whole"] += 1
            elif len(examples["cut"]) < a.show:
                examples["cut"].append(f"{reason}  ({text[max(0, at - 4):end + 4]})")
            inside = [text[s:e] for s, e in words if s < end and e > at]
            if any(tag.get(w, "").startswith(FUNCTION_TAGS) for w in (inside[0], inside[-1])):
                counts["loose"] += 1
                if len(examples["loose"]) < a.show:
                    examples["loose"].append(f"{reason}  ({'/'.join(inside)})")
    found = counts["reasons"] - counts["missing"]
    print(f"texts {len(rows)}  reasons {counts['reasons']}  not found {counts['missing']}  one character {counts['short']}")
    print(f"whole words {counts['whole']} ({counts['whole'] / max(found, 1):.3f})  loose edge {counts['loose']} ({counts['loose'] / max(found, 1):.3f})")
    for kind, lines in examples.items():
        for l in lines:
            print(f"  {kind}: {l}")


if __name__ == "__main__":
    main()
