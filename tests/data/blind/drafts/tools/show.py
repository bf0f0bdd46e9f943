"""Blind helper: python3 show.py SYMBOL [maxchars] -> its units."""
import sys, os
sys.path.insert(0, os.path.dirname(__file__))
from corpus import load
mx = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 400
for u in load():
    if u["symbol"] == sys.argv[1] and u["lang"] == "fra":
        print(f'[{u["printed"]}] {u["text"][:mx]}')
