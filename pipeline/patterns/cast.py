"""Cast rules: who plays whom, and who is in the cast.

Pairs (actor -> character), each rule general over the ways articles say it:

* ``verb``: "A plays B", "A, who plays B", "A portrays B", "A voices B", "A owns the role of B";
* ``as``: "A as B", "starring A as B", "A stars as B", "A brings quiet authority as B",
  "A guest starred in Season 1 as retired Det. B";
* ``played_by``: "B, played by A", "B (portrayed by A)";
* ``parenthesis``: "A (B)" and "B (A)" in captions and lists; the side that is a character is
  decided by what the article says elsewhere, by a role noun before it ("detective B (A)"), and
  otherwise by the caption convention actor-first;
* ``possessive``: "A's B" where A is a person who is not the show's creator and B a full name
  ("Titus Welliver's Harry Bosch").

Members without a character come from cast lists: "Also starring A, B and C",
"the cast includes A, B ...", "co-star A".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.gazetteers import first_names, fold
from pipeline.patterns.common import (
    APOSTROPHE_S,
    ROLE_NOUNS,
    TextSpan,
    descriptive_name_after,
    name_before,
    name_run,
    person_ents,
    person_list,
)

PLAY_VERBS = frozenset(
    [
        "play",
        "plays",
        "played",
        "playing",
        "portray",
        "portrays",
        "portrayed",
        "portraying",
        "voice",
        "voices",
        "voiced",
        "voicing",
        "embody",
        "embodies",
        "embodied",
        "embodying",
    ]
)
_PLAYED_BY = frozenset({"played", "portrayed", "voiced"})
_CREATOR_CUES = frozenset(
    [
        "author",
        "novelist",
        "writer",
        "creator",
        "showrunner",
        "novels",
        "books",
        "novel",
        "book",
        "wrote",
        "created",
        "mastermind",
    ]
)
_RELATIONS = frozenset(
    [
        "friend",
        "friends",
        "co-star",
        "costar",
        "star",
        "husband",
        "wife",
        "spouse",
        "partner",
        "daughter",
        "son",
        "mother",
        "father",
        "brother",
        "sister",
        "boyfriend",
        "girlfriend",
        "fiance",
        "fiancee",
        "colleague",
        "manager",
        "agent",
        "publicist",
        "director",
        "producer",
        "boss",
        "ex",
        "assistant",
        "lawyer",
        "attorney",
        "rep",
        "representative",
    ]
)
_LIST_CUES = (
    ("also", "starring"),
    ("co", "-", "starring"),
    ("starring",),
    ("cast", "includes"),
    ("cast", "also", "includes"),
    ("cast", "include"),
    ("co", "-", "star"),
    ("co", "-", "stars"),
    ("lead", "star"),
    ("also", "stars"),
    ("stars",),
)
_MAX_GAP = 8  # tokens between the actor and the cue word


@dataclass(frozen=True)
class CastPair:
    actor: TextSpan
    character: TextSpan
    evidence: TextSpan  # from the first to the last token of the statement
    rule: str
    confidence: float


@dataclass(frozen=True)
class CastMember:
    actor: TextSpan
    evidence: TextSpan
    rule: str


def _pair(actor: Span, character: Span, rule: str, confidence: float) -> CastPair:
    evidence = _evidence(actor.doc, actor, character)
    return CastPair(TextSpan.of(actor), TextSpan.of(character), evidence, rule, confidence)


def _evidence(doc: Doc, a: Span, b: Span) -> TextSpan:
    start, end = min(a.start, b.start), max(a.end, b.end)
    return TextSpan.of(doc[start:end])


def _overlaps_org(span: Span) -> bool:
    return any(
        e.label_ == "ORG" and e.start < span.end and span.start < e.end for e in span.doc.ents
    )


def _valid_character(span: Span | None, actor: Span) -> bool:
    if span is None or _overlaps_org(span) or span.start < actor.end and span.end > actor.start:
        return False
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    # "as Ballard's partner" names a relation, not the character; "as Bosch Season 2" a show.
    return not (nxt is not None and (nxt.text in APOSTROPHE_S or nxt.lower_ == "season"))


def _cue_pairs(doc: Doc, actor: Span, sent: Span, persons: list[Span]) -> list[CastPair]:
    """ "A plays B", "A as B", "A ... the role of B", scanning right of the actor."""
    j = actor.end
    limit = min(sent.end, actor.end + _MAX_GAP + 1)
    while j < limit:
        token = doc[j]
        if any(p.start == j for p in persons):
            return []  # another person is closer to whatever cue follows
        if token.is_punct and token.text != "," and token.text != "-":
            return []
        if token.text == "," and not (j + 1 < sent.end and doc[j + 1].lower_ == "who"):
            return []
        low = token.lower_
        rule = None
        start = j + 1
        if low in PLAY_VERBS:
            rule = "verb"
        elif low == "as" and not (j > 0 and doc[j - 1].lower_ in {"such", "well", "so", "just"}):
            rule = "as"
        elif low == "of" and j > 0 and doc[j - 1].lower_ == "role":
            rule = "verb"
        if rule:
            character = descriptive_name_after(doc, start, sent.end)
            if _valid_character(character, actor):
                assert character is not None
                return [_pair(actor, character, rule, 0.9)]
            if rule == "verb":
                return []
        j += 1
    return []


def _played_by_pairs(doc: Doc, sent: Span, persons: list[Span]) -> list[CastPair]:
    """ "B, played by A" / "B (played by A)"."""
    out = []
    for token in sent:
        if (
            token.lower_ not in _PLAYED_BY
            or token.i + 1 >= sent.end
            or doc[token.i + 1].lower_ != "by"
        ):
            continue
        k = token.i - 1
        while k >= sent.start and doc[k].text in {",", "("}:
            k -= 1
        character = name_before(doc, k + 1, sent.start, persons)
        if character is None:
            continue
        actor = next(
            (p for p in persons if token.i + 2 <= p.start <= token.i + 5 and p.end <= sent.end),
            None,
        )
        if actor is not None and not _overlaps_org(character):
            out.append(_pair(actor, character, "played_by", 0.9))
    return out


def _name_in_parens(doc: Doc, open_i: int, limit: int) -> Span | None:
    end = name_run(doc, open_i + 1, limit)
    if end > open_i + 1 and end < limit and doc[end].text == ")":
        return doc[open_i + 1 : end]
    return None


def _parenthesis_pairs(
    doc: Doc, sent: Span, persons: list[Span], characters: set[str], actors: set[str]
) -> list[CastPair]:
    """ "A (B)" and "B (A)": a name directly followed by another name in brackets."""
    out = []
    for token in sent:
        if token.text != "(" or token.i == sent.start:
            continue
        inner = _name_in_parens(doc, token.i, sent.end)
        if inner is None or _overlaps_org(inner):
            continue
        outer = name_before(doc, token.i, sent.start, persons)
        if outer is None:
            continue
        start = outer.start
        if _overlaps_org(outer) or inner.text.isupper():
            continue  # "Los Angeles Police Department (LAPD)" is an abbreviation
        if not any(p.start <= outer.start and outer.end <= p.end for p in persons) and not any(
            p.start <= inner.start and inner.end <= p.end for p in persons
        ):
            continue
        role_before = start > sent.start and doc[start - 1].lower_ in ROLE_NOUNS
        outer_key, inner_key = fold(outer.text), fold(inner.text)
        if role_before or outer_key in characters or inner_key in actors:
            actor, character = inner, outer
        else:
            actor, character = outer, inner
        out.append(_pair(actor, character, "parenthesis", 0.8))
    return out


def _possessive_pairs(
    doc: Doc, sent: Span, persons: list[Span], creators: set[str], characters: set[str]
) -> list[CastPair]:
    """ "A's B": "Titus Welliver's Harry Bosch pops in", "Q's Detective Renee Ballard"."""
    out = []
    for actor in persons:
        if (
            not (sent.start <= actor.start and actor.end < sent.end)
            or doc[actor.end].text not in APOSTROPHE_S
        ):
            continue
        if fold(actor.text) in creators:
            continue
        character = descriptive_name_after(doc, actor.end + 1, sent.end, max_skip=3)
        if character is None or not _valid_character(character, actor):
            continue
        between = {t.lower_ for t in doc[actor.end + 1 : character.start]}
        if between & _RELATIONS:
            continue  # "Amy Poehler's old friend Tina Fey" is a relation, not a role
        # Only a full personal name or a known character: "Netflix's Ted" is not a role.
        full_name = len(character) >= 2 and fold(character[0].lower_) in first_names()
        if full_name or fold(character.text) in characters:
            out.append(_pair(actor, character, "possessive", 0.7))
    return out


def creator_names(doc: Doc) -> set[str]:
    """People described as the author/creator: their possessives name creations, not roles."""
    out = set()
    for person in person_ents(doc):
        window = doc[
            max(person.sent.start, person.start - 4) : min(person.sent.end, person.end + 6)
        ]
        if any(t.lower_ in _CREATOR_CUES for t in window):
            out.add(fold(person.text))
            out.add(fold(person[-1].text))
    return out


def find_cast_pairs(doc: Doc) -> list[CastPair]:
    persons = person_ents(doc)
    pairs: list[CastPair] = []
    for sent in doc.sents:
        for actor in persons:
            if sent.start <= actor.start < sent.end:
                pairs.extend(_cue_pairs(doc, actor, sent, persons))
        pairs.extend(_played_by_pairs(doc, sent, persons))
    characters = {fold(p.character.text) for p in pairs}
    actors = {fold(p.actor.text) for p in pairs}
    creators = creator_names(doc) - actors
    for sent in doc.sents:
        pairs.extend(_parenthesis_pairs(doc, sent, persons, characters, actors))
        pairs.extend(_possessive_pairs(doc, sent, persons, creators, characters))
    characters = {fold(p.character.text) for p in pairs}
    unique: dict[tuple[int, int, int, int], CastPair] = {}
    for pair in pairs:
        if fold(pair.actor.text) in characters:
            continue  # "Tess will always be ..." - a character is not an actor
        key = (pair.actor.start, pair.actor.end, pair.character.start, pair.character.end)
        unique.setdefault(key, pair)
    return sorted(unique.values(), key=lambda p: (p.evidence.start, p.actor.start))


def find_cast_members(doc: Doc) -> list[CastMember]:
    """People named in a cast list ("Also starring A, B, and C")."""
    persons = person_ents(doc)
    out = []
    for sent in doc.sents:
        for start, j in _list_starts(doc, sent):
            for person in person_list(doc, j, sent.end, persons):
                out.append(
                    CastMember(
                        TextSpan.of(person), TextSpan.of(doc[start : person.end]), "cast_list"
                    )
                )
    unique = {(m.actor.start, m.actor.end): m for m in out}
    return sorted(unique.values(), key=lambda m: m.actor.start)


def _list_starts(doc: Doc, sent: Span) -> list[tuple[int, int]]:
    """(cue start, first list token) for every cast-list cue in the sentence."""
    words = [t.lower_ for t in sent]
    found = []
    for cue in _LIST_CUES:
        n = len(cue)
        for k in range(len(words) - n + 1):
            if tuple(words[k : k + n]) == cue:
                found.append((sent.start + k, _skip_to_list(doc, sent.start + k + n, sent.end)))
    # "the cast of the series includes A, B": "cast" then an including verb within a few words.
    for k, word in enumerate(words):
        if word != "cast":
            continue
        for m in range(k + 1, min(k + 6, len(words))):
            if words[m] in {"includes", "include", "including", "features", "rounds", "is"}:
                found.append((sent.start + k, _skip_to_list(doc, sent.start + m + 1, sent.end)))
                break
    return found


def _skip_to_list(doc: Doc, j: int, limit: int) -> int:
    """Skip "of the series" in "the cast of the series includes" style phrases and a colon."""
    while j < limit and (
        doc[j].text in {":", "-"} or doc[j].lower_ in {"the", "also", "are", "is"}
    ):
        j += 1
    return j
