"""Claims extraction from entertainment news: articles in, a Parquet claims table out.

The public Python API (imported lazily, so ``import pipeline`` stays light):

* :func:`pipeline.extract` - one article's text in, a list of :class:`Claim` out;
* :func:`pipeline.extract_frame` - the same as a DataFrame with the claims table's dtypes;
* :func:`pipeline.read_raw` - an article file decoded exactly as the pipeline reads it, the
  text that ``char_start``/``char_end`` index.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Claim", "__version__", "extract", "extract_frame", "read_raw"]

_LAZY = {
    "extract": "pipeline.api",
    "extract_frame": "pipeline.api",
    "Claim": "pipeline.claims",
    "read_raw": "pipeline.clean",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
