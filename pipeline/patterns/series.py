"""Series titles: which capitalised names in an article are titles of shows.

Cues (each general, none tied to a particular show):

* a short title-case phrase in quotes: ``"Ballard"``, ``'Severance'``;
* a name followed by a TV season: ``Hacks Season 4``, ``Ballard season 2``, ``BALLARD S1``;
* a name used with a franchise word: ``the Bosch universe``, ``spinoff Ballard``,
  ``Yellowstone spinoff``, and sequel titles built on a known title: ``Bosch: Legacy``;
* a name renewed or premiered: ``renewed Ballard``, ``Ballard has been renewed`` (see status.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.doc_views import (
    capitalised_mid_sentence,
    doc_lowers,
    doc_text,
    doc_texts,
)
from pipeline.entity_rules import is_name_word
from pipeline.lexicon import word_list
from pipeline.patterns.common import TextSpan

_QUOTED = re.compile(r"""(?<![\w])(["'])([A-Z0-9][^"'\n]{0,60}?)\1(?![\w])""")
_SEASON = re.compile(r"^(?:[Ss]eason|SEASON|S\d{1,2})$")


@dataclass(frozen=True)
class SeriesMention:
    span: TextSpan
    cue: str


def _is_title_phrase(phrase: str) -> bool:
    words = phrase.split()
    if not 1 <= len(words) <= 6 or phrase[-1] in ".,!?;:":
        return False
    connectors = word_list("title_connectors")
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in connectors for w in words)


def normalise_title(text: str) -> str:
    """ "BALLARD" -> "Ballard"; mixed case is kept as written."""
    return text.title() if text.isupper() and len(text) > 3 else text


def find_series(doc: Doc) -> list[SeriesMention]:
    mentions: list[SeriesMention] = []
    for match in _QUOTED.finditer(doc_text(doc)):
        if _is_title_phrase(match.group(2)):
            mentions.append(
                SeriesMention(TextSpan(match.start(2), match.end(2), match.group(2)), "quoted")
            )
    capitalised_inside = capitalised_mid_sentence(doc)
    markers_after = word_list("work_markers_after")
    markers_before = word_list("work_markers_before")
    texts, lowers = doc_texts(doc), doc_lowers(doc)
    cues = [
        i
        for i, (text, low) in enumerate(zip(texts, lowers, strict=True))
        if low in markers_after or low in markers_before or _SEASON.match(text)
    ]
    for i in cues:
        token, low = doc[i], lowers[i]
        if _SEASON.match(token.text) and i > 0:
            span = _title_before(doc, i)
            # A lone sentence-initial word before "season" is usually a verb ("Expect season 2")
            # unless the article also capitalises it mid-sentence.
            title_cased = token.text[0].isupper() or span is not None and span.text.isupper()
            # "the 2024 TV season" names no show
            acronym = span is not None and len(span) == 1 and len(span.text) <= 2
            acronym = acronym and span.text.isupper()
            if (
                span is not None
                and not acronym
                and not (
                    len(span) == 1
                    and span[0].is_sent_start
                    and not title_cased
                    and span.text not in capitalised_inside
                )
            ):
                mentions.append(SeriesMention(TextSpan.of(span), "season"))
        if low in markers_after and i > 0:
            span = _title_before(doc, i)
            if span is not None and not any(
                _rule_person(doc, t.i) or t.ent_type_ == "ORG" for t in span
            ):
                mentions.append(SeriesMention(TextSpan.of(span), "franchise"))
        if low in markers_before and i + 1 < len(doc):
            end = _title_run(doc, i + 1, len(doc))
            if end > i + 1 and not any(_rule_person(doc, k) for k in range(i + 1, end)):
                mentions.append(SeriesMention(TextSpan.of(doc[i + 1 : end]), "franchise"))
    known = {m.span.text for m in mentions}
    # Sequel titles built on a known title: "Bosch: Legacy". A franchise-marked "X: Y" also
    # makes its prefix X a title ("the fate of Bosch and Bosch: Legacy spinoff ...").
    for match in re.finditer(
        r"\b([A-Z][\w'-]*(?: [A-Z][\w'-]*)*): ([A-Z][\w'-]*)\b", doc_text(doc)
    ):
        if match.group(1) in known:
            text = match.group(0)
            mentions.append(SeriesMention(TextSpan(match.start(), match.end(), text), "sequel"))
    for mention in list(mentions):
        text = mention.span.text
        if ": " in text and mention.cue != "sequel":
            prefix = text.split(": ", 1)[0]
            mentions.append(
                SeriesMention(
                    TextSpan(mention.span.start, mention.span.start + len(prefix), prefix), "sequel"
                )
            )
    return sorted(mentions, key=lambda m: (m.span.start, -m.span.end))


def _rule_person(doc: Doc, i: int) -> bool:
    """Token ``i`` is in a PERSON that a name rule found: a person's name is no series title, but
    neither the model's guesses ("Ballard Season") nor one-word short forms ("Bosch" of "Harry
    Bosch") may hide a title."""
    if doc[i].ent_type_ != "PERSON":
        return False
    # walk to the entity's first token (ent_iob_ "B") instead of scanning doc.ents, which
    # would make the rule quadratic in the article's length
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    sources = doc.user_data.get("tv_entity_sources", {})
    source = sources.get((doc[start].idx, doc[end - 1].idx + len(doc[end - 1])), "model")
    return source not in {"model", "short_form"}


def _is_title_word(text: str) -> bool:
    return is_name_word(text) or (text.isupper() and text.isalpha() and len(text) > 1)


def _title_run(doc: Doc, i: int, limit: int) -> int:
    j = i
    while j < limit and j - i < 5 and _is_title_word(doc[j].text):
        j += 1
    return j


def _title_before(doc: Doc, i: int) -> Span | None:
    """The title ending right before token ``i``, including a "Name: Subtitle" form."""
    start = i
    while start > 0 and i - start < 5 and _is_title_word(doc[start - 1].text):
        start -= 1
    if start == i or _rule_person(doc, start):
        return None
    if start >= 2 and doc[start - 1].text == ":" and _is_title_word(doc[start - 2].text):
        first = start - 2
        while first > 0 and _is_title_word(doc[first - 1].text):
            first -= 1
        start = first
    return doc[start:i]


def series_titles(mentions: list[SeriesMention]) -> Counter[str]:
    """Title -> number of cue-backed mentions, the most supported first."""
    return Counter(normalise_title(m.span.text) for m in mentions)


def main_series(mentions: list[SeriesMention], extra: list[str] = ()) -> str | None:
    """The series an article is about: the title with the most cue-backed mentions."""
    counts = series_titles(mentions)
    counts.update(extra)
    if not counts:
        return None
    best = max(counts.items(), key=lambda kv: (kv[1], -_first_position(kv[0], mentions)))
    return best[0]


def _first_position(title: str, mentions: list[SeriesMention]) -> int:
    for m in mentions:
        if normalise_title(m.span.text) == title:
            return m.span.start
    return 1 << 30


Doc.set_extension("tv_series", default=None, force=True)
Doc.set_extension("tv_main_series", default=None, force=True)


@Language.component(
    "tv_series",
    assigns=["doc._.tv_series", "doc._.tv_main_series", "doc.ents"],
    requires=["doc._.tv_status_claims"],
)
def mark_series(doc: Doc) -> Doc:
    """Series cues and the article's main series; one-word short forms that are titles are
    untagged as people (whether "Bosch" is the show or the character is decided later)."""
    from pipeline.entities import drop_title_short_forms

    mentions = find_series(doc)
    doc._.tv_series = mentions
    status_series = [c.series for c in doc._.tv_status_claims or []]
    doc._.tv_main_series = main_series(mentions, status_series)
    drop_title_short_forms(doc, set(series_titles(mentions)))
    return doc
