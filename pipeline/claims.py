"""Stage 6 - claims: the one declared schema of the claims table, ids, and the Parquet writer.

Every column is documented in the README ("The claims table"). ``claim_id`` is a hash of what
the claim says and where (article, type, subject, object, season, evidence offsets), so a rerun
over the same article gives the same ids, and rows are written in a fixed order.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import arrays

if TYPE_CHECKING:
    import pandas as pd

# The claim types of crew roles (the subject is the person, the object the series).
CREW_ROLES = (
    "executive_producer",
    "co_executive_producer",
    "showrunner",
    "creator",
    "developer",
    "writer",
    "director",
)
CLAIM_TYPES = (
    "person",
    "organisation",
    "character",
    "series",
    "cast",
    "cast_member",
    "renewal",
    "cancellation",
    "order",
    "premiere",
    "date",
    *CREW_ROLES,
)
POLARITIES = ("asserted", "negated", "hedged")

SCHEMA = pa.schema(
    [
        pa.field("claim_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("article_date", pa.string()),
        pa.field("claim_type", pa.string(), nullable=False),
        pa.field("subject", pa.string(), nullable=False),
        pa.field("object", pa.string()),
        pa.field("series", pa.string()),
        pa.field("season", pa.int64()),
        pa.field("polarity", pa.string(), nullable=False),
        pa.field("date_text", pa.string()),
        pa.field("date_value", pa.string()),
        pa.field("date_granularity", pa.string()),
        pa.field("sentence", pa.string(), nullable=False),
        pa.field("sentence_start", pa.int64(), nullable=False),
        pa.field("sentence_end", pa.int64(), nullable=False),
        pa.field("char_start", pa.int64(), nullable=False),
        pa.field("char_end", pa.int64(), nullable=False),
        pa.field("evidence", pa.string(), nullable=False),
        pa.field("extractor", pa.string(), nullable=False),
        pa.field("confidence", pa.float64(), nullable=False),
    ]
)
COLUMNS = tuple(SCHEMA.names)
# pandas dtypes matching SCHEMA: nullable Int64 for season, so a missing season is <NA>, not NaN.
PANDAS_DTYPES = {
    name: (
        "Int64"
        if name == "season"
        else "int64"
        if name in {"sentence_start", "sentence_end", "char_start", "char_end"}
        else "float64"
        if name == "confidence"
        else "string"
    )
    for name in COLUMNS
}


@dataclass(frozen=True)
class Claim:
    article_id: str
    claim_type: str
    subject: str
    object: str | None
    series: str | None
    season: int | None
    polarity: str
    date_text: str | None
    date_value: str | None
    date_granularity: str | None
    sentence: str
    sentence_start: int
    sentence_end: int
    char_start: int
    char_end: int
    evidence: str
    extractor: str
    confidence: float
    article_date: str | None = None  # the article's own date (YYYY-MM-DD) when known

    @property
    def claim_id(self) -> str:
        key = "\x1f".join(
            str(v)
            for v in (
                self.article_id,
                self.claim_type,
                self.subject,
                self.object,
                self.season,
                self.polarity,
                self.date_value,
                self.char_start,
                self.char_end,
            )
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def row(self) -> dict[str, object]:
        # Field by field: dataclasses.asdict deep-copies every value (several times slower).
        return {"claim_id": self.claim_id, **{name: getattr(self, name) for name in _FIELDS}}


_FIELDS = tuple(f.name for f in fields(Claim))
_ALL_FIELDS = attrgetter(*_FIELDS)  # a claim's field values as one tuple (in C)


# Table order: by article, then position in it; type and id settle ties.
SORT_COLUMNS = ("article_id", "char_start", "char_end", "claim_type", "claim_id")
_SORT_FIELDS = attrgetter(*SORT_COLUMNS[:-1])  # SORT_COLUMNS ends with claim_id, not a field


def sort_key(row: dict[str, object]) -> tuple:
    return tuple(row[name] for name in SORT_COLUMNS)


def claims_frame(rows: Iterable[dict[str, object]]) -> pd.DataFrame:
    """A DataFrame with exactly the schema's columns and dtypes, in canonical row order."""
    ordered = sorted(rows, key=sort_key)
    import pandas as pd  # not at module level: a run writes Arrow and need not load pandas

    frame = pd.DataFrame(ordered, columns=list(COLUMNS))
    return frame.astype(PANDAS_DTYPES).reset_index(drop=True)


def to_table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame[list(COLUMNS)], schema=TABLE_SCHEMA, preserve_index=False)


# (pandas_type, numpy_type) of each dtype in PANDAS_DTYPES, as pandas writes them
_PANDAS_TYPES = {
    "string": ("unicode", "string"),
    "Int64": ("int64", "Int64"),
    "int64": ("int64", "int64"),
    "float64": ("float64", "float64"),
}


def _with_pandas_metadata(schema: pa.Schema) -> pa.Schema:
    """SCHEMA plus the metadata ``pa.Table.from_pandas`` gives a DataFrame with PANDAS_DTYPES,
    so that ``pd.read_parquet`` restores the documented dtypes. Written out here rather than
    asked of pandas: importing pandas would cost every run half a second (a test checks that
    it matches what pandas writes)."""
    from importlib.metadata import version

    columns = [
        {
            "name": name,
            "field_name": name,
            "pandas_type": _PANDAS_TYPES[PANDAS_DTYPES[name]][0],
            "numpy_type": _PANDAS_TYPES[PANDAS_DTYPES[name]][1],
            "metadata": None,
        }
        for name in COLUMNS
    ]
    metadata = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "attributes": {},
        "creator": {"library": "pyarrow", "version": pa.__version__},
        "pandas_version": version("pandas"),
    }
    return schema.with_metadata({b"pandas": json.dumps(metadata).encode("utf-8")})


TABLE_SCHEMA = _with_pandas_metadata(SCHEMA)
_SORT_KEYS = [(name, "ascending") for name in SORT_COLUMNS]


def claims_batch(claims: Iterable[Claim]) -> pa.RecordBatch:
    """Claims as Arrow columns in table order, built column by column (no dict per row)."""
    keyed = sorted(((c.claim_id, c) for c in claims), key=lambda item: _claim_sort_key(*item))
    rows = [_ALL_FIELDS(claim) for _, claim in keyed]
    transposed = list(zip(*rows, strict=True)) if rows else [()] * len(_FIELDS)
    columns = {"claim_id": [claim_id for claim_id, _ in keyed]}
    for name, column in zip(_FIELDS, transposed, strict=True):
        columns[name] = list(column)
    return arrays.record_batch(columns, TABLE_SCHEMA)  # not from_pydict: see pipeline.arrays


def _claim_sort_key(claim_id: str, claim: Claim) -> tuple:
    return (*_SORT_FIELDS(claim), claim_id)


def conform(table: pa.Table) -> pa.Table:
    """A table read back from disk with exactly TABLE_SCHEMA: the schema's columns in order (one
    an older table lacks is empty), its types and metadata."""
    if table.schema.equals(TABLE_SCHEMA, check_metadata=True):
        return table  # what this pipeline writes: a cast would copy every column for nothing
    columns = [
        table[name]
        if name in table.column_names
        else pa.nulls(table.num_rows, SCHEMA.field(name).type)
        for name in COLUMNS
    ]
    return pa.Table.from_arrays(columns, names=list(COLUMNS)).cast(TABLE_SCHEMA)


def sort_table(table: pa.Table) -> pa.Table:
    """Rows in table order, in Arrow (strings compare as UTF-8 bytes: code point order, as in
    Python)."""
    return table.sort_by(_SORT_KEYS)


# Rows per Parquet row group. Row groups are cut by row count alone, so the file's bytes depend
# on its rows, not on how they arrived (batches, workers); the writer holds at most this many.
ROW_GROUP_ROWS = 1 << 16


class ClaimsWriter:
    """Streams claims into a Parquet file with TABLE_SCHEMA, one row group at a time, so that
    memory does not grow with the corpus. Rows must arrive in table order."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.rows = 0
        self._writer = pq.ParquetWriter(str(path), TABLE_SCHEMA)
        self._pending: list[pa.RecordBatch] = []
        self._pending_rows = 0

    def write(self, rows: pa.RecordBatch | pa.Table) -> None:
        batches = rows.to_batches() if isinstance(rows, pa.Table) else [rows]
        for batch in batches:
            if batch.num_rows:
                self._pending.append(batch)
                self._pending_rows += batch.num_rows
                self.rows += batch.num_rows
        while self._pending_rows >= ROW_GROUP_ROWS:
            self._flush(ROW_GROUP_ROWS)

    def close(self) -> None:
        if self._pending_rows:
            self._flush(self._pending_rows)
        self._writer.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):  # the file is discarded anyway
            self._writer.close()

    def _flush(self, count: int) -> None:
        table = pa.Table.from_batches(self._pending, schema=TABLE_SCHEMA)
        # one chunk per row group: how the rows were chunked must not change the pages
        group = table.slice(0, count).combine_chunks()
        self._writer.write_table(group, row_group_size=count)
        rest = table.slice(count)
        self._pending = rest.to_batches() if rest.num_rows else []
        self._pending_rows = rest.num_rows


def temp_path(path: Path) -> Path:
    """A new empty temp file beside ``path`` (named ``.<name>.*.tmp``: a run removes the ones an
    interrupted run left)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(name)


def commit(tmp: Path, path: Path) -> None:
    """fsync ``tmp`` and rename it over ``path``: a crash at any point leaves either the old
    file or the new one, never a partial file. The new file keeps the mode of the file it
    replaces; a new file gets the usual mode for the process umask (0644 under umask 022), not
    mkstemp's private 0600."""
    os.chmod(tmp, _file_mode(path))
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A new temp file beside ``path`` to write: :func:`commit`-ted over ``path`` when the block
    ends without an error, removed otherwise (the old file is left as it was)."""
    tmp = temp_path(path)
    try:
        yield tmp
        commit(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a claims table to a temp file in the same folder, then :func:`commit` it."""
    with atomic_file(path) as tmp:
        writer = ClaimsWriter(tmp)
        try:
            writer.write(table)
        except BaseException:
            writer.abort()
            raise
        writer.close()


def _file_mode(path: Path) -> int:
    """Mode for a file written at ``path``: the existing file's, else 0666 minus the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        pass
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


DEFAULT_TABLE = Path("data/extracted/claims.parquet")


def locate_table(start: Path | str | None = None) -> Path:
    """The claims table a notebook or script means, wherever it runs: ``$TV_CLAIMS_TABLE`` when
    set; else ``data/extracted/claims.parquet`` in ``start`` (default: the current folder) or
    the nearest folder above it; else in the project folder this package was installed from
    (an editable install). Raises FileNotFoundError naming the places it looked."""
    env = os.environ.get("TV_CLAIMS_TABLE")
    if env:
        return Path(env)
    here = Path(start or Path.cwd()).resolve()
    places = [here, *here.parents, Path(__file__).resolve().parents[1]]
    for folder in places:
        candidate = folder / DEFAULT_TABLE
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"no {DEFAULT_TABLE} in {here} or any folder above it, nor in the project folder; run "
        "'python -m pipeline run' in the project folder, or set TV_CLAIMS_TABLE"
    )
