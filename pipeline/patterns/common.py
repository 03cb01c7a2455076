"""Token-level helpers shared by the pattern rules (cast, series, renewal, crew)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.doc_views import doc_entities, sentence_of, span_text
from pipeline.entity_rules import is_name_word, is_title_token
from pipeline.lexicon import word_list

# Words that end a descriptive phrase such as "the no-nonsense Detective ..." - a character name
# is never found past one of these.
FUNCTION_WORDS = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "to",
        "by",
        "and",
        "or",
        "but",
        "if",
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "well",
        "such",
        "soon",
        "long",
        "much",
        "usual",
        "though",
        "per",
        "part",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "him",
        "them",
        "this",
        "these",
        "those",
        "there",
        "then",
        "than",
        "when",
        "while",
        "not",
        "no",
        "so",
        "too",
        "also",
        "just",
        "even",
        "still",
        "very",
        "more",
        "most",
        "less",
        "about",
        "into",
        "onto",
        "over",
        "under",
        "after",
        "before",
        "since",
        "until",
        "during",
        "between",
        "among",
        "against",
        "without",
        "within",
        "through",
        "across",
        "around",
        "do",
        "does",
        "did",
        "said",
        "says",
    ]
)
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "another", "one"})
APOSTROPHE_S = frozenset({"'s", "\u2019s", "'", "\u2019"})
ROLE_NOUNS = word_list("role_nouns")


@dataclass(frozen=True)
class TextSpan:
    """A span of the cleaned text; ``text`` is ``clean_text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, span: Span) -> TextSpan:
        return cls(span.start_char, span.end_char, span_text(span))


def name_run(doc: Doc, i: int, limit: int) -> int:
    """End index of the run of name words starting at token ``i`` (``i`` if there is none)."""
    j = i
    while j < limit and j - i < 5:
        text = doc[j].text
        if (
            is_name_word(text)
            or (text == "-" and j > i and not doc[j - 1].whitespace_)
            or text.lower() in {"de", "van", "von", "del", "la", "le", "da"}
            and j > i
        ):
            j += 1
        else:
            break
    while j > i and doc[j - 1].text == "-":
        j -= 1
    return j


def name_before(doc: Doc, end: int, floor: int, persons: list[Span]) -> Span | None:
    """The name ending right before token ``end``: a PERSON entity, else a run of name words."""
    person = next((p for p in persons if p.end == end and p.start >= floor), None)
    if person is not None:
        return person
    start = end
    while start > floor and (
        is_name_word(doc[start - 1].text)
        or (doc[start - 1].text == "-" and start - 1 > floor and not doc[start - 2].whitespace_)
    ):
        start -= 1
    while start < end and doc[start].text == "-":
        start += 1
    return doc[start:end] if start < end else None


def descriptive_name_after(
    doc: Doc, i: int, limit: int, max_skip: int = 6, allow_appositive: bool = True
) -> Span | None:
    """The name after a descriptive phrase: "the shady Ted Rawls", "LAPD detective Renée Ballard".

    Skips determiners, lower-case descriptors, acronyms used as modifiers ("LAPD detective") and
    titles ("Det."), then returns the first run of name words. Returns None at a function word,
    punctuation, or when nothing name-like follows.
    """
    j = i
    skipped = 0
    while j < limit and skipped <= max_skip:
        token = doc[j]
        low = token.lower_
        hyphenated = j + 1 < limit and doc[j + 1].text == "-" and not token.whitespace_
        # "charming and witty X", "the leading man and title character X": descriptors joined
        joined = (
            low == "and"
            and skipped
            and doc[j - 1].is_lower
            and j + 1 < limit
            and doc[j + 1].is_lower
        )
        if joined:
            j += 1
            continue
        if (low in FUNCTION_WORDS and not hyphenated) or (token.is_punct and token.text != "-"):
            # "as her reluctant partner, Constable Eli Marsh, and ...": one appositive name,
            # accepted only when the name is followed by punctuation (not by a verb).
            if token.text == "," and skipped and doc[j - 1].is_lower and allow_appositive:
                found = descriptive_name_after(
                    doc, j + 1, limit, max_skip=1, allow_appositive=False
                )
                if found is not None and (found.end >= limit or doc[found.end].is_punct):
                    return found
            return None
        if is_title_token(token.text) and j + 1 < limit and is_name_word(doc[j + 1].text):
            j += 1
            skipped += 1
            continue
        if token.is_upper and len(token.text) > 1 and j + 1 < limit and doc[j + 1].is_lower:
            j += 1  # an acronym used as a modifier: "LAPD detective"
            skipped += 1
            continue
        if token.is_lower or low in DETERMINERS or token.text == "-" or token.like_num:
            j += 1
            skipped += 1
            continue
        end = name_run(doc, j, limit)
        if end == j:
            return None
        return doc[j:end]
    return None


def person_ents(doc: Doc) -> list[Span]:
    return [e for e in doc_entities(doc) if e.label_ == "PERSON"]


def persons_by_sentence(persons: list[Span]) -> dict[int, list[Span]]:
    """Sentence start -> its people. The sentence rules look at one sentence's people at a time;
    grouping them once keeps their cost linear in the article's length."""
    out: dict[int, list[Span]] = {}
    for person in persons:
        out.setdefault(sentence_of(person).start, []).append(person)
    return out


def person_list(doc: Doc, j: int, limit: int, persons: list[Span]) -> list[Span]:
    """Consecutive persons separated by commas / "and" starting at token ``j``."""
    members: list[Span] = []
    last_item = False  # after "and", exactly one more member ends the list
    while j < limit:
        person = next((p for p in persons if p.start == j), None)
        if person is None:
            # An unknown capitalised name inside an established list is still a name.
            end = name_run(doc, j, limit)
            words = [t for t in doc[j:end] if t.text != "-"]
            if len(words) >= 2 and all(is_name_word(t.text) for t in words):
                person = doc[j:end]
            else:
                break
        members.append(person)
        j = person.end
        # "A as B, C as D": skip the role so the list continues.
        if j < limit and doc[j].lower_ == "as":
            while j < limit and doc[j].text not in {",", ";"}:
                j += 1
        if last_item:
            break
        while j < limit and (doc[j].text in {",", ";"} or doc[j].lower_ in {"and", "&"}):
            last_item = last_item or doc[j].lower_ in {"and", "&"}
            j += 1
        if j < limit and doc[j].lower_ in FUNCTION_WORDS:
            break
    return members


def annotated(doc: Doc, attr: str) -> bool:
    """``doc.has_annotation(attr)``, cached on the Doc: spaCy's check scans every token, and the
    claim components ask per token. They all run after the model, so the answer is fixed."""
    cache = doc.user_data.setdefault("tv_annotated", {})
    if attr not in cache:
        cache[attr] = doc.has_annotation(attr)
    return cache[attr]
