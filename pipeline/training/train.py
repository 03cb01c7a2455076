"""Converts GUM, trains the PERSON / ORG model with spaCy and bundles the best checkpoint.

The one code path behind ``python -m pipeline.training`` (and the smoke test):

1. :func:`pipeline.training.gum.convert` writes ``train/dev/test.spacy`` DocBins;
2. ``spacy.cli.train.train`` trains ``training/ner.cfg``, selecting the checkpoint on dev
   (test is never read by the trainer);
3. the best checkpoint is copied to ``pipeline/models/ner_gum`` with a ``meta.json`` carrying
   name, version, labels, sources/licences and the dev and test scores of
   :mod:`pipeline.training.evaluate`.
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
DEFAULT_CONFIG = REPO_ROOT / "training" / "ner.cfg"
DEFAULT_OUTPUT = REPO_ROOT / "training" / "output"
BUNDLED_MODEL = REPO_ROOT / "pipeline" / "models" / "ner_gum"

MODEL_NAME = "ner_gum"
MODEL_VERSION = "1.0.0"
MODEL_META: dict[str, Any] = {
    "name": MODEL_NAME,
    "version": MODEL_VERSION,
    "description": (
        "PERSON / ORG named-entity recogniser (tok2vec CNN + transition-based NER, CPU, "
        "no vectors) trained on the openly licensed part of the GUM corpus; see "
        "training/MODEL_CARD.md."
    ),
    "author": "tv-claims-pipeline",
    # Conservative: the training texts include CC BY-SA 3.0 Wikipedia/Wikivoyage documents.
    "license": "CC BY-SA 3.0",
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
        }
    ],
}


@dataclass
class TrainResult:
    best_model: Path
    bundled: Path | None
    seconds: float
    documents: dict[str, int]
    scores: dict[str, Any] = field(default_factory=dict)


def load_split(corpus_out: Path, split: str, vocab: Vocab) -> list[Doc]:
    """The gold Docs of one converted split (empty if it was not written)."""
    path = corpus_out / f"{split}.spacy"
    return list(DocBin().from_disk(path).get_docs(vocab)) if path.exists() else []


def _overrides(
    corpus_out: Path, config_path: Path, max_steps: int | None, seed: int | None
) -> dict[str, Any]:
    overrides: dict[str, Any] = {
        "paths.train": str(corpus_out / "train.spacy"),
        "paths.dev": str(corpus_out / "dev.spacy"),
    }
    if max_steps is not None:
        eval_frequency = int(load_config(config_path)["training"]["eval_frequency"])
        overrides["training.max_steps"] = max_steps
        # A short run must still evaluate, or no best checkpoint would be chosen on dev.
        overrides["training.eval_frequency"] = max(1, min(eval_frequency, max_steps))
    if seed is not None:
        overrides["system.seed"] = seed
    return overrides


def score_model(nlp: Language, gold: dict[str, list[Doc]], repeat: int = 3) -> dict[str, Any]:
    """Dev and test scores (mention level; document level on the news documents)."""
    scores: dict[str, Any] = {}
    for split in ("dev", "test"):
        docs = gold.get(split) or []
        if not docs:
            continue
        news = [d for d in docs if d.user_data.get("gum_genre") == "news"]
        scores[split] = scoring.evaluate(nlp, docs, doc_level_gold=news, repeat=repeat)
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


def run_training(
    corpus_dir: Path = DEFAULT_CORPUS,
    output_dir: Path = DEFAULT_OUTPUT,
    config_path: Path = DEFAULT_CONFIG,
    *,
    model_dir: Path | None = BUNDLED_MODEL,
    max_steps: int | None = None,
    seed: int | None = None,
    repeat: int = 3,
) -> TrainResult:
    """Converts, trains, scores on dev and test, and bundles into ``model_dir`` (unless None)."""
    corpus_out = output_dir / "corpus"
    counts = convert(corpus_dir, corpus_out)
    if not counts.get("train") or not counts.get("dev"):
        raise ValueError(f"{corpus_dir}: need train and dev documents, found {counts}")
    vocab = spacy.blank("en").vocab
    gold = {split: load_split(corpus_out, split, vocab) for split in counts}
    entities = {split: sum(len(doc.ents) for doc in docs) for split, docs in gold.items()}
    print(f"GUM documents per split: {counts}; gold PERSON/ORG spans: {entities}", flush=True)

    start = time.perf_counter()
    spacy_train(
        config_path,
        output_dir / "model",
        use_gpu=-1,
        overrides=_overrides(corpus_out, config_path, max_steps, seed),
    )
    seconds = time.perf_counter() - start
    best = output_dir / "model" / "model-best"

    nlp = spacy.load(best)
    scores = score_model(nlp, gold, repeat=repeat)
    bundled = None
    if model_dir is not None:
        training_meta = {
            "corpus": "GUM (openly licensed subset), splits.md train/dev/test",
            "documents": counts,
            "gold_spans": entities,
            "selection": "best dev ents_f checkpoint",
            "max_steps": max_steps
            if max_steps is not None
            else load_config(config_path)["training"]["max_steps"],
            "seed": seed if seed is not None else load_config(config_path)["system"]["seed"],
            "seconds": round(seconds, 1),
        }
        bundled = bundle(best, model_dir, {"scores": scores, "training": training_meta})
    return TrainResult(best, bundled, seconds, counts, scores)


def format_scores(scores: dict[str, Any]) -> str:
    """A short markdown table of mention- and document-level scores per split."""
    lines = ["| split | level | label | P | R | F1 |", "|---|---|---|---|---|---|"]
    for split, result in scores.items():
        for level in ("mention", "document"):
            for label, s in result[level].items():
                lines.append(
                    f"| {split} | {level} | {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} |"
                )
        lines.append(f"| {split} | throughput | words/s | {result['words_per_second']:.0f} | | |")
    return "\n".join(lines)
