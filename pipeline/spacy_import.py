"""Imports spaCy without its command line; ``pipeline.nlp`` imports this module first.

``spacy/__init__.py`` imports ``spacy.cli.info`` only to offer ``spacy.info``, and that
imports the whole ``spacy.cli`` package (typer, weasel, httpx, requests, jinja2, ...): about
0.35 s of a run that adds one article to a table, and of every worker's start. While spaCy
itself is imported, ``spacy.cli`` and ``spacy.cli.info`` are stand-ins here, whose ``info``
imports the real one when it is called; then the stand-ins are removed, so that a later
``import spacy.cli`` (training, ``spacy.cli.train``) imports the real package. Should spaCy
need anything else from ``spacy.cli`` while it is imported, it is imported the usual way.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types


def _info(*args: object, **kwargs: object) -> object:
    """``spacy.info``: the real one, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations or "spacy.cli" in sys.modules:
        import spacy

        return spacy
    package = types.ModuleType("spacy.cli")
    package.__path__ = [os.path.join(location, "cli") for location in locations]
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": package, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError:  # a spaCy that wants more of its CLI: import it as it is
        _remove(stand_ins)  # (the failed import took "spacy" itself out of sys.modules)
        import spacy
    finally:
        _remove(stand_ins)
    return spacy


def _remove(stand_ins: dict[str, types.ModuleType]) -> None:
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
    spacy = sys.modules.get("spacy")
    if spacy is not None and getattr(spacy, "cli", None) is stand_ins["spacy.cli"]:
        delattr(spacy, "cli")


import_spacy()
