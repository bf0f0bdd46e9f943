"""Say what a build did (store/report.py, store/warnings_tsv.py): per-file statistics, their sum, warnings.tsv."""

from __future__ import annotations

from collections import Counter

from indexer.sources.read import parse_text
from indexer.store.records import paragraph_records
from indexer.store.report import BuildReport, FileStats, file_stats
from indexer.store.warnings_tsv import HEADER, WarningRows
from tests.test_build import MINI


def _stats() -> FileStats:
    res = parse_text(MINI, "mini.md")
    return file_stats(res, paragraph_records(res), "Assemblée générale", numbered_lines=1, english=(2, 1))


def test_a_file_counts_its_paragraphs_verbs_numbers_and_notes():
    stats = _stats()
    # MINI: "Rappelant sa résolution 1/1," (preambular) and "1. Prie le Secrétaire général…" with one footnote.
    assert (stats.resolutions, stats.paragraphs) == (1, 2)
    assert stats.kinds == Counter({"preambular": 1, "operative": 1})
    assert (stats.numbered_lines, stats.numbered_found) == (1, 1)
    assert stats.with_verb == 2  # "Rappelant" and "Prie" are in the vocabulary
    assert (stats.italic, stats.italic_match) == (0, 0)  # italic openings are counted for AKN files only
    assert stats.footnotes_attached == 1
    assert stats.organs == Counter({"Assemblée générale": 1})
    assert (stats.english_resolutions, stats.english_paragraphs, stats.english_aligned) == (1, 2, 1)


def test_the_report_adds_each_kept_file():
    report = BuildReport()
    report.add(_stats())
    report.add(_stats())
    assert (report.resolutions, report.paragraphs, report.numbered_found, report.with_verb) == (2, 4, 2, 4)
    assert report.kinds == Counter({"preambular": 2, "operative": 2})
    assert report.organs == Counter({"Assemblée générale": 2})
    assert (report.english_resolutions, report.english_paragraphs, report.english_aligned) == (2, 4, 2)
    assert report.verb_share == 1.0 and report.english_share == 0.5
    # What a file does not carry stays the build's own.
    assert (report.files, report.skipped, report.duplicates) == (0, 0, 0)


def test_warning_rows_are_counted_by_code_except_paths_not_read_and_errors(tmp_path):
    counts: Counter[str] = Counter()
    rows = WarningRows(counts)
    rows.not_read("src/notes.json", "type de fichier non lu (.json)")
    rows.add("A/RES/1/2", "mini.md", 5, "footnote-missing", "note 2 appelée mais absente")
    rows.add("A/RES/1/2", "mini.md", 0, "data-extract-sdgs-differ", "ODD 1 dans le texte", counted=False)
    rows.errors(["src/bad.xml: XML mal formé"])
    rows.write(tmp_path / "warnings.tsv")
    assert counts == Counter({"footnote-missing": 1})
    assert (tmp_path / "warnings.tsv").read_text(encoding="utf-8") == (
        "symbole\tfichier\tligne\ttype\tmessage\n"
        "\tsrc/notes.json\t0\tnot-read\ttype de fichier non lu (.json)\n"
        "A/RES/1/2\tmini.md\t5\tfootnote-missing\tnote 2 appelée mais absente\n"
        "A/RES/1/2\tmini.md\t0\tdata-extract-sdgs-differ\tODD 1 dans le texte\n"
        "\t\t0\terreur\tsrc/bad.xml: XML mal formé\n")
    # An update keeps the live generation's lines first.
    rows.write(tmp_path / "again.tsv", [HEADER, "S/RES/1 (1946)\ts.txt\t0\tno-date\tsans date\n"])
    assert (tmp_path / "again.tsv").read_text(encoding="utf-8").splitlines()[1:3] == [
        "S/RES/1 (1946)\ts.txt\t0\tno-date\tsans date", "\tsrc/notes.json\t0\tnot-read\ttype de fichier non lu (.json)"]
