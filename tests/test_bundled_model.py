"""The bundled model (pipeline/models/tv_core) loads and annotates syntax and entities."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language

from pipeline.model_info import BUNDLED_MODEL, bundled_version, model_label


@pytest.fixture(scope="module")
def model() -> Language:
    return spacy.load(BUNDLED_MODEL)


def test_meta_names_the_model_and_its_version() -> None:
    meta = json.loads((BUNDLED_MODEL / "meta.json").read_text(encoding="utf-8"))
    assert (meta["name"], meta["version"]) == ("tv_core", "2.0.0")
    assert bundled_version() == "2.0.0" and model_label("default") == "tv_core-2.0.0"
    assert set(meta["labels"]["ner"]) == {"PERSON", "ORG"}
    assert {"nsubj", "nsubj:pass", "obj", "obl", "appos", "compound", "flat", "acl:relcl"} <= set(
        meta["labels"]["parser"]
    )


def test_one_shared_tok2vec_feeds_every_component(model: Language) -> None:
    assert model.pipe_names == [
        "tok2vec", "tagger", "morphologizer", "parser", "trainable_lemmatizer", "ner"
    ]  # fmt: skip


def test_sentence_gets_tags_pos_lemmas_and_a_parse(model: Language) -> None:
    doc = model("Netflix has renewed the drama for a second season, the streamer announced.")
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG")
    assert doc.has_annotation("POS") and doc.has_annotation("LEMMA")
    assert all(t.pos_ and t.tag_ and t.dep_ and t.lemma_ for t in doc)
    renewed = doc[2]
    assert (renewed.lemma_, renewed.pos_, renewed.tag_) == ("renew", "VERB", "VBN")
    assert doc[0].dep_ == "nsubj" and doc[0].head == renewed
    assert doc[4].dep_ == "obj" and doc[4].head == renewed


def test_parser_keeps_the_sentence_starts_tv_sentences_presets() -> None:
    from pipeline.nlp import load_pipeline

    nlp = load_pipeline("default")
    text = (
        "Bosch: Legacy renewed for season 3\n"
        "Amazon has renewed the series, which stars Titus Welliver as Harry Bosch. "
        "It returns in approx. ten months with Det. Renée Ballard and Mimi Rogers\n"
        "Photo credit: Amazon"
    )
    with nlp.select_pipes(enable=["tv_sentences"]):
        preset = [t.is_sent_start for t in nlp(text)]
    doc = nlp(text)
    assert [t.is_sent_start for t in doc] == preset
    starts = [i for i, s in enumerate(preset) if s] + [len(doc)]
    for a, b in zip(starts, starts[1:], strict=False):
        assert all(a <= t.head.i < b for t in doc[a:b])  # no arc crosses a preset boundary


def test_bundled_tokenizer_is_the_one_its_config_builds(model: Language) -> None:
    """load_pipeline skips reading the tokenizer from disk (the load's slowest step): the one
    the config builds is the same. A retrained model with another tokenizer must change that."""
    built = spacy.load(BUNDLED_MODEL, exclude=["tokenizer"])
    rules = {"exclude": ["vocab"]}  # the strings seen so far are not rules
    assert built.tokenizer.to_bytes(**rules) == model.tokenizer.to_bytes(**rules)
