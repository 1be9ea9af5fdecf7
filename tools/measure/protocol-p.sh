#!/usr/bin/env bash
# Protocol P (docs/classifier.md): each stream of fresh writers (s9, s10, s11) scored by models trained without it and
# without the streams written after it, at the default fold seed and seeds 1 and 2, calibrated on `dev` as shipped.
#
# usage: tools/measure/protocol-p.sh NAME OUTDIR [--corpus DIR] [--add FILE.jsonl] [--ids-to-social-security IDS.txt]
#                                    [-- extra train options]
#   --corpus DIR   the training corpus (default data/corpus/train); the streams are taken from it too
#   --add FILE     lines added to every training set (never to a stream), e.g. data/held-back/2026-11-s15.jsonl
#   --relabel IDS  apply tools/corpus/relabel.py --to social-security to a copy of the corpus first (guideline G)
#   --score-on DIR score on the streams of another run's sets (OUTDIR/sets-OTHER), e.g. a baseline on G's labels
# Writes OUTDIR/NAME-seed{0,1,2}-{9,10,11}.eval (and .train, the model directory); skips runs already done.
# Compare two runs with tools/measure/compare-streams.py. The train logs print `dev` figures: do not read them before
# the rule is decided.
set -euo pipefail
name=$1; out=$2; shift 2
corpus=data/corpus/train; add=""; relabel=""; scoreon=""
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) corpus=$2; shift 2;;
    --add) add=$2; shift 2;;
    --relabel) relabel=$2; shift 2;;
    --score-on) scoreon=$2; shift 2;;
    --) shift; break;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
extra=("$@")
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
bin="$out/bin"
[ -f "$bin/suggestions.dll" ] || dotnet build -c Release "$root/src/Suggestions.Cli" -o "$bin" > "$out/build.log"

sets="$out/sets-$name"
if [ ! -d "$sets" ]; then
  mkdir -p "$sets/corpus"
  cp -r "$root/$corpus" "$sets/corpus/train"
  if [ -n "$relabel" ]; then
    mkdir -p "$sets/reviews"
    python3 "$root/tools/corpus/relabel.py" --ids "$relabel" --to social-security --corpus "$sets/corpus" --reviews "$sets/reviews"
  fi
  python3 - "$sets" "$add" "$root/tools/corpus" <<'EOF'
import json, os, sys
sets, add = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
from probe_common import load
rows = load([f"{sets}/corpus/train"])
extra = [l for l in open(add, encoding="utf-8") if l.strip()] if add else []
def stream(r, n):
    return r["batch"].startswith(f"2026-11-s{n}-")
for n, later in ((9, (9, 10, 11)), (10, (10, 11)), (11, (11,))):
    for kind, keep in (("train", lambda r: not any(stream(r, m) for m in later)), ("stream", lambda r: stream(r, n))):
        os.makedirs(f"{sets}/{kind}{n}", exist_ok=True)
        with open(f"{sets}/{kind}{n}/all.jsonl", "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows if keep(r))
            if kind == "train":
                f.writelines(extra)
EOF
fi

for sd in 0 1 2; do
  for s in 9 10 11; do
    o="$out/$name-seed$sd-$s"
    [ -s "$o.eval" ] && continue
    seed=(); [ "$sd" != 0 ] && seed=(--seed "$sd")
    dotnet "$bin/suggestions.dll" train --data "$sets/train$s" --calibrate-on "$root/data/corpus/dev" "${seed[@]}" "${extra[@]}" --out "$o/" > "$o.train" 2>&1
    dotnet "$bin/suggestions.dll" evaluate --data "${scoreon:-$sets}/stream$s" --model "$o"/*.ngm > "$o.eval" 2>&1
  done
done
echo "done: $out/$name-seed*-*.eval"
