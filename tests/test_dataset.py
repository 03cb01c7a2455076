"""The partitioned output (pipeline/dataset.py, run --output DIR/): the single-file table's rows
cut into parts at article boundaries, read back as one table by pandas, pyarrow (and DuckDB
and Polars where installed); incremental runs; a new generation swapped in atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pytest
from run_helpers import ARTICLE_A, ARTICLE_B, ARTICLE_C, do_run

import pipeline.claims as claims_module
import pipeline.dataset as dataset_module
from pipeline.cli import main
from pipeline.dataset import generations, parts
from pipeline.facts import facts_path, read_facts
from pipeline.manifest import read_manifest
from pipeline.run import RunError

MORE = {
    f"x{n}": f"Netflix has renewed Show {n} for Season {n + 2}. Ann Lee{n} plays Tom Hart{n}.\n"
    for n in range(6)
}


@pytest.fixture
def corpus(articles: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Eight articles and parts of at least 4 rows: several parts, each of whole articles."""
    monkeypatch.setattr(dataset_module, "PART_ROWS", 4)
    for name, text in MORE.items():
        (articles / f"{name}.txt").write_text(text, encoding="utf-8")
    return articles


def single_and_dataset(corpus: Path, tmp_path: Path) -> tuple[Path, Path]:
    single, folder = tmp_path / "single" / "claims.parquet", tmp_path / "out" / "claims"
    do_run(corpus, single)
    do_run(corpus, folder, dataset=True)
    return single, folder


def test_the_dataset_holds_the_single_tables_rows_in_parts_of_whole_articles(
    corpus: Path, tmp_path: Path
) -> None:
    single, folder = single_and_dataset(corpus, tmp_path)
    expected = pd.read_parquet(single)
    files = parts(folder)
    assert len(files) > 2 and [f.name for f in files][:2] == [
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    pd.testing.assert_frame_equal(pd.read_parquet(folder), expected)
    assert ds.dataset(folder).to_table().to_pandas().equals(pd.read_parquet(folder))
    seen: set[str] = set()
    for file in files:  # no article is cut across two parts
        ids = set(pd.read_parquet(file)["article_id"])
        assert not ids & seen
        seen |= ids
    assert read_manifest(folder)["claims"] == len(expected)
    assert read_facts(facts_path(folder)).equals(read_facts(facts_path(single)))


def test_duckdb_and_polars_read_the_parts_as_one_table(corpus: Path, tmp_path: Path) -> None:
    single, folder = single_and_dataset(corpus, tmp_path)
    expected = pd.read_parquet(single)
    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.sql(f"select count(*) from read_parquet('{folder}/*.parquet')").fetchall()
    assert rows[0][0] == len(expected)
    polars = pytest.importorskip("polars")
    assert polars.read_parquet(f"{folder}/*.parquet").height == len(expected)


def test_incremental_runs_on_a_dataset_match_the_single_file(corpus: Path, tmp_path: Path) -> None:
    single, folder = single_and_dataset(corpus, tmp_path)
    (corpus / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    (corpus / "a.txt").write_text(ARTICLE_A.replace("third", "fourth"), encoding="utf-8")
    (corpus / "x3.txt").unlink()
    one = do_run(corpus, single)
    many = do_run(corpus, folder)  # an existing dataset folder: a dataset again
    assert (many.new, many.changed, many.removed) == (["c"], ["a"], ["x3"])
    assert (one.new, one.changed, one.removed) == (many.new, many.changed, many.removed)
    pd.testing.assert_frame_equal(pd.read_parquet(folder), pd.read_parquet(single))
    counts = pd.read_parquet(folder)["article_id"].value_counts()
    assert {a: m["claims"] for a, m in read_manifest(folder)["articles"].items()} == dict(counts)
    again = do_run(corpus, folder)
    assert not again.wrote_table and not again.new


def test_each_run_swaps_in_a_new_generation_and_keeps_the_previous_one(
    corpus: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "out" / "claims"
    do_run(corpus, folder, dataset=True)
    first = os.readlink(folder)
    (corpus / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    do_run(corpus, folder)
    second = os.readlink(folder)
    assert second != first and {g.name for g in generations(folder)} == {first, second}
    (corpus / "b.txt").write_text(ARTICLE_B.replace("Salt", "Sea"), encoding="utf-8")
    do_run(corpus, folder)
    assert {g.name for g in generations(folder)} == {second, os.readlink(folder)}


def test_an_interrupted_write_leaves_the_dataset_as_it_was(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out" / "claims"
    do_run(corpus, folder, dataset=True)
    before = pd.read_parquet(folder)
    target = os.readlink(folder)
    (corpus / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    writes = 0
    real = claims_module.ClaimsWriter.write

    def dies_on_the_third_part(self, rows) -> None:  # noqa: ANN001
        nonlocal writes
        if self.path.name == "part-00002.parquet":
            raise KeyboardInterrupt
        writes += 1
        real(self, rows)

    monkeypatch.setattr(claims_module.ClaimsWriter, "write", dies_on_the_third_part)
    with pytest.raises(KeyboardInterrupt):
        do_run(corpus, folder)
    assert writes and os.readlink(folder) == target
    pd.testing.assert_frame_equal(pd.read_parquet(folder), before)
    assert [g.name for g in generations(folder)] == [target]  # the half-written one is gone
    monkeypatch.undo()
    monkeypatch.setattr(dataset_module, "PART_ROWS", 4)
    assert do_run(corpus, folder).new == ["c"]


def test_an_empty_folder_becomes_a_dataset(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    folder.mkdir()
    with pytest.raises(
        RunError, match=f"or write a partitioned dataset there with --output {folder}/"
    ):
        do_run(corpus, folder)  # a folder, but no dataset asked for
    summary = do_run(corpus, folder, dataset=True)
    assert summary.claims > 0 and folder.is_symlink() and parts(folder)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("folder with a file", "not empty and is not a dataset this pipeline wrote"),
        ("file", "is a file, not a dataset folder"),
        ("foreign link", "not a dataset this pipeline wrote"),
    ],
)
def test_what_is_not_a_dataset_is_never_overwritten(
    articles: Path, tmp_path: Path, setup: str, message: str
) -> None:
    target = tmp_path / "claims"
    if setup == "folder with a file":
        target.mkdir()
        (target / "notes.txt").write_text("mine", encoding="utf-8")
    elif setup == "file":
        target.write_text("mine", encoding="utf-8")
    else:
        (tmp_path / "elsewhere").mkdir()
        target.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(RunError, match=message):
        do_run(articles, target, dataset=True)
    assert not list(tmp_path.glob(".claims.v-*"))


def test_the_cli_writes_a_dataset_for_a_path_ending_in_a_slash(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "claims"
    assert main(["run", "--model", "rules", "-q", "-i", str(articles), "-o", f"{folder}/"]) == 0
    assert folder.is_symlink() and len(pd.read_parquet(folder)) > 0
    assert main(["summary", str(folder)]) == 0
    assert "renewal" in capsys.readouterr().out
    assert main(["run", "--model", "rules", "-i", str(articles), "-o", str(folder)]) == 0
    assert "nothing to do" in capsys.readouterr().err
