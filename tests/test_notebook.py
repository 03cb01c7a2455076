"""The exploration notebook: outputs stripped, valid, and its cells run - the offset check
included - on a table built from a CRLF file (where open() without newline="" is off)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.run import run

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore_claims.ipynb"
CRLF_ARTICLE = (
    "Netflix Renews 'Harbor Lights' for Season 3\r\n"
    "\r\n"
    "Netflix has renewed Harbor Lights for a third season. Priya Raman plays Dr. Lena Ortiz.\r\n"
    "The premiere is set for October 7, 2025.\r\n"
)


def code_cells() -> list[str]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_notebook_is_stripped_and_valid() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    nbformat = pytest.importorskip("nbformat")
    nbformat.validate(nbformat.read(NOTEBOOK, as_version=4))


def test_offset_check_cell_reads_the_file_as_the_pipeline_does() -> None:
    source = "\n".join(code_cells())
    assert "pipeline.read_raw(" in source
    assert "utf-8-sig" not in source and "open(" not in source


def test_notebook_cells_run_on_a_crlf_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    (project / "seeds").mkdir()
    article = project / "seeds" / "crlf.txt"
    article.write_bytes(CRLF_ARTICLE.encode("utf-8"))
    table = project / "data" / "extracted" / "claims.parquet"
    run([project / "seeds"], table, model="rules", progress=False, log=lambda msg: None)
    monkeypatch.chdir(project / "notebooks")
    namespace: dict = {}
    for source in code_cells():
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)  # noqa: S102
    row = namespace["row"]
    assert row.evidence == namespace["raw"][row.char_start : row.char_end]
    # The old recipe (universal newlines) is off by one character per line break.
    with open(article, encoding="utf-8-sig") as handle:
        assert handle.read()[row.char_start : row.char_end] != row.evidence
