#!/usr/bin/env python3
"""Does a self-introduction change the model's answer? (twelfth session; docs/classifier.md, "Twelfth session")

Usage: intro-probe.py --model MODEL.ngm FILE_OR_DIR [...] [--batches PREFIX] [--cli "COMMAND"] [--seed N]

Takes the texts of FILE_OR_DIR (*.jsonl in the corpus format) that are filed under an area (not `other`) and carry no
`personal_grievance` hint, and classifies each twice with MODEL: as written, and with one of four fixed
self-introductions before it (who, where, a phone number: "我是幸福小区的居民，住12栋1203室，电话139…。"). Prints, for
both, the share filed under the right category and how many get the `personal_grievance` hint. Texts are never
printed. The introductions, places and names here are not those of the training-side generator
(src/Suggestions.Classification/Training/SelfIntroductions.cs). --cli is the command that runs the Suggestions CLI
(default: the Release build, `dotnet src/Suggestions.Cli/bin/Release/net10.0/suggestions.dll`; build it first).
--batches keeps only the texts whose writing batch starts with PREFIX (e.g. 2026-11-s9- in data/corpus/train).
"""
import random

from probe_common import arguments, classify, load

INTROS = ["我是{p}的居民，住{b}栋{u}室，电话{t}。", "本人住在{p}{b}栋，联系电话{t}。", "我叫{n}，家住{p}{b}号楼{u}，", "我是{p}{b}栋的业主，"]
PLACES = ["幸福小区", "某某花园", "XX新村", "城东街道某小区", "河西某小区"]
NAMES = ["李建华", "王秀英", "刘志强", "陈丽"]


def main():
    args = arguments(default_seed=11)

    random.seed(args.seed)
    texts = [i for i in load(args.paths)
             if i["category"] != "other" and "personal_grievance" not in (i.get("hints") or [])
             and (i.get("batch") or "").startswith(args.batches)]
    introduced = []
    for i in texts:
        intro = random.choice(INTROS).format(
            p=random.choice(PLACES), b=random.randint(1, 30), u=random.randint(101, 1802),
            t="139" + str(random.randint(10000000, 99999999)), n=random.choice(NAMES))
        introduced.append(dict(i, text=intro + i["text"]))

    gold = {i["id"]: i["category"] for i in texts}
    figures = {}
    for name, items in (("as written", texts), ("introduced", introduced)):
        answers = classify(args.cli, args.model, items)
        right = sum(a.get("category") == gold[a["id"]] for a in answers) / len(answers)
        grievances = sum("personal_grievance" in (a.get("hints") or []) for a in answers)
        figures[name] = right
        print(f"{name:<11} {len(answers)} area texts: category right {right:.3f}, personal_grievance on {grievances}")
    print(f"accuracy drop with an introduction: {figures['as written'] - figures['introduced']:.3f}")


if __name__ == "__main__":
    main()
