"""Blind helper: extract French paragraphs from the AKN4UN XML (stdlib only, no project code).

Units: every preamble <container>, every mainBody <paragraph>, every <point>.
Text = all text of the element except <authorialNote> (footnotes) and <num> of nested points
is kept as printed; whitespace collapsed.
Usage: python3 corpus.py build   -> writes /tmp/blind26_units.jsonl
"""
import json, os, re, sys, unicodedata
import xml.etree.ElementTree as ET

ROOT = os.environ.get("AKN", "/work/shared/corpus/akn4un")
NS = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
CACHE = "/tmp/blind26_units.jsonl"


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower()
    s = re.sub("[\u2019\u2018\u02bc\u0060\u00b4']", "'", s)
    s = s.replace("œ", "oe").replace("æ", "ae")
    s = re.sub(r"[\s\u00a0\u202f\u2009]+", " ", s)
    s = re.sub(r" ?' ?", "'", s)
    return s.strip()


def text_of(el):
    out = []
    def walk(e):
        if e.tag == NS + "authorialNote":
            if e.tail:
                out.append(e.tail)
            return
        if e.text:
            out.append(e.text)
        for c in e:
            walk(c)
        if e.tail and e is not el:
            out.append(e.tail)
    walk(el)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def files():
    for d, _, fs in os.walk(ROOT):
        if "/English" in d:
            continue
        for f in fs:
            if f.endswith(".xml"):
                yield os.path.join(d, f)


def units(path):
    tree = ET.parse(path)
    r = tree.getroot()
    sym = None
    for dn in r.iter(NS + "docNumber"):
        if dn.get("refersTo") == "#symbol":
            sym = (dn.text or "").strip()
            break
    lang = None
    for l in r.iter(NS + "FRBRlanguage"):
        lang = l.get("language")
        break
    rel = os.path.relpath(path, ROOT)
    for pre in r.iter(NS + "preamble"):
        n = 0
        for c in pre.iter(NS + "container"):
            n += 1
            yield dict(symbol=sym, file=rel, eId=c.get("eId"), printed=f"préambule, alinéa {n}", text=text_of(c), lang=lang)
    for mb in r.iter(NS + "mainBody"):
        def rec(e, prefix):
            for c in e:
                if c.tag == NS + "paragraph":
                    num = text_of(c.find(NS + "num")) if c.find(NS + "num") is not None else ""
                    p = "par. " + num.rstrip(".")
                    yield dict(symbol=sym, file=rel, eId=c.get("eId"), printed=p, text=text_of(c), lang=lang)
                    yield from rec(c, p)
                elif c.tag == NS + "point":
                    num = text_of(c.find(NS + "num")) if c.find(NS + "num") is not None else ""
                    p = prefix + " " + num
                    yield dict(symbol=sym, file=rel, eId=c.get("eId"), printed=p, text=text_of(c), lang=lang)
                    yield from rec(c, p)
                else:
                    yield from rec(c, prefix)
        yield from rec(mb, "par.")


def load():
    with open(CACHE, encoding="utf-8") as f:
        return [json.loads(l) for l in f]


if __name__ == "__main__":
    if sys.argv[1:] == ["build"]:
        n = 0
        with open(CACHE, "w", encoding="utf-8") as out:
            for p in sorted(files()):
                try:
                    for u in units(p):
                        out.write(json.dumps(u, ensure_ascii=False) + "\n"); n += 1
                except ET.ParseError as e:
                    print("parse error", p, e, file=sys.stderr)
        print(n, "units")
