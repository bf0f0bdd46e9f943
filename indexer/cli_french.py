"""Give click's own texts (usage, help, errors) in French, so that the command speaks one language.

click marks its texts for gettext but ships no French catalogue, and its
modules bind ``gettext``/``ngettext`` at import time: the translation is
installed by rebinding those names in click's modules to a lookup in the
table below (data, English text → French text). A text missing from the
table stays in English rather than failing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

FRENCH: dict[str, str] = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Aide : « {command} {option} ».",
    "Aborted!": "Interrompu.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such option: {name}": "Option inconnue : {name}",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} illisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} : écriture impossible.",
    "Could not open file {filename!r}: {message}": "Ouverture impossible de {filename!r} : {message}",
    "default: {default}": "par défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "unknown error": "erreur inconnue",
    "Choose from:\n\t{choices}": "Valeurs possibles :\n\t{choices}",
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} prend {nargs} valeurs.",
    "Got unexpected extra argument ({args})": "Argument en trop : ({args})",
    "Got unexpected extra arguments ({args})": "Arguments en trop : ({args})",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire l'une de : {possibilities} ?)",
    "Option {name!r} requires an argument.": "L'option {name!r} attend une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option {name!r} attend {nargs} valeurs.",
    "{value!r} is not {choice}.": "{value!r} n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} n'est pas l'une des valeurs {choices}.",
    "integer": "entier",
    "float": "nombre",
}
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui")


def gettext(message: str) -> str:
    """Return the French text of one of click's messages (the English one when unknown)."""
    return FRENCH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the French singular or plural of one of click's messages."""
    return gettext(singular if n == 1 else plural)


# Type names click prints in help (``--limit ENTIER``) and in errors ("n'est pas un entier valide").
TYPE_NAMES = {"IntParamType": "entier", "IntRange": "entier", "FloatParamType": "nombre",
              "FloatRange": "nombre", "BoolParamType": "booléen", "StringParamType": "texte"}


def install() -> None:
    """Make click's modules speak French (idempotent)."""
    types = importlib.import_module("click.types")
    for cls, french in TYPE_NAMES.items():
        getattr(types, cls).name = french
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        names: dict[str, Callable[..., str]] = {"_": gettext, "ngettext": ngettext}
        for attr, func in names.items():
            if hasattr(module, attr):
                setattr(module, attr, func)
