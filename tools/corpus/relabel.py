#!/usr/bin/env python3
"""Moves `train` texts to another category after a labelling decision (twenty-fifth session: guideline G in
data/README.md, medical insurance is social security).

Usage: relabel.py --ids IDS.txt --to CATEGORY [--also-add CATEGORY] [--corpus data/corpus] [--reviews data/reviews]
                  [--map OUT.tsv]

Each id in IDS.txt (one per line, `#` starts a comment) names a `train` text. The text leaves its category's file and
is appended to CATEGORY's file under the next free id of that file (the corpus keeps a text in its category's file
under an id of its category, CorpusFilesTests). Its old category joins `also` (so the old answer still counts as
lenient-right), --also-add joins it too, and CATEGORY leaves it; title, text, hints, district and batch are unchanged.
The second reviewers' files that are keyed by `train` ids follow the new ids. The old → new ids are written to --map.
"""
import argparse
import glob
import json
import os
import re
import sys

from probe_common import load


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ids", required=True)
    p.add_argument("--to", required=True)
    p.add_argument("--also-add", action="append", default=[])
    p.add_argument("--corpus", default="data/corpus")
    p.add_argument("--reviews", default="data/reviews")
    p.add_argument("--map")
    a = p.parse_args()

    with open(a.ids, encoding="utf-8") as f:
        ids = [line.split("#")[0].strip() for line in f]
    ids = [i for i in ids if i]
    if len(set(ids)) != len(ids):
        sys.exit("relabel.py: an id is listed twice")

    train = os.path.join(a.corpus, "train")
    target_path = os.path.join(train, a.to + ".jsonl")
    if not os.path.exists(target_path):
        sys.exit(f"relabel.py: no file for category {a.to}")
    target = load([target_path])
    number = max(int(re.search(r"-(\d{4})$", r["id"]).group(1)) for r in target)

    wanted = set(ids)
    renamed = {}
    changed = {}
    for path in sorted(glob.glob(os.path.join(train, "*.jsonl"))):
        if path == target_path:
            continue
        rows = load([path])
        keep = []
        for row in rows:
            if row["id"] not in wanted:
                keep.append(row)
                continue
            number += 1
            new_id = f"{a.to}-train-{number:04d}"
            also = [row["category"]] + a.also_add + row.get("also", [])
            renamed[row["id"]] = new_id
            target.append(dict(row, id=new_id, category=a.to, also=list(dict.fromkeys(c for c in also if c != a.to))))
        if len(keep) != len(rows):
            changed[path] = keep
    missing = wanted - renamed.keys()
    if missing:
        sys.exit("relabel.py: not in train (or already in the target file): " + ", ".join(sorted(missing)))
    for path, rows in changed.items():
        write(path, rows)
    write(target_path, target)

    for path in sorted(glob.glob(os.path.join(a.reviews, "*.jsonl"))):
        rows = load([path])
        if any(r.get("id") in renamed for r in rows):
            write(path, [dict(r, id=renamed.get(r["id"], r["id"])) for r in rows])

    if a.map:
        with open(a.map, "w", encoding="utf-8") as f:
            for old in ids:
                f.write(f"{old}\t{renamed[old]}\n")
    print(f"moved {len(renamed)} texts to {a.to}")


if __name__ == "__main__":
    main()
