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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The series comes from creator Dana Holt.", {("Dana Holt", "creator")}),
        ("It is from [creator] Dana Holt and Netflix.", {("Dana Holt", "creator")}),
        (
            "A new story from creator and writer Dana Holt begins.",
            {("Dana Holt", "creator"), ("Dana Holt", "writer")},
        ),
        (
            "It has been developed, executive produced and written by Tom Reyes and Ana Lutz.",
            {
                (name, role)
                for name in ("Tom Reyes", "Ana Lutz")
                for role in ("developer", "executive_producer", "writer")
            },
        ),
        (
            "Tom Reyes and Ana Lutz will be back as co-showrunners for ten episodes.",
            {("Tom Reyes", "showrunner"), ("Ana Lutz", "showrunner")},
        ),
        (
            "Both will serve as executive producers along with Kim Park.",
            {("Kim Park", "executive_producer")},
        ),
        (
            "Tom Reyes, Ana Lutz and Kim Park created the series.",
            {("Tom Reyes", "creator"), ("Ana Lutz", "creator"), ("Kim Park", "creator")},
        ),
        (
            "Dana Holt wrote and directed the pilot.",
            {("Dana Holt", "writer"), ("Dana Holt", "director")},
        ),
        (
            "The writer-director Dana Holt is back.",
            {("Dana Holt", "writer"), ("Dana Holt", "director")},
        ),
    ],
)
def test_crew_shapes(default_parse, text: str, expected: set[tuple[str, str]]) -> None:
    doc = default_parse(text)
    assert {(c.person.text, c.role) for c in find_crew(doc)} == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dana Holt wrote on Instagram that she loved it.",  # no work written
        "The producer Dana Holt was on set.",  # plain producers are not crew claims
        "Fans have developed theories about the finale.",
    ],
)
def test_no_crew_credit(default_parse, text: str) -> None:
    doc = default_parse(text)
    assert find_crew(doc) == []
