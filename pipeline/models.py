"""Which spaCy model a run uses and its label, found without importing spaCy (the parent of a run may never need it)."""
from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
from pathlib import Path
from typing import Optional

PREFERRED_MODEL = "de_core_news_md"
BUNDLED_MODEL = "de_wersagtwas_news"
MODEL_ENV = "WERSAGTWAS_MODEL"


class ModelNotFound(RuntimeError):
    """No usable German pipeline is installed."""


def is_package(name: str) -> bool:
    """Whether `name` is an installed distribution (what `spacy.util.is_package` checks)."""
    try:
        importlib.metadata.distribution(name)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return False
    return True


def resolve_model(name: Optional[str] = None) -> str:
    """`auto` picks de_core_news_md when installed, else the bundled model."""
    name = name or os.environ.get(MODEL_ENV) or "auto"
    if name != "auto":
        return name
    for candidate in (PREFERRED_MODEL, BUNDLED_MODEL):
        if is_package(candidate):
            return candidate
    raise ModelNotFound(
        f"no German model installed: run `make setup` (installs the bundled {BUNDLED_MODEL}) "
        f"or `python -m spacy download {PREFERRED_MODEL}`, or pass --model NAME_OR_PATH"
    )


def auto_fell_back(name: Optional[str] = None) -> bool:
    """Whether `auto` uses the bundled model because de_core_news_md is not installed."""
    requested = name or os.environ.get(MODEL_ENV) or "auto"
    return requested == "auto" and not is_package(PREFERRED_MODEL)


def model_label_of(name: str) -> str:
    """`annotate.model_label` of a resolved model name or path, read from its meta.json without loading the model."""
    spec = None if os.sep in name or "/" in name or name.startswith(".") else importlib.util.find_spec(name)
    folder = Path(spec.origin).parent if spec is not None and spec.origin else Path(name)
    try:
        meta = json.loads((folder / "meta.json").read_text("utf-8"))
        if not all(meta.get(key) for key in ("lang", "name", "version")):
            raise ValueError("meta.json lacks lang, name or version")
    except (OSError, ValueError) as err:
        raise ModelNotFound(f"cannot load model {name!r}: {err}") from None
    return label_of_meta(meta)


def label_of_meta(meta: dict) -> str:
    """`de_core_news_md-3.8.0` style name of a model's meta (the documents table's `model` column)."""
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def spacy_version() -> str:
    """The installed spaCy's version, without importing it."""
    return importlib.metadata.version("spacy")
