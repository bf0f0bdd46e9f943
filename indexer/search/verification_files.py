"""Write the check of a draft as files a delegation exchanges: Word ``.docx`` with comments, and CSV (issue 26).

The ``.docx`` is the draft as written, one paragraph per paragraph: agreed
spans highlighted green and underlined, each with a Word comment giving its
source and link; near-verbatim spans turquoise, their comment quoting what
the adopted text says; new language yellow; each paragraph's verdict as a
comment on the whole paragraph. Written with python-docx (comments need 1.2).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from indexer.search.verification import AGREED, FRENCH_LABELS, NEAR_STATUS, NEW, CheckedSpan, Verification

Url = Callable[[str, str], str]
AUTHOR, INITIALS = "resolu", "R"
CSV_COLUMNS = ("paragraph", "verdict", "span", "status", "words", "text", "source", "source_url",
               "source_adopted", "latest", "earliest", "earliest_url", "resolutions", "consensus_resolutions", "organs",
               "changes", "french", "french_scope")


def _vote(source: Any) -> str:
    return "sans vote" if source.vote == "adopted_without_vote" else {
        "recorded_vote": "vote enregistré", "unanimous": "à l'unanimité", "adopted": "adoptée"}.get(
        source.vote or "", "mode d'adoption non indiqué")


def span_note(span: CheckedSpan, url: Url) -> str:
    """Return the French note on a span: its source, date, organ, adoption mode, reach, link."""
    s = span.sources
    shown = s.shown
    head = "Libellé agréé" if span.status == AGREED else "Libellé agréé, modifié"
    note = (f"{head} : {shown.citation} ({shown.adopted or 'date inconnue'}, {shown.organ}, {_vote(shown)}). "
            f"{url(shown.symbol, shown.anchor)}")
    if (s.latest.symbol, s.latest.anchor) != (shown.symbol, shown.anchor):
        note += f" Le plus récent : {s.latest.citation} ({s.latest.adopted or 'date inconnue'})."
    if s.resolutions > 1:
        note += (f" — dans {s.resolutions} résolutions ({s.consensus} sans vote), la première : "
                 f"{s.earliest.citation} ({s.earliest.adopted or 'date inconnue'}).")
    for change in span.changes:
        note += f" Le texte adopté dit « {change['match'] or '—'} » au lieu de « {change['draft'] or '—'} »."
    if span.french:
        label = FRENCH_LABELS[span.french_scope]
        note += f" {label[0].upper()}{label[1:]} : {span.french}"
    return note


def to_csv(result: Verification, url: Url) -> str:
    """Return one CSV line per span (and one per paragraph without any): paragraph, span, status, sources."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for p in result.paragraphs:
        if not p.spans:
            # A paragraph too short to check is not said to be new.
            writer.writerow([p.number, p.label, "", "short" if p.verdict == "short" else NEW, p.words, p.text,
                             *[""] * 12])
        for i, span in enumerate(p.spans, 1):
            s = span.sources
            writer.writerow([
                p.number, p.label, i, span.status, span.words, span.text,
                s.shown.citation, url(s.shown.symbol, s.shown.anchor), s.shown.adopted or "", s.latest.citation,
                s.earliest.citation, url(s.earliest.symbol, s.earliest.anchor), s.resolutions, s.consensus,
                " ; ".join(s.organs),
                " ; ".join(f"{c['draft'] or '—'} → {c['match'] or '—'}" for c in span.changes), span.french,
                span.french_scope,
            ])
    return out.getvalue()


def to_docx(result: Verification, url: Url) -> bytes:
    """Return the draft as a Word document with agreed spans highlighted and commented."""
    import docx  # noqa: PLC0415 - python-docx only for Word output
    from docx.enum.text import WD_COLOR_INDEX  # noqa: PLC0415

    colours = {AGREED: WD_COLOR_INDEX.BRIGHT_GREEN, NEAR_STATUS: WD_COLOR_INDEX.TURQUOISE, NEW: WD_COLOR_INDEX.YELLOW}
    document = docx.Document()
    document.core_properties.title = "Projet vérifié par resolu"
    for p in result.paragraphs:
        paragraph = document.add_paragraph()
        runs = []
        for segment in p.segments:
            run = paragraph.add_run(segment["text"])
            runs.append(run)
            status = segment["status"]
            if status in colours:
                run.font.highlight_color = colours[status]
            if status == AGREED:
                run.font.underline = True
            if status in (AGREED, NEAR_STATUS) and segment["span"] is not None:
                document.add_comment(run, text=span_note(p.spans[segment["span"]], url), author=AUTHOR,
                                     initials=INITIALS)
        if runs:
            verdict = f"Paragraphe {p.number} : {p.label}."
            if p.closest and p.verdict not in ("verbatim", "changed"):
                verdict += (f" Paragraphe existant le plus proche : {p.closest['citation']} "
                            f"({round(100 * p.closest['similarity'])} %).")
            document.add_comment(runs, text=verdict, author=AUTHOR, initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
