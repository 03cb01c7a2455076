"""The analyst notebook: outputs stripped, valid, and executed top to bottom headless (nbclient,
a real Jupyter kernel) on a small corpus with a CRLF article, from the notebooks folder, so
that its plots, the board and the source check all run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipeline.claims import locate_table
from pipeline.run import run

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore_claims.ipynb"
ARTICLES = {
    # CRLF line endings: open() without newline="" would be off by one per line break.
    "crlf.txt": " date 2025-10-07 Netflix Renews 'Harbor Lights' for Season 3\r\n\r\n"
    "Netflix has renewed Harbor Lights for a third season. Priya Raman plays Dr. Lena Ortiz.\r\n"
    "The premiere is set for October 7, 2025.\r\n",
    "second.txt": " date 2025-10-09 Harbor Lights will return for Season 3 on Netflix. Priya "
    "Raman plays Lena Ortiz.\n",
    "third.txt": "Harbor Lights has not been renewed yet. Tom Reyes plays Lena Ortiz.\n",
}


def code_cells() -> list[str]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_notebook_is_stripped_and_valid() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    nbformat.validate(nbformat.read(NOTEBOOK, as_version=4))


def test_offset_check_reads_the_file_as_the_pipeline_does() -> None:
    source = "\n".join(code_cells())
    assert "pipeline.read_raw(" in source
    assert "utf-8-sig" not in source and "open(" not in source


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "notebooks").mkdir()
    (root / "seeds").mkdir()
    for name, text in ARTICLES.items():
        (root / "seeds" / name).write_bytes(text.encode("utf-8"))
    table = root / "data" / "extracted" / "claims.parquet"
    run([root / "seeds"], table, model="rules", progress=False, log=lambda msg: None)
    return root


def _outputs(notebook) -> tuple[str, int]:
    text, images = [], 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                text.append(output["text"])
            data = output.get("data", {})
            images += "image/png" in data
            text.append(data.get("text/plain", ""))
    return "\n".join(text), images


def test_notebook_runs_headless_from_the_notebooks_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TV_CLAIMS_TABLE", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(project / "notebooks")}},
    )
    client.execute()  # raises CellExecutionError on any failing cell
    text, images = _outputs(notebook)
    table = project / "data" / "extracted" / "claims.parquet"
    assert f"{table}: " in text  # found from the notebooks folder
    assert images == 2  # the timeline and the per-type / per-article bars
    assert "Harbor Lights" in text  # the board
    claims = len(__import__("pandas").read_parquet(table))
    assert f"{claims} of {claims} claims match their source" in text


def test_locate_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TV_CLAIMS_TABLE", raising=False)
    table = tmp_path / "data" / "extracted" / "claims.parquet"
    table.parent.mkdir(parents=True)
    table.write_bytes(b"")
    deep = tmp_path / "notebooks" / "drafts"
    deep.mkdir(parents=True)
    assert locate_table(deep) == table
    assert locate_table(tmp_path) == table
    monkeypatch.setenv("TV_CLAIMS_TABLE", os.fspath(tmp_path / "other.parquet"))
    assert locate_table(deep) == tmp_path / "other.parquet"
