"""Stage 3 - entities: PERSON / ORG mentions of one article, resolved to canonical names.

The spaCy pipeline (``nlp.py``: bundled model + ``entity_rules.py``) finds the spans. This
module works at article level, where one mention can explain another:

* short forms resolve to the full name used elsewhere in the article: "Q's" -> Maggie Q,
  "Connelly said" -> Michael Connelly, "Renee" -> Renée Ballard (only when unambiguous);
* fictional characters (the character side of a cast claim, and their short forms) are labelled
  ``character``, never ``person``;
* a name that is also a series title ("Bosch" the detective vs. "Bosch" the show) is a character
  only with a character cue (a title or first name before it, a personal noun after its
  possessive) and a series mention only with a series cue; otherwise it is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.doc_views import doc_entities, set_entities, span_text
from pipeline.entity_rules import full_names, is_title_token, short_form_index
from pipeline.gazetteers import canonical_organisation, fold
from pipeline.patterns.common import APOSTROPHE_S, DETERMINERS, ROLE_NOUNS, TextSpan
from pipeline.patterns.titles import SPANS_KEY as TITLES_KEY

_PERSONAL_NOUNS = ROLE_NOUNS | frozenset(
    [
        "methods",
        "method",
        "past",
        "pasts",
        "arrest",
        "request",
        "sanity",
        "life",
        "team",
        "name",
        "story",
        "family",
        "home",
        "own",
        "career",
        "case",
        "cases",
        "investigation",
    ]
)
_SERIES_NEIGHBOURS = frozenset(
    {
        "season",
        "seasons",
        "series",
        "universe",
        "spinoff",
        "spin-off",
        "franchise",
        "fans",
        "premiere",
        "finale",
        "renewal",
        "episode",
        "episodes",
        "cast",
        "s1",
        "s2",
        "s3",
    }
)


@dataclass(frozen=True)
class Mention:
    span: TextSpan
    kind: str  # "person", "organisation", "character"
    canonical: str
    detail: str | None  # organisation kind (streamer, network, ...) when known
    source: str  # which rule or model found the span
    confidence: float


def drop_title_short_forms(doc: Doc, series_titles: set[str]) -> None:
    """Untag one-word short forms that are series titles ("Bosch" of "Harry Bosch" in "the Bosch
    universe"); whether such a word is the character or the show is decided in
    :func:`resolve_mentions`."""
    sources = doc.user_data.get("tv_entity_sources", {})
    set_entities(
        doc,
        [
            e
            for e in doc_entities(doc)
            if not (
                sources.get((e.start_char, e.end_char)) == "short_form"
                and span_text(e) in series_titles
            )
        ],
    )


def _in_a_title(ent: Span, titles: list[Span]) -> bool:
    """Whether the model's entity is part of a longer title, or crosses one's edge ("Society and
    Julie" across "The Society" and "Julie & The Phantoms")."""
    for title in titles:
        if title.end <= ent.start or ent.end <= title.start:
            continue
        inside = title.start <= ent.start and ent.end <= title.end
        covers = ent.start <= title.start and title.end <= ent.end
        # "Francis" of a two-word "Midori Francis" is a surname: the title finder takes some
        # unfamiliar full names for titles ("Big Bang" of "Big Bang Theory" is a work's)
        surname = len(ent) == 1 and ent.end == title.end and len(title) == 2
        if ent.label_ == "PERSON" and surname and title[0].lower_ not in DETERMINERS:
            continue
        if (inside and len(title) > len(ent)) or not (inside or covers):
            return True
    return False


def strip_title(text: str) -> str:
    words = text.split()
    while len(words) > 1 and is_title_token(words[0]):
        words = words[1:]
    return " ".join(words)


def _series_cue(doc: Doc, span: Span) -> bool:
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and (after.lower_ in _SERIES_NEIGHBOURS or after.text == ":"):
        return True
    if (
        before is not None
        and before.text in {'"', "'"}
        and after is not None
        and after.text in {'"', "'"}
    ):
        return True
    return before is not None and before.lower_ in {
        "of",
        "renewed",
        "renews",
        "series",
        "spinoff",
        "watch",
    }


def _character_cue(doc: Doc, span: Span) -> bool:
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and (is_title_token(before.text) or before.lower_ in ROLE_NOUNS):
        return True
    if span.end + 1 < len(doc) and doc[span.end].text in APOSTROPHE_S:
        k = span.end + 1
        while k < len(doc) and k < span.end + 4 and not doc[k].is_punct:
            if doc[k].lower_ in _PERSONAL_NOUNS:
                return True
            k += 1
    return False


def resolve_mentions(
    doc: Doc, characters: dict[str, str], series_titles: set[str]
) -> list[Mention]:
    """Canonical, labelled mentions of people, organisations and characters.

    ``characters`` maps folded surface forms (full names and unambiguous short forms) of the
    article's characters to their full names.
    """
    persons = [e for e in doc_entities(doc) if e.label_ == "PERSON"]
    person_index = short_form_index([n for n in full_names(persons) if fold(n) not in characters])
    full_people = {fold(n): n for n in full_names(persons)}
    character_words = {word for name in characters.values() for word in fold(name).split()}
    # "The Orchard Kings" is found without its article by the model: compare both forms.
    bare_titles = series_titles | {t[4:] for t in series_titles if t.startswith("The ")}
    sources = doc.user_data.get("tv_entity_sources", {})
    titles = list(doc.spans.get(TITLES_KEY, []))
    out: list[Mention] = []
    for ent in doc_entities(doc):
        source = sources.get((ent.start_char, ent.end_char), "model")
        if source == "model" and ent.label_ in {"ORG", "PERSON"} and _in_a_title(ent, titles):
            continue  # "College Girls" of "Sex Lives of College Girls": a work's words
        confidence = {
            "gazetteer": 0.95,
            "given_name": 0.85,
            "org_suffix": 0.8,
            "short_form": 0.75,
        }.get(source, 0.7)
        if ent.label_ == "ORG" and source == "model" and ent.text in bare_titles:
            continue  # the model's guess for a show title ("Hollis County") is no company
        if ent.label_ == "ORG":
            # The name as the article writes it ("HBO Max" in 2022 is not yet "Max"); the
            # gazetteer gives the kind, and joining aliases is the facts layer's job.
            org = canonical_organisation(ent.text)
            name = ent.text[4:] if ent.text.startswith("the ") else ent.text
            name = " ".join(name.split())
            out.append(
                Mention(
                    TextSpan.of(ent),
                    "organisation",
                    name,
                    org.kind if org else None,
                    source,
                    confidence,
                )
            )
            continue
        if ent.label_ != "PERSON":
            continue
        text = strip_title(ent.text)
        key = fold(text)
        if text in series_titles and (
            len(ent) > 1
            or _series_cue(doc, ent)
            or not (key in characters and _character_cue(doc, ent))
        ):
            continue  # the show, or undecidable: no person/character claim from it
        if key in characters:
            out.append(
                Mention(TextSpan.of(ent), "character", characters[key], None, source, confidence)
            )
        elif key in full_people:
            out.append(
                Mention(TextSpan.of(ent), "person", full_people[key], None, source, confidence)
            )
        elif len(ent) == 1 and key in character_words:
            continue  # "Brody" when two characters are Brodys: a character, but which one?
        elif key in person_index and person_index[key] in bare_titles:
            continue  # "Hollis" standing for the show "Hollis County"
        elif key in person_index:
            out.append(
                Mention(TextSpan.of(ent), "person", person_index[key], None, "short_form", 0.75)
            )
        else:
            out.append(Mention(TextSpan.of(ent), "person", text, None, source, confidence))
    return out


def character_index(full_character_names: list[str], people: list[str]) -> dict[str, str]:
    """Folded forms -> character full name; short forms only when unambiguous and not a person's."""
    index = {fold(n): n for n in full_character_names}
    person_words = {fold(w) for p in people for w in p.split()}
    for word, full in short_form_index(full_character_names).items():
        if word not in person_words:
            index.setdefault(word, full)
    return index
