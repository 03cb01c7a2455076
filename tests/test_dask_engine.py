"""The Dask engine (pipeline/dask_engine.py) on a LocalCluster(2 workers, 1 thread each): the
same table as the local engine, byte for byte, on the seeds plus bad inputs; the same
incremental behaviour; a worker killed mid-batch is replaced and the batch run again."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import pytest

import pipeline.dask_engine as dask_engine
import pipeline.workers as workers_module
from pipeline.cli import main as cli
from pipeline.facts import facts_path
from pipeline.run import RunError, RunSummary, manifest_path, run
from pipeline.workers import ArticleJob, WorkerError, extract_articles

distributed = pytest.importorskip("distributed")

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
EXTRA = "Hulu has renewed Night Shift for Season 3. Ann Lee plays Mara Cole.\n"


@pytest.fixture(scope="module")
def cluster():  # noqa: ANN201
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster


@pytest.fixture
def articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeds plus articles that are skipped (empty, binary, not English), in batches of
    two so that both workers get work."""
    monkeypatch.setattr(workers_module, "BATCH_SIZE", 2)
    folder = tmp_path / "articles"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text \x00")
    (folder / "spanish.txt").write_text(
        "La serie fue renovada por una segunda temporada y los actores de la serie están en "
        "el reparto de la nueva temporada que se estrena en la primavera.\n",
        encoding="utf-8",
    )
    return folder


def both(folder: Path, tmp_path: Path, address: str, **kw) -> dict[str, RunSummary]:  # noqa: ANN003
    """The same run on each engine, each into its own table."""
    summaries = {}
    for engine in ("local", "dask"):
        out = tmp_path / engine / "claims.parquet"
        summaries[engine] = run(
            [folder],
            out,
            progress=False,
            log=lambda msg: None,
            workers=1 if engine == "local" else None,
            engine=engine,
            scheduler=address if engine == "dask" else None,
            **kw,
        )
    return summaries


def outcome(summary: RunSummary) -> tuple:
    return (
        summary.new,
        summary.changed,
        summary.unchanged,
        summary.removed,
        sorted((Path(s.path).name, s.reason) for s in summary.skipped),
        summary.claims,
        summary.facts,
    )


def assert_same_tables(tmp_path: Path) -> None:
    local, dask = tmp_path / "local" / "claims.parquet", tmp_path / "dask" / "claims.parquet"
    assert dask.read_bytes() == local.read_bytes()
    assert facts_path(dask).read_bytes() == facts_path(local).read_bytes()


def test_the_dask_table_is_the_local_table_byte_for_byte(
    articles: Path, tmp_path: Path, cluster
) -> None:  # noqa: ANN001
    summaries = both(articles, tmp_path, cluster.scheduler_address)
    assert outcome(summaries["dask"]) == outcome(summaries["local"])
    assert {Path(s.path).stem for s in summaries["dask"].skipped} == {"empty", "binary", "spanish"}
    assert summaries["dask"].claims > 100  # the seeds' claims, not an empty table twice
    assert_same_tables(tmp_path)


def test_incremental_runs_add_change_and_remove_as_locally(
    articles: Path, tmp_path: Path, cluster
) -> None:  # noqa: ANN001
    both(articles, tmp_path, cluster.scheduler_address)
    (articles / "extra.txt").write_text(EXTRA, encoding="utf-8")
    first = sorted(SEEDS.glob("*.txt"))[0].name
    (articles / first).write_text(EXTRA.replace("Hulu", "Netflix"), encoding="utf-8")
    (articles / sorted(SEEDS.glob("*.txt"))[1].name).unlink()
    summaries = both(articles, tmp_path, cluster.scheduler_address)
    dask = summaries["dask"]
    assert dask.new == ["extra"] and dask.changed == [Path(first).stem]
    assert len(dask.removed) == 1 and len(dask.unchanged) == 3
    assert outcome(dask) == outcome(summaries["local"])
    assert_same_tables(tmp_path)
    again = both(articles, tmp_path, cluster.scheduler_address)  # nothing to do on either
    assert not again["dask"].wrote_table and len(again["dask"].unchanged) == 5


def test_a_partitioned_output_is_the_same_on_both_engines(
    articles: Path, tmp_path: Path, cluster, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    import pipeline.dataset as dataset_module

    monkeypatch.setattr(dataset_module, "PART_ROWS", 50)
    tables = {}
    for engine in ("local", "dask"):
        folder = tmp_path / engine / "claims"
        run([articles], folder, progress=False, log=lambda m: None, engine=engine, dataset=True,
            scheduler=cluster.scheduler_address if engine == "dask" else None)  # fmt: skip
        tables[engine] = [part.read_bytes() for part in dataset_module.parts(folder)]
    assert len(tables["dask"]) > 2 and tables["dask"] == tables["local"]


class KillFirstTask(distributed.WorkerPlugin):
    """Kills the worker process that starts the first task of the pipeline (once per flag
    file), as a crash or the kernel's out-of-memory killer would."""

    def __init__(self, flag: str) -> None:
        self.flag = flag

    def transition(self, key, start, finish, **kwargs) -> None:  # noqa: ANN001, ANN003
        if finish == "executing" and str(key).startswith("tv-claims-"):
            try:
                os.close(os.open(self.flag, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                return
            os._exit(1)


def test_a_worker_killed_mid_batch_is_replaced_and_the_table_is_complete(
    articles: Path, tmp_path: Path, cluster
) -> None:  # noqa: ANN001
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/
    flag = tmp_path / "killed"
    with distributed.Client(cluster, set_as_default=False) as client:
        client.register_plugin(KillFirstTask(str(flag)), name="kill-first-task")
        try:
            summaries = both(articles, tmp_path, cluster.scheduler_address)
        finally:
            client.unregister_worker_plugin("kill-first-task")
            client.wait_for_workers(2, timeout=60)
    assert flag.exists()  # a worker did die
    assert outcome(summaries["dask"]) == outcome(summaries["local"])
    assert_same_tables(tmp_path)


def test_a_worker_with_another_pipeline_stops_the_run(tmp_path: Path, cluster) -> None:  # noqa: ANN001
    path = tmp_path / "a.txt"
    path.write_text(EXTRA, encoding="utf-8")
    results = extract_articles(
        [ArticleJob("a", str(path))],
        "rules",
        "rules",
        engine="dask",
        scheduler=cluster.scheduler_address,
        fingerprint="not-this-pipeline",
    )
    with pytest.raises(WorkerError, match="runs another pipeline"):
        list(results)


def test_an_unreachable_scheduler_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT_S", 2)
    (tmp_path / "a.txt").write_text(EXTRA, encoding="utf-8")
    out = tmp_path / "claims.parquet"
    with pytest.raises(RunError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run([tmp_path / "a.txt"], out, model="rules", progress=False, log=lambda m: None,
            engine="dask", scheduler="tcp://127.0.0.1:9")  # fmt: skip
    assert not out.exists() and not manifest_path(out).exists()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"engine": "spark"}, "unknown engine 'spark'"),
        ({"scheduler": "tcp://127.0.0.1:8786"}, "add --engine dask"),
    ],
)
def test_bad_engine_arguments_stop_the_run_before_any_work(
    tmp_path: Path, kw: dict, message: str
) -> None:
    with pytest.raises(RunError, match=message):
        run([SEEDS], tmp_path / "claims.parquet", progress=False, log=lambda m: None, **kw)
    assert not (tmp_path / "claims.parquet").exists()


def test_the_dask_engine_without_dask_installed_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(dask_engine, "available", lambda: False)
    code = cli(["run", "-i", str(SEEDS), "-o", str(tmp_path / "c.parquet"), "--engine", "dask"])
    err = capsys.readouterr().err
    assert code == 2 and "pip install 'tv-claims-pipeline[dask]'" in err
    assert "Traceback" not in err
