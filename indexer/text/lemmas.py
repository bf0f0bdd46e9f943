"""Join word families that Snowball French leaves apart, or keep apart ones it joins.

Each row is (pattern over an accent-folded lower-case word, index term).
A word that matches a row becomes that term instead of its Snowball stem, at
index and at query time alike. Rows come from measured misses on the judged
query set (tests/relevance/): verb and noun of one act ("ratification" /
"ratifier", "détention" / "détenus", "envois" / "envoyés"), noun and adjective ("famille" /
"familial": « regroupement familial » answers « enfants séparés de leur famille »), a word and its
synonym of the same root ("armements" / "armes": « livraison d'armements », « livraisons d'armes »),
the clearing of a thing and the thing ("déminage" / "mines"), singulars and plurals Snowball cuts
apart ("lieu" / "lieux", "emploi" / "emplois"; the -ts and -ions plurals are a rule of analysis.stem), gender pairs
Snowball cuts differently ("travailleuses" / "travailleurs"), and words it
wrongly merges ("viol" rape / "violer" violate, "climatique" / "climat").
Adding a family is one line; rebuild the index afterwards.
"""

from __future__ import annotations

import re

LEMMAS: tuple[tuple[str, str], ...] = (
    (r"envo(?:i|is|ie|ies|ient|yer|ye|yes|yee|yees|yant|yons|yez|yait|yaient|yeur|yeurs)", "envoi"),
    (r"ratifi\w*", "ratifi"),
    (r"deten(?:u|us|ue|ues|ir|ait|aient|ant|tion|tions|teur|teurs|trice|trices)", "deten"),
    (r"(?:vend(?:re|u|us|ue|ues|ent|ait|aient|ant|eur|eurs|euse|euses)|vente|ventes)", "vend"),
    (r"interdi(?:re|t|ts|te|tes|sent|sant|sait|ction|ctions)", "interdi"),
    (r"adm(?:ettre|et|ettent|is|ise|ises|ission|issions|issible|issibles)", "admi"),
    (r"(?:elect(?:ion|ions|oral|orale|oraux|orales|eur|eurs|rice|rices)|elu|elus|elue|elues|elire|elit|elisent)",
     "elect"),
    (r"(?:gel|gels|geler|gele|geles|gelee|gelees|gelent|gelant)", "gel"),
    (r"(?:proteg\w*|protection|protections|protecteur|protecteurs|protectrice|protectrices)", "protect"),
    (r"livr(?:er|e|es|ee|ees|ent|ant|aison|aisons)", "livr"),
    (r"export(?:er|e|es|ee|ees|ent|ant|ation|ations|ateur|ateurs)", "export"),
    (r"import(?:er|e|es|ee|ees|ent|ant|ation|ations|ateur|ateurs)", "import"),
    (r"viol(?:er|e|es|ee|ees|ent|ant|ait|aient|ation|ations|ateur|ateurs)", "violat"),
    (r"viols?", "viol"),
    (r"travailleu(?:r|rs|se|ses)", "travailleur"),
    (r"climatiques?", "climatiqu"),
    (r"rapatri\w*", "rapatri"),
    (r"desarm\w*", "desarm"),
    (r"demobilis\w*", "demobilis"),
    (r"reintegr\w*", "reintegr"),
    (r"expuls\w*", "expuls"),
    (r"(?:familles?|famili(?:al|ale|ales|aux))", "famill"),
    (r"armements?", "arme"),
    (r"demin(?:age|ages|er|eur|eurs)", "min"),
    (r"lieux?", "lieu"),
    (r"milieux?", "milieu"),
    (r"enjeux?", "enjeu"),
    (r"emplois?", "emploi"),
)

_TABLE = re.compile("|".join(f"(?P<g{i}>{pattern})" for i, (pattern, _) in enumerate(LEMMAS)))
_TERMS = {f"g{i}": term for i, (_, term) in enumerate(LEMMAS)}


def lemma(word: str) -> str | None:
    """Return the index term of a folded word when a row covers it, else None."""
    m = _TABLE.fullmatch(word)
    return _TERMS[m.lastgroup] if m and m.lastgroup else None
