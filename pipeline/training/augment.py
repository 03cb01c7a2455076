"""Mention replacement: a training-data augmenter for the small GUM NER set.

GUM's train split holds ~1,400 person and ~850 organisation spans, so the model tends to
memorise the names it saw rather than the contexts names occur in ("X said", "Mr. X", "joined
X"). With probability ``level`` a training example is replaced by a copy in which every gold
PERSON / ORG span is swapped for another span of the same label drawn from the training set
(mention replacement, Dai & Adel 2020). Only the train corpus uses it; dev and test are never
augmented. Registered as ``gum_mention_swap.v1`` for ``[corpora.train.augmenter]``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example
from spacy.util import registry

Name = tuple[tuple[str, ...], tuple[bool, ...]]  # words and their trailing spaces (last dropped)


def collect_names(docs: list[Doc], labels: tuple[str, ...]) -> dict[str, list[Name]]:
    """Distinct gold entity token sequences per label."""
    names: dict[str, set[Name]] = {label: set() for label in labels}
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ in names:
                words = tuple(t.text for t in ent)
                spaces = tuple(bool(t.whitespace_) for t in ent[:-1])
                names[ent.label_].add((words, spaces))
    return {label: sorted(found) for label, found in names.items()}


def swap_mentions(doc: Doc, names: dict[str, list[Name]], rng: random.Random) -> Doc:
    """A copy of the gold ``doc`` with each PERSON/ORG span replaced by a random same-label name."""
    words: list[str] = []
    spaces: list[bool] = []
    sent_starts: list[bool | None] = []
    ents: list[tuple[int, int, str]] = []
    has_sents = doc.has_annotation("SENT_START")
    i = 0
    spans = {ent.start: ent for ent in doc.ents if names.get(ent.label_)}
    while i < len(doc):
        ent = spans.get(i)
        if ent is None:
            token = doc[i]
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
            sent_starts.append(token.is_sent_start if has_sents else None)
            i += 1
            continue
        new_words, inner_spaces = rng.choice(names[ent.label_])
        start = len(words)
        words.extend(new_words)
        spaces.extend([*inner_spaces, bool(ent[-1].whitespace_)])
        first = ent[0].is_sent_start if has_sents else None
        sent_starts.extend([first] + [False if has_sents else None] * (len(new_words) - 1))
        ents.append((start, len(words), ent.label_))
        i = ent.end
    # Entities of other labels (none in GUM's conversion) are dropped rather than misaligned.
    new = Doc(doc.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    new.ents = [Span(new, s, e, label=label) for s, e, label in ents]
    return new


@registry.augmenters("gum_mention_swap.v1")
def create_mention_swap(
    names_from: str, level: float = 0.3, labels: Sequence[str] = ("PERSON", "ORG")
) -> Callable[[Language, Example], Iterator[Example]]:
    """Swaps names with probability ``level``; names come from the DocBin at ``names_from``."""
    path = Path(names_from)
    rng = random.Random()
    names: dict[str, list[Name]] | None = None

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        nonlocal names
        if names is None:  # loaded on first use, with the pipeline's vocab
            docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
            names = collect_names(docs, tuple(labels))
            rng.seed(random.random())  # follows spaCy's fixed seed
        if not example.reference.ents or rng.random() >= level:
            yield example
            return
        reference = swap_mentions(example.reference, names, rng)
        yield Example(nlp.make_doc(reference.text), reference)

    return augment
