"""Facts: claims joined across articles (pipeline/facts.py), on hand-written claim rows, and the
facts file a run writes beside the claims table."""

from __future__ import annotations

import itertools
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import arrays
from pipeline.claims import POLARITIES, TABLE_SCHEMA
from pipeline.cli import main
from pipeline.facts import (
    _FILLABLE,
    FACT_COLUMNS,
    FACTS_SCHEMA,
    _fill_open_parts,
    build_facts,
    describe_fact,
    fact_groups,
    facts_from_rows,
    facts_path,
    facts_table,
    name_key,
    network_name,
    read_facts,
    select_facts,
    series_key,
    status_board,
    update_facts,
)
from pipeline.run import run

_ids = itertools.count()


def claim(
    claim_type: str,
    subject: str,
    obj: str | None = None,
    *,
    article: str = "a1",
    date: str | None = None,
    series: str | None = None,
    season: int | None = None,
    polarity: str = "asserted",
    date_value: str | None = None,
    granularity: str | None = None,
) -> dict:
    return {
        "claim_id": f"c{next(_ids):04d}",
        "article_id": article,
        "article_date": date,
        "claim_type": claim_type,
        "subject": subject,
        "object": obj,
        "series": series,
        "season": season,
        "polarity": polarity,
        "date_value": date_value,
        "date_granularity": granularity,
    }


def only(facts, fact_type: str):
    chosen = [f for f in facts if f.fact_type == fact_type]
    assert len(chosen) == 1, [f.row() for f in chosen]
    return chosen[0]


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Night Ferry", "Night Ferry"),
        ("'Night Ferry'", "\u201cNight Ferry\u201d"),
        ("Rope & Anchor: Tides", "Rope and Anchor - Tides"),
        ("CAFÉ NOIR", "Cafe Noir"),
    ],
)
def test_series_titles_that_join(a: str, b: str) -> None:
    assert series_key(a) == series_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Harbor", "Harbor: Legacy"), ("The Others", "Others Too"), ("Ash", "Ashes")]
)
def test_series_titles_that_stay_apart(a: str, b: str) -> None:
    assert series_key(a) != series_key(b)


def test_a_title_that_is_only_the_word_the_keeps_it() -> None:
    assert series_key("The") == "the"


def test_people_join_by_full_name_only() -> None:
    assert name_key("Renée  Ballard") == name_key("renee ballard")
    assert name_key("J.J. Abrams") == name_key("J. J. Abrams")
    assert name_key("Ballard") != name_key("Renée Ballard")


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Amazon Prime Video", "Prime Video"),
        ("Prime Video", "Prime Video"),
        ("HBO Max", "Max"),
        ("Max", "Max"),
        ("CW", "The CW"),
        ("Some Local Channel", "Some Local Channel"),
        (None, None),
    ],
)
def test_network_names_come_from_the_gazetteer(written, canonical) -> None:
    assert network_name(written) == canonical


# --- joining statements into facts -------------------------------------------------------------


def test_one_renewal_stated_by_several_articles_is_one_fact() -> None:
    rows = [
        claim("renewal", "Night Ferry", "Prime Video", article="a", date="2025-03-01", season=2),
        claim(
            "renewal",
            "'Night Ferry'",
            "Amazon Prime Video",
            article="b",
            season=2,
            polarity="hedged",
        ),
        claim(
            "renewal",
            "The Night Ferry",
            "Prime Video",
            article="c",
            date="2025-02-01",
            season=2,
            polarity="negated",
        ),
        claim("renewal", "Night Ferry", None, article="d", date="2025-03-02", season=2),
    ]
    fact = only(facts_from_rows(rows), "renewal").row()
    assert fact["n_articles"] == 4 and fact["article_ids"] == ["a", "b", "c", "d"]
    assert (fact["n_asserted"], fact["n_hedged"], fact["n_negated"]) == (2, 1, 1)
    assert fact["series"] == "Night Ferry" and fact["season"] == 2
    assert fact["network"] == "Prime Video" and fact["networks"] == ["Prime Video"]
    # An asserted renewal outweighs an earlier "not renewed yet": renewed, no conflict.
    assert fact["status"] == "renewed" and not fact["conflict"]
    assert (fact["first_article_date"], fact["last_article_date"]) == ("2025-02-01", "2025-03-02")
    assert sorted(fact["claim_ids"]) == sorted(r["claim_id"] for r in rows)


@pytest.mark.parametrize(
    ("polarities", "status"),
    [
        (["asserted"], "renewed"),
        (["hedged", "negated"], "reported"),
        (["hedged"], "reported"),
        (["negated"], "pending"),
    ],
)
def test_renewal_status_from_how_firmly_it_is_stated(polarities, status) -> None:
    rows = [
        claim("renewal", "Glass Coast", article=f"a{i}", season=3, polarity=p)
        for i, p in enumerate(polarities)
    ]
    assert only(facts_from_rows(rows), "renewal").status == status


def test_a_later_not_renewed_report_is_a_conflict() -> None:
    rows = [
        claim("renewal", "Glass Coast", article="a", date="2025-01-01", season=3),
        claim(
            "renewal", "Glass Coast", article="b", date="2025-02-01", season=3, polarity="negated"
        ),
    ]
    fact = only(facts_from_rows(rows), "renewal")
    assert fact.status == "renewed"
    assert fact.conflicts == ["a later article (2025-02-01) says it is not renewed"]


def test_different_networks_for_one_renewal_are_a_conflict() -> None:
    rows = [
        claim("renewal", "Glass Coast", "NBC", article="a", season=3),
        claim("renewal", "Glass Coast", "NBC", article="b", season=3),
        claim("renewal", "Glass Coast", "Peacock", article="c", season=3),
    ]
    fact = only(facts_from_rows(rows), "renewal").row()
    assert fact["network"] == "NBC" and fact["networks"] == ["NBC", "Peacock"]
    assert fact["conflict"] and fact["conflict_reason"] == "networks differ: NBC, Peacock"


def test_renewals_for_different_seasons_are_different_facts() -> None:
    rows = [
        claim("renewal", "Glass Coast", article="a", season=2),
        claim("renewal", "Glass Coast", article="b", season=3),
    ]
    renewals = [f for f in facts_from_rows(rows) if f.fact_type == "renewal"]
    assert [f.season for f in renewals] == [2, 3]
    assert not any(f.conflicts for f in renewals)


def test_a_renewal_without_season_joins_the_only_season_stated() -> None:
    rows = [
        claim("renewal", "Glass Coast", article="a", season=2),
        claim("renewal", "Glass Coast", article="b"),
    ]
    assert only(facts_from_rows(rows), "renewal").row()["n_articles"] == 2


def test_a_renewal_without_season_stays_apart_when_two_seasons_are_stated() -> None:
    rows = [
        claim("renewal", "Glass Coast", article="a", season=2),
        claim("renewal", "Glass Coast", article="b", season=3),
        claim("renewal", "Glass Coast", article="c"),
    ]
    seasons = [f.season for f in facts_from_rows(rows) if f.fact_type == "renewal"]
    assert seasons == [2, 3, None]


@pytest.mark.parametrize(
    ("renewed", "cancelled", "last", "renewal_status", "cancellation_status", "conflict"),
    [
        # A later cancellation outweighs a renewal...
        ("2025-01-01", "2025-06-01", None, "cancelled", "cancelled", False),
        ("2025-01-01", "2025-06-01", 2, "cancelled", "cancelled", False),
        # ... a later renewal revives a cancelled series ...
        ("2025-06-01", "2025-01-01", None, "renewed", "revived", False),
        # ... a series that ended with the renewed season or later agrees with the renewal ...
        ("2025-01-01", "2025-06-01", 3, "renewed", "cancelled", False),
        ("2025-06-01", "2025-01-01", 4, "renewed", "cancelled", False),
        # ... and without dates nobody knows which came later.
        (None, None, 2, "renewed", "cancelled", True),
        ("2025-01-01", "2025-01-01", None, "renewed", "cancelled", True),
    ],
)
def test_renewal_against_cancellation(
    renewed, cancelled, last, renewal_status, cancellation_status, conflict
) -> None:
    rows = [
        claim("renewal", "Glass Coast", article="a", date=renewed, season=3),
        claim("cancellation", "Glass Coast", article="b", date=cancelled, season=last),
    ]
    facts = facts_from_rows(rows)
    renewal, cancellation = only(facts, "renewal"), only(facts, "cancellation")
    assert (renewal.status, cancellation.status) == (renewal_status, cancellation_status)
    assert bool(renewal.conflicts) == bool(cancellation.conflicts) == conflict


def test_a_renewal_without_season_agrees_with_a_cancellation_after_a_stated_season() -> None:
    rows = [
        claim("renewal", "Glass Coast", article="a"),
        claim("cancellation", "Glass Coast", article="a", season=5),
    ]
    facts = facts_from_rows(rows)
    assert not only(facts, "renewal").conflicts and only(facts, "renewal").status == "renewed"


def test_a_pending_renewal_does_not_argue_with_a_cancellation() -> None:
    rows = [
        claim("renewal", "Glass Coast", article="a", season=3, polarity="negated"),
        claim("cancellation", "Glass Coast", article="b"),
    ]
    facts = facts_from_rows(rows)
    assert not only(facts, "renewal").conflicts and not only(facts, "cancellation").conflicts


def test_cancellations_with_different_last_seasons_conflict() -> None:
    rows = [
        claim("cancellation", "Glass Coast", "Netflix", article="a", season=2),
        claim("cancellation", "Glass Coast", "Netflix", article="b", season=2),
        claim("cancellation", "Glass Coast", None, article="c", season=3),
    ]
    fact = only(facts_from_rows(rows), "cancellation").row()
    assert fact["season"] == 2 and fact["network"] == "Netflix"
    assert fact["conflict_reason"] == "last seasons differ: 2, 3"


def test_orders_join_by_series_and_compare_networks() -> None:
    rows = [
        claim("order", "Glass Coast", "HBO Max", article="a"),
        claim("order", "glass coast", "Max", article="b", polarity="hedged"),
    ]
    fact = only(facts_from_rows(rows), "order").row()
    assert fact["n_articles"] == 2 and fact["status"] == "ordered" and not fact["conflict"]


def test_premieres_join_by_series_season_and_date() -> None:
    rows = [
        claim(
            "premiere",
            "Glass Coast",
            article="a",
            season=1,
            date_value="2025-07-09",
            granularity="day",
        ),
        claim("premiere", "Glass Coast", article="b", date_value="2025-07-09", granularity="day"),
        claim("premiere", "Glass Coast", article="c", season=1),
        claim("premiere", "Glass Coast", article="d"),
    ]
    fact = only(facts_from_rows(rows), "premiere").row()
    assert fact["n_articles"] == 4 and fact["season"] == 1
    assert (fact["date_value"], fact["date_granularity"]) == ("2025-07-09", "day")


def test_premiere_dates_that_cannot_both_be_true_conflict() -> None:
    rows = [
        claim(
            "premiere",
            "Glass Coast",
            article="a",
            season=2,
            date_value="2025-07-09",
            granularity="day",
        ),
        claim(
            "premiere",
            "Glass Coast",
            article="b",
            season=2,
            date_value="2025-07",
            granularity="month",
        ),
        claim(
            "premiere",
            "Glass Coast",
            article="c",
            season=2,
            date_value="2025-09-01",
            granularity="day",
        ),
    ]
    premieres = {f.key[2]: f for f in facts_from_rows(rows)}
    assert premieres["2025-07"].conflicts == ["other dates for Season 2: 2025-09-01"]
    assert premieres["2025-07-09"].conflicts == ["other dates for Season 2: 2025-09-01"]
    assert premieres["2025-09-01"].conflicts == ["other dates for Season 2: 2025-07, 2025-07-09"]


def test_cast_joins_actor_character_and_series() -> None:
    rows = [
        claim("cast", "Dana Holt", "Mara Quinn", article="a", series="Glass Coast"),
        claim("cast", "Dana  Holt", "Mara Quinn", article="b", series="The Glass Coast"),
        claim("cast", "Dana Holt", "Mara", article="c", series="Glass Coast"),
        claim("cast_member", "Dana Holt", "Glass Coast", article="d", series="Glass Coast"),
    ]
    fact = only(facts_from_rows(rows), "cast").row()
    assert fact["n_articles"] == 4
    assert (fact["person"], fact["character"], fact["series"]) == (
        "Dana Holt",
        "Mara Quinn",
        "Glass Coast",
    )


def test_a_short_character_name_shared_by_two_full_names_stays_apart() -> None:
    rows = [
        claim("cast", "Dana Holt", "Mara Quinn", article="a", series="Glass Coast"),
        claim("cast", "Dana Holt", "Mara Vance", article="b", series="Glass Coast"),
        claim("cast", "Dana Holt", "Mara", article="c", series="Glass Coast"),
    ]
    assert len([f for f in facts_from_rows(rows) if f.fact_type == "cast"]) == 3


def test_one_character_played_by_two_actors_is_a_conflict() -> None:
    rows = [
        claim("cast", "Dana Holt", "Mara Quinn", article="a", series="Glass Coast"),
        claim("cast", "Rita Vale", "Mara Quinn", article="b", series="Glass Coast"),
        claim("cast", "Rita Vale", "Mara Quinn", article="c", series="Other Show"),
    ]
    conflicts = {(f.key[0], f.key[2]): f.conflicts for f in facts_from_rows(rows)}
    assert conflicts[("dana holt", "glass coast")] == ["also played by Rita Vale"]
    assert conflicts[("rita vale", "glass coast")] == ["also played by Dana Holt"]
    assert conflicts[("rita vale", "other show")] == []


def test_crew_facts_are_per_role() -> None:
    rows = [
        claim("creator", "Sam Reyes", "Glass Coast", article="a", series="Glass Coast"),
        claim("creator", "Sam Reyes", "Glass Coast", article="b", series="Glass Coast"),
        claim("showrunner", "Sam Reyes", "Glass Coast", article="b", series="Glass Coast"),
    ]
    crew = [f.row() for f in facts_from_rows(rows) if f.fact_type == "crew"]
    assert [(f["role"], f["n_articles"], f["status"]) for f in crew] == [
        ("creator", 2, "stated"),
        ("showrunner", 1, "stated"),
    ]


def test_a_cast_list_without_a_series_does_not_join_a_fact_of_some_series() -> None:
    rows = [
        claim("cast", "Dana Holt", "Mara Quinn", article="a", series="Glass Coast"),
        claim("cast_member", "Dana Holt", None, article="b"),
        claim("cast_member", "Dana Holt", "Glass Coast", article="c"),
    ]
    casts = {f.key: f.row()["n_articles"] for f in facts_from_rows(rows) if f.fact_type == "cast"}
    assert casts == {("dana holt", "mara quinn", "glass coast"): 2, ("dana holt", None, None): 1}


def _fill_open_parts_by_definition(fact_type: str, keyed: dict) -> None:
    """The joining rules of ``_fill_open_parts`` as its docstring states them, comparing every
    key with every other (quadratic): the reference for the indexed version."""
    if fact_type == "cast":
        for key in [k for k in keyed if k[1] is not None and " " not in k[1]]:
            longer = [
                k
                for k in keyed
                if (k[0], k[2]) == (key[0], key[2]) and k[1] and " " in k[1]
                if key[1] in k[1].split()
            ]
            if len(longer) == 1:
                keyed[longer[0]].extend(keyed.pop(key))
    fillable = _FILLABLE.get(fact_type, ())
    complete = [k for k in keyed if all(k[i] is not None for i in fillable)]
    for key in [k for k in keyed if any(k[i] is None for i in fillable)]:
        targets = [
            t
            for t in complete
            if all(p == t[i] or (p is None and i in fillable) for i, p in enumerate(key))
        ]
        if len(targets) == 1:
            keyed[targets[0]].extend(keyed.pop(key))


_PART = st.one_of(st.none(), st.sampled_from(["ann", "ann lee", "lee", "bo", "bo ann"]))
_KEYS = {
    "renewal": st.tuples(_PART, st.one_of(st.none(), st.integers(1, 3))),
    "premiere": st.tuples(_PART, st.one_of(st.none(), st.integers(1, 2)), _PART),
    "cast": st.tuples(_PART, _PART, _PART),
    "crew": st.tuples(_PART, _PART, _PART),
}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(_KEYS)).flatmap(lambda t: st.tuples(st.just(t), st.sets(_KEYS[t]))))
def test_open_key_parts_join_as_the_rules_say(typed_keys: tuple[str, set]) -> None:
    fact_type, keys = typed_keys
    indexed = {key: [key] for key in keys}
    reference = {key: [key] for key in keys}
    _fill_open_parts(fact_type, indexed)
    _fill_open_parts_by_definition(fact_type, reference)
    assert {k: sorted(v, key=repr) for k, v in indexed.items()} == {
        k: sorted(v, key=repr) for k, v in reference.items()
    }


def test_facts_cost_grows_linearly_with_the_corpus() -> None:
    """Joining statements compares each open key with the facts it could join, not with every
    fact: 8x the series costs about 8x (it was about 64x)."""
    import gc
    import time

    def corpus(series: int) -> list[dict]:
        rows = []
        for n in range(series):
            show = f"Show Number {n}"
            rows.append(claim("renewal", show, article=f"r{n}", season=2))
            rows.append(claim("renewal", show, article=f"s{n}"))
            for a in range(6):
                actor, role = f"Actor {n} Person {a}", f"Role {n} Char{a}"
                rows.append(claim("cast", actor, role, article=f"a{n}", series=show))
                rows.append(claim("cast", actor, f"Char{a}", article=f"b{n}", series=show))
                rows.append(claim("cast_member", actor, show, article=f"b{n}", series=show))
        return rows

    def cost(rows: list[dict]) -> float:
        best = float("inf")
        for _ in range(3):
            gc.collect()
            gc.disable()  # the collector's cost grows with the heap, not with these rules
            try:
                started = time.process_time()
                facts_from_rows(rows)
                best = min(best, time.process_time() - started)
            finally:
                gc.enable()
        return best

    small, large = corpus(40), corpus(320)
    facts_from_rows(small)  # warm the name caches
    assert cost(large) / cost(small) < 24


def test_facts_are_ordered_by_type_then_series() -> None:
    rows = [
        claim("cast", "Ann Lee", "Mara Quinn", article="a", series="Zeta"),
        claim("cast", "Zoe Park", "Ida Cole", article="b", series="Alpha"),
        claim("creator", "Sam Reyes", "Zeta", article="c", series="Zeta"),
        claim("renewal", "Zeta", article="d", season=2),
    ]
    order = [(f.fact_type, f.row()["series"], f.row()["person"]) for f in facts_from_rows(rows)]
    assert order == [
        ("renewal", "Zeta", None),
        ("cast", "Alpha", "Zoe Park"),
        ("cast", "Zeta", "Ann Lee"),
        ("crew", "Zeta", "Sam Reyes"),
    ]


# Small worlds, so that generated claims often share a series, a person or a character.
_SERIES = st.sampled_from(["Glass Coast", "the glass coast", "Night Ferry", "Zeta", None])
_PEOPLE = st.sampled_from(["Dana Holt", "Rita Vale", "dana holt"])
_CHARACTERS = st.sampled_from(["Mara Quinn", "Mara", "Ida Cole", None])


@st.composite
def _claim_rows(draw: st.DrawFn) -> dict:
    kind = draw(st.sampled_from(["renewal", "cancellation", "order", "premiere", "cast",
                                 "cast_member", "creator", "showrunner", "person"]))  # fmt: skip
    status = kind in {"renewal", "cancellation", "order", "premiere"}
    subject = draw(_SERIES.filter(bool)) if status else draw(_PEOPLE)
    if kind == "cast":
        obj = draw(_CHARACTERS)
    elif kind in {"renewal", "cancellation", "order"}:
        obj = draw(st.sampled_from(["Netflix", "HBO", None]))
    else:
        obj = draw(_SERIES)
    return claim(
        kind,
        subject,
        obj,
        article=draw(st.sampled_from("abcdef")),
        date=draw(st.sampled_from([None, "2025-01-02", "2025-03-04"])),
        series=None if status else draw(_SERIES),
        season=draw(st.sampled_from([None, 1, 2])),
        polarity=draw(st.sampled_from(POLARITIES)),
        date_value=draw(st.sampled_from([None, "2025-07", "2025-07-09", "2025-09-01"])),
        granularity="month",
    )


def _claims_table(rows: list[dict]) -> pa.Table:
    columns = {name: [row.get(name) for row in rows] for name in TABLE_SCHEMA.names}
    for name in ("sentence_start", "sentence_end", "char_start", "char_end", "confidence"):
        columns[name] = [0] * len(rows)
    for name in ("sentence", "evidence", "extractor"):
        columns[name] = [""] * len(rows)
    return arrays.table(columns, TABLE_SCHEMA)


@settings(max_examples=150, deadline=None)
@given(st.lists(_claim_rows(), max_size=30), st.sets(st.sampled_from("abcdef")),
       st.lists(_claim_rows(), max_size=8))  # fmt: skip
def test_an_update_equals_a_rebuild(rows: list[dict], dropped: set[str], added: list) -> None:
    """Removing some articles' claims and adding others changes the facts of the series keys
    they touch: updating those groups gives exactly the table a rebuild gives."""
    before = _claims_table(rows)
    for row in added:
        row["article_id"] = "new"
    kept = [row for row in rows if row["article_id"] not in dropped]
    after = _claims_table(kept + added)
    changed = [row for row in rows if row["article_id"] in dropped] + added
    groups = fact_groups(_claims_table(changed))
    assert update_facts(facts_table(before), after, groups).equals(facts_table(after))


def test_claims_that_are_not_facts_are_ignored() -> None:
    rows = [claim("person", "Sam Reyes"), claim("date", "July 9", date_value="2025-07-09")]
    assert facts_from_rows(rows) == []


def test_fact_ids_are_stable_and_order_is_deterministic() -> None:
    rows = [
        claim("renewal", "Zeta", article="a", season=15),
        claim("renewal", "Alpha", article="b", season=2),
        claim("renewal", "Alpha", article="c", season=10),
        claim("cancellation", "Beta", article="d"),
    ]
    first = [f.row() for f in facts_from_rows(rows)]
    second = [f.row() for f in facts_from_rows(list(reversed(rows)))]
    assert first == second
    assert [(f["fact_type"], f["series"], f["season"]) for f in first] == [
        ("renewal", "Alpha", 2),
        ("renewal", "Alpha", 10),
        ("renewal", "Zeta", 15),
        ("cancellation", "Beta", None),
    ]
    assert len({f["fact_id"] for f in first}) == 4


def test_build_facts_from_a_frame_has_the_schema_columns() -> None:
    import pandas as pd

    frame = pd.DataFrame([claim("renewal", "Glass Coast", "NBC", season=2)])
    facts = build_facts(frame)
    assert tuple(facts.columns) == FACT_COLUMNS
    assert str(facts["season"].dtype) == "Int64"


def test_describe_and_select() -> None:
    rows = [
        claim("renewal", "Glass Coast", "NBC", article="a", season=2, date="2025-01-02"),
        claim("renewal", "Glass Coast", "Peacock", article="b", season=2, polarity="hedged"),
        claim("cast", "Dana Holt", "Mara Quinn", article="a", series="Glass Coast Stories"),
    ]
    import pyarrow as pa

    facts = build_facts(pa.Table.from_pylist(rows))
    line = describe_fact(next(select_facts(facts, "renewal").itertuples(index=False)))
    assert line.startswith("Glass Coast Season 2 - NBC: renewed (2 articles, 2025-01-02; ")
    assert line.endswith("! conflict: networks differ: NBC, Peacock")
    assert len(select_facts(facts, series="the glass coast")) == 1  # exact series first
    assert len(select_facts(facts, series="coast")) == 2  # then every series with the words
    assert len(select_facts(facts, series="oast")) == 0
    assert len(select_facts(facts, conflicts_only=True)) == 1


# --- the facts file of a run -------------------------------------------------------------------

ARTICLES = {
    "first": " date 2025-03-01 Netflix has renewed Glass Coast for a second season.\n",
    "second": " date 2025-03-04 Glass Coast will return for Season 2 on Netflix.\n",
    "third": "Netflix has not yet renewed Glass Coast for a second season.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder, tmp_path / "out" / "claims.parquet"


def _run(folder: Path, table: Path, **kwargs):
    return run([folder], table, model="rules", progress=False, log=lambda m: None, **kwargs)


def test_a_run_writes_facts_beside_the_table(corpus) -> None:
    folder, table = corpus
    summary = _run(folder, table)
    path = facts_path(table)
    assert path == table.with_name("facts.parquet") and summary.facts
    assert pq.read_schema(path).remove_metadata() == FACTS_SCHEMA
    facts = read_facts(path)
    renewal = facts[facts["fact_type"] == "renewal"].iloc[0]
    assert renewal["series"] == "Glass Coast" and renewal["season"] == 2
    assert renewal["n_articles"] == 3 and renewal["status"] == "renewed"
    assert list(renewal["article_ids"]) == ["first", "second", "third"]
    claims = pq.read_table(table).to_pandas()
    assert set(renewal["claim_ids"]) <= set(claims["claim_id"])  # provenance back to claims
    assert claims.set_index("article_id")["article_date"].to_dict()["first"] == "2025-03-01"


def test_facts_are_idempotent_and_follow_the_table(corpus) -> None:
    folder, table = corpus
    _run(folder, table)
    path = facts_path(table)
    before = path.read_bytes()
    _run(folder, table, full=True)
    assert path.read_bytes() == before
    (folder / "third.txt").unlink()
    _run(folder, table)
    renewal = read_facts(path).query("fact_type == 'renewal'").iloc[0]
    assert renewal["n_articles"] == 2 and renewal["n_negated"] == 0


def test_a_missing_or_stale_facts_file_is_rebuilt_by_a_run_with_nothing_to_do(corpus) -> None:
    folder, table = corpus
    _run(folder, table)
    path = facts_path(table)
    expected = path.read_bytes()
    path.unlink()
    summary = _run(folder, table)
    assert not summary.wrote_table and summary.wrote_facts and path.read_bytes() == expected
    path.write_bytes(b"not parquet")
    assert _run(folder, table).wrote_facts and path.read_bytes() == expected
    assert not _run(folder, table).wrote_facts  # current: left alone


@pytest.mark.parametrize("dataset", [False, True], ids=["file", "dataset"])
def test_a_run_that_adds_an_article_updates_the_facts_of_its_series_only(
    corpus, monkeypatch, dataset: bool
) -> None:
    folder, table = corpus
    if dataset:
        table = table.parent / "claims"
    _run(folder, table, dataset=dataset)
    import pipeline.facts

    built_from: list[int] = []  # claim rows each facts build is given
    real = pipeline.facts.facts_table

    def spy(claims):  # noqa: ANN001, ANN202
        built_from.append(claims.num_rows)
        return real(claims)

    monkeypatch.setattr(pipeline.facts, "facts_table", spy)
    (folder / "fourth.txt").write_text("Hulu has cancelled Night Ferry after one season.\n")
    summary = _run(folder, table)
    assert summary.new == ["fourth"] and summary.wrote_facts
    assert built_from == [1]  # the Night Ferry cancellation, not the Glass Coast renewals
    updated = facts_path(table).read_bytes()
    monkeypatch.setattr(pipeline.facts, "facts_table", real)
    _run(folder, table, full=True)  # every fact built again
    assert facts_path(table).read_bytes() == updated
    (folder / "fourth.txt").unlink()
    monkeypatch.setattr(pipeline.facts, "facts_table", spy)
    built_from.clear()
    assert _run(folder, table).removed == ["fourth"]
    assert built_from == [0]  # Night Ferry has no facts left; Glass Coast's are kept
    assert [r["fact_type"] for r in pq.read_table(facts_path(table)).to_pylist()] == ["renewal"]


@pytest.mark.parametrize("dataset", [False, True], ids=["file", "dataset"])
def test_facts_follow_a_run_that_keeps_no_article(tmp_path: Path, dataset: bool) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    article = folder / "only.txt"
    article.write_text("Netflix has renewed Glass Coast for a second season.\n")
    table = tmp_path / ("claims" if dataset else "claims.parquet")
    _run(folder, table, dataset=dataset)
    article.write_text("Hulu has cancelled Night Ferry after one season.\n")
    assert _run(folder, table).changed == ["only"]
    facts = pq.read_table(facts_path(table)).to_pylist()
    assert [(f["fact_type"], f["series"]) for f in facts] == [("cancellation", "Night Ferry")]


def test_facts_are_rebuilt_when_the_facts_file_is_not_the_tables(corpus, monkeypatch) -> None:
    folder, table = corpus
    _run(folder, table)
    facts_path(table).unlink()  # e.g. deleted by hand: an update has nothing to start from
    (folder / "fourth.txt").write_text("Hulu has cancelled Night Ferry after one season.\n")
    assert _run(folder, table).wrote_facts
    kinds = sorted(r["fact_type"] for r in pq.read_table(facts_path(table)).to_pylist())
    assert kinds == ["cancellation", "renewal"]


def test_facts_of_a_table_with_another_name(tmp_path: Path, corpus) -> None:
    folder, _ = corpus
    table = tmp_path / "mine.parquet"
    _run(folder, table)
    assert (tmp_path / "mine.facts.parquet").is_file()


def test_facts_command(corpus, capsys) -> None:
    folder, table = corpus
    _run(folder, table)
    assert main(["facts", str(table), "--type", "renewal"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "renewal (1)"
    assert "Glass Coast Season 2 - Netflix: renewed (3 articles, 2025-03-01 to 2025-03-04;" in out
    assert main(["facts", str(facts_path(table)), "--series", "Nothing Like It"]) == 0
    assert "no facts match" in capsys.readouterr().err


def test_facts_command_without_facts(tmp_path: Path, capsys) -> None:
    assert main(["facts", str(tmp_path / "claims.parquet")]) == 2
    assert "no facts table at" in capsys.readouterr().err
    table = tmp_path / "t.parquet"
    table.write_bytes(b"x")
    assert main(["facts", str(table)]) == 2
    assert "no facts table beside" in capsys.readouterr().err
    broken = tmp_path / "facts.parquet"
    broken.write_bytes(b"x")
    assert main(["facts", str(broken)]) == 2
    assert "not a readable facts table" in capsys.readouterr().err


def test_status_board_has_one_row_per_series_with_its_latest_status() -> None:
    import pyarrow as pa

    rows = [
        claim("renewal", "Glass Coast", "NBC", article="a", date="2025-01-01", season=2),
        claim("renewal", "Glass Coast", "NBC", article="b", date="2025-02-01", season=2),
        claim("cancellation", "Glass Coast", "NBC", article="c", date="2025-09-01", season=2),
        claim("renewal", "Night Ferry", "Netflix", article="d", season=4, polarity="hedged"),
        claim("renewal", "Night Ferry", "Hulu", article="e", season=4),
        claim("order", "Paper Moons", None, article="f", date="2024-05-05"),
        claim("cast", "Dana Holt", "Mara Quinn", article="a", series="Glass Coast"),
    ]
    board = status_board(build_facts(pa.Table.from_pylist(rows))).set_index("series")
    assert list(board.index) == ["Glass Coast", "Night Ferry", "Paper Moons"]
    glass = board.loc["Glass Coast"]
    assert (glass["status"], glass["season"], glass["network"]) == ("cancelled", 2, "NBC")
    assert (glass["latest_fact"], glass["n_articles"]) == ("cancellation", 3)
    assert not glass["conflict"]
    ferry = board.loc["Night Ferry"]
    assert ferry["status"] == "renewed" and ferry["conflict"]
    assert ferry["conflict_reason"] == "networks differ: Hulu, Netflix"
    assert board.loc["Paper Moons", "status"] == "ordered"
