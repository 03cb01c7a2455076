"""Title candidates: capitalised runs with connectors, quotes, organisations cut out, "and" splits."""

from __future__ import annotations

import pytest

from pipeline.patterns.titles import SPANS_KEY


def titles(parse, text: str) -> list[str]:
    doc = parse(text)
    return [span.text for span in doc.spans[SPANS_KEY]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We liked Those About to Die a lot.", ["Those About to Die"]),
        ("We watched The Horror of Dolores Roach last week.", ["The Horror of Dolores Roach"]),
        ("The Law & Order: Night Court spinoff is coming.", ["The Law & Order: Night Court"]),
        ("Critics loved Grey's Station last year.", ["Grey's Station"]),
        ("The reboot of 'Quiet Meadows' is here.", ["Quiet Meadows"]),
        ("NBC's Harbor Lights was a hit.", ["Harbor Lights"]),  # the network is cut out
        ("We love Roswell: Old Town on Netflix.", ["Roswell: Old Town"]),
        # one connector (plus an article) joins; an article before "The" starts a new title
        ("It is Two Of Us from the The Crossing team.", ["Two Of Us", "The Crossing"]),
    ],
)
def test_title_candidates(default_parse, text: str, expected: list[str]) -> None:
    assert titles(default_parse, text) == expected


def test_and_splits_when_a_part_stands_alone(default_parse) -> None:
    text = "We watched Riverside and Tidewater. Critics say Riverside is a drama."
    assert titles(default_parse, text)[:2] == ["Riverside", "Tidewater"]


def test_and_kept_inside_a_title_otherwise(default_parse) -> None:
    text = "We watched Beauty and the Brute again."
    assert titles(default_parse, text) == ["Beauty and the Brute"]


def test_headline_gives_quoted_titles_only(default_parse) -> None:
    text = "Peacock Renews 'Blue Meridian' And Two More Dramas\nThe renewal came today."
    assert titles(default_parse, text) == ["Blue Meridian"]


@pytest.mark.parametrize(
    "text",
    [
        "The show was renewed in May.",  # months are not titles
        "Netflix renewed it.",  # organisations are not titles
        "it was renewed on Monday.",
    ],
)
def test_not_titles(default_parse, text: str) -> None:
    assert titles(default_parse, text) == []
