"""Season expressions: which season a sentence names, and how many seasons it counts.

Two kinds, told apart because they mean different things to a claim:

* ``ordinal``: one particular season - "Season 2", "season two", "a 15th season", "S3",
  "the fourth and final season", "Series 5" (British usage);
* ``count``: a number of seasons - "two seasons", "after one season", "a five-season run",
  "a two-season order".

"final"/"last" marks the last season ("its final season" has no number). Matched with a spaCy
``Matcher`` over token attributes; overlapping matches keep the longest.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from pipeline.doc_views import tokens_with
from pipeline.lexicon import NUMBER_WORDS, word_table
from pipeline.matching import match_near

_NUMERIC_ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$", re.I)
_SHORT_FORM = re.compile(r"^S(\d{1,2})$")
_FINAL = ["final", "last"]
_SEASON_WORDS = ["season", "series"]  # "Series 2" is British for "Season 2"
# Nouns that stand for a season only after an ordinal: "a fourth and final outing"
_SEASON_SYNONYMS = ["outing", "installment", "instalment"]
_ANCHOR_WORDS = frozenset([*_SEASON_WORDS, *_SEASON_SYNONYMS, "seasons"])


@dataclass(frozen=True)
class SeasonRef:
    number: int | None  # None for "the final season"
    kind: str  # "ordinal" or "count"
    final: bool
    start: int  # token indices in the Doc
    end: int


def _ordinal_words() -> list[str]:
    return list(word_table("ordinals"))


def _spelled(pattern: re.Pattern, suffixes: list[str], prefix: str) -> list[str]:
    """Every word ``pattern`` matches: one or two digits between ``prefix`` and a suffix
    ("2nd", "S3", "02nd"); checked against the pattern itself."""
    numbers = [str(n) for n in range(10)] + [f"{n:02d}" for n in range(100)]
    words = [f"{prefix}{number}{suffix}" for number in numbers for suffix in suffixes]
    assert all(pattern.match(word) for word in words)
    return words


@lru_cache(maxsize=1)
def _short_forms() -> frozenset[str]:
    return frozenset(_spelled(_SHORT_FORM, [""], "S"))


@lru_cache(maxsize=4)
def _matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab)
    ordinal_words = _ordinal_words()
    number = {"LIKE_NUM": True, "LOWER": {"NOT_IN": ordinal_words}}
    ordinal = {"LOWER": {"IN": ordinal_words}}
    # Spelled out rather than as REGEX predicates: a set lookup per token is far cheaper.
    numeric_ordinal = {"LOWER": {"IN": _spelled(_NUMERIC_ORDINAL, ["st", "nd", "rd", "th"], "")}}
    season = {"LOWER": {"IN": _SEASON_WORDS}}
    seasons = {"LOWER": "seasons"}
    final = {"LOWER": {"IN": _FINAL}}
    synonym = {"LOWER": {"IN": _SEASON_SYNONYMS}}
    matcher.add(
        "ordinal",
        [
            [{"LOWER": "season"}, number],
            # "series 2", "series two" - but "the drama series One Of Us" is a title
            [{"LOWER": "series"}, {"IS_DIGIT": True}],
            [{"LOWER": "series"}, {"LIKE_NUM": True, "IS_LOWER": True}],
            [{"TEXT": "Series"}, {"LIKE_NUM": True, "IS_TITLE": True}],  # "Series Two" headings
            [seasons, number, {"LOWER": {"IN": ["and", "to", "-", "&", "through"]}}, number],
            [ordinal, season],
            [numeric_ordinal, season],
            [ordinal, seasons],  # "picked up for second seasons"
            [numeric_ordinal, seasons],
            [ordinal, {"LOWER": "and"}, final, season],
            [numeric_ordinal, {"LOWER": "and"}, final, season],
            [ordinal, synonym],
            [numeric_ordinal, synonym],
            [ordinal, {"LOWER": "and"}, final, synonym],
            [numeric_ordinal, {"LOWER": "and"}, final, synonym],
            [{"ORTH": {"IN": sorted(_short_forms())}}],
        ],
    )
    matcher.add("final", [[final, season], [final, synonym]])
    matcher.add(
        "count",
        [
            [number, {"LOWER": {"IN": ["season", "seasons"]}}],
            [number, {"TEXT": "-"}, {"LOWER": "season"}],
            [number, {"LOWER": "more"}, {"LOWER": {"IN": ["season", "seasons"]}}],
            [number, {"LOWER": "additional"}, {"LOWER": {"IN": ["season", "seasons"]}}],
        ],
    )
    return matcher


def _value(text: str) -> int | None:
    low = text.lower()
    if low.isdigit():
        return int(low)
    if low in NUMBER_WORDS:
        return NUMBER_WORDS[low]
    ordinals = word_table("ordinals")
    if low in ordinals:
        return int(ordinals[low])
    for pattern in (_NUMERIC_ORDINAL, _SHORT_FORM):
        match = pattern.match(text)
        if match:
            return int(match.group(1))
    return None


Doc.set_extension("tv_season_refs", default=None, force=True)


def season_refs(span: Span | Doc) -> list[SeasonRef]:
    """Season expressions in ``span``, in text order. The Doc is matched once and the result
    kept on it (``doc._.tv_season_refs``): the claim rules ask sentence by sentence."""
    doc = span.doc if isinstance(span, Span) else span
    if doc._.tv_season_refs is None:
        doc._.tv_season_refs = _find_refs(doc)
    refs = doc._.tv_season_refs
    if isinstance(span, Doc):
        return list(refs)
    # refs are sorted by start: bisect, so that asking per sentence stays linear overall
    first = bisect.bisect_left(refs, span.start, key=lambda r: r.start)
    out = []
    for ref in refs[first:]:
        if ref.start >= span.end:
            break
        if span.start <= ref.start and ref.end <= span.end:
            out.append(ref)
    return out


# Every pattern holds a season word or a short form ("S3"), with at most this many tokens before
# it ("fourth and final season") and after it ("seasons 2 and 3").
_BEFORE_ANCHOR, _AFTER_ANCHOR = 3, 3


def _find_refs(doc: Doc) -> list[SeasonRef]:
    matcher = _matcher(doc.vocab)
    anchors = tokens_with(doc, lower=_ANCHOR_WORDS, orth=_short_forms())
    found = [
        Span(doc, start, end, label=match_id)
        for match_id, start, end in match_near(matcher, doc, anchors, _BEFORE_ANCHOR, _AFTER_ANCHOR)
    ]
    refs = []
    for match in sorted(filter_spans(found), key=lambda m: m.start):
        kind = match.label_
        words = list(match)
        final = any(t.lower_ in _FINAL for t in words)
        number = None
        for token in words:
            if token.lower_ in [*_SEASON_WORDS, *_SEASON_SYNONYMS, "seasons", "and", "-", "more"]:
                continue
            value = _value(token.text)
            if value is not None:
                number = value
                break
        if kind != "final" and (number is None or not 0 < number <= 60):
            continue  # "Season 2013" is a year, not a season
        # "the first series order" is an order for a show, not season 1 of one.
        after = doc[match.end] if match.end < len(doc) else None
        if (
            after is not None
            and after.lower_ in {"order", "orders", "regular", "regulars"}
            and words[-1].lower_ == "series"
        ):
            continue
        kind = "count" if kind == "count" else "ordinal"
        refs.append(SeasonRef(number, kind, final, match.start, match.end))
    return refs
