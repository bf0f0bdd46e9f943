"""Blind helper: check the judged drafts against the XML-derived units (corpus.py build first).

For every draftNN.json:
 - the spans of each paragraph concatenate exactly to the paragraph text;
 - an "agreed" span occurs (folded) in its source unit's text, and has >= 6 words;
 - a "near" span has a source; reports its word-overlap with the source;
 - a "new" span contains no 6-word sequence found anywhere in the French corpus (adopted texts);
 - lists other units containing each agreed span ("also"); with --fix writes them into the JSON.
"""
import glob, json, os, re, sys
sys.path.insert(0, os.path.dirname(__file__))
from corpus import fold, load

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = 6


def words(s):
    return re.findall(r"\w+", fold(s))


def main():
    fix = "--fix" in sys.argv
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    us = [u for u in load() if u["lang"] == "fra" and "Not adopted" not in u["file"]]
    by = {(u["file"], u["eId"]): u for u in us}
    folded = [(u, fold(u["text"])) for u in us]
    shingles = set()
    seen = set()
    for u, f in folded:
        if f in seen:
            continue
        seen.add(f)
        w = re.findall(r"\w+", f)
        for i in range(len(w) - N + 1):
            shingles.add(hash(" ".join(w[i:i + N])))
    bad = 0
    counts = {}
    for path in sorted(glob.glob(os.path.join(HERE, "draft*.json"))):
        name = os.path.basename(path)
        if only and not any(o in name for o in only):
            continue
        d = json.load(open(path, encoding="utf-8"))
        md = open(os.path.join(HERE, d["draft"]), encoding="utf-8").read()
        for p in d["paragraphs"]:
            joined = "".join(s["text"] for s in p["spans"])
            if joined != p["text"]:
                print(name, p["index"], "SPANS != TEXT"); bad += 1
            line = (p.get("num", "") + " " if p.get("num") else "") + p["text"]
            if line not in md:
                print(name, p["index"], "TEXT NOT IN MD"); bad += 1
            for s in p["spans"]:
                counts[s["status"]] = counts.get(s["status"], 0) + 1
                fs = fold(s["text"])
                src = s.get("source")
                if s["status"] in ("agreed", "near"):
                    if not src:
                        print(name, p["index"], "no source"); bad += 1; continue
                    u = by.get((src["file"], src["eId"]))
                    if not u:
                        print(name, p["index"], "source unit not found", src); bad += 1; continue
                    if u["symbol"] != src["symbol"] or u["printed"] != src.get("printed"):
                        print(name, p["index"], "symbol/printed mismatch", u["symbol"], u["printed"], src)
                        bad += 1
                        if fix:
                            src["symbol"], src["printed"] = u["symbol"], u["printed"]
                    if s["status"] == "agreed":
                        if fs.strip(" ,;.") not in fold(u["text"]):
                            print(name, p["index"], "AGREED NOT IN SOURCE:", s["text"][:80]); bad += 1
                        if len(words(s["text"])) < N:
                            print(name, p["index"], "agreed span < 6 words:", s["text"])
                        key = fs.strip(" ,;.")
                        also = []
                        for v, fv in folded:
                            if key in fv and (v["file"], v["eId"]) != (src["file"], src["eId"]):
                                also.append(v)
                        # keep only the deepest unit per file (a point rather than its paragraph)
                        also2 = []
                        for v in also:
                            if any(w is not v and w["file"] == v["file"] and w["printed"].startswith(v["printed"] + " ") for w in also):
                                continue
                            if v["file"] == src["file"] and src["printed"].startswith(v["printed"] + " "):
                                continue
                            also2.append(v)
                        if fix:
                            s.pop("also", None); s.pop("also_total", None)
                            if also2:
                                s["also"] = [dict(symbol=v["symbol"], file=v["file"], eId=v["eId"], printed=v["printed"]) for v in also2[:25]]
                                if len(also2) > 25:
                                    s["also_total"] = len(also2)
                    else:
                        a, b = set(words(s["text"])), set(words(u["text"]))
                        print(name, p["index"], "near overlap %.2f" % (len(a & b) / max(1, len(a))))
                        key = fs.strip(" ,;.")
                        ex = [v["symbol"] + " " + v["printed"] for v, fv in folded if key in fv]
                        if ex:
                            print(name, p["index"], "NEAR SPAN IS VERBATIM ELSEWHERE:", ex[:5]); bad += 1
                else:
                    if src:
                        print(name, p["index"], "new span with source"); bad += 1
                    w = words(s["text"])
                    hits = [" ".join(w[i:i + N]) for i in range(len(w) - N + 1) if hash(" ".join(w[i:i + N])) in shingles]
                    if hits:
                        print(name, p["index"], "NEW SPAN HAS CORPUS 6-GRAMS:", hits[:4]); bad += 1
        if fix:
            with open(path, "w", encoding="utf-8") as f:
                json.dump(d, f, ensure_ascii=False, indent=1); f.write("\n")
    print("problems:", bad, "spans:", counts)


if __name__ == "__main__":
    main()
