"""Date normalisation: find date expressions in article text and give each an ISO-8601 value.

Candidates come from a small regex grammar (not ``dateparser.search``, which is slow and finds
dates in "second", "now" or "may"); full dates are then parsed by ``dateparser`` and everything
coarser (months, years, seasons, relative phrases) is normalised by the tables below.

Values: ``YYYY-MM-DD`` (day), ``YYYY-MM`` (month), ``YYYY`` (year) or ``YYYY-SP|SU|FA|WI``
(season of the year). ``value`` is None when the year cannot be inferred.

The anchor (see :func:`article_date_context`) is the article's own date:

* a declared ``date YYYY-MM-DD`` line wins;
* else a byline date ("Oct 4", "4 Oct", "October 4, 2025"); a year-less byline takes its year
  from the body, but only if the body's explicit years (full dates, month + year, season + year,
  years in date context) are exactly one distinct year;
* else there is no anchor, and ``default_year`` is the body's single distinct explicit year.

Year-less expressions ("July 9", "in July", "this year") take the anchor's year, else
``default_year``; the one exception is a month already past at the anchor in a sentence about
the future ("set to begin in January" in a September article), which takes the next year.
Relative expressions that need a day or a month to count from ("next year", "this fall",
"yesterday", "last month") need the anchor; without one their value is None. The clock
(``date.today``) is never consulted: dateparser always gets ``RELATIVE_BASE`` from the anchor
(or from the year being parsed).

Weeks ("last week") have no granularity of their own: they get the month that holds the whole
Monday-Sunday week, else its year. Impossible calendar dates ("February 30, 2025") are dropped.

Deliberate rejections: "may"/"march"/"fall" as verbs (months need a capital and a date context,
seasons a year, a preposition or this/next/last), TV seasons ("Season 2"), durations ("three
months after", "the next year"), counts and money ("2025 episodes", "$2025"), "today's"
(present-day, not a day), capitalised seasons without a year (titles: "The Summer I Turned
Pretty"), and numeric dates that are ambiguous ("10/04/2025"; "13/4/2025" and "4/13/2025" are
accepted because only one reading is valid).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from pipeline.lexicon import MONTH_NAMES, NUMBER_WORDS

__all__ = [
    "DateContext",
    "DateMention",
    "article_date_context",
    "find_dates",
    "parse_declared_date",
]


@dataclass(frozen=True)
class DateContext:
    anchor: date | None  # the article's publication date when known
    default_year: int | None  # year for year-less expressions when there is no anchor


@dataclass(frozen=True)
class DateMention:
    start: int  # char offsets into the text passed to find_dates
    end: int
    text: str  # == text[start:end], the expression as written
    value: str | None  # ISO-8601 (see module docstring); None when the year is not inferable
    granularity: str  # "day" | "month" | "year" | "season"


# --- vocabulary -----------------------------------------------------------------------------

_MONTH_NAMES = list(MONTH_NAMES)
_ABBRS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
_MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3].lower(): i for i, name in enumerate(_MONTH_NAMES, 1)})
_MONTHS["sept"] = 9
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month; winter is named by its Dec
_SEASON_END = {"SP": 5, "SU": 8, "FA": 11, "WI": 14}  # last month, 14 = February of next year
_NUMBER_WORDS = {"a": 1, "an": 1, **NUMBER_WORDS}


def _cased(words: list[str]) -> str:
    """Title-case and upper-case spellings only: lower-case "may"/"march" are verbs."""
    spelled = {w.title() for w in words} | {w.upper() for w in words}
    return _alternation(spelled)


def _lower_or_cased(words: list[str]) -> str:
    return _alternation(set(words) | {w.title() for w in words} | {w.upper() for w in words})


def _alternation(words: set[str]) -> str:
    """Longest first, so that "Sept" is tried before "Sep" and "June" before "Jun"."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


_S = r"[ \t\u00a0\u2009\u202f]"  # space inside an expression: never a line break
_YEAR = r"(?:19|20)[0-9]{2}"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_APOS = r"['\u2019]"
_DASH = r"[-\u2013\u2014]"
# A number glued to currency, decimals, other digits or letters is not a date part.
_NUM_BEFORE = r"(?<![0-9A-Za-z_$\u00a3\u20ac#.,/:\-\u2013\u2014])"
# "in 2000 episodes", "to 2025 fans": a number followed by what it counts is not a year.
_COUNT_NOUNS = (
    r"(?:episodes?|eps|viewers?|people|votes?|subscribers?|fans|members|users|households|times"
    r"|copies|units|years?|months?|weeks?|days?|hours?|minutes?|seconds?|dollars|million"
    r"|billion|thousand|percent|pct|miles|feet|pounds|words|pages|points|homes|jobs|titles"
    r"|shows|series|films|movies|applicants|entries|students|employees|workers|customers"
    r"|readers|followers|streams|downloads|reviews|screens|theaters|theatres|stores)\b"
)
_NUM_AFTER = rf"(?![0-9A-Za-z_%]|[.,/:][0-9]|{_DASH}[0-9]|{_S}*%|{_S}+{_COUNT_NOUNS})"
# A year-less day may start a range ("July 9-10"), so a dash after it is fine.
_DAY_AFTER = rf"(?![0-9A-Za-z_%]|[.,/:][0-9]|{_S}*%|{_S}+{_COUNT_NOUNS})"
_MOD = r"(?:[Ee]arly|[Mm]id|[Ll]ate)"
_MOD_SEP = rf"(?:{_DASH}|{_S}+)"
_YEAR_PREP = (
    r"(?i:in|since|by|until|till|through|throughout|from|to|during|before|after|of|circa|around"
    r"|between|year|for|as\s+of)"
)
_MONTH_PREP = (
    r"(?i:in|since|by|until|till|through|throughout|from|to|during|before|after|of|between"
    r"|into|around)"
)
# "May" is also a name and a verb: only the clearest prepositions make it a month.
_MAY_PREPS = frozenset(
    {
        "in",
        "since",
        "by",
        "until",
        "till",
        "through",
        "throughout",
        "during",
        "before",
        "after",
        "from",
        "between",
    }
)
_SEASON_PREP = r"(?i:in|by|during|until|till|through|throughout|over|since)"
# Starts right after a word (the end of the date it links to); the lookbehind also keeps the
# leading spaces from being retried at every position of a long run of blanks.
_CONNECTOR = (
    rf"(?:(?<=[0-9A-Za-z.]),?{_S}*(?:\b(?:and|or|to|through|until|till|into)\b|&|/|{_DASH}){_S}*)"
)
_FALL_VERB = (
    r"(?:apart|down|off|over|through|flat|short|behind|into|out|back|under|victim|prey|asleep"
    r"|silent|ill|sick|foul|for|from|by|away)\b"
)
# "the next year" / "his last summer" are durations or possessions, not calendar references.
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "that",
        "each",
        "every",
        "whose",
        "this",
        "these",
        "those",
    }
)
_NOT_DAY_BEFORE = frozenset(
    {
        "season",
        "seasons",
        "episode",
        "episodes",
        "part",
        "no",
        "vol",
        "volume",
        "chapter",
    }
)


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    kind: str  # date | month | year | season | rel_* | ago_*; see _resolve
    granularity: str
    year: int | None = None  # the year as written, if any
    month: int | None = None
    day: int | None = None
    season: str | None = None
    shift: int = 0  # relative offset: next = +1, last = -1, "3 months ago" = -3
    order: str = "MDY"  # field order of numeric dates, for dateparser
    link: int = -1  # weak candidate: valid only if an accepted date ends exactly here


_Handler = Callable[[re.Match[str], str], Iterator[_Cand]]
_GRAMMAR: list[tuple[re.Pattern[str], _Handler]] = []


def _rule(pattern: str) -> Callable[[_Handler], _Handler]:
    r"""Register a handler for the matches of one token regex (compiled once, at import).

    Token regexes start with a literal word (a month, a season, a year...) so that ``re`` can
    skip quickly to candidates; the context around a token is read by the small anchored
    regexes below, forwards with ``match(text, end)`` and backwards with ``search`` ending in
    ``\Z`` at the token's start.
    """

    def register(handler: _Handler) -> _Handler:
        _GRAMMAR.append((re.compile(pattern), handler))
        return handler

    return register


def _at_word_start(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")


def _before(
    pattern: re.Pattern[str], text: str, start: int, reach: int = 40
) -> re.Match[str] | None:
    r"""``pattern`` (ending in ``\Z``) matched in the few characters right before ``start``."""
    return pattern.search(text, max(0, start - reach), start)


def _month_of(word: str) -> int:
    return _MONTHS[word.rstrip(".").lower()]


def _prev_word(text: str, pos: int) -> str:
    match = _PREV_WORD.search(text, max(0, pos - 30), pos)
    return match.group(1).lower() if match else ""


def _next_is_name(text: str, end: int) -> bool:
    """A capitalised word right after a bare month makes it a name ("by June Squibb")."""
    return _NAME_AFTER.match(text, end) is not None


_PREV_WORD = re.compile(r"([A-Za-z]+)\.?[ \t]*\Z")
_NAME_AFTER = re.compile(rf"{_S}+[A-Z][a-z]")
_WB = r"(?<![0-9A-Za-z_])"  # word start, for the backward regexes
_B_MOD = re.compile(rf"{_WB}(?P<mod>{_MOD}){_MOD_SEP}\Z")
_B_CONNECTOR = re.compile(rf"{_CONNECTOR}\Z")
_B_COMMA = re.compile(rf"(?<=[A-Za-z]),{_S}*\Z")
_B_RELATIVE = re.compile(rf"{_WB}(?P<rel>(?i:this{_S}+past|this{_S}+coming|this|next|last)){_S}+\Z")
_SHIFTS = {"this": 0, "next": 1, "last": -1, "past": -1, "coming": 1}


def _shift_of(rel: str) -> int:
    return _SHIFTS[rel.lower().split()[-1]]


# --- grammar: months (full dates, month + year, month alone) --------------------------------

_F_DAY_YEAR = re.compile(
    rf"{_S}+(?P<d>{_DAY}){_ORD}\b(?:{_S}*,{_S}*|{_S}+)(?:of{_S}+)?(?P<y>{_YEAR}){_NUM_AFTER}"
)
_F_DAY = re.compile(rf"{_S}+(?P<d>{_DAY}){_ORD}{_DAY_AFTER}")
_F_YEAR = re.compile(rf"(?:{_S}+of)?{_S}*,?{_S}*(?P<y>{_YEAR}){_NUM_AFTER}")
_F_COMMA_YEAR = re.compile(rf"(?:{_S}*,{_S}*|{_S}+)(?P<y>{_YEAR}){_NUM_AFTER}")
_B_DAY = re.compile(rf"{_NUM_BEFORE}(?P<d>{_DAY}){_ORD}{_S}+(?:of{_S}+)?\Z")
_B_MONTH_PREP = re.compile(
    rf"{_WB}(?P<prep>{_MONTH_PREP}){_S}+(?:(?i:the){_S}+)?(?:(?P<mod>{_MOD}){_MOD_SEP})?\Z"
)
_FULL_MONTHS = frozenset(n.lower() for n in _MONTH_NAMES)


@_rule(rf"(?P<mon>{_cased(_MONTH_NAMES + _ABBRS)})\b(?P<dot>\.)?")
def _month(m: re.Match[str], text: str) -> Iterator[_Cand]:
    start = m.start()
    if not _at_word_start(text, start):
        return
    word = m["mon"]
    full = word.lower() in _FULL_MONTHS
    # Abbreviations only where a day or a year follows; their period belongs to the expression.
    end = m.end("mon") if full else m.end()
    month = _month_of(word)
    if f := _F_DAY_YEAR.match(text, end):  # July 9, 2025
        yield _Cand(start, f.end(), "date", "day", int(f["y"]), month, int(f["d"]))
    elif f := _F_DAY.match(text, end):  # July 9 (year from context)
        yield _Cand(start, f.end(), "date", "day", None, month, int(f["d"]))
    b = _before(_B_DAY, text, start)
    if b and _prev_word(text, b.start()) not in _NOT_DAY_BEFORE:  # 9 July (2025)
        f = _F_COMMA_YEAR.match(text, end)
        year = int(f["y"]) if f else None
        yield _Cand(
            b.start(), f.end() if f else end, "date", "day", year, month, int(b["d"]), order="DMY"
        )
    mod = _before(_B_MOD, text, start)
    if f := _F_YEAR.match(text, end):  # May 2024, mid-September 2025
        yield _Cand(mod.start() if mod else start, f.end(), "month", "month", int(f["y"]), month)
    if not full or _next_is_name(text, m.end("mon")):
        return
    end = m.end("mon")
    # A bare month needs a preposition or early/mid/late before it ("back in July", "late
    # August"); "May" only after the clearest prepositions. No name may follow ("by June Diane").
    prep = _before(_B_MONTH_PREP, text, start)
    if prep and (prep["mod"] or word.lower() != "may" or prep["prep"].lower() in _MAY_PREPS):
        yield _Cand(prep.start("mod") if prep["mod"] else start, end, "month", "month", None, month)
    elif mod:
        yield _Cand(mod.start(), end, "month", "month", None, month)
    if (rel := _before(_B_RELATIVE, text, start)) and _prev_word(text, rel.start()) not in (
        _DETERMINERS
    ):
        yield _Cand(
            rel.start(), end, "rel_monthname", "month", None, month, shift=_shift_of(rel["rel"])
        )
    # "in June, July or August": a month is a date because the one before it is; never "May"
    # after a bare comma ("In July, May said").
    link = _before(_B_CONNECTOR, text, start)
    if link is None and word.lower() != "may":
        link = _before(_B_COMMA, text, start)
    if link:
        yield _Cand(start, end, "month", "month", None, month, link=link.start())


# --- grammar: years and numeric dates -------------------------------------------------------

_F_ISO = re.compile(r"-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3][0-9])(?![0-9A-Za-z_]|[.,/:\-][0-9])")
_B_NUMERIC = re.compile(r"(?<![0-9A-Za-z_$.,/:\-])(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/\Z")
_F_RANGE = re.compile(
    rf"{_S}*(?:{_DASH}|(?:to|through|until|till|and|or){_S}+)(?P<y>{_YEAR}){_NUM_AFTER}"
)
_F_NUM_AFTER = re.compile(_NUM_AFTER)
_F_NUMERIC_END = re.compile(r"(?![0-9A-Za-z_]|[./][0-9])")
_B_YEAR_PREP = re.compile(
    rf"{_WB}(?P<prep>{_YEAR_PREP}){_S}+(?:(?i:the){_S}+(?:(?i:year){_S}+)?)?\Z"
)
_F_YEAR_NOUN = re.compile(
    rf"{_APOS}s\b|{_S}+(?:window|releases?|premieres?|debut|slate|schedule|launch|line-?up"
    rf"|upfronts?|season|finale|return|Emmys?|Oscars|Golden{_S}+Globes|awards|ceremony"
    rf"|(?:Winter{_S}+|Summer{_S}+)?Olympics)\b"
)
_GLUED_BEFORE = frozenset("0123456789$\u00a3\u20ac#.,/:-\u2013\u2014_")


@_rule(r"(?:19|20)[0-9]{2}")
def _year(m: re.Match[str], text: str) -> Iterator[_Cand]:
    start, end = m.start(), m.end()
    year = int(m.group())
    if not _at_word_start(text, start):
        return
    if f := _F_ISO.match(text, end):  # 2025-07-09
        if start == 0 or text[start - 1] not in _GLUED_BEFORE:
            yield _Cand(start, f.end(), "date", "day", year, int(f["m"]), int(f["d"]), order="YMD")
        return
    if (b := _before(_B_NUMERIC, text, start)) and _F_NUMERIC_END.match(text, end):
        x, y = int(b["a"]), int(b["b"])
        # Only readings that cannot be swapped: 4/13/2025 (US) or 13/4/2025 (day first).
        if 1 <= x <= 12 < y <= 31 or x == y <= 12:
            yield _Cand(b.start(), end, "date", "day", year, x, y, order="MDY")
        elif 1 <= y <= 12 < x <= 31:
            yield _Cand(b.start(), end, "date", "day", year, y, x, order="DMY")
        return
    glued = start > 0 and text[start - 1] in _GLUED_BEFORE
    if not glued and (f := _F_RANGE.match(text, end)):  # 2014 to 2021, 2019-2022
        yield _Cand(start, end, "year", "year", year)
        yield _Cand(f.start("y"), f.end(), "year", "year", int(f["y"]))
    if not _F_NUM_AFTER.match(text, end):
        return  # 2025%, 2025.5, 2025 episodes
    if mod := _before(_B_MOD, text, start):  # mid-2024, late 2025
        yield _Cand(mod.start(), end, "year", "year", year)
        return
    if glued:
        return  # $2025, No.2025, 1/2025
    if (
        _before(_B_YEAR_PREP, text, start)  # in 2026, since 2014, the year 2000
        or _F_YEAR_NOUN.match(text, end)  # 2026 window, 2025's best
        or (start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")")  # Bosch (2014)
    ):
        yield _Cand(start, end, "year", "year", year)
    elif link := _before(_B_CONNECTOR, text, start):  # in 2014 and 2021
        yield _Cand(start, end, "year", "year", year, link=link.start())


# --- grammar: seasons of the year -----------------------------------------------------------

_F_SEASON_YEAR = re.compile(rf"(?:{_S}+of)?{_S}*,?{_S}*(?P<y>{_YEAR}){_NUM_AFTER}")
_F_SEASON_PAIR = re.compile(
    rf"{_CONNECTOR}(?:{_lower_or_cased(list(_SEASONS))})\b(?:{_S}+of)?{_S}*,?{_S}*"
    rf"(?P<y>{_YEAR}){_NUM_AFTER}"
)
# "fall" the verb ("shows fall apart"), "the fall of Rome", "spring-loaded".
_F_NOT_SEASON = re.compile(rf"{_S}+(?:of|from){_S}|{_S}+{_FALL_VERB}|{_DASH}[A-Za-z]")
_B_SEASON_PREP = re.compile(
    rf"{_WB}(?P<prep>{_SEASON_PREP}){_S}+(?:(?i:the){_S}+)?(?:(?P<mod>{_MOD}){_MOD_SEP})?\Z"
)


@_rule(rf"(?:{_lower_or_cased(list(_SEASONS))})\b")
def _season(m: re.Match[str], text: str) -> Iterator[_Cand]:
    start, end = m.start(), m.end()
    if not _at_word_start(text, start):
        return
    word = m.group()
    season = _SEASONS[word.lower()]
    mod = _before(_B_MOD, text, start)
    first = mod.start() if mod else start
    if f := _F_SEASON_YEAR.match(text, end):  # summer 2026, fall of 2026
        yield _Cand(first, f.end(), "season", "season", int(f["y"]), season=season)
        return
    if f := _F_SEASON_PAIR.match(text, end):  # "summer" of "summer or fall 2026"
        yield _Cand(first, end, "season", "season", int(f["y"]), season=season)
        return
    if _F_NOT_SEASON.match(text, end):
        return
    rel = _before(_B_RELATIVE, text, start)
    if rel and _prev_word(text, rel.start()) not in _DETERMINERS:  # this fall, next summer
        yield _Cand(
            rel.start(), end, "rel_season", "season", season=season, shift=_shift_of(rel["rel"])
        )
        return
    if not word.islower():
        return  # "The Summer I Turned Pretty": a capital season without a year is a title
    # A year-less season only after a preposition or early/mid/late; its value is unknown.
    if prep := _before(_B_SEASON_PREP, text, start):
        yield _Cand(
            prep.start("mod") if prep["mod"] else start, end, "season_bare", "season", season=season
        )
    elif mod:
        yield _Cand(mod.start(), end, "season_bare", "season", season=season)
    elif link := _before(_B_CONNECTOR, text, start):  # in spring or summer
        yield _Cand(start, end, "season_bare", "season", season=season, link=link.start())


# --- grammar: relative expressions ----------------------------------------------------------

_B_UNIT_MOD = re.compile(
    rf"{_WB}(?P<mod>(?i:later|earlier|early|late|mid|by{_S}+the{_S}+end{_S}+of)){_S}+\Z"
)
_B_AGO = re.compile(
    rf"{_WB}(?P<n>(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    rf"|[0-9]{{1,2}}){_S}+(?P<unit>(?i:days?|months?|years?)){_S}+\Z"
)
_B_SENTENCE_START = re.compile(r"(?:\A|[.!?:\n\"'\u201c])\s*\Z")
_DAY_SHIFTS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


@_rule(
    rf"(?P<rel>this|This|THIS|next|Next|NEXT|last|Last|LAST){_S}+"
    rf"(?P<unit>(?i:year|month|week|night))\b"
)
def _relative_unit(m: re.Match[str], text: str) -> Iterator[_Cand]:
    start = m.start()
    if not _at_word_start(text, start):
        return
    unit = m["unit"].lower()
    if unit == "night":
        if m["rel"].lower() == "last":
            yield _Cand(start, m.end(), "rel_day", "day", shift=-1)
        return
    if mod := _before(_B_UNIT_MOD, text, start):  # later this year, early next year
        start = mod.start()
    # "the next year", "over the past year": durations, not the calendar year.
    if _prev_word(text, start) in _DETERMINERS | {"past", "coming"}:
        return
    yield _Cand(
        start,
        m.end(),
        f"rel_{unit}",
        "month" if unit == "week" else unit,
        shift=_shift_of(m["rel"]),
    )


@_rule(rf"(?:the|The){_S}+end{_S}+of{_S}+the{_S}+year\b")
def _year_end(m: re.Match[str], text: str) -> Iterator[_Cand]:
    if _at_word_start(text, m.start()):
        yield _Cand(m.start(), m.end(), "rel_year", "year", shift=0)


@_rule(r"(?:today|tonight|yesterday|tomorrow|Today|Tonight|Yesterday|Tomorrow)\b")
def _relative_day(m: re.Match[str], text: str) -> Iterator[_Cand]:
    start, end = m.start(), m.end()
    if not _at_word_start(text, start):
        return
    word = m.group().lower()
    if word == "today" and re.match(rf"{_APOS}s\b", text[end : end + 3]):
        return  # "today's market": present-day, not a day
    if m.group()[0].isupper() and not _before(_B_SENTENCE_START, text, start, 4):
        return  # mid-sentence capital: "USA Today", the "Today" show
    yield _Cand(start, end, "rel_day", "day", shift=_DAY_SHIFTS[word])


@_rule(r"ago\b")
def _ago(m: re.Match[str], text: str) -> Iterator[_Cand]:
    if not _at_word_start(text, m.start()) or not (b := _before(_B_AGO, text, m.start())):
        return
    n = int(b["n"]) if b["n"].isdigit() else _NUMBER_WORDS[b["n"].lower()]
    unit = b["unit"].lower().rstrip("s")
    yield _Cand(b.start(), m.end(), f"ago_{unit}", unit, shift=-n)


# --- resolution -----------------------------------------------------------------------------


def _candidates(text: str) -> list[_Cand]:
    """All grammar matches, overlaps resolved: longest first, then earliest."""
    found = [
        c for pattern, handler in _GRAMMAR for m in pattern.finditer(text) for c in handler(m, text)
    ]
    strong = sorted((c for c in found if c.link < 0), key=lambda c: (c.start - c.end, c.start))
    weak = sorted((c for c in found if c.link >= 0), key=lambda c: c.start)
    starts: list[int] = []  # accepted candidates, kept sorted by start
    taken: list[_Cand] = []
    ends: set[int] = set()

    def free(cand: _Cand) -> bool:
        i = bisect.bisect_left(starts, cand.start)
        before_ok = i == 0 or taken[i - 1].end <= cand.start
        return before_ok and (i == len(taken) or cand.end <= taken[i].start)

    def take(cand: _Cand) -> None:
        i = bisect.bisect_left(starts, cand.start)
        starts.insert(i, cand.start)
        taken.insert(i, cand)
        ends.add(cand.end)

    for cand in strong:
        if free(cand):
            take(cand)
    # Weak candidates chain left to right: "in June, July or August" needs "June" first.
    for cand in weak:
        if cand.link in ends and free(cand):
            take(cand)
    return taken


_DATE_FORMATS = ["%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y"]


@lru_cache(maxsize=8192)
def _dateparser_day(expression: str, base: date, order: str) -> date | None:
    """dateparser on a full-date string, anchored: never today's clock, cached (it is slow)."""
    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "STRICT_PARSING": True,
        "DATE_ORDER": order,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["custom-formats", "absolute-time"],
    }
    try:
        parsed = dateparser.parse(
            expression, languages=["en"], settings=settings, date_formats=_DATE_FORMATS
        )
    except Exception:  # dateparser raises assorted types on odd input; a non-date is None
        return None
    return parsed.date() if parsed else None


def _normalise_expression(written: str, year: int | None) -> str:
    """The written expression with ordinals, periods, commas and "of" removed (+ the year)."""
    out = re.sub(r"(?<=[0-9])(?:st|nd|rd|th)\b", "", written)
    out = re.sub(r"[.,]|\bof\b", " ", out)
    out = re.sub(r"\bSept\b", "Sep", out, flags=re.IGNORECASE)
    out = " ".join(out.split())
    return out if year is None or re.search(_YEAR, out) else f"{out} {year}"


def _context_year(context: DateContext) -> int | None:
    year = context.anchor.year if context.anchor else context.default_year
    return year if year is not None and _valid_year(year) else None


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


_FUTURE_CUES = re.compile(
    r"\b(?:will|won't|set to|slated|scheduled|expected to|due to|plans? to|going to|upcoming"
    r"|(?:is|are) to)\b|'ll\b",
    re.IGNORECASE,
)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(ch, 0, start) for ch in ".!?\n") + 1
    stops = [i for i in (text.find(ch, end) for ch in ".!?\n") if i >= 0]
    return text[left : min(stops) if stops else len(text)]


def _year_for_month(cand: _Cand, text: str, context: DateContext) -> int | None:
    """The anchor's year, except for a month already past at the anchor in a sentence about the
    future: "filming is set to begin in January" in a September article is next January."""
    year = _context_year(context)
    anchor = context.anchor
    if year is None or anchor is None or cand.month is None or cand.month >= anchor.month:
        return year
    if _FUTURE_CUES.search(_sentence_around(text, cand.start, cand.end)):
        return year + 1 if _valid_year(year + 1) else None  # never "10000-02"
    return year


def _valid_year(year: int) -> bool:
    return 1 <= year <= 9999


def _resolve(cand: _Cand, text: str, context: DateContext) -> tuple[str | None, str] | None:
    """(value, granularity) of a candidate; None drops it (not a real date, or needs anchor)."""
    anchor = context.anchor
    gran = cand.granularity
    if cand.kind == "date":
        assert cand.month is not None and cand.day is not None
        year = cand.year if cand.year is not None else _year_for_month(cand, text, context)
        if year is None:
            return None, gran
        if not _valid_year(year):
            return None, gran
        try:
            date(year, cand.month, cand.day)  # cheap pre-check: Feb 30 is not a date
        except ValueError:
            return None
        base = anchor or date(year, 1, 1)
        written = _normalise_expression(text[cand.start : cand.end], year)
        parsed = _dateparser_day(written, base, cand.order)
        expected = date(year, cand.month, cand.day)
        # The grammar already knows the fields; dateparser must agree, else trust the grammar.
        value = parsed if parsed == expected else expected
        return value.isoformat(), gran
    if cand.kind == "month":
        assert cand.month is not None
        year = cand.year if cand.year is not None else _year_for_month(cand, text, context)
        return (f"{year:04d}-{cand.month:02d}" if year is not None else None), gran
    if cand.kind == "year":
        return f"{cand.year:04d}", gran
    if cand.kind == "season":
        return f"{cand.year:04d}-{cand.season}", gran
    if cand.kind == "season_bare":
        return None, gran
    if cand.kind == "rel_year":
        if anchor is None:
            # "this year" may use the article's only year; "next year" needs the anchor.
            if cand.shift == 0 and (year := _context_year(context)) is not None:
                return f"{year:04d}", gran
            return None, gran
        year = anchor.year + cand.shift
        return (f"{year:04d}" if _valid_year(year) else None), gran
    if anchor is None:
        # The remaining relative forms count from the anchor; without it they say nothing.
        year = _context_year(context)
        if cand.kind == "rel_monthname" and cand.shift == 0 and year is not None:
            return f"{year:04d}-{cand.month:02d}", gran
        return (None, gran) if cand.kind in ("rel_month", "rel_monthname", "rel_season") else None
    return _resolve_relative(cand, anchor)


def _resolve_relative(cand: _Cand, anchor: date) -> tuple[str | None, str] | None:
    gran = cand.granularity
    if cand.kind == "rel_month":
        year, month = _add_months(anchor.year, anchor.month, cand.shift)
        return (f"{year:04d}-{month:02d}" if _valid_year(year) else None), gran
    if cand.kind == "rel_monthname":
        assert cand.month is not None
        year = anchor.year
        if cand.shift > 0 and cand.month <= anchor.month:
            year += 1  # "next March" in October is next year's
        elif cand.shift < 0 and cand.month >= anchor.month:
            year -= 1  # "last November" in October is last year's
        return (f"{year:04d}-{cand.month:02d}" if _valid_year(year) else None), gran
    if cand.kind == "rel_season":
        assert cand.season is not None
        return _relative_season(cand.season, cand.shift, anchor), gran
    if cand.kind == "rel_week":
        return _relative_week(anchor, cand.shift)
    try:
        if cand.kind in ("rel_day", "ago_day"):
            return (anchor + timedelta(days=cand.shift)).isoformat(), "day"
    except OverflowError:
        return None
    if cand.kind == "ago_month":
        year, month = _add_months(anchor.year, anchor.month, cand.shift)
        return (f"{year:04d}-{month:02d}" if _valid_year(year) else None), gran
    if cand.kind == "ago_year":
        year = anchor.year + cand.shift
        return (f"{year:04d}" if _valid_year(year) else None), gran
    return None


def _relative_season(season: str, shift: int, anchor: date) -> str | None:
    """this/next/last + season, seen from the anchor; winter is named by its December."""
    month = anchor.month
    if shift == 0:
        # In January/February "this winter" is the one that began last December.
        year = anchor.year - 1 if season == "WI" and month <= 2 else anchor.year
    elif shift > 0:
        year = anchor.year if _SEASON_START[season] > month else anchor.year + 1
    else:
        year = anchor.year if _SEASON_END[season] < month else anchor.year - 1
    return f"{year:04d}-{season}" if _valid_year(year) else None


def _relative_week(anchor: date, shift: int) -> tuple[str | None, str] | None:
    """A week has no granularity of its own: give the finest one that contains all of it."""
    try:
        monday = anchor + timedelta(weeks=shift, days=-anchor.weekday())
        sunday = monday + timedelta(days=6)
    except OverflowError:
        return None
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return f"{monday.year:04d}-{monday.month:02d}", "month"
    if monday.year == sunday.year:
        return f"{monday.year:04d}", "year"
    return None, "year"


# --- public API -----------------------------------------------------------------------------


def parse_declared_date(text: str) -> date | None:
    """A metadata date "YYYY-MM-DD" (surrounding space allowed); anything else is None."""
    match = re.fullmatch(r"\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s*", text or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _explicit_years(body: str) -> set[int]:
    """The distinct years written out in the body's date expressions."""
    return {c.year for c in _candidates(body) if c.year is not None}


def _byline_date(byline: str, body_years: Callable[[], set[int]]) -> date | None:
    """The byline's date; a year-less byline borrows the body's one distinct year."""
    cands = [c for c in _candidates(byline.strip()) if c.kind == "date"]
    if len(cands) != 1 or cands[0].end - cands[0].start != len(byline.strip()):
        return None
    cand = cands[0]
    year = cand.year
    if year is None:
        years = body_years()
        if len(years) != 1:
            return None
        year = next(iter(years))
    context = DateContext(anchor=None, default_year=year)
    resolved = _resolve(cand, byline.strip(), context)
    if resolved is None or resolved[0] is None:
        return None
    return date.fromisoformat(resolved[0])


def article_date_context(declared: date | None, byline: str | None, body: str) -> DateContext:
    """The article's anchor date and the default year for year-less expressions."""
    if declared is not None:
        return DateContext(anchor=declared, default_year=declared.year)
    years: set[int] | None = None

    def body_years() -> set[int]:
        nonlocal years
        if years is None:
            years = _explicit_years(body or "")
        return years

    anchor = _byline_date(byline, body_years) if byline else None
    if anchor is not None:
        return DateContext(anchor=anchor, default_year=anchor.year)
    only = body_years()
    return DateContext(anchor=None, default_year=next(iter(only)) if len(only) == 1 else None)


def find_dates(text: str, context: DateContext) -> list[DateMention]:
    """Date expressions of ``text``, sorted by start and non-overlapping, with ISO values."""
    out: list[DateMention] = []
    for cand in _candidates(text):
        resolved = _resolve(cand, text, context)
        if resolved is None:
            continue
        value, granularity = resolved
        out.append(
            DateMention(cand.start, cand.end, text[cand.start : cand.end], value, granularity)
        )
    if context.anchor is not None:
        out = sorted(out + _weekdays(text, context.anchor, out), key=lambda m: m.start)
    return out


_WEEKDAY = re.compile(
    r"\b(?:(?P<rel>last|this|next|on|[Ll]ast|[Tt]his|[Nn]ext|[Oo]n)\s+)?"
    r"(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!s\b|'s\b)"
    r"(?!\s+(?:nights?|mornings?|lineup|slot|schedule|block|episodes?|shows?|evenings?)\b)"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _weekdays(text: str, anchor: date, taken: list[DateMention]) -> list[DateMention]:
    """ "announced Thursday", "on Saturday": the named day of the anchor's week, counted back
    from the anchor (news reports the recent past) unless the sentence is about the future or
    says "next". Slots such as "Thursday nights" or "its Thursday lineup" are not dates."""
    out = []
    starts = [t.start for t in taken]  # sorted and non-overlapping (find_dates)
    for m in _WEEKDAY.finditer(text):
        i = bisect.bisect_left(starts, m.end())  # dates starting before this weekday ends
        if i and taken[i - 1].end > m.start():
            continue
        if re.search(
            r"\b(?:a|every|each|any|one)\s+$", text[max(0, m.start() - 8) : m.start()], re.I
        ):
            continue  # "a Thursday", "every Sunday": a kind of day, not a date
        rel = (m.group("rel") or "").lower()
        target = _WEEKDAYS.index(m.group("day").lower())
        back = (anchor.weekday() - target) % 7
        ahead = (target - anchor.weekday()) % 7
        future = rel == "next" or (
            rel != "last" and _FUTURE_CUES.search(_sentence_around(text, m.start(), m.end()))
        )
        try:
            day = anchor + timedelta(days=ahead if future else -back)
        except OverflowError:  # the week of 0001-01-01 or 9999-12-31: no such day
            continue
        start = m.start("day") if rel == "on" else m.start()
        out.append(DateMention(start, m.end(), text[start : m.end()], day.isoformat(), "day"))
    return out
