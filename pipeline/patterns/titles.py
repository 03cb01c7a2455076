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
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.doc_views import (
    capitalised_mid_sentence,
    doc_entities,
    doc_lowers,
    doc_sentences,
    doc_texts,
    is_punct_at,
    per_sentence,
    sentence_of,
    span_text,
    tokens_with,
)
from pipeline.gazetteers import canonical_organisation, first_names, fold
from pipeline.lexicon import MONTH_NAMES, NAME_SUFFIXES, WEEKDAY_NAMES, word_forms, word_list
from pipeline.patterns.common import annotated
from pipeline.patterns.seasons import season_refs

SPANS_KEY = "tv_titles"
_QUOTES = {'"', "'", "\u201c", "\u201d", "\u2018", "\u2019", "`", "``", "''"}
_QUOTE_MARKS = {mark[0] for mark in _QUOTES}  # every quote token starts with one of these
_POSSESSIVE = {"'s", "\u2019s"}
_MAX_TOKENS = 10
# Parts of speech that never start a title at the beginning of a sentence ("Finally, ...").
_NOT_TITLE_START = {
    "ADV", "VERB", "AUX", "PRON", "SCONJ", "ADP", "CCONJ", "INTJ", "PART", "DET", "NUM", "ADJ"
}  # fmt: skip
_LABEL_WORDS = {"cancelled", "canceled", "renewed", "ended", "ending", "update", "updated"}
_CALENDAR = {w.lower() for w in MONTH_NAMES + WEEKDAY_NAMES} | {
    w.lower() + "s" for w in WEEKDAY_NAMES
}


def _connectors() -> frozenset[str]:
    return word_list("title_connectors")


def is_title_word(token: Token) -> bool:
    return _is_title_text(token.text)


def _is_title_text(text: str) -> bool:
    if not text[:1].isalnum() or text in _QUOTES:
        return False
    return text[:1].isupper() or text[:1].isdigit()


def is_headline(sent: Span) -> bool:
    """A title-case line: nearly every word capitalised, no final full stop. Kept per sentence
    on the Doc: several rules ask it of every sentence."""
    return per_sentence(sent, "tv_headlines", _is_headline)


def _is_headline(sent: Span) -> bool:
    if span_text(sent).rstrip()[-1:] in {".", "!", "?"}:
        return False  # most sentences: decided without looking at their words
    words = [w for w in doc_texts(sent.doc)[sent.start : sent.end] if w.isalpha()]
    if len(words) < 4:
        return False
    connectors = _connectors()
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in connectors)
    return capitalised / len(words) >= 0.85 and sum(w[0].isupper() for w in words) >= 3


def _blocked(doc: Doc, ents: list[Span]) -> set[int]:
    """Tokens never inside a title: known organisations, season expressions ("Season 2"),
    month and weekday names, and date expressions."""
    blocked: set[int] = set()
    for ent in ents:
        if ent.label_ == "ORG" and canonical_organisation(span_text(ent)) is not None:
            blocked.update(range(ent.start, ent.end))
    for ref in season_refs(doc):
        blocked.update(range(ref.start, ref.end))
    blocked.update(tokens_with(doc, lower=_CALENDAR))
    for found in doc._.tv_dates or []:  # "the 2013-2014 TV season", "May 5"
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is not None:
            blocked.update(range(span.start, span.end))
    return blocked


def _rule_people(doc: Doc, ents: list[Span]) -> set[tuple[int, int]]:
    """(start, end) of people found by a name rule (not by the model's guess)."""
    sources = doc.user_data.get("tv_entity_sources", {})
    return {
        (ent.start, ent.end)
        for ent in ents
        if ent.label_ == "PERSON"
        and sources.get((ent.start_char, ent.end_char), "model") not in {"model", "short_form"}
        and (len(ent) < 3 or _looks_like_a_full_name(ent))  # not "Bob Loves Marisol"
    }


def _possessor_end(doc: Doc, start: int, end: int) -> int:
    """ "Jenny Han's Harbor Lights": the title starts after a person's or company's "'s"."""
    for k in range(start + 1, end - 1):
        if doc[k].text in _POSSESSIVE and doc[k - 1].ent_type_ in {"PERSON", "ORG"}:
            return k + 1
    return start


def _runs(sent: Span, blocked: set[int]) -> list[tuple[int, int]]:
    doc = sent.doc
    texts, lowers = doc_texts(doc), doc_lowers(doc)  # words tested by their text: no Token
    connectors = _connectors()
    runs = []
    i = sent.start
    while i < sent.end:
        if not _is_title_text(texts[i]) or i in blocked:
            i += 1
            continue
        j = i + 1
        while j < sent.end and j - i < _MAX_TOKENS:
            if _is_title_text(texts[j]) and j not in blocked:
                j += 1
                continue
            text, low = texts[j], lowers[j]
            joins = low in connectors or text in _POSSESSIVE
            if text == "-" and (doc[j - 1].whitespace_ or doc[j].whitespace_):
                joins = False  # a dash between words, not a hyphen inside one
            if joins:
                # one connector, or one and an article: "Those About to Die", "Escape from the
                # Tower"; not "One Of Us from the The Missing's ..." (an article before "The")
                k = j + 1
                if k < sent.end and lowers[k] in {"the", "a", "an"} and low != "the":
                    k += 1
                article_twice = j + 1 < k < sent.end and texts[k] in {"The", "A", "An"}
                if (
                    k < sent.end
                    and _is_title_text(texts[k])
                    and k not in blocked
                    and not article_twice
                ):
                    if text == ":" and not _names_something(doc[i:j]):
                        break  # "Cancelled: Riches" is a label, not "X: Subtitle"
                    j = k
                    continue
            break
        runs.append((i, j))
        i = j
    return runs


_HEADLINE_BREAKS = {"has", "have", "had", "is", "are", "was", "were", "be", "been", "will", "gets",
                    "get", "got", "for", "at", "by", "to", "on", "in", "after", "with", "as", "and",
                    "won't", "not", "why", "how", "what", "who"}  # fmt: skip


def _headline_cuts(sent: Span) -> set[int]:
    cut = set()
    for token in sent:
        # a tagger often calls title-case verbs proper nouns: status words cut too ("Renews")
        verb = token.pos_ in {"VERB", "AUX"} if annotated(sent.doc, "TAG") else False
        if token.lower_ in _HEADLINE_BREAKS or verb or _status_word(token):
            cut.add(token.i)
    return cut


@lru_cache(maxsize=1)
def _status_verbs() -> frozenset[str]:
    names = ("renewal_verbs", "cancellation_verbs", "order_verbs", "return_verbs")
    return frozenset(entry.split()[0] for name in names for entry in word_list(name))


def _status_word(token: Token) -> bool:
    return bool(word_forms(token.lower_, token.lemma_) & _status_verbs())


def _next_to_trigger(doc: Doc, start: int, end: int, sent: Span) -> bool:
    """A headline piece counts only as what a status verb acts on: "X (Has Been) Renewed",
    "Renews X"."""
    k = end
    while k < sent.end and doc[k].lower_ in _HEADLINE_BREAKS - {"for", "at", "by", "and"}:
        k += 1
    after = k < sent.end and _status_word(doc[k])
    before = start > sent.start and _status_word(doc[start - 1])
    return after or before


def _heading_title(doc: Doc, start: int, end: int, sent: Span) -> bool:
    """The title that opens a roundup heading: "Teen Wolf (MTV) -- RENEWED", "Timeless - NBC"."""
    first = next((t.i for t in sent if not t.is_space), sent.start)
    return (
        start == first and end < sent.end and doc[end].text in {"(", "-", "--", "\u2013", "\u2014"}
    )


def _names_something(span: Span) -> bool:
    if not annotated(span.doc, "TAG"):
        return True
    # the tag too: the morphologizer now and then leaves a proper noun without a POS
    return any(t.pos_ in {"PROPN", "NOUN", "NUM"} or t.tag_.startswith("NN") for t in span)


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    sent_start = sentence_of(doc[start]).start if annotated(doc, "SENT_START") else 0
    start = _possessor_end(doc, start, end)
    while (
        start < end
        and start == sent_start
        and end - start > 1
        and _common_word(doc[start])
        # "The Quiet Room", "American Horror Story", "Two and a Half Men" start titles
        and doc[start].pos_ not in {"DET", "ADJ", "NUM"}
        and doc[start].tag_ not in {"VBG", "VBN"}  # "Breaking Bad", "Lost Girl"
    ):
        start += 1  # (month and weekday names never get here: _blocked cuts them out)
    texts = doc_texts(doc)
    while start < end and not _is_title_text(texts[start]):
        start += 1
    while end > start and not _is_title_text(texts[end - 1]):
        end -= 1
    return start, end


def _common_word(token: Token) -> bool:
    """A sentence-initial word that is capitalised only by position: "Fans of X", "Finally",
    "Some", "Two". (Without a tagger no word is judged common.)"""
    if not annotated(token.doc, "TAG"):
        return False
    return token.pos_ in _NOT_TITLE_START or token.tag_ == "NNS"


def _quoted(sent: Span) -> list[tuple[int, int]]:
    """Short capitalised phrases between matching quotes."""
    text = span_text(sent)
    if not any(mark in text for mark in _QUOTE_MARKS):
        return []  # no quote mark at all: nothing to scan
    doc = sent.doc
    texts = doc_texts(doc)
    out = []
    opened: int | None = None
    for i in range(sent.start, sent.end):
        if texts[i] not in _QUOTES or texts[i] in _POSSESSIVE:
            continue
        if opened is None:
            opened = i
            continue
        inner = doc[opened + 1 : i]
        while len(inner) and inner[-1].is_punct:  # 'Revolution,'
            inner = inner[:-1]
        if 0 < len(inner) <= 8 and is_title_word(inner[0]):
            out.append((inner.start, inner.end))
        opened = None
    return out


def _split_on_and(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split a run at "and" into titles ("Tidewater and Blue Meridian", "In the Dark and Roswell:
    New Mexico"), except between two single words ("Grace and Frankie", "Law and Order: SVU")
    or before a lower-case word ("Beauty and the Beast"); two single words are split too when
    one of them appears alone elsewhere in the article."""

    def key(start: int, end: int) -> str:
        return span_text(doc[start:end]).lower()

    texts, lowers = doc_texts(doc), doc_lowers(doc)

    def single(start: int, end: int) -> bool:
        colon = next((k for k in range(start, end) if texts[k] == ":"), end)
        return colon - start == 1

    parts_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for start, end in spans:
        cuts = [
            k
            for k in range(start + 1, end - 1)
            if lowers[k] == "and" and not texts[k + 1].islower()
        ]
        if cuts:
            bounds = [start, *cuts, end]
            parts_of[(start, end)] = [
                (bounds[n] + (n > 0), bounds[n + 1]) for n in range(len(bounds) - 1)
            ]
    standalone = {key(s, e) for s, e in spans if (s, e) not in parts_of}
    out = []
    for start, end in spans:
        parts = parts_of.get((start, end))
        if parts and (
            not all(single(s, e) for s, e in parts)
            or any(key(s, e) in standalone for s, e in parts)
        ):
            out.extend(parts)
        else:
            out.append((start, end))
    return out


def title_candidates(doc: Doc) -> list[Span]:
    ents = list(doc_entities(doc))
    blocked = _blocked(doc, ents)
    people = _rule_people(doc, ents)
    # a model PERSON of several words that starts with a given name ("Hailee Steinfeld"); the
    # model also tags titles as people ("Glass Houses"), so its guess alone is not enough
    in_person = {i for e in ents if _looks_like_a_full_name(e) for i in range(e.start, e.end)}
    capitalised_inside = capitalised_mid_sentence(doc)
    found: list[tuple[int, int]] = []
    quoted_texts: set[str] = set()
    for sent in doc_sentences(doc):
        quoted = _quoted(sent)
        found.extend(quoted)
        quoted_texts.update(span_text(doc[s:e]) for s, e in quoted)
        headline = is_headline(sent)
        if headline and quoted:
            continue  # a title-case headline that quotes its titles: the quotes are the titles
        in_quotes = {i for s, e in quoted for i in range(s, e)}
        # In a title-case headline every word is capitalised: cut the runs at its verbs and
        # prepositions instead ("Difficult People Has Been Renewed For Season 2").
        cuts = blocked | (_headline_cuts(sent) if headline else set())
        for start, end in _runs(sent, cuts):
            start, end = _trim(doc, start, end)
            if headline and not (
                (_next_to_trigger(doc, start, end, sent) or _heading_title(doc, start, end, sent))
                and _names_something(doc[start:end])
            ):
                continue  # "... Cancelled Yet": a headline piece names something or nothing
            if start < end and not in_quotes.intersection(range(start, end)):
                found.append((start, end))
    spans = []
    lowers, connectors = doc_lowers(doc), _connectors()
    for start, end in sorted(set(_split_on_and(doc, found))):
        span = doc[start:end]
        text = span_text(span)
        if canonical_organisation(text) is not None or text.lower() in _CALENDAR:
            continue
        person_like = (start, end) in people or all(i in in_person for i in range(start, end))
        if person_like and text not in quoted_texts:
            continue  # a person's name, not a title (a quoted one is a title: 'Hollis County')
        if all(lowers[k] in connectors or is_punct_at(doc, k) for k in range(start, end)):
            continue
        if not _standalone_title(span, capitalised_inside):
            continue
        spans.append(Span(doc, start, end, label="TITLE"))
    return spans


def _looks_like_a_full_name(ent: Span) -> bool:
    """A model PERSON that reads like a personal name: a given name, then a surname, with at most
    an initial, a particle or a suffix between or after ("Hailee Steinfeld", "Jon M. Chu").
    "Bob Hearts Abishola" has a given name too, but three full words: a title."""
    if ent.label_ != "PERSON" or len(ent) < 2 or fold(ent[0].text).lower() not in first_names():
        return False
    middle = [t for t in ent[1:-1] if not (len(t.text.rstrip(".")) == 1 or t.is_lower)]
    last = ent[-1].text.rstrip(".").lower()
    return not middle or (len(middle) == 1 and last in NAME_SUFFIXES)


def _standalone_title(span: Span, capitalised_inside: set[str]) -> bool:
    """Filters for one-word candidates: a sentence-initial word is a title only if it is a
    proper noun or also capitalised mid-sentence ("Perhaps", "Some" are not); a number
    modifying a noun ("a 13-year run") and a two-letter acronym ("TV", "UK") are not."""
    after = span.doc[span.end : span.end + 2]
    if len(after) == 2 and after[0].text == "-" and after[1].is_lower:
        return False  # "The Sophia Lillis-led series": a modifier
    if len(span) > 1:
        return True
    token = span[0]
    if token.lower_ in _LABEL_WORDS:
        return False  # "Cancelled: X", "Renewed!" label a list, they name nothing
    # a lone sentence-initial word: only a noun can be a title ("Grimm was renewed"), not
    # "Perhaps", "Many", "Some", "Two" (a tagger may call a title an adjective: the tag NNP
    # decides then)
    initial = token.is_sent_start and token.text not in capitalised_inside
    if initial and _common_word(token) and token.tag_ not in {"NNP", "NNPS", "NN"}:
        return False
    nxt = span.doc[token.i + 1] if token.i + 1 < len(span.doc) else None
    if token.like_num and nxt is not None and (nxt.text == "-" or nxt.is_lower):
        return False  # "a 13-year run", "54 shows": a quantity
    return not (token.is_upper and len(token.text) <= 2)


@Language.component("tv_titles", assigns=["doc.spans"])
def mark_titles(doc: Doc) -> Doc:
    doc.spans[SPANS_KEY] = title_candidates(doc)
    return doc


# --- from syntax to titles (shared by the status and premiere rules) ---------------------------

_LIST_PUNCT = {",", ";", "'", '"', "\u2019", "\u201d", "\u201c"}
_LIST_WORDS = {"and", "or", "&", "as", "well"}
_ACTOR_CUES = word_list("actor_words")  # "starring A" names a person in a member's phrase
_SHOW_NOUNS = word_list("show_nouns")
# Children of a generic head that name it ("the drama See"; also an "of" phrase: "the reboot of
# Charmed"); a possessor owns it instead ("Lamorne Morris's comedy Woke").
# (a noun's "obj" is a misparsed apposition: "the drama series One Of Us")
_NAMING_DEPS = {"appos", "compound", "flat", "conj", "obj"}


def _name_tokens(token: Token, depth: int = 2) -> list[Token]:
    """The token and the words of its name, with an "of" phrase on it ("Season 3 of X"), but not
    its other modifiers' phrases ("from the writers of ...")."""
    out = [token]
    for child in token.children:
        if child.dep_ in {"compound", "flat", "case", "det"}:
            out.append(child)
        elif depth and child.dep_ == "nmod" and any(g.lower_ == "of" for g in child.children):
            out.extend(_name_tokens(child, depth - 1))
    return out


class TitleIndex:
    """The article's title candidates, indexed by token and by sentence (built once per Doc)."""

    def __init__(self, doc: Doc) -> None:
        self.spans = list(doc.spans.get(SPANS_KEY, []))
        self.at: dict[int, Span] = {}
        self.in_sentence: dict[int, list[Span]] = {}
        for span in self.spans:
            for i in range(span.start, span.end):
                self.at[i] = span
            self.in_sentence.setdefault(sentence_of(span).start, []).append(span)

    def under(self, tokens: Iterable[Token]) -> list[Span]:
        """Titles that start or end on one of ``tokens`` (e.g. a subtree)."""
        found = {self.at[t.i] for t in tokens if t.i in self.at}
        return sorted(found, key=lambda s: s.start)

    def listed_with(self, title: Span) -> list[Span]:
        """Titles coordinated with ``title`` on the surface: "A, B and C" (robust to parse
        errors)."""
        doc = title.doc
        in_sent = self.in_sentence.get(sentence_of(title).start, [title])
        index = next(n for n, t in enumerate(in_sent) if t.start == title.start)

        def joined(left: Span, right: Span) -> bool:
            """Only list punctuation, "and", and lower-case descriptors ("freshman dramas")."""
            between = doc[left.end : right.start]
            if len(between) > 5 or any(t.is_punct and t.text not in _LIST_PUNCT for t in between):
                return False
            words = [t for t in between if not t.is_punct]
            if not any(t.lower_ in _LIST_WORDS for t in words) and not any(
                t.text in {",", ";"} for t in between
            ):
                return False
            return all(
                t.lower_ in _LIST_WORDS or (t.is_lower and t.pos_ in {"ADJ", "NOUN", "DET", "NUM"})
                for t in words
            )

        def modifier(k: int) -> bool:
            """A name in a member's phrase, not a member: "starring A", "the A drama B"."""
            span = in_sent[k]
            before = doc[span.start - 1] if span.start > 0 else None
            if before is not None and before.lower_ in _ACTOR_CUES:
                return True
            if k + 1 < len(in_sent):
                between = doc[span.end : in_sent[k + 1].start]
                return 0 < len(between) <= 2 and all(
                    t.is_lower and t.lemma_.lower() in _SHOW_NOUNS for t in between
                )
            return False

        found = [title]
        k = index
        while k > 0 and joined(in_sent[k - 1], in_sent[k]):
            k -= 1
            if not modifier(k):
                found.append(in_sent[k])
        k = index
        while k + 1 < len(in_sent) and joined(in_sent[k], in_sent[k + 1]):
            k += 1
            if not modifier(k):
                found.append(in_sent[k])
        return found


def series_spans(tokens: list[Token], titles: TitleIndex) -> list[Span]:
    """The titles that syntactic arguments name: a title containing the token, its conjuncts and
    appositions, the titles under a generic head ("the drama See"), and the titles listed with
    any of them ("A, B and C")."""
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    queue = list(tokens)
    parsed = bool(tokens) and annotated(tokens[0].doc, "DEP")
    # an apposition on a title describes it: a title before its head noun is another work ("X,
    # NBC's Y spinoff series"), one after it is named by it (a list: "X, the series Z, and ...")
    descriptions: set[int] = set()
    for token in tokens if parsed else []:
        queue.extend(token.conjuncts)
        appositions = [c for c in token.children if c.dep_ == "appos"]
        queue.extend(appositions)
        if token.i in titles.at:
            descriptions.update(c.i for c in appositions)
    credits = word_list("credit_nouns")
    other_works = word_list("work_markers_after")
    for token in queue:
        found = titles.at.get(token.i)
        spans = [found] if found is not None else []
        generic = parsed and token.pos_ in {"NOUN", "PROPN", "NUM", "X"}
        if not spans and generic:
            # a generic head: "the drama See", "the reboot of Charmed"; a person's credit names
            # another work ("the Harbor Lights star's comedy X": only the apposition)
            credit = token.lower_ in credits
            before: list[Span] = []  # names before the head noun: "the Hilde Lysiak drama X"
            for child in token.children:
                of_phrase = child.dep_ == "nmod" and any(g.lower_ == "of" for g in child.children)
                if credit and child.dep_ != "appos":
                    continue
                if child.lemma_.lower() in other_works:
                    continue  # "X, the Y prequel series": Y is the other work
                if child.dep_ in _NAMING_DEPS or of_phrase:
                    named = titles.under(_name_tokens(child))
                    (before if child.i < token.i else spans).extend(named)
            # a name before the head only modifies it when one after names it ("the Hilde Lysiak
            # drama Home Before Dark"), or when the phrase describes a title ("X, NBC's Y spinoff
            # series"); alone it stands for the series ("the Salt Marsh prequel series")
            if not spans and token.i not in descriptions:
                spans = before
        for span in spans:
            for member in titles.listed_with(span):
                key = (member.start, member.end)
                if key not in seen:
                    seen.add(key)
                    out.append(member)
    return sorted(out, key=lambda s: s.start)
