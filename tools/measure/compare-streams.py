#!/usr/bin/env python3
"""Seed means of two protocol-P runs side by side, and the rule of the twentieth session (docs/classifier.md).

usage: compare-streams.py OUTDIR BASE TREATMENT [--rule r20|guard|hints|data]
  Reads OUTDIR/{BASE,TREATMENT}-seed{0,1,2}-{9,10,11}.eval (tools/measure/protocol-p.sh writes them) and prints, per
  stream, the seed mean of every figure `evaluate` prints (accuracy, macro-F1, ECE, each area's F1, each hint's F1 and
  average precision), then each clause of the rule with its deltas, and PASS or FAIL.
  --rule r20    (default) macro-F1 summed >= +0.003 and none lower by > 0.002; lenient summed not lower; `other` recall
                none lower by > 0.02; ECE none higher by > 0.01; `personal_grievance` F1 summed not lower by > 0.005 and
                its AP none lower by > 0.01; the other hints' AP summed per stream not lower by > 0.02.
  --rule guard  (guideline G, twenty-fifth session) macro-F1 summed not lower and none lower by > 0.003; lenient
                summed not lower by > 0.003; `other` recall none lower by > 0.02; ECE none higher by > 0.01.
  --rule hints  (a change to the hints only; thirtieth session) every category figure identical on every run; the hints'
                F1 summed over streams and hints >= +0.010; no hint's F1 summed over the streams lower by > 0.010;
                `personal_grievance` F1 summed not lower.
  --rule data   (a round of new text joins `train`; eighteenth session) macro-F1 summed not lower by > 0.003 and none
                lower by > 0.005; lenient summed not lower by > 0.003; `other` recall none lower by > 0.02; ECE none
                higher by > 0.01; and the hint clauses of r20.
"""
import argparse
import re
import statistics

STREAMS = (9, 10, 11)
SEEDS = (0, 1, 2)
HINTS = ("multi_issue", "personal_grievance", "outside_remit", "not_feasible_this_year", "unclear")


def figures(text):
    def number(pattern):
        return float(re.search(pattern, text, re.M).group(1))

    d = {
        "strict": number(r"strict accuracy:\s+([0-9.]+)"),
        "lenient": number(r"lenient accuracy:\s+([0-9.]+)"),
        "macro": number(r"macro-F1:\s+([0-9.]+)"),
        "ece": number(r"ECE \(10 bins\):\s+([0-9.]+)"),
        "flagged %": number(r"needsReview:\s+\d+ flagged \(([0-9.]+) %"),
    }
    for m in re.finditer(r"^([a-z-]+)\s+\d+\s+\d+\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)$", text, re.M):
        if m.group(1) not in HINTS:
            d[m.group(1) + " recall"] = float(m.group(3))
            d[m.group(1) + " F1"] = float(m.group(4))
    ap = text.split("average precision", 1)[1]
    for h in HINTS:
        d[h + " F1"] = number(rf"^{h}\s+.*\s([0-9.]+)$")
        d[h + " AP"] = float(re.search(rf"{h} ([0-9.]+)", ap).group(1))
    return d


def main():
    p = argparse.ArgumentParser()
    p.add_argument("outdir")
    p.add_argument("base")
    p.add_argument("treatment")
    p.add_argument("--rule", choices=("r20", "guard", "hints", "data"), default="r20")
    a = p.parse_args()

    def load(name):
        return {s: [figures(open(f"{a.outdir}/{name}-seed{sd}-{s}.eval", encoding="utf-8").read()) for sd in SEEDS] for s in STREAMS}

    base, treat = load(a.base), load(a.treatment)

    def mean(run, s, key):
        return statistics.mean(r[key] for r in run[s])

    def delta(key):
        return [mean(treat, s, key) - mean(base, s, key) for s in STREAMS]

    for key in base[STREAMS[0]][0]:
        print(f"{key:30}" + "  ".join(f"s{s}: {mean(base, s, key):.4f} -> {mean(treat, s, key):.4f}" for s in STREAMS))

    clauses = []
    if a.rule == "hints":
        categories = [k for k in base[STREAMS[0]][0] if not any(k.startswith(h) for h in HINTS)]
        same = [float(all(b[k] == t[k] for b, t in zip(base[s], treat[s]) for k in categories)) for s in STREAMS]
        clauses.append(("category figures identical on every run (1 = yes)", all(same), same))
        sums = {h: sum(delta(h + " F1")) for h in HINTS}
        clauses.append(("hints' F1 summed over streams and hints >= +0.010", sum(sums.values()) >= 0.01, [sum(sums.values())]))
        for h in HINTS:
            clauses.append((f"{h} F1 summed over the streams >= -0.010", sums[h] >= -0.01, delta(h + " F1")))
        clauses.append(("personal_grievance F1 summed >= 0", sums["personal_grievance"] >= 0, delta("personal_grievance F1")))
    elif a.rule == "r20":
        d = delta("macro"); clauses.append(("macro-F1 sum >= +0.003, none < -0.002", sum(d) >= 0.003 and min(d) >= -0.002, d))
        d = delta("lenient"); clauses.append(("lenient sum >= 0", sum(d) >= 0, d))
    elif a.rule == "data":
        d = delta("macro"); clauses.append(("macro-F1 sum >= -0.003, none < -0.005", sum(d) >= -0.003 and min(d) >= -0.005, d))
        d = delta("lenient"); clauses.append(("lenient sum >= -0.003", sum(d) >= -0.003, d))
    else:
        d = delta("macro"); clauses.append(("macro-F1 sum >= 0, none < -0.003", sum(d) >= 0 and min(d) >= -0.003, d))
        d = delta("lenient"); clauses.append(("lenient sum >= -0.003", sum(d) >= -0.003, d))
    if a.rule != "hints":
        d = delta("other recall"); clauses.append(("other recall none < -0.02", min(d) >= -0.02, d))
        d = delta("ece"); clauses.append(("ECE none > +0.01", max(d) <= 0.01, d))
    if a.rule in ("r20", "data"):
        d = delta("personal_grievance F1"); clauses.append(("personal_grievance F1 sum >= -0.005", sum(d) >= -0.005, d))
        d = delta("personal_grievance AP"); clauses.append(("personal_grievance AP none < -0.01", min(d) >= -0.01, d))
        others = [sum(mean(treat, s, h + " AP") - mean(base, s, h + " AP") for h in HINTS if h != "personal_grievance") for s in STREAMS]
        clauses.append(("other hints' AP sum per stream none < -0.02", min(others) >= -0.02, others))
    for text, ok, d in clauses:
        print(f"{'ok  ' if ok else 'FAIL'} {text}: " + ", ".join(f"{x:+.4f}" for x in d))
    print("PASS" if all(ok for _, ok, _ in clauses) else "FAIL")


if __name__ == "__main__":
    main()
