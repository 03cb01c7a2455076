"""Title candidates: capitalised phrases that could name a series ("Law & Order: SVU").

A candidate is a run of capitalised (or numeric) words, allowing lower-case connectors inside it
("Those About to Die", "The Horror of Dolores Roach", "Grey's Anatomy"), or a short quoted
title. Known organisations and season expressions are cut out of a run ("NBC's Chicago Fire
Season 2" -> "Chicago Fire"), so is a possessor ("Jenny Han's X" -> "X"); a candidate that is
exactly a rule-found person's name is dropped. A run joined by "and" is split when one of its
parts stands alone elsewhere in the article ("Revolution and Chicago Fire" when "Revolution"
also appears on its own), and kept whole otherwise ("Beauty and the Beast").

A candidate is not yet a series: the claim rules accept one only where the syntax puts it in a
series slot (what was renewed, cancelled, ordered, premiered). Title-case headlines give quoted
candidates only, since every word in them is capitalised.

Component ``tv_titles`` writes the candidates to ``doc.spans["tv_titles"]``.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.gazetteers import canonical_organisation
from pipeline.lexicon import MONTH_NAMES, WEEKDAY_NAMES, word_list
from pipeline.patterns.seasons import season_refs

SPANS_KEY = "tv_titles"
_QUOTES = {'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "`", "``", "''"}
_POSSESSIVE = {"'s", "\u2019s"}
_MAX_TOKENS = 10
# Parts of speech that never start a title at the beginning of a sentence ("Finally, ...").
_NOT_TITLE_START = {"ADV", "VERB", "AUX", "PRON", "SCONJ", "ADP", "CCONJ", "INTJ", "PART"}
_CALENDAR = {w.lower() for w in MONTH_NAMES + WEEKDAY_NAMES}


def _connectors() -> frozenset[str]:
    return word_list("title_connectors")


def is_title_word(token: Token) -> bool:
    text = token.text
    if not text[:1].isalnum() or text in _QUOTES:
        return False
    return text[:1].isupper() or text[:1].isdigit()


def is_headline(sent: Span) -> bool:
    """A title-case line: nearly every word capitalised, no final full stop."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 4 or sent.text.rstrip()[-1:] in {".", "!", "?"}:
        return False
    capitalised = sum(1 for t in words if t.text[0].isupper() or t.lower_ in _connectors())
    return capitalised / len(words) >= 0.85 and sum(t.text[0].isupper() for t in words) >= 3


def _blocked(doc: Doc) -> set[int]:
    """Tokens never inside a title: known organisations and season expressions ("Season 2")."""
    blocked: set[int] = set()
    for ent in doc.ents:
        if ent.label_ == "ORG" and canonical_organisation(ent.text) is not None:
            blocked.update(range(ent.start, ent.end))
    for ref in season_refs(doc):
        blocked.update(range(ref.start, ref.end))
    return blocked


def _rule_people(doc: Doc) -> set[tuple[int, int]]:
    """(start, end) of people found by a name rule (not by the model's guess)."""
    sources = doc.user_data.get("tv_entity_sources", {})
    return {
        (ent.start, ent.end)
        for ent in doc.ents
        if ent.label_ == "PERSON"
        and sources.get((ent.start_char, ent.end_char), "model") not in {"model", "short_form"}
    }


def _possessor_end(doc: Doc, start: int, end: int) -> int:
    """ "Jenny Han's Harbor Lights": the title starts after a person's or company's "'s"."""
    for k in range(start + 1, end - 1):
        if doc[k].text in _POSSESSIVE and doc[k - 1].ent_type_ in {"PERSON", "ORG"}:
            return k + 1
    return start


def _runs(sent: Span, blocked: set[int]) -> list[tuple[int, int]]:
    doc = sent.doc
    connectors = _connectors()
    runs = []
    i = sent.start
    while i < sent.end:
        token = doc[i]
        if not is_title_word(token) or i in blocked:
            i += 1
            continue
        j = i + 1
        while j < sent.end and j - i < _MAX_TOKENS:
            nxt = doc[j]
            if is_title_word(nxt) and j not in blocked:
                j += 1
                continue
            joins = nxt.lower_ in connectors or nxt.text in _POSSESSIVE
            if nxt.text == "-" and (doc[j - 1].whitespace_ or nxt.whitespace_):
                joins = False  # a dash between words, not a hyphen inside one
            if joins:
                k = j + 1
                while k < sent.end and doc[k].lower_ in connectors and k - j < 3:
                    k += 1
                if k < sent.end and is_title_word(doc[k]) and k not in blocked:
                    if nxt.text == ":" and not _names_something(doc[i:j]):
                        break  # "Cancelled: Riches" is a label, not "X: Subtitle"
                    j = k
                    continue
            break
        runs.append((i, j))
        i = j
    return runs


def _names_something(span: Span) -> bool:
    if not span.doc.has_annotation("TAG"):
        return True
    return any(t.pos_ in {"PROPN", "NOUN", "NUM"} for t in span)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    tagged = doc.has_annotation("TAG")
    start = _possessor_end(doc, start, end)
    while start < end and (
        (start == sent_start and tagged and _common_word(doc[start]) and end - start > 1)
        or doc[start].lower_ in _CALENDAR
    ):
        start += 1
    while start < end and not is_title_word(doc[start]):
        start += 1
    while end > start and not is_title_word(doc[end - 1]):
        end -= 1
    return start, end


def _common_word(token: Token) -> bool:
    """A sentence-initial word that is capitalised only by position: "Fans of X", "Finally"."""
    return token.pos_ in _NOT_TITLE_START or (token.pos_ == "NOUN" and token.tag_ == "NNS")


def _quoted(sent: Span) -> list[tuple[int, int]]:
    """Short capitalised phrases between matching quotes."""
    doc = sent.doc
    out = []
    opened: int | None = None
    for token in sent:
        if token.text not in _QUOTES or token.text in _POSSESSIVE:
            continue
        if opened is None:
            opened = token.i
            continue
        inner = doc[opened + 1 : token.i]
        while len(inner) and inner[-1].is_punct:  # 'Revolution,'
            inner = inner[:-1]
        if 0 < len(inner) <= 8 and is_title_word(inner[0]):
            out.append((inner.start, inner.end))
        opened = None
    return out


def _split_on_and(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split "A and B" runs when A or B appears alone elsewhere in the article."""

    def key(start: int, end: int) -> str:
        return doc[start:end].text.lower()

    parts_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for start, end in spans:
        cuts = [k for k in range(start + 1, end - 1) if doc[k].lower_ == "and"]
        if cuts:
            bounds = [start, *cuts, end]
            parts_of[(start, end)] = [
                (bounds[n] + (n > 0), bounds[n + 1]) for n in range(len(bounds) - 1)
            ]
    if not parts_of:
        return spans
    standalone = {key(s, e) for s, e in spans if (s, e) not in parts_of}
    out = []
    for start, end in spans:
        parts = parts_of.get((start, end))
        if parts and any(key(s, e) in standalone for s, e in parts):
            out.extend(parts)
        else:
            out.append((start, end))
    return out


def title_candidates(doc: Doc) -> list[Span]:
    blocked = _blocked(doc)
    people = _rule_people(doc)
    found: list[tuple[int, int]] = []
    for sent in doc.sents:
        quoted = _quoted(sent)
        found.extend(quoted)
        if is_headline(sent):
            continue
        in_quotes = {i for s, e in quoted for i in range(s, e)}
        for start, end in _runs(sent, blocked):
            start, end = _trim(doc, start, end)
            if start < end and not in_quotes.intersection(range(start, end)):
                found.append((start, end))
    spans = []
    for start, end in sorted(set(_split_on_and(doc, found))):
        span = doc[start:end]
        text = span.text
        if canonical_organisation(text) is not None or text.lower() in _CALENDAR:
            continue
        if (start, end) in people:
            continue  # a person's name, not a title
        if all(t.lower_ in _connectors() or t.is_punct for t in span):
            continue
        spans.append(Span(doc, start, end, label="TITLE"))
    return spans


def title_at(doc: Doc, i: int) -> Span | None:
    """The title candidate containing token ``i``."""
    for span in doc.spans.get(SPANS_KEY, []):
        if span.start <= i < span.end:
            return span
    return None


@Language.component("tv_titles", assigns=["doc.spans"])
def mark_titles(doc: Doc) -> Doc:
    doc.spans[SPANS_KEY] = title_candidates(doc)
    return doc


# --- from syntax to titles (shared by the status and premiere rules) ---------------------------

_LIST_PUNCT = {",", ";", "'", '"', "\u2019", "\u201d", "\u201c"}
_LIST_WORDS = {"and", "or", "&", "as", "well"}


def _titles_in(titles: list[Span], tokens: Iterable[Token]) -> list[Span]:
    indices = {t.i for t in tokens}
    return [t for t in titles if t.start in indices or (t.end - 1) in indices]


def _list_around(titles: list[Span], title: Span) -> list[Span]:
    """Titles coordinated with ``title`` on the surface: "A, B and C" (robust to parse errors)."""
    doc = title.doc
    in_sent = sorted((t for t in titles if t.sent == title.sent), key=lambda t: t.start)
    index = in_sent.index(title)

    def joined(left: Span, right: Span) -> bool:
        between = doc[left.end : right.start]
        if len(between) > 4 or any(t.is_punct and t.text not in _LIST_PUNCT for t in between):
            return False
        return {t.lower_ for t in between if not t.is_punct} <= _LIST_WORDS

    found = [title]
    k = index
    while k > 0 and joined(in_sent[k - 1], in_sent[k]):
        k -= 1
        found.append(in_sent[k])
    k = index
    while k + 1 < len(in_sent) and joined(in_sent[k], in_sent[k + 1]):
        k += 1
        found.append(in_sent[k])
    return found


def series_spans(tokens: list[Token], titles: list[Span]) -> list[Span]:
    """The titles that syntactic arguments name: a title containing the token, its conjuncts and
    appositions, the titles under a generic head ("the drama See"), and the titles listed with
    any of them ("A, B and C")."""
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    queue = list(tokens)
    for token in tokens:
        queue.extend(token.conjuncts)
        queue.extend(c for c in token.children if c.dep_ == "appos")
    for token in queue:
        found = next((t for t in titles if t.start <= token.i < t.end), None)
        spans = [found] if found is not None else []
        if not spans and token.pos_ in {"NOUN", "PROPN", "NUM", "X"}:
            spans = _titles_in(titles, token.subtree)
        for span in spans:
            for member in _list_around(titles, span):
                key = (member.start, member.end)
                if key not in seen:
                    seen.add(key)
                    out.append(member)
    return sorted(out, key=lambda s: s.start)
