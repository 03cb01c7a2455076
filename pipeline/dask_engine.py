"""The Dask engine (``run --engine dask``): the local engine's batches, parsed on a Dask cluster.

* The client (this process) makes the same batches of articles as the local engine, in table
  order, reads each article's bytes and submits one task per batch; so workers need the
  installed ``pipeline`` package, not the article files.
* A task parses its batch with :func:`pipeline.workers.extract_batch`, the local engine's own
  function, on a model loaded once per worker process (``load_pipeline`` caches it), and sends
  back Arrow record batches, never Docs. A worker first checks that its pipeline fingerprint
  (code, rules, model) is the client's: a cluster running another version would write claims
  that the manifest does not describe.
* Results are taken in submission order, with at most two batches per worker thread in flight:
  the client's memory holds a few batches, not the corpus, and the table is the local
  engine's, byte for byte.
* A worker that dies mid-batch (killed, out of memory) is replaced by its nanny and Dask runs
  the batch again elsewhere; a batch that kills ``distributed.scheduler.allowed-failures``
  workers in a row (3 by default) stops the run with :class:`WorkerError`.

``distributed`` is an optional dependency (``pip install 'tv-claims-pipeline[dask]'``),
imported only by this module.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from pipeline.workers import ArticleJob, ArticleResult, WorkerError, extract_batch

INSTALL_HINT = "pip install 'tv-claims-pipeline[dask]'"
CONNECT_TIMEOUT_S = 30
WORKER_CONFIG = {"distributed.worker.profile.enabled": False}  # for the LocalCluster's workers


class PipelineMismatch(RuntimeError):
    """A worker runs other pipeline code, rules or model than the client."""


def available() -> bool:
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


@contextmanager
def connect(workers: int, scheduler: str | None) -> Iterator[object]:
    """A ``distributed.Client``: of the cluster at ``scheduler``, or of a LocalCluster of
    ``workers`` single-threaded worker processes started (and stopped) here."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise WorkerError(
                f"cannot reach the Dask scheduler at {scheduler} ({reason})"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    # Dask's statistical profiler samples every thread's stack every 10 ms: on spaCy's deep
    # stacks it cost a fifth of the throughput (measured). A cluster of your own: set
    # DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False for its workers.
    with dask.config.set(WORKER_CONFIG):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # spaCy is not faster with threads: one process per core
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    try:
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def extract_on_dask(
    batches: list[list[ArticleJob]],
    model: str,
    label: str,
    workers: int,
    scheduler: str | None,
    fingerprint: str | None = None,
) -> Iterator[ArticleResult]:
    """One result per job of ``batches``, in order (see the module docstring)."""
    from distributed import KilledWorker

    run_key = uuid.uuid4().hex[:12]
    with connect(workers, scheduler) as client:
        slots = 2 * max(1, sum(client.nthreads().values()))
        pending: deque[tuple[object, list[ArticleJob], dict[int, ArticleResult]]] = deque()
        todo = iter(enumerate(batches))

        def submit() -> bool:
            for index, batch in todo:
                shipped, unread = _read_on_client(batch)
                future = None
                if shipped:
                    future = client.submit(
                        _task,
                        model,
                        label,
                        fingerprint,
                        shipped,
                        key=f"tv-claims-{run_key}-{index}",
                        pure=False,
                    )
                pending.append((future, batch, unread))
                return True
            return False

        try:
            while len(pending) < slots and submit():
                pass
            while pending:
                future, batch, unread = pending.popleft()
                try:
                    parsed = iter(future.result() if future is not None else [])
                except KilledWorker as exc:
                    raise WorkerError(
                        f"Dask workers died on every try of a batch of {len(batch)} articles "
                        f"(first {batch[0].path}; {exc}); nothing was written"
                    ) from None
                except PipelineMismatch as exc:
                    raise WorkerError(str(exc)) from None
                submit()
                for position in range(len(batch)):
                    yield unread[position] if position in unread else next(parsed)
        finally:
            futures = [item[0] for item in pending if item[0] is not None]
            if futures:
                client.cancel(futures)


def _read_on_client(batch: list[ArticleJob]) -> tuple[list[ArticleJob], dict[int, ArticleResult]]:
    """The batch's jobs with their bytes, and the results of the articles that cannot be read
    (skipped with the reason the local engine gives)."""
    from pipeline.clean import ArticleError, read_bytes

    shipped: list[ArticleJob] = []
    unread: dict[int, ArticleResult] = {}
    for position, job in enumerate(batch):
        try:
            shipped.append(ArticleJob(job.article_id, job.path, read_bytes(job.path)))
        except ArticleError as exc:
            unread[position] = ArticleResult(job.article_id, job.path, skip_reason=exc.reason)
    return shipped, unread


def _task(
    model: str, label: str, fingerprint: str | None, batch: list[ArticleJob]
) -> list[ArticleResult]:
    """Runs on a worker: the batch's results, on this process's cached model."""
    from pipeline.nlp import load_pipeline

    if fingerprint is not None and _worker_fingerprint(label, model) != fingerprint:
        import socket

        raise PipelineMismatch(
            f"the Dask worker on {socket.gethostname()} runs another pipeline (code, rules or "
            f"model {model!r}) than this client; install the same version on every worker"
        )
    return extract_batch(load_pipeline(model), label, batch)


@lru_cache(maxsize=4)
def _worker_fingerprint(label: str, model: str) -> str:
    from pipeline.run import pipeline_fingerprint

    return pipeline_fingerprint(label, model)
