"""Crew rules: creators, showrunners, executive producers, writers, directors, developers.

Role words live in ``pipeline/data/words/crew_roles.txt`` (nouns) and ``crew_verbs.txt``
(verbs). A person gets a role from:

* a role noun in apposition, before or after the name: "creator A", "series creator A",
  "executive producers A, B and C", "A, the show's creator", "A (showrunner)", "A serves as
  co-executive producer", "A and B are executive producers", "with A as an executive producer";
* a verb with a "by" agent: "created by A", "executive produced by A, B and C", "written and
  directed by A" (each coordinated verb gives its role);
* the subject of an active verb (from the parse, with coordinated subjects and verbs shared):
  "A created the series", "A wrote and directed the pilot", "A will direct", "A, who created
  the show". "write", "create" and "develop" need a work as object ("the pilot", a title), so
  "A wrote on Instagram" is no credit.

Plain producers are not crew claims. Component ``tv_crew`` writes ``doc._.tv_crew``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from pipeline.doc_views import doc_lemmas, doc_lowers, doc_sentences, sentence_of
from pipeline.lexicon import inflections as _inflections
from pipeline.lexicon import word_list, word_table
from pipeline.patterns.common import (
    TextSpan,
    annotated,
    person_ents,
    person_list,
    persons_by_sentence,
)
from pipeline.patterns.titles import SPANS_KEY as TITLES_KEY

# Words that may stand between a name and its role noun: "A and B, the series' co-showrunners".
_BETWEEN = frozenset(
    """, ( : - the a an its their his her series show drama comedy 's ' \u2019s \u2019 also both
    as is are was were will be been serve serves served serving who and longtime veteran back [ ]
    return returns returning remain remains""".split()
)  # fmt: skip


@dataclass(frozen=True)
class CrewCredit:
    person: TextSpan
    role: str
    evidence: TextSpan


@lru_cache(maxsize=4)
def _role_matcher(vocab: Vocab) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for phrase, roles in word_table("crew_roles").items():
        matcher.add(roles, [Doc(vocab, words=phrase.split())])
    return matcher


def _verb_roles() -> dict[str, str]:
    return word_table("crew_verbs")


def _credit(person: Span, role: str, a: int, b: int) -> CrewCredit:
    doc = person.doc
    start, end = min(a, person.start), max(b, person.end)
    return CrewCredit(TextSpan.of(person), role, TextSpan.of(doc[start:end]))


def _people_before(doc: Doc, sent: Span, end: int, persons: list[Span]) -> list[Span]:
    """The list of people ending at token ``end`` ("A, B and C")."""
    out: list[Span] = []
    j = end
    while j > sent.start:
        if doc[j - 1].text in {",", "&"} or doc[j - 1].lower_ == "and":
            j -= 1
            continue
        person = next((p for p in persons if p.end == j and p.start >= sent.start), None)
        if person is None:
            break
        out.insert(0, person)
        j = person.start
    return out


def _noun_credits(doc: Doc, sent: Span, persons: list[Span]) -> list[CrewCredit]:
    out = []
    for match in _role_matcher(doc.vocab)(sent, as_spans=True):  # spans index the Doc
        start, end, roles = match.start, match.end, match.label_.split(",")
        if start > sent.start and doc[start - 1].text == "-" and doc[start - 2].lower_ == "co":
            continue  # "co-executive producer" is its own entry
        # "creator A", "executive producers A, B and C", "EP: A"
        j = end
        while j < sent.end and doc[j].text in {":", ",", "]", ")"} and j - end < 2:
            j += 1
        # "creator and writer A": a second role noun before the name
        while j + 1 < sent.end and doc[j].lower_ == "and" and _role_at(doc, j + 1) is not None:
            j = _role_at(doc, j + 1)
        # "serve as executive producers along with A"
        if j + 1 < sent.end and (doc[j].lower_, doc[j + 1].lower_) == ("along", "with"):
            j += 2
        elif j < sent.end and doc[j].lower_ == "alongside":
            j += 1
        after = person_list(doc, j, sent.end, persons)
        # "A, the show's creator", "A (showrunner)", "A serves as executive producer"
        k = start
        while k > sent.start and (doc[k - 1].lower_ in _BETWEEN or _role_word(doc[k - 1])):
            k -= 1  # "A, the series' co-showrunners and executive producers"
        before = _people_before(doc, sent, k, persons) if k < start and not after else []
        if before and doc[start - 1].lower_ == "and" and not after:
            before = []  # "A and executive producer B": B's role only
        for person in after + before:
            for role in roles:
                out.append(_credit(person, role, start, end))
    return out


@lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    return frozenset(word for phrase in word_table("crew_roles") for word in phrase.split())


def _role_word(token: Token) -> bool:
    return token.lower_ in _role_words()


def _role_at(doc: Doc, i: int) -> int | None:
    """End of a role noun starting at token ``i``, if one does."""
    window = doc[i : min(len(doc), i + 4)]
    ends = [m.end for m in _role_matcher(doc.vocab)(window, as_spans=True) if m.start == i]
    return max(ends) if ends else None


_PRODUCE = frozenset({"produced", "produce", "produces", "producing"})


def _role_verb_candidates(doc: Doc) -> list[Token]:
    """Words whose forms name a crew role, "produce" aside (taken only after "executive"):
    found in the Doc's word lists, so that ``_verb_role`` makes a Token only for these."""
    return [
        doc[i]
        for i, (lemma, low) in enumerate(zip(doc_lemmas(doc), doc_lowers(doc), strict=True))
        if low not in _PRODUCE and _role_of_word(lemma.lower() or low, low) is not None
    ]


def _verb_role(token: Token) -> str | None:
    low = token.lemma_.lower() or token.lower_
    if token.lower_ in _PRODUCE:
        prev = token.doc[max(0, token.i - 3) : token.i]
        words = " ".join(t.lower_ for t in prev)
        if words.endswith("co - executive"):
            return "co_executive_producer"
        if words.endswith("executive") or words.endswith("exec"):
            return "executive_producer"
        return None
    tagged = annotated(token.doc, "TAG")
    if tagged and token.pos_ not in {"VERB", "AUX"} and not token.tag_.startswith("VB"):
        return None
    return _role_of_word(low, token.lower_)


@lru_cache(maxsize=1 << 16)
def _role_of_word(lemma: str, lower: str) -> str | None:
    """The crew role a verb names, from its lemma or any base form of the word (asked of every
    verb of every article: cached)."""
    roles = _verb_roles()
    for form in [lemma, lower, *sorted(_inflections(lower))]:
        if form in roles:
            return roles[form]
    return None


# Words inside a chain of verbs before "by": "developed, executive produced and written by".
_BY_CHAIN = frozenset(
    "and , / for tv television originally also jointly both executive exec co -".split()
)


def _by_credits(doc: Doc, sent: Span, persons: list[Span]) -> list[CrewCredit]:
    """ "created by A", "written and directed by A and B": verbs chained by "and" before "by"."""
    out = []
    lowers = doc_lowers(doc)
    for token in (doc[i] for i in range(sent.start, sent.end - 1) if lowers[i] == "by"):
        people = person_list(doc, token.i + 1, sent.end, persons)
        if not people:
            continue
        roles = []
        k = token.i - 1
        while k >= sent.start:
            role = _verb_role(doc[k])
            if role is None and doc[k].lower_ not in _BY_CHAIN:
                break
            if role is not None:
                roles.append(role)
            k -= 1
        for person in people:
            for role in roles:
                out.append(_credit(person, role, k + 1, token.i + 1))
    return out


def _names_a_work(verb: Token) -> bool:
    works = word_list("work_nouns")
    titles = verb.doc.spans.get(TITLES_KEY, [])
    for child in verb.children:
        if child.dep_ != "obj":
            continue
        for token in [child, *child.conjuncts]:
            if token.lemma_.lower() in works or token.lower_ in works:
                return True
            if any(t.start <= token.i < t.end for t in titles):
                return True
    return False


def _subject_credits(
    doc: Doc, persons: list[Span], by_sentence: dict[int, list[Span]]
) -> list[CrewCredit]:
    """ "A created the series", "A wrote and directed it", "A, who created the show"."""
    if not annotated(doc, "DEP") or not persons:
        return []
    person_at = {i: p for p in persons for i in range(p.start, p.end)}
    out = []
    for token in _role_verb_candidates(doc):
        role = _verb_role(token)
        if role is None:
            continue
        if any(c.dep_ in {"nsubj:pass", "aux:pass"} for c in token.children):
            continue  # passives take a "by" agent, handled above
        verbs = [token]
        if token.dep_ == "conj":
            verbs.append(token.head)  # "A wrote and directed": the subject sits on "wrote"
        needs_work = role in {"creator", "writer", "developer"}
        if needs_work and not any(_names_a_work(v) for v in [token, *token.conjuncts]):
            continue
        subjects = [c for v in verbs for c in v.children if c.dep_ == "nsubj"]
        if token.dep_ == "acl:relcl" or any(
            s.lower_ in {"who", "that"} for s in subjects
        ):  # "A, who created the show"
            subjects = [token.head]
        people: list[Span] = []
        for subject in subjects:
            for node in [subject, *subject.conjuncts]:
                person = person_at.get(node.i)
                if person is None:
                    continue
                # the whole list the subject stands in, whatever the parse made of it
                sent = sentence_of(person)
                local = by_sentence.get(sent.start, [])
                for member in _people_before(doc, sent, _list_end(person, local), local):
                    if member not in people:
                        people.append(member)
        for person in people:
            out.append(_credit(person, role, token.i, token.i + 1))
    return out


def _list_end(person: Span, persons: list[Span]) -> int:
    """End of the "A, B and C" list that ``person`` starts or stands in."""
    doc = person.doc
    end = person.end
    while True:
        j = end
        while j < sentence_of(person).end and (doc[j].text in {",", "&"} or doc[j].lower_ == "and"):
            j += 1
        nxt = next((p for p in persons if p.start == j), None) if j > end else None
        if nxt is None:
            return end
        end = nxt.end


def find_crew(doc: Doc) -> list[CrewCredit]:
    persons = person_ents(doc)
    by_sentence = persons_by_sentence(persons)
    credits: list[CrewCredit] = []
    for sent in doc_sentences(doc):
        local = by_sentence.get(sent.start, [])
        credits.extend(_noun_credits(doc, sent, local))
        credits.extend(_by_credits(doc, sent, local))
    credits.extend(_subject_credits(doc, persons, by_sentence))
    unique = {(c.person.start, c.role): c for c in credits}
    return sorted(unique.values(), key=lambda c: (c.person.start, c.role))


Doc.set_extension("tv_crew", default=None, force=True)


@Language.component("tv_crew", assigns=["doc._.tv_crew"], requires=["doc.ents"])
def mark_crew(doc: Doc) -> Doc:
    doc._.tv_crew = find_crew(doc)
    return doc
