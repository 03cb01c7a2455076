"""A few training steps of the joint pipeline (tagger, morphologizer, parser, lemmatizer, NER)
on a tiny hand-written GUM-style + EWT-style corpus, through the real command's path."""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from pipeline.training.__main__ import main
from pipeline.training.train import frozen_ner, run_training, with_frozen_ner

HEADER = "# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity"
PEOPLE = [("Anna", "Smith"), ("Omar", "Haddad"), ("Li", "Wei"), ("Maria", "Lopez")]
ORGS = ["Netflix", "HBO", "Hulu", "Starz"]


def _sentence(n: int, first: str, last: str, org: str, entities: bool = True) -> str:
    # "<First> <Last> joined <Org> in May ." - a flat name, a one-token organisation.
    person = f"Entity=({n}-person-new-sssss-cf1-1-coref" if entities else "_"
    rows = [
        ("1", first, first, "PROPN", "NNP", "Number=Sing", "3", "nsubj", person),
        ("2", last, last, "PROPN", "NNP", "Number=Sing", "1", "flat",
         f"Entity={n})" if entities else "_"),
        ("3", "joined", "join", "VERB", "VBD", "Tense=Past|VerbForm=Fin", "0", "root", "_"),
        ("4", org, org, "PROPN", "NNP", "Number=Sing", "3", "obj",
         f"Entity=({n + 1}-organization-new-s-cf2-1-sgl)" if entities else "_"),
        ("5", "in", "in", "ADP", "IN", "_", "6", "case", "_"),
        ("6", "May", "May", "PROPN", "NNP", "Number=Sing", "3", "obl:tmod", "SpaceAfter=No"),
        ("7", ".", ".", "PUNCT", ".", "_", "3", "punct", "_"),
    ]  # fmt: skip
    lines = ["# newpar"]
    for tok_id, form, lemma, upos, xpos, feats, head, rel, misc in rows:
        lines.append("\t".join([tok_id, form, lemma, upos, xpos, feats, head, rel, "_", misc]))
    return "\n".join(lines) + "\n\n"


def _document(doc_id: str, offset: int) -> str:
    sentences = [
        _sentence(10 * i, *PEOPLE[(i + offset) % 4], ORGS[(i + 2 * offset) % 4])
        for i in range(1, 7)
    ]
    return f"# newdoc id = {doc_id}\n{HEADER}\n# meta::genre = news\n" + "".join(sentences)


def _ewt(root: Path) -> Path:
    # EWT-style files: the same trees, no entity annotation (it must stay missing).
    ewt = root / "ewt"
    ewt.mkdir()
    for k, split in enumerate(("train", "dev", "test")):
        sentences = [_sentence(0, *PEOPLE[(i + k) % 4], ORGS[i % 4], False) for i in range(4)]
        text = f"# newdoc id = ewt-{split}\n" + "".join(sentences)
        (ewt / f"en_ewt-ud-{split}.conllu").write_text(text, encoding="utf-8")
    return ewt


def _corpus(root: Path) -> Path:
    corpus = root / "gum"
    corpus.mkdir()
    splits = {"train": ["GUM_news_a", "GUM_news_b"], "dev": ["GUM_news_c"], "test": ["GUM_news_d"]}
    for offset, doc_id in enumerate(sum(splits.values(), [])):
        (corpus / f"{doc_id}.conllu").write_text(_document(doc_id, offset), encoding="utf-8")
    md = "".join(
        f"## {s}\n\n" + "".join(f"  * {d}\n" for d in ids) + "\n" for s, ids in splits.items()
    )
    (corpus / "splits.md").write_text(md, encoding="utf-8")
    return corpus


def test_a_few_steps_produce_a_loadable_bundled_model(tmp_path: Path) -> None:
    corpus, ewt = _corpus(tmp_path), _ewt(tmp_path)
    bundle = tmp_path / "tv_core"
    result = run_training(
        corpus, tmp_path / "out", ewt_dir=ewt, model_dir=bundle, max_steps=5, repeat=1
    )

    assert result.bundled == bundle and (bundle / "meta.json").exists()
    meta = json.loads((bundle / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "tv_core" and meta["version"]
    assert set(meta["labels"]["ner"]) == {"PERSON", "ORG"}
    # Relations rarer than the config's min_action_freq (all of them here) fall back to "dep".
    assert {"ROOT", "dep"} <= set(meta["labels"]["parser"])
    assert {"NNP", "VBD"} <= set(meta["labels"]["tagger"])
    assert set(meta["scores"]) == {"dev", "test"}
    assert meta["scores"]["test"]["mention"]["PERSON"]["tp"] >= 0
    syntax = meta["scores"]["test"]["syntax"]
    assert set(syntax) == {"gum", "ewt"}
    assert set(syntax["ewt"]["gold_tokens"]) >= {"uas", "las", "upos", "xpos", "lemma"}
    assert result.documents == {
        "gum": {"train": 2, "dev": 1, "test": 1},
        "ewt": {"train": 1, "dev": 1, "test": 1},
    }

    nlp = spacy.load(bundle)
    assert nlp.pipe_names == [
        "tok2vec", "tagger", "morphologizer", "parser", "trainable_lemmatizer", "ner"
    ]  # fmt: skip
    doc = nlp("Omar Haddad joined Hulu in May.")
    assert all(ent.label_ in {"PERSON", "ORG"} for ent in doc.ents)
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG") and doc.has_annotation("POS")
    assert all(t.dep_ and t.tag_ for t in doc)
    # The bundled config must not point at this machine's corpus.
    assert str(tmp_path) not in (bundle / "config.cfg").read_text(encoding="utf-8")

    # A NER moved in frozen, with its own tok2vec copy, predicts exactly as before.
    frozen = with_frozen_ner(spacy.load(bundle), frozen_ner(bundle))
    assert "ner" not in frozen.get_pipe("tok2vec").listening_components
    assert frozen.pipe_names[-1] == "ner"
    text = "Anna Smith joined Netflix in May. Li Wei left Starz."
    assert [(e.text, e.label_) for e in frozen(text).ents] == [
        (e.text, e.label_) for e in nlp(text).ents
    ]


def test_command_line_quick_run_without_bundling(tmp_path: Path) -> None:
    corpus, ewt = _corpus(tmp_path), _ewt(tmp_path)
    out = tmp_path / "out"
    scores = tmp_path / "scores.json"
    code = main(
        ["--corpus", str(corpus), "--ewt", str(ewt), "--output", str(out), "--max-steps", "2"]
        + ["--no-bundle", "--repeat", "1", "--scores-json", str(scores)]
    )
    assert code == 0
    assert (out / "model" / "model-best" / "meta.json").exists()
    assert {"dev", "test"} == set(json.loads(scores.read_text(encoding="utf-8")))
    assert (out / "corpus" / "train" / "ewt.spacy").exists()
    # By default the bundled model's NER is swapped in, frozen, in place of the joint head.
    swapped = spacy.load(out / "model" / "model-bundle")
    assert "ner" not in swapped.get_pipe("tok2vec").listening_components


def test_mention_swap_replaces_names_and_keeps_spans_aligned() -> None:
    import random

    from spacy.tokens import Doc, Span

    from pipeline.training.augment import collect_names, swap_mentions

    vocab = spacy.blank("en").vocab
    words = ["Anna", "Smith", "joined", "HBO", "."]
    doc = Doc(vocab, words=words, spaces=[True, True, True, False, False])
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 4, label="ORG")]
    other = Doc(vocab, words=["Li", "Wei-Jun", "left", "Warner", "Bros."], spaces=[True] * 5)
    other.ents = [Span(other, 0, 2, label="PERSON"), Span(other, 3, 5, label="ORG")]
    names = collect_names([other], ("PERSON", "ORG"))
    swapped = swap_mentions(doc, names, random.Random(0))
    assert swapped.text == "Li Wei-Jun joined Warner Bros.."
    assert [(e.text, e.label_) for e in swapped.ents] == [
        ("Li Wei-Jun", "PERSON"),
        ("Warner Bros.", "ORG"),
    ]


def test_mention_swap_keeps_the_syntax_of_the_other_words() -> None:
    import random

    from spacy.tokens import Doc, Span

    from pipeline.training.augment import collect_names, swap_mentions

    vocab = spacy.blank("en").vocab
    doc = Doc(
        vocab,
        words=["Anna", "Smith", "joined", "HBO", "."],
        spaces=[True, True, True, False, False],
        tags=["NNP", "NNP", "VBD", "NNP", "."],
        lemmas=["Anna", "Smith", "join", "HBO", "."],
        heads=[2, 0, 2, 2, 2],
        deps=["nsubj", "flat", "ROOT", "obj", "punct"],
    )
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 4, label="ORG")]
    other = Doc(vocab, words=["Li", "Wei", "left", "Warner", "Bros."], spaces=[True] * 5)
    other.ents = [Span(other, 0, 2, label="PERSON"), Span(other, 3, 5, label="ORG")]
    swapped = swap_mentions(doc, collect_names([other], ("PERSON", "ORG")), random.Random(0))
    assert swapped.text == "Li Wei joined Warner Bros.."
    rows = [(t.text, t.dep_, t.head.text, t.tag_, t.lemma_) for t in swapped]
    assert rows == [
        ("Li", "nsubj", "joined", "", ""),  # the name's head takes the old name's arc
        ("Wei", "flat", "Li", "", ""),
        ("joined", "ROOT", "joined", "VBD", "join"),
        ("Warner", "compound", "Bros.", "", ""),
        ("Bros.", "obj", "joined", "", ""),
        (".", "punct", "joined", ".", "."),
    ]
