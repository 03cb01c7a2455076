"""Date normalisation: grammar, anchoring, false positives, and never-crash properties."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline.dates as dates_module
from pipeline.dates import (
    DateContext,
    DateMention,
    article_date_context,
    find_dates,
    parse_declared_date,
)

ANCHOR = date(2024, 3, 14)  # a Thursday
ANCHORED = DateContext(anchor=ANCHOR, default_year=ANCHOR.year)
NO_CONTEXT = DateContext(anchor=None, default_year=None)
YEAR_ONLY = DateContext(anchor=None, default_year=2022)

VALUE_BY_GRANULARITY = {
    "day": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    "month": re.compile(r"[0-9]{4}-[0-9]{2}"),
    "year": re.compile(r"[0-9]{4}"),
    "season": re.compile(r"[0-9]{4}-(?:SP|SU|FA|WI)"),
}


def found(text: str, context: DateContext = ANCHORED) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.value, m.granularity) for m in find_dates(text, context)]


def check_invariants(text: str, mentions: list[DateMention]) -> None:
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.text == text[m.start : m.end]
        assert m.start >= previous_end, "mentions overlap or are not sorted"
        previous_end = m.end
        assert m.granularity in VALUE_BY_GRANULARITY
        if m.value is not None:
            assert VALUE_BY_GRANULARITY[m.granularity].fullmatch(m.value), m


# --- parse_declared_date --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01", date(2024, 5, 1)),
        ("  2023-12-31 ", date(2023, 12, 31)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2023-02-29", None),
        ("2024-13-01", None),
        ("2024-5-1", None),
        ("May 1, 2024", None),
        ("", None),
        ("date", None),
    ],
)
def test_parse_declared_date(text: str, expected: date | None) -> None:
    assert parse_declared_date(text) == expected


# --- article_date_context -------------------------------------------------------------------

BODY_ONE_YEAR = "It debuted on March 3, 2023 and returns in fall 2023 after a short break."
BODY_TWO_YEARS = "The comedy ran from 2018 to 2021 before a quiet revival."


@pytest.mark.parametrize(
    ("declared", "byline", "body", "anchor", "default_year"),
    [
        # A declared date wins over everything else.
        (date(2024, 5, 1), "Jun 2", BODY_TWO_YEARS, date(2024, 5, 1), 2024),
        # A year-less byline takes the body's single distinct year, in either order.
        (None, "Jun 2", BODY_ONE_YEAR, date(2023, 6, 2), 2023),
        (None, "June 2", BODY_ONE_YEAR, date(2023, 6, 2), 2023),
        (None, "2 June", BODY_ONE_YEAR, date(2023, 6, 2), 2023),
        (None, "Jun. 2nd", BODY_ONE_YEAR, date(2023, 6, 2), 2023),
        # Two distinct body years: no way to choose, so no anchor and no default year.
        (None, "Jun 2", BODY_TWO_YEARS, None, None),
        (None, "Jun 2", "No years in this one, only in July.", None, None),
        # A byline with its own year needs nothing from the body.
        (None, "June 2, 2022", BODY_TWO_YEARS, date(2022, 6, 2), 2022),
        (None, "2 June 2022", BODY_ONE_YEAR, date(2022, 6, 2), 2022),
        # A count is not a year: only 2023 is an explicit date year here.
        (
            None,
            "Jun 2",
            "It grew to 2020 episodes after its March 3, 2023 debut.",
            date(2023, 6, 2),
            2023,
        ),
        # Feb 29 only exists in leap years.
        (None, "Feb 29", "It was renewed in 2024.", date(2024, 2, 29), 2024),
        (None, "Feb 29", "It was renewed in 2023.", None, 2023),
        # No byline: the single body year becomes the default year, without an anchor.
        (None, None, "It premiered in May 2021 to modest ratings.", None, 2021),
        (None, None, BODY_TWO_YEARS, None, None),
        (None, None, "", None, None),
        (None, "Staff Writer", BODY_ONE_YEAR, None, 2023),
    ],
)
def test_article_date_context(
    declared: date | None,
    byline: str | None,
    body: str,
    anchor: date | None,
    default_year: int | None,
) -> None:
    assert article_date_context(declared, byline, body) == DateContext(anchor, default_year)


# --- find_dates: what is a date -------------------------------------------------------------

POSITIVE = [
    (
        "The pilot aired on August 3, 2021 to strong reviews.",
        [("August 3, 2021", "2021-08-03", "day")],
    ),
    ("Filming wrapped Aug. 30, 2023 in Atlanta.", [("Aug. 30, 2023", "2023-08-30", "day")]),
    ("Sept. 4, 2022 marked the finale.", [("Sept. 4, 2022", "2022-09-04", "day")]),
    ("It opened on 14 February 2019 in London.", [("14 February 2019", "2019-02-14", "day")]),
    ("The trailer dropped 2023-11-02, a Thursday.", [("2023-11-02", "2023-11-02", "day")]),
    ("Episodes stream from April 02, 2024.", [("April 02, 2024", "2024-04-02", "day")]),
    ("Its JUNE 1, 2024 launch was delayed.", [("JUNE 1, 2024", "2024-06-01", "day")]),
    ("Production resumes June 3rd.", [("June 3rd", "2024-06-03", "day")]),
    ("The panel is set for Nov 21 in Burbank.", [("Nov 21", "2024-11-21", "day")]),
    ("The cast reunited on the 5th of January.", [("5th of January", "2024-01-05", "day")]),
    ("Tickets go on sale 7 Dec at noon.", [("7 Dec", "2024-12-07", "day")]),
    ("Filming moves to Vancouver on 3/28/2024.", [("3/28/2024", "2024-03-28", "day")]),
    ("The UK premiere is 28/3/2024 on BBC One.", [("28/3/2024", "2024-03-28", "day")]),
    ("The spinoff was announced in October 2022.", [("October 2022", "2022-10", "month")]),
    ("It was shelved in early February 2020.", [("early February 2020", "2020-02", "month")]),
    ("Casting began back in January.", [("January", "2024-01", "month")]),
    # Same year as the anchor, with no guess of past versus future.
    ("The writers have been working since September.", [("September", "2024-09", "month")]),
    ("Expect the trailer by late April.", [("late April", "2024-04", "month")]),
    ("Reshoots are planned for mid-June.", [("mid-June", "2024-06", "month")]),
    ("In May, the network ordered six more scripts.", [("May", "2024-05", "month")]),
    (
        "It shot from June through August.",
        [("June", "2024-06", "month"), ("August", "2024-08", "month")],
    ),
    (
        "The shoot runs in June, July and August.",
        [
            ("June", "2024-06", "month"),
            ("July", "2024-07", "month"),
            ("August", "2024-08", "month"),
        ],
    ),
    (
        "It slipped from mid-2023 to December.",
        [("mid-2023", "2023", "year"), ("December", "2024-12", "month")],
    ),
    ("The show ran between 2011 and 2016.", [("2011", "2011", "year"), ("2016", "2016", "year")]),
    (
        "The comedy ran 2015\u20132019 on cable.",
        [("2015", "2015", "year"), ("2019", "2019", "year")],
    ),
    ("A revival is eyed for 2027.", [("2027", "2027", "year")]),
    ("Development stalled in mid-2022.", [("mid-2022", "2022", "year")]),
    ("The studio is targeting a 2026 release.", [("2026", "2026", "year")]),
    ("It became 2023\u2019s most-streamed drama.", [("2023", "2023", "year")]),
    ("The original film (1998) inspired it.", [("1998", "1998", "year")]),
    ("A return is expected in spring 2025.", [("spring 2025", "2025-SP", "season")]),
    ("Look for it in the autumn of 2024.", [("autumn of 2024", "2024-FA", "season")]),
    (
        "It could land in winter or spring 2025.",
        [("winter", "2025-WI", "season"), ("spring 2025", "2025-SP", "season")],
    ),
    ("Fall 2024 is the earliest window.", [("Fall 2024", "2024-FA", "season")]),
    ("Episodes air in the fall.", [("fall", None, "season")]),
    ("Shooting starts this summer.", [("this summer", "2024-SU", "season")]),
    ("It returns next spring.", [("next spring", "2025-SP", "season")]),
    ("Ratings dipped last summer.", [("last summer", "2023-SU", "season")]),
    ("The finale airs later this year.", [("later this year", "2024", "year")]),
    ("A decision is due early next year.", [("early next year", "2025", "year")]),
    ("The show was cancelled last year.", [("last year", "2023", "year")]),
    ("The pickup came by the end of the year.", [("the end of the year", "2024", "year")]),
    ("The trailer arrives next month.", [("next month", "2024-04", "month")]),
    (
        "The cast met yesterday and again today.",
        [("yesterday", "2024-03-13", "day"), ("today", "2024-03-14", "day")],
    ),
    ("Tomorrow, the first look drops.", [("Tomorrow", "2024-03-15", "day")]),
    # Mon 4 - Sun 10 March lies in one month: the finest granularity that holds all of it.
    ("The deal closed last week.", [("last week", "2024-03", "month")]),
    ("It premiered two years ago.", [("two years ago", "2022", "year")]),
    ("The pilot leaked 10 days ago.", [("10 days ago", "2024-03-04", "day")]),
    ("The reboot lands next March.", [("next March", "2025-03", "month")]),
    ("The network passed last November.", [("last November", "2023-11", "month")]),
    ("The show\u2019s renewal came May 6, 2024.", [("May 6, 2024", "2024-05-06", "day")]),
    ("The show's renewal came May 6, 2024.", [("May 6, 2024", "2024-05-06", "day")]),
    # An expression never spans a line break.
    ("It premiered in July\n2023 was a good year.", [("July", "2024-07", "month")]),
    ("It wrapped on Oct\n9 after delays.", []),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_finds_dates(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert found(text) == expected


NEGATIVE = [
    "You may want to rewatch the first season.",
    "Fans may be disappointed by the wait.",
    "May the best show win.",
    "Protesters march outside the studio.",
    "The March sisters return for a new arc.",
    "The reveal came in two seconds flat.",
    "It is renewed for a second season.",
    "Season 2 arrives with eight episodes.",
    "Season two is confirmed.",
    "It hit No. 1 on the streaming chart.",
    "It holds a 100% score on the review site.",
    "The tax credit was $22.3 million.",
    "The library grew to 2020 episodes.",
    "The budget rose to $2025 per episode.",
    "Production halted four months after the strike.",
    "Nine months later, it returned.",
    "More news will come in the coming months.",
    "Streaming is everywhere these days.",
    "Now the cast is back together.",
    "Today's TV market is crowded.",
    "Today\u2019s TV market is crowded.",
    "Doris Day starred in the original.",
    "The Summer I Turned Pretty ended its run.",
    "Shows fall apart without a good finale.",
    "The fall of the house shocked fans.",
    "He took a hard fall on set.",
    "Watch this fall apart in real time.",
    "USA Today broke the story.",
    "It was directed by June Carter.",
    "Over the next year the cast grew.",
    "His last summer on the show was rough.",
    "The premiere is 10/04/2025 or so.",
    "Spring-loaded twists keep coming.",
    "It ran for 1999 minutes in total.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_rejects_non_dates(text: str) -> None:
    assert found(text) == []


# --- find_dates: without an anchor, never today's clock ------------------------------------

NO_ANCHOR = [
    ("It returns next year.", [("next year", None, "year")]),
    ("It aired this year.", [("this year", None, "year")]),
    ("Filming began in July.", [("July", None, "month")]),
    ("It premiered on Oct 9.", [("Oct 9", None, "day")]),
    ("Shooting starts this fall.", [("this fall", None, "season")]),
    ("The trailer arrives next month.", [("next month", None, "month")]),
    ("The deal closed yesterday.", []),
    ("It dropped last week.", []),
    ("It premiered two years ago.", []),
    ("It premiered on May 2, 2022.", [("May 2, 2022", "2022-05-02", "day")]),
    ("It launches in summer 2027.", [("summer 2027", "2027-SU", "season")]),
]


@pytest.mark.parametrize(("text", "expected"), NO_ANCHOR)
def test_no_context_gives_no_year(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert found(text, NO_CONTEXT) == expected


DEFAULT_YEAR = [
    ("Filming began in July.", [("July", "2022-07", "month")]),
    ("It premiered on Oct 9.", [("Oct 9", "2022-10-09", "day")]),
    ("It aired this year.", [("this year", "2022", "year")]),
    ("It comes back this July.", [("this July", "2022-07", "month")]),
    # Anything counted from a day needs the anchor, not just a year.
    ("It returns next year.", [("next year", None, "year")]),
    ("Shooting starts this fall.", [("this fall", None, "season")]),
]


@pytest.mark.parametrize(("text", "expected"), DEFAULT_YEAR)
def test_default_year(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert found(text, YEAR_ONLY) == expected


def test_dateparser_always_gets_relative_base(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict] = []
    real_parse = dates_module.dateparser.parse

    def spy(text: str, **kwargs: object):
        calls.append(kwargs)
        return real_parse(text, **kwargs)

    monkeypatch.setattr(dates_module.dateparser, "parse", spy)
    dates_module._dateparser_day.cache_clear()
    try:
        assert found("It aired on Jan 30, 2019 and on Feb 2.", YEAR_ONLY) == [
            ("Jan 30, 2019", "2019-01-30", "day"),
            ("Feb 2", "2022-02-02", "day"),
        ]
        assert found("It aired on Jan 30, 2019 and on Feb 2.") == [
            ("Jan 30, 2019", "2019-01-30", "day"),
            ("Feb 2", "2024-02-02", "day"),
        ]
    finally:
        dates_module._dateparser_day.cache_clear()
    assert calls, "full dates must be parsed by dateparser"
    bases = {call["settings"]["RELATIVE_BASE"].date() for call in calls}  # type: ignore[index]
    assert bases <= {date(2019, 1, 1), date(2022, 1, 1), ANCHOR}


def test_invalid_calendar_dates_are_dropped() -> None:
    assert found("It aired on February 30, 2023 and 2023-02-29 and 31/4/2023.") == []


def test_offsets_point_into_the_original_text() -> None:
    text = "\u201cSoon\u201d \u2014 it\u2019s back on\u00a0July\u00a09, 2025,\nthen in fall 2026."
    mentions = find_dates(text, ANCHORED)
    check_invariants(text, mentions)
    assert [m.text for m in mentions] == ["July\u00a09, 2025", "fall 2026"]


# --- properties -----------------------------------------------------------------------------

FRAGMENTS = [
    "July 9, 2025",
    "Jul. 9",
    "9 July",
    "2025-07-09",
    "4/13/2025",
    "May",
    "may",
    "in May",
    "March",
    "in",
    "since",
    "mid-",
    "late",
    "2024",
    "1999",
    "to",
    "and",
    "or",
    "summer",
    "fall",
    "this",
    "next",
    "last",
    "year",
    "month",
    "week",
    "today",
    "today's",
    "ago",
    "two",
    "Season 2",
    "$",
    "%",
    "No. 1",
    ",",
    ".",
    "-",
    "\u2013",
    "\n",
    "'s",
    "\u2019s",
    "(",
    ")",
    "the",
    "of",
    "end",
    "Oct",
    "31",
    "0",
    "99",
    "2099",
    "1900",
    "Sept.",
    "winter",
    "spring",
]
CONTEXTS = st.one_of(
    st.just(NO_CONTEXT),
    st.builds(
        DateContext,
        st.one_of(st.none(), st.dates()),
        st.one_of(st.none(), st.integers(min_value=-5, max_value=20000)),
    ),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), CONTEXTS)
def test_any_text_never_crashes(text: str, context: DateContext) -> None:
    check_invariants(text, find_dates(text, context))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=14),
    st.lists(st.sampled_from([" ", "", "  ", "\t", ", "]), min_size=14, max_size=14),
    CONTEXTS,
)
def test_date_like_text_never_crashes(
    parts: list[str], gaps: list[str], context: DateContext
) -> None:
    text = "".join(part + gap for part, gap in zip(parts, gaps, strict=False))
    check_invariants(text, find_dates(text, context))


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60), st.text(max_size=200))
def test_article_context_never_crashes(byline: str, body: str) -> None:
    context = article_date_context(None, byline, body)
    if context.anchor is not None:
        assert context.default_year == context.anchor.year


# --- speed ----------------------------------------------------------------------------------


def test_ten_kilobytes_is_fast() -> None:
    sentences = [sentence for sentence, _ in POSITIVE] + NEGATIVE
    text = ""
    while len(text) < 10_000:
        text += " ".join(sentences) + "\n"
    text = text[:10_240]
    find_dates(text, ANCHORED)  # warm-up: dateparser loads its language data once
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        mentions = find_dates(text, ANCHORED)
        best = min(best, time.perf_counter() - started)
    assert len(mentions) > 50
    assert best < 0.05, f"find_dates took {best * 1000:.1f} ms on 10 KB"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Filming is set to begin in January.", "2026-01"),
        ("The next chapter will arrive in March.", "2026-03"),
        ("Production wrapped in January.", "2025-01"),  # past tense: same year as the article
        ("It will premiere on October 9.", "2025-10-09"),  # still ahead of the anchor: same year
        ("The finale aired on July 9.", "2025-07-09"),
    ],
)
def test_future_month_before_anchor_month_takes_next_year(sentence: str, value: str) -> None:
    context = DateContext(anchor=date(2025, 9, 18), default_year=2025)
    assert [m.value for m in find_dates(sentence, context)] == [value]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The streamer announced Thursday that it renewed the show.", [("Thursday", "2025-09-18")]),
        ("She told reporters on Saturday that nothing was decided.", [("Saturday", "2025-09-13")]),
        ("We spoke last Monday.", [("last Monday", "2025-09-15")]),
        ("The finale will air Sunday.", [("Sunday", "2025-09-21")]),
        ("It anchors the network's Thursday lineup.", []),
        ("It is appointment viewing on Thursday nights.", []),
        ("The trailer dropped on a Tuesday.", []),
        ("Thursdays are for comedies.", []),
    ],
)
def test_weekdays_resolve_against_anchor(sentence: str, expected: list[tuple[str, str]]) -> None:
    context = DateContext(anchor=date(2025, 9, 18), default_year=2025)  # a Thursday
    assert [(m.text, m.value) for m in find_dates(sentence, context)] == expected


def test_weekdays_need_an_anchor() -> None:
    assert (
        find_dates("The streamer announced Thursday.", DateContext(anchor=None, default_year=2025))
        == []
    )


ISO_VALUE = re.compile(r"[0-9]{4}(?:-(?:[0-9]{2}(?:-[0-9]{2})?|SP|SU|FA|WI))?")
EDGE_TEXT = (
    "It was announced Monday and airs on Saturday. Filming will begin in February. It returns "
    "next year, next month, next summer or this winter; it ended last week, yesterday, 3 days "
    "ago, 2 years ago, 5 months ago. It will start on January 3. Later this year, next March."
)


@pytest.mark.parametrize("anchor", [date(1, 1, 1), date(1, 1, 3), date(9999, 12, 31)])
def test_extreme_anchor_dates_never_overflow_and_stay_iso(anchor: date) -> None:
    # Issue 8, case 9: 0001-01-01 + a weekday raised OverflowError (the article was lost);
    # 9999-12-31 + "will begin in February" gave the non-ISO value "10000-02".
    mentions = find_dates(EDGE_TEXT, article_date_context(anchor, None, EDGE_TEXT))
    assert mentions
    for mention in mentions:
        assert mention.value is None or ISO_VALUE.fullmatch(mention.value), mention
