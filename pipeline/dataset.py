"""The claims table as a partitioned Parquet dataset (``run --output DIR/``), for outputs too
large for one file.

* ``DIR`` holds ``part-00000.parquet``, ``part-00001.parquet``, ...: the rows of the single-file
  table, in the same order, cut at article boundaries once a part has ``PART_ROWS`` rows (an
  article is never split). Each part has the table's schema; ``pd.read_parquet(DIR)``,
  ``pyarrow.dataset``, DuckDB (``read_parquet('DIR/*.parquet')``) and Polars
  (``pl.read_parquet('DIR/*.parquet')``) read them as one table, in that order.
* Atomic per run: ``DIR`` is a symbolic link to a generation folder beside it
  (``.DIR.v-<id>``). A run writes a new generation, then renames a new link over ``DIR`` (one
  atomic rename), so a reader sees the old dataset or the new one, never a mix or a half-written
  one. The previous generation is kept until the next run starts (a reader that listed the old
  parts can still open them); older ones, and those of interrupted runs, are removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.claims import ClaimsWriter

PART_ROWS = 1 << 20  # about 1M claims, some 100 MB, per part: large enough for fast scans
PART_GLOB = "part-*.parquet"


class DatasetError(ValueError):
    """An output folder that is not a dataset this pipeline wrote; one-line reason."""


def is_dataset(path: Path) -> bool:
    return path.is_dir()


def written(path: Path) -> bool:
    """A dataset a run wrote: a link to its generation folder (not any folder)."""
    return path.is_symlink() and path.is_dir()


def parts(path: Path) -> list[Path]:
    """A dataset's part files, in table order."""
    return sorted(path.glob(PART_GLOB))


def _generation_prefix(output: Path) -> str:
    return f".{output.name}.v-"


def generations(output: Path) -> list[Path]:
    return sorted(output.parent.glob(f"{_generation_prefix(output)}*"))


def check_target(output: Path) -> None:
    """Raise :class:`DatasetError` unless ``output`` may be written as a dataset: absent, an
    empty folder, or a link to a generation folder of an earlier run."""
    if output.is_symlink():
        target = os.readlink(output)
        if Path(target).name.startswith(_generation_prefix(output)) and output.is_dir():
            return
        raise DatasetError(
            f"output {output} is a link to {target}, not a dataset this pipeline wrote; give "
            "another --output"
        )
    if output.is_dir():
        if any(output.iterdir()):
            raise DatasetError(
                f"output folder {output} is not empty and is not a dataset this pipeline wrote; "
                "it is never overwritten: give another --output or an empty folder"
            )
        return
    if output.exists():
        raise DatasetError(
            f"output {output} is a file, not a dataset folder; give a folder path ending in "
            "'/' (a partitioned dataset) or the file's path without the '/' (a single file)"
        )


def read(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A claims table, single file or dataset, as one Arrow table (parts in order)."""
    if not is_dataset(path):
        return pq.ParquetFile(path).read(columns=columns)
    pieces = [pq.ParquetFile(part).read(columns=columns) for part in parts(path)]
    if not pieces:
        raise DatasetError(f"dataset {path} has no {PART_GLOB} files")
    return pa.concat_tables(pieces)


def column_names(path: Path) -> list[str]:
    files = parts(path) if is_dataset(path) else [path]
    if not files:
        raise DatasetError(f"dataset {path} has no {PART_GLOB} files")
    return pq.read_schema(files[0]).names


def num_rows(path: Path) -> int:
    if not is_dataset(path):
        return pq.ParquetFile(path).metadata.num_rows
    return sum(pq.ParquetFile(part).metadata.num_rows for part in parts(path))


def content_sha256(path: Path) -> str:
    """The SHA-256 of a table's content: of the file, or of its parts' names and hashes."""
    if not is_dataset(path):
        return file_sha256(path)
    digest = hashlib.sha256()
    for part in parts(path):
        digest.update(f"{part.name}\0{file_sha256(part)}\n".encode())
    return digest.hexdigest()


def signature(path: Path) -> list:
    """What says a table is the one written before, without reading it: the file's size, times
    and inode; a dataset's generation and the same for each of its parts."""
    if not is_dataset(path):
        return _stat_signature(path)
    return [os.readlink(path) if path.is_symlink() else "", *map(_stat_signature, parts(path))]


def _stat_signature(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def article_runs(table: pa.Table) -> list[tuple[str, int, int]]:
    """(article id, first row, end row) of each run of rows with the same article id."""
    import pyarrow.compute as pc

    if table.num_rows == 0:
        return []
    encoded = pc.run_end_encode(table["article_id"].combine_chunks())
    ends = encoded.run_ends.to_pylist()
    return list(zip(encoded.values.to_pylist(), [0, *ends[:-1]], ends, strict=True))


def runs_of(tables: Iterable[pa.Table], keep: set[str] | None = None) -> Iterator[tuple]:
    """(article id, rows) for each run of one article's rows in ``tables`` (in order); only the
    articles in ``keep`` when given. An article cut across two tables gives two runs."""
    for table in tables:
        for article_id, start, end in article_runs(table):
            if keep is None or article_id in keep:
                yield article_id, table.slice(start, end - start)


def tables_of(path: Path) -> Iterator[pa.Table]:
    """A table's rows one part (or one row group of a single file) at a time."""
    files = parts(path) if is_dataset(path) else [path]
    for file in files:
        parquet = pq.ParquetFile(file)
        for group in range(parquet.num_row_groups):
            yield parquet.read_row_group(group)


class DatasetWriter:
    """Writes a new generation of the dataset ``output``, part by part; :meth:`commit` makes it
    the dataset, :meth:`abort` removes it."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.folder = output.parent / f"{_generation_prefix(output)}{uuid.uuid4().hex[:12]}"
        self.folder.mkdir(parents=True)
        self.rows = 0
        self.counts: dict[str, int] = {}  # rows per article written
        self._writer: ClaimsWriter | None = None
        self._part_rows = 0
        self._last: str | None = None
        self._written: list[Path] = []

    def write(self, article_id: str, rows: pa.Table) -> None:
        """One article's rows (or the next piece of them); articles in table order."""
        new_article = article_id != self._last
        if new_article and self._writer is not None and self._part_rows >= PART_ROWS:
            self._close_part()
        if self._writer is None:
            self._open_part()
        self._writer.write(rows)
        self._part_rows += rows.num_rows
        self.rows += rows.num_rows
        self.counts[article_id] = self.counts.get(article_id, 0) + rows.num_rows
        self._last = article_id

    def _open_part(self) -> None:
        path = self.folder / f"part-{len(self._written):05d}.parquet"
        self._writer = ClaimsWriter(path)
        self._written.append(path)
        self._part_rows = 0

    def _close_part(self) -> None:
        self._writer.close()
        self._writer = None

    def commit(self) -> None:
        """Make this generation the dataset: fsync it, then rename a link to it over
        ``output`` (an empty folder there is removed first)."""
        if self._writer is None and not self._written:
            self._open_part()  # an empty table is one empty part: readers still get the schema
        if self._writer is not None:
            self._close_part()
        for path in self._written:
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
        _fsync_folder(self.folder)
        if self.output.is_dir() and not self.output.is_symlink():
            self.output.rmdir()  # empty (checked before the run): nothing is lost
        link = self.output.parent / f".{self.output.name}.link-{uuid.uuid4().hex[:12]}.tmp"
        os.symlink(self.folder.name, link)  # relative: the parent folder can move
        try:
            os.replace(link, self.output)
        except BaseException:
            link.unlink(missing_ok=True)
            raise
        _fsync_folder(self.output.parent)

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.abort()
        shutil.rmtree(self.folder, ignore_errors=True)


def remove_old_generations(output: Path, keep_previous: str | None = None) -> list[Path]:
    """Generation folders that are neither the dataset's (nor ``keep_previous``), and link
    files of interrupted runs; returns what was removed."""
    current = os.readlink(output) if output.is_symlink() else None
    removed = []
    for folder in generations(output):
        if folder.name not in {current, keep_previous}:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    for link in output.parent.glob(f".{output.name}.link-*.tmp"):
        link.unlink(missing_ok=True)
        removed.append(link)
    return removed


def _fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - not POSIX
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
