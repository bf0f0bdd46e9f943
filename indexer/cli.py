"""Drive resolu from the command line: parse, index, search, serve.

Errors the user can fix are printed as one clear message with an exit code
of their own (2: bad input, 3: no index); never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from indexer import cli_french
from indexer.citation import citation
from indexer.errors import QuerySyntaxError, QueryTooLongError, ResoluError
from indexer.french_text import NOTICE as ENGLISH_ONLY_NOTICE
from indexer.french_text import is_english_only
from indexer.model import KIND_NAMES, to_jsonable
from indexer.text.language import DEFAULT_LANG, ENGLISH, LANGUAGES
from indexer.undocs import official_url

DEFAULT_INDEX = "index"
DEFAULT_SOURCES = ("seeds",)
F = TypeVar("F", bound=Callable[..., Any])
# The index folder, one option shared by every command that reads or writes it.
index_option = click.option("--index", "index_dir", default=DEFAULT_INDEX, show_default=True,
                            type=click.Path(file_okay=False, path_type=Path), help="Dossier de l'index.")
# Paths not read that the summary names; all of them are in the warnings file.
PASSED_SHOWN = 20
# The verifier's --lang besides the languages: the draft's language, read from its words.
AUTO_LANG = "auto"


def friendly(func: F) -> F:
    """Turn resolu's own errors into a message and their exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ResoluError as exc:
            click.echo(f"Erreur : {exc}", err=True)
            if isinstance(exc, QueryTooLongError):
                click.echo("Pour retrouver où un paragraphe entier a déjà été adopté : resolu similar \"TEXTE\"",
                           err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrompu.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


class FrenchGroup(click.Group):
    """The command group, which makes click speak French when it runs, not when it is imported."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Install click's French texts (Usage, Options, error lines, like ours), then run the command line."""
        cli_french.install()
        return super().main(*args, **kwargs)


@click.group(cls=FrenchGroup, context_settings={"help_option_names": ["-h", "--help"]},
             subcommand_metavar="COMMANDE [ARGUMENTS]...",
             help="Chercher dans les résolutions des Nations Unies en français, paragraphe par paragraphe.")
@click.version_option(package_name="resolu")
def main() -> None:
    """Search United Nations resolutions in French, paragraph by paragraph."""


@main.command(help="Lire FICHIER (AKN4UN, Markdown ou OCR) et afficher ses métadonnées et ses paragraphes.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="FICHIER")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON complète.")
@friendly
def parse(file: Path, as_json: bool) -> None:
    """Parse FILE and print its metadata and paragraphs."""
    from indexer.sources.read import parse_path  # noqa: PLC0415
    from indexer.store.records import paragraph_records  # noqa: PLC0415

    res = parse_path(file)
    paragraphs = paragraph_records(res)
    if as_json:
        data = to_jsonable(res)
        data["paragraphs"] = paragraphs
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{res.symbol} — {res.title or '(sans titre)'}")
    click.echo(f"{res.organ}, adoptée le {res.adopted or '?'} ; {len(res.paragraphs)} paragraphes, "
               f"{len(res.footnotes)} notes")
    for p in paragraphs:
        verb = f" [{p['verb']}]" if p.get("verb") else ""
        click.echo(f"  {p['anchor']:<10} {p['kind']:<13}{verb} {str(p['text'])[:90]}")
    for w in res.warnings:
        click.echo(f"  ! ligne {w.line} ({w.code}) : {w.message}", err=True)


@main.command(help="Construire l'index à partir de SOURCES (fichiers, dossiers ou archives ; défaut : seeds/). "
                   "Avec --add ou --remove : mettre à jour l'index existant sans le reconstruire.")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path), metavar="[SOURCES]...")
@index_option
@click.option("--add", "adding", is_flag=True,
              help="Ajouter SOURCES à l'index existant (une cote déjà indexée est remplacée par la nouvelle "
                   "version ; un fichier anglais rejoint le texte français de sa cote).")
@click.option("--remove", "removed", multiple=True, metavar="COTE",
              help="Retirer de l'index la résolution de cette cote (répétable : --remove A/RES/80/1 "
                   "--remove \"S/RES/2719 (2023)\").")
@click.option("--strict", is_flag=True, help="Échouer (et garder l'index précédent) si un fichier est illisible.")
@click.option("--procs", default=None, type=click.IntRange(1, 16),
              help="Processus de préparation (lecture, facettes) ; défaut : 2 au plus, selon les cœurs.")
@click.option("--quiet", "-q", is_flag=True, help="Sans barre de progression.")
@friendly
def index(sources: tuple[Path, ...], index_dir: Path, adding: bool, removed: tuple[str, ...], strict: bool,
          procs: int | None, quiet: bool) -> None:
    """Build the index from SOURCES (files or folders; default: seeds/), or update it (--add, --remove)."""
    if adding or removed:
        if sources and not adding:
            raise click.UsageError("des SOURCES avec --remove seul : ajoutez --add pour les ajouter à l'index")
        if adding and not sources:
            raise click.UsageError("--add sans fichier : donnez les fichiers, dossiers ou archives à ajouter")
        report = run_update(sources, removed, index_dir, strict=strict, procs=procs, quiet=quiet)
        if report.errors:
            sys.exit(1)
        return
    report = run_index(sources or tuple(Path(s) for s in DEFAULT_SOURCES), index_dir,
                       strict=strict, procs=procs, quiet=quiet)
    if report.errors:
        sys.exit(1)


def run_update(added: tuple[Path, ...], removed: tuple[str, ...], index_dir: Path, *, strict: bool = False,
               procs: int | None = None, quiet: bool = False) -> Any:
    """Add files to and remove symbols from the live index, then print what changed."""
    from indexer.store.update import update_index  # noqa: PLC0415

    def progress(i: int, total: int, name: str) -> None:
        if not quiet and total >= 20 and (i * 10 // total) != ((i - 1) * 10 // total):
            click.echo(f"Lecture des fichiers ajoutés : {i}/{total} ({i * 100 // total} %)", err=True)

    def stage(message: str) -> None:
        if not quiet:
            click.echo(message, err=True)

    report = update_index(index_dir, added, removed, procs=procs, progress=progress, stage=stage, strict=strict)
    for label, symbols in (("Ajoutée(s)", report.added), ("Remplacée(s)", report.replaced),
                           ("Retirée(s)", report.removed), ("Version anglaise ajoutée à", report.paired)):
        if symbols:
            click.echo(f"{label} : {len(symbols)} — {', '.join(symbols)}")
    click.echo(f"Index mis à jour : {report.resolutions} résolution(s), {report.paragraphs} paragraphes, "
               f"en {report.seconds:.1f} s → {report.index_dir}")
    if report.recomputed:
        names = {"arrays": "tableaux de recherche", "series": "séries", "wording": "libellés proches",
                 "spans": "index des passages"}
        click.echo("Recalculés en entier (index écrit par une version antérieure de resolu) : "
                   + ", ".join(names[n] for n in report.recomputed))
    if report.passed:
        click.echo(f"Chemins non lus : {len(report.passed)}")
        for item in report.passed[:PASSED_SHOWN]:
            click.echo(f"  {item.path} : {item.reason}")
    if report.warnings:
        detail = ", ".join(f"{k} : {n}" for k, n in report.warnings.most_common())
        click.echo(f"Avertissements : {sum(report.warnings.values())} ({detail})")
    for error in report.errors:
        click.echo(f"Erreur : {error}", err=True)
    return report


def run_index(sources: tuple[Path, ...], index_dir: Path, *, strict: bool = False,
              procs: int | None = None, quiet: bool = False) -> Any:
    """Build the index with a progress bar and print the summary."""
    from indexer.store.build import build_index  # noqa: PLC0415

    started = time.monotonic()
    bar: Any = None
    shown = -1

    def progress(i: int, total: int, name: str) -> None:
        # Files done / total and time left: a bar on a terminal, a line every 10 % in a log.
        nonlocal bar, shown
        if quiet or total < 20:
            return
        if sys.stderr.isatty():
            if bar is None:
                bar = click.progressbar(length=total, label="Indexation", file=sys.stderr, show_pos=True,
                                        show_eta=True)
                bar.__enter__()
            bar.update(1)
            return
        tenth = i * 10 // total
        if tenth != shown:
            shown = tenth
            elapsed = time.monotonic() - started
            # Too early to tell at the first files (workers are still starting).
            left = f"reste environ {elapsed / i * (total - i):.0f} s" if tenth else "estimation du temps restant…"
            click.echo(f"Indexation : {i}/{total} fichiers ({tenth * 10} %), {left}", err=True)

    def stage(message: str) -> None:
        # A step the file count does not measure (the English pass): said, and the time left reckoned after it.
        nonlocal started
        if not quiet:
            click.echo(message, err=True)
        started = time.monotonic()

    try:
        report = build_index(sources, index_dir, progress=progress, strict=strict, procs=procs, stage=stage)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    print_build_report(report)
    return report


def print_build_report(report: Any) -> None:
    """Print what a build did: counts, corpus measures, files set aside or not read, warnings, errors."""
    kinds = ", ".join(f"{report.kinds[k]} {KIND_NAMES[k]}" for k in KIND_NAMES if report.kinds[k])
    click.echo(f"{report.resolutions} résolution(s), {report.paragraphs} paragraphes ({kinds}) "
               f"en {report.seconds:.1f} s → {report.index_dir}")
    # Numbered lines are the reference of text sources only (AKN numbers are read, not found).
    found = (f"{report.numbered_found} paragraphes numérotés trouvés pour {report.numbered_lines} lignes "
             f"numérotées dans les sources texte ({percent(report.operative_share)}) ; "
             if report.numbered_lines else "")
    click.echo(f"Dispositif : {found}verbe reconnu : {percent(report.verb_share)} des paragraphes du préambule "
               f"et du dispositif ; texte non classé : {percent(report.other_share, 2)}")
    if report.organs:
        click.echo("Par organe : " + ", ".join(f"{organ} {n}" for organ, n in report.organs.most_common()))
    if report.italic:
        click.echo(f"AKN4UN : verbe de la facette = italique d'ouverture du balisage pour "
                   f"{report.italic_match}/{report.italic} paragraphes du dispositif "
                   f"({percent(report.italic_share)}) ; "
                   f"{report.footnotes_attached} notes rattachées à leur paragraphe ; "
                   f"{report.linked} résolutions citées par lien")
    if report.english_files:
        click.echo(f"Anglais : {report.english_files} fichier(s) lus comme versions anglaises ; "
                   f"{report.english_resolutions} résolutions françaises appariées, "
                   f"{report.english_aligned}/{report.english_paragraphs} de leurs paragraphes alignés "
                   f"({percent(report.english_share)})"
                   + (f" ; {report.english_only} résolutions en anglais seulement (sans texte français, "
                      "cherchables avec --lang en)" if report.english_only else ""))
    if report.extract_records:
        click.echo(f"Données de l'ONU (data_extract) : {report.extract_records} enregistrement(s), "
                   f"{report.extract_gained} résolution(s) complétées, "
                   f"{report.warnings['data-extract-unmatched']} sans résolution dans la collection")
    if report.skipped or report.duplicates:
        click.echo(f"Écartés : {report.skipped} fichier(s) dans une autre langue, "
                   f"{report.duplicates} doublon(s) de cote")
    if report.passed:
        click.echo(f"Chemins non lus : {len(report.passed)}")
        for item in report.passed[:PASSED_SHOWN]:
            click.echo(f"  {item.path} : {item.reason}")
        if len(report.passed) > PASSED_SHOWN:
            click.echo(f"  … et {len(report.passed) - PASSED_SHOWN} autre(s) ; liste complète : {report.warnings_file}")
    click.echo(f"Mémoire de pointe : {report.peak_mb:.0f} Mo (processus le plus gros)")
    if report.warnings:
        detail = ", ".join(f"{k} : {n}" for k, n in report.warnings.most_common())
        click.echo(f"Avertissements : {sum(report.warnings.values())} ({detail}) ; détail : {report.warnings_file}")
    for error in report.errors:
        click.echo(f"Erreur : {error}", err=True)


def facet_options(func: F) -> F:
    """Add one repeatable option per facet of the catalog (--verb, --sponsor, --year…)."""
    from indexer.search.catalog import FACET_TABLE  # noqa: PLC0415

    for facet in reversed(FACET_TABLE):
        func = click.option(f"--{facet.name}", multiple=True, help=f"{facet.title} (répétable).")(func)
    return func


@main.command(help="Chercher REQUÊTE dans les paragraphes (requête vide et filtres : parcourir).")
@click.argument("query", default="", metavar="REQUÊTE")
@index_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 500), help="Résultats par page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page de résultats.")
# The engine's SORTS (indexer/search/engine.py), spelled here: the CLI imports no search module to start.
@click.option("--sort", type=click.Choice(["relevance", "date", "order", "cited_by_count"]), default="relevance",
              show_default=True, help="pertinence, date (les plus récentes d'abord), ordre des documents ou "
              "cited_by_count (résolutions les plus citées d'abord).")
@facet_options
@click.option("--year-from", "year_from", type=click.IntRange(1900, 2100), help="Adoptée à partir de cette année.")
@click.option("--year-to", "year_to", type=click.IntRange(1900, 2100), help="Adoptée jusqu'à cette année.")
@click.option("--facet-size", default=50, show_default=True, type=click.IntRange(1),
              help="Valeurs listées par facette (les comptes restent exacts).")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default=DEFAULT_LANG, show_default=True,
              help="Langue de la requête : en cherche dans le texte anglais et rend les paragraphes français.")
@click.option("--group", type=click.Choice(["none", "wording"]), default="none", show_default=True,
              help="none : un résultat par paragraphe ; wording : un par libellé (le plus récent), comme la page web.")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (avec les facettes).")
@friendly
def search(query: str, index_dir: Path, limit: int, page: int, sort: str, facet_size: int, as_json: bool,
           year_from: int | None, year_to: int | None, lang: str, group: str = "none",
           **facets: tuple[str, ...]) -> None:
    """Search paragraphs for QUERY (empty query + filters: browse)."""
    from indexer.search.agreed import SimilarFinder  # noqa: PLC0415
    from indexer.search.allocator import prepare_search_process  # noqa: PLC0415
    from indexer.search.engine import Engine  # noqa: PLC0415

    prepare_search_process()
    filters = {k: list(v) for k, v in facets.items() if v}
    for name, year in (("year_from", year_from), ("year_to", year_to)):
        if year is not None:
            filters[name] = [str(year)]
    from indexer.search.assent import acceptance_rule  # noqa: PLC0415
    from indexer.search.named import absent, cited_paragraph, text_query  # noqa: PLC0415

    engine = Engine(index_dir)
    try:
        # A symbol outside the collection is named, then searched as the phrase that cites it; a pasted
        # citation ("A/RES/68/179, par. 4 a)") names its paragraph.
        notices = absent(engine, query) if query else []
        cited = cited_paragraph(engine, query, filters.get("symbol")) if query else None
        searched = cited.symbol if cited else text_query(engine, query) if notices else query
        record = engine.paragraph_record(cited.symbol, cited.anchor) if cited and cited.anchor else None
        result = engine.search(searched, filters, page=page, per_page=limit, sort=sort, facet_size=facet_size,
                               lang=lang, group=group)
        # Each hit's wording cluster, as /api/search gives it (issue 14).
        data = SimilarFinder(engine).annotate(result.to_json()) if as_json else None
    finally:
        engine.close()
    if cited is not None and record is None:
        raise QuerySyntaxError(f"la résolution {cited.symbol} n'a pas de paragraphe « {cited.label} »")
    if data is not None:
        if searched != query:
            data["query"], data["searched"] = query, searched
        if notices:
            data["absent"] = [n.to_json() for n in notices]
        if cited is not None and record is not None:
            data["cited"] = {"symbol": cited.symbol, **record, "citation": citation(cited.symbol, record),
                             "official_url": official_url(cited.symbol)}
        if result.filters.get("accepted_by"):
            data["accepted_by"] = [{"state": name, "rule": acceptance_rule(name)}
                                   for name in result.filters["accepted_by"]]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for notice in notices:
        link = (f"texte officiel : {notice.url}" if notice.url
                else f"précisez l'année ({notice.symbol} (AAAA)) pour le lien officiel")
        click.echo(f"{notice.message} ; {link}")
    if cited is not None and record is not None:
        click.echo(citation(cited.symbol, record))
        click.echo(f"  {record['text']}")
        click.echo(f"  Texte officiel : {official_url(cited.symbol)}")
        return
    if notices:
        click.echo(f"Recherche dans les textes : {searched}")
    wordings = f", {result.wordings} libellé(s)" if result.wordings is not None else ""
    click.echo(f"{result.total} paragraphe(s){wordings} pour « {query} »")
    for name in result.filters.get("accepted_by", ()):
        # Which rule the filter applied, said with its answer.
        click.echo(acceptance_rule(name))
    if result.partial:
        click.echo("Aucun paragraphe ne contient tous les mots ; résultats avec une partie des mots.")
    _print_hits(result, lang)


def _print_hits(result: Any, lang: str) -> None:
    """Print each hit (citation, score, highlighted text, the English with ``--lang en``), then what matched nothing."""
    for i, hit in enumerate(result.hits):
        snippet = hit.snippet.replace("<mark>", click.style("", bold=True, reset=False)).replace(
            "</mark>", click.style("", reset=True))
        # The citation a reader copies ("S/RES/1528 (2004), par. 6 d)"), not the anchor and kind.
        click.echo(f"\n{citation(hit.symbol, hit.record)} · score {f'{hit.score:.1f}'.replace('.', ',')}")
        if hit.text or not is_english_only(hit.resolution):
            click.echo(f"  {_unescape(snippet)}")
        else:
            click.echo(f"  ({ENGLISH_ONLY_NOTICE} : {official_url(hit.symbol)})")
        if lang == ENGLISH.code and hit.text_en:
            english = hit.snippet_en.replace("<mark>", click.style("", bold=True, reset=False)).replace(
                "</mark>", click.style("", reset=True))
            click.echo(f"  [en] {_unescape(english)}")
        card = result.cards[i] if result.cards else None
        if card is not None and card.paragraphs > 1:
            click.echo(f"  ({card.label} ; autres versions : "
                       f"{', '.join(f'{v.symbol} {v.anchor}' for v in card.versions)}"
                       f"{' …' if card.paragraphs - 1 > len(card.versions) else ''})")
    if result.unmatched:
        click.echo(f"\nSans résultat : {', '.join(result.unmatched)}")
    for word, suggestion in result.suggestions.items():
        click.echo(f"Vouliez-vous dire « {suggestion} » (au lieu de « {word} ») ?")


def percent(share: float, digits: int = 1) -> str:
    """Format a share the French way: 0.9961 → "99,6 %"."""
    return f"{share * 100:.{digits}f} %".replace(".", ",")


def _unescape(html: str) -> str:
    import html as html_module  # noqa: PLC0415

    return html_module.unescape(html)


@main.command(help="Construire l'index s'il manque ou est périmé, puis servir l'application web.")
@index_option
@click.option("--sources", "source_dirs", multiple=True, type=click.Path(path_type=Path),
              help="Sources à indexer si l'index manque ou est périmé (défaut : seeds/).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Adresse d'écoute.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port d'écoute.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Processus gunicorn (4 fils chacun).")
@click.option("--debug", is_flag=True, help="Serveur de développement Flask (rechargement, débogueur).")
@click.option("--public-url", default=None,
              help="Adresse publique des liens absolus (défaut : http://HOST:PORT ; jamais l'en-tête Host reçu).")
@friendly
def serve(index_dir: Path, source_dirs: tuple[Path, ...], host: str, port: int, workers: int,
          debug: bool, public_url: str | None) -> None:
    """Build the index if missing or stale, then serve the web app."""
    from indexer.store.layout import recorded_sources  # noqa: PLC0415

    record = recorded_sources(index_dir) or {}
    sources, reason = serve_plan(index_dir, source_dirs)
    if reason:
        click.echo(f"{reason} : reconstruction depuis {', '.join(str(s) for s in sources)}…")
        run_index(sources, index_dir)
        if {Path(s).resolve() for s in record.get("sources", ())} == {s.resolve() for s in sources}:
            # Files added and symbols removed since the last build (resolu index --add/--remove) are not lost.
            from indexer.store.update import replay_updates  # noqa: PLC0415

            if record.get("added") or record.get("removed"):
                click.echo("Mises à jour de l'index reprises (fichiers ajoutés, cotes retirées)…")
            replay_updates(index_dir, record, stage=click.echo)
    # The app's configuration, one way: the environment its factory reads, inherited by gunicorn's workers
    # (and by the debug server's reloader).
    os.environ["RESOLU_INDEX"] = str(index_dir.resolve())
    os.environ["RESOLU_PUBLIC_URL"] = public_url or f"http://{host}:{port}"
    from webapp.server import create_worker_app, run_gunicorn  # noqa: PLC0415

    click.echo(f"resolu sur http://{host}:{port}/")
    if debug:
        create_worker_app().run(host=host, port=port, debug=True)
        return

    run_gunicorn(f"{host}:{port}", workers=workers, index_dir=str(index_dir.resolve()))


def serve_plan(index_dir: Path, given: tuple[Path, ...]) -> tuple[tuple[Path, ...], str | None]:
    """Return the sources to serve from and why the index must be (re)built, or None to reuse it.

    Without --sources, an existing index is checked against the sources it
    was built from, never against seeds/: an index of a bigger collection
    is not silently replaced by the default one.
    """
    from indexer.store.layout import FORMAT_VERSION, current_generation, generation_format  # noqa: PLC0415
    from indexer.store.layout import recorded_sources as read_record  # noqa: PLC0415

    generation = current_generation(index_dir, missing_ok=True)
    record = read_record(index_dir) if generation else None
    recorded = tuple(Path(s) for s in (record or {}).get("sources", ()))
    if given:
        sources = given
    elif recorded:
        sources = recorded
    else:
        sources = tuple(Path(s) for s in DEFAULT_SOURCES)
    if generation is None:
        return sources, "Pas encore d'index"
    found = generation_format(index_dir / generation)
    if found != FORMAT_VERSION:
        return sources, f"Index construit par une autre version de resolu (format {found}, attendu {FORMAT_VERSION})"
    if given and recorded and {p.resolve() for p in given} != {p.resolve() for p in recorded}:
        return sources, "Sources demandées différentes de celles de l'index"
    missing = [s for s in sources if not s.exists()]
    if missing:
        click.echo(f"Sources de l'index introuvables ({', '.join(map(str, missing))}) : "
                   "index existant conservé tel quel.")
        return sources, None
    # Files added since the build (resolu index --add) are sources too.
    added = tuple(Path(s) for s in (record or {}).get("added", ()) if Path(s).exists())
    changed = newer_sources(index_dir, sources + added)
    if changed:
        return sources, f"Sources modifiées depuis la construction de l'index ({changed})"
    held = f"{record['resolutions']} résolutions, " if record else ""
    click.echo(f"Index à jour ({held}sources : {', '.join(map(str, sources))}) : réutilisé.")
    return sources, None


def newer_sources(index_dir: Path, sources: tuple[Path, ...]) -> str | None:
    """Return the first source file or folder changed since the live index was made, if any."""
    from indexer.sources.read import source_files  # noqa: PLC0415
    from indexer.store.layout import built_at  # noqa: PLC0415

    stamp = built_at(index_dir) or 0.0
    for s in sources:
        if s.is_dir() and s.stat().st_mtime > stamp:
            return str(s)
    try:
        files = source_files(sources)
    except ResoluError:
        return None
    seen: set[Path] = set()
    for f in files:
        if f.path not in seen:
            seen.add(f.path)
            if f.path.stat().st_mtime > stamp:
                return str(f.path)
    return None



STATUS_NAMES = {"same": "inchangé", "updated": "mis à jour", "edited": "reformulé", "merged": "fusionné",
                "new": "nouveau"}


def _changes(index_dir: Path) -> Any:
    """Return the changes service of an index (series, alignments, histories)."""
    from indexer.search.engine import Engine  # noqa: PLC0415
    from indexer.search.versions import Changes  # noqa: PLC0415

    return Changes(Engine(index_dir))


@main.command(help="Comparer deux versions d'une résolution, paragraphe par paragraphe "
                   "(une seule cote : comparée à la version précédente de sa série).")
@click.argument("old", metavar="ANCIENNE")
@click.argument("new", metavar="NOUVELLE", required=False)
@index_option
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (avec les différences mot à mot).")
@friendly
def diff(old: str, new: str | None, index_dir: Path, as_json: bool) -> None:
    """Print the paragraph alignment of OLD and NEW, with word diffs."""
    changes = _changes(index_dir)
    result = changes.diff(old, new) if new is not None else changes.diff(None, old)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    counts = result["counts"]
    click.echo(f"{result['old']} → {result['new']} : "
               + ", ".join(f"{counts.get(k, 0)} {name}" for k, name in STATUS_NAMES.items())
               + f", {counts.get('dropped', 0)} supprimé(s), {counts.get('moved', 0)} déplacé(s)")
    for item in result["paragraphs"]:
        source = f" ← {' + '.join(item['old'])}" if item["old"] else ""
        moved = " (déplacé)" if item["moved"] else ""
        click.echo(f"{item['new']:<10} {STATUS_NAMES[item['status']]}{source}{moved}")
        if item.get("diff"):
            shown = "".join(f"[-{t}-]" if op == "del" else f"{{+{t}+}}" if op == "ins" else t
                            for op, t in item["diff"])
            click.echo(f"    {shown}")
    if result["dropped"]:
        click.echo(f"Supprimés : {', '.join(result['dropped'])}")


@main.command(help="Afficher la série d'une résolution : ses versions, de la plus ancienne à la plus récente.")
@click.argument("symbol", metavar="COTE")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@friendly
def history(symbol: str, index_dir: Path, as_json: bool) -> None:
    """Print the series SYMBOL belongs to, oldest first."""
    result = _changes(index_dir).history(symbol)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if len(result["series"]) == 1:
        click.echo(f"{result['symbol']} : aucune autre version dans l'index.")
        return
    click.echo(f"Série de {result['symbol']} : {len(result['series'])} résolutions")
    for member in result["series"]:
        mark = "*" if member["symbol"] == result["symbol"] else " "
        click.echo(f"{mark} {member['adopted'] or '?':<10}  {member['symbol']:<22} {member['title']}")


@main.command(help="Trouver les libellés existants les plus proches de TEXTE (un paragraphe ; « - » : lu sur "
                   "l'entrée standard), avec les différences mot à mot et leur provenance.")
@click.argument("text", metavar="TEXTE")
@index_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 50),
              help="Nombre de libellés (un par groupe de libellés quasi identiques).")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (comme POST /api/similar, sans les url).")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), default=DEFAULT_LANG, show_default=True,
              help="Langue du projet : en compare aux paragraphes anglais et donne le texte français officiel.")
@facet_options
@click.option("--year-from", "year_from", type=click.IntRange(1900, 2100), help="Adoptée à partir de cette année.")
@click.option("--year-to", "year_to", type=click.IntRange(1900, 2100), help="Adoptée jusqu'à cette année.")
@friendly
def similar(text: str, index_dir: Path, limit: int, as_json: bool, lang: str, year_from: int | None,
            year_to: int | None, **facets: tuple[str, ...]) -> None:
    """Print the existing paragraphs whose wording is nearest to TEXT (issue 14), filtered as a search is."""
    from indexer.search.agreed import SimilarFinder  # noqa: PLC0415
    from indexer.search.engine import Engine  # noqa: PLC0415

    if text == "-":
        text = sys.stdin.read()
    filters = {k: list(v) for k, v in facets.items() if v}
    for name, year in (("year_from", year_from), ("year_to", year_to)):
        if year is not None:
            filters[name] = [str(year)]
    engine = Engine(index_dir)
    try:
        result = SimilarFinder(engine).find(text, limit, lang, filters)
    finally:
        engine.close()
    if as_json:
        click.echo(json.dumps(result.to_json(citation), ensure_ascii=False, indent=2))
        return
    for notice in result.notices:
        click.echo(notice)
    for hit in result.hits:
        vote = (hit.resolution.get("vote") or {}).get("label") or "vote inconnu"
        click.echo(f"\n{percent(hit.similarity, 0)}  {citation(hit.symbol, hit.record)} "
                   f"({hit.resolution.get('adopted') or 'date inconnue'}, {hit.resolution.get('organ', '')}, {vote})")
        click.echo(f"  {hit.cluster.label} ; {hit.assent_label}")
        click.echo("  " + "".join(_diff_run(run) for run in hit.diff))
        if lang == ENGLISH.code:
            click.echo(f"  Texte français officiel : {hit.text or 'texte français non disponible dans la collection'}")


@main.command(name="verifier",
              help="Vérifier un projet de résolution entier (FICHIER : .docx, texte ou Markdown ; « - » : entrée "
                   "standard) : chaque passage déjà adopté mot pour mot avec sa source, le libellé nouveau signalé.")
@click.argument("file", metavar="FICHIER")
@index_option
@click.option("--organ", "organs", multiple=True, help="Organe des sources (répétable) : « Assemblée générale »…")
@click.option("--year-from", "year_from", type=click.IntRange(1900, 2100), help="Sources adoptées depuis cette année.")
@click.option("--year-to", "year_to", type=click.IntRange(1900, 2100), help="Sources adoptées jusqu'à cette année.")
@click.option("--consensus", is_flag=True, help="Sources adoptées sans vote seulement.")
@click.option("--accepted-by", "accepted_by", multiple=True,
              help="Sources acceptées par cet État (coauteur, vote pour, adoption sans vote à l'AG ; répétable).")
@click.option("--lang", type=click.Choice([*LANGUAGES, AUTO_LANG]), default=AUTO_LANG, show_default=True,
              help="Langue du projet : en compare aux paragraphes anglais et donne le texte français officiel.")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON (comme POST /api/verification, sans les url).")
@click.option("--csv", "as_csv", is_flag=True, help="Sortie CSV (paragraphe, passage, statut, sources).")
@click.option("--docx", "docx_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Écrire aussi le projet annoté en Word (passages surlignés, commentaires) dans ce fichier.")
@click.option("--public-url", default="http://localhost", show_default=True,
              help="Adresse du site pour les liens des commentaires Word et du CSV.")
@friendly
def verifier(file: str, index_dir: Path, organs: tuple[str, ...], year_from: int | None, year_to: int | None,
             consensus: bool, accepted_by: tuple[str, ...], lang: str, as_json: bool, as_csv: bool,
             docx_out: Path | None, public_url: str) -> None:
    """Check a whole draft against the index (issue 26)."""
    from urllib.parse import quote  # noqa: PLC0415

    from indexer.search.agreed import SimilarFinder  # noqa: PLC0415
    from indexer.search.assent import acceptance_rule  # noqa: PLC0415
    from indexer.search.engine import Engine  # noqa: PLC0415
    from indexer.search.verification import FRENCH_LABELS, DraftChecker, Filters, accepting  # noqa: PLC0415
    from indexer.search.verification_files import to_csv, to_docx  # noqa: PLC0415
    from indexer.wording.drafts import read_draft  # noqa: PLC0415

    if file == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise click.ClickException(f"{file} illisible : {exc.strerror or exc}") from None
    paragraphs = read_draft(data, file)
    filters = Filters(organs, year_from, year_to, consensus, accepting(list(accepted_by)))
    engine = Engine(index_dir)
    try:
        result = DraftChecker(SimilarFinder(engine)).check(paragraphs, filters,
                                                           lang=None if lang == AUTO_LANG else lang)
    finally:
        engine.close()

    def url(symbol: str, anchor: str) -> str:
        return f"{public_url.rstrip('/')}/r/{quote(symbol)}/{quote(anchor)}"

    if docx_out:
        docx_out.write_bytes(to_docx(result, url))
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    if as_csv:
        click.echo(to_csv(result, url), nl=False)
        return
    for notice in result.notices:
        click.echo(notice)
    for name in filters.accepted_by:
        click.echo(f"Sources : {acceptance_rule(name)}")
    for p in result.paragraphs:
        click.echo(f"\n{p.number}. {p.label}")
        for span in p.spans:
            s = span.sources
            mark = "=" if span.status == "agreed" else "~"
            click.echo(f"  {mark} « {span.text} » — {s.shown.citation} ({s.shown.adopted or 'date inconnue'})"
                       + (f" ; {s.resolutions} résolutions depuis {s.earliest.citation}" if s.resolutions > 1 else ""))
            if span.french:
                click.echo(f"      {FRENCH_LABELS[span.french_scope]} : {span.french}")
            for change in span.changes:
                click.echo(f"      le texte adopté dit « {change['match'] or '—'} » "
                           f"au lieu de « {change['draft'] or '—'} »")
    counts = result.counts()
    # The page's words (templates/verification.html), in its order.
    said = [(n := counts.get(k, 0), f"{n} {one if n < 2 else many}") for k, one, many in (
        ("verbatim", "agréé mot pour mot", "agréés mot pour mot"),
        ("changed", "avec modifications", "avec modifications"),
        ("partial", "en partie agréé", "en partie agréés"), ("short", "trop court", "trop courts"),
        ("new", "nouveau", "nouveaux"))]
    click.echo(f"\n{len(result.paragraphs)} paragraphe{'s' if len(result.paragraphs) > 1 else ''} : "
               + ", ".join(text for n, text in said if n) + f" ({result.seconds:.2f} s)".replace(".", ",")
               + (f" ; Word : {docx_out}" if docx_out else ""))


def _diff_run(run: dict[str, str]) -> str:
    """Show one run of a word diff: [-removed-] from the draft, {+added+} by the existing text."""
    if run["op"] == "equal":
        return run["match"]
    removed = f"[-{run['draft'].rstrip()}-]" if run["draft"] else ""
    added = f"{{+{run['match'].rstrip()}+}}" if run["match"] else ""
    return removed + added + " "


if __name__ == "__main__":  # pragma: no cover
    main()

