"""Claims extraction from entertainment news: articles in, a Parquet claims table out.

The public Python API (imported lazily, so ``import pipeline`` stays light):

* :func:`pipeline.extract` - one article's text in, a list of :class:`Claim` out;
* :func:`pipeline.extract_frame` - the same as a DataFrame with the claims table's dtypes;
* :func:`pipeline.read_raw` - an article file decoded exactly as the pipeline reads it, the
  text that ``char_start``/``char_end`` index.
"""

from __future__ import annotations

import sys
import types

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


class _Package(types.ModuleType):
    """Keeps ``pipeline.extract`` the public function: importing the stage module
    ``pipeline/extract.py`` would otherwise bind that module to the same name on the package.
    The stage module is still imported normally (``from pipeline.extract import ...``)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
