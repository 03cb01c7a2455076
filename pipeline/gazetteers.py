"""Loading of the versioned word lists under ``pipeline/data/`` (read once, cached)."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Organisation:
    name: str
    kind: str  # streamer, network, studio, outlet, company, agency, guild, review_site


def _data_lines(filename: str) -> list[str]:
    text = resources.files("pipeline.data").joinpath(filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def organisations() -> dict[str, Organisation]:
    """Surface form (name or alias) -> canonical organisation."""
    table: dict[str, Organisation] = {}
    rows = csv.reader(_data_lines("organisations.tsv")[1:], delimiter="\t")
    for row in rows:
        name, kind = row[0].strip(), row[1].strip()
        org = Organisation(name, kind)
        table[name] = org
        if len(row) > 2 and row[2].strip():
            for alias in row[2].split("|"):
                table.setdefault(alias.strip(), org)
    return table


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return frozenset(_data_lines("first_names.txt"))


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Honorifics and role titles, lower case, without a trailing period."""
    return frozenset(_data_lines("titles.txt"))


@lru_cache(maxsize=1)
def org_suffixes() -> frozenset[str]:
    return frozenset(_data_lines("org_suffixes.txt"))


def canonical_organisation(surface: str) -> Organisation | None:
    text = " ".join(surface.split())
    org = organisations().get(text)
    if org is None and text.lower().startswith("the "):
        org = organisations().get(text[4:])
    return org


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Strip accents so "Renée" matches "renee" and "Renee". Cached: names recur."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
