"""Find whom a paragraph calls on to act: its addressees.

The object of a call verb ("Demande aux États …"), the subject of "Décide que …",
names outside the vocabulary kept as written, short names of offices resolved
from an earlier full mention in the same resolution.
"""

from __future__ import annotations

import re

from indexer.facets import vocabulary as voc
from indexer.facets.instruments import instrument_at
from indexer.facets.text import rejoin_hyphens, required_text
from indexer.facets.verbs import Verb

# ---------------------------------------------------------------------------
# Addressees
# ---------------------------------------------------------------------------

# Old OCR texts write "Etats" without the accent.
_ADDRESSEE_RES = [(name, re.compile(pat.replace("États", "[ÉE]tats"), re.IGNORECASE)) for name, pat in voc.ADDRESSEES]
_NOUN_STOP = {
    "mer", "guerre", "frontière", "terre", "matière", "manière", "lumière", "ordre", "cadre",
    "centre", "membre", "nombre", "titre", "pouvoir", "devoir", "territoire", "mémoire",
    "histoire", "avenir", "plaisir", "loisir", "affaire", "entre", "notre", "votre", "contre",
    "autre", "lettre", "partenaire", "commissaire", "secrétaire", "nécessaire", "sommaire",
    "prière", "carrière", "famille", "père", "mère",
}
_INF = r"[a-zàâçéèêëîïôûùüÿœ]+(?:er|ir|re|oir)"
_TERMINATOR = re.compile(
    r"\s(?:de|à)\s+(?:ne\s+(?:pas|plus|jamais)?\s*|n')?(?:[a-zé]+ment\s+)?"
    r"(?:(?:se|y|en|lui|leur|les|la|le|nous)\s+|(?:s'|l'|n'))*(" + _INF + r")\b"
    r"|\sd'(?:(?:y|en)\s+)?(" + _INF + r")\b"
    r"|\sà\s+(?:s'|l'|y\s+|en\s+)(" + _INF + r")\b"
    r"|\squ(?:e\s|')|[;:.]"
)


# An apposition after the addressees ("Prie le Secrétaire général, agissant en
# consultation avec le Conseil …, de …") names helpers, not addressees.
_APPOSITION = re.compile(
    r",\s*(?:[a-zàâçéèêëîïôûùüÿœ]+ant\b|en (?:consultation|coopération|coordination|collaboration|"
    r"liaison|concertation|étroite)|avec\b|par l'intermédiaire|dans le cadre|conformément|"
    r"le cas échéant|selon (?:qu|le)|lorsqu|s'il y a lieu|sans\b|pour\b|afin\b)"
)


def _np_end(text: str, start: int) -> int:
    """Return where the addressee phrase starting at start ends."""
    end = len(text)
    for m in _TERMINATOR.finditer(text, start):
        verb = next((g for g in m.groups() if g), None)
        if verb and verb.lower() in _NOUN_STOP:
            continue
        end = m.start()
        break
    app = _APPOSITION.search(text, start, end)
    return app.start() if app else end


_LEAD_RE = re.compile(
    r"(?:(?:tous|toutes|tout)\s+(?:les\s+)?|les\s+|le\s+|la\s+|l'|aux\s+|au\s+|à\s+|de\s+|d'|des\s+|"
    r"en particulier\s+|notamment\s+|y compris\s+|ainsi que\s+|et\s+|ou\s+|,\s*|\s+)+",
    re.IGNORECASE,
)
_MANDATE_STOP = re.compile(r",|;|\set\s+(?:le|la|les|l'|aux|au|à)\s*[A-ZÉ]")
_GOV_RE = re.compile(
    r"Gouvernement(?:\s+(?!de\b|du\b|des\b|d'|à\b|et\b|qui\b|aux?\b|en\b|pour\b|sur\b)([a-zéèêëïîôûç-]+)"
    r"|\s+((?:de la|de l'|du|des|d')\s*[A-ZÉÎ][\w'-]*(?:\s+(?:[A-ZÉÎ][\w'-]*|de|du|des|d'|la|l')){0,6}))?"
)


def _mandate(np: str, start: int) -> tuple[str, int]:
    """Return the complement of a title (mandate, country) and where it ends."""
    stop = _MANDATE_STOP.search(np, start)
    end = stop.start() if stop else len(np)
    return np[start:end].strip(), end


def _special(np: str, pos: int) -> tuple[str, int] | None:
    """Match addressees whose value depends on what follows (mandate, instrument, country)."""
    s = np[pos:]
    m = re.match(r"[ÉE]tats [Pp]arties\b", s)
    if m:
        rest = np[pos + m.end():]
        ref = re.match(r"\s+(?:à la|au|aux|à l')\s+", rest)
        if ref:
            inst = instrument_at(np, pos + m.end() + ref.end())
            if inst:
                name, end = inst
                return _parties_to(name), end
        return "États parties", pos + m.end()
    m = re.match(r"Rapporteu(?:r|se) spéciale?(?: du Conseil des droits de l'homme)?", s)
    if m:
        after = pos + m.end()
        mm = re.match(r"\s+(sur|chargée? d[eu]|chargée? de la question d[eu]s?|pour)\s+", np[after:])
        if mm:
            mandate, end = _mandate(np, after + mm.end())
            prep = "sur" if mm.group(1) == "sur" else mm.group(1).replace("chargée", "chargé")
            return f"Rapporteur spécial {prep} {mandate}", end
        return "Rapporteur spécial", after
    m = re.match(r"Représentante? spéciale? du Secrétaire général", s)
    if m:
        after = pos + m.end()
        mm = re.match(r"\s+(pour|sur|chargée? d[eu]|chargée? de la question d[eu]s?|en|au|à la|à l'|aux)\s+",
                      np[after:])
        if mm:
            mandate, end = _mandate(np, after + mm.end())
            prep = mm.group(1).replace("chargée", "chargé")
            return f"Représentant spécial du Secrétaire général {prep} {mandate}", end
        return "Représentant spécial du Secrétaire général", after
    m = re.match(r"(Présidente?|Président) du (Comité|Conseil|Groupe)\b", s)
    if m and m.group(2) == "Comité":
        after = pos + m.end()
        mandate, end = _mandate(np, after)
        return ("Président du Comité " + mandate).strip(), end
    m = re.match(r"Haut-Commissaire(?! des Nations Unies)", s)
    if m:
        return "Haut-Commissaire", pos + m.end()
    m = _GOV_RE.match(s)
    if m:
        if m.group(1):
            return f"Gouvernement {m.group(1)}", pos + m.end()
        if m.group(2):
            # "Gouvernement de la République démocratique du Congo": the
            # country name may go on in lower case, up to a comma or "et".
            rest, stop = _mandate(np, pos + len("Gouvernement") + 1)
            cut = re.search(r"\s+et\s", rest)
            if cut:
                stop -= len(rest) - cut.start()
                rest = rest[:cut.start()]
            rest = re.sub(r"\s+(?:de|du|des|d')$", "", rest)
            if len(rest.split()) <= 8:
                return f"Gouvernement {rest}", stop
            return f"Gouvernement {m.group(2).strip()}", pos + m.end()
        return "Gouvernement", pos + m.end()
    return None


def _parties_to(name: str) -> str:
    """Name the States parties to an instrument with the right preposition."""
    first = name.split()[0]
    prep = {"Pacte": "au", "Statut": "au", "Protocole": "au", "Traité": "au",
            "Conventions": "aux", "Protocoles": "aux"}.get(first, "à la")
    if name.startswith("L'"):
        prep = "à"
    return f"États parties {prep} {name}"


def _addressees_in(np: str) -> list[str]:
    """Return the addressees found, in order, in the object phrase of a call verb.

    The first item must be an addressee: "Encourage la coopération entre les
    États" addresses nobody.  A name right after "de"/"du"/"des" complements
    the previous item ("le Directeur général de l'Agence") and is skipped.
    Words split by an OCR line-break hyphen are rejoined first.
    """
    np = rejoin_hyphens(np)
    out: list[str] = []
    pos = 0
    lead_text = ""
    first = True
    while pos < len(np):
        lead = _LEAD_RE.match(np, pos)
        if lead and lead.end() > pos:
            lead_text = lead.group(0)
            pos = lead.end()
            continue
        genitive = not first and re.search(r"(?:\bde|\bdu|\bdes|\bd')\s*(?:la\s+|l')?$", lead_text, re.IGNORECASE)
        best: tuple[str, int] | None = _special(np, pos)
        for name, rx in _ADDRESSEE_RES:
            m = rx.match(np, pos)
            if m and (best is None or m.end() > best[1]):
                best = (name, m.end())
        if best is None:
            # A name outside the vocabulary ("l'Autorité", "Israël", "l'UNITA"):
            # keep a capitalised name as written; an institution's head noun
            # takes its complement ("Commission spéciale").
            m = _NAME_RE.match(np, pos)
            if m and m.group(0).split()[0] not in _NOT_NAMES:
                head = m.group(0).split()[0]
                if head in _INSTITUTION_HEADS:
                    rest, stop = _mandate(np, pos)
                    cut = re.search(r"\s+(?:et|ou)\s+(?:les?|la|l'|aux?|des|d')", rest)
                    if cut:
                        stop -= len(rest) - cut.start()
                        rest = rest[:cut.start()]
                    words = rest.split()
                    best = (rest, stop) if len(words) <= 15 else (m.group(0), m.end())
                else:
                    best = (m.group(0), m.end())
        if best is None and first:
            return []
        first = False
        if best:
            name = best[0]
            if not genitive and name not in out:
                out.append(name)
            pos = best[1]
            lead_text = ""
            continue
        lead_text = ""
        nxt = re.compile(r"[\s,]+").search(np, pos)
        pos = nxt.end() if nxt else len(np)
    return out


_NAME_RE = re.compile(
    r"[A-ZÉÎÔ][\w'-]*(?:\s+(?:(?:de|du|des|de la|pour la|pour le|pour les)\s+|d'|de l')?[A-ZÉÎÔ][\w'-]*"
    r"|\s+d'[A-ZÉÎÔ][\w'-]*)*"
)
# Capitalised words that are not names of addressees.
_NOT_NAMES = {"Nations", "Unies", "Organisation", "Conseil", "Autres", "Membres", "Article", "Puissance",
              "Charte", "Accord", "Accords", "VIH"}
# Head nouns of bodies whose name goes on in lower case ("Commission spéciale",
# "Mission des Nations Unies en …", "Directeur général de l'Agence").
_INSTITUTION_HEADS = {
    "Mission", "Force", "Forces", "Commission", "Groupe", "Opération", "Agence", "Bureau", "Banque",
    "Mouvement", "Programme", "Comité", "Directeur", "Directrice", "Coordonnateur", "Envoyé",
    "Fonds", "Office", "Cour", "Tribunal", "Procureur", "Médiateur", "Facilitateur", "Commandant",
    "Administrateur", "République", "Autorité", "Organisation", "Haut", "Union", "Communauté",
}


# What makes a name read as an addressee in the facet list: the vocabulary, a State, an
# acronym (MINUSS), or the name of a body or office (Comité…, Rapporteur spécial…). Anything
# else the extractor kept ("Turin", "Commission soit tenue informée…") is "autre" there.
_ADDRESSEE_VALUES = frozenset(name for name, _ in voc.ADDRESSEES)
_OFFICE_HEADS = frozenset({*_INSTITUTION_HEADS, "États", "Rapporteur", "Rapporteuse", "Représentant",
                           "Représentante", "Président", "Présidente", "Gouvernement", "Haut-Commissariat",
                           "Secrétariat", "Conférence", "Assemblée", "Conseil", "Équipe", "Envoyée",
                           "Coordonnatrice", "Secrétaire", "Département", "Institut", "Centre", "Entité",
                           "Réseau", "Forum", "Partenariat", "Initiative", "Plateforme", "Haute"})
# Clauses that ran on past the name: a verb ("soit tenue", "a adressé", "à l'aider à"), a relative.
_NOT_A_NAME_RE = re.compile(
    r"\b(?:soit|soient|sera|seront|de poursuivre|de continuer|rendre compte|à cet égard|de lui|afin|pour que|"
    r"ceux|celles|qui)\b|\b(?:a|ont)\s+\w+é\b|\bà\s+(?:l'|le\s|la\s|les\s|s')?\w+(?:er|ir|re)\b|"
    r"\bchargée?s?$",
    re.IGNORECASE)


def listed_addressee(value: str) -> bool:
    """Tell whether an extracted addressee reads as a facet value (else it counts as "autre")."""
    from indexer.sources import states  # noqa: PLC0415 - the State names load on first use

    if value in _ADDRESSEE_VALUES or states.table().get(states.key(value)) == value:
        return True
    if re.fullmatch(r"[A-Z][A-Z0-9]{1,11}(?:-[A-Z][\w]*)?", value):
        return True
    words = value.split()
    return (words[0] in _OFFICE_HEADS and 2 <= len(words) <= 30 and not _NOT_A_NAME_RE.search(value)) or \
        (words[0] in _OFFICE_HEADS and len(words) == 1 and value in ("Comité", "Secrétariat", "Conseil"))


_ASIDE = re.compile(r",\s+(?!(?:les?|la|l'|aux?|des?|du|d'|ainsi|et|ou|tous|toutes|y compris|notamment|en particulier|"
                    r"[A-ZÉÎÔ])\b|[A-ZÉÎÔ]|l')")


# A finite verb after a subject (lower case: a name's head is capitalised): future, present plural,
# subjunctive and the common auxiliaries.
_FINITE_VERB = re.compile(r"\s(?=(?:[a-zàâçéèêëîïôûù]\w*(?:eront|ront|era|ra|ent|ont|aient|ait|isse|issent)|est|sont|a|"
                          r"ont|doit|doivent|devra|devront|peut|peuvent|soit|soient)\b(?!-))")


def addressees_after(text: str, start: int) -> list[str]:
    """Return the addressees of the call verb whose phrase ends at start."""
    incise = re.match(r"\s*,[^,;]{1,200},\s*", text[start:])
    if incise:
        start += incise.end()
    rest = text[start:]
    que = re.match(r"\s*(?:à ce que\s+|que\s+|qu')", rest)
    end = _np_end(text, start + (que.end() if que else 0))
    # A comma that does not go on with another addressee (« et la MANUI, à la demande du
    # Gouvernement iraquien, de … ») ends the list: what follows is a circumstance.
    aside = _ASIDE.search(text, start + (que.end() if que else 0), end)
    if aside:
        end = aside.start()
    if que:
        # "Exige que toutes les parties cessent …": only a vocabulary subject
        # right after "que" counts, the rest is a finite clause.
        # Each "et que …" clause has its own subject.
        clause_end = re.search(r"[;:.]", text[start + que.end():])
        clauses = re.split(r",?\s+et\s+qu(?:e\s|')",
                           text[start + que.end():start + que.end() + (clause_end.start() if clause_end else 400)])
        found: list[str] = []
        for clause in clauses:
            # The subject ends at its finite verb: "la MANUA et la Représentante spéciale … continueront".
            subject = _FINITE_VERB.split(rejoin_hyphens(clause.split(",")[0]), maxsplit=1)[0]
            for name in _addressees_in(subject):
                if name not in found:
                    found.append(name)
        return found
    return _addressees_in(text[start:end])


_SHORT_FORMS = ("Rapporteur spécial", "Représentant spécial du Secrétaire général",
                "Président du Comité", "Haut-Commissaire")
_MENTION_RES = [
    ("Rapporteur spécial", re.compile(r"Rapporteu(?:r|se) spéciale?")),
    ("Représentant spécial du Secrétaire général", re.compile(r"Représentante? spéciale? du Secrétaire général")),
    ("Président du Comité", re.compile(r"Présidente? du Comité")),
    ("Haut-Commissaire", re.compile(r"Haut-Commissaire")),
    # Only a named committee ("Comité pour …", "Comité des …", "Comité créé par …").
    ("Comité", re.compile(r"(?<!Président du )(?<!Présidente du )Comité(?= (?:pour|des|du|de|contre|créé|chargé)\b)")),
]


_HC_RE = re.compile(r"Haut-Commissaire des Nations Unies (?:aux droits de l'homme|pour les réfugiés)")


def mentions(text: str) -> dict[str, str]:
    """Return the fullest form of each short-named office mentioned in a text."""
    found: dict[str, str] = {}
    for short, rx in _MENTION_RES:
        if required_text(rx.pattern) not in text:
            continue  # the office is not named: no scan of the text (most paragraphs name none)
        for m in rx.finditer(text):
            if short == "Comité":
                mandate, _ = _mandate(text, m.end())
                value = ("Comité " + mandate).strip() if mandate else ""
                value = re.split(r"\s+(?:sur les travaux|sur sa|à sa|à ses)\b", value)[0]
            else:
                got = _special(text, m.start())
                value = got[0] if got else ""
                if short == "Haut-Commissaire":
                    hc = _HC_RE.match(text, m.start())
                    value = hc.group(0) if hc else ""
            if value and value != short and len(value) > len(found.get(short, "")):
                found[short] = value
    return found


def resolve_short(value: str, context: dict[str, str]) -> str:
    """Replace a short office name by its full form seen earlier in the resolution."""
    if value == "Président du Comité" and "Comité" in context:
        return "Président du " + context["Comité"]
    if value in _SHORT_FORMS and value in context:
        return context[value]
    return value


# Decisions that are addressed to someone: "Autorise les États Membres à …".
_ADDRESSED_DECISIONS = {"Autorise"}


def addresses(verb: Verb, text: str = "", end: int = 0) -> bool:
    """Tell whether the verb's object is whom the paragraph calls on to act.

    "Décide que la MANUA et la Représentante spéciale continueront de …": a decision
    on what named actors shall do addresses them (the subject after « que »).
    """
    if verb.kind == "call" or verb.root in _ADDRESSED_DECISIONS:
        return True
    return verb.root == "Décide" and bool(re.match(r"\s*(?:,[^,;]{1,120},\s*)?(?:que\s|qu')", text[end:]))


