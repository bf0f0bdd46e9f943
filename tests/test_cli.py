"""Test the resolu command line: exit codes, messages, JSON shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import main


@pytest.fixture()
def runner():
    return CliRunner()


def test_parse_json_shape(runner, seed_path):
    result = runner.invoke(main, ["parse", str(seed_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("symbol", "organ", "session", "agenda_item", "adopted", "distributed", "title",
                "paragraphs", "footnotes"):
        assert key in data
    assert (data["symbol"], data["adopted"], data["distributed"]) == ("A/RES/68/179", "2013-12-18", "2014-01-28")
    assert len(data["paragraphs"]) == 77 and len(data["footnotes"]) == 22
    op4a = next(p for p in data["paragraphs"] if p["anchor"] == "op4a")
    for key in ("anchor", "eid", "kind", "number", "letter", "parent", "opening", "text", "footnotes",
                "verb", "verb_root", "verb_en", "secondary_verbs", "addressees", "instruments", "resolutions"):
        assert key in op4a
    assert (op4a["eid"], op4a["kind"], op4a["number"], op4a["letter"], op4a["parent"]) == (
        "para_4__list_1__point_a", "subparagraph", "4", "a", "op4")
    pp4 = next(p for p in data["paragraphs"] if p["anchor"] == "pp4")
    assert pp4["footnotes"][2] == {"number": 5, "text": "Nations Unies, Recueil des Traités, vol. 1249, n° 20378."}


def test_parse_text_output(runner, seed_path):
    result = runner.invoke(main, ["parse", str(seed_path)])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "A/RES/68/179 — Protection des migrants"


def test_parse_missing_file_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(main, ["parse", str(tmp_path / "absent.md")])
    assert result.exit_code == 2
    assert "absent.md" in result.output
    assert "Traceback" not in result.output


def test_parse_empty_file(runner, tmp_path):
    empty = tmp_path / "vide.md"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(main, ["parse", str(empty)])
    assert result.exit_code == 2
    assert f"Erreur : {empty}: fichier vide" in result.output


def test_index_and_search_json(runner, seed_path, tmp_path):
    index_dir = tmp_path / "ix"
    result = runner.invoke(main, ["index", str(seed_path), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 résolution(s), 77 paragraphes (27 préambule, 16 dispositif, 34 alinéa)")
    result = runner.invoke(main, ["search", "frontieres", "--index", str(index_dir), "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"query", "total", "hits", "facets"}
    assert (data["query"], data["total"], len(data["hits"])) == ("frontieres", 8, 3)
    assert set(data["facets"]) == {"verb", "addressee", "instrument", "resolution", "kind", "symbol",
                                   "organ", "year", "sponsor", "accepted_by", "vote", "sdg", "subject"}
    hit = data["hits"][0]
    assert set(hit) >= {"symbol", "anchor", "kind", "score", "text", "snippet"}
    assert data["facets"]["symbol"] == [{"value": "A/RES/68/179", "label": "A/RES/68/179", "count": 8,
                                         "selected": False}]


def test_search_filters_options(runner, seed_path, tmp_path):
    index_dir = tmp_path / "ix"
    runner.invoke(main, ["index", str(seed_path), "--index", str(index_dir)])
    result = runner.invoke(main, ["search", "", "--kind", "operative", "--index", str(index_dir), "--json"])
    data = json.loads(result.output)
    assert data["total"] == 16
    assert data["filters"] == {"kind": ["operative"]}


def test_search_without_index(runner, tmp_path):
    result = runner.invoke(main, ["search", "migrants", "--index", str(tmp_path / "none")])
    assert result.exit_code == 3
    assert "resolu index" in result.output


def test_search_syntax_error(runner, seed_path, tmp_path):
    index_dir = tmp_path / "ix"
    runner.invoke(main, ["index", str(seed_path), "--index", str(index_dir)])
    result = runner.invoke(main, ["search", '"unbalanced (', "--index", str(index_dir)])
    assert result.exit_code == 2
    assert "guillemet" in result.output


def test_index_missing_source(runner, tmp_path):
    result = runner.invoke(main, ["index", str(tmp_path / "nowhere"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert "introuvable" in result.output


def test_failed_build_keeps_previous_index(runner, seed_path, tmp_path):
    index_dir = tmp_path / "ix"
    runner.invoke(main, ["index", str(seed_path), "--index", str(index_dir)])
    before = (index_dir / "CURRENT").read_text()
    bad = tmp_path / "bad.md"
    bad.write_text("\n", encoding="utf-8")
    result = runner.invoke(main, ["index", str(bad), "--index", str(index_dir)])
    assert result.exit_code == 1
    assert "fichier vide" in result.output
    assert (index_dir / "CURRENT").read_text() == before
    result = runner.invoke(main, ["search", "frontieres", "--index", str(index_dir), "--json"])
    assert json.loads(result.output)["total"] == 8


def test_bad_file_among_good_ones_is_reported(runner, seed_path, tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.md").write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.md").write_text("", encoding="utf-8")
    index_dir = tmp_path / "ix"
    result = runner.invoke(main, ["index", str(folder), "--index", str(index_dir)])
    assert result.exit_code == 1
    assert "b.md: fichier vide" in result.output
    assert result.output.startswith("1 résolution(s), 77 paragraphes")
    strict = runner.invoke(main, ["index", str(folder), "--index", str(tmp_path / "ix2"), "--strict"])
    assert strict.exit_code == 1
    assert not (tmp_path / "ix2" / "CURRENT").exists()


def test_python_m_indexer(seed_path):
    out = subprocess.run([sys.executable, "-m", "indexer", "parse", str(seed_path)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("A/RES/68/179 — Protection des migrants")


def test_search_on_an_index_of_another_format_exits_3(runner, seed_path, tmp_path):
    from indexer.store.build import build_index
    from indexer.store.layout import FORMAT, current_path

    build_index([seed_path], tmp_path)
    (current_path(tmp_path) / FORMAT).write_text('{"format": 1}', encoding="utf-8")
    result = runner.invoke(main, ["search", "migrants", "--index", str(tmp_path)])
    assert result.exit_code == 3
    assert "(format 1, attendu 12) : reconstruisez-le avec « resolu index »" in result.output
    assert "Traceback" not in result.output


def test_serve_rebuilds_an_index_of_another_format(runner, seed_path, tmp_path, monkeypatch):
    import webapp.server
    from indexer.store.build import build_index
    from indexer.store.layout import FORMAT, current_generation, current_path, generation_format

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / seed_path.name).write_bytes(seed_path.read_bytes())
    index_dir = tmp_path / "index"
    build_index([sources], index_dir)
    old = current_generation(index_dir)
    (current_path(index_dir) / FORMAT).unlink()
    served: list[str] = []
    monkeypatch.setenv("RESOLU_INDEX", "")  # serve sets it for its workers: restored after the test
    monkeypatch.setenv("RESOLU_PUBLIC_URL", "")  # recorded, so serve's value is undone after the test
    monkeypatch.setattr(webapp.server, "run_gunicorn", lambda bind, *, workers, index_dir: served.append(index_dir))
    result = runner.invoke(main, ["serve", "--index", str(index_dir), "--sources", str(sources)])
    assert result.exit_code == 0, result.output
    assert "reconstruction" in result.output
    assert current_generation(index_dir) != old
    assert generation_format(current_path(index_dir)) == 12
    assert served == [str(index_dir.resolve())]


def test_serve_keeps_a_bigger_index_and_rebuilds_it_from_its_own_sources(runner, seed_path, tmp_path, monkeypatch):
    import os

    import webapp.server
    from indexer.store.build import build_index
    from indexer.store.layout import current_generation, recorded_sources

    sc = Path(__file__).resolve().parent / "data" / "sc"
    seed = tmp_path / seed_path.name
    seed.write_bytes(seed_path.read_bytes())
    index_dir = tmp_path / "index"
    build_index([seed, sc], index_dir)
    first = current_generation(index_dir)
    monkeypatch.setenv("RESOLU_INDEX", "")
    monkeypatch.setenv("RESOLU_PUBLIC_URL", "")  # recorded, so serve's value is undone after the test
    monkeypatch.setattr(webapp.server, "run_gunicorn", lambda bind, *, workers, index_dir: None)
    monkeypatch.chdir(tmp_path)  # no seeds/ here: the defaults could not even be read
    result = runner.invoke(main, ["serve", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "Index à jour (22 résolutions, sources : " in result.output
    assert current_generation(index_dir) == first
    # A source changed: rebuilt from the same two sources, not from seeds/.
    stamp = os.stat(index_dir / "CURRENT").st_mtime + 10
    os.utime(seed, (stamp, stamp))
    result = runner.invoke(main, ["serve", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert f"Sources modifiées depuis la construction de l'index ({seed})" in result.output
    assert current_generation(index_dir) != first
    assert recorded_sources(index_dir)["resolutions"] == 22


def test_internal_field_in_a_query_exits_2_without_traceback(runner, seed_index):
    result = runner.invoke(main, ["search", 'seq:"Demande instamment"', "--index", str(seed_index)])
    assert result.exit_code == 2
    assert "Erreur : champ « seq » inconnu dans la requête" in result.output
    assert "Traceback" not in result.output


def test_parse_a_fifo_is_an_error_not_a_hang(runner, tmp_path):
    import os

    fifo = tmp_path / "tube.md"
    os.mkfifo(fifo)
    result = runner.invoke(main, ["parse", str(fifo)])
    assert result.exit_code == 2
    assert f"Erreur : {fifo}: n'est pas un fichier ordinaire (dossier, tube ou périphérique)" in result.output


def test_a_full_disk_is_a_french_message_and_keeps_the_previous_index(runner, seed_path, tmp_path, monkeypatch):
    import errno

    from indexer.store import build
    from indexer.store.layout import current_generation

    index_dir = tmp_path / "ix"
    assert runner.invoke(main, ["index", str(seed_path), "--index", str(index_dir)]).exit_code == 0
    before = current_generation(index_dir)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build, "write_format", full)
    result = runner.invoke(main, ["index", str(seed_path), "--index", str(index_dir)])
    assert result.exit_code == 1
    assert f"Erreur : écriture impossible dans {index_dir} (No space left on device) : index précédent conservé" \
        in result.output
    assert "Traceback" not in result.output
    assert current_generation(index_dir) == before
    assert list(index_dir.glob(".gen-*.tmp")) == []


def test_every_path_not_read_is_named_with_its_reason(runner, seed_path, tmp_path, monkeypatch):
    import os
    import shutil

    from indexer.sources import read

    src = tmp_path / "src"
    (src / "ok").mkdir(parents=True)
    shutil.copy(seed_path, src / "ok" / "A_RES_68_179.md")
    (src / "locked").mkdir()
    (src / "locked" / "hidden.md").write_text("# rien", encoding="utf-8")
    os.symlink(src, src / "ok" / "loop")  # a link back to an ancestor
    os.symlink(src / "absent.md", src / "dangling.md")
    os.symlink("self.md", src / "self.md")  # a link to itself
    os.mkfifo(src / "tube.md")
    (src / "notes.pdf").write_bytes(b"%PDF")
    # Root reads any folder whatever its mode: the refusal is simulated.
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission non accordée")
        return real_scandir(path)

    monkeypatch.setattr(read.os, "scandir", scandir)
    result = runner.invoke(main, ["index", str(src), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "1 résolution(s)" in result.output
    lines = result.output.splitlines()
    start = lines.index("Chemins non lus : 6")
    assert lines[start + 1:start + 7] == [
        f"  {src / 'dangling.md'} : lien symbolique cassé (cible absente) : non suivi",
        f"  {src / 'locked'} : dossier illisible (Permission non accordée) : non parcouru",
        f"  {src / 'notes.pdf'} : type de fichier non lu (.pdf)",
        f"  {src / 'ok' / 'loop'} : lien vers un dossier déjà parcouru (boucle) : non suivi",
        f"  {src / 'self.md'} : lien symbolique en boucle : non suivi",
        f"  {src / 'tube.md'} : n'est pas un fichier ordinaire (tube, socket ou périphérique) : non lu",
    ]
    warnings = (tmp_path / "ix").glob("gen-*/warnings.tsv")
    assert sum(line.count("\tnot-read\t") for f in warnings for line in f.read_text(encoding="utf-8").splitlines()) == 6


def test_help_and_usage_errors_are_in_french(runner):
    help_text = runner.invoke(main, ["--help"], prog_name="resolu").output
    assert help_text.startswith("Utilisation : resolu [OPTIONS] COMMANDE [ARGUMENTS]...")
    assert "-h, --help  Afficher cette aide et quitter." in help_text
    # Column width follows the longest command name (history, issue 13).
    assert " ".join(next(x for x in help_text.splitlines() if x.strip().startswith("search")).split()).startswith(
        "search Chercher REQUÊTE dans les paragraphes")
    for english in ("Usage", "Show this message", "Commands:"):
        assert english not in help_text
    result = runner.invoke(main, ["search", "migrants", "--limit", "x"], prog_name="resolu")
    assert result.exit_code == 2
    assert "Erreur : Valeur invalide pour '--limit' : 'x' n'est pas un entier valide." in result.output
    assert "Aide : « resolu search --help »." in result.output
    result = runner.invoke(main, ["serch"])
    assert "Erreur : Commande inconnue : 'serch'." in result.output


def test_importing_the_command_line_leaves_click_in_english():
    import subprocess
    import sys

    # Another program that imports resolu's CLI (a test runner, a notebook) keeps click's own texts:
    # the French ones are installed when the command group runs.
    code = ("import click.core, click.types\n"
            "import indexer.cli\n"
            "print(click.core._('Usage:'), click.types.IntParamType.name)\n"
            "from click.testing import CliRunner\n"
            "CliRunner().invoke(indexer.cli.main, ['--help'])\n"
            "print(click.core._('Usage:'), click.types.IntParamType.name)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["Usage: integer", "Utilisation : entier"]


def test_index_add_and_remove_update_the_index_and_say_what_changed(runner, seed_path, tmp_path):
    from indexer.store.build import build_index
    from indexer.store.layout import current_generation

    sc = Path(__file__).resolve().parent / "data" / "sc"
    index_dir = tmp_path / "index"
    build_index([seed_path, sc / "S_RES_7_1946.fr.txt"], index_dir)
    result = runner.invoke(main, ["index", "--add", str(sc / "S_RES_2_1946.fr.txt"), str(sc / "S_RES_7_1946.fr.txt"),
                                  "--remove", "a/res/68/179", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "Ajoutée(s) : 1 — S/RES/2 (1946)" in result.output
    assert "Remplacée(s) : 1 — S/RES/7 (1946)" in result.output
    assert "Retirée(s) : 1 — A/RES/68/179" in result.output
    assert "Index mis à jour : 2 résolution(s), " in result.output
    before = current_generation(index_dir)
    result = runner.invoke(main, ["index", "--remove", "S/RES/2719 (2023)", "--index", str(index_dir)])
    assert result.exit_code == 2
    assert "Erreur : « S/RES/2719 (2023) » : aucune résolution de cette cote dans l'index ; rien n'a été modifié" \
        in result.output
    assert current_generation(index_dir) == before
    result = runner.invoke(main, ["index", str(sc), "--remove", "S/RES/2 (1946)", "--index", str(index_dir)])
    assert result.exit_code == 2
    assert "des SOURCES avec --remove seul : ajoutez --add pour les ajouter à l'index" in result.output


def test_serve_keeps_the_updates_of_an_index_and_replays_them_on_a_rebuild(runner, seed_path, tmp_path, monkeypatch):
    import os

    import webapp.server
    from indexer.store.build import build_index
    from indexer.store.layout import RESOLUTIONS, current_generation, current_path
    from indexer.store.update import update_index

    sc = Path(__file__).resolve().parent / "data" / "sc"
    seed = tmp_path / seed_path.name
    seed.write_bytes(seed_path.read_bytes())
    added = tmp_path / "S_RES_2_1946.fr.txt"
    added.write_bytes((sc / added.name).read_bytes())
    index_dir = tmp_path / "index"
    build_index([seed, sc], index_dir)
    update_index(index_dir, [added], ["S/RES/7 (1946)"])
    updated = current_generation(index_dir)
    monkeypatch.setenv("RESOLU_INDEX", "")
    monkeypatch.setenv("RESOLU_PUBLIC_URL", "")
    monkeypatch.setattr(webapp.server, "run_gunicorn", lambda bind, *, workers, index_dir: None)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["serve", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    # 22 resolutions, S/RES/2 (1946) replaced by the added copy, S/RES/7 (1946) removed.
    assert "Index à jour (21 résolutions, sources : " in result.output
    assert current_generation(index_dir) == updated
    # The added file changed: rebuilt from the build's sources, then the update applied again.
    stamp = os.stat(index_dir / "CURRENT").st_mtime + 10
    os.utime(added, (stamp, stamp))
    result = runner.invoke(main, ["serve", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert f"Sources modifiées depuis la construction de l'index ({added})" in result.output
    assert "Mises à jour de l'index reprises (fichiers ajoutés, cotes retirées)…" in result.output
    held = json.loads((current_path(index_dir) / RESOLUTIONS).read_text(encoding="utf-8"))
    assert len(held) == 21 and "S/RES/7 (1946)" not in held
    assert held["S/RES/2 (1946)"]["source"] == str(added.resolve())


def test_a_query_too_long_points_to_resolu_similar(runner, seed_index):
    words = " ".join(f"mot{i}" for i in range(41))
    result = runner.invoke(main, ["search", words, "--index", str(seed_index)])
    assert result.exit_code == 2
    assert "Erreur : requête trop longue : 41 mots différents, 40 au plus" in result.output
    assert 'Pour retrouver où un paragraphe entier a déjà été adopté : resolu similar "TEXTE"' in result.output


def test_search_sorts_by_cited_by_count(runner, cited_index):
    # tests/data/cited: A/RES/75/99 and 74/90 are cited by two resolutions each (75/99 the newer), 76/81 by one.
    result = runner.invoke(main, ["search", "Golan", "--index", str(cited_index), "--json", "--limit", "100",
                                  "--sort", "cited_by_count"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sort"] == "cited_by_count"
    assert list(dict.fromkeys(h["symbol"] for h in data["hits"])) == [
        "A/RES/75/99", "A/RES/74/90", "A/RES/76/81", "A/HRC/RES/58/26"]
