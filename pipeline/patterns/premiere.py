"""Premiere rules: when a series (or one of its seasons) premiered or will premiere.

A premiere mention is a sentence with a premiere cue ("premiere", "premiered", "debuted",
"launched", "returns on") and a date expression in the same sentence; the date nearest to the
cue is the premiere date. The season is the one stated in the sentence ("Season 1 of X
premiered on ..."), else unknown. The series is a known title within a few words of the cue, else
the article's main series.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.dates import DateMention
from pipeline.patterns.common import TextSpan
from pipeline.patterns.renewal import season_refs

_CUES = frozenset(
    [
        "premiere",
        "premiered",
        "premieres",
        "premiering",
        "debut",
        "debuted",
        "debuts",
        "debuting",
        "launch",
        "launched",
        "launches",
        "bow",
        "bowed",
        "bows",
    ]
)


@dataclass(frozen=True)
class PremiereMention:
    series: str | None
    season: int | None
    date: DateMention
    evidence: TextSpan


def _title_near(sent: Span, cue: int, titles: list[str]) -> str | None:
    """A known title within a few tokens of the cue ("Ballard premiered", "premiere of X")."""
    window = sent.doc[max(sent.start, cue - 6) : min(sent.end, cue + 7)]
    found = [t for t in titles if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", window.text)]
    return max(found, key=len) if found else None


def find_premieres(
    doc: Doc, dates: list[DateMention], titles: list[str], main_series: str | None
) -> list[PremiereMention]:
    out = []
    for sent in doc.sents:
        cues = [t for t in sent if t.lower_ in _CUES]
        if not cues:
            continue
        in_sentence = [d for d in dates if sent.start_char <= d.start and d.end <= sent.end_char]
        if not in_sentence:
            continue
        cue = cues[0]
        date = min(in_sentence, key=lambda d: abs(d.start - cue.idx))
        refs = season_refs(sent)
        season = refs[0].number if refs else None
        series = _title_near(sent, cue.i, titles) or main_series
        start = min(cue.idx, date.start)
        end = max(cue.idx + len(cue.text), date.end)
        out.append(PremiereMention(series, season, date, TextSpan(start, end, doc.text[start:end])))
    return out
