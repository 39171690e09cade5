"""Facts of one spaCy Doc that several rule stages read again and again, computed once per Doc.

`doc.text` joins a Token object for every token each time it is read, and the entity, role and
quote stages each read it. `run.analyze_doc` opens the facts of the document it works on; a
function called outside that block (a test, a staged command) computes them afresh, so results
never depend on the cache. The Doc must not change while its facts are open.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, Optional

from spacy.tokens import Doc

_ACTIVE: ContextVar[Optional["DocFacts"]] = ContextVar("wersagtwas_doc_facts", default=None)


class DocFacts:
    """The cached facts of one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._text: Optional[str] = None

    @property
    def text(self) -> str:
        """`doc.text`, joined once."""
        if self._text is None:
            self._text = self.doc.text
        return self._text


def facts(doc: Doc) -> DocFacts:
    """The open facts of `doc`, else fresh ones."""
    active = _ACTIVE.get()
    return active if active is not None and active.doc is doc else DocFacts(doc)


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once while the Doc's facts are open."""
    return facts(doc).text


@contextmanager
def opened(doc: Doc) -> Iterator[DocFacts]:
    """Keep `doc`'s facts for every stage until the block ends."""
    opened_facts = DocFacts(doc)
    token = _ACTIVE.set(opened_facts)
    try:
        yield opened_facts
    finally:
        _ACTIVE.reset(token)
