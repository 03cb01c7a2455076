"""Python values to Arrow arrays, built from buffers.

pyarrow's own conversions (``pa.array``, ``Table.from_pylist``/``from_pydict``, ``pa.table``
of lists, ``pa.scalar``, ``Table.take`` of a list) import pandas, when it is installed, the
first time they run in a process (to ask whether the values are a pandas object): 0.3-0.4 s
in every run and every worker, a tenth of a run that adds one article to a large table. The
pipeline never hands them pandas objects; it builds its arrays here instead, for the types its
tables use. ``tests/test_arrays.py`` checks that each equals what ``pa.array`` makes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa


def _validity(values: list) -> tuple[pa.Buffer | None, int]:
    """The validity bitmap of ``values`` (None where none is null) and the null count."""
    nulls = values.count(None)
    if nulls == 0:
        return None, 0
    present = np.array([v is not None for v in values], dtype=bool)
    return pa.py_buffer(np.packbits(present, bitorder="little")), nulls


def _offsets(lengths: np.ndarray) -> pa.Buffer:
    if int(lengths.sum()) > np.iinfo(np.int32).max:
        raise ValueError("more than 2 GiB of values in one array")
    offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return pa.py_buffer(offsets)


def strings(values: Sequence[str | None]) -> pa.Array:
    """A ``pa.string()`` array."""
    values = list(values)
    validity, nulls = _validity(values)
    if nulls:
        encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    else:
        encoded = [v.encode("utf-8") for v in values]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    data = pa.py_buffer(b"".join(encoded))
    return pa.Array.from_buffers(
        pa.string(), len(values), [validity, _offsets(lengths), data], null_count=nulls
    )


def _numbers(values: Sequence[object], arrow_type: pa.DataType, dtype: type) -> pa.Array:
    values = list(values)
    validity, nulls = _validity(values)
    data = np.array([0 if v is None else v for v in values] if nulls else values, dtype=dtype)
    return pa.Array.from_buffers(
        arrow_type, len(values), [validity, pa.py_buffer(data)], null_count=nulls
    )


def int64s(values: Sequence[int | None]) -> pa.Array:
    """A ``pa.int64()`` array."""
    return _numbers(values, pa.int64(), np.int64)


def float64s(values: Sequence[float | None]) -> pa.Array:
    """A ``pa.float64()`` array."""
    return _numbers(values, pa.float64(), np.float64)


def bools(values: Sequence[bool | None]) -> pa.Array:
    """A ``pa.bool_()`` array."""
    values = list(values)
    validity, nulls = _validity(values)
    bits = np.array([bool(v) for v in values], dtype=bool)
    data = pa.py_buffer(np.packbits(bits, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), len(values), [validity, data], null_count=nulls)


def string_lists(values: Sequence[Sequence[str | None] | None]) -> pa.Array:
    """A ``pa.list_(pa.string())`` array."""
    values = list(values)
    validity, nulls = _validity(values)
    lists = [() if v is None else v for v in values]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    child = strings([item for items in lists for item in items])
    return pa.Array.from_buffers(
        pa.list_(pa.string()),
        len(values),
        [validity, _offsets(lengths)],
        null_count=nulls,
        children=[child],
    )


_BUILDERS = {
    pa.string(): strings,
    pa.int64(): int64s,
    pa.float64(): float64s,
    pa.bool_(): bools,
    pa.list_(pa.string()): string_lists,
}


def array(values: Sequence[object], arrow_type: pa.DataType) -> pa.Array:
    """An array of one of the types the pipeline's tables use (string, int64, float64, bool,
    list of string)."""
    try:
        build = _BUILDERS[arrow_type]
    except KeyError:
        raise TypeError(f"no builder for {arrow_type}") from None
    return build(values)


def record_batch(columns: Mapping[str, Sequence[object]], schema: pa.Schema) -> pa.RecordBatch:
    """A record batch of ``schema`` (metadata included) from its columns as Python lists."""
    arrays = [array(columns[field.name], field.type) for field in schema]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def table(columns: Mapping[str, Sequence[object]], schema: pa.Schema) -> pa.Table:
    """A table of ``schema`` from its columns as Python lists."""
    return pa.Table.from_batches([record_batch(columns, schema)], schema=schema)


def indices(positions: Sequence[int]) -> pa.Array:
    """Row positions for ``Table.take``."""
    return int64s(positions)
