"""pipeline/arrays.py: Python values to Arrow from buffers, equal to what ``pa.array`` makes, and
a run that never imports pandas (nor spaCy's command line) on the way."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import arrays
from pipeline.claims import TABLE_SCHEMA

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
CASES = [
    (pa.string(), st.one_of(st.none(), TEXT)),
    (pa.int64(), st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))),
    (pa.float64(), st.one_of(st.none(), st.floats(allow_nan=False))),
    (pa.bool_(), st.one_of(st.none(), st.booleans())),
    (pa.list_(pa.string()), st.one_of(st.none(), st.lists(st.one_of(st.none(), TEXT)))),
]


@pytest.mark.parametrize(("arrow_type", "values"), CASES, ids=lambda c: str(c)[:20])
def test_each_type_equals_pyarrows_own_conversion(arrow_type, values) -> None:
    @settings(deadline=None)  # the first pa.array call imports pandas
    @given(st.lists(values, max_size=40))
    def check(items: list) -> None:
        built = arrays.array(items, arrow_type)
        built.validate(full=True)
        assert built.equals(pa.array(items, arrow_type))
        assert built.null_count == sum(item is None for item in items)

    check()


def test_a_record_batch_has_the_schema_and_its_metadata() -> None:
    columns = {name: [None] for name in TABLE_SCHEMA.names}
    columns.update(claim_id=["c1"], season=[2], confidence=[0.5], sentence_start=[0])
    batch = arrays.record_batch(columns, TABLE_SCHEMA)
    assert batch.schema.equals(TABLE_SCHEMA, check_metadata=True)
    assert batch.column("season").to_pylist() == [2]


def test_an_empty_table_and_an_unknown_type() -> None:
    empty = arrays.table({name: [] for name in TABLE_SCHEMA.names}, TABLE_SCHEMA)
    assert empty.num_rows == 0 and empty.schema.equals(TABLE_SCHEMA, check_metadata=True)
    with pytest.raises(TypeError, match="no builder"):
        arrays.array([1], pa.int8())


def test_indices_take_rows() -> None:
    table = pa.table({"x": arrays.strings(["a", "b", "c"])})
    assert table.take(arrays.indices([2, 0])).column("x").to_pylist() == ["c", "a"]


def test_a_run_imports_neither_pandas_nor_spacys_command_line(tmp_path: Path) -> None:
    """Each costs about 0.35 s in every run and every worker (see pipeline.arrays and
    pipeline.spacy_import); a run that adds, then removes an article and writes its facts
    needs neither."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Netflix renewed Glass Coast for a second season.\n")
    (folder / "b.txt").write_text("Dana Holt plays Mara Quinn in Glass Coast.\n")
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from pipeline.run import run
        folder, table = Path({str(folder)!r}), Path({str(tmp_path / "claims.parquet")!r})
        run([folder], table, progress=False, log=lambda m: None)
        (folder / "c.txt").write_text("Hulu cancelled Night Ferry after one season.\\n")
        summary = run([folder], table, progress=False, log=lambda m: None)
        assert summary.new == ["c"] and summary.wrote_facts, summary
        print(sorted(m for m in ("pandas", "spacy.cli") if m in sys.modules))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["[]"]


def test_spacy_keeps_its_info_and_its_command_line() -> None:
    code = (
        "import sys, pipeline.nlp, spacy; assert 'spacy.cli' not in sys.modules; "
        "assert spacy.info()['spacy_version'] == spacy.__version__; "
        "import spacy.cli; print(callable(spacy.cli.train_cli), callable(spacy.cli.info))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", "True"]
