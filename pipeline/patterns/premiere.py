"""Premiere rules: when a series (or one of its seasons) premiered or will premiere.

A premiere mention is a premiere cue (``pipeline/data/words/premiere_words.txt``: "premiere",
"debut", "launch", "bow", "return", "arrive") with a date expression in its sentence. The date
is the one in the cue's clause, else the nearest in the sentence.

The series comes from the parse, like the status rules: the subject of a premiere verb ("X
premieres on ...", "Season 2 of X debuts ..."), the possessor or "of" phrase of a premiere noun
("X's premiere", "the premiere of X"), or a title compounded with it ("the X season 2
premiere"). Without one, a title already known from the article's other claims within the
sentence, then the article's main series. The season is the ordinal season in the clause or in
the subject ("Season 3 of X"); a "series premiere" or "debut" of a show is its Season 1 only when
the text says "series premiere". A finale or a single episode airing is no premiere.

Component ``tv_premiere`` writes ``doc._.tv_premiere``; it needs the dates, which the
``extract`` stage passes in.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.dates import DateMention
from pipeline.doc_views import doc_lemmas, doc_lowers, doc_sentences, doc_text, span_text
from pipeline.lexicon import MONTH_NAMES, WEEKDAY_NAMES, word_forms, word_list
from pipeline.patterns.common import TextSpan, annotated
from pipeline.patterns.seasons import season_refs
from pipeline.patterns.titles import TitleIndex, series_spans


@dataclass(frozen=True)
class PremiereMention:
    series: str | None
    season: int | None
    date: DateMention
    evidence: TextSpan


def _is_cue(token: Token) -> bool:
    """Whether a word whose forms are premiere words is used as one: "returns" and "arrives"
    only as a verb or noun."""
    if token.lower_.startswith("return") or token.lower_.startswith("arriv"):
        return token.pos_ in {"VERB", "NOUN"} or not annotated(token.doc, "TAG")
    return True


def _cues(sent: Span) -> list[Token]:
    """The premiere cues of ``sent`` (a Token made only for words whose forms are cue words)."""
    doc = sent.doc
    lowers, lemmas = doc_lowers(doc), doc_lemmas(doc)
    cues = word_list("premiere_words")
    return [
        doc[i]
        for i in range(sent.start, sent.end)
        if word_forms(lowers[i], lemmas[i]) & cues and _is_cue(doc[i])
    ]


_SINGLE_EPISODE = {"finale", "final"}
_RELATIVE = {w.lower() for w in WEEKDAY_NAMES} | {"today", "tomorrow", "yesterday", "tonight"}


def _relative(date: DateMention) -> bool:
    """A date said relative to the article ("Wednesday", "tomorrow", "last year")."""
    words = set(date.text.lower().split())
    return (
        bool(words & (_RELATIVE | {"last", "next", "this"}))
        or not any(ch.isdigit() for ch in date.text)
        and not any(m.lower() in words for m in MONTH_NAMES)
    )


def _patients(cue: Token) -> list[Token]:
    if not annotated(cue.doc, "DEP"):
        return []
    found = [c for c in cue.children if c.dep_ in {"nsubj", "nsubj:pass", "nmod:poss", "poss"}]
    found += [
        c
        for c in cue.children
        if c.dep_ in {"compound", "nmod"}
        and (c.dep_ == "compound" or any(g.lower_ == "of" for g in c.children))
    ]
    head = cue
    for _ in range(3):  # "is set to premiere": the subject sits on "set"
        if found or head.dep_ not in {"xcomp", "advcl", "conj"} or head.head == head:
            break
        head = head.head
        found = [c for c in head.children if c.dep_ in {"nsubj", "nsubj:pass"}]
    if cue.dep_ in {"obj", "nsubj"} and not found and cue.head != cue:  # "X gets a premiere"
        found = [c for c in cue.head.children if c.dep_ == "nsubj" and c != cue]
    return found


def _relative_antecedent(pronoun: Token, titles: TitleIndex) -> Span | None:
    """ "X, which will have its second season bow on May 5th": the title before ", which"."""
    i = pronoun.i
    if pronoun.lower_ != "which" or i < 2 or pronoun.doc[i - 1].text != ",":
        return None
    title = titles.at.get(i - 2)
    return title if title is not None and title.end == i - 1 else None


def _known_title_near(sent: Span, cue: Token, known: list[str]) -> str | None:
    window = sent.doc[max(sent.start, cue.i - 8) : min(sent.end, cue.i + 8)]
    found = [t for t in known if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", window.text)]
    return max(found, key=len) if found else None


def find_premieres(
    doc: Doc, dates: list[DateMention], known: list[str], main_series: str | None
) -> list[PremiereMention]:
    titles = TitleIndex(doc)
    text = doc_text(doc)
    starts = [d.start for d in dates]
    out = []
    for sent in doc_sentences(doc):
        if span_text(sent).rstrip().endswith("?"):
            continue
        first = bisect.bisect_left(starts, sent.start_char)
        last = bisect.bisect_left(starts, sent.end_char)
        in_sentence = [d for d in dates[first:last] if d.end <= sent.end_char]
        if not in_sentence:
            continue
        cues = _cues(sent)
        if not cues:
            continue
        cue = cues[0]
        clause = list(cue.subtree if annotated(doc, "DEP") else sent)
        if {t.lower_ for t in clause} & _SINGLE_EPISODE:
            continue  # "airing its final episode", "the finale airs": no premiere
        clause_chars = [t.idx for t in clause]
        lo, hi = min(clause_chars), max(clause_chars)
        dated = [d for d in in_sentence if lo <= d.start <= hi] or in_sentence
        # a calendar date before a relative one ("announced Wednesday the October 27 premiere")
        date = min(dated, key=lambda d: (_relative(d), abs(d.start - cue.idx)))
        if date.value is None and _relative(date):
            continue  # "debuted last year" with no date to count from: no time is known
        patients = _patients(cue)
        spans = series_spans(patients, titles)
        if not spans:
            spans = [r for p in patients if (r := _relative_antecedent(p, titles)) is not None]
        series = (
            spans[0].text.strip("\"'\u201c\u201d\u2018\u2019")
            if spans
            else _known_title_near(sent, cue, known) or main_series
        )
        refs = [r for r in season_refs(sent) if r.kind == "ordinal" and r.number and not r.final]
        subject_tokens = {t.i for p in patients for t in p.subtree} | {t.i for t in clause}
        refs = [r for r in refs if r.start in subject_tokens] or refs[:1]
        season = refs[0].number if refs else None
        series_premiere = cue.i > 0 and doc[cue.i - 1].lower_ == "series"
        if season is None and cue.lower_.startswith("premiere") and series_premiere:
            season = 1  # "the series premiere"
        start = min(cue.idx, date.start)
        end = max(cue.idx + len(cue.text), date.end)
        out.append(PremiereMention(series, season, date, TextSpan(start, end, text[start:end])))
    return out


Doc.set_extension("tv_premiere", default=None, force=True)


@Language.component(
    "tv_premiere",
    assigns=["doc._.tv_premiere"],
    requires=["doc._.tv_dates", "doc._.tv_status_claims", "doc._.tv_series"],
)
def mark_premieres(doc: Doc) -> Doc:
    from pipeline.patterns.series import series_titles

    known = list(series_titles(doc._.tv_series or []))
    known += [c.series for c in doc._.tv_status_claims or [] if c.series not in known]
    main = doc._.tv_main_series
    if main and main not in known:
        known.append(main)
    doc._.tv_premiere = find_premieres(doc, doc._.tv_dates or [], known, main)
    return doc
