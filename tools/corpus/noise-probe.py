#!/usr/bin/env python3
"""Does the noise of real messages change the model's answer? (thirteenth session; docs/classifier.md)

Usage: noise-probe.py --model MODEL.ngm FILE_OR_DIR [...] [--batches PREFIX] [--cli "COMMAND"] [--seed N]
                      [--classify-args "--contact-mask true"]

Classifies every text of FILE_OR_DIR (*.jsonl in the corpus format) as written and again under each of a fixed set of
"frames": what messages carry besides their point — spaces between characters or words (typed on a phone, pasted from
a PDF), a link, an e-mail address, a phone number, a greeting, a closing, a signature and date, a board's metadata
line, an app's footer, [图片] markers, emoji, exclamation marks, paragraph indents, hard line wraps, HTML remnants;
and (fourteenth session) a sentence naming the call for proposals itself, the call as a heading, a phone number
redacted the way public boards print it (138****5678), a request for a reply, a law cited, the city hotline called;
and (fifteenth session) a greeting, a closing and a signature in other words than the first three; and (sixteenth) a
named official addressed (尊敬的张市长：您好！, 王书记您好！).
Prints per frame the lenient accuracy (the answer is the category or one of `also`), its change from the texts as
written, and how many answers are `other` and carry `personal_grievance` / `unclear`. Texts are never printed.
--cli is the command that runs the Suggestions CLI (default: the Release build; build it first). --batches keeps only
the texts whose writing batch starts with PREFIX (e.g. 2026-11-s9- in data/corpus/train).
"""
import random
import shlex

from probe_common import arguments, classify, load


def spaced_words(text, rng):
    """The text cut into pieces of one to three characters, joined by spaces (a word-spacing typist)."""
    pieces, i = [], 0
    while i < len(text):
        size = rng.choice([1, 2, 2, 2, 3])
        pieces.append(text[i:i + size])
        i += size
    return " ".join(pieces)


FRAMES = {
    "as written": lambda t, rng: t,
    "characters spaced": lambda t, rng: " ".join(t),
    "words spaced": spaced_words,
    "link": lambda t, rng: t + " 详见 https://mp.weixin.qq.com/s/AbC123xyz",
    "www link": lambda t, rng: t + "参考www.example.gov.cn/news/123.html",
    "e-mail": lambda t, rng: t + "我的邮箱是zhangwei1985@qq.com。",
    "phone": lambda t, rng: t + "联系电话：13907331234。",
    "greeting": lambda t, rng: "尊敬的市长您好！" + t,
    "closing": lambda t, rng: t + "望领导重视，盼复，谢谢！",
    "signature": lambda t, rng: t + "\n此致\n敬礼！\n一位普通市民\n2025年3月5日",
    "metadata": lambda t, rng: "留言时间：2025-03-05 10:21:33 留言内容：" + t,
    "app footer": lambda t, rng: t + "（来自手机客户端）",
    "pictures": lambda t, rng: t + "[图片][图片]",
    "emoji": lambda t, rng: t + "😭😭😭🙏",
    "exclamations": lambda t, rng: t.replace("。", "！！！"),
    "indents": lambda t, rng: "\u3000\u3000" + t.replace("。", "。\n\u3000\u3000"),
    "hard wraps": lambda t, rng: "\n".join(t[i:i + 20] for i in range(0, len(t), 20)),
    "html remnants": lambda t, rng: t.replace("，", "，&nbsp;").replace("。", "。<br>"),
    # fourteenth session: what a message to this call, or a public board's copy of it, also carries
    "the call named": lambda t, rng: t + "建议列入明年的民生实事项目。",
    "the call as heading": lambda t, rng: "关于明年民生实事项目的建议：" + t,
    "redacted phone": lambda t, rng: t + "联系电话：138****5678。",
    "reply requested": lambda t, rng: t + "请相关部门给予答复。",
    "law cited": lambda t, rng: "根据《民法典》和相关规定，" + t,
    "hotline called": lambda t, rng: t + "已多次拨打12345热线，未果。",
    # fifteenth session: letter formulas other than those of "greeting", "closing" and "signature"
    "another greeting": lambda t, rng: "敬爱的市委领导：" + t,
    "another closing": lambda t, rng: t + "以上意见，请予考虑为盼。",
    "another signature": lambda t, rng: t + "\n一名老党员\n2025年4月",
    # sixteenth session: a named official addressed
    "named official": lambda t, rng: "尊敬的张市长：您好！" + t,
    "named secretary": lambda t, rng: "王书记您好！" + t,
    # seventeenth session: earlier contact told, in wording held out of the trainer's made-up accounts (Training/EarlierContacts)
    "raised before": lambda t, rng: t + "这事跟居委会说了不下五回，每次都说研究研究。",
    "posted before": lambda t, rng: "前年就在问政平台上发过帖子，石沉大海。" + t,
    # the writer naming the text as their own suggestion or idea (the first two in the list of F, the last two held out)
    "idea closing": lambda t, rng: t + "以上是我的一点想法。",
    "suggestion opening": lambda t, rng: "我的建议是：" + t,
    "view closing": lambda t, rng: t + "这些是我个人的一点看法，不一定对。",
    "idea opening": lambda t, rng: "说说我的想法：" + t,
    # twenty-sixth session: a general intermediary named as whom the writer contacted before (Text/ContactMask)
    "community asked": lambda t, rng: t + "之前找过社区好几次，一直没人来看。",
    "property called": lambda t, rng: "此前多次致电物业和街道办，对方均表示会处理。" + t,
    "street office rung": lambda t, rng: t + "为这个问题，我们给街道办打过好几次电话，都说会协调。",
    "township asked": lambda t, rng: "去年向镇政府反映过，至今没有回音。" + t,
}


def main():
    args = arguments(default_seed=5)

    rng = random.Random(args.seed)
    texts = [i for i in load(args.paths) if (i.get("batch") or "").startswith(args.batches)]
    accepted = [{i["category"], *(i.get("also") or [])} for i in texts]
    print(f"{len(texts)} texts; lenient accuracy, change from as written, answers `other`, personal_grievance, unclear")
    plain = None
    for name, frame in FRAMES.items():
        answers = classify(args.cli, args.model, [dict(i, text=frame(i["text"], rng)) for i in texts], shlex.split(args.classify_args))
        right = sum(a.get("category") in ok for a, ok in zip(answers, accepted)) / len(texts)
        plain = right if plain is None else plain
        counts = [sum(check(a) for a in answers) for check in (
            lambda a: a.get("category") == "other",
            lambda a: "personal_grievance" in (a.get("hints") or []),
            lambda a: "unclear" in (a.get("hints") or []))]
        print(f"{name:<18} {right:.3f} {right - plain:+.3f}  other {counts[0]:>4}  personal_grievance {counts[1]:>4}  unclear {counts[2]:>4}")


if __name__ == "__main__":
    main()
