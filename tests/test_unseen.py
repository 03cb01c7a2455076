"""Articles nobody tuned the rules on (written independently for this test, other series and
networks): the default pipeline must still find their cast and renewal claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.clean import read_article
from pipeline.extract import extract_claims
from pipeline.gazetteers import fold

UNSEEN = Path(__file__).parent / "unseen"
EXPECTED = {
    k: v
    for k, v in json.loads((UNSEEN / "expected.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")
}


@pytest.fixture(scope="module")
def unseen_claims(default_nlp):
    return {
        stem: extract_claims(stem, read_article(UNSEEN / f"{stem}.txt"), default_nlp, "default")
        for stem in EXPECTED
        if not stem.startswith("_")
    }


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_unseen_renewal(stem: str, unseen_claims) -> None:
    want = EXPECTED[stem]["renewal"]
    got = [
        (c.subject, c.season, c.object, c.polarity)
        for c in unseen_claims[stem]
        if c.claim_type == "renewal"
    ]
    assert got == [(want["series"], want["season"], want["network"], want["polarity"])]


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_unseen_cast_pairs(stem: str, unseen_claims) -> None:
    want = {(fold(a), fold(c)) for a, c in EXPECTED[stem]["cast"]}
    got = {(fold(c.subject), fold(c.object)) for c in unseen_claims[stem] if c.claim_type == "cast"}
    assert got <= want, f"wrong cast pairs: {got - want}"
    assert len(got & want) >= len(want) - 1, f"missed: {want - got}"


def test_unseen_cast_recall_overall(unseen_claims) -> None:
    want = {(stem, fold(a), fold(c)) for stem in EXPECTED for a, c in EXPECTED[stem]["cast"]}
    got = {
        (stem, fold(c.subject), fold(c.object))
        for stem, claims in unseen_claims.items()
        for c in claims
        if c.claim_type == "cast"
    }
    assert len(got & want) / len(want) >= 0.9


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_unseen_characters_not_people(stem: str, unseen_claims) -> None:
    people = {fold(c.subject) for c in unseen_claims[stem] if c.claim_type == "person"}
    assert not people & {fold(ch) for ch in EXPECTED[stem]["characters"]}
