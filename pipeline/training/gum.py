"""Converts GUM CoNLL-U documents into spaCy ``Doc``s with gold PERSON / ORG entities.

GUM (Zeldes 2017) annotates every mention of every discourse entity - pronouns, descriptions
and names alike - in the MISC column as nested brackets::

    Entity=(1-organization-acc:com-sssss-cf1-1,2-coref-North_Korea   opens entity 1 ...
    Entity=1)                                                        ... and closes it later
    Entity=(5-time-new-snnnn-cf2-1-sgl)4)                            opens+closes 5, closes 4

following ``# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity``.
Only *named* person and organisation mentions become NER spans; the policy, and why:

Named mention
    A *name token* is a PROPN or a token tagged NNP/NNPS (GUM keeps NNP on ADJ name parts:
    "Republican Party"); in a mention with a Wikipedia identity also a capitalised (or
    uncased-script) X or VERB token, or an ADJ head - tagging slips and foreign script
    ("United" for United Airlines, Arabic and Japanese names). A person/organisation mention is
    named when (a) its syntactic head (its token whose dependency head lies outside it) is a
    name token, or (b) it is headed by a description but holds exactly one run of name tokens
    that lies in no nested mention of another entity, and that run follows the head as a
    flat/appos/compound dependent ("Environment Canada spokesperson Julie Hahn" -> "Julie
    Hahn"), or precedes it in an organisation mention with an identity ("Yonhap news agency" ->
    "Yonhap"). Runs under "of"/"in" or in a conjunction are other things ("schools in England",
    "millions of Americans"), and before a person's role a name names something else
    ("Foreign Affairs minister"). Not named: people headed by a plural proper noun (NNPS: "the
    Turks", "Democrats": groups, NORP-like) or by a role title ("the Secretary of State", "an
    Ottawa New Democrat MP").
    The README's shorter rule - head PROPN *or an identity link* - is not used as is: GUM puts
    the identity on every coreferent mention ("he", "the eldest son"), and taking those would
    teach the model to tag pronouns and descriptions; an identity only widens (a) and (b).

Span (exact-span policy)
    The maximal run of name tokens around the head (or the run of (b)), joined only by
    name-internal glue: hyphens, periods, apostrophes; for organisations also "of", "for",
    "the", "and", "&", "'s" ("Bank of America", "Korean People's Army", "Institute of History
    and Philology"); for people name particles ("de", "van", "bin", ...). Glue never joins
    across the edge of a nested person/organisation mention of another entity ("Microsoft and
    Apple" yields the conjuncts, which GUM annotates separately), nor a possessive after any
    nested mention ("Britain's Labour Party" -> "Labour Party"). A person's name also stops at
    the edge of any nested mention ("Texas Governor Rick Perry"). A run never stops inside a
    capitalised hyphenated word ("Comédie-Française"). The rest of GUM's extent is trimmed:
    determiners, descriptors ("the company Netflix" -> "Netflix"), trailing possessives,
    relative clauses. Leading honorifics and role titles are dropped from people ("President
    Obama" -> "Obama"), as the rest of the pipeline does; a person span of titles only ("the
    Sheriff") is a role, not a name, and is left out.

Nesting
    spaCy needs non-overlapping spans: among overlapping candidates the longest wins (the
    outermost name: "Bill & Melinda Gates Foundation" is ORG, not PERSON); ties go to the
    earlier one. Identical spans from one entity nested in itself collapse to one.

Labels: GUM ``person`` -> PERSON, ``organization`` -> ORG. GUM also types countries as
organisations where they act as agents ("North Korea puts military in ..."); that is kept.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

LABELS: dict[str, str] = {"person": "PERSON", "organization": "ORG"}
SPLITS: tuple[str, ...] = ("train", "dev", "test")

# Lower-case words and marks that may sit *inside* a name, between two name tokens.
_GLUE_COMMON = frozenset({"-", "–", ".", "'", "’"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_GLUE: dict[str, frozenset[str]] = {
    "ORG": _GLUE_COMMON | _POSSESSIVE | {"of", "for", "the", "and", "&", "de", "du", "des", "la"},
    "PERSON": _GLUE_COMMON
    | set("de da di do dos du del della der den van von la le bin ibn al el y".split()),
}
# Honorifics and role titles dropped from the front of a personal name.
PERSON_TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady madame mademoiselle mlle mme
    monsieur det detective sgt sergeant lt lieutenant capt captain cmdr commander col colonel
    gen general maj major officer deputy sheriff agent chief inspector constable judge justice
    gov governor sen senator rep representative president vice mayor pres rev reverend father
    king queen emperor empress tsar czar kaiser prince princess pope chancellor minister prime
    premier secretary ambassador administrator coach mp""".split()
)


@dataclass(frozen=True)
class GumToken:
    form: str
    upos: str
    head: int | None = None  # document-level index of the syntactic head; None for a root
    xpos: str = "_"
    deprel: str = "_"
    lemma: str = "_"
    feats: str = "_"
    space_after: bool = True
    sent_start: bool = False
    par_start: bool = False


@dataclass(frozen=True)
class GumMention:
    entity_id: str
    etype: str
    start: int  # first token, document-level index
    end: int  # one past the last token
    identity: str | None = None  # Wikipedia title, percent-decoded


@dataclass(frozen=True)
class GoldSpan:
    start: int  # GUM token indices, end exclusive
    end: int
    label: str


@dataclass
class GumDocument:
    doc_id: str
    genre: str = ""
    tokens: list[GumToken] = field(default_factory=list)
    mentions: list[GumMention] = field(default_factory=list)

    def text_of(self, start: int, end: int) -> str:
        """Surface text of tokens ``start:end``, spaced as in the source."""
        toks = self.tokens[start:end]
        return "".join(t.form + (" " if t.space_after else "") for t in toks[:-1]) + (
            toks[-1].form if toks else ""
        )


# ---------------------------------------------------------------------------------------------
# CoNLL-U parsing

# One item of an Entity value: "(1-person-...-Name" opens (a ")" right after also closes it);
# "1)" closes the latest open mention of entity 1.
_ENTITY_ITEM = re.compile(r"\(([^()]+)(\))?|([^()]+)\)")


def _misc(value: str) -> dict[str, str]:
    if value == "_":
        return {}
    pairs = (item.split("=", 1) for item in value.split("|"))
    return {pair[0]: pair[1] if len(pair) > 1 else "" for pair in pairs}


def _parse_open(spec: str) -> tuple[str, str, str | None]:
    # GRP-etype-infstat-salience-centering-minspan-link-identity; the identity may be missing. It is
    # percent-encoded, so it holds no "-", "(" or ")"; maxsplit keeps it whole anyway.
    parts = spec.split("-", 7)
    etype = parts[1] if len(parts) > 1 else ""
    identity = unquote(parts[7]) if len(parts) > 7 and parts[7] not in ("", "_") else None
    return parts[0], etype, identity


class _DocBuilder:
    """Accumulates one document's tokens and mentions while its lines stream past."""

    def __init__(self, doc_id: str) -> None:
        self.doc = GumDocument(doc_id=doc_id)
        self.open: dict[str, list[tuple[str, int, str | None]]] = {}

    def add_entities(self, value: str, index: int) -> None:
        for match in _ENTITY_ITEM.finditer(value):
            spec, closes_here, close_id = match.groups()
            if spec is not None:
                eid, etype, identity = _parse_open(spec)
                if closes_here:
                    self.doc.mentions.append(GumMention(eid, etype, index, index + 1, identity))
                else:
                    self.open.setdefault(eid, []).append((etype, index, identity))
            elif self.open.get(close_id):
                # An entity can nest in itself: a closing bracket ends its latest opening.
                etype, start, identity = self.open[close_id].pop()
                self.doc.mentions.append(GumMention(close_id, etype, start, index + 1, identity))

    def finish(self) -> GumDocument:
        self.doc.mentions.sort(key=lambda m: (m.start, -m.end))
        return self.doc


def parse_conllu(text: str) -> list[GumDocument]:
    """Parses CoNLL-U text holding one or more ``# newdoc id`` documents."""
    docs: list[GumDocument] = []
    builder: _DocBuilder | None = None
    sent_offset = 0
    new_sentence = new_par = True
    mwt_end, mwt_space = -1, True  # last word id of the current multi-word token, its SpaceAfter

    for raw_line in text.splitlines():
        line = raw_line.rstrip("\r")
        if not line.strip():
            new_sentence, mwt_end = True, -1
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition("=")
            key, value = key.strip(), value.strip()
            if key == "newdoc id":
                if builder is not None:
                    docs.append(builder.finish())
                builder = _DocBuilder(value)
                new_par = True
            elif key == "meta::genre" and builder is not None:
                builder.doc.genre = value
            elif key in ("newpar", "newpar id"):  # GUM: "# newpar"; EWT: "# newpar id = ..."
                new_par = True
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ValueError(f"not a CoNLL-U word line: {line!r}")
        if builder is None:  # a file without "# newdoc" is one anonymous document
            builder = _DocBuilder("")
        tok_id, form, lemma, upos, xpos, feats, head, deprel = cols[:8]
        misc = _misc(cols[9])
        if "." in tok_id:  # empty node (an ellipsis copy): not part of the surface text
            continue
        if "-" in tok_id:  # multi-word token: its words spell it out, its MISC owns SpaceAfter
            mwt_end = int(tok_id.split("-")[1])
            mwt_space = misc.get("SpaceAfter") != "No"
            continue
        tokens = builder.doc.tokens
        if new_sentence:
            sent_offset = len(tokens)
        word_id = int(tok_id)
        if word_id < mwt_end:
            space_after = False
        elif word_id == mwt_end:
            space_after = mwt_space
        else:
            space_after = misc.get("SpaceAfter") != "No"
        tokens.append(
            GumToken(
                form=form,
                upos=upos,
                head=None if head in ("0", "_") else sent_offset + int(head) - 1,
                xpos=xpos,
                deprel=deprel,
                lemma=lemma,
                feats=feats,
                space_after=space_after,
                sent_start=new_sentence,
                par_start=new_par,
            )
        )
        new_sentence = new_par = False
        builder.add_entities(misc.get("Entity", ""), len(tokens) - 1)
    if builder is not None:
        docs.append(builder.finish())
    return docs


# ---------------------------------------------------------------------------------------------
# Named mentions and their exact spans


def mention_head(doc: GumDocument, mention: GumMention) -> int:
    """The mention's token whose dependency head lies outside it (the first such word)."""
    inside = range(mention.start, mention.end)
    heads = [i for i in inside if doc.tokens[i].head is None or doc.tokens[i].head not in inside]
    words = [i for i in heads if doc.tokens[i].upos != "PUNCT"]
    return (words or heads or [mention.start])[0]


def _capitalised(form: str) -> bool:
    first = form[:1]
    return first.isalpha() and not first.islower()  # uncased scripts count as capitalised


def _is_name_token(token: GumToken, linked: bool, is_head: bool) -> bool:
    if token.upos == "PROPN" or token.xpos in ("NNP", "NNPS"):
        return True  # GUM keeps NNP on ADJ name parts: "Republican Party", "Civic Passion"
    if not linked or not _capitalised(token.form):
        return False
    # Names a tagger got wrong ("United" VERB, foreign script X); a capitalised ADJ only as the
    # head ("FIRST"), since elsewhere it is a demonym ("the Afghan team").
    return token.upos in ("X", "VERB") or (is_head and token.upos == "ADJ")


def _crosses(nested: Sequence[GumMention], left: int, right: int) -> bool:
    return any((m.start <= left < m.end) != (m.start <= right < m.end) for m in nested)


def _name_runs(
    doc: GumDocument, mention: GumMention, label: str, head: int
) -> list[tuple[int, int]]:
    """Maximal runs of name tokens inside the mention, joined by name-internal glue."""
    linked = mention.identity is not None
    # Nested mentions of other entities, and those that are people or organisations.
    others = [
        m
        for m in doc.mentions
        if m.entity_id != mention.entity_id
        and mention.start <= m.start
        and m.end <= mention.end
        and m.end - m.start < mention.end - mention.start
    ]
    named_others = [m for m in others if m.etype in LABELS]
    glue = _GLUE[label]

    def is_name(i: int) -> bool:
        return _is_name_token(doc.tokens[i], linked, i == head)

    def joins(left: int, right: int, via: list[int]) -> bool:
        if label == "PERSON" and _crosses(others, left, right):
            return False  # "Texas Governor Rick Perry": a person's name holds no other mention
        if not via:
            return True
        if any(doc.tokens[g].form in _POSSESSIVE for g in via) and _crosses(others, left, right):
            return False  # "Britain 's Labour Party"
        return not _crosses(named_others, left, right)  # "Microsoft and Apple"

    runs: list[tuple[int, int]] = []
    i = mention.start
    while i < mention.end:
        if not is_name(i):
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < mention.end:
            k = j
            while k < mention.end and not is_name(k) and doc.tokens[k].form.lower() in glue:
                k += 1
            if k < mention.end and is_name(k) and joins(end, k, list(range(j, k))):
                end, j = k, k + 1
            else:
                break
        start, end = _extend_over_hyphens(doc, mention, start, end)
        runs.append((start, end + 1))
        i = end + 1
    return runs


def _extend_over_hyphens(
    doc: GumDocument, mention: GumMention, start: int, end: int
) -> tuple[int, int]:
    # A name does not end inside a capitalised hyphenated word: "Comédie-Française" (NOUN -
    # PROPN), "Triple-A"; "Scientology-critic" is no name.
    tokens = doc.tokens

    def attached(left: int) -> bool:  # tokens left, left+1 (a hyphen), left+2 form one word
        return (
            tokens[left + 1].form in ("-", "–")
            and not tokens[left].space_after
            and not tokens[left + 1].space_after
            and not tokens[left].form[:1].islower()
            and not tokens[left + 2].form[:1].islower()
            and tokens[left].form[:1].isalnum()
            and tokens[left + 2].form[:1].isalnum()
        )

    while start - 2 >= mention.start and attached(start - 2):
        start -= 2
    while end + 2 < mention.end and attached(end):
        end += 2
    return start, end


def _strip_titles(doc: GumDocument, span: tuple[int, int]) -> tuple[int, int]:
    # Only a title followed by another name token goes: "Secretary of State" stays whole.
    start, end = span
    while (
        end - start > 1
        and _is_title(doc.tokens[start].form)
        and doc.tokens[start + 1].upos == "PROPN"
    ):
        start += 1
    return start, end


def _is_title(form: str) -> bool:
    return form.lower().rstrip(".") in PERSON_TITLES


def _is_only_titles(doc: GumDocument, span: tuple[int, int]) -> bool:
    return all(_is_title(doc.tokens[i].form) for i in range(*span))


def _own_run(
    doc: GumDocument, mention: GumMention, label: str, head: int, runs: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The name of a mention headed by a description, if it holds exactly one of its own."""
    others = [
        m
        for m in doc.mentions
        if m.entity_id != mention.entity_id
        and mention.start <= m.start
        and m.end <= mention.end
        and (m.start, m.end) != (mention.start, mention.end)
    ]
    own = [r for r in runs if not any(m.start <= r[0] and r[1] <= m.end for m in others)]
    if len(own) != 1:
        return None
    run = own[0]
    inside = range(*run)
    root = next(i for i in inside if doc.tokens[i].head not in inside)
    if doc.tokens[root].deprel.startswith(("nmod", "conj")):
        return None  # "schools in England", "millions of Americans", "woman and Scientologist"
    # A name after the description is the mention's own ("spokesperson Julie Hahn"); a name
    # before it is one only for a linked organisation ("Yonhap news agency"), since before a
    # person's role it names something else ("Foreign Affairs minister", "Star Wars lead").
    if run[0] > head or (label == "ORG" and mention.identity is not None):
        return run
    return None


def name_span(doc: GumDocument, mention: GumMention) -> tuple[int, int] | None:
    """The exact NER span (GUM token indices) of a named PERSON / ORG mention, else None."""
    label = LABELS.get(mention.etype)
    if label is None:
        return None
    head = mention_head(doc, mention)
    if label == "PERSON" and doc.tokens[head].xpos == "NNPS":
        return None  # "the Turks": a group named by nationality or family, not a person
    if label == "PERSON" and _is_title(doc.tokens[head].form):
        return None  # "an Ottawa New Democrat MP", "the Secretary of State": a role, not a name
    runs = _name_runs(doc, mention, label, head)
    chosen = next((run for run in runs if run[0] <= head < run[1]), None)
    if chosen is None:
        chosen = _own_run(doc, mention, label, head, runs)
    if chosen is None:
        return None
    if label == "PERSON":
        if _is_only_titles(doc, chosen):
            return None  # "the Sheriff", "the President": a role, not a name
        return _strip_titles(doc, chosen)
    return chosen


def gold_spans(doc: GumDocument) -> list[GoldSpan]:
    """Non-overlapping gold PERSON / ORG spans (GUM token indices), in text order."""
    candidates = [
        GoldSpan(span[0], span[1], LABELS[mention.etype])
        for mention in doc.mentions
        if (span := name_span(doc, mention)) is not None
    ]
    # Longest first (the outermost name wins), then earliest.
    candidates.sort(key=lambda s: (-(s.end - s.start), s.start))
    taken: set[int] = set()
    kept: list[GoldSpan] = []
    for span in candidates:
        if taken.isdisjoint(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept, key=lambda s: s.start)


# ---------------------------------------------------------------------------------------------
# spaCy Docs, splits and DocBins


# Annotation of the whitespace token put between paragraphs: spaCy's conventions for a space
# token (tag "_SP", POS SPACE), attached to the token before it with the unspecified relation.
SPACE_TAG, SPACE_POS, SPACE_DEP = "_SP", "SPACE", "dep"


def _value(column: str) -> str:
    return "" if column == "_" else column  # "": missing


def document_to_doc(
    vocab: Vocab,
    gum_doc: GumDocument,
    paragraph_break: str = "\n",
    *,
    entities: bool = True,
    syntax: bool = True,
) -> Doc:
    """The document as a spaCy ``Doc`` with its tokens, sentences, syntax and gold entities.

    The text is rebuilt from ``SpaceAfter=No``; a ``paragraph_break`` whitespace token (the
    cleaned articles the pipeline reads have one newline between paragraphs) separates
    paragraphs, unless it is empty. With ``syntax``, the treebank's XPOS (``tag_``), UPOS
    (``pos_``), features (``morph``), lemmas and dependency tree (heads within each sentence;
    UD ``root`` becomes spaCy's ``ROOT``; subtypes such as ``nsubj:pass`` kept) are set, and the
    sentence boundaries follow from the trees; without, only sentence starts are set.
    ``entities=False`` leaves the entity annotation *missing* (not "O"): a treebank without
    entity annotation (EWT) must not teach the NER that its names are non-entities.
    ``user_data`` keeps the document id and genre.
    """
    words: list[str] = []
    spaces: list[bool] = []
    sent_starts: list[bool] = []
    tags: list[str] = []
    pos: list[str] = []
    morphs: list[str] = []
    lemmas: list[str] = []
    deps: list[str | None] = []
    source: list[int | None] = []  # Doc token index -> source token index (None: space)
    position: list[int] = []  # source token index -> Doc token index
    for i, token in enumerate(gum_doc.tokens):
        if i > 0 and token.par_start and paragraph_break:
            spaces[-1] = False
            words.append(paragraph_break)
            spaces.append(False)
            sent_starts.append(False)
            tags.append(SPACE_TAG)
            pos.append(SPACE_POS)
            morphs.append("")
            lemmas.append(paragraph_break)
            deps.append(SPACE_DEP)
            source.append(None)
        position.append(len(words))
        words.append(token.form)
        spaces.append(token.space_after)
        sent_starts.append(token.sent_start)
        tags.append(_value(token.xpos))
        pos.append(_value(token.upos))
        morphs.append("" if token.feats == "_" else token.feats)
        lemmas.append(token.lemma if token.lemma != "_" or token.form == "_" else "")
        source.append(i)
        deps.append("ROOT" if token.deprel == "root" else _value(token.deprel))
    if spaces:
        spaces[-1] = False  # no dangling whitespace at the end of the text
    if sent_starts:
        sent_starts[0] = True
    if syntax:
        doc_heads = []
        for doc_i, src in enumerate(source):
            head = None if src is None else gum_doc.tokens[src].head
            if src is None:
                doc_heads.append(doc_i - 1)  # a paragraph break hangs on the token before it
            else:
                doc_heads.append(doc_i if head is None else position[head])  # root: itself
        doc = Doc(
            vocab,
            words=words,
            spaces=spaces,
            tags=tags,
            pos=pos,
            morphs=morphs,
            lemmas=lemmas,
            heads=doc_heads,
            deps=deps,
        )
    else:
        doc = Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts)
    if entities:
        doc.ents = [
            Span(doc, position[s.start], position[s.end - 1] + 1, label=s.label)
            for s in gold_spans(gum_doc)
        ]
    doc.user_data["gum_id"] = gum_doc.doc_id
    doc.user_data["gum_genre"] = gum_doc.genre
    return doc


def read_splits(path: Path | str) -> dict[str, str]:
    """Document id -> split name ("train", "dev", "test", "test2") from GUM's ``splits.md``."""
    splits: dict[str, str] = {}
    current: str | None = None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            current = stripped.lstrip("#").strip().lower() or None
        elif current is not None and stripped[:2] in ("* ", "- "):
            splits[stripped[2:].strip()] = current
    return splits


def load_corpus(corpus_dir: Path | str) -> list[GumDocument]:
    """All documents of the ``*.conllu`` files in ``corpus_dir``, in file-name order."""
    docs: list[GumDocument] = []
    for path in sorted(Path(corpus_dir).glob("*.conllu")):
        docs.extend(parse_conllu(path.read_text(encoding="utf-8")))
    return docs


def split_corpus(corpus_dir: Path | str) -> dict[str, list[GumDocument]]:
    """The corpus's documents by split (train/dev/test); documents in no split are left out."""
    corpus = Path(corpus_dir)
    splits = read_splits(corpus / "splits.md")
    grouped: dict[str, list[GumDocument]] = {name: [] for name in SPLITS}
    for doc in load_corpus(corpus):
        split = splits.get(doc.doc_id)
        if split in grouped:
            grouped[split].append(doc)
        elif split is None:
            print(f"warning: {doc.doc_id} is in no split of splits.md; left out", file=sys.stderr)
    return grouped


def write_docbin(docs: Iterable[Doc], path: Path) -> int:
    """Writes the docs (with their user data) to a ``.spacy`` file; returns how many."""
    doc_list = list(docs)
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=doc_list, store_user_data=True).to_disk(path)
    return len(doc_list)


def load_ud_split(path: Path | str) -> list[GumDocument]:
    """The ``# newdoc`` documents of one CoNLL-U file (a UD treebank split such as EWT's)."""
    return parse_conllu(Path(path).read_text(encoding="utf-8"))


EWT_FILES: dict[str, str] = {split: f"en_ewt-ud-{split}.conllu" for split in SPLITS}


def convert(
    corpus_dir: Path | str,
    out_dir: Path | str,
    splits: Sequence[str] = SPLITS,
    *,
    ewt_dir: Path | str | None = None,
) -> dict[str, dict[str, int]]:
    """Writes ``<split>/gum.spacy`` (and ``<split>/ewt.spacy``) DocBins; returns documents
    per treebank and split.

    GUM documents carry syntax and gold PERSON/ORG entities; UD English-EWT documents (from
    ``en_ewt-ud-<split>.conllu`` in ``ewt_dir``) carry syntax only, their entity annotation
    left missing. A folder of DocBins is what spaCy's corpus reader takes as one corpus.
    """
    out = Path(out_dir)
    vocab = Vocab()
    grouped = split_corpus(corpus_dir)
    counts: dict[str, dict[str, int]] = {"gum": {}}
    for split in splits:
        docs = (document_to_doc(vocab, d) for d in grouped[split])
        counts["gum"][split] = write_docbin(docs, out / split / "gum.spacy")
    if ewt_dir is not None:
        counts["ewt"] = {}
        for split in splits:
            ud_docs = load_ud_split(Path(ewt_dir) / EWT_FILES[split])
            docs = (document_to_doc(vocab, d, entities=False) for d in ud_docs)
            counts["ewt"][split] = write_docbin(docs, out / split / "ewt.spacy")
    return counts
