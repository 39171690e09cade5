"""Facts of one spaCy Doc that several rule stages read again and again, computed once per Doc.

`doc.text` joins a Token object for every token each time it is read, and `doc[i]` or a loop over
a span makes a new Token object each time (the rules' scans made over a million of them per
200 documents). `run.analyze_doc` opens the facts of the document it works on, so every stage
reads the text and the Token objects made once; a function called outside that block (a test,
a staged command) gets them made afresh, so results never depend on the cache. The Doc must not
change while its facts are open.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, Callable, Iterator, Optional, TypeVar, Union

from spacy.tokens import Doc, Span, Token

_ACTIVE: ContextVar[Optional["DocFacts"]] = ContextVar("wersagtwas_doc_facts", default=None)


class DocFacts:
    """The cached facts of one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._text: Optional[str] = None
        self._tokens: Optional[list[Token]] = None
        self.memo: dict[tuple, Any] = {}

    @property
    def text(self) -> str:
        """`doc.text`, joined once."""
        if self._text is None:
            self._text = self.doc.text
        return self._text

    @property
    def tokens(self) -> list[Token]:
        """Every Token of the Doc, made once."""
        if self._tokens is None:
            self._tokens = list(self.doc)
        return self._tokens


Result = TypeVar("Result")


def per_doc(function: Callable[..., Result]) -> Callable[..., Result]:
    """`function(token_or_span, *args)` computed once per position and arguments while the Doc's facts are open.

    Only for functions of the parse that return something immutable (bool, str, Token, Span, tuple):
    the rules ask the same questions of the same token many times over.
    """
    @wraps(function)
    def cached(item: Union[Token, Span], *args: Any, **options: Any) -> Result:
        active = _ACTIVE.get()
        if active is None or active.doc is not item.doc:
            return function(item, *args, **options)
        where = item.i if isinstance(item, Token) else (item.start, item.end)
        key = (function, where, args, tuple(options.items())) if options else (function, where, args)
        memo = active.memo
        if key in memo:
            return memo[key]
        value = memo[key] = function(item, *args, **options)
        return value
    return cached


def facts(doc: Doc) -> DocFacts:
    """The open facts of `doc`, else fresh ones."""
    active = _ACTIVE.get()
    return active if active is not None and active.doc is doc else DocFacts(doc)


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once while the Doc's facts are open."""
    return facts(doc).text


def tokens_of(doc: Doc, start: int = 0, end: Optional[int] = None) -> list[Token]:
    """The Tokens doc[start:end] (a span's, by its bounds), made once while the Doc's facts are open."""
    active = _ACTIVE.get()
    if active is not None and active.doc is doc:
        return active.tokens[start:end]
    return list(doc[start:end] if end is not None else doc[start:])


@contextmanager
def opened(doc: Doc) -> Iterator[DocFacts]:
    """Keep `doc`'s facts for every stage until the block ends (the open ones when they are `doc`'s already)."""
    active = _ACTIVE.get()
    if active is not None and active.doc is doc:
        yield active
        return
    opened_facts = DocFacts(doc)
    token = _ACTIVE.set(opened_facts)
    try:
        yield opened_facts
    finally:
        _ACTIVE.reset(token)
