"""Check that the OCR parser loses no word of the Security Council corpus (issue 11).

Every word of every source file must come out in exactly one place: a
paragraph (its text, its printed number or letter, its part label, its
footnote calls), the header, the closing block, a footnote, or the page
furniture (running heads, page numbers, separators), and no markup may leak
into the text.  The accounting is done here, independently of the parser:
words are read from the source lines, those the parser reports as furniture
must each look like furniture, and the two multisets are compared.

The corpus is read from the archive shipped in seeds/, so this runs on every
checkout.
"""

from __future__ import annotations

import collections
import re
import tarfile
from pathlib import Path

import pytest

from indexer.model import Resolution
from indexer.sources.ocr import parse_ocr

ARCHIVE = Path(__file__).resolve().parent.parent / "seeds" / "security-council-ocr.tar.xz"

# What a furniture line may look like, written from the volumes' layout
# (SOURCES.md §5), not from the parser: a running head naming the volume,
# a page number, a separator, or stray marks with no word in them.
FURNITURE = re.compile(
    r"^(?:R\S{0,3}solutions? (?:adopt\S+ )?et d\S+cisions? .{0,120}"
    r"|\W{0,2}\d{1,4}\W{0,2}"
    r"|-{3,}"
    r"|\W+)$"
)


def words(text: str) -> list[str]:
    """Return the words of a text, markup removed, hyphens inside a line closed up, ``04`` read as ``4``."""
    text = re.sub(r"</?sup>", " ", text).replace("*", " ")
    text = re.sub(r"(?<=\w)-\s*(?=\w)", "", text)
    return [str(int(w)) if w.isdigit() else w for w in re.findall(r"\w+", text.lower())]


def pieces(word: str, available: collections.Counter, most: int = 3) -> list[str] | None:
    """Return ``word`` cut into 2 to ``most`` pieces all found in ``available``, or None."""
    for k in range(1, len(word)):
        head, tail = word[:k], word[k:]
        if not available[head]:
            continue
        available[head] -= 1
        if available[tail]:
            available[head] += 1
            return [head, tail]
        rest = pieces(tail, available, most - 1) if most > 2 else None
        available[head] += 1
        if rest:
            return [head, *rest]
    return None


def source_words(text: str, furniture: set[int]) -> list[str]:
    """Return the words of a source file's lines, leaving out the lines given as furniture.

    Lines are read one by one: a word cut at a line end (``atten-`` … ``dant``,
    sometimes with a footnote between) gives two pieces, matched below.
    """
    out: list[str] = []
    for i, line in enumerate(text.splitlines(), start=1):
        if i not in furniture:
            out += words(line)
    return out


def output_words(res: Resolution) -> list[str]:
    """Return every word the parser kept, wherever it put it."""
    out: list[str] = []
    part = None
    for p in res.paragraphs:
        if p.part and p.part != part:
            out.append(p.part.lower())
        part = p.part
        out += words(p.text)
        out += [str(n) for n, _ in p.calls]
        # The printed number of an operative paragraph and the letter of an
        # item are cut from the text into their own fields.
        if p.kind == "operative" and p.number:
            out.append(p.number)
        if p.kind == "subparagraph" and p.letter and not p.letter.startswith("t"):
            out.append(p.letter.lower())
    for warning in res.warnings:
        if warning.code == "item-letter-read":
            # The misread mark (« j) » read f)) is kept in the warning, not in the text.
            out += [m.lower() for m in re.findall(r"« (\w+)\) »", warning.message)]
    for line in (*res.header, *res.closing):
        out += words(line)
    for note in res.footnotes:
        if note.number:
            out.append(str(note.number))
        out += words(note.marker)
        out += words(note.raw)
    return out


def account(text: str, source: str) -> tuple[list[str], list[str], list[str]]:
    """Return (lost words, furniture lines that are not furniture, markup residue) for one file."""
    res = parse_ocr(text, source=source)
    lines = text.splitlines()
    bad_furniture = [lines[i - 1] for i in res.furniture_lines if not FURNITURE.match(lines[i - 1].strip())]
    content = source_words(text, set(res.furniture_lines))
    kept = output_words(res)
    missing = collections.Counter(content) - collections.Counter(kept)
    extra = collections.Counter(kept) - collections.Counter(content)
    # A word the parser joined (``atten-`` + ``dant``) is one extra word made
    # of missing pieces; a footnote call glued to its word or year
    # (``199525``) is one missing word made of extra ones (``1995``, ``25``).
    for word in sorted(extra, key=len, reverse=True):
        for _ in range(extra[word]):
            cut = pieces(word, missing)
            if cut:
                missing.subtract(cut)
                extra[word] -= 1
    # OCR reads the number 1 as ``I`` or ``l``; the parser restores the digit.
    for glyph in ("i", "l"):
        n = min(missing[glyph], extra["1"])
        missing[glyph] -= n
        extra["1"] -= n
    lost: list[str] = []
    for word in sorted(+missing):
        for _ in range(missing[word]):
            cut = pieces(word, extra)
            if cut:
                extra.subtract(cut)
            else:
                lost.append(word)
    residue = [p.anchor for p in res.paragraphs
               if re.search(r"</?s(?:u|up)?\b|<su|sup>|\*|\ue000|\ue001", p.text)]
    return lost, bad_furniture, residue


def corpus() -> list[tuple[str, str]]:
    """Return (name, text) of every file of the shipped OCR archive."""
    with tarfile.open(ARCHIVE) as tar:
        return [(m.name, tar.extractfile(m).read().decode("utf-8"))
                for m in tar if m.isfile() and m.name.endswith(".fr.txt")]


# --- the two reported cases, written to fail first ---------------------------

def test_a_starred_number_does_not_shift_the_call_cuts() -> None:
    text = (
        "Résolution 1234 (1999) du 9 avril 1999\n\n*Le Conseil de sécurité,*\n\n"
        "*Rappelant* sa résolution 1999 (1999),\n\n"
        "*1. Demande* que soit appliqué l’accord conclu en 199525, en tant que première étape ;\n\n"
        "*2. Prie* le Secrétaire général de faire rapport<sup>26</sup> sur la question présentée ;\n\n"
        "*Adoptée à la 3993e séance à l’unanimité.*\n\n"
        "25 Voir S/1995/1.\n\n26 Voir S/1999/2.\n"
    )
    res = parse_ocr(text, source="synthetic")
    op1, op2 = res.paragraphs[1], res.paragraphs[2]
    assert op1.text == "Demande que soit appliqué l’accord conclu en 1995, en tant que première étape ;"
    assert op1.calls == ((25, 49),)
    assert op2.text == "Prie le Secrétaire général de faire rapport sur la question présentée ;"
    assert op2.calls == ((26, 43),)


def test_a_running_head_glued_to_the_next_paragraph_keeps_the_paragraph() -> None:
    text = "\n".join([
        "Résolution 1646 (2005) du 20 décembre 2005", "", "*Le Conseil de sécurité,*", "",
        "Rappelant sa résolution 1645 (2005) du 20 décembre 2005,", "",
        "1. *Décide* que les membres permanents seront membres du Comité d’orga-nisation ;", "",
        "248", "", "---", "",
        "Résolutions adoptées et décisions prises par le Conseil de sécurité du 1er août 2005 au 31 juillet 2006",
        "2. *Décide également* que le rapport annuel lui sera également présenté.", "",
        "*Adoptée à la 5335e séance* *par 13 voix contre zéro, avec 2 abstentions (Argentine et Brésil).*", "",
    ])
    res = parse_ocr(text, source="S_RES_1646_2005.fr.txt")
    assert [p.anchor for p in res.paragraphs] == ["pp1", "op1", "op2"]
    assert res.paragraphs[2].text == "Décide également que le rapport annuel lui sera également présenté."
    assert res.furniture_lines == (9, 11, 13)


# --- the whole corpus ---------------------------------------------------------

@pytest.mark.slow
def test_no_word_of_the_corpus_is_lost(capsys) -> None:
    files = corpus()
    lost_total, bad, residue, damaged = 0, [], [], []
    for name, text in files:
        lost, not_furniture, leaks = account(text, name)
        lost_total += len(lost)
        bad += [f"{name}: {line}" for line in not_furniture]
        residue += [f"{name} {a}" for a in leaks]
        if lost:
            damaged.append(f"{name}: {' '.join(lost[:8])}")
    with capsys.disabled():
        print(f"\nOCR: {len(files)} fichiers, {lost_total} mots perdus, {len(residue)} paragraphes avec balisage, "
              f"{len(bad)} lignes classées à tort comme mobilier de page")
    assert len(files) == 1781
    assert damaged == []
    assert residue == []
    assert bad == []
