from __future__ import annotations

import pytest

from pipeline.patterns.renewal import article_renewals, find_renewal_mentions, season_refs
from pipeline.patterns.series import find_series, main_series, series_titles


def renewals(parse, text: str) -> list[tuple]:
    doc = parse(text)
    mentions = find_series(doc)
    found = find_renewal_mentions(doc, list(series_titles(mentions)), main_series(mentions))
    return [(m.series, m.season, m.network, m.polarity) for m in article_renewals(found)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Netflix has renewed Wayfarers for a third season.",
            ("Wayfarers", 3, "Netflix", "asserted"),
        ),
        ("HBO renews The Long Night for Season 4.", ("The Long Night", 4, "HBO", "asserted")),
        (
            '"Cold Harbor" has been renewed for season two at Hulu.',
            ("Cold Harbor", 2, "Hulu", "asserted"),
        ),
        (
            "Cold Harbor has been picked up for a second season by Peacock.",
            ("Cold Harbor", 2, "Peacock", "asserted"),
        ),
        (
            "Apple TV+ picked up Tidewater for Season 2, sources say.",
            ("Tidewater", 2, "Apple TV+", "hedged"),
        ),
        (
            "According to Deadline, Starz has renewed Ashfall for Season 3.",
            ("Ashfall", 3, "Starz", "hedged"),
        ),
        (
            "Ashfall has reportedly been renewed for Season 3 at Starz.",
            ("Ashfall", 3, "Starz", "hedged"),
        ),
        (
            "Ashfall has been renewed for Season 3 at Starz, per Variety.",
            ("Ashfall", 3, "Starz", "hedged"),
        ),
        (
            "Ashfall hasn't been renewed for Season 3 yet at Starz.",
            ("Ashfall", 3, "Starz", "negated"),
        ),
        (
            "There is no official greenlight for Ashfall Season 3 from Starz.",
            ("Ashfall", 3, "Starz", "negated"),
        ),
        (
            "Ashfall Season 3 Renewal Status\nFX has not renewed Ashfall.",
            ("Ashfall", 3, "FX", "negated"),
        ),
        (
            "CBS renewed Night Shift for a fifth season, Variety has learned.",
            ("Night Shift", 5, "CBS", "asserted"),
        ),
    ],
)
def test_renewal_forms(parse, text: str, expected: tuple) -> None:
    assert renewals(parse, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Has Netflix renewed Wayfarers for Season 2?",  # a question is not a claim
        "Wayfarers Season 2 Renewal Status",  # a heading naming a topic
        "The story picks up in Season 1 where it left off.",  # no season >= 2
        "Fans want a renewal, but nothing is known.",  # no season anywhere
    ],
)
def test_no_renewal(parse, text: str) -> None:
    assert renewals(parse, text) == []


def test_generic_subject_resolves_to_main_series(parse) -> None:
    text = 'Fans of "Dust Bowl" rejoice. The drama has been renewed for Season 2 by AMC.'
    assert renewals(parse, text) == [("Dust Bowl", 2, "AMC", "asserted")]


def test_one_claim_per_series_and_season_most_explicit_wins(parse) -> None:
    text = (
        "Renewal news arrived for Season 2 today.\n"
        "Netflix has renewed Wayfarers for Season 2.\n"
        "The Wayfarers Season 2 renewal was expected."
    )
    assert renewals(parse, text) == [("Wayfarers", 2, "Netflix", "asserted")]


def test_network_from_previous_sentence(parse) -> None:
    text = 'Hulu finally made a decision about "Cold Harbor". The series has been renewed for Season 2.'
    assert renewals(parse, text) == [("Cold Harbor", 2, "Hulu", "asserted")]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("a second season", [2]),
        ("Season 3 and season four", [3, 4]),
        ("SHOW S2", [2]),
        ("two seasons", []),
    ],
)
def test_season_refs(parse, text: str, numbers: list[int]) -> None:
    doc = parse(text)
    assert [r.number for r in season_refs(doc[:])] == numbers
