"""Rule-based PERSON / ORG recognition, as a registered spaCy component (``tv_entity_rules``).

It runs after the statistical NER (when there is one) and merges its own spans with the model's:

* known organisations from ``data/organisations.tsv`` (networks, streamers, studios, outlets);
* organisation names ending in a head word such as "Studios", "Entertainment", "Commission";
* personal names: a known given name followed by one to three capitalised words
  ("John Carroll Lynch", "Maggie Q"), and two or three capitalised words next to a speech verb
  ("said Lauren Lancaster").

Rules win over the model where they are sure (gazetteer hits, given-name matches); the model's
spans fill everything else. Honorifics ("Det.", "Dr.") are never part of a name.
"""

from __future__ import annotations

import re

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.doc_views import (
    doc_lowers,
    doc_texts,
    per_sentence,
    sentence_of,
    set_entities,
    span_text,
    tokens_with,
)
from pipeline.gazetteers import first_names, fold, org_suffixes, organisations, titles
from pipeline.lexicon import MONTH_NAMES, NAME_SUFFIXES, WEEKDAY_NAMES
from pipeline.matching import match_near

# A capitalised word that can be part of a name: "Welliver", "O'Neil", "McAdams", "Q", "J.".
NAME_WORD = re.compile(
    r"^(?:[A-Z][A-Za-z\u00C0-\u024F'\u2019-]*[a-z\u00E0-\u024F]|[A-Z]\.?|Mc[A-Z][a-z]+)$"
)
_NAME_PARTICLES = {"de", "van", "von", "der", "da", "del", "la", "le", "di", "du", "bin", "al"}
_NOT_NAME_WORDS = (
    {
        "The",
        "A",
        "An",
        "And",
        "Or",
        "But",
        "Of",
        "In",
        "On",
        "At",
        "For",
        "With",
        "From",
        "To",
        "By",
        "As",
        "Is",
        "Was",
        "Season",
        "Seasons",
        "Series",
        "Episode",
        "Episodes",
        "Part",
        "Chapter",
        "Volume",
        "I",
        "We",
        "He",
        "She",
        "They",
        "It",
        "This",
        "That",
        "These",
        "Those",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Your",
        "Its",
        "Who",
        "What",
        "When",
        "Where",
        "Why",
        "How",
        "If",
        "So",
        "Not",
        "No",
        "Yes",
        "TV",
        "US",
        "U.S.",
        "LA",
    }
    | set(MONTH_NAMES)
    | set(WEEKDAY_NAMES)
)
# Head words of place names; never part of a personal name ("Hollis County", "Culver City").
PLACE_WORDS = {
    "County",
    "City",
    "Street",
    "Avenue",
    "Boulevard",
    "Road",
    "Island",
    "Islands",
    "Beach",
    "Valley",
    "Heights",
    "Bay",
    "Lake",
    "River",
    "Mountains",
    "Falls",
    "Springs",
    "Square",
    "Station",
    "Theater",
    "Theatre",
    "Center",
    "Centre",
    "Airport",
    "Bridge",
    "Harbor",
    "Harbour",
    "State",
    "Province",
    "Coast",
    "Desert",
    "Canyon",
}
# Stand-in names for unknown people are not people of the story.
PLACEHOLDER_NAMES = {
    "John Doe",
    "Jane Doe",
    "John Smith",
    "Joe Bloggs",
    "John Q. Public",
    "Joe Schmo",
}
ROLE_VERBS = {"plays", "played", "portrays", "portrayed", "voices", "voiced"}
SPEECH_VERBS = {"said", "says", "told", "added", "explained", "noted", "stated", "recalled"}

# Priorities when spans overlap: the higher wins, then the longer.
_PRIORITY = {"gazetteer": 3, "given_name": 2, "org_suffix": 2, "context": 1, "model": 0}


def is_title_token(text: str) -> bool:
    return text.lower().rstrip(".") in titles()


def is_name_word(text: str) -> bool:
    return bool(NAME_WORD.match(text)) and text not in _NOT_NAME_WORDS


def _with_suffix(span: Span) -> Span:
    """ "James Pickens Jr.", "Percy Daggs IV": a generational suffix belongs to the name."""
    doc = span.doc
    if span.label_ != "PERSON" or span.end >= len(doc):
        return span
    nxt = doc[span.end]
    if nxt.text.rstrip(".").lower() in NAME_SUFFIXES and nxt.text[0].isupper():
        return Span(doc, span.start, span.end + 1, label="PERSON")
    return span


# "A B stars as", "played by A B"
_CONTEXT_VERBS = frozenset({"stars", "starred", "returns"})
_AGENT_VERBS = frozenset({"played", "portrayed", "voiced"})
# Tokens a pattern may hold before and after its anchor word: up to four capitalised words
# before a company suffix; "played by" and three name words after "played".
_BEFORE_ANCHOR, _AFTER_ANCHOR = 4, 4


def _capitalised_near(texts: list[str], i: int) -> bool:
    """Every pattern puts a capitalised word (A-Z) just before its anchor word ("Hart said",
    "Sol Entertainment") or one or two after it ("said Hart", "played by Hart")."""
    return any(0 <= j < len(texts) and "A" <= texts[j][:1] <= "Z" for j in (i - 1, i + 1, i + 2))


@Language.factory("tv_entity_rules")
def make_entity_rules(nlp: Language, name: str) -> EntityRules:
    return EntityRules(nlp)


class EntityRules:
    """Adds rule-based PERSON/ORG spans and records where every entity came from."""

    def __init__(self, nlp: Language) -> None:
        self.org_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for surface in organisations():
            self.org_matcher.add("ORG", [nlp.make_doc(surface)])
        self.matcher = Matcher(nlp.vocab)
        name_word = {
            "TEXT": {"REGEX": NAME_WORD.pattern},
            "ORTH": {"NOT_IN": sorted(_NOT_NAME_WORDS)},
        }
        suffix = {"ORTH": {"IN": sorted(org_suffixes())}}
        cap = {"TEXT": {"REGEX": r"^[A-Z][\w&.'\u2019-]*$"}, "ORTH": {"NOT_IN": ["The", "A", "An"]}}
        self.matcher.add(
            "ORG_SUFFIX",
            [
                [cap, {**cap, "OP": "{0,3}"}, suffix],
                [cap, {**cap, "OP": "{0,3}"}, suffix, {"LOWER": "of"}, {**cap, "OP": "{1,2}"}],
            ],
        )
        # Every pattern holds one of these words (see pipeline/matching.py).
        self.suffix_words = org_suffixes()
        self.context_words = SPEECH_VERBS | ROLE_VERBS | _CONTEXT_VERBS | _AGENT_VERBS
        speech = {"LOWER": {"IN": sorted(SPEECH_VERBS)}}
        role_verb = {"LOWER": {"IN": sorted(ROLE_VERBS)}}
        self.matcher.add(
            "CONTEXT_PERSON",
            [
                [speech, name_word, {**name_word, "OP": "{1,2}"}],
                [name_word, {**name_word, "OP": "{1,2}"}, speech],
                # Acting context names an actor: "Meera Syal plays ...", "played by Ann Lee".
                [name_word, {**name_word, "OP": "{1,2}"}, role_verb],
                [
                    name_word,
                    {**name_word, "OP": "{1,2}"},
                    {"LOWER": {"IN": sorted(_CONTEXT_VERBS)}},
                    {"LOWER": "as"},
                ],
                [
                    {"LOWER": {"IN": sorted(_AGENT_VERBS)}},
                    {"LOWER": "by"},
                    name_word,
                    {**name_word, "OP": "{1,2}"},
                ],
            ],
        )

    def __call__(self, doc: Doc) -> Doc:
        gazetteer: list[Span] = []
        org_tokens: set[int] = set()
        for _, start, end in self.org_matcher(doc):
            gazetteer.append(Span(doc, start, end, label="ORG"))
            org_tokens.update(range(start, end))
        people = self._given_name_people(doc, org_tokens)
        person_tokens = {i for span in people for i in range(span.start, span.end)}
        candidates: list[tuple[Span, str]] = [
            (span, "gazetteer")
            for span in gazetteer
            if not person_tokens.intersection(range(span.start, span.end))
        ]
        candidates.extend((span, "given_name") for span in people)
        texts = doc_texts(doc)
        anchors = [
            i
            for i in tokens_with(doc, orth=self.suffix_words, lower=self.context_words)
            if _capitalised_near(texts, i)
        ]
        for match_id, start, end in match_near(
            self.matcher, doc, anchors, _BEFORE_ANCHOR, _AFTER_ANCHOR
        ):
            rule = doc.vocab.strings[match_id]
            if rule == "ORG_SUFFIX":
                candidates.append((Span(doc, start, end, label="ORG"), "org_suffix"))
            else:
                span = doc[start:end]
                words = [t for t in span if t.is_title or t.is_upper or not t.is_lower]
                words = [
                    t
                    for t in words
                    if t.lower_ not in SPEECH_VERBS | ROLE_VERBS
                    and t.text not in _NOT_NAME_WORDS
                    and not is_title_token(t.text)
                ]
                if words and not org_tokens.intersection(t.i for t in words):
                    candidates.append(
                        (Span(doc, words[0].i, words[-1].i + 1, label="PERSON"), "context")
                    )
        starts = doc.to_array(SENT_START).tolist()  # 1: the word opens a sentence
        mid_sentence_caps = {
            text
            for i, text in enumerate(texts)
            if text[:1].isupper() and starts[i] != 1 and texts[i - 1] != ":"
        }
        for ent in doc.ents:
            if ent.label_ in {"PERSON", "ORG"}:
                trimmed = _trim(ent)
                if trimmed is not None and _plausible_name(trimmed, mid_sentence_caps):
                    candidates.append((trimmed, "model"))
        chosen = _resolve_overlaps(candidates)
        # Short forms of names found by rules or model; they replace a one-word model guess
        # ("Fairbourne" as ORG after "Lena Fairbourne").
        shorts = _short_forms(
            doc, [s for s, src in chosen if src != "model" or len(s) > 1 or s.label_ == "PERSON"]
        )
        short_tokens = {s.start for s in shorts}
        chosen = [
            (s, src)
            for s, src in chosen
            if not (src == "model" and len(s) == 1 and s.start in short_tokens)
        ]
        chosen.extend((span, "short_form") for span in shorts)
        chosen = [(_with_suffix(span), source) for span, source in chosen]
        chosen.sort(key=lambda c: c[0].start)
        set_entities(doc, [span for span, _ in chosen])
        doc.user_data["tv_entity_sources"] = {
            (span.start_char, span.end_char): source for span, source in chosen
        }
        return doc

    @staticmethod
    def _given_name_people(doc: Doc, org_tokens: set[int]) -> list[Span]:
        given = first_names()
        suffixes = org_suffixes()
        spans = []
        i = 0
        texts = doc_texts(doc)
        size = len(texts)
        while i < size:
            # A one-word organisation can still open a name: "Max Greenfield" is not the streamer.
            # (Cheapest test first, on the text: most words are not capitalised.)
            if (
                texts[i][:1].isupper()
                and fold(texts[i].lower()) in given
                and not is_title_token(texts[i])
                and (i not in org_tokens or i + 1 >= len(doc) or i + 1 not in org_tokens)
                and not _after_article(doc, i)
            ):
                j = i + 1
                while j < size and j - i <= 4 and j not in org_tokens:
                    word = texts[j]
                    if word in suffixes or word in PLACE_WORDS:
                        j = i + 1  # "Sol Entertainment" is a company, "Hollis County" a place
                        break
                    if j + 1 < size and texts[j + 1].lower() == "n't":
                        break  # "Won't" is split into "Wo" + "n't"
                    if is_name_word(word):
                        j += 1
                    elif _is_name_hyphen(doc, j) or (
                        word in _NAME_PARTICLES and j + 1 < size and is_name_word(texts[j + 1])
                    ):
                        j += 2
                    else:
                        break
                name = span_text(doc[i:j]) if j > i + 1 else ""
                if name and not name.isupper() and name not in PLACEHOLDER_NAMES:
                    start = i
                    # Leading initials belong to the name: "K. Michael Stevens".
                    while start > 0 and re.fullmatch(r"[A-Z]\.", texts[start - 1]):
                        start -= 1
                    spans.append(Span(doc, start, j, label="PERSON"))
                    i = j
                    continue
            i += 1
        return spans


def full_names(persons: list[Span]) -> list[str]:
    return sorted({span_text(p) for p in persons if len(p) >= 2})


def short_form_index(names: list[str]) -> dict[str, str]:
    """Folded single word -> the only full name it stands for ("connelly" -> Michael Connelly)."""
    candidates: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        for word in {words[0], words[-1]}:
            candidates.setdefault(fold(word), set()).add(name)
    return {word: next(iter(found)) for word, found in candidates.items() if len(found) == 1}


def _short_forms(doc: Doc, spans: list[Span]) -> list[Span]:
    """One-word mentions of people named in full elsewhere in the document: "Q's", "Connelly said".

    Articles name a person in full once and then by surname (or, for characters, first name).
    """
    index = short_form_index(full_names([s for s in spans if s.label_ == "PERSON"]))
    taken = {i for s in spans for i in range(s.start, s.end)}
    texts = doc_texts(doc)
    out = []
    for i, text in enumerate(texts):
        # cheapest test first: most words are no known name
        if fold(text) not in index or i in taken or not is_name_word(text):
            continue
        if i + 1 < len(texts) and is_name_word(texts[i + 1]):
            continue  # part of a longer name that is not the known one
        out.append(Span(doc, i, i + 1, label="PERSON"))
    return out


def _after_article(doc: Doc, i: int) -> bool:
    """ "The Lincoln Lawyer" is a title and "a John Doe" is generic: people take no article."""
    return i > 0 and doc_lowers(doc)[i - 1] in {"the", "a", "an"}


def _is_name_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen joining two name parts with no spaces: "Zeta-Jones", "Jean-Luc"."""
    texts = doc_texts(doc)
    return (
        texts[i] == "-"
        and i + 1 < len(doc)
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and is_name_word(texts[i + 1])
    )


_DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$")  # "U.S.", "L.A."
_ORG_CONNECTORS = {"of", "&", "and", "for", "the", "-", "de", "du", "la"}


def _plausible_name(span: Span, mid_sentence_caps: set[str]) -> bool:
    """Keep a statistical span only if it reads like a name in news text.

    The bundled model is small; on entertainment news it also tags headline words ("Season"),
    sentence-initial words ("Rounding", "Timing") and hyphenated modifiers ("Q-led"). A name is
    made of capitalised words (organisations may join them with "of", "&", ...), contains no
    word that is never a name ("Season", months), and a lone word opening a sentence counts only
    if the article also capitalises it mid-sentence.
    """
    words = [t for t in span if t.text not in _ORG_CONNECTORS or span.label_ != "ORG"]
    if not words or any(t.text in _NOT_NAME_WORDS for t in span):
        return False
    if not all(
        NAME_WORD.match(t.text) or (t.is_upper and t.is_alpha) or _DOTTED_ACRONYM.match(t.text)
        for t in words
        if t.text != "-"
    ):
        return False
    if (
        span.end < len(span.doc)
        and span.doc[span.end].text == "-"
        and not span.doc[span.end - 1].whitespace_
    ):
        return False  # "Maggie Q-led": a modifier, and the name is found without the suffix
    if span.text in PLACEHOLDER_NAMES:
        return False
    if len(span) == 1:
        token = span[0]
        opens_clause = token.is_sent_start or (token.i > 0 and span.doc[token.i - 1].text == ":")
        acronym = span.label_ == "ORG" and token.is_upper and len(token) > 1
        if opens_clause and token.text not in mid_sentence_caps and not acronym:
            return False
        if _is_title_case_line(sentence_of(token)):
            return False  # in a headline every word is capitalised: one word says nothing
    return True


def _is_title_case_line(sent: Span) -> bool:
    """Most longer words capitalised (kept per sentence: asked for every one-word name)."""
    return per_sentence(sent, "tv_title_case_lines", _mostly_capitalised)


def _mostly_capitalised(sent: Span) -> bool:
    words = [w for w in doc_texts(sent.doc)[sent.start : sent.end] if w.isalpha() and len(w) > 3]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _trim(span: Span) -> Span | None:
    """Drop leading titles/determiners and a trailing possessive from a model span."""
    start, end = span.start, span.end
    doc = span.doc
    texts, lowers = doc_texts(doc), doc_lowers(doc)
    while start < end and (is_title_token(texts[start]) or lowers[start] in {"the", "a", "an"}):
        if span.label_ == "ORG" and texts[start] == "The":
            break  # "The Hollywood Reporter", "The CW" keep their article
        start += 1
    while end > start and (
        texts[end - 1] in {"'s", "\u2019s", "'", "\u2019"} or doc[end - 1].is_punct
    ):
        end -= 1
    if end <= start:
        return None
    return Span(doc, start, end, label=span.label_)


def _resolve_overlaps(candidates: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    ranked = sorted(
        candidates, key=lambda c: (-_PRIORITY[c[1]], -(c[0].end - c[0].start), c[0].start)
    )
    taken: set[int] = set()
    chosen = []
    for span, source in ranked:
        if taken.intersection(range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        chosen.append((span, source))
    chosen.sort(key=lambda c: c[0].start)
    return chosen
