"""Regenerate schemas/lexicons/states.tsv from pycountry plus hand-kept aliases.

Usage (pycountry is only needed here, not by annotkit itself):

    python3 -m venv /tmp/lexvenv && /tmp/lexvenv/bin/pip install pycountry
    /tmp/lexvenv/bin/python tools/build_states_lexicon.py [OUTPUT]

Every pycountry country becomes one ACTOR/state entry whose canonical id is the
common English short name as a slug (russia, not russian-federation). Names,
common names and official names are kept as aliases when they read like a name
in running text (no inverted "Korea, Republic of" forms, no parentheses, no
leading "the"). ASCII and typographic-apostrophe variants are added so that
"Cote d'Ivoire" and "People’s Republic of China" match as written.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pycountry

HEADER = "label\tcanonical\tkind\tcase\tpriority\taliases"

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "schemas" / "lexicons" / "states.tsv"

# Uninhabited territories never named as actors, and China's special
# administrative regions, which the guidelines treat as regions, not states.
SKIP = {"AQ", "BV", "HM", "UM", "HK", "MO"}

# Common English short name where pycountry's differs; it gives the canonical id
# and comes first among the aliases.
SHORT_NAMES: dict[str, str] = {
    "BN": "Brunei",
    "BO": "Bolivia",
    "CD": "DR Congo",
    "CG": "Congo",
    "CI": "Côte d'Ivoire",
    "CV": "Cape Verde",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "GB": "United Kingdom",
    "IR": "Iran",
    "KP": "North Korea",
    "KR": "South Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "MF": "Saint Martin",
    "PS": "Palestine",
    "RU": "Russia",
    "SX": "Sint Maarten",
    "SY": "Syria",
    "TR": "Turkey",
    "TW": "Taiwan",
    "TZ": "Tanzania",
    "VA": "Vatican",
    "VE": "Venezuela",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
    "VN": "Vietnam",
    "CC": "Cocos Islands",
    "JE": "Jersey",
}

# Canonical ids that are not the slug of the short name.
CANONICAL: dict[str, str] = {
    "CD": "dr-congo",
    "CI": "cote-divoire",
    "VI": "us-virgin-islands",
}

# Extra aliases: abbreviations, older and common names, spellings.
EXTRA_ALIASES: dict[str, list[str]] = {
    "AE": ["UAE", "U.A.E."],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "BQ": ["Caribbean Netherlands", "Bonaire"],
    "BS": ["Bahamas"],
    "CD": [
        "Democratic Republic of the Congo",
        "Democratic Republic of Congo",
        "DRC",
        "D.R. Congo",
        "Congo-Kinshasa",
    ],
    "CG": ["Republic of the Congo", "Republic of Congo", "Congo-Brazzaville"],
    "CI": ["Ivory Coast"],
    "CN": ["PRC", "P.R.C."],
    "CV": ["Cabo Verde", "Republic of Cape Verde"],
    "CZ": ["Czech Republic"],
    "FK": ["Falklands", "Malvinas"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain"],
    "HK": ["Hong Kong SAR"],
    "IR": ["Islamic Republic"],
    "JE": ["Bailiwick of Jersey"],
    "KG": ["Kyrgyz Republic"],
    "KN": ["St Kitts and Nevis", "St. Kitts and Nevis"],
    "KP": ["DPRK", "D.P.R.K.", "N. Korea"],
    "KR": ["Republic of Korea", "ROK", "S. Korea"],
    "LA": ["Lao PDR", "Lao People's Democratic Republic"],
    "LC": ["St Lucia", "St. Lucia"],
    "MK": ["Macedonia"],
    "MM": ["Burma", "Republic of the Union of Myanmar"],
    "MO": ["Macau"],
    "NL": ["Holland"],
    "PS": ["State of Palestine"],
    "RU": ["Russian Federation"],
    "SA": ["KSA"],
    "SH": ["Saint Helena"],
    "SK": ["Slovak Republic"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor"],
    "TR": ["Türkiye", "Turkiye", "Republic of Türkiye", "Republic of Turkey"],
    "TW": ["Republic of China", "Chinese Taipei"],
    "US": ["U.S.", "US", "U.S.A.", "USA", "America"],
    "VA": ["Vatican City", "Holy See", "Vatican City State"],
    "VC": ["St Vincent and the Grenadines", "St. Vincent and the Grenadines"],
    "VN": ["Viet Nam", "Socialist Republic of Vietnam"],
}

# Names whose comma is part of the name rather than an inverted "X, Y of" form.
COMMA_NAMES = {"Bonaire, Sint Eustatius and Saba", "Saint Helena, Ascension and Tristan da Cunha"}

# Aliases left out because they collide with common words or other names.
# "Jersey" alone would fire inside "New Jersey"; "Macedonia" also names a
# Greek region, but is kept since texts of the field use it for the state.
DROP_ALIASES = {"Jersey"}

# States and former states that pycountry does not list: (canonical, aliases).
EXTRA_STATES: list[tuple[str, list[str]]] = [
    ("kosovo", ["Kosovo", "Republic of Kosovo"]),
    ("soviet-union", ["Soviet Union", "USSR", "U.S.S.R."]),
]


def slug(text: str) -> str:
    """Lowercase ASCII id with words joined by hyphens."""
    ascii_text = ascii_fold(text).lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


# Letters that NFKD does not decompose into an ASCII base letter.
_NON_DECOMPOSING = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "ß": "ss"}
)


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_NON_DECOMPOSING))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def usable(name: str) -> str | None:
    """The name as it reads in running text, or None when it cannot be used."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    if name.lower().startswith("the "):
        name = name[4:]
    if not name or ("," in name and name not in COMMA_NAMES):
        return None
    return name


def variants(alias: str) -> list[str]:
    """The alias with its ASCII and apostrophe spellings."""
    out = [alias]
    folded = ascii_fold(alias)
    if folded != alias:
        out.append(folded)
    for form in list(out):
        if "'" in form:
            out.append(form.replace("'", "’"))
    return out


def entry_aliases(names: list[str]) -> list[str]:
    seen: set[str] = set()
    aliases: list[str] = []
    for name in names:
        cleaned = usable(name)
        if cleaned is None or cleaned in DROP_ALIASES:
            continue
        for form in variants(cleaned):
            if form not in seen:
                seen.add(form)
                aliases.append(form)
    return aliases


def build_rows() -> list[tuple[str, list[str]]]:
    rows: list[tuple[str, list[str]]] = []
    for country in pycountry.countries:
        code = country.alpha_2
        if code in SKIP:
            continue
        short = SHORT_NAMES.get(code) or getattr(country, "common_name", None) or country.name
        names = [
            short,
            country.name,
            getattr(country, "common_name", "") or "",
            getattr(country, "official_name", "") or "",
            *EXTRA_ALIASES.get(code, []),
        ]
        canonical = CANONICAL.get(code, slug(short))
        rows.append((canonical, entry_aliases(names)))
    for canonical, names in EXTRA_STATES:
        rows.append((canonical, entry_aliases(names)))
    rows.sort(key=lambda row: row[0])
    canonicals = [canonical for canonical, _ in rows]
    duplicates = {c for c in canonicals if canonicals.count(c) > 1}
    if duplicates:
        raise SystemExit(f"duplicate canonical ids: {sorted(duplicates)}")
    empty = [canonical for canonical, aliases in rows if not aliases]
    if empty:
        raise SystemExit(f"entries without a usable alias: {empty}")
    return rows


def render(rows: list[tuple[str, list[str]]]) -> str:
    lines = [
        "# States (ACTOR/state). Generated by tools/build_states_lexicon.py from",
        f"# pycountry {getattr(pycountry, '__version__', '')} and the alias tables in that script;",
        "# edit the script, not this file.",
        HEADER,
    ]
    for canonical, aliases in rows:
        lines.append("\t".join(["ACTOR", canonical, "state", "exact", "0", "|".join(aliases)]))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    rows = build_rows()
    output.write_text(render(rows), encoding="utf-8")
    print(f"wrote {len(rows)} states to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
