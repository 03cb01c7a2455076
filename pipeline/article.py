"""One article in, its claims out: runs the pipeline, then builds claims from the Doc's layers.

clean (done by the caller) -> the spaCy pipeline (sentences, model, entity rules, one component
per claim family, dates; see ``pipeline/nlp.py``) -> claims, read from the Doc in one pass.
Every claim carries the article id, its evidence sentence, and offsets into the ORIGINAL file:
``raw[char_start:char_end] == evidence``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.claims import Claim
from pipeline.clean import CleanText
from pipeline.dates import article_date_context
from pipeline.doc_views import doc_entities
from pipeline.entities import (
    Mention,
    character_index,
    resolve_mentions,
    strip_title,
)
from pipeline.gazetteers import fold
from pipeline.patterns.common import TextSpan
from pipeline.patterns.series import normalise_title, series_titles
from pipeline.sentences import Sentence, sentence_spans


@dataclass
class _Context:
    article_id: str
    clean: CleanText
    sentences: list[Sentence]
    starts: list[int]
    model: str
    article_date: str | None

    def claim(
        self,
        claim_type: str,
        subject: str,
        evidence: TextSpan,
        extractor: str,
        confidence: float,
        *,
        obj: str | None = None,
        series: str | None = None,
        season: int | None = None,
        polarity: str = "asserted",
        date: tuple[str, str | None, str] | None = None,
        sentence_of: TextSpan | None = None,
    ) -> Claim:
        sent = self._sentence_at((sentence_of or evidence).start)
        raw_start, raw_end = self.clean.to_raw(evidence.start, evidence.end)
        sent_start, sent_end = self.clean.to_raw(sent.start, sent.end)
        date_text, date_value, granularity = date if date else (None, None, None)
        return Claim(
            article_id=self.article_id,
            claim_type=claim_type,
            subject=subject,
            object=obj,
            series=series,
            season=season,
            polarity=polarity,
            date_text=date_text,
            date_value=date_value,
            date_granularity=granularity,
            sentence=sent.text,
            sentence_start=sent_start,
            sentence_end=sent_end,
            char_start=raw_start,
            char_end=raw_end,
            evidence=self.clean.raw[raw_start:raw_end],
            extractor=extractor,
            confidence=round(confidence, 3),
            article_date=self.article_date,
        )

    def _sentence_at(self, offset: int) -> Sentence:
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return (
            self.sentences[index]
            if self.sentences
            else Sentence(0, len(self.clean.text), self.clean.text)
        )


def _character_names(raw_names: list[str]) -> list[str]:
    """Full character names; a one-word name that is part of exactly one longer name is merged."""
    names = sorted({strip_title(n) for n in raw_names}, key=len, reverse=True)
    full: list[str] = []
    for name in names:
        if " " not in name:
            longer = [f for f in full if fold(name) in fold(f).split()]
            if len(longer) == 1:
                continue
        full.append(name)
    return full


_FULL_NAME = re.compile(r"\b([A-Z][a-z][\w'\u2019-]*) ([A-Z][a-z][\w'\u2019-]*)\b")


def _full_name_lookup(text: str) -> Callable[[str], str]:
    """A one-word name -> the "Given Surname" the article writes for it: a person the NER knew by
    one word ("Morris") gets the full name the text gives ("Lamorne Morris"). A word found in two
    different names, and any name of several words, is left as it is."""
    found: dict[str, set[str]] = {}
    for match in _FULL_NAME.finditer(text):
        for part in (match.group(1), match.group(2)):
            found.setdefault(part, set()).add(match.group(0))
    unique = {word: next(iter(full)) for word, full in found.items() if len(full) == 1}

    def full_name(name: str) -> str:
        return name if " " in name else unique.get(name, name)

    return full_name


def prepare_doc(clean: CleanText, nlp: Language) -> Doc:
    """The cleaned text as a Doc, with the article's date context on it, ready for ``nlp`` or
    ``nlp.pipe``."""
    doc = nlp.make_doc(clean.text)
    doc._.tv_date_context = article_date_context(clean.declared_date, clean.byline_date, clean.text)
    return doc


def parse_article(clean: CleanText, nlp: Language) -> Doc:
    """Run the pipeline over the cleaned text, with the article's date context on the Doc."""
    return nlp(prepare_doc(clean, nlp))


def extract_claims(article_id: str, clean: CleanText, nlp: Language, model: str) -> list[Claim]:
    return claims_from_doc(article_id, clean, parse_article(clean, nlp), model)


def claims_from_doc(article_id: str, clean: CleanText, doc: Doc, model: str) -> list[Claim]:
    """All claims of one article, read in one pass from the layers the components wrote."""
    sentences = sentence_spans(doc)
    anchor = doc._.tv_date_context.anchor if doc._.tv_date_context else None
    ctx = _Context(
        article_id,
        clean,
        sentences,
        [s.start for s in sentences],
        model,
        anchor.isoformat() if anchor else None,
    )

    series_mentions = doc._.tv_series or []
    titles = list(series_titles(series_mentions))
    pairs = doc._.tv_cast_pairs or []
    status_claims = doc._.tv_status_claims or []
    main = doc._.tv_main_series
    for title in [main, *(c.series for c in status_claims)]:
        if title and title not in titles:
            titles.append(title)

    persons_text = [e.text for e in doc_entities(doc) if e.label_ == "PERSON"]
    character_full = _character_names([p.character.text for p in pairs])
    character_keys = {fold(c) for c in character_full}
    real_people = [
        p for p in persons_text if len(p.split()) > 1 and fold(strip_title(p)) not in character_keys
    ]
    char_index = character_index(character_full, real_people)
    # A cast pair's character side is a character even if its name looks like a person's.
    mentions = resolve_mentions(doc, char_index, set(titles))
    by_span = {(m.span.start, m.span.end): m for m in mentions}

    full_name = _full_name_lookup(clean.text)

    def canonical_person(span: TextSpan) -> str:
        mention = by_span.get((span.start, span.end))
        if mention and mention.kind == "person":
            return full_name(mention.canonical)
        name = strip_title(span.text)
        if name.isupper():
            return name.title()  # "NICOLA WALKER" in a caption
        return full_name(name)

    def canonical_character(span: TextSpan) -> str:
        name = strip_title(span.text)
        name = name.title() if name.isupper() else name
        return char_index.get(fold(name), name)

    claims: list[Claim] = []
    actor_of: dict[str, str] = {}
    for pair in pairs:
        actor, character = canonical_person(pair.actor), canonical_character(pair.character)
        actor_of.setdefault(character, actor)
        claims.append(
            ctx.claim(
                "cast",
                actor,
                pair.evidence,
                f"rule:cast.{pair.rule}",
                pair.confidence,
                obj=character,
                series=main,
            )
        )
    paired_actors = {canonical_person(p.actor) for p in pairs}
    for member in doc._.tv_cast_members or []:
        name = canonical_person(member.actor)
        if (member.actor.start, member.actor.end) not in by_span:  # a name only the list revealed
            claims.append(ctx.claim("person", name, member.actor, "rule:cast.list", 0.75))
        if name not in paired_actors and fold(name) not in char_index:
            claims.append(
                ctx.claim(
                    "cast_member",
                    name,
                    member.evidence,
                    "rule:cast.list",
                    0.8,
                    obj=main,
                    series=main,
                )
            )

    claims.extend(_mention_claims(ctx, mentions, actor_of, model, full_name))
    for pair in pairs:  # characters the NER did not tag as names ("Ted", "Tutu")
        if (pair.character.start, pair.character.end) not in by_span:
            name = canonical_character(pair.character)
            claims.append(
                ctx.claim(
                    "character",
                    name,
                    pair.character,
                    f"rule:cast.{pair.rule}",
                    pair.confidence,
                    obj=actor_of.get(name),
                )
            )
    for mention in series_mentions:
        title = normalise_title(mention.span.text)
        claims.append(
            ctx.claim(
                "series", title, mention.span, f"rule:series.{mention.cue}", 0.8, series=title
            )
        )

    for status in status_claims:
        sentence = status.mention.evidence
        claims.append(
            ctx.claim(
                status.kind,
                status.series,
                TextSpan(
                    sentence.start_char,
                    sentence.start_char + len(sentence.text.rstrip()),
                    sentence.text.rstrip(),
                ),
                f"rule:status.{status.kind}",
                0.6 + 0.08 * max(0, status.mention.explicitness),
                obj=status.network,
                series=status.series,
                season=status.season,
                polarity=status.polarity,
            )
        )

    for found in doc._.tv_dates or []:
        span = TextSpan(found.start, found.end, found.text)
        claims.append(
            ctx.claim(
                "date",
                found.text,
                span,
                "dateparser",
                0.9 if found.value else 0.5,
                date=(found.text, found.value, found.granularity),
            )
        )
    for premiere in doc._.tv_premiere or []:
        found = premiere.date
        claims.append(
            ctx.claim(
                "premiere",
                premiere.series or "",
                premiere.evidence,
                "rule:premiere",
                0.75,
                series=premiere.series,
                season=premiere.season,
                date=(found.text, found.value, found.granularity),
            )
        )

    for credit in doc._.tv_crew or []:
        name = canonical_person(credit.person)
        claims.append(
            ctx.claim(credit.role, name, credit.evidence, "rule:crew", 0.8, obj=main, series=main)
        )
    return [c for c in claims if c.subject]


def _mention_claims(
    ctx: _Context,
    mentions: list[Mention],
    actor_of: dict[str, str],
    model: str,
    full_name: Callable[[str], str],
) -> list[Claim]:
    out = []
    for mention in mentions:
        extractor = f"model:{model}" if mention.source == "model" else f"rule:{mention.source}"
        if mention.kind == "organisation":
            out.append(
                ctx.claim(
                    "organisation",
                    mention.canonical,
                    mention.span,
                    extractor,
                    mention.confidence,
                    obj=mention.detail,
                )
            )
        elif mention.kind == "character":
            out.append(
                ctx.claim(
                    "character",
                    mention.canonical,
                    mention.span,
                    extractor,
                    mention.confidence,
                    obj=actor_of.get(mention.canonical),
                )
            )
        else:
            # a one-word name the model found alone ("Niko") takes the full name the article
            # writes ("Niko Terho")
            name = full_name(mention.canonical)
            out.append(ctx.claim("person", name, mention.span, extractor, mention.confidence))
    return out
