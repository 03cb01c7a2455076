"""Batches and worker processes (pipeline/workers.py) and the streamed claims table
(pipeline/claims.py ClaimsWriter): the same claims, rows and bytes whatever the batching and the
number of workers; one bad article never costs the others their claims."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import pipeline.claims as claims_module
import pipeline.workers as workers_module
from pipeline.claims import ClaimsWriter, claims_batch
from pipeline.cli import main as cli
from pipeline.nlp import load_pipeline
from pipeline.run import manifest_path, run
from pipeline.workers import ArticleJob, extract_articles, extract_batch

ARTICLES = {
    "a": "Netflix has renewed Wayfarers for a second season. Ann Lee plays Tom Hart.\n",
    "b": "HBO cancelled The Long Field after one season, the network said on Monday.\n",
    "c": "Hulu ordered a drama series from Jo March, who will serve as showrunner.\n",
    "d": "Mara Quinn joins the cast of Wayfarers as Ida Voss, Netflix said.\n",
    "e": "Apple TV+ renewed Night Shift for Season 3. Paul Dano stars as Gil.\n",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def jobs_of(folder: Path) -> list[ArticleJob]:
    return [ArticleJob(p.stem, str(p)) for p in sorted(folder.glob("*.txt"))]


def as_rows(results) -> list[tuple[str, list[dict] | None, str | None]]:  # noqa: ANN001
    return [
        (r.article_id, None if r.claims is None else r.claims.to_pylist(), r.skip_reason)
        for r in results
    ]


@pytest.mark.parametrize("batch_size", [1, 2, 5])
def test_batching_does_not_change_the_claims(folder: Path, batch_size: int) -> None:
    one_by_one = as_rows(extract_articles(jobs_of(folder), "rules", "rules", 1, batch_size=1))
    batched = as_rows(extract_articles(jobs_of(folder), "rules", "rules", 1, batch_size))
    assert batched == one_by_one
    assert [article for article, _, _ in batched] == sorted(ARTICLES)  # input order
    assert all(rows for _, rows, _ in batched)


def test_worker_processes_give_the_same_results_in_input_order(folder: Path) -> None:
    alone = as_rows(extract_articles(jobs_of(folder), "rules", "rules", 1, batch_size=2))
    pooled = as_rows(extract_articles(jobs_of(folder), "rules", "rules", 2, batch_size=2))
    assert pooled == alone


def test_run_with_two_workers_writes_the_same_bytes(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers_module, "BATCH_SIZE", 2)  # three batches: the pool is used
    tables = []
    for workers in (1, 2):
        out = tmp_path / f"claims-{workers}.parquet"
        summary = run([folder], out, model="rules", progress=False, log=lambda m: None,
                      workers=workers)  # fmt: skip
        assert sorted(summary.new) == sorted(ARTICLES)
        tables.append(out.read_bytes())
    assert tables[0] == tables[1]


def test_a_bad_article_in_a_batch_is_skipped_and_the_others_kept(folder: Path) -> None:
    nlp = load_pipeline("rules")
    broken = "HBO cancelled"  # article b

    class Flaky:
        """``nlp`` that fails on one article: the whole batch fails in ``pipe``."""

        def pipe(self, docs, batch_size):  # noqa: ANN001, ANN201
            docs = list(docs)
            if any(broken in d.text for d in docs):
                raise RuntimeError("model crashed")
            return nlp.pipe(docs, batch_size=batch_size)

        def __call__(self, doc):  # noqa: ANN001, ANN204
            if broken in doc.text:
                raise RuntimeError("model crashed")
            return nlp(doc)

        def make_doc(self, text):  # noqa: ANN001, ANN201
            return nlp.make_doc(text)

    results = extract_batch(Flaky(), "rules", jobs_of(folder))
    by_id = {r.article_id: r for r in results}
    assert by_id["b"].skip_reason == "internal error: RuntimeError: model crashed"
    assert by_id["b"].claims is None
    assert all(by_id[a].count > 0 for a in "acde")


def test_unreadable_and_foreign_articles_are_skipped_with_their_reason(folder: Path) -> None:
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_text(
        "La serie fue renovada por una segunda temporada y los actores de la serie están en "
        "el reparto de la nueva temporada que se estrena en la primavera.\n",
        encoding="utf-8",
    )
    results = {r.article_id: r for r in extract_articles(jobs_of(folder), "rules", "rules")}
    assert results["a"].skip_reason == "empty file"
    assert results["b"].skip_reason.startswith("does not look like English")
    assert results["c"].count > 0


@pytest.mark.parametrize("sizes", [[7], [1, 1, 1, 1, 1, 1, 1], [3, 4], [0, 5, 0, 2]])
def test_row_groups_depend_on_the_rows_not_on_how_they_arrive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sizes: list[int]
) -> None:
    monkeypatch.setattr(claims_module, "ROW_GROUP_ROWS", 3)
    claims = [
        claim
        for job in extract_articles(jobs_of_texts(tmp_path, 3), "rules", "rules", 1, batch_size=1)
        for claim in job.claims.to_pylist()
    ][:7]
    table = pa.Table.from_pylist(claims, schema=claims_module.TABLE_SCHEMA)
    reference = tmp_path / "reference.parquet"
    writer = ClaimsWriter(reference)
    writer.write(table)
    writer.close()
    out = tmp_path / "batched.parquet"
    writer = ClaimsWriter(out)
    start = 0
    for size in sizes:
        writer.write(table.slice(start, size).to_batches()[0] if size else table.slice(0, 0))
        start += size
    writer.close()
    assert writer.rows == 7
    assert out.read_bytes() == reference.read_bytes()
    assert [pq.ParquetFile(out).metadata.row_group(i).num_rows for i in range(3)] == [3, 3, 1]


def jobs_of_texts(tmp_path: Path, count: int) -> list[ArticleJob]:
    folder = tmp_path / "texts"
    folder.mkdir(exist_ok=True)
    for name in list(ARTICLES)[:count]:
        (folder / f"{name}.txt").write_text(ARTICLES[name], encoding="utf-8")
    return jobs_of(folder)


def test_claims_batch_is_in_table_order_with_the_table_schema() -> None:
    from pipeline import extract

    claims = extract(ARTICLES["a"] + ARTICLES["e"], model="rules")
    batch = claims_batch(reversed(claims))
    assert batch.schema.equals(claims_module.TABLE_SCHEMA, check_metadata=True)
    rows = batch.to_pylist()
    assert rows == sorted(rows, key=claims_module.sort_key)
    assert {r["claim_id"] for r in rows} == {c.claim_id for c in claims}


def test_adding_an_article_gives_the_table_a_full_run_would(folder: Path, tmp_path: Path) -> None:
    """The incremental merge (Arrow) and a fresh streamed run write the same bytes."""
    out = tmp_path / "claims.parquet"
    quiet = {"model": "rules", "progress": False, "log": lambda m: None}
    (folder / "c.txt").rename(tmp_path / "c.txt")
    run([folder], out, **quiet)
    (tmp_path / "c.txt").rename(folder / "c.txt")
    added = run([folder], out, **quiet)
    assert added.new == ["c"] and len(added.unchanged) == 4
    fresh = tmp_path / "fresh.parquet"
    run([folder], fresh, **quiet)
    assert out.read_bytes() == fresh.read_bytes()
    assert manifest_path(out).exists()


@pytest.mark.parametrize("value", ["0", "-2", "two", "1.5"])
def test_cli_rejects_a_bad_worker_count(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli(["run", "--workers", value])
    assert exit_info.value.code == 2
    assert "--workers" in capsys.readouterr().err


def test_run_rejects_a_bad_worker_count(folder: Path, tmp_path: Path) -> None:
    from pipeline.run import RunError

    with pytest.raises(RunError, match="workers must be a whole number"):
        run([folder], tmp_path / "claims.parquet", model="rules", progress=False, workers=0)


@pytest.mark.parametrize(
    ("jobs", "workers", "sizes"),
    [
        (70, 1, [32, 32, 6]),  # one process: whole batches
        # 104 left: 104 // 4 = 26; then 78 // 4 = 19, 59 // 4 = 14, ...
        (200, 2, [32, 32, 32, 26, 19, 14, 11, 8, 6, 5, 4, 4, 4, 3]),
        (64, 2, [16, 12, 9, 6, 5, 4, 4, 4, 4]),
        (3, 2, [3]),
    ],
)
def test_the_last_batches_shrink_so_no_worker_ends_alone(jobs, workers, sizes) -> None:
    items = [ArticleJob(f"a{i:03d}", f"a{i:03d}.txt") for i in range(jobs)]
    batches = workers_module._batches(items, 32, workers)
    assert [len(b) for b in batches] == sizes
    assert [job for batch in batches for job in batch] == items  # all, in order


def test_a_small_run_stays_on_one_process(folder: Path, monkeypatch) -> None:
    def no_pool(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a pool was started")

    monkeypatch.setattr(workers_module, "_pooled", no_pool)
    jobs = jobs_of(folder) * 12  # 60 jobs: fewer than SMALL_RUN
    assert len(jobs) < workers_module.SMALL_RUN
    results = list(extract_articles(jobs, "rules", "rules", workers=2))
    assert len(results) == len(jobs)


def test_a_run_collects_garbage_less_often_and_gives_the_thresholds_back(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a run lasts (spaCy's import and model make hundreds of collections at the
    default) the collector's thresholds are raised; the caller's come back after."""
    import gc

    import pipeline.run as run_module

    seen = []
    real = run_module._process

    def process(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(run_module, "_process", process)
    before = gc.get_threshold()
    gc.set_threshold(900, 10, 10)
    try:
        run([folder], tmp_path / "claims.parquet", model="rules", progress=False, log=print)
        after = gc.get_threshold()
    finally:
        gc.set_threshold(*before)
    assert seen == [workers_module.GC_THRESHOLDS]
    assert after == (900, 10, 10)


def test_worker_processes_collect_garbage_less_often() -> None:
    import subprocess
    import sys

    code = "import gc; from pipeline.workers import _start_worker; _start_worker(); print(gc.get_threshold())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == str(workers_module.GC_THRESHOLDS)


@pytest.mark.parametrize("model", ["rules", "default"])
def test_a_batch_frees_its_docs_without_the_garbage_collector(folder: Path, model: str) -> None:
    """The rules keep Spans of a Doc in its user_data (a reference cycle); a batch clears them
    once its claims are built, so a worker's memory does not depend on when the collector
    runs (with its thresholds raised, dead Docs and their tensors piled up)."""
    import gc

    from spacy.tokens import Doc

    nlp = load_pipeline(model)

    def docs_alive() -> int:
        return sum(1 for o in gc.get_objects() if isinstance(o, Doc))

    extract_batch(nlp, model, jobs_of(folder))  # warm up
    gc.collect()
    gc.disable()
    try:
        before = docs_alive()
        results = extract_batch(nlp, model, jobs_of(folder))
        after = docs_alive()
    finally:
        gc.enable()
    assert all(r.claims is not None for r in results)
    assert after == before
