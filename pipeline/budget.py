"""Per-document budgets: how long a document may be and how long one stage may run on it."""
from __future__ import annotations

import logging
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator, Optional

log = logging.getLogger(__name__)

# About 100 standard pages, 17 times the longest article of the quote corpora (11,831 characters).
# Longer inputs are books or concatenated feeds: they belong split, and spaCy's memory grows with them.
DEFAULT_MAX_CHARS = 200_000
# Seconds one document may spend in one stage (annotation, or the rule stages); a normal article needs well under one.
DEFAULT_MAX_SECONDS = 60.0
# Left on a paused outer timer that would already have run out, so that it still fires.
_ALREADY_DUE = 1e-6


class OverBudget(Exception):
    """A document ran past its time budget; `stage` names where."""

    def __init__(self, seconds: float, stage: str = "") -> None:
        super().__init__(f"over the time budget of {seconds:g} s" + (f" in {stage}" if stage else ""))
        self.seconds = seconds
        self.stage = stage


@contextmanager
def deadline(seconds: Optional[float]) -> Iterator[None]:
    """Raise OverBudget in the block once `seconds` have passed (SIGALRM, so main thread only).

    Elsewhere, and without a budget, the block runs unlimited. The check happens between Python
    bytecodes: a single long call into compiled code ends before the exception is raised. An
    outer deadline keeps counting; if it runs out inside the block, it fires as the block ends.
    """
    if seconds is None or seconds <= 0:
        yield
        return
    budget = seconds
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        log.debug("no time budget outside the main thread (%s)", threading.current_thread().name)
        yield
        return
    armed = True

    def expired(signum: int, frame: Any) -> None:
        if armed:  # a signal that arrives while the block is being left is not an overrun
            raise OverBudget(budget)

    previous_handler = signal.signal(signal.SIGALRM, expired)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, budget)
    started = time.monotonic()
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler if previous_handler is not None else signal.SIG_DFL)
        if outer_delay > 0:
            left = outer_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, _ALREADY_DUE), outer_interval)
