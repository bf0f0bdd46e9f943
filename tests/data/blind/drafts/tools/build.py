"""Blind helper: turn the hand-written specs (specs_*.py) into draftNN.md + draftNN.json.

Span tuples in a spec:
  ("agreed", SYMBOL, PRINTED, text, note)   text copied verbatim from that source unit
  ("near",   SYMBOL, PRINTED, text, note)   text reworded from that source unit
  ("new",    text, note)                    language written for the draft
SYMBOL/PRINTED are resolved to file + eId from the XML-derived unit list (corpus.py).
"""
import glob, importlib.util, json, os, re, sys
sys.path.insert(0, os.path.dirname(__file__))
from corpus import load

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def body(u):
    """source text without its printed number ("12. ", "a) ", "iv) ")"""
    return re.sub(r"^(\d+\.|[a-z]{1,5}\)|[ivx]+\))\s+", "", u["text"])


def resolve(text, u, name, i):
    """'=FULL' -> whole source body; '=FROM…TO' -> source slice from FROM to TO (inclusive)."""
    if not text.startswith("="):
        return text
    b = body(u)
    if text == "=FULL":
        return b
    if "…" not in text:
        if text[1:].lower() not in b.lower():
            sys.exit(f"{name} {i}: {text!r} not in {u['symbol']} {u['printed']}")
        return text[1:]
    a, z = text[1:].split("…")
    lb = b.lower()
    s = lb.find(a.lower())
    e = lb.find(z.lower(), s + len(a)) if z else len(b)
    if s < 0 or e < 0:
        sys.exit(f"{name} {i}: slice {text!r} not found in {u['symbol']} {u['printed']}")
    out = b[s:e + len(z)] if z else b[s:]
    return a[0] + out[1:]  # keep the case of the draft's first letter


def main():
    us = [u for u in load() if u["lang"] == "fra" and "Not adopted" not in u["file"]]
    idx = {}
    for u in us:
        idx.setdefault((u["symbol"], u["printed"]), u)
    for spec in sorted(glob.glob(os.path.join(os.path.dirname(__file__), "specs_*.py"))):
        sp = importlib.util.spec_from_file_location("s", spec)
        m = importlib.util.module_from_spec(sp); sp.loader.exec_module(m)
        for key, d in m.DRAFTS.items():
            name = f"draft{key}"
            paras, lines = [], [d["title"], "", d["formula"], ""]
            for i, (num, spans) in enumerate(d["paras"]):
                out = []
                for s in spans:
                    if s[0] == "new":
                        out.append(dict(text=s[1], status="new", source=None, note=s[2]))
                    else:
                        st, sym, pr, text, note = s
                        u = idx.get((sym, pr))
                        if not u:
                            sys.exit(f"{name} {i}: no unit {sym} {pr}")
                        text = resolve(text, u, name, i)
                        out.append(dict(text=text, status=st, source=dict(symbol=sym, file=u["file"], eId=u["eId"], printed=pr), note=note))
                text = "".join(s["text"] for s in out)
                p = dict(index=i, kind="operative" if num else "preambular")
                if num:
                    p["num"] = num
                p["text"] = text
                p["spans"] = out
                paras.append(p)
                lines += [(num + " " if num else "") + text, ""]
            with open(os.path.join(HERE, name + ".md"), "w", encoding="utf-8") as f:
                f.write("\n".join(lines).rstrip() + "\n")
            with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
                json.dump(dict(draft=name + ".md", title=d["title"], formula=d["formula"], paragraphs=paras), f, ensure_ascii=False, indent=1)
                f.write("\n")
            print("wrote", name, len(paras), "paragraphs")


if __name__ == "__main__":
    main()
