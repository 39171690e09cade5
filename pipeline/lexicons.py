"""Word lists kept as data files in `pipeline/resources/`, one entry a line."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> frozenset[str]:
    """Entries of `resources/<name>.txt`; lines starting with `#` and blank lines are skipped."""
    return frozenset(lines(name))


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """Entries of `resources/<name>.txt` in file order."""
    text = resources.files("pipeline.resources").joinpath(f"{name}.txt").read_text("utf-8")
    # Only whole-line comments: entries such as regular expressions may contain "#".
    entries = (line.strip() for line in text.splitlines())
    return tuple(entry for entry in entries if entry and not entry.startswith("#"))
