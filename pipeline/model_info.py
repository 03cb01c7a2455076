"""Which model a run uses, without importing spaCy (a no-op rerun must stay fast)."""

from __future__ import annotations

import json
from pathlib import Path

BUNDLED_MODEL = Path(__file__).parent / "models" / "tv_core"


class ModelNotFoundError(RuntimeError):
    """The requested spaCy pipeline is not installed."""


def bundled_version() -> str | None:
    meta = BUNDLED_MODEL / "meta.json"
    if not meta.exists():
        return None
    return str(json.loads(meta.read_text(encoding="utf-8")).get("version", "0"))


def model_label(name: str) -> str:
    """The name recorded as ``extractor``/``model`` for a pipeline choice."""
    if name == "default":
        version = bundled_version()
        return f"tv_core-{version}" if version else "rules"
    return name
