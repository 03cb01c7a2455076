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

import dataclasses
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.doc_views import (
    doc_entities,
    doc_lemmas,
    doc_lowers,
    doc_sentences,
    doc_texts,
    is_punct_at,
    sentence_of,
    span_text,
)
from pipeline.entity_rules import is_title_token
from pipeline.gazetteers import first_names, fold
from pipeline.lexicon import NAME_SUFFIXES, word_list
from pipeline.patterns.common import (
    APOSTROPHE_S,
    ROLE_NOUNS,
    TextSpan,
    annotated,
    descriptive_name_after,
    name_before,
    name_run,
    person_ents,
    person_list,
    persons_by_sentence,
)

PLAY_VERBS = word_list("play_verbs")
_PLAYED_BY = frozenset({"played", "portrayed", "voiced"})
_CREATOR_CUES = word_list("creator_cues")
_RELATIONS = word_list("relation_nouns")
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
_ACTOR_WORDS = word_list("actor_words")  # "star", "actress" next to a name elsewhere
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
    # token.ent_type_ per token: doc.ents would rebuild every entity span on each call
    return any(t.ent_type_ == "ORG" for t in span)


def _valid_character(span: Span | None, actor: Span) -> bool:
    if span is None or _overlaps_org(span) or span.start < actor.end and span.end > actor.start:
        return False
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    # "as Ballard's partner" names a relation, not the character; "as Bosch Season 2" a show.
    return not (nxt is not None and (nxt.text in APOSTROPHE_S or nxt.lower_ == "season"))


def _cue_pairs(doc: Doc, actor: Span, sent: Span, persons: list[Span]) -> list[CastPair]:
    """ "A plays B", "A as B", "A ... the role of B", scanning right of the actor."""
    texts, lowers = doc_texts(doc), doc_lowers(doc)
    j = actor.end
    limit = min(sent.end, actor.end + _MAX_GAP + 1)
    while j < limit:
        if any(p.start == j for p in persons):
            return []  # another person is closer to whatever cue follows
        text = texts[j]
        if text in {",", "("}:
            # ", who plays", ", as X,", ", joining the cast as", "(reprising her role as": a
            # clause on the actor
            clause = j + 1 < sent.end and (
                lowers[j + 1] in {"who", "as"} or doc[j + 1].tag_ == "VBG"
            )
            if not clause:
                return []
        elif text != "-" and is_punct_at(doc, j):
            return []
        low = lowers[j]
        rule = None
        start = j + 1
        if low in PLAY_VERBS:
            rule = "verb"
        elif low == "as" and not (j > 0 and lowers[j - 1] in {"such", "well", "so", "just"}):
            rule = "as"
        elif low == "of" and j > 0 and lowers[j - 1] == "role":
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
    lowers = doc_lowers(doc)
    for i in range(sent.start, sent.end - 1):
        if lowers[i] not in _PLAYED_BY or lowers[i + 1] != "by":
            continue
        token = doc[i]
        k = token.i - 1
        while k >= sent.start and doc[k].text in {",", "(", "[", "-", "\u2014", "\u2013", "--"}:
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


_OPENERS = {"(": ")", "[": "]"}


def _name_in_parens(doc: Doc, open_i: int, limit: int) -> Span | None:
    close = _OPENERS[doc[open_i].text]
    end = name_run(doc, open_i + 1, limit)
    if end == open_i + 1:
        end = _caps_run(doc, open_i + 1, limit)
    if end > open_i + 1 and end < limit and doc[end].text.rstrip(".").lower() in NAME_SUFFIXES:
        end += 1
    if end > open_i + 1 and end < limit and doc[end].text == close:
        return doc[open_i + 1 : end]
    return None


def _caps_run(doc: Doc, i: int, limit: int) -> int:
    """End of an ALL-CAPS name of two to four words ("NICOLA WALKER"), else ``i``."""
    texts = doc_texts(doc)  # spaCy's is_upper and is_alpha are str.isupper and str.isalpha
    j = i
    while (
        j < limit and j - i < 4 and texts[j].isupper() and texts[j].isalpha() and len(texts[j]) > 1
    ):
        j += 1
    return j if j - i >= 2 else i


def _looks_like_person_name(span: Span, persons: list[Span]) -> bool:
    """Name evidence for one side of a bracket pair: a PERSON entity, or a known given name."""
    if any(p.start <= span.start and span.end <= p.end for p in persons):
        return True
    if len(span) >= 2 and span.text.isupper() and all(t.is_alpha for t in span):
        return True  # captions credit actors in capitals: "(BRYONY HANNAH)"
    first = fold(span[0].text.rstrip(".")).lower()
    return first in first_names() or is_title_token(span[0].text)


def _person_evidence(
    span: Span, persons: list[Span], actors: set[str], characters: set[str]
) -> int:
    """How strongly the article says ``span`` is a real person (+) or a character (-)."""
    doc = span.doc
    texts, lowers = doc_texts(doc), doc_lowers(doc)
    key = fold(span_text(span))
    score = 0
    if key in actors:
        score += 2
    if key in characters:
        score -= 2
    if len(span) == 1:
        score -= 1  # characters go by one name ("Teri"); actors are credited in full
    if is_title_token(texts[span.start]):
        score -= 2  # "Sister Cynthia Mary", "Dr. Bailey"
    if span.start > 0 and lowers[span.start - 1] in ROLE_NOUNS:
        score -= 2
    if any(p.start == span.start and p.end == span.end for p in persons):
        score += 1
    if texts[span.end - 1].rstrip(".").lower() in NAME_SUFFIXES:
        score += 2  # "James Pickens Jr.": a generational suffix belongs to a real person
    # the same name elsewhere in the article, outside brackets, next to an acting word
    for other in persons:
        if other.start == span.start or fold(span_text(other)) != key:
            continue
        if not _ACTOR_WORDS.isdisjoint(lowers[max(0, other.start - 3) : other.end + 3]):
            score += 1
            break
    return score


def _surname(word: Span, persons: list[Span]) -> bool:
    """Whether a one-word name is the last word of a person named in full elsewhere."""
    return any(len(p) >= 2 and p.end != word.end and p[-1].text == word.text for p in persons)


def _parenthesis_pairs(
    doc: Doc,
    sent: Span,
    persons: list[Span],
    characters: set[str],
    actors: set[str],
    everyone: list[Span],
) -> list[tuple[Span, Span, int]]:
    """ "A (B)", "B (A)", "B [A]": a name directly followed by another name in brackets.

    Returns (outer, inner, evidence) with evidence > 0 when the outer name is the actor, < 0 when
    the inner one is, 0 when the article does not tell (decided later by the article's habit).
    A bracket holding a credit ("A (Some Other Show)") is not a name and gives nothing.
    """
    out = []
    unknown = []  # one-word brackets no name list knows
    brackets = 0
    texts = doc_texts(doc)
    for i in range(sent.start + 1, sent.end):
        if texts[i] not in _OPENERS:
            continue
        token = doc[i]
        brackets += 1
        inner = _name_in_parens(doc, token.i, sent.end)
        if inner is None or _overlaps_org(inner):
            continue
        outer = name_before(doc, token.i, sent.start, persons)
        if outer is None:
            end = token.i
            start = end
            while start > sent.start and doc[start - 1].is_upper and doc[start - 1].is_alpha:
                start -= 1
            outer = doc[start:end] if end - start >= 2 else None
        if outer is None or _overlaps_org(outer):
            continue
        if inner.text.isupper() and len(inner) == 1:
            continue  # "Los Angeles Police Department (LAPD)" is an abbreviation
        if not (_looks_like_person_name(inner, persons) or _looks_like_person_name(outer, persons)):
            if len(inner) == 1 and len(outer) >= 2:
                unknown.append((outer, inner, 0))  # a list of "Actor (Name)" may vouch for it
            continue
        if len(inner) == 1 and len(outer) == 1:
            # an actor is credited in full ("LeFou (Louie)" is a nickname), or by the surname of
            # a person the article names in full: "Teri (Obi)" after "Enuka Obi"
            inner_actor, outer_actor = _surname(inner, everyone), _surname(outer, everyone)
            if inner_actor != outer_actor:
                out.append((outer, inner, 3 if outer_actor else -3))
            continue
        if not _looks_like_person_name(inner, persons) and len(inner) > 1:
            continue  # "Blake Anderson (Workaholics)": a credit, not a role
        evidence = _person_evidence(outer, everyone, actors, characters) - _person_evidence(
            inner, everyone, actors, characters
        )
        if len(inner) == 1 and not (
            fold(inner.text).lower() in first_names() or fold(inner.text) in characters
        ):
            # "Mark Bonnar (Catastrophe)" - unless a list of "Actor (Name)" says it is a role
            unknown.append((outer, inner, evidence))
            continue
        out.append((outer, inner, evidence))
    one_word_roles = [o for o, i, _ in out if len(i) == 1 and len(o) >= 2]
    if len(one_word_roles) >= 2:
        out += [(o, i, e) for o, i, e in unknown if len(o) >= 2]
    named = sum(1 for _, inner, _ in out if _looks_like_person_name(inner, persons))
    if brackets >= 3 and named * 2 < brackets:
        return []  # "A (Show), B (Show), C (Show)": a list of credits, not of roles
    return out


def _orient(found: list[tuple[Span, Span, int]]) -> list[CastPair]:
    """Bracket pairs with the actor decided by name evidence; where a pair has none, the
    article's own habit decides (lists keep one order), and without any, the actor comes first."""
    habit = sum((e > 0) - (e < 0) for _, _, e in found)
    out = []
    for outer, inner, evidence in found:
        outer_is_actor = evidence > 0 or (evidence == 0 and habit >= 0)
        actor, character = (outer, inner) if outer_is_actor else (inner, outer)
        pair = _pair(actor, character, "parenthesis", 0.8 if evidence else 0.6)
        closing = max(outer.end, inner.end)  # the evidence takes the closing bracket too
        if closing < len(outer.doc) and outer.doc[closing].text in {")", "]"}:
            span = outer.doc[min(outer.start, inner.start) : closing + 1]
            pair = dataclasses.replace(pair, evidence=TextSpan.of(span))
        out.append(pair)
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
        if fold(actor.text) in creators or _names_an_org(actor):
            continue
        character = descriptive_name_after(doc, actor.end + 1, sent.end, max_skip=3)
        if character is None or not _valid_character(character, actor):
            continue
        between = {t.lower_ for t in doc[actor.end + 1 : character.start]}
        if between & _RELATIONS:
            continue  # "Amy Poehler's old friend Tina Fey" is a relation, not a role
        # Only a full personal name or a known character: "Netflix's Ted" is not a role.
        given = fold(character[0].lower_) in first_names()
        full_name = len(character) >= 2 and fold(character[0].lower_) in first_names()
        if (
            full_name
            or (len(character) == 1 and given and len(actor) >= 2)
            or (fold(character.text) in characters)
            or between & {"character", "role"}  # "Ruiz's character Joe" says so itself
        ):
            out.append(_pair(actor, character, "possessive", 0.7))
    return out


def _names_an_org(span: Span) -> bool:
    """ "Redwater's X" where the article names "Redwater Television": the company's, not a role."""
    if len(span) != 1:
        return False
    orgs = span.doc.user_data.setdefault("tv_org_first_words", None)
    if orgs is None:  # built once per Doc
        orgs = {e[0].text for e in doc_entities(span.doc) if e.label_ == "ORG" and len(e) > 1}
        span.doc.user_data["tv_org_first_words"] = orgs
    return span.text in orgs


def creator_names(doc: Doc) -> set[str]:
    """People described as the author/creator: their possessives name creations, not roles."""
    out = set()
    lowers, texts = doc_lowers(doc), doc_texts(doc)
    for person in person_ents(doc):
        sent = sentence_of(person)
        window = lowers[max(sent.start, person.start - 4) : min(sent.end, person.end + 6)]
        if not _CREATOR_CUES.isdisjoint(window):
            out.add(fold(span_text(person)))
            out.add(fold(texts[person.end - 1]))
    return out


def _caption_actors(doc: Doc, sent: Span) -> list[Span]:
    """ALL-CAPS names followed by "as" in captions: "NICOLA WALKER as DCI Cassie Stuart"."""
    out = []
    lowers = doc_lowers(doc)
    i = sent.start
    while i < sent.end:
        end = _caps_run(doc, i, sent.end)
        if end > i and end < sent.end and lowers[end] == "as":
            out.append(doc[i:end])
        i = max(end, i + 1)
    return out


def _respectively_pairs(doc: Doc, sent: Span, persons: list[Span]) -> list[CastPair]:
    """ "A and B play X and Y, respectively": the n-th actor plays the n-th role."""
    last = next((t for t in reversed(sent) if t.lower_ == "respectively"), None)
    if last is None:
        return []
    cue = next(
        (
            t
            for t in reversed(doc[sent.start : last.i])
            if t.lower_ in PLAY_VERBS
            or t.lower_ == "as"
            or (t.lower_ == "of" and t.i > 0 and doc[t.i - 1].lower_ in {"role", "roles"})
        ),
        None,
    )
    if cue is None:
        return []
    roles: list[Span] = []
    j = cue.i + 1
    while j < last.i:
        found = descriptive_name_after(doc, j, last.i, max_skip=2, allow_appositive=False)
        if found is None:
            j += 1
            continue
        roles.append(found)
        j = found.end
        while j < last.i and doc[j].text in {"(", "["}:  # an alias: "LeFou (Louie)"
            j = next((k + 1 for k in range(j, last.i) if doc[k].text in {")", "]"}), last.i)
    actors = [p for p in persons if sent.start <= p.start and p.end <= cue.i][-len(roles) :]
    if len(roles) < 2 or len(actors) != len(roles):
        return []
    return [_pair(a, r, "respectively", 0.8) for a, r in zip(actors, roles, strict=True)]


_CAST_AS = {"star", "cast", "return", "join", "appear", "reprise", "play", "portray", "voice"}


def _name_at(token: Token) -> Span | None:
    """The proper name headed by ``token`` with its compound/flat proper-noun neighbours; for a
    common noun, the name in apposition to it ("medical student Jules Millin")."""
    if token.is_lower:
        named = [
            c
            for c in token.children
            if c.dep_ == "flat" and c.text[:1].isupper() and c.i == token.i + 1
        ]
        if not named:
            return None
        token = named[0]
        parts = (
            [token]
            + [n for n in named[1:]]
            + [c for c in token.children if c.dep_ in {"compound", "flat"} and c.text[:1].isupper()]
        )
    else:
        parts = [token] + [
            c for c in token.children if c.dep_ in {"compound", "flat"} and c.text[:1].isupper()
        ]
    if not token.is_alpha:
        return None
    start, end = min(t.i for t in parts), max(t.i for t in parts) + 1
    if end - start != len(parts):
        return None  # not contiguous
    span = token.doc[start:end]
    return None if _overlaps_org(span) else span


_SHARED_SUBJECT = {"conj", "xcomp", "advcl"}


def _named_noun(token: Token) -> Token:
    """For "the student" in apposition to a name ("Beck, the student ..."), the name: from the
    parse, else from the surface (a name, a comma, then the noun phrase)."""
    if not token.is_lower:
        return token
    if token.dep_ == "appos" and token.head.text[:1].isupper():
        return token.head
    start = token.left_edge.i
    doc = token.doc
    while start < token.i and doc[start].is_punct:
        start += 1  # the comma before an apposition often hangs on it
    if start >= 2 and doc[start - 1].text == "," and doc[start - 2].text[:1].isupper():
        return doc[start - 2]
    return token


def _parse_pairs(doc: Doc, persons: list[Span]) -> list[CastPair]:
    """Over the parse: "A will play B" (with anything between them), "A, who plays B", "A was
    cast as B", "A stars as B", "A reprises the role of B"."""
    if not annotated(doc, "DEP"):
        return []
    person_at = {t.i: p for p in persons for t in p}
    out = []
    lowers = doc_lowers(doc)
    for i, lemma in enumerate(doc_lemmas(doc)):
        lemma = lemma.lower()
        if lemma not in _CAST_AS:
            continue
        verb = doc[i]
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        sent = sentence_of(verb)
        if "respectively" in lowers[sent.start : sent.end]:
            continue  # pairs by position: see _respectively_pairs
        playing = lemma in {"play", "portray", "voice"}
        objects = [c for c in verb.children if c.dep_ == "obj"]
        agents = [
            c
            for c in verb.children
            if c.dep_ in {"obl", "obl:agent"} and any(g.lower_ == "by" for g in c.children)
        ]
        if playing and agents and verb.dep_ in {"acl", "acl:relcl"}:
            # "Belly, a teenager played by Lola Tung": the agent plays the noun modified
            actors = [person_at[a.i] for a in agents if a.i in person_at]
            name = _name_at(_named_noun(verb.head))
            out += [_pair(a, name, "parse", 0.85) for a in actors if name is not None]
            continue
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubj:pass"}]
        relative_object = [o for o in objects if o.lower_ in {"whom", "who", "that", "which"}]
        if verb.dep_ == "acl:relcl" and relative_object:
            # "Beck, the student whom Elizabeth Lail portrays": the role is the noun modified
            objects = [_named_noun(verb.head)]
        elif verb.dep_ == "acl:relcl" or any(s.lower_ in {"who", "that"} for s in subjects):
            subjects = [verb.head]  # "A, who plays B"
        head = verb
        while not subjects and head.dep_ in _SHARED_SUBJECT and head.head != head:
            head = head.head  # "A, best known for X, will play B": the subject sits on "known"
            subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubj:pass"}]
        actors = [person_at[s.i] for s in subjects if s.i in person_at]
        if not actors:
            continue
        roles = []
        if playing:
            roles += objects
        roles += [
            c
            for c in verb.children
            if c.dep_ in {"obl", "advcl", "xcomp"} and any(g.lower_ == "as" for g in c.children)
        ]
        names = []
        for role in roles:
            if role.lower_ in {"role", "part", "character"}:  # "the role of B"
                role = next((c for c in role.children if c.dep_ == "nmod"), role)
            name = _name_at(role)
            if name is not None:
                names.append(name)
        if not names and playing:
            # the parse found no name as object: the name right after the verb, past its
            # descriptors ("will play nurse Alice Dorn")
            found = descriptive_name_after(doc, verb.i + 1, sentence_of(verb).end, max_skip=3)
            if found is not None and _valid_character(found, actors[0]):
                names.append(found)
        for actor in actors:
            for name in names:
                if name.start >= actor.end or name.end <= actor.start:
                    out.append(_pair(actor, name, "parse", 0.85))
    return out


def find_cast_pairs(doc: Doc) -> list[CastPair]:
    persons = person_ents(doc)
    by_sentence = persons_by_sentence(persons)
    pairs: list[CastPair] = _parse_pairs(doc, persons)
    # Each rule needs a word or sign in the sentence; its text is searched first (in C) so
    # that the token-by-token rules run only where they can match.
    for sent in doc_sentences(doc):
        local = by_sentence.get(sent.start, [])
        text = span_text(sent).lower()
        respectively = _respectively_pairs(doc, sent, local) if "respectively" in text else []
        if respectively:  # "A and B play X and Y, respectively": position decides, nothing else
            pairs.extend(respectively)
            continue
        words = doc_lowers(doc)[sent.start : sent.end]
        captions = _caption_actors(doc, sent) if "as" in words else []
        for actor in local + captions:
            pairs.extend(_cue_pairs(doc, actor, sent, local))
        if "by" in words:
            pairs.extend(_played_by_pairs(doc, sent, local))
    characters = {fold(p.character.text) for p in pairs}
    actors = {fold(p.actor.text) for p in pairs}
    creators = creator_names(doc) - actors
    bracketed = []
    for sent in doc_sentences(doc):
        local = by_sentence.get(sent.start, [])
        text = span_text(sent)
        if "(" in text or "[" in text:
            bracketed.extend(_parenthesis_pairs(doc, sent, local, characters, actors, persons))
        if local and ("'" in text or "\u2019" in text):
            pairs.extend(_possessive_pairs(doc, sent, local, creators, characters))
    pairs.extend(_orient(bracketed))
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
    by_sentence = persons_by_sentence(person_ents(doc))
    out = []
    for sent in doc_sentences(doc):
        for start, j in _list_starts(doc, sent):
            for person in person_list(doc, j, sent.end, by_sentence.get(sent.start, [])):
                out.append(
                    CastMember(
                        TextSpan.of(person), TextSpan.of(doc[start : person.end]), "cast_list"
                    )
                )
    unique = {(m.actor.start, m.actor.end): m for m in out}
    return sorted(unique.values(), key=lambda m: m.actor.start)


def _list_starts(doc: Doc, sent: Span) -> list[tuple[int, int]]:
    """(cue start, first list token) for every cast-list cue in the sentence."""
    text = span_text(sent).lower()
    if "star" not in text and "cast" not in text:
        return []  # every cue holds one of these ("starring", "co-stars", "the cast includes")
    words = doc_lowers(doc)[sent.start : sent.end]
    at: dict[str, list[int]] = {}  # word -> its positions: a cue is tried where it can start
    for k, word in enumerate(words):
        at.setdefault(word, []).append(k)
    found = []
    for cue in _LIST_CUES:
        n = len(cue)
        for k in at.get(cue[0], ()):
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


Doc.set_extension("tv_cast_pairs", default=None, force=True)
Doc.set_extension("tv_cast_members", default=None, force=True)


@Language.component(
    "tv_cast",
    assigns=["doc._.tv_cast_pairs", "doc._.tv_cast_members"],
    requires=["doc.ents", "doc.sents"],
)
def mark_cast(doc: Doc) -> Doc:
    doc._.tv_cast_pairs = find_cast_pairs(doc)
    doc._.tv_cast_members = find_cast_members(doc)
    return doc
