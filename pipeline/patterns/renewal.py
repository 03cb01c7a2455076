"""Renewal rules: which series was renewed for which season, by whom, and how sure the text is.

A renewal *mention* is a sentence with a renewal cue ("renewed", "renews", "picked up",
"greenlight", "pickup", "renewal") and a season: stated ("Season 2", "a second season",
"season two") or, when the sentence has none, the season N >= 2 most talked about in the article.
Questions ("Has Netflix renewed X?") and headings that only name the topic
("X Season 2 Renewal Status") are not claims.

* series: the title right before the season ("renewed for Ballard season 2"), the object of an
  active verb ("Netflix renewed Hacks for ..."), the subject of a passive ("Hacks has been
  renewed"), a known title in the sentence, else the article's main series;
* network: a streamer/network organisation in the sentence (outlets such as Variety are never
  the network), else in the sentence before;
* polarity: ``negated`` when a negation governs the cue in its clause ("hasn't been renewed
  yet", "no official greenlight"); ``hedged`` with attribution or uncertainty ("reportedly",
  "according to", ", per Deadline", "is expected to"); otherwise ``asserted``.

An article yields one renewal claim per (series, season): the most explicit mention (series,
season and network stated in the sentence) decides it, the earliest on ties.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.gazetteers import canonical_organisation
from pipeline.lexicon import NUMBER_WORDS
from pipeline.patterns.common import TextSpan

_VERB_CUES = frozenset(
    {"renew", "renews", "renewed", "renewing", "greenlit", "greenlights", "greenlighted"}
)
_NOUN_CUES = frozenset({"renewal", "pickup", "greenlight"})
_PICK = frozenset({"picked", "picks", "pick", "picking"})
_NEGATIONS = frozenset({"not", "n't", "no", "never", "without", "yet", "nor", "neither"})
_HEDGE_WORDS = frozenset(
    [
        "reportedly",
        "reported",
        "reports",
        "rumored",
        "rumoured",
        "rumor",
        "rumour",
        "sources",
        "source",
        "allegedly",
        "likely",
        "unlikely",
        "expected",
        "could",
        "might",
        "may",
        "would",
        "possibly",
        "possible",
        "probably",
        "apparently",
        "seems",
        "appears",
        "betting",
        "bet",
        "hopes",
        "hope",
        "hoping",
        "if",
        "unconfirmed",
        "pending",
    ]
)
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_SEASON_AFTER = re.compile(r"^(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)$", re.I)
_NETWORK_KINDS = {"streamer", "network", "studio"}
_AUX = {
    "has",
    "have",
    "had",
    "been",
    "was",
    "is",
    "are",
    "were",
    "be",
    "officially",
    "already",
    "finally",
    "just",
    "now",
    "reportedly",
    "also",
    "got",
    "gets",
    "being",
    "not",
    "n't",
    "yet",
    "still",
    "never",
}
_MINOR = {"of", "the", "a", "an", "and", "in", "on", "to", "at", "or", "&", ":"}


@dataclass(frozen=True)
class RenewalMention:
    series: str | None
    season: int
    network: str | None
    polarity: str
    evidence: TextSpan  # the sentence
    explicitness: int  # how much of the claim the sentence itself states
    series_span: TextSpan | None


@dataclass(frozen=True)
class SeasonRef:
    number: int
    start: int  # token index where the reference starts
    end: int


def season_refs(span: Span) -> list[SeasonRef]:
    """ "Season 2", "season two", "a second season", "S2" inside a span."""
    refs = []
    doc = span.doc
    for token in span:
        low = token.lower_
        nxt = doc[token.i + 1] if token.i + 1 < span.end else None
        if low == "season" and nxt is not None and _SEASON_AFTER.match(nxt.text):
            value = int(nxt.text) if nxt.text.isdigit() else NUMBER_WORDS[nxt.lower_]
            refs.append(SeasonRef(value, token.i, token.i + 2))
        elif low in _ORDINALS and nxt is not None and nxt.lower_ == "season":
            refs.append(SeasonRef(_ORDINALS[low], token.i, token.i + 2))
        elif re.fullmatch(r"S\d{1,2}", token.text):
            refs.append(SeasonRef(int(token.text[1:]), token.i, token.i + 1))
    return refs


def _is_heading(sent: Span) -> bool:
    return sent.text.rstrip()[-1:] not in {".", "!", "?", '"', "'", ")"}


def _cue_index(sent: Span) -> tuple[int, bool] | None:
    """Token index of the renewal cue and whether it is a verb."""
    for token in sent:
        low = token.lower_
        if low in _VERB_CUES:
            return token.i, True
        if low in _PICK and token.i + 1 < sent.end and sent.doc[token.i + 1].lower_ == "up":
            # "picked up for a second season" / "picks up X for Season 2", not "the story picks up"
            following = sent.doc[token.i + 2 : min(sent.end, token.i + 10)]
            if any(t.lower_ == "for" for t in following) or season_refs(following):
                return token.i, True
        if low == "green" and token.i + 2 < sent.end and sent.doc[token.i + 1].text == "-":
            return token.i, True  # green-lit / green-lighted
    for token in sent:
        if token.lower_ in _NOUN_CUES or (
            token.lower_ == "green"
            and token.i + 1 < sent.end
            and sent.doc[token.i + 1].lower_ == "light"
        ):
            return token.i, False
    return None


def _next_to_noun_cue(sent: Span, ref: SeasonRef, cue: int) -> bool:
    """ "Season 3 renewal" or "renewal for/of a third season", not "renewal follows a season"."""
    if ref.end <= cue:
        return cue - ref.end <= 1
    between = {t.lower_ for t in sent.doc[cue + 1 : ref.start]}
    return ref.start - cue <= 5 and bool(between & {"for", "of"})


def _polarity(sent: Span, cue: int) -> str:
    doc = sent.doc
    # Negation scope: the clause around the cue, up to a clause boundary.
    k = cue - 1
    while (
        k >= sent.start
        and k >= cue - 8
        and doc[k].text not in {",", ";", ":", "\u2014", "--", "-", "(", "."}
    ):
        if doc[k].lower_ in _NEGATIONS:
            return "negated"
        k -= 1
    after = [t.lower_ for t in doc[cue + 1 : min(sent.end, cue + 4)]]
    if "yet" in after and any(
        t.lower_ in {"n't", "not", "no"} for t in doc[max(sent.start, cue - 8) : cue]
    ):
        return "negated"
    words = [t.lower_ for t in sent]
    if any(w in _HEDGE_WORDS for w in words):
        return "hedged"
    text = sent.text.lower()
    if "according to" in text or re.search(r"(?:^|[,;(]\s*)per\s", text) or "is said to" in text:
        return "hedged"
    return "asserted"


def _title_spans(sent: Span, titles: list[str]) -> list[tuple[int, int, str]]:
    """(start_char, end_char, title) of known titles in the sentence, longest first."""
    found = []
    taken: set[int] = set()
    for title in sorted(titles, key=len, reverse=True):
        for match in re.finditer(
            rf"(?<![\w]){re.escape(title)}(?![\w])", sent.text, flags=re.I if title.isupper() else 0
        ):
            start = sent.start_char + match.start()
            if taken.intersection(range(start, start + len(title))):
                continue
            taken.update(range(start, start + len(title)))
            found.append((start, start + len(title), title))
    return sorted(found)


def _title_word(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def _active_object(sent: Span, cue: int) -> Span | None:
    """ "renewed Hacks for", "picked up The Last of Us for": the title after the verb."""
    doc = sent.doc
    j = cue + 1
    if doc[cue].lower_ in _PICK:
        j += 1
    while j < sent.end and doc[j].text in {'"', "'"}:
        j += 1
    start = j
    while j < sent.end and (
        _title_word(doc[j].text)
        or (j > start and doc[j].lower_ in _MINOR and doc[j].lower_ not in {"for", "at"})
    ):
        j += 1
    while j > start and doc[j - 1].lower_ in _MINOR:
        j -= 1
    if j > start and (
        j >= sent.end
        or doc[j].lower_ in {"for", "at", ",", "through", "'", '"', "."}
        or doc[j].text in {'"', "'"}
    ):
        return doc[start:j]
    return None


def _passive_subject(sent: Span, cue: int) -> Span | None:
    """ "Hacks has been renewed", "The drama was picked up": the title before the auxiliaries."""
    doc = sent.doc
    k = cue - 1
    while k >= sent.start and (doc[k].lower_ in _AUX or doc[k].text in {'"', "'"}):
        k -= 1
    end = k + 1
    while (
        k >= sent.start
        and (_title_word(doc[k].text) or doc[k].lower_ in _MINOR)
        and doc[k].text != ","
    ):
        k -= 1
    start = k + 1
    while start < end and doc[start].lower_ in _MINOR - {"the"}:
        start += 1
    if (
        end > start
        and _title_word(doc[start].text)
        and canonical_organisation(doc[start:end].text) is None
    ):
        return doc[start:end]
    return None


def _network_in(sent: Span) -> str | None:
    for ent in sent.ents:
        if ent.label_ != "ORG":
            continue
        org = canonical_organisation(ent.text)
        if org is not None and org.kind in _NETWORK_KINDS:
            return org.name
    return None


def dominant_season(doc: Doc) -> int | None:
    counts = Counter(ref.number for ref in season_refs(doc[:]) if ref.number >= 2)
    return counts.most_common(1)[0][0] if counts else None


def find_renewal_mentions(
    doc: Doc, titles: list[str], main_series: str | None
) -> list[RenewalMention]:
    sentences = list(doc.sents)
    fallback_season = dominant_season(doc)
    mentions = []
    for index, sent in enumerate(sentences):
        text = sent.text.strip()
        if not text or text.endswith("?"):
            continue
        found = _cue_index(sent)
        if found is None:
            continue
        cue, is_verb = found
        if not is_verb and _is_heading(sent):
            continue
        refs = [r for r in season_refs(sent) if r.number >= 2]
        if not is_verb:
            # "The renewal follows a third season that ..." names a past season; a noun cue
            # takes only a season right next to it ("Season 3 renewal", "renewal for season 3").
            refs = [r for r in refs if _next_to_noun_cue(sent, r, cue)]
        season = refs[0].number if refs else fallback_season
        if season is None:
            continue
        explicitness = 2 if refs else 0
        series_span: TextSpan | None = None
        series = None
        title_spans = _title_spans(sent, titles)
        if refs:
            before = [
                t
                for t in title_spans
                if t[1] <= doc[refs[0].start].idx and doc[refs[0].start].idx - t[1] <= 2
            ]
            if before:
                series_span = TextSpan(
                    before[-1][0], before[-1][1], doc.text[before[-1][0] : before[-1][1]]
                )
                series = before[-1][2]
        if series is None:
            candidate = _active_object(sent, cue) if is_verb else None
            if candidate is None and is_verb:
                candidate = _passive_subject(sent, cue)
            if candidate is not None and (candidate.text in titles or not _generic(candidate)):
                series_span = TextSpan.of(candidate)
                series = next(
                    (
                        t
                        for t in titles
                        if t == candidate.text or t.lower() == candidate.text.lower()
                    ),
                    candidate.text,
                )
        if series is None and title_spans:
            nearest = min(title_spans, key=lambda t: abs(t[0] - doc[cue].idx))
            series_span = TextSpan(nearest[0], nearest[1], doc.text[nearest[0] : nearest[1]])
            series = nearest[2]
        if series is not None:
            explicitness += 1
        else:
            series = main_series
        network = _network_in(sent)
        if network is not None:
            explicitness += 1
        elif index > 0:
            network = _network_in(sentences[index - 1])
        if _is_heading(sent):
            explicitness -= 1  # a headline restates what the body says in full
        evidence = TextSpan(
            sent.start_char, sent.start_char + len(sent.text.rstrip()), sent.text.rstrip()
        )
        mentions.append(
            RenewalMention(
                series,
                season,
                network,
                _polarity(sent, cue),
                evidence,
                explicitness + is_verb,
                series_span,
            )
        )
    return mentions


def _generic(span: Span) -> bool:
    """ "Series", "The Show", "Streamer" in a headline are not titles."""
    words = [t.lower_ for t in span if t.lower_ not in {"the", "a", "an"}]
    return not words or all(
        w in {"series", "show", "drama", "comedy", "streamer", "network", "it"} for w in words
    )


def article_renewals(mentions: list[RenewalMention]) -> list[RenewalMention]:
    """One claim per (series, season): the most explicit mention, the earliest on ties."""
    best: dict[tuple[str | None, int], RenewalMention] = {}
    for mention in mentions:
        key = (mention.series, mention.season)
        current = best.get(key)
        if current is None or mention.explicitness > current.explicitness:
            best[key] = mention
    return sorted(best.values(), key=lambda m: m.evidence.start)
