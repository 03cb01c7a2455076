from __future__ import annotations

import pytest

from pipeline.patterns.cast import find_cast_members, find_cast_pairs


def pairs(parse, text: str) -> list[tuple[str, str, str]]:
    doc = parse(text)
    return [(p.actor.text, p.character.text, p.rule) for p in find_cast_pairs(doc)]


@pytest.mark.parametrize(
    ("text", "actor", "character", "rule"),
    [
        ("In the new drama, Olivia Colman plays Ruth Gale.", "Olivia Colman", "Ruth Gale", "verb"),
        (
            "Daniel Kaluuya portrays Agent Marcus Bell with calm menace.",
            "Daniel Kaluuya",
            "Marcus Bell",
            "verb",
        ),
        (
            "Emma Stone, who plays Nina, said the finale surprised her.",
            "Emma Stone",
            "Nina",
            "verb",
        ),
        (
            "The series stars Jason Segel as Jimmy Laird, a grieving therapist.",
            "Jason Segel",
            "Jimmy Laird",
            "as",
        ),
        (
            "Starring Keri Russell as Kate Wyler, the thriller returns.",
            "Keri Russell",
            "Kate Wyler",
            "as",
        ),
        ("Hannah Einbinder stars as Ava.", "Hannah Einbinder", "Ava", "as"),
        (
            "Sarah Paulson returns as the icy Dr. Mildred Ratched.",
            "Sarah Paulson",
            "Mildred Ratched",
            "as",
        ),
        (
            "Walton Goggins appears in two episodes as NCIS agent Cooper Howard.",
            "Walton Goggins",
            "Cooper Howard",
            "as",
        ),
        (
            "The villain, Lord Vex, played by Brian Cox, steals every scene.",
            "Brian Cox",
            "Lord Vex",
            "played_by",
        ),
        (
            "Lord Vex (played by Brian Cox) steals every scene.",
            "Brian Cox",
            "Lord Vex",
            "played_by",
        ),
        (
            "Pedro Pascal (Joel Miller) in a scene from the show.",
            "Pedro Pascal",
            "Joel Miller",
            "parenthesis",
        ),
        (
            "Ruby Rose, who owns the role of Kate Kane, spoke to fans.",
            "Ruby Rose",
            "Kate Kane",
            "verb",
        ),
        (
            "Audiences loved Jeremy Allen White's Carmen Berzatto this year.",
            "Jeremy Allen White",
            "Carmen Berzatto",
            "possessive",
        ),
    ],
)
def test_cast_pair_forms(parse, text: str, actor: str, character: str, rule: str) -> None:
    assert (actor, character, rule) in pairs(parse, text)


def test_character_first_parenthesis_uses_role_noun(parse) -> None:
    text = "The retired detective Sam Vimes (Paul Kaye) returns."
    assert ("Paul Kaye", "Sam Vimes", "parenthesis") in pairs(parse, text)


def test_character_first_parenthesis_uses_what_article_says(parse) -> None:
    text = "Anna Lee plays Mira Tan. Later, Mira Tan (Anna Lee) faces a choice."
    found = pairs(parse, text)
    assert ("Anna Lee", "Mira Tan", "parenthesis") in found
    assert ("Mira Tan", "Anna Lee", "parenthesis") not in found


@pytest.mark.parametrize(
    "text",
    [
        "Sandra Oh served as a mentor to younger actors.",  # no name after "as"
        "Tom Hanks, as well as Rita Wilson, attended.",  # "as well as"
        "Michael Fox was named as Netflix chief.",  # an organisation is not a role
        "Jane Doe works as of July on the show.",  # "as of"
        "Laura Dern said the budget was as big as ever.",
        "The network, played by rules, agreed.",  # no person after "played by"
        "Los Angeles Police Department (LAPD) officers arrived.",  # abbreviation
        "The novelist Lee Child's Jack Reacher is back.",  # an author's creation, not a role
    ],
)
def test_no_cast_pair(parse, text: str) -> None:
    assert pairs(parse, text) == []


@pytest.mark.parametrize(
    ("text", "members"),
    [
        (
            "Also starring Ann Dowd, Tim Blake Nelson and Rhea Seehorn, the drama returns.",
            ["Ann Dowd", "Tim Blake Nelson", "Rhea Seehorn"],
        ),
        (
            "The cast of the film includes Julia Garner, Jason Bateman, and Laura Linney.",
            ["Julia Garner", "Jason Bateman", "Laura Linney"],
        ),
        ("Co-star Nina Arianda praised the writers.", ["Nina Arianda"]),
        ("The crew includes Dana Fox.", []),
    ],
)
def test_cast_lists(parse, text: str, members: list[str]) -> None:
    assert [m.actor.text for m in find_cast_members(parse(text))] == members


# --- shapes added for real articles: brackets either way, captions, parse, respectively --------


def pair_set(parse, text: str) -> set[tuple[str, str]]:
    doc = parse(text)
    return {(p.actor.text, p.character.text) for p in find_cast_pairs(doc)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Character (Actor): the generational suffix says who is the real person, and the list
        # keeps one order
        (
            "Fans will miss Nora Vance (Kelly Adams Jr.) and Tobias Reed (Martin Hale).",
            {("Kelly Adams Jr.", "Nora Vance"), ("Martin Hale", "Tobias Reed")},
        ),
        # a one-word name in brackets is the character
        ("Jenna Ortiz (Teri) returns in the finale.", {("Jenna Ortiz", "Teri")}),
        # square brackets
        (
            "Oscar Lindqvist [Detective Hal Moss] leads the team.",
            {("Oscar Lindqvist", "Detective Hal Moss")},  # the title goes when claims are built
        ),
        # a caption credits the actor in capitals inside the brackets
        (
            "Call the Midwife 5 Sister Cynthia Mary (BRYONY HANNAH)",
            {("BRYONY HANNAH", "Cynthia Mary")},
        ),
        # ALL-CAPS caption
        (
            "Coldharbour MARTHA QUINN as DCI Ruth Kemp and OWEN PRICE as DS Ben Ali",
            {("MARTHA QUINN", "Ruth Kemp"), ("OWEN PRICE", "Ben Ali")},
        ),
        # parse: an apposition between the actor and the verb
        (
            "Priya Raman, best known for a cable comedy, will play nurse Alice Dorn next season.",
            {("Priya Raman", "Alice Dorn")},
        ),
        # respectively
        (
            "It will star Paul Marsh and Ella Stone, who play Victor and Mara, respectively.",
            {("Paul Marsh", "Victor"), ("Ella Stone", "Mara")},
        ),
        # played by, after a dash
        (
            "In it, the character Xander - played by Leon Okafor - is hurt.",
            {("Leon Okafor", "Xander")},
        ),
        # played by, on a noun in apposition to the character
        (
            "The show follows Wren, a young cook played by Nadia Hale, who moves to Leeds.",
            {("Nadia Hale", "Wren")},
        ),
        # a relative clause whose object is the character
        (
            "What became of Tallis, the chemist whom Omar Reyes portrays on the show?",
            {("Omar Reyes", "Tallis")},
        ),
    ],
)
def test_cast_shapes(default_parse, text: str, expected: set[tuple[str, str]]) -> None:
    assert pair_set(default_parse, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Actor (Other Show): credits, not roles
        "The cast adds Mark Dell (Harbour Lights), Rosie Camp (Prey) and Ian Holt (Bystander).",
        "Guest stars include Jane Doyle (Casualty).",
        # two one-word names: a nickname, not an actor
        "The villain Gaston (Louie) is back.",
        # a company's possessive is no role
        "It is made by Redwater Television and produced by Redwater's Simone Achterberg.",
    ],
)
def test_not_cast_pairs(default_parse, text: str) -> None:
    assert pair_set(default_parse, text) == set()


def test_one_word_actor_takes_the_full_name_the_article_writes() -> None:
    import pipeline

    text = (
        "Hulu renewed Glass Houses, the comedy from Dana Holt starring Kofi Mensah.\n"
        "In the pilot, Mensah plays Winston Reyes, a retired cop.\n"
    )
    pairs = {(c.subject, c.object) for c in pipeline.extract(text) if c.claim_type == "cast"}
    assert ("Kofi Mensah", "Winston Reyes") in pairs


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # a participle clause after the actor: "joining the cast as", "reprising the role as"
        (
            "Mia Tran was hired in July, joining the cast as Mika Yasuda, a resident.",
            ("Mia Tran", "Mika Yasuda"),
        ),
        (
            "The ensemble also includes Colin Marsh (reprising his role as Mike Ramsey, the "
            "fixer) and Ann Lee.",
            ("Colin Marsh", "Mike Ramsey"),
        ),
        (
            "Tom Reyes is returning as the leading man and title character DS Roy Harper.",
            ("Tom Reyes", "Roy Harper"),
        ),
        (
            "Tom Reyes stars. In season two, Reyes, as Jimmy Maguire, tries to become a lawyer.",
            ("Tom Reyes", "Jimmy Maguire"),
        ),
        # coordinated adjectives before the character
        (
            "Dana Whitfield has joined the series. Whitfield will play charming and witty "
            "Jean-Paul, a painter.",
            ("Dana Whitfield", "Jean-Paul"),
        ),
        # a list of "Actor (Character)": the list's shape carries a name no gazetteer knows
        (
            "Regulars Ana Cruz (Luciana), Kim Bell (Madison), Cliff Gore (Travis) and Colm "
            "Dunne (Strand) will be back.",
            ("Colm Dunne", "Strand"),
        ),
        # "the actor's character X"
        (
            "Zoe Ruiz is back. The new season opens with Ruiz's character Joe taking time off.",
            ("Zoe Ruiz", "Joe"),
        ),
        # "Character (Surname)" where the article names the actor in full
        (
            "The cast includes Anna Obi and Sarah Shah. Xavier searches for Teri (Obi) in the "
            "woods.",
            ("Anna Obi", "Teri"),
        ),
    ],
)
def test_cast_in_context(text: str, pair: tuple[str, str]) -> None:
    import pipeline

    pairs = {(c.subject, c.object) for c in pipeline.extract(text) if c.claim_type == "cast"}
    assert pair in pairs
