"""Articles in, claims out, in batches: through ``nlp.pipe`` on this process, or on a pool of
worker processes that each load the model once and send back Arrow batches (not Docs).

Results come back in the order of the input, whatever the number of workers, so a run's table
does not depend on it. Workers ignore Ctrl-C: the parent stops them (and leaves the table as it
was); a worker that dies (killed, out of memory) stops the run with a clear error instead of a
hang.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

# Articles per nlp.pipe batch and per task sent to a worker. Larger batches make the model a
# little faster and cost memory: a batch of article-length Docs is held at once.
BATCH_SIZE = 32
# With several workers the last batches shrink, down to this size (see _batches).
SMALLEST_BATCH = 4
# A run with fewer articles to parse than this stays on one process: starting workers (each
# imports spaCy and loads the model) would cost more than it saves.
SMALL_RUN = 64
# The garbage collector's thresholds while a run lasts and in its workers. Python's default
# runs a collection every 700 new container objects; importing spaCy and loading the model
# make about 230,000, so a run that adds one article spent 0.15 s in 330 collections. Docs
# and claims are freed by reference counting, not by the collector (see extract_batch).
GC_THRESHOLDS = (50_000, 10, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """``GC_THRESHOLDS`` for the block (never lower ones than the caller's, and a threshold of
    0, collection off, stays off), then the caller's thresholds again."""
    before = gc.get_threshold()
    if before[0]:
        gc.set_threshold(*(max(a, b) for a, b in zip(before, GC_THRESHOLDS, strict=True)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


class WorkerError(RuntimeError):
    """A worker process died (killed, out of memory); the run stops."""


@dataclass(frozen=True)
class ArticleJob:
    article_id: str
    path: str
    # The file's bytes when read where the job was made (the Dask engine's client), so that
    # workers need no access to the files; None: the worker reads ``path``.
    data: bytes | None = field(default=None, repr=False)


@dataclass
class ArticleResult:
    article_id: str
    path: str
    claims: pa.RecordBatch | None = None  # in table order; None when the article was skipped
    warnings: list[str] = field(default_factory=list)
    skip_reason: str | None = None

    @property
    def count(self) -> int:
        return 0 if self.claims is None else self.claims.num_rows


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _batches(jobs: Sequence[ArticleJob], size: int, workers: int = 1) -> list[list[ArticleJob]]:
    """Batches of ``size`` jobs, in job order. For several workers, once fewer than two batches
    per worker are left, each batch takes half of a worker's share of what is left (at least
    ``SMALLEST_BATCH``): the run does not end with one worker parsing a whole batch while the
    others wait."""
    out = []
    start = 0
    while start < len(jobs):
        left = len(jobs) - start
        step = size if workers <= 1 else max(SMALLEST_BATCH, min(size, left // (2 * workers)))
        out.append(list(jobs[start : start + step]))
        start += step
    return out


ENGINES = ("local", "dask")


def extract_articles(
    jobs: Sequence[ArticleJob],
    model: str,
    label: str,
    workers: int = 1,
    batch_size: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    fingerprint: str | None = None,
) -> Iterator[ArticleResult]:
    """One result per job, in job order. Local engine: with ``workers`` > 1 and at least
    ``SMALL_RUN`` jobs, batches go to a pool of processes; otherwise they run here. Dask engine: the
    same batches go to a Dask cluster (``pipeline.dask_engine``; ``scheduler`` is its address,
    None for a LocalCluster of ``workers`` processes; a worker whose ``fingerprint`` differs
    stops the run). Close the iterator (or run it to the end) to stop the workers."""
    if not jobs:
        return  # nothing to parse: spaCy is not even imported (a run that only removes)
    pooled = engine == "dask" or (workers > 1 and len(jobs) >= SMALL_RUN)
    batches = _batches(jobs, batch_size or BATCH_SIZE, workers if pooled else 1)
    if engine == "dask":
        from pipeline.dask_engine import extract_on_dask

        yield from extract_on_dask(batches, model, label, workers, scheduler, fingerprint)
        return
    if not pooled:
        from pipeline.nlp import load_pipeline

        nlp = load_pipeline(model)
        for batch in batches:
            yield from extract_batch(nlp, label, batch)
        return
    yield from _pooled(batches, model, label, min(workers, len(batches)))


def _pooled(
    batches: list[list[ArticleJob]], model: str, label: str, workers: int
) -> Iterator[ArticleResult]:
    # spawn, not fork: the parent may hold threads (Arrow's, the progress bar's) that a fork
    # would copy in an unknown state.
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker)
    pending: deque[Future] = deque()
    todo = iter(batches)
    finished = False
    try:
        for batch in todo:  # keep two batches per worker in flight: bounded memory
            pending.append(executor.submit(_work, model, label, batch))
            if len(pending) >= 2 * workers:
                break
        while pending:
            try:
                results = pending.popleft().result()
            except BrokenProcessPool:
                raise WorkerError(
                    "a worker process died (killed, or out of memory); nothing was written. "
                    "Try fewer --workers"
                ) from None
            for batch in todo:
                pending.append(executor.submit(_work, model, label, batch))
                break
            yield from results
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:
            _stop(executor)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now (interrupted or failed run): do not wait for their batches."""
    terminate = getattr(executor, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(*GC_THRESHOLDS)


def _work(model: str, label: str, batch: list[ArticleJob]) -> list[ArticleResult]:
    """A worker's task: the model is loaded on the first batch and kept for the next ones
    (``load_pipeline`` caches it)."""
    from pipeline.nlp import load_pipeline

    return extract_batch(load_pipeline(model), label, batch)


def extract_batch(nlp, label: str, batch: list[ArticleJob]) -> list[ArticleResult]:  # noqa: ANN001
    """Claims of a batch of articles, parsed together with ``nlp.pipe``. An article that cannot
    be read, is not English, or breaks a rule is skipped with its reason; the others keep their
    claims (a batch that fails as a whole is parsed again article by article)."""
    from pipeline import clean
    from pipeline.article import claims_from_doc, prepare_doc
    from pipeline.claims import claims_batch

    results = [ArticleResult(job.article_id, job.path) for job in batch]
    ready = []  # (result, cleaned text)
    for job, result in zip(batch, results, strict=True):
        try:
            cleaned = clean.read_article(Path(result.path), job.data)
            if not clean.looks_english(cleaned.text):
                raise clean.ArticleError(
                    result.path, "does not look like English text (rules are English-only)"
                )
        except clean.ArticleError as exc:
            result.skip_reason = exc.reason
            continue
        except Exception as exc:  # one broken article must not cost the others their claims
            result.skip_reason = _internal(exc)
            continue
        result.warnings = list(cleaned.warnings)
        ready.append((result, cleaned))

    def finish(result: ArticleResult, cleaned: clean.CleanText, doc) -> None:  # noqa: ANN001
        try:
            claims = claims_from_doc(result.article_id, cleaned, doc, label)
            result.claims = claims_batch(claims)
        except Exception as exc:
            result.skip_reason = _internal(exc)
        finally:
            # The layers and caches in user_data hold Spans of the Doc: a reference cycle
            # that only the garbage collector would break. Cleared, the Doc and its tensors
            # are freed as soon as the batch lets go of it.
            doc.user_data.clear()

    try:
        docs = list(nlp.pipe((prepare_doc(c, nlp) for _, c in ready), batch_size=len(batch)))
    except Exception:
        docs = None
    if docs is not None:
        for (result, cleaned), doc in zip(ready, docs, strict=True):
            finish(result, cleaned, doc)
    else:  # find the article that broke the batch
        for result, cleaned in ready:
            try:
                doc = nlp(prepare_doc(cleaned, nlp))
            except Exception as exc:
                result.skip_reason = _internal(exc)
                continue
            finish(result, cleaned, doc)
    for result in results:
        if result.skip_reason is not None:
            result.claims = None
            result.warnings = []
    return results


def _internal(exc: Exception) -> str:
    return f"internal error: {type(exc).__name__}: {exc}".splitlines()[0]
