"""Season expressions: ordinals ("a 15th season"), counts ("after two seasons"), final seasons."""

from __future__ import annotations

import pytest
import spacy

from pipeline.patterns.seasons import season_refs

NLP = spacy.blank("en")


def refs(text: str) -> list[tuple]:
    doc = NLP(text)
    return [(r.number, r.kind, r.final, doc[r.start : r.end].text) for r in season_refs(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was renewed for a 15th season.", [(15, "ordinal", False, "15th season")]),
        ("Season two starts soon.", [(2, "ordinal", False, "Season two")]),
        ("It comes back for season 3.", [(3, "ordinal", False, "season 3")]),
        ("It got a second season.", [(2, "ordinal", False, "second season")]),
        ("The twelfth season was the best.", [(12, "ordinal", False, "twelfth season")]),
        ("It was picked up for seasons 4 and 5.", [(4, "ordinal", False, "seasons 4 and 5")]),
        (
            "Its fourth and final season airs now.",
            [(4, "ordinal", True, "fourth and final season")],
        ),
        ("Its final season airs now.", [(None, "ordinal", True, "final season")]),
        ("BRIGHTWATER S2 first look", [(2, "ordinal", False, "S2")]),
        ("Filming of series two has begun.", [(2, "ordinal", False, "series two")]),
        ("It was cancelled after two seasons.", [(2, "count", False, "two seasons")]),
        ("It ended after one season.", [(1, "count", False, "one season")]),
        ("It ends after a five-season run.", [(5, "count", False, "five-season")]),
        ("Hulu gave it a two-season order.", [(2, "count", False, "two-season")]),
        ("It was renewed for two more seasons.", [(2, "count", False, "two more seasons")]),
    ],
)
def test_season_expressions(text: str, expected: list[tuple]) -> None:
    assert refs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The 2013-2014 TV season was long.",
        "It landed its first series order.",  # an order for a show, not its season 1
        "Season 2013 was a record year.",  # a year
        "The season finale drew fans.",
        "Seasonal work is hard.",
        "It is a drama series One Night Only.",  # a title after "series", not Series 1
    ],
)
def test_not_season_expressions(text: str) -> None:
    assert refs(text) == []
