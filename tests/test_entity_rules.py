from __future__ import annotations

import pytest


def ents(doc, label: str) -> list[str]:
    return [e.text for e in doc.ents if e.label_ == label]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Yesterday Olivia Colman joined the cast.", ["Olivia Colman"]),
        ("The show stars Samuel L. Jackson and Ke Huy Quan.", ["Samuel L. Jackson"]),
        ("Catherine Zeta-Jones returns.", ["Catherine Zeta-Jones"]),
        ("It features Maggie Q in the lead.", ["Maggie Q"]),
        ("Vincent van Gogh painted it.", ["Vincent van Gogh"]),
        ('"It is great," said Ines Okonkwo-Baptiste.', ["Ines Okonkwo-Baptiste"]),
        ("Det. Renée Ballard returns.", ["Renée Ballard"]),
    ],
)
def test_people_found(parse, text: str, people: list[str]) -> None:
    found = ents(parse(text), "PERSON")
    for person in people:
        assert person in found


@pytest.mark.parametrize(
    "text",
    [
        "It is based on The Lincoln Lawyer novels.",
        "They found a John Doe in the river.",
        "Season 2 arrives in May 2026.",
        "June Season starts now.",  # a given name followed by a non-name word
    ],
)
def test_no_person_false_positives(parse, text: str) -> None:
    assert ents(parse(text), "PERSON") == []


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        ("Netflix has renewed it, Variety reports.", ["Netflix", "Variety"]),
        ("It streams on Amazon Prime Video and Apple TV+.", ["Amazon Prime Video", "Apple TV+"]),
        (
            "Produced by Moonbeam Pictures and Sol Entertainment.",
            ["Moonbeam Pictures", "Sol Entertainment"],
        ),
        ("The Writers Guild of America went on strike.", ["Writers Guild of America"]),
        ("Max Greenfield stars.", []),  # a person, not the streamer Max
    ],
)
def test_organisations_found(parse, text: str, orgs: list[str]) -> None:
    assert ents(parse(text), "ORG") == orgs


def test_gazetteer_wins_over_given_name(parse) -> None:
    doc = parse("Will Netflix renew the show?")
    assert "Netflix" in ents(doc, "ORG")
    assert ents(doc, "PERSON") == []
