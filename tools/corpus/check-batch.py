#!/usr/bin/env python3
"""Checks a new writing batch before it may join the corpus, and writes the lines that pass (eighteenth session's checks).

Usage: check-batch.py BATCH.jsonl [...] --out CHECKED.jsonl [--corpus data/corpus] [--allow-district]

A line passes when it
  * parses, and has exactly the corpus fields (id, title, text, category, also, hints, district, batch);
  * uses the stable codes: a category, `also` areas other than the category, learned hint codes;
  * has `district` null (new writers set their texts outside the reference city; --allow-district lifts this);
  * holds none of the RESERVED wordings: the phrases the noise, introduction and frame probes add to texts
    (tools/corpus/noise-probe.py, intro-probe.py, frame-probe.py). A probe measures how the model reads wording it never learnt, so
    that wording must not become training text;
  * repeats no id or text of the batch, and no text already in the corpus (train, dev, test-boards).
Prints the counts of what failed, per reason, and the mix of what passed (categories, hints, titles, `also`, median
length). Texts are never printed. Similarity to the corpus is checked apart, with similarity.py.
"""
import argparse
import collections
import glob
import json
import os
import statistics
import sys

CATEGORIES = ("education culture-sports employment health housing social-security governance public-safety transport "
              "environment food-safety convenience other").split()
HINTS = "multi_issue personal_grievance outside_remit not_feasible_this_year unclear".split()
FIELDS = {"id", "title", "text", "category", "also", "hints", "district", "batch"}

# Distinctive pieces of what the probes add. Each must occur in a probe script (checked at start), so the list cannot
# drift from the probes; a piece rather than a whole sentence, so that near variants are caught too.
RESERVED = [
    "不下五回", "研究研究", "问政平台", "发过帖子", "石沉大海", "未果", "一点看法", "不一定对", "说说我的想法", "一点想法",
    "我的建议是", "民法典", "盼复", "为盼", "老党员", "普通市民", "给予答复", "的居民，住", "本人住在", "家住", "的业主，",
    "望领导重视",
    # the frame probe's chatty frames (twenty-eighth session; reserved from the thirty-first session's round on)
    "啥时候能有", "的事情怎么办", "谁管管", "老铁们", "咋整", "有没有人关心",
]


def probe_sources():
    here = os.path.dirname(os.path.abspath(__file__))
    text = ""
    for name in ("noise-probe.py", "intro-probe.py", "frame-probe.py"):
        with open(os.path.join(here, name), encoding="utf-8") as f:
            text += f.read()
    return text


def corpus_texts(root):
    texts = set()
    for name in glob.glob(os.path.join(root, "*", "*.jsonl")):
        with open(name, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    texts.add(json.loads(line)["text"])
    return texts


def problem(item, allow_district):
    if set(item) != FIELDS:
        return "fields"
    if item["category"] not in CATEGORIES:
        return "category"
    if any(a not in CATEGORIES or a == item["category"] for a in item["also"]):
        return "also"
    if any(h not in HINTS for h in item["hints"]):
        return "hints"
    if item["district"] is not None and not allow_district:
        return "district"
    found = [w for w in RESERVED if w in (item["title"] or "") + item["text"]]
    if found:
        return "reserved:" + "/".join(found)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--corpus", default="data/corpus")
    parser.add_argument("--allow-district", action="store_true")
    args = parser.parse_args()

    sources = probe_sources()
    stale = [w for w in RESERVED if w not in sources]
    if stale:
        sys.exit("reserved wordings no probe uses any more (update RESERVED): " + " ".join(stale))

    known = corpus_texts(args.corpus)
    failed = collections.Counter()
    ids, texts, passed = set(), set(), []
    for name in args.files:
        with open(name, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError:
                    failed["json"] += 1
                    continue
                reason = problem(item, args.allow_district)
                if reason is None and (item["id"] in ids or item["text"] in texts):
                    reason = "repeated in the batch"
                if reason is None and item["text"] in known:
                    reason = "already in the corpus"
                if reason:
                    failed[reason] += 1
                    continue
                ids.add(item["id"])
                texts.add(item["text"])
                passed.append(item)

    with open(args.out, "w", encoding="utf-8") as w:
        for item in passed:
            w.write(json.dumps(item, ensure_ascii=False) + "\n")

    print(f"{len(passed)} passed; failed: {dict(failed) or 'none'}")
    if passed:
        print("categories:", sorted(collections.Counter(i["category"] for i in passed).items()))
        print("hints:", dict(collections.Counter(h for i in passed for h in i["hints"])))
        print(f"titled {sum(1 for i in passed if i['title'])}, with also {sum(1 for i in passed if i['also'])}, "
              f"median length {statistics.median(len(i['text']) for i in passed)}")


if __name__ == "__main__":
    main()
