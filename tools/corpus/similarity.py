#!/usr/bin/env python3
"""How close new corpus texts are to existing ones, without showing any existing text.

Usage: similarity.py NEW.jsonl [NEW2.jsonl ...] --against DIR [--against DIR ...] [--limit X]

For every new text (title + text): the highest Jaccard similarity of its set of character 5-grams (punctuation and
spaces removed) with any text under each --against directory (*.jsonl), and whether any is identical. Prints one summary
line per directory (max, how many above --limit) and the ids of NEW texts above it, never the texts compared against
(so it can be run against the held-out `dev` split without reading it). Exit code 1 when a text is identical to one
in a directory or above the limit.
"""
import glob
import json
import re
import sys


def shingles(item):
    s = re.sub(r"[\W_]+", "", (item.get("title") or "") + (item.get("text") or ""))
    return {s[i:i + 5] for i in range(max(1, len(s) - 4))}


def load(paths):
    items = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            items += [json.loads(line) for line in f if line.strip()]
    return items


def main(argv):
    new, against, limit = [], [], 0.4
    i = 0
    while i < len(argv):
        if argv[i] == "--against":
            against.append(argv[i + 1]); i += 2
        elif argv[i] == "--limit":
            limit = float(argv[i + 1]); i += 2
        else:
            new.append(argv[i]); i += 1
    items = load(new)
    failed = False
    for directory in against:
        old = load(sorted(glob.glob(directory.rstrip("/") + "/*.jsonl")))
        old_sets = [shingles(o) for o in old]
        # Index by shingle so each new text is compared only with texts sharing one.
        index = {}
        for k, s in enumerate(old_sets):
            for g in s:
                index.setdefault(g, []).append(k)
        best_all, over, same = 0.0, [], 0
        for item in items:
            s = shingles(item)
            candidates = {k for g in s for k in index.get(g, [])}
            best = max((len(s & old_sets[k]) / len(s | old_sets[k]) for k in candidates), default=0.0)
            best_all = max(best_all, best)
            if best >= 1.0:
                same += 1
            if best > limit:
                over.append((item["id"], round(best, 3)))
        print(f"{directory}: {len(items)} new texts against {len(old)}; highest 5-gram Jaccard {best_all:.3f}; "
              f"identical {same}; above {limit}: {len(over)} {over}")
        failed |= same > 0 or len(over) > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
