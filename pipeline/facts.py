"""Facts: the claims of every article joined into one row per distinct fact, with how many
articles state it, how firmly, when, whether they disagree, and a resolved status.

A claim is one article's statement ("Ballard renewed for Season 2", hedged, in one article); a
fact is what all articles say about it together. Facts are derived from the claims table alone
(``build_facts``) and written beside it (``facts_path``), atomically, with the claims table's
SHA-256 in their metadata so that a stale facts file is noticed and rebuilt.

Facts interact (join, conflict, resolve) only within one series key, their group; the table
is ordered by fact type, then series key, so each group's facts of a type are one block of
rows. A run that changes the claims of a few articles builds again only the groups those
claims touch (``update_facts``) and keeps every other block as it was: the same table as a
rebuild, at a cost that follows the change, not the corpus.

Fact types and their keys (what makes two statements the same fact):

* ``renewal``: series, season (the network is compared, not keyed: articles that name different
  networks for one renewal are one fact with ``conflict``);
* ``cancellation``, ``order``: series (the last season of a cancellation is compared);
* ``premiere``: series, season, date;
* ``cast``: actor, character, series (a ``cast_member`` claim is a cast statement without a
  character);
* ``crew``: person, role, series.

A statement that leaves a key part open (a renewal without a season, a premiere without a date
or season, a cast list without the character) joins the one fact of the same series (and
person) that fills it in, when there is exactly one; otherwise it stays a fact of its own with
the part empty.

Names are joined by keys, not by their written form (see ``series_key``, ``name_key``,
``network_name``); the fact shows the form most articles write.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import arrays
from pipeline.claims import CREW_ROLES
from pipeline.gazetteers import fold

if TYPE_CHECKING:
    import pandas as pd

# Bump when the rules below change: a facts file of another version is rebuilt.
FACTS_VERSION = "2"  # 2: a statement without a series joins no fact of a series; order

# Facts of a series' status, keyed on the series they name (the claim's subject).
_STATUS_FACTS = ("renewal", "cancellation", "order", "premiere")
FACT_TYPES = (*_STATUS_FACTS, "cast", "crew")
# claim_type -> fact_type
_FACT_OF = {
    "renewal": "renewal",
    "cancellation": "cancellation",
    "order": "order",
    "premiere": "premiere",
    "cast": "cast",
    "cast_member": "cast",
    **{role: "crew" for role in CREW_ROLES},
}
CLAIM_COLUMNS = (
    "claim_id",
    "article_id",
    "article_date",
    "claim_type",
    "subject",
    "object",
    "series",
    "season",
    "polarity",
    "date_value",
    "date_granularity",
)

FACTS_SCHEMA = pa.schema(
    [
        pa.field("fact_id", pa.string(), nullable=False),
        pa.field("fact_type", pa.string(), nullable=False),
        pa.field("series", pa.string()),
        pa.field("season", pa.int64()),
        pa.field("network", pa.string()),
        pa.field("person", pa.string()),
        pa.field("character", pa.string()),
        pa.field("role", pa.string()),
        pa.field("date_value", pa.string()),
        pa.field("date_granularity", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("conflict", pa.bool_(), nullable=False),
        pa.field("conflict_reason", pa.string()),
        pa.field("n_articles", pa.int64(), nullable=False),
        pa.field("n_claims", pa.int64(), nullable=False),
        pa.field("n_asserted", pa.int64(), nullable=False),
        pa.field("n_hedged", pa.int64(), nullable=False),
        pa.field("n_negated", pa.int64(), nullable=False),
        pa.field("first_article_date", pa.string()),
        pa.field("last_article_date", pa.string()),
        pa.field("networks", pa.list_(pa.string()), nullable=False),
        pa.field("article_ids", pa.list_(pa.string()), nullable=False),
        pa.field("claim_ids", pa.list_(pa.string()), nullable=False),
    ]
)
FACT_COLUMNS = tuple(FACTS_SCHEMA.names)

# Status of a fact from the polarity of its statements: (any asserted, else any hedged, else
# only negated). Cross-fact rules (a later cancellation, a later renewal) come on top.
STATUS_WORDS = {
    "renewal": ("renewed", "reported", "pending"),
    "cancellation": ("cancelled", "reported", "denied"),
    "order": ("ordered", "reported", "denied"),
    "premiere": ("stated", "reported", "denied"),
    "cast": ("stated", "reported", "denied"),
    "crew": ("stated", "reported", "denied"),
}


# --- names -------------------------------------------------------------------------------------

_QUOTES = re.compile("[\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb\u2032]")
_NON_WORD = re.compile(r"[^\w+]+")


@lru_cache(maxsize=1 << 16)  # titles and names recur across articles
def series_key(title: str) -> str:
    """The join key of a series title: case, accents, quotes and punctuation ignored, "&" read
    as "and", a leading "The" dropped. "The Bosch: Legacy" and "'Bosch Legacy'" are one series;
    "Bosch" and "Bosch: Legacy" are two."""
    text = _QUOTES.sub("", fold(title).casefold()).replace("&", " and ")
    words = _NON_WORD.sub(" ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1 << 16)  # titles and names recur across articles
def name_key(name: str) -> str:
    """The join key of a person's or character's name: case, accents, spacing and periods
    ignored ("Renée Ballard" = "Renee Ballard"; "J.J. Abrams" = "J. J. Abrams")."""
    return " ".join(fold(name).casefold().replace(".", ". ").split())


@lru_cache(maxsize=1 << 16)  # titles and names recur across articles
def network_name(written: str | None) -> str | None:
    """A network or streamer as the gazetteer names it ("Amazon Prime Video" -> "Prime Video",
    "HBO Max" -> "Max", "CW" -> "The CW"); an unknown one as written."""
    if written is None or not written.strip():
        return None
    from pipeline.gazetteers import canonical_organisation

    org = canonical_organisation(written)
    return org.name if org is not None else " ".join(written.split())


# --- statements and facts ----------------------------------------------------------------------


class Statement(NamedTuple):
    """One claim, as a statement of a fact (a named tuple: facts are built from tens of
    thousands of them, and a frozen dataclass costs several times more to create)."""

    claim_id: str
    article_id: str
    article_date: str | None
    polarity: str
    series: str | None
    season: int | None
    network: str | None
    person: str | None
    character: str | None
    role: str | None
    date_value: str | None
    date_granularity: str | None


# The statement fields that a fact of each type can have (``_keyed_statements`` leaves the
# others None).
_GIVEN = {
    "renewal": {"series", "season", "network"},
    "cancellation": {"series", "season", "network"},
    "order": {"series", "network"},
    "premiere": {"series", "season", "date_value", "date_granularity"},
    "cast": {"series", "person", "character"},
    "crew": {"series", "person", "role"},
}


_ARTICLE_DATE, _ARTICLE_ID, _CLAIM_ID, _NETWORK, _POLARITY = (
    attrgetter(name) for name in ("article_date", "article_id", "claim_id", "network", "polarity")
)


@dataclass
class Fact:
    fact_type: str
    key: tuple
    statements: list[Statement] = field(default_factory=list)
    status: str = ""
    conflicts: list[str] = field(default_factory=list)

    # -- what the statements say together --
    def _most_common(self, attr: str, longest: bool = False) -> str | None:
        """The value most statements give (``longest``: among the names of most words, so
        "Ted Rawls" over "Ted")."""
        if attr not in _GIVEN[self.fact_type]:
            return None
        # Statements are in chronological order, and so are a Counter's keys (first seen
        # first): max() gives the most frequent value, ties to the one stated earliest. Stable.
        counts = Counter(map(attrgetter(attr), self.statements))
        counts.pop(None, None)
        if longest and counts:
            most = max(len(str(v).split()) for v in counts)
            counts = {v: n for v, n in counts.items() if len(str(v).split()) == most}
        return max(counts, key=counts.__getitem__) if counts else None

    @property
    def series(self) -> str | None:
        return self._most_common("series")

    @property
    def season(self) -> int | None:
        return self._most_common("season")

    @property
    def network(self) -> str | None:
        return self._most_common("network")

    def networks(self) -> list[str]:
        if "network" not in _GIVEN[self.fact_type]:
            return []
        return sorted(set(map(_NETWORK, self.statements)) - {None})

    def dates(self, polarities: Iterable[str] | None = None) -> list[str]:
        """The dates of the articles that state it (``polarities``: with these polarities)."""
        if polarities is None:
            dates = set(map(_ARTICLE_DATE, self.statements))
        else:
            wanted = set(polarities)
            dates = {s.article_date for s in self.statements if s.polarity in wanted}
        return sorted(dates - {None, ""})

    def count(self, polarity: str) -> int:
        return self._polarities[polarity]

    @cached_property
    def _polarities(self) -> Counter:
        # asked for several times per fact; a fact's statements are set when it is made
        return Counter(map(_POLARITY, self.statements))

    @property
    def affirmed(self) -> bool:
        return any(s.polarity != "negated" for s in self.statements)

    def last_affirmed_date(self) -> str | None:
        dates = self.dates(("asserted", "hedged"))
        return dates[-1] if dates else None

    def fact_id(self) -> str:
        key = "\x1f".join([self.fact_type, *(str(part) for part in self.key)])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def row(self) -> dict[str, object]:
        statements = self.statements
        articles = sorted(set(map(_ARTICLE_ID, statements)))
        dates = self.dates()
        premiere = self.fact_type == "premiere"
        return {
            "fact_id": self.fact_id(),
            "fact_type": self.fact_type,
            "series": self.series,
            "season": self.season,
            "network": self.network,
            "person": self._most_common("person"),
            "character": self._most_common("character", longest=True),
            "role": self._most_common("role"),
            "date_value": self._most_common("date_value") if premiere else None,
            "date_granularity": self._most_common("date_granularity") if premiere else None,
            "status": self.status,
            "conflict": bool(self.conflicts),
            "conflict_reason": "; ".join(sorted(set(self.conflicts))) or None,
            "n_articles": len(articles),
            "n_claims": len(statements),
            "n_asserted": self.count("asserted"),
            "n_hedged": self.count("hedged"),
            "n_negated": self.count("negated"),
            "first_article_date": dates[0] if dates else None,
            "last_article_date": dates[-1] if dates else None,
            "networks": self.networks(),
            "article_ids": articles,
            "claim_ids": sorted(map(_CLAIM_ID, statements)),
        }


def _chronological(s: Statement) -> tuple:
    return (s.article_date is None, s.article_date or "", s.article_id, s.claim_id)


# A named tuple made from a tuple of its fields without its generated __new__ (a Python
# function call per statement).
_new_statement = tuple.__new__


def _keyed_statements(rows: Iterable[tuple]) -> Iterator[tuple[str, tuple, Statement]]:
    """The statements of claim rows given as tuples of ``CLAIM_COLUMNS``, each with its fact
    type and key (what makes two statements the same fact: see the module docstring). Rows that
    state no fact, and status claims without a series, give none."""
    for (
        claim_id,
        article_id,
        article_date,
        claim_type,
        subject,
        obj,
        series,
        season,
        polarity,
        date_value,
        date_granularity,
    ) in rows:
        fact_type = _FACT_OF.get(claim_type)
        if fact_type is None:
            continue
        person = character = role = network = day = granularity = None
        if fact_type in _STATUS_FACTS:
            if subject is None:
                continue
            series = subject
            group = series_key(series)
            if fact_type == "renewal":
                network = network_name(obj)
                key: tuple = (group, season)
            elif fact_type == "premiere":
                day, granularity = date_value, date_granularity
                key = (group, season, day)
            else:
                network = network_name(obj)
                if fact_type == "order":
                    season = None
                key = (group,)
        else:
            season = None
            if claim_type == "cast_member":
                person, series = subject, series or obj
            elif claim_type == "cast":
                person, character = subject, obj
            else:
                person, role = subject, claim_type
            group = series_key(series) if series is not None else None
            person_key = name_key(person) if person is not None else None
            if fact_type == "cast":
                key = (person_key, name_key(character) if character is not None else None, group)
            else:
                key = (person_key, role, group)
        statement = _new_statement(
            Statement,
            (
                claim_id,
                article_id,
                article_date,
                polarity,
                series,
                season,
                network,
                person,
                character,
                role,
                day,
                granularity,
            ),
        )
        yield fact_type, key, statement


def _opt(key_fn, value):  # noqa: ANN001, ANN202
    return key_fn(value) if value is not None else None


# Key parts a statement may leave open (None): it then joins the one fact that fills them in.
_FILLABLE = {"renewal": (1,), "premiere": (1, 2), "cast": (1,)}


def _fill_open_parts(fact_type: str, keyed: dict[tuple, list[Statement]]) -> set[tuple]:
    """A statement with open key parts joins the only fact whose key fills them all in and
    agrees on every other part (the series included: a statement without a series joins only
    facts without one); with none or several such facts it stays on its own. A one-word
    character ("Ted") joins the one longer name of the same actor's character in the same
    series that contains the word ("Ted Rawls"). In place; returns the keys that others
    joined."""
    joined = _merge_short_characters(keyed) if fact_type == "cast" else set()
    fillable = _FILLABLE.get(fact_type, ())
    if not fillable:
        return joined
    # Complete keys by their parts that cannot be open: an open key looks at those that agree
    # with it there, not at every key (linear in the facts, not quadratic).
    fixed = [i for i in range(len(next(iter(keyed), ()))) if i not in fillable]
    complete: dict[tuple, list[tuple]] = defaultdict(list)
    opened = []
    for key in keyed:
        if all(key[i] is not None for i in fillable):
            complete[tuple(key[i] for i in fixed)].append(key)
        else:
            opened.append(key)
    for key in opened:
        given = [i for i in fillable if key[i] is not None]
        targets = [
            target
            for target in complete.get(tuple(key[i] for i in fixed), ())
            if all(key[i] == target[i] for i in given)
        ]
        if len(targets) == 1:
            keyed[targets[0]].extend(keyed.pop(key))
            joined.add(targets[0])
    return joined


def _merge_short_characters(keyed: dict[tuple, list[Statement]]) -> set[tuple]:
    joined = set()
    longer_names: dict[tuple, list[tuple]] = defaultdict(list)  # by (person, series)
    for key in keyed:
        if key[1] and " " in key[1]:
            longer_names[(key[0], key[2])].append(key)
    for key in [k for k in keyed if k[1] is not None and " " not in k[1]]:
        person, character, series = key
        longer = [k for k in longer_names.get((person, series), ()) if character in k[1].split()]
        if len(longer) == 1:
            keyed[longer[0]].extend(keyed.pop(key))
            joined.add(longer[0])
    return joined


def _polarity_status(fact: Fact) -> str:
    assertive, hedged, negated = STATUS_WORDS[fact.fact_type]
    if fact.count("asserted"):
        return assertive
    return hedged if fact.count("hedged") else negated


def _resolve(facts: list[Fact]) -> None:
    """Status and conflicts of every fact (rules in the README, "The facts table")."""
    by_series: dict[tuple[str, str | None], list[Fact]] = defaultdict(list)
    for fact in facts:
        fact.status = _polarity_status(fact)
        by_series[(fact.fact_type, _series_of(fact))].append(fact)
        if fact.fact_type in {"renewal", "cancellation", "order"} and len(fact.networks()) > 1:
            fact.conflicts.append(f"networks differ: {', '.join(fact.networks())}")
        if fact.fact_type == "cancellation":
            seasons = sorted({s.season for s in fact.statements if s.season is not None})
            if len(seasons) > 1:
                fact.conflicts.append(f"last seasons differ: {', '.join(str(n) for n in seasons)}")
        if fact.fact_type == "renewal" and fact.count("asserted") and fact.count("negated"):
            asserted = fact.dates(("asserted",))
            negated = fact.dates(("negated",))
            if asserted and negated and negated[-1] > asserted[-1]:
                fact.conflicts.append(f"a later article ({negated[-1]}) says it is not renewed")
    for (fact_type, series), renewals in by_series.items():
        if fact_type != "renewal" or series is None:
            continue
        for cancellation in by_series.get(("cancellation", series), []):
            for renewal in renewals:
                _renewal_vs_cancellation(renewal, cancellation)
    for (fact_type, series), premieres in by_series.items():
        if fact_type == "premiere" and series is not None:
            _premiere_dates(premieres)
    _recasts([f for f in facts if f.fact_type == "cast"])


def _series_of(fact: Fact) -> str | None:
    """The series key of a fact: the first key part of status and premiere facts, the last of
    cast and crew facts. Facts interact (join, conflict, resolve) only with facts of the same
    series key: the facts of one series key, their group, depend on its statements alone."""
    return fact.key[-1] if fact.fact_type in {"cast", "crew"} else fact.key[0]


def _renewal_vs_cancellation(renewal: Fact, cancellation: Fact) -> None:
    """A renewal for Season N and a cancellation of the same series. Consistent when the series
    ended with Season N or later, or the renewal gives no season and the cancellation does (it
    was renewed, then cancelled). Otherwise the later article
    decides: a later cancellation makes the renewal ``cancelled``, a later renewal makes the
    cancellation ``revived``; articles of the same or unknown dates are a conflict."""
    if not (renewal.affirmed and cancellation.affirmed):
        return
    last, season = cancellation.season, renewal.season
    if last is not None and (season is None or last >= season):
        return  # a renewal (for a season not stated, or up to the last) and then the end
    renewed_on, cancelled_on = renewal.last_affirmed_date(), cancellation.last_affirmed_date()
    if renewed_on and cancelled_on and renewed_on != cancelled_on:
        if cancelled_on > renewed_on:
            renewal.status = "cancelled"
        else:
            cancellation.status = "revived"
        return
    what = f"Season {season}" if season is not None else "a new season"
    ended = f" after Season {last}" if last is not None else ""
    reason = f"renewed for {what} and cancelled{ended}; which came later is unknown"
    renewal.conflicts.append(reason)
    cancellation.conflicts.append(reason)


def _compatible(a: Statement, b: Statement) -> bool:
    """Two premiere dates that can both be true: one contains the other ("2025-07" and
    "2025-07-09"), or a season or year of the same year."""
    x, y = a.date_value, b.date_value
    if x is None or y is None or x.startswith(y) or y.startswith(x):
        return True
    coarse = {"season", "year"}
    return x[:4] == y[:4] and (a.date_granularity in coarse or b.date_granularity in coarse)


def _premiere_dates(premieres: list[Fact]) -> None:
    by_season: dict[int | None, list[Fact]] = defaultdict(list)
    for fact in premieres:
        by_season[fact.key[1]].append(fact)
    for season, group in by_season.items():
        dated = [f for f in group if f.key[2] is not None]
        for fact in dated:
            other = [
                g.key[2]
                for g in dated
                if g is not fact and not _compatible(fact.statements[0], g.statements[0])
            ]
            if other:
                which = f"Season {season}" if season is not None else "the premiere"
                fact.conflicts.append(f"other dates for {which}: {', '.join(sorted(other))}")


def _recasts(casts: list[Fact]) -> None:
    """One character of one series played by different actors in different facts."""
    by_role: dict[tuple, list[Fact]] = defaultdict(list)
    for fact in casts:
        person, character, series = fact.key
        if character is not None and series is not None:
            by_role[(character, series)].append(fact)
    for group in by_role.values():
        if len(group) > 1:
            for fact in group:
                others = sorted(
                    {g._most_common("person") or "" for g in group if g is not fact} - {""}
                )
                fact.conflicts.append(f"also played by {', '.join(others)}")


def facts_from_rows(rows: Iterable[dict]) -> list[Fact]:
    """The facts of claim rows (dicts with ``CLAIM_COLUMNS``; ``article_date`` may be
    missing), resolved, in a stable order (type, series, season, ...)."""
    tuples = [tuple(row.get(name) for name in CLAIM_COLUMNS) for row in rows]
    return _facts(sorted(tuples, key=_row_chronological))


def _row_chronological(row: tuple) -> tuple:
    # _chronological of a row of CLAIM_COLUMNS: article_date, article_id, claim_id
    return (row[2] is None, row[2] or "", row[1], row[0])


def _facts(rows: Iterable[tuple]) -> list[Fact]:
    """The facts of claim rows in chronological order (``_chronological``), resolved, in table
    order."""
    keyed: dict[str, dict[tuple, list[Statement]]] = {t: {} for t in FACT_TYPES}
    for fact_type, key, statement in _keyed_statements(rows):
        same = keyed[fact_type].get(key)
        if same is None:
            keyed[fact_type][key] = [statement]
        else:
            same.append(statement)
    facts: list[Fact] = []
    for fact_type in FACT_TYPES:
        # the lists are in row order, so chronological, unless statements of others joined
        for key in _fill_open_parts(fact_type, keyed[fact_type]):
            keyed[fact_type][key].sort(key=_chronological)
        for key, statements in keyed[fact_type].items():
            facts.append(Fact(fact_type, key, statements))
    _resolve(facts)
    return sorted(facts, key=lambda f: (*_block(f.fact_type, _series_of(f)), _sortable(f.key)))


def _block(fact_type: str, group: str | None) -> tuple:
    """Where a group's facts of one type stand in the table: by type, then series key (the
    facts of a group are one block of rows, so an update can replace it alone)."""
    return (FACT_TYPES.index(fact_type), _sortable((group,)))


def _sortable(key: tuple) -> tuple:
    # None last; numbers (seasons) as numbers: Season 2 before Season 15.
    return tuple(
        (part is None, part if isinstance(part, int) else 0, "" if part is None else str(part))
        for part in key
    )


# --- tables --------------------------------------------------------------------------------------


def facts_table(claims: pa.Table) -> pa.Table:
    """The facts of a claims table (Arrow), as an Arrow table with ``FACTS_SCHEMA``."""
    import pyarrow.compute as pc

    rows = _fact_rows(claims)
    # chronological (_chronological), sorted in Arrow: nulls last, strings by code point
    order = [(n, "ascending", "at_end") for n in ("article_date", "article_id", "claim_id")]
    rows = rows.take(
        pc.sort_indices(rows, sort_keys=[k for k in order if k[0] in rows.column_names])
    )
    columns = [
        rows[name].to_pylist() if name in rows.column_names else [None] * rows.num_rows
        for name in CLAIM_COLUMNS  # a table of an earlier version may lack article_date
    ]
    facts = _facts(zip(*columns, strict=True))
    rows = [f.row() for f in facts]
    # not Table.from_pylist: see pipeline.arrays
    return arrays.table({name: [r[name] for r in rows] for name in FACT_COLUMNS}, FACTS_SCHEMA)


def _group_column(claims: pa.Table) -> pa.ChunkedArray:
    """The series as written that each claim row's statement is keyed on (null: none): the
    subject of status claims, the series of cast and crew claims (of a cast list claim, else
    its object), as ``_keyed_statements`` takes it, over whole columns. Rows that state no fact give
    null too: filter them out first."""
    import pyarrow.compute as pc

    kind = claims["claim_type"]
    status = pc.is_in(kind, value_set=arrays.strings(_STATUS_FACTS))
    listed = pc.is_in(kind, value_set=arrays.strings(["cast_member"]))
    series = pc.if_else(listed, pc.coalesce(claims["series"], claims["object"]), claims["series"])
    return pc.if_else(status, claims["subject"], series)


def _fact_rows(claims: pa.Table) -> pa.Table:
    import pyarrow.compute as pc

    wanted = arrays.strings(sorted(_FACT_OF))
    columns = [c for c in CLAIM_COLUMNS if c in claims.column_names]
    return claims.select(columns).filter(pc.is_in(claims["claim_type"], value_set=wanted))


def fact_groups(claims: pa.Table) -> set[str | None]:
    """The series keys (facts groups, see ``_series_of``) that claim rows state facts of; a
    facts table changes only in these groups when these rows come or go."""
    written = _group_column(_fact_rows(claims)).unique().to_pylist()
    return {_opt(series_key, title) for title in written}


def update_facts(previous: pa.Table, claims: pa.Table, groups: set[str | None]) -> pa.Table:
    """The facts of ``claims``, given ``previous``, the facts of a claims table that differs
    from ``claims`` only in rows of the series keys ``groups`` (:func:`fact_groups` of the rows
    removed and added). The same table as ``facts_table(claims)``, built from the statements
    of those groups alone: the rows of every other group are taken from ``previous``."""
    import pyarrow.compute as pc

    rows = _fact_rows(claims)
    written = _group_column(rows)
    titles = [t for t in written.unique().to_pylist() if t is not None]
    touched = arrays.strings([t for t in titles if series_key(t) in groups])
    mask = pc.is_in(written, value_set=touched)  # false, not null, on a null
    if None in groups:
        mask = pc.or_(mask, pc.is_null(written))
    fresh = facts_table(rows.filter(mask))
    kept_rows = [
        i
        for i, title in enumerate(previous["series"].to_pylist())
        if _opt(series_key, title) not in groups
    ]
    merged = pa.concat_tables([previous.take(arrays.indices(kept_rows)), fresh])
    types = merged["fact_type"].to_pylist()
    blocks = [
        _block(kind, _opt(series_key, title))
        for kind, title in zip(types, merged["series"].to_pylist(), strict=True)
    ]
    # A stable sort by block: each block comes whole from one of the two, in its own order.
    order = sorted(range(merged.num_rows), key=blocks.__getitem__)
    return merged.take(arrays.indices(order)).combine_chunks()


def build_facts(claims: pd.DataFrame | pa.Table) -> pd.DataFrame:
    """The facts of a claims table (as read with ``pd.read_parquet``, or Arrow) as a DataFrame
    with the facts table's columns and dtypes."""
    table = claims if isinstance(claims, pa.Table) else pa.Table.from_pandas(claims)
    return facts_frame(facts_table(table))


def facts_frame(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas()
    return frame.astype({"season": "Int64"} | {c: "string" for c in _STRING_COLUMNS})


_STRING_COLUMNS = [f.name for f in FACTS_SCHEMA if pa.types.is_string(f.type)]


def facts_path(claims_path: Path) -> Path:
    """Where the facts of a claims table live: ``facts.parquet`` beside ``claims.parquet``;
    ``NAME.facts.parquet`` beside a table with any other name ``NAME.parquet``."""
    claims_path = Path(claims_path)
    if claims_path.name == "claims.parquet":
        return claims_path.with_name("facts.parquet")
    return claims_path.with_name(f"{claims_path.stem}.facts.parquet")


def _metadata(claims_sha256: str) -> dict[bytes, bytes]:
    return {
        b"tv_claims_sha256": claims_sha256.encode(),
        b"tv_facts_version": FACTS_VERSION.encode(),
    }


def facts_current(path: Path, claims_sha256: str) -> bool:
    """Whether the facts file at ``path`` was built from the claims table with this hash by
    these rules."""
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException):
        return False
    return metadata == {**metadata, **_metadata(claims_sha256)}


@dataclass(frozen=True)
class FactsUpdate:
    """How a claims table changed, so that its facts can be updated instead of rebuilt."""

    previous_sha256: str  # the claims table before the change
    groups: frozenset[str | None]  # fact_groups() of the rows removed and of those added


def claims_facts(
    claims_path: Path, update: FactsUpdate | None = None, claims: pa.Table | None = None
) -> pa.Table:
    """The facts of ``claims`` (else of the table at ``claims_path``): with ``update``, when the
    facts file there is that of the table before the change, that file with only the groups
    that changed built again (the same table as a rebuild); otherwise every fact is built."""
    from pipeline.dataset import column_names, read

    previous = None
    if update is not None:
        previous = _readable_facts(facts_path(claims_path), update.previous_sha256)
    if claims is None:
        present = set(column_names(claims_path))
        claims = read(claims_path, columns=[c for c in CLAIM_COLUMNS if c in present])
    if previous is not None:
        return update_facts(previous, claims, set(update.groups))
    return facts_table(claims)


def store_facts(claims_path: Path, facts: pa.Table, claims_sha256: str) -> int:
    """Write ``facts`` atomically as the facts of the claims table at ``claims_path``, whose
    SHA-256 is ``claims_sha256``; returns the number of facts."""
    from pipeline.claims import atomic_file

    table = facts.replace_schema_metadata(_metadata(claims_sha256))
    with atomic_file(facts_path(claims_path)) as tmp:
        pq.write_table(table, tmp)
    return table.num_rows


def _readable_facts(path: Path, claims_sha256: str) -> pa.Table | None:
    """The facts file at ``path`` if it was built from the claims table with this hash by these
    rules and reads as one; else None."""
    if not facts_current(path, claims_sha256):
        return None
    try:
        table = pq.ParquetFile(path).read()
    except (OSError, pa.ArrowException):
        return None
    if table.schema.remove_metadata() != FACTS_SCHEMA:
        return None
    # the schema exactly: Parquet names a list's values "element", Arrow "item"
    return table.cast(FACTS_SCHEMA)


def read_facts(path: Path) -> pd.DataFrame:
    """A facts file as a DataFrame (the same as ``pd.read_parquet``, with nullable dtypes)."""
    return facts_frame(pq.ParquetFile(path).read())


# --- reading them ------------------------------------------------------------------------------


def select_facts(
    facts: pd.DataFrame,
    fact_type: str | None = None,
    series: str | None = None,
    conflicts_only: bool = False,
) -> pd.DataFrame:
    """Facts of one type and/or one series (matched by ``series_key``: the exact series when
    there is one, else every series whose key contains the words given)."""
    if fact_type is not None:
        facts = facts[facts["fact_type"] == fact_type]
    if series is not None:
        wanted = series_key(series)
        keys = facts["series"].map(lambda s: series_key(s) if isinstance(s, str) else "")
        exact = keys == wanted
        if exact.any():
            facts = facts[exact]
        else:
            pattern = re.compile(rf"(?:^| ){re.escape(wanted)}(?: |$)")
            facts = facts[keys.map(lambda k: bool(wanted) and bool(pattern.search(k)))]
    if conflicts_only:
        facts = facts[facts["conflict"]]
    return facts


def describe_fact(fact: object) -> str:
    """One fact (a row of the facts table) as a line of text."""
    get = fact._asdict() if hasattr(fact, "_asdict") else dict(fact)  # type: ignore[arg-type]
    has = {k: _given(v) for k, v in get.items() if k not in _LIST_COLUMNS}
    series = get["series"] if has["series"] else "(no series)"
    season = f" Season {get['season']}" if has["season"] else ""
    kind = get["fact_type"]
    if kind in {"renewal", "order"}:
        what = f"{series}{season}"
    elif kind == "cancellation":
        what = f"{series}" + (f" (ends with Season {get['season']})" if has["season"] else "")
    elif kind == "premiere":
        date = get["date_value"] if has["date_value"] else "(date not given)"
        what = f"{series}{season} premieres {date}"
    elif kind == "cast":
        character = f" as {get['character']}" if has["character"] else ""
        what = f"{series}: {get['person']}{character}"
    else:
        role = str(get["role"]).replace("co_", "co-").replace("_", " ")
        what = f"{series}: {get['person']}, {role}"
    if has["network"]:
        what += f" - {get['network']}"
    counts = ", ".join(
        f"{get[f'n_{p}']} {p}" for p in ("asserted", "hedged", "negated") if get[f"n_{p}"]
    )
    articles = get["n_articles"]
    when = ""
    if has["first_article_date"]:
        first, last = get["first_article_date"], get["last_article_date"]
        when = f", {first}" if first == last else f", {first} to {last}"
    line = (
        f"{what}: {get['status']} ({articles} article{'s' if articles != 1 else ''}{when}; "
        f"statements: {counts})"
    )
    if get["conflict"]:
        line += f"\n    ! conflict: {get['conflict_reason']}"
    return line


_LIST_COLUMNS = {f.name for f in FACTS_SCHEMA if pa.types.is_list(f.type)}


def _given(value: object) -> bool:
    """Not None, pandas' NA or NaN."""
    if value is None or isinstance(value, float) and value != value:
        return False
    return type(value).__name__ != "NAType"


_BOARD_TYPES = ("cancellation", "renewal", "order")  # on the same latest date, in this order


def status_board(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per series with a renewal, cancellation or order fact: its latest status (the
    fact stated most recently, by last article date; undated facts count as oldest; on the
    same date a cancellation before a renewal before an order, then the higher season), that
    fact's season and network (else the network most of the series' facts name), the number
    of articles behind all of them, and their conflicts."""
    import pandas as pd

    status = facts[facts["fact_type"].isin(_BOARD_TYPES)]
    rows = []
    keys = status["series"].map(series_key)
    for _, group in status.groupby(keys, sort=True):
        ranked = sorted(
            group.itertuples(index=False),
            key=lambda f: (
                _given(f.last_article_date),
                f.last_article_date if _given(f.last_article_date) else "",
                -_BOARD_TYPES.index(f.fact_type),
                f.season if _given(f.season) else -1,
            ),
        )
        latest = ranked[-1]
        networks = Counter(f.network for f in ranked if _given(f.network))
        articles = {a for f in ranked for a in f.article_ids}
        reasons = sorted({f.conflict_reason for f in ranked if f.conflict})
        rows.append(
            {
                "series": Counter(f.series for f in ranked).most_common(1)[0][0],
                "status": latest.status,
                "season": latest.season if _given(latest.season) else None,
                "network": latest.network
                if _given(latest.network)
                else (networks.most_common(1)[0][0] if networks else None),
                "latest_fact": latest.fact_type,
                "last_article_date": latest.last_article_date
                if _given(latest.last_article_date)
                else None,
                "n_articles": len(articles),
                "conflict": bool(reasons),
                "conflict_reason": "; ".join(reasons) or None,
            }
        )
    columns = [
        "series",
        "status",
        "season",
        "network",
        "latest_fact",
        "last_article_date",
        "n_articles",
        "conflict",
        "conflict_reason",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype(
        {"season": "Int64", "n_articles": "int64", "conflict": "bool"}
        | {c: "string" for c in columns if c not in {"season", "n_articles", "conflict"}}
    )
