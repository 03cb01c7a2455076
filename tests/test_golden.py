"""Golden files for the five seed articles, plus the facts the seeds must yield.

The golden YAML files (tests/test_golden/<article>.yml) were read row by row against the
articles before being locked; regenerate with ``--force-regen`` only after an intended change,
and read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.article import extract_claims
from pipeline.clean import read_article
from pipeline.nlp import model_label

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def seed_claims(default_nlp):
    label = model_label("default")
    return {
        path.stem: extract_claims(path.stem, read_article(path), default_nlp, label)
        for path in SEED_FILES
    }


def compact(claim) -> dict:
    row = {
        "type": claim.claim_type,
        "subject": claim.subject,
        "object": claim.object,
        "evidence": claim.evidence,
        "at": [claim.char_start, claim.char_end],
    }
    if claim.season is not None:
        row["season"] = claim.season
    if claim.polarity != "asserted":
        row["polarity"] = claim.polarity
    if claim.date_text is not None:
        row["date"] = [claim.date_text, claim.date_value, claim.date_granularity]
    return row


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_golden(path: Path, seed_claims, data_regression) -> None:
    claims = seed_claims[path.stem]
    data_regression.check(
        {"article": path.stem, "claims": [compact(c) for c in claims]}, basename=path.stem
    )


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_evidence_slices_original_file(path: Path, seed_claims) -> None:
    raw = path.read_text(encoding="utf-8-sig")
    for claim in seed_claims[path.stem]:
        assert raw[claim.char_start : claim.char_end] == claim.evidence
        assert claim.sentence_start <= claim.char_start < claim.char_end <= claim.sentence_end


def _pairs(seed_claims, article: str) -> set[tuple[str, str]]:
    return {(c.subject, c.object) for c in seed_claims[article] if c.claim_type == "cast"}


def test_seed_cast_pairs(seed_claims) -> None:
    assert {
        ("Maggie Q", "Renée Ballard"),
        ("Jack Meade Mullarkey", "Harry Bosch"),
        ("Michael Mosley", "Ted"),
        ("Amy Hill", "Tutu"),
        ("Rebecca Field", "Colleen"),
        ("Victoria Moroles", "Martina"),
        ("John Carroll Lynch", "Thomas Laffont"),
        ("Courtney Taylor", "Samira Parker"),
    } <= _pairs(seed_claims, "000_baf54e3baea198ff")
    assert {
        ("Maggie Q", "Renée Ballard"),
        ("Titus Welliver", "Harry Bosch"),
        ("Courtney Taylor", "Samira Parker"),
        ("Michael Mosley", "Ted Rawls"),
        ("John Carroll Lynch", "Thomas Laffont"),
    } == _pairs(seed_claims, "001_93639ea190f95b3f")
    assert {
        ("Maggie Q", "Renée Ballard"),
        ("Courtney Taylor", "Samira Parker"),
        ("Titus Welliver", "Harry Bosch"),
        ("Michael Mosley", "Ted Rawls"),
        ("John Carroll Lynch", "Thomas Laffont"),
    } == _pairs(seed_claims, "002_d15b7e49a716ec34")
    assert {("Maggie Q", "Renée Ballard"), ("Titus Welliver", "Harry Bosch")} == _pairs(
        seed_claims, "003_a9128cfb42cb4c1d"
    )
    assert {("Maggie Q", "Renée Ballard")} == _pairs(seed_claims, "004_6d18b66b3ba4f032")


def test_seed_renewals(seed_claims) -> None:
    renewals = {
        article: [
            (c.subject, c.season, c.object, c.polarity) for c in claims if c.claim_type == "renewal"
        ]
        for article, claims in seed_claims.items()
    }
    assert renewals == {
        "000_baf54e3baea198ff": [("Ballard", 2, "Prime Video", "asserted")],
        "001_93639ea190f95b3f": [("Ballard", 2, "Prime Video", "hedged")],  # "According to TVLine"
        "002_d15b7e49a716ec34": [
            ("Ballard", 2, "Prime Video", "negated")
        ],  # "hasn't dropped the official greenlight yet"
        "003_a9128cfb42cb4c1d": [
            ("Ballard", 2, "Amazon Prime Video", "asserted")
        ],  # "Variety has learned"; the network as this article names it
        "004_6d18b66b3ba4f032": [
            ("Ballard", 2, "Prime Video", "hedged")
        ],  # ", per a Deadline exclusive"
    }


def test_seed_characters_are_never_people(seed_claims) -> None:
    for claims in seed_claims.values():
        characters = {c.subject for c in claims if c.claim_type == "character"}
        people = {c.subject for c in claims if c.claim_type == "person"}
        assert not characters & people
        assert (
            not {"Renée Ballard", "Harry Bosch", "Ted Rawls", "Samira Parker", "Thomas Laffont"}
            & people
        )


def test_seed_article_dates(seed_claims) -> None:
    dates = {article: {c.article_date for c in claims} for article, claims in seed_claims.items()}
    assert dates == {
        "000_baf54e3baea198ff": {"2025-10-04"},  # the byline "- Oct 4" with the article's year
        "001_93639ea190f95b3f": {"2025-10-07"},  # the "date" line
        "002_d15b7e49a716ec34": {None},
        "003_a9128cfb42cb4c1d": {None},
        "004_6d18b66b3ba4f032": {"2025-10-05"},
    }


def test_seed_renewal_statements_are_one_fact(seed_claims) -> None:
    from pipeline.facts import facts_from_rows

    rows = [c.row() for claims in seed_claims.values() for c in claims]
    renewals = [f.row() for f in facts_from_rows(rows) if f.fact_type == "renewal"]
    assert len(renewals) == 1
    ballard = renewals[0]
    assert (ballard["series"], ballard["season"], ballard["network"]) == (
        "Ballard",
        2,
        "Prime Video",
    )
    assert ballard["n_articles"] == 5 and ballard["status"] == "renewed"
    assert (ballard["n_asserted"], ballard["n_hedged"], ballard["n_negated"]) == (2, 2, 1)
    assert not ballard["conflict"]
