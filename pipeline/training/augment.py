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
    """A copy of the gold ``doc`` with each PERSON/ORG span replaced by a random same-label name.

    The other tokens keep their gold tags, POS, features, lemmas and arcs. A swapped-in name
    gets the treebank shape of a name: a person's first word heads the others (``flat``), an
    organisation's last word heads the others (``compound``); that head takes the old name's
    relation and head, and arcs into the old name point at it. Its tags and lemmas are left
    missing (an organisation name may hold "of" or "&").
    """
    words: list[str] = []
    spaces: list[bool] = []
    sent_starts: list[bool | None] = []
    ents: list[tuple[int, int, str]] = []
    has_sents = doc.has_annotation("SENT_START")
    has_parse = doc.has_annotation("DEP")
    old_to_new: dict[int, int] = {}  # old token -> new token (a swapped name: its new head)
    copied: list[int | None] = []  # new token -> old token it copies (None: swapped-in word)
    name_head: dict[int, int] = {}  # new name head -> old name's syntactic root
    in_name: dict[int, tuple[int, str]] = {}  # new name word -> its name's head, label
    i = 0
    spans = {ent.start: ent for ent in doc.ents if names.get(ent.label_)}
    while i < len(doc):
        ent = spans.get(i)
        if ent is None:
            token = doc[i]
            old_to_new[i] = len(words)
            copied.append(i)
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
            sent_starts.append(token.is_sent_start if has_sents else None)
            i += 1
            continue
        new_words, inner_spaces = rng.choice(names[ent.label_])
        start = len(words)
        words.extend(new_words)
        spaces.extend([*inner_spaces, bool(ent[-1].whitespace_)])
        copied.extend([None] * len(new_words))
        first = ent[0].is_sent_start if has_sents else None
        sent_starts.extend([first] + [False if has_sents else None] * (len(new_words) - 1))
        ents.append((start, len(words), ent.label_))
        head = start if ent.label_ == "PERSON" else len(words) - 1
        name_head[head] = ent.root.i
        in_name.update((k, (head, ent.label_)) for k in range(start, len(words)))
        for old in range(ent.start, ent.end):
            old_to_new[old] = head
        i = ent.end
    if has_parse:
        heads: list[int] = []
        deps: list[str | None] = []
        for new_i, old in enumerate(copied):
            if old is not None or new_i in name_head:
                source = doc[old if old is not None else name_head[new_i]]
                heads.append(old_to_new[source.head.i] if source.head.i != source.i else new_i)
                deps.append(source.dep_ or None)
            else:  # a word of a swapped-in name other than its head
                head, label = in_name[new_i]
                heads.append(head)
                deps.append("flat" if label == "PERSON" else "compound")

        def copy(attr: str) -> list[str]:
            return [getattr(doc[old], attr) if old is not None else "" for old in copied]

        new = Doc(
            doc.vocab,
            words=words,
            spaces=spaces,
            tags=copy("tag_"),
            pos=copy("pos_"),
            morphs=[str(doc[old].morph) if old is not None else "" for old in copied],
            lemmas=copy("lemma_"),
            heads=heads,
            deps=deps,
        )
    else:
        new = Doc(doc.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    # Entities of other labels (none in GUM's conversion) are dropped rather than misaligned.
    new.ents = [Span(new, s, e, label=label) for s, e, label in ents]
    return new


@registry.augmenters("gum_mention_swap.v1")
def create_mention_swap(
    names_from: str, level: float = 0.3, labels: Sequence[str] = ("PERSON", "ORG")
) -> Callable[[Language, Example], Iterator[Example]]:
    """Swaps names with probability ``level``; names come from the DocBin (or the folder of
    DocBins) at ``names_from``."""
    path = Path(names_from)
    rng = random.Random()
    names: dict[str, list[Name]] | None = None

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        nonlocal names
        if names is None:  # loaded on first use, with the pipeline's vocab
            files = sorted(path.glob("*.spacy")) if path.is_dir() else [path]
            docs = [d for f in files for d in DocBin().from_disk(f).get_docs(nlp.vocab)]
            names = collect_names(docs, tuple(labels))
            rng.seed(random.random())  # follows spaCy's fixed seed
        if not example.reference.ents or rng.random() >= level:
            yield example
            return
        reference = swap_mentions(example.reference, names, rng)
        yield Example(nlp.make_doc(reference.text), reference)

    return augment
