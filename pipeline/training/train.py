"""Converts GUM + UD English-EWT, trains the joint pipeline with spaCy, bundles the best checkpoint.

The one code path behind ``python -m pipeline.training`` (and the smoke test):

1. :func:`pipeline.training.gum.convert` writes ``<split>/gum.spacy`` (syntax + PERSON/ORG)
   and ``<split>/ewt.spacy`` (syntax; entities missing) DocBins;
2. ``spacy.cli.train.train`` trains ``training/tv_core.cfg`` (tok2vec shared by tagger,
   morphologizer, parser, trainable lemmatizer and NER) on both train splits, selecting the
   checkpoint on both dev splits (test is never read by the trainer);
3. the best checkpoint is scored on dev and test (per treebank: UAS, LAS, UPOS, XPOS,
   features, lemmas; GUM: PERSON/ORG spans, see :mod:`pipeline.training.evaluate`) and copied
   to ``pipeline/models/tv_core`` with a ``meta.json`` carrying name, version, labels,
   sources/licences and the scores.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.cli.train import train as spacy_train
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.util import load_config
from spacy.vocab import Vocab

from pipeline.training import augment  # noqa: F401  (registers gum_mention_swap.v1)
from pipeline.training import evaluate as scoring
from pipeline.training.gum import convert

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "gum"
DEFAULT_EWT = REPO_ROOT.parent / "shared" / "corpora" / "ud-english-ewt"
DEFAULT_CONFIG = REPO_ROOT / "training" / "tv_core.cfg"
DEFAULT_OUTPUT = REPO_ROOT / "training" / "output"
BUNDLED_MODEL = REPO_ROOT / "pipeline" / "models" / "tv_core"
TREEBANKS: tuple[str, ...] = ("gum", "ewt")

MODEL_NAME = "tv_core"
MODEL_VERSION = "2.0.0"
MODEL_META: dict[str, Any] = {
    "name": MODEL_NAME,
    "version": MODEL_VERSION,
    "description": (
        "English tagger (PTB), morphologizer (UD POS + features), UD dependency parser, "
        "trainable lemmatizer and PERSON / ORG NER on one shared tok2vec CNN (CPU, no "
        "vectors), trained on GUM (syntax + entities) and UD English-EWT (syntax); see "
        "training/MODEL_CARD.md."
    ),
    "author": "tv-claims-pipeline",
    # Conservative: the training data include CC BY-SA 3.0 texts (GUM's Wikipedia/Wikivoyage
    # documents) and the CC BY-SA 4.0 EWT annotations; BY-SA 3.0 material may be adapted
    # under a later version, so CC BY-SA 4.0 satisfies both. See training/MODEL_CARD.md.
    "license": "CC BY-SA 4.0",
    "sources": [
        {
            "name": "GUM corpus (Georgetown University Multilayer corpus), subset",
            "url": "https://gucorpling.org/gum/",
            "license": "annotations CC BY 4.0; texts per genre, see training/MODEL_CARD.md",
            "author": "Amir Zeldes and the GUM annotators",
            "citation": (
                "Zeldes, Amir (2017) The GUM Corpus: Creating Multilayer Resources in the "
                "Classroom. Language Resources and Evaluation 51(3), 581-612."
            ),
        },
        {
            "name": "Universal Dependencies English Web Treebank (UD_English-EWT) v2.15",
            "url": "https://github.com/UniversalDependencies/UD_English-EWT",
            "license": "CC BY-SA 4.0",
            "author": "Natalia Silveira, Timothy Dozat, Marie-Catherine de Marneffe, Samuel "
            "Bowman, Miriam Connor, John Bauer, Christopher D. Manning; UD contributors",
            "citation": (
                "Silveira, Natalia et al. (2014) A Gold Standard Dependency Corpus for English. "
                "Proceedings of LREC 2014."
            ),
        },
    ],
}


@dataclass
class TrainResult:
    best_model: Path
    bundled: Path | None
    seconds: float
    documents: dict[str, int]
    scores: dict[str, Any] = field(default_factory=dict)


def load_split(corpus_out: Path, split: str, vocab: Vocab, treebank: str = "gum") -> list[Doc]:
    """The gold Docs of one converted treebank split (empty if it was not written)."""
    path = corpus_out / split / f"{treebank}.spacy"
    return list(DocBin().from_disk(path).get_docs(vocab)) if path.exists() else []


def _overrides(
    corpus_out: Path, config_path: Path, max_steps: int | None, seed: int | None
) -> dict[str, Any]:
    overrides: dict[str, Any] = {
        "paths.train": str(corpus_out / "train"),
        "paths.dev": str(corpus_out / "dev"),
    }
    if max_steps is not None:
        eval_frequency = int(load_config(config_path)["training"]["eval_frequency"])
        overrides["training.max_steps"] = max_steps
        # A short run must still evaluate, or no best checkpoint would be chosen on dev.
        overrides["training.eval_frequency"] = max(1, min(eval_frequency, max_steps))
    if seed is not None:
        overrides["system.seed"] = seed
    return overrides


def score_model(
    nlp: Language, gold: dict[str, dict[str, list[Doc]]], repeat: int = 3
) -> dict[str, Any]:
    """Dev and test scores: PERSON/ORG on GUM (mention level; document level on the news
    documents; throughput), and per treebank the syntax scores on raw text and on gold
    tokens."""
    scores: dict[str, Any] = {}
    for split in ("dev", "test"):
        docs = gold.get("gum", {}).get(split) or []
        if docs:
            news = [d for d in docs if d.user_data.get("gum_genre") == "news"]
            scores[split] = scoring.evaluate(nlp, docs, doc_level_gold=news, repeat=repeat)
        syntax = {}
        for treebank, splits in gold.items():
            if splits.get(split):
                syntax[treebank] = {
                    "raw_text": scoring.syntax_scores(nlp, splits[split], gold_tokens=False),
                    "gold_tokens": scoring.syntax_scores(nlp, splits[split], gold_tokens=True),
                }
        if syntax:
            scores.setdefault(split, {})["syntax"] = syntax
    return scores


def _clean_config(model_dir: Path) -> None:
    # The trained config records this machine's corpus paths; they mean nothing elsewhere.
    # The augmenter is training-only and registered by this package: drop it so the bundled
    # config stands alone.
    config = load_config(model_dir / "config.cfg", interpolate=False)
    for key in ("train", "dev"):
        config["paths"][key] = None
    config["corpora"]["train"]["augmenter"] = None
    config.to_disk(model_dir / "config.cfg", interpolate=False)


def bundle(best_model: Path, model_dir: Path, extra_meta: dict[str, Any]) -> Path:
    """Copies the trained pipeline to ``model_dir`` and completes its ``meta.json``."""
    if model_dir.exists():
        shutil.rmtree(model_dir)
    shutil.copytree(best_model, model_dir)
    _clean_config(model_dir)
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(MODEL_META)
    meta.update(extra_meta)
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return model_dir


def frozen_ner(source_dir: Path) -> Language:
    """The pipeline at ``source_dir`` with its ``ner`` made standalone: if the NER listens to a
    shared ``tok2vec``, it gets its own copy of it, so it can be moved into another pipeline
    unchanged (frozen: same weights, same predictions)."""
    source = spacy.load(source_dir)
    has_tok2vec = "tok2vec" in source.pipe_names
    listeners = source.get_pipe("tok2vec").listening_components if has_tok2vec else []
    if "ner" in listeners:
        source.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    return source


def with_frozen_ner(nlp: Language, source: Language) -> Language:
    """``nlp`` with its jointly trained ``ner`` replaced by ``source``'s standalone one."""
    nlp.remove_pipe("ner")
    nlp.add_pipe("ner", source=source, last=True)
    return nlp


def finish(
    best: Path,
    gold: dict[str, dict[str, list[Doc]]],
    model_dir: Path | None,
    training_meta: dict[str, Any],
    *,
    ner_source: Language | None = None,
    repeat: int = 3,
) -> tuple[dict[str, Any], Path | None]:
    """Scores the best checkpoint (with the frozen NER swapped in, if given) on dev and test,
    and bundles it into ``model_dir`` (unless None). Returns the scores and the bundle."""
    nlp = spacy.load(best)
    extra: dict[str, Any] = {}
    if ner_source is not None:
        # The jointly trained NER head is scored for the record, then replaced.
        extra["joint_ner_scores"] = {
            split: scoring.evaluate(nlp, docs, repeat=1)["mention"]
            for split, docs in gold.get("gum", {}).items()
            if split in ("dev", "test") and docs
        }
        nlp = with_frozen_ner(nlp, ner_source)
        best = best.parent / "model-bundle"
        if best.exists():
            shutil.rmtree(best)
        nlp.to_disk(best)
        nlp = spacy.load(best)
    scores = score_model(nlp, gold, repeat=repeat)
    if model_dir is None:
        return scores, None
    bundled = bundle(best, model_dir, {"scores": scores, "training": training_meta, **extra})
    if ner_source is not None:
        meta_path = model_dir / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        # spaCy's own dev figures of the training run describe the replaced NER head.
        for key in [k for k in meta.get("performance", {}) if k.startswith("ents")]:
            del meta["performance"][key]
        meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return scores, bundled


def run_training(
    corpus_dir: Path = DEFAULT_CORPUS,
    output_dir: Path = DEFAULT_OUTPUT,
    config_path: Path = DEFAULT_CONFIG,
    *,
    ewt_dir: Path | None = DEFAULT_EWT,
    model_dir: Path | None = BUNDLED_MODEL,
    ner_from: Path | None = None,
    max_steps: int | None = None,
    seed: int | None = None,
    repeat: int = 3,
) -> TrainResult:
    """Converts, trains, scores on dev and test, and bundles into ``model_dir`` (unless None).

    ``ewt_dir`` holds ``en_ewt-ud-{train,dev,test}.conllu``; None trains on GUM alone.
    ``ner_from``: a model directory whose ``ner`` replaces the jointly trained one, frozen with
    its own tok2vec (read before ``model_dir`` is overwritten, so it may be ``model_dir``);
    None keeps the joint NER."""
    ner_source = frozen_ner(ner_from) if ner_from is not None else None
    corpus_out = output_dir / "corpus"
    if corpus_out.exists():
        shutil.rmtree(corpus_out)  # no stale DocBins from an earlier run in the corpus folders
    counts = convert(corpus_dir, corpus_out, ewt_dir=ewt_dir)
    if not counts["gum"].get("train") or not counts["gum"].get("dev"):
        raise ValueError(f"{corpus_dir}: need train and dev documents, found {counts}")
    gold = load_gold(corpus_out, counts)
    entities = {split: sum(len(doc.ents) for doc in docs) for split, docs in gold["gum"].items()}
    print(f"documents per treebank and split: {counts}", flush=True)
    print(f"GUM gold PERSON/ORG spans: {entities}", flush=True)

    start = time.perf_counter()
    spacy_train(
        config_path,
        output_dir / "model",
        use_gpu=-1,
        overrides=_overrides(corpus_out, config_path, max_steps, seed),
    )
    seconds = time.perf_counter() - start
    best = output_dir / "model" / "model-best"
    config = load_config(config_path)
    training_meta = {
        "corpus": (
            "GUM (openly licensed subset, splits.md) and UD English-EWT v2.15: trained on "
            "both train splits; checkpoint chosen on both dev splits; test scored once"
        ),
        "documents": counts,
        "gold_spans": entities,
        "selection": "best weighted dev score (training.score_weights in the config)",
        "max_steps": max_steps if max_steps is not None else config["training"]["max_steps"],
        "seed": seed if seed is not None else config["system"]["seed"],
        "seconds": round(seconds, 1),
        "ner": "jointly trained"
        if ner_source is None
        else f"frozen, with its own tok2vec, from {ner_source.meta.get('name')} "
        f"{ner_source.meta.get('version')}",
    }
    scores, bundled = finish(
        best, gold, model_dir, training_meta, ner_source=ner_source, repeat=repeat
    )
    return TrainResult(best, bundled, seconds, counts, scores)


def load_gold(corpus_out: Path, counts: dict[str, dict[str, int]]) -> dict[str, Any]:
    """Gold Docs per treebank and split, as converted into ``corpus_out``."""
    vocab = spacy.blank("en").vocab
    return {
        treebank: {split: load_split(corpus_out, split, vocab, treebank) for split in n}
        for treebank, n in counts.items()
    }


def format_scores(scores: dict[str, Any]) -> str:
    """Markdown tables: syntax per treebank, then PERSON/ORG mention and document scores."""
    lines = [
        "| split | treebank | setting | UAS | LAS | UPOS | XPOS | morph | lemma | words |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for split, result in scores.items():
        for treebank, settings in result.get("syntax", {}).items():
            for setting, s in settings.items():
                cells = " | ".join(f"{s[k]:.3f}" for k in scoring.SYNTAX_KEYS)
                lines.append(f"| {split} | {treebank} | {setting} | {cells} | {s['words']} |")
    lines += ["", "| split | level | label | P | R | F1 |", "|---|---|---|---|---|---|"]
    for split, result in scores.items():
        for level in ("mention", "document"):
            for label, s in result.get(level, {}).items():
                lines.append(
                    f"| {split} | {level} | {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} |"
                )
        if "words_per_second" in result:
            wps = result["words_per_second"]
            lines.append(f"| {split} | throughput | words/s | {wps:.0f} | | |")
    return "\n".join(lines)
