#!/usr/bin/env python3
"""Is a plain request for an area thing filed as `other` once it is framed as a view or a question? (twenty-eighth session;
docs/classifier.md, "Twenty-eighth session")

Usage: frame-probe.py --model MODEL.ngm [--model MODEL2.ngm ...] [--cli "COMMAND"] [--classify-args "..."]

Twenty words that name one area's thing unmistakably (公交, 路灯, 幼儿园, 医保 …), each bare and inside nine frames of our
own (a request, four chatty questions, two complaints, two framings as a view): 200 texts. Prints, per frame, how many of
the twenty each model files as `other`, and the total. No corpus text is read. --cli as in the other probes (default: the
Release build of the CLI; build it first).
"""
import argparse
import shlex

from probe_common import DEFAULT_CLI, classify

WORDS = ["公交", "路灯", "幼儿园", "医保", "公厕", "停车位", "菜市场", "养老院", "垃圾分类", "红绿灯",
         "社区医院", "老旧小区改造", "招聘会", "食堂", "监控", "健身器材", "下水道", "学校", "充电桩", "菜场"]
FRAMES = [
    ("bare", "{w}"),
    ("request", "建议增加{w}"),
    ("when", "咱们这边啥时候能有{w}啊"),
    ("ask", "我想问一下{w}的事情怎么办"),
    ("who", "{w}的问题谁管管啊哈哈"),
    ("bro", "老铁们{w}这事咋整嘛"),
    ("anyone", "有没有人关心一下{w}"),
    ("too few", "{w}太少了"),
    ("my idea", "说说我的想法：{w}"),
    ("my view", "这些是我个人的一点看法，不一定对。{w}要多一些"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", action="append", required=True)
    parser.add_argument("--cli", default=DEFAULT_CLI)
    parser.add_argument("--classify-args", default="")
    args = parser.parse_args()
    items = [{"id": f"{f}-{w}", "text": text.format(w=word)} for f, (_, text) in enumerate(FRAMES) for w, word in enumerate(WORDS)]
    counts = []
    for model in args.model:
        answers = classify(args.cli, model, items, shlex.split(args.classify_args))
        counts.append([sum(a["category"] == "other" for a in answers if a["id"].startswith(f"{f}-")) for f in range(len(FRAMES))])
    print("frame      " + "".join(f"  model {m + 1}" for m in range(len(args.model))) + f"   (of {len(WORDS)} filed as other)")
    for f, (name, _) in enumerate(FRAMES):
        print(f"{name:<10} " + "".join(f"{c[f]:>9}" for c in counts))
    print(f"{'total':<10} " + "".join(f"{sum(c):>9}" for c in counts) + f"   (of {len(items)})")


if __name__ == "__main__":
    main()
