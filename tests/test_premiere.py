"""Premieres: the series from the parse (subject, possessor, "of" phrase), the date in the cue's
clause, the season stated. Sentences written for the tests."""

from __future__ import annotations

import pytest

from pipeline.article import parse_article
from pipeline.clean import clean_article


def premieres(default_nlp, text: str) -> set[tuple]:
    doc = parse_article(clean_article(text), default_nlp)
    return {(p.series, p.season, p.date.value) for p in doc._.tv_premiere}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Season 3 of Harbor Lights premieres on March 4, 2026.",
            {("Harbor Lights", 3, "2026-03-04")},
        ),
        (
            "Harbor Lights will return for its second season on June 12, 2025 on Hulu.",
            {("Harbor Lights", 2, "2025-06-12")},
        ),
        (
            "The premiere of Glass Houses is set for October 2024.",
            {("Glass Houses", None, "2024-10")},
        ),
        (
            " date 2025-02-01 Critics loved it. Glass Houses debuts on Netflix in May.",
            {("Glass Houses", None, "2025-05")},
        ),
        (
            # a relative clause on the title
            "Critics loved Ashfall. As for Glass Houses, which will have its second season bow "
            "on May 5, 2026, its future is unclear.",
            {("Glass Houses", 2, "2026-05-05")},
        ),
    ],
)
def test_premieres(default_nlp, text: str, expected: set[tuple]) -> None:
    assert premieres(default_nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will Glass Houses premiere in May 2025?",  # a question
        "Glass Houses premiered to strong reviews.",  # no time stated
        "Glass Houses debuted last year on Hulu.",  # no date to count "last year" from
        "Glass Houses will end on June 16, 2025 with the airing of its final episode.",
    ],
)
def test_no_premiere(default_nlp, text: str) -> None:
    assert premieres(default_nlp, text) == set()
