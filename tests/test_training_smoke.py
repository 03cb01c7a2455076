"""A few training steps on a tiny hand-written GUM-style corpus, through the real command's path."""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from pipeline.training.__main__ import main
from pipeline.training.train import run_training

HEADER = "# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity"
PEOPLE = [("Anna", "Smith"), ("Omar", "Haddad"), ("Li", "Wei"), ("Maria", "Lopez")]
ORGS = ["Netflix", "HBO", "Hulu", "Starz"]


def _sentence(n: int, first: str, last: str, org: str) -> str:
    # "<First> <Last> joined <Org> in May ." - a flat name, a one-token organisation.
    rows = [
        ("1", first, "PROPN", "NNP", "3", "nsubj", f"Entity=({n}-person-new-sssss-cf1-1-coref"),
        ("2", last, "PROPN", "NNP", "1", "flat", f"Entity={n})"),
        ("3", "joined", "VERB", "VBD", "0", "root", "_"),
        ("4", org, "PROPN", "NNP", "3", "obj", f"Entity=({n + 1}-organization-new-s-cf2-1-sgl)"),
        ("5", "in", "ADP", "IN", "6", "case", "_"),
        ("6", "May", "PROPN", "NNP", "3", "obl", "SpaceAfter=No"),
        ("7", ".", "PUNCT", ".", "3", "punct", "_"),
    ]
    lines = ["# newpar"]
    for tok_id, form, upos, xpos, head, rel, misc in rows:
        lines.append("\t".join([tok_id, form, "_", upos, xpos, "_", head, rel, "_", misc]))
    return "\n".join(lines) + "\n\n"


def _document(doc_id: str, offset: int) -> str:
    sentences = [
        _sentence(10 * i, *PEOPLE[(i + offset) % 4], ORGS[(i + 2 * offset) % 4])
        for i in range(1, 7)
    ]
    return f"# newdoc id = {doc_id}\n{HEADER}\n# meta::genre = news\n" + "".join(sentences)


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
    corpus = _corpus(tmp_path)
    bundle = tmp_path / "ner_gum"
    result = run_training(corpus, tmp_path / "out", model_dir=bundle, max_steps=5, repeat=1)

    assert result.bundled == bundle and (bundle / "meta.json").exists()
    meta = json.loads((bundle / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == "ner_gum" and meta["version"]
    assert set(meta["labels"]["ner"]) == {"PERSON", "ORG"}
    assert set(meta["scores"]) == {"dev", "test"}
    assert meta["scores"]["test"]["mention"]["PERSON"]["tp"] >= 0
    assert result.documents == {"train": 2, "dev": 1, "test": 1}

    nlp = spacy.load(bundle)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    doc = nlp("Omar Haddad joined Hulu in May.")
    assert all(ent.label_ in {"PERSON", "ORG"} for ent in doc.ents)
    # The bundled config must not point at this machine's corpus.
    assert str(tmp_path) not in (bundle / "config.cfg").read_text(encoding="utf-8")


def test_command_line_quick_run_without_bundling(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    scores = tmp_path / "scores.json"
    code = main(
        ["--corpus", str(corpus), "--output", str(out), "--max-steps", "2", "--no-bundle"]
        + ["--repeat", "1", "--scores-json", str(scores)]
    )
    assert code == 0
    assert (out / "model" / "model-best" / "meta.json").exists()
    assert {"dev", "test"} == set(json.loads(scores.read_text(encoding="utf-8")))


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
