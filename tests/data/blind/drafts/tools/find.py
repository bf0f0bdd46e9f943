"""Blind helper: python3 find.py 'regex' [organ-substring] -> matching units (folded regex search)."""
import re, sys, os
sys.path.insert(0, os.path.dirname(__file__))
from corpus import fold, load
rx = re.compile(fold(sys.argv[1]))
org = sys.argv[2] if len(sys.argv) > 2 else ""
lim = int(sys.argv[3]) if len(sys.argv) > 3 else 15
n = 0
for u in load():
    if u["lang"] != "fra" or "Not adopted" in u["file"] or org not in u["file"]:
        continue
    if rx.search(fold(u["text"])):
        print(u["symbol"], "|", u["file"], "|", u["eId"], "|", u["printed"], "\n   ", u["text"][:700]); n += 1
        if n >= lim: break
