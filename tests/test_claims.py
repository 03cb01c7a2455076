from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import claims as claims_module
from pipeline.claims import COLUMNS, SCHEMA, Claim, claims_frame, to_table, write_atomic


def make_claim(**overrides) -> Claim:
    values = dict(
        article_id="a1",
        claim_type="cast",
        subject="Ann Lee",
        object="Mira",
        series="Show",
        season=None,
        polarity="asserted",
        date_text=None,
        date_value=None,
        date_granularity=None,
        sentence="Ann Lee plays Mira.",
        sentence_start=0,
        sentence_end=19,
        char_start=0,
        char_end=18,
        evidence="Ann Lee plays Mira",
        extractor="rule:cast.verb",
        confidence=0.9,
    )
    values.update(overrides)
    return Claim(**values)


def test_claim_id_is_deterministic_and_content_based() -> None:
    assert make_claim().claim_id == make_claim().claim_id
    assert make_claim().claim_id != make_claim(object="Nina").claim_id
    assert make_claim().claim_id != make_claim(char_start=1).claim_id
    assert make_claim().claim_id != make_claim(article_id="a2").claim_id


def test_frame_has_declared_schema_and_dtypes(tmp_path: Path) -> None:
    rows = [make_claim(season=2).row(), make_claim(claim_type="person", object=None).row()]
    path = tmp_path / "claims.parquet"
    write_atomic(to_table(claims_frame(rows)), path)
    assert pq.read_schema(path).remove_metadata() == SCHEMA.remove_metadata()
    frame = pd.read_parquet(path)
    assert tuple(frame.columns) == COLUMNS
    assert str(frame["season"].dtype) == "Int64"
    assert frame["season"].isna().sum() == 1
    assert str(frame["char_start"].dtype) == "int64"
    assert frame["confidence"].dtype == "float64"


def test_rows_are_sorted_canonically() -> None:
    rows = [
        make_claim(char_start=5, char_end=9).row(),
        make_claim(article_id="a0").row(),
        make_claim().row(),
    ]
    frame = claims_frame(rows)
    assert list(frame["article_id"]) == ["a0", "a1", "a1"]
    assert list(frame["char_start"]) == [0, 0, 5]


def test_failed_write_leaves_previous_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "claims.parquet"
    write_atomic(to_table(claims_frame([make_claim().row()])), path)
    before = path.read_bytes()

    def explode(writer, *args, **kwargs):
        writer.is_open = False  # a close that failed: nothing left to close
        raise OSError("disk full")

    monkeypatch.setattr(claims_module.pq.ParquetWriter, "close", explode)
    with pytest.raises(OSError):
        write_atomic(to_table(claims_frame([])), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["claims.parquet"]  # no temp file left


def test_table_schema_carries_the_metadata_pandas_writes() -> None:
    """The pandas metadata is written out by hand (no pandas import in a run): it must be what
    ``pa.Table.from_pandas`` gives a frame with the documented dtypes."""
    import json

    import pandas as pd
    import pyarrow as pa

    empty = pd.DataFrame({name: [] for name in claims_module.COLUMNS}).astype(
        claims_module.PANDAS_DTYPES
    )
    reference = pa.Table.from_pandas(empty, schema=claims_module.SCHEMA, preserve_index=False)
    ours = claims_module.TABLE_SCHEMA.metadata[b"pandas"]
    assert json.loads(ours) == json.loads(reference.schema.metadata[b"pandas"])
