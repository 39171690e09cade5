"""Word lists kept as data files in `pipeline/resources/`, one entry a line."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> frozenset[str]:
    """Entries of `resources/<name>.txt`; `#` starts a comment, blank lines are skipped."""
    return frozenset(lines(name))


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Entries of `resources/<name>.txt` in file order."""
    text = resources.files("pipeline.resources").joinpath(f"{name}.txt").read_text("utf-8")
    entries = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(entry for entry in entries if entry)
