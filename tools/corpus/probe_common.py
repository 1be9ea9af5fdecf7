"""What the probe scripts share: reading corpus files and classifying texts with the Suggestions CLI."""
import argparse
import glob
import json
import os
import shlex
import subprocess

# The Release build of the CLI (build it first: dotnet build -c Release src/Suggestions.Cli).
DEFAULT_CLI = "dotnet src/Suggestions.Cli/bin/Release/net10.0/suggestions.dll"


def load(paths):
    """Every line of the *.jsonl files under each path (a file or a directory), in order."""
    items = []
    for path in paths:
        files = sorted(glob.glob(os.path.join(path, "*.jsonl"))) if os.path.isdir(path) else [path]
        for name in files:
            with open(name, encoding="utf-8") as f:
                items += [json.loads(line) for line in f if line.strip()]
    return items


def classify(cli, model, items, extra=()):
    """The CLI's answers (`classify --model MODEL [EXTRA ...]`) to items, in order."""
    lines = "".join(json.dumps({"id": i["id"], "title": i.get("title") or "", "text": i["text"]}, ensure_ascii=False) + "\n" for i in items)
    out = subprocess.run(shlex.split(cli) + ["classify", "--model", model, *extra], input=lines, capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def arguments(default_seed):
    """The probes' command line: FILE_OR_DIR ..., --model, --cli, --seed, --batches."""
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--model", required=True)
    parser.add_argument("--cli", default=DEFAULT_CLI)
    parser.add_argument("--seed", type=int, default=default_seed)
    parser.add_argument("--batches", default="")
    parser.add_argument("--classify-args", default="", help="more options for `classify`, e.g. \"--contact-mask true\"")
    return parser.parse_args()
