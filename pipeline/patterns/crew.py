"""Crew rules: executive producers, showrunners, creators, developers, writers, directors.

* "X is executive produced by A, B and C" / "developed by A and B" / "created by A";
* "A serves as co-executive producer", "A and B serve as showrunners";
* "A and B, the series' co-showrunners and executive producers";
* a role noun in apposition before a name: "showrunner A", "creator A".
Every person in the list gets one claim; ``role`` is the claim type.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.patterns.common import TextSpan, person_ents, person_list

_BY_ROLES = {
    ("executive", "produced", "by"): "executive_producer",
    ("exec", "produced", "by"): "executive_producer",
    ("co", "-", "executive", "produced", "by"): "co_executive_producer",
    ("developed", "by"): "developer",
    ("created", "by"): "creator",
    ("co", "-", "created", "by"): "creator",
    ("written", "by"): "writer",
    ("directed", "by"): "director",
}
_ROLE_NOUNS = {
    ("co", "-", "executive", "producer"): "co_executive_producer",
    ("co", "-", "executive", "producers"): "co_executive_producer",
    ("executive", "producer"): "executive_producer",
    ("executive", "producers"): "executive_producer",
    ("co", "-", "showrunner"): "showrunner",
    ("co", "-", "showrunners"): "showrunner",
    ("showrunner",): "showrunner",
    ("showrunners",): "showrunner",
    ("creator",): "creator",
    ("co", "-", "creator"): "creator",
}
_SERVE = {"serve", "serves", "served", "serving"}
# Words between a list of people and their role noun: "A and B, the series' co-showrunners and".
_APPOSITION_SKIP = {
    "as",
    "a",
    "an",
    "the",
    "series",
    "show",
    "'s",
    "'",
    "its",
    "and",
    "also",
    "co",
    "-",
    "showrunner",
    "showrunners",
    "executive",
    "producer",
    "producers",
    "creator",
    "creators",
}


@dataclass(frozen=True)
class CrewCredit:
    person: TextSpan
    role: str
    evidence: TextSpan


def _match_at(words: list[str], k: int, phrase: tuple[str, ...]) -> bool:
    return tuple(words[k : k + len(phrase)]) == phrase


def _people_before(doc: Doc, sent: Span, end: int, persons: list[Span]) -> list[Span]:
    """The list of people ending right before token ``end`` ("A and B serve as")."""
    out: list[Span] = []
    j = end
    while j > sent.start:
        if doc[j - 1].text in {",", "&"} or doc[j - 1].lower_ in {"and", "also"}:
            j -= 1
            continue
        person = next((p for p in persons if p.end == j and p.start >= sent.start), None)
        if person is None:
            break
        out.insert(0, person)
        j = person.start
    return out


def find_crew(doc: Doc) -> list[CrewCredit]:
    persons = person_ents(doc)
    credits: list[CrewCredit] = []
    for sent in doc.sents:
        words = [t.lower_ for t in sent]
        for k in range(len(words)):
            for phrase, role in _BY_ROLES.items():
                if _match_at(words, k, phrase) and not (
                    phrase[0] == "executive" and k >= 2 and words[k - 1] == "-"
                ):
                    start = sent.start + k + len(phrase)
                    for person in person_list(doc, start, sent.end, persons):
                        credits.append(
                            CrewCredit(
                                TextSpan.of(person),
                                role,
                                TextSpan.of(doc[sent.start + k : person.end]),
                            )
                        )
            for phrase, role in _ROLE_NOUNS.items():
                if not _match_at(words, k, phrase) or (
                    phrase[0] != "co" and k >= 2 and words[k - 1] == "-"
                ):
                    continue
                at = sent.start + k
                after = at + len(phrase)
                # "A serves as co-executive producer" / "A and B, the series' co-showrunners"
                j = at - 1
                while j >= sent.start and doc[j].lower_ in _APPOSITION_SKIP:
                    j -= 1
                if j >= sent.start and (doc[j].lower_ in _SERVE or doc[j].text == ","):
                    anchor = j if doc[j].text == "," else j
                    while anchor > sent.start and doc[anchor - 1].lower_ in {
                        "also",
                        "both",
                        "will",
                    }:
                        anchor -= 1
                    for person in _people_before(doc, sent, anchor, persons):
                        credits.append(
                            CrewCredit(
                                TextSpan.of(person), role, TextSpan.of(doc[person.start : after])
                            )
                        )
                # "showrunner A" - apposition.
                nxt = next((p for p in persons if p.start == after), None)
                if nxt is not None:
                    credits.append(
                        CrewCredit(TextSpan.of(nxt), role, TextSpan.of(doc[at : nxt.end]))
                    )
    unique = {(c.person.start, c.role): c for c in credits}
    return sorted(unique.values(), key=lambda c: (c.person.start, c.role))
