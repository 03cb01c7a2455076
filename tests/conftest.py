from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp import load_pipeline

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The rules-only pipeline: deterministic, independent of the bundled model."""
    return load_pipeline("rules")


@pytest.fixture(scope="session")
def parse(nlp: Language):
    def _parse(text: str) -> Doc:
        return nlp(text)

    return _parse


@pytest.fixture(scope="session")
def default_nlp() -> Language:
    """The product's default pipeline (bundled model + rules), as `python -m pipeline run` uses."""
    return load_pipeline("default")


@pytest.fixture(scope="session")
def default_parse(default_nlp: Language):
    """Parse with the default pipeline: the claim rules need its tagger and parser."""

    def _parse(text: str) -> Doc:
        return default_nlp(text)

    return _parse


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder with two small articles (run_helpers.ARTICLE_A and ARTICLE_B)."""
    from run_helpers import ARTICLE_A, ARTICLE_B

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    return folder


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out" / "claims.parquet"
