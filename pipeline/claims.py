"""Stage 6 - claims: the one declared schema of the claims table, ids, and the Parquet writer.

Every column is documented in the README ("The claims table"). ``claim_id`` is a hash of what
the claim says and where (article, type, subject, object, season, evidence offsets), so a rerun
over the same article gives the same ids, and rows are written in a fixed order.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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
    "executive_producer",
    "co_executive_producer",
    "showrunner",
    "creator",
    "developer",
    "writer",
    "director",
)
POLARITIES = ("asserted", "negated", "hedged")

SCHEMA = pa.schema(
    [
        pa.field("claim_id", pa.string(), nullable=False),
        pa.field("article_id", pa.string(), nullable=False),
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
        return {"claim_id": self.claim_id, **asdict(self)}


def sort_key(row: dict[str, object]) -> tuple:
    return (
        row["article_id"],
        row["char_start"],
        row["char_end"],
        row["claim_type"],
        row["claim_id"],
    )


def claims_frame(rows: Iterable[dict[str, object]]) -> pd.DataFrame:
    """A DataFrame with exactly the schema's columns and dtypes, in canonical row order."""
    ordered = sorted(rows, key=sort_key)
    frame = pd.DataFrame(ordered, columns=list(COLUMNS))
    return frame.astype(PANDAS_DTYPES).reset_index(drop=True)


def to_table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame[list(COLUMNS)], schema=SCHEMA, preserve_index=False)


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write Parquet to a temp file in the same folder, fsync, then rename over ``path``.

    A crash at any point leaves either the old file or the new one, never a partial file.
    The new file keeps the mode of the file it replaces; a new file gets the usual mode for the
    process umask (0644 under umask 022), not mkstemp's private 0600.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp_name)
        os.chmod(tmp_name, _file_mode(path))
        with open(tmp_name, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """Mode for a file written at ``path``: the existing file's, else 0666 minus the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        pass
    umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask
