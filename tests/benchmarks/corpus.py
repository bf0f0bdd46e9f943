"""Generate deterministic synthetic corpora from the real French resolutions.

Every real paragraph available (``seeds/`` and the Security Council OCR
corpus) is parsed with resolu's own parser, then recombined into synthetic
General Assembly resolutions written as Markdown in the seed's format, so that
the benchmark feeds resolu's real build path. The first pass re-renders each
real resolution once (in a seeded order); later passes take a real resolution
as a template (its kind sequence, length and date) and fill each slot with
either its own paragraph or a random real paragraph of the same kind.
Symbols are ``A/RES/<900+k>/<n>``, distinct from every real one.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared" / "corpus" / "security-council"
CORPUS_VERSION = 3
MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
               "septembre", "octobre", "novembre", "décembre")
TERMINAL = (",", ";", ".", ":")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Texts that the Markdown parser would read as something else than a plain paragraph.
RISKY_OTHER_RE = re.compile(
    r"^(?:\*|\(?[a-z]{1,2}\)\s|\d{1,4}\s*(?:<sup>|e\s+séance)|\d{1,3}\s*\.|#|<sup>|[-*_]{3,}|"
    r"(?:Partie\s+)?(?:[A-H]|[IVX]{1,5})(?:\s*[.—–-]|$))"
)


@dataclass(frozen=True)
class RealParagraph:
    """Hold a real paragraph, reduced to what the generator renders."""

    kind: str
    opening: str
    text: str
    # (offset in text, footnote text) for each footnote call.
    notes: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class RealResolution:
    """Hold a real resolution, reduced to its paragraphs, title and date."""

    symbol: str
    title: str
    adopted: tuple[int, int, int] | None
    paragraphs: tuple[RealParagraph, ...]


def real_sources() -> list[Path]:
    """List the real resolution files available, sorted."""
    files = sorted(SEEDS.glob("*.md"))
    if SHARED.is_dir():
        files += sorted(SHARED.glob("*.fr.txt"))
    return files


def load_real() -> tuple[list[RealResolution], dict[str, object]]:
    """Parse every real file with resolu's parser; skip (and count) failures."""
    from indexer.sources.read import parse_path

    started = time.perf_counter()
    out: list[RealResolution] = []
    skipped: list[str] = []
    files = real_sources()
    for path in files:
        try:
            res = parse_path(path)
        except Exception as exc:  # the OCR parser is still being finished: count and go on
            skipped.append(f"{path.name}: {type(exc).__name__}: {exc}"[:200])
            continue
        paragraphs = []
        for p in res.paragraphs:
            text = " ".join(p.text.split())
            if not text:
                continue
            notes_by_number = {f.number: f.text for f in p.footnotes}
            notes = tuple((off, " ".join(notes_by_number[n].split())) for n, off in p.calls
                          if n in notes_by_number and 0 < off <= len(text))
            if p.kind == "other" and RISKY_OTHER_RE.match(text):
                continue
            paragraphs.append(RealParagraph(p.kind, " ".join(p.opening.split()), text, notes))
        if paragraphs:
            adopted = (res.adopted.year, res.adopted.month, res.adopted.day) if res.adopted else None
            out.append(RealResolution(res.symbol, " ".join(res.title.split()), adopted, tuple(paragraphs)))
    stats = {
        "files": len(files), "parsed": len(out), "skipped": len(skipped), "skipped_examples": skipped[:5],
        "paragraphs": sum(len(r.paragraphs) for r in out), "seconds": round(time.perf_counter() - started, 2),
    }
    return out, stats


def _date(adopted: tuple[int, int, int] | None) -> str:
    year, month, day = adopted or (2013, 12, 18)
    return f"{'1er' if day == 1 else day} {MONTH_NAMES[month - 1]} {year}"


def _with_calls(p: RealParagraph, first: int) -> tuple[str, list[str]]:
    """Insert footnote calls numbered from ``first``; return text and notes."""
    text = p.text
    notes = []
    inserts = []
    for k, (offset, note) in enumerate(p.notes):
        inserts.append((offset, f"<sup>{first + k}</sup>"))
        notes.append(note)
    for offset, mark in sorted(inserts, key=lambda x: -x[0]):
        text = text[:offset] + mark + text[offset:]
    return text, notes


def _italic(opening: str, text: str) -> str:
    """Put the opening words in italics as the seed does (``*Rappelant* …``)."""
    if not opening or not text.startswith(opening):
        opening = text.split(" ", 1)[0]
    if not opening or "*" in opening:
        return text
    return f"*{opening}*{text[len(opening):]}"


def render(symbol_session: int, symbol_number: int, template: RealResolution,
           paragraphs: list[RealParagraph]) -> str:
    """Render one synthetic resolution as Markdown in the seed's format."""
    date = _date(template.adopted)
    title = template.title or "Maintien de la paix et de la sécurité internationales"
    lines = [
        "# Assemblée générale", "",
        f"Distr. générale  \n{date}", "",
        f"## Résolution adoptée par l'Assemblée générale le {date}", "",
        f"### {symbol_session}/{symbol_number}. {title}", "",
        "*L'Assemblée générale,*", "",
    ]
    footnotes: list[str] = []
    number = 0
    letter = -1
    for p in paragraphs:
        text, notes = _with_calls(p, len(footnotes) + 1)
        footnotes.extend(notes)
        default_end = {"preambular": ",", "operative": ";", "subparagraph": ";"}.get(p.kind, ".")
        if not text.rstrip().endswith(TERMINAL):
            text = text.rstrip() + default_end
        if p.kind == "operative":
            number += 1
            letter = -1
            block = f"{number}. {_italic(p.opening, text)}"
        elif p.kind == "subparagraph":
            letter = (letter + 1) % len(LETTERS)
            block = f"{LETTERS[letter]}) {text}"
        elif p.kind == "preambular":
            block = _italic(p.opening, text)
        else:
            block = text
        lines += [block, ""]
    lines += [f"<sup>{i}</sup> {note}\n" for i, note in enumerate(footnotes, start=1)]
    lines += [f"70<sup>e</sup> séance plénière  \n{date}", ""]
    return "\n".join(lines)


def plan(real: list[RealResolution], target: int, seed: int) -> list[tuple[RealResolution, list[RealParagraph]]]:
    """Choose, deterministically, the paragraphs of every synthetic resolution."""
    rng = random.Random(seed)
    order = list(real)
    rng.shuffle(order)
    pools: dict[str, list[RealParagraph]] = {}
    for r in real:
        for p in r.paragraphs:
            pools.setdefault(p.kind, []).append(p)
    out: list[tuple[RealResolution, list[RealParagraph]]] = []
    total = 0
    # First pass: every real resolution once, as it is.
    for r in order:
        if total >= target:
            break
        out.append((r, list(r.paragraphs)))
        total += len(r.paragraphs)
    # Then recombinations: a real template's shape, half its own paragraphs, half others of the same kind.
    while total < target:
        template = rng.choice(real)
        paragraphs = [p if rng.random() < 0.5 else rng.choice(pools[p.kind]) for p in template.paragraphs]
        out.append((template, paragraphs))
        total += len(paragraphs)
    # Trim the last resolution so that the target is met exactly.
    excess = total - target
    if excess:
        template, paragraphs = out[-1]
        out[-1] = (template, paragraphs[: len(paragraphs) - excess])
    return out


def generate(target: int, out_dir: Path, seed: int = 20260407) -> dict[str, object]:
    """Write a corpus of ``target`` paragraphs into out_dir (reused when up to date)."""
    manifest_path = out_dir / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("target") == target and manifest.get("seed") == seed \
                and manifest.get("version") == CORPUS_VERSION:
            manifest["reused"] = True
            return manifest
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    real, stats = load_real()
    started = time.perf_counter()
    resolutions = plan(real, target, seed)
    kinds: dict[str, int] = {}
    for i, (template, paragraphs) in enumerate(resolutions):
        session, number = 900 + i // 9999, i % 9999 + 1
        folder = out_dir / f"{session}"
        folder.mkdir(exist_ok=True)
        (folder / f"A_RES_{session}_{number}.md").write_text(render(session, number, template, paragraphs),
                                                              encoding="utf-8")
        for p in paragraphs:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
    manifest = {
        "version": CORPUS_VERSION, "target": target, "seed": seed, "resolutions": len(resolutions),
        "paragraphs_planned": sum(kinds.values()), "kinds": kinds, "real": stats,
        "generation_seconds": round(time.perf_counter() - started, 2),
        "bytes": sum(f.stat().st_size for f in out_dir.rglob("*.md")),
    }
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    manifest["reused"] = False
    return manifest
