"""Builds the spaCy pipeline used by every stage: tokenizer, sentences, model, claim components.

``load_pipeline(name)`` accepts:

* ``"default"`` - the model bundled in ``pipeline/models/tv_core`` (tagger, parser, lemmatizer,
  NER) plus the rules;
* ``"rules"`` - a blank English pipeline with the rules only (no statistical model);
* any installed spaCy pipeline package or path, e.g. ``"en_core_web_sm"``, plus the rules.
"""

from __future__ import annotations

from functools import lru_cache

import pipeline.spacy_import  # noqa: F401  (first: imports spaCy without its command line)

# isort: split
import spacy
from spacy.language import Language
from spacy.symbols import ORTH

import pipeline.entity_rules  # noqa: F401  (registers the tv_entity_rules factory)

# Each import registers the claim components the pipeline adds below.
import pipeline.patterns.cast  # noqa: F401
import pipeline.patterns.crew  # noqa: F401
import pipeline.patterns.dating  # noqa: F401
import pipeline.patterns.premiere  # noqa: F401
import pipeline.patterns.series  # noqa: F401
import pipeline.patterns.status  # noqa: F401
import pipeline.patterns.titles  # noqa: F401
import pipeline.sentences  # noqa: F401  (registers the tv_sentences component)
from pipeline.gazetteers import titles
from pipeline.model_info import BUNDLED_MODEL, ModelNotFoundError, model_label

__all__ = ["BUNDLED_MODEL", "ModelNotFoundError", "load_pipeline", "model_label"]

# After the model: entity rules, then one component per claim family, each writing a named layer
# of the Doc (doc.spans["tv_titles"], doc._.tv_status, ...) that the next ones and the claims
# builder read. Order matters: titles before status, status before series (the main series),
# series before cast (short forms of titles untagged), dates first (no title inside a date).
CLAIM_COMPONENTS = (
    "tv_entity_rules",
    "tv_dates",
    "tv_titles",
    "tv_status",
    "tv_series",
    "tv_cast",
    "tv_crew",
    "tv_premiere",
)
_UNUSED_COMPONENTS = ["lemmatizer", "textcat", "textcat_multilabel", "entity_linker"]


def _add_title_abbreviations(nlp: Language) -> None:
    # "Det." and "Sgt." must stay one token, or the period would end the sentence mid-name.
    for title in titles():
        if " " in title:
            continue
        for form in (title.capitalize() + ".", title.upper() + "."):
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


@lru_cache(maxsize=4)
def load_pipeline(name: str = "default") -> Language:
    if name == "rules":
        nlp = spacy.blank("en")
    elif name == "default":
        # The bundled tokenizer is spaCy's English one (tests/test_bundled_model.py checks):
        # reading it from disk again would only double the load's slowest step.
        nlp = (
            spacy.load(BUNDLED_MODEL, exclude=["tokenizer"])
            if BUNDLED_MODEL.exists()
            else spacy.blank("en")
        )
    else:
        try:
            nlp = spacy.load(name, exclude=_UNUSED_COMPONENTS)
        except OSError as exc:
            raise ModelNotFoundError(
                f"spaCy pipeline {name!r} is not installed (use 'default' or 'rules'): "
                f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
            ) from None
        except Exception as exc:  # e.g. an importable module that is not a spaCy pipeline
            detail = str(exc).splitlines()[0] if str(exc) else "no detail"
            raise ModelNotFoundError(
                f"cannot load {name!r} as a spaCy pipeline ({type(exc).__name__}: {detail}); "
                "use 'default', 'rules' or an installed spaCy pipeline such as en_core_web_sm"
            ) from None
        if not isinstance(nlp, Language):
            raise ModelNotFoundError(
                f"{name!r} did not load as a spaCy pipeline; use 'default', 'rules' or an "
                "installed spaCy pipeline such as en_core_web_sm"
            )
    _add_title_abbreviations(nlp)
    nlp.add_pipe("tv_sentences", first=True)
    for name in CLAIM_COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp
