#!/usr/bin/env python3
"""Writes src/Suggestions.Classification/Text/pinyin.txt from the Unicode Character Database's Unihan readings.

Usage: make-table.py UNIHAN_READINGS > pinyin.txt
  UNIHAN_READINGS: Unihan_Readings.txt, or its .bz2 as Debian's `unicode-data` package ships it
  (/usr/share/unicode/Unihan_Readings.txt.bz2; the table in the repo was made from unicode-data 15.0.0-1).

For every character of CJK Unified Ideographs (U+4E00-U+9FFF) and Extension A (U+3400-U+4DBF) with a
kMandarin reading: its first reading, lower case, tone marks removed, ü written v. One line per syllable:
the syllable, a tab, then its characters in code point order.
"""
import bz2
import collections
import sys
import unicodedata


def syllable(reading):
    s = unicodedata.normalize("NFD", reading.lower()).replace("u\u0308", "v")
    s = "".join(c for c in s if not unicodedata.combining(c))
    if not (s.isascii() and s.isalpha()):
        raise ValueError(f"unexpected reading {reading!r}")
    return s


def main(path):
    opener = bz2.open if path.endswith(".bz2") else open
    chars = collections.defaultdict(list)
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or "\tkMandarin\t" not in line:
                continue
            code, _, value = line.rstrip("\n").split("\t")
            c = int(code[2:], 16)
            if 0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF:
                chars[syllable(value.split()[0])].append(chr(c))
    out = sys.stdout
    out.write("# Toneless Mandarin syllable of each character: the first kMandarin reading of the Unicode Character\n")
    out.write("# Database (Unihan). Copyright Unicode, Inc.; Unicode License v3 (https://www.unicode.org/license.txt).\n")
    out.write("# Made by tools/pinyin/make-table.py; see docs/classifier.md.\n")
    for s in sorted(chars):
        out.write(s + "\t" + "".join(sorted(chars[s])) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
