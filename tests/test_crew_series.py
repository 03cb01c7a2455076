from __future__ import annotations

import pytest

from pipeline.patterns.crew import find_crew
from pipeline.patterns.series import find_series, main_series


def crew(parse, text: str) -> list[tuple[str, str]]:
    doc = parse(text)
    return [(c.person.text, c.role) for c in find_crew(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The show is executive produced by Diane Lane, Omar Epps and Carla Gugino.",
            [
                ("Diane Lane", "executive_producer"),
                ("Omar Epps", "executive_producer"),
                ("Carla Gugino", "executive_producer"),
            ],
        ),
        ("It was created by Mara Brock Akil.", [("Mara Brock Akil", "creator")]),
        (
            "Lena Waithe serves as co-executive producer.",
            [("Lena Waithe", "co_executive_producer")],
        ),
        (
            "Paul Rudd and Tina Fey serve as showrunners.",
            [("Paul Rudd", "showrunner"), ("Tina Fey", "showrunner")],
        ),
        (
            '"We loved it," said Ava DuVernay, the series\' showrunner.',
            [("Ava DuVernay", "showrunner")],
        ),
        ("Showrunner Beau Willimon said the arc is done.", [("Beau Willimon", "showrunner")]),
    ],
)
def test_crew_roles(parse, text: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(crew(parse, text)) == sorted(expected)


def test_crew_short_forms(parse) -> None:
    text = "Written by Greta Lee and Mark Duplass. It is executive produced by Lee and Duplass."
    assert ("Lee", "executive_producer") in crew(parse, text)


def test_no_crew_without_role(parse) -> None:
    assert crew(parse, "Diane Lane and Omar Epps attended the premiere.") == []


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ('Netflix\'s "Night Agent" returns.', ["Night Agent"]),
        ("Fans of the Yellowstone universe rejoice.", ["Yellowstone"]),
        ("Hacks Season 4 is coming.", ["Hacks"]),
        ("HACKS S3 still image.", ["HACKS"]),
        (
            "The Yellowstone spinoff arrives; see Yellowstone: Legacy.",
            ["Yellowstone", "Yellowstone: Legacy"],
        ),
        ("Expect season 2 soon.", []),
        ('"This is incredible," she said.', []),
    ],
)
def test_series_titles(parse, text: str, titles: list[str]) -> None:
    assert sorted({m.span.text for m in find_series(parse(text))}) == titles


def test_main_series_is_best_supported(parse) -> None:
    doc = parse(
        'The "Dune" spinoff "Sand" was renewed. Sand Season 2 is coming. Sand Season 3 too.'
    )
    assert main_series(find_series(doc)) == "Sand"
