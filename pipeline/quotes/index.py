"""Per-document tables the quote rules consult again and again, each built once (keeps the rules linear).

Without them a rule rescans the sentence or every quote for each token, quadratic on long inputs
("sagte sagte …", thousands of quote marks). `extract_quotes` opens an index for its document;
a helper called outside it builds a fresh one, so the results never depend on the index.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterable, Iterator, Optional

from spacy.tokens import Doc, Span, Token

from ..docfacts import opened, tokens_of

_ACTIVE: ContextVar[Optional["DocIndex"]] = ContextVar("wersagtwas_quotes_index", default=None)
# Tokens a look-up inspects one by one before it builds the table for the whole document: short
# look-ups (nearly all, in real text) cost what they did, long ones are paid for once.
LOOK = 48


def sentence_spans(doc: Doc) -> list[Span]:
    """The document's sentences; the whole document when it has no sentence boundaries."""
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return list(doc.sents)
    return [doc[:]] if len(doc) else []


class DocIndex:
    """Sentence of each token and lazily built per-token tables of one document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sents = sentence_spans(doc)
        self.sent_of = [0] * len(doc)
        for index, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = index
        self._tables: dict[str, list[int]] = {}
        self._truths: dict[str, list[bool]] = {}
        self._looked: dict[str, int] = {}
        self._annotated: dict[str, bool] = {}

    def annotated(self, attr: str) -> bool:
        """`doc.has_annotation(attr)`, asked once: spaCy walks the whole doc when the answer is no."""
        if attr not in self._annotated:
            self._annotated[attr] = self.doc.has_annotation(attr)
        return self._annotated[attr]

    def sent(self, token: Token) -> Span:
        """`token.sent` without scanning the sentence for its ends (a Span with no sentences: the whole doc)."""
        return self.sents[self.sent_of[token.i]] if self.sents else self.doc[:]

    def _scan_pays(self, name: str, looked: int) -> bool:
        """Whether a scan of `looked` more tokens is cheaper than the tables of `name`.

        Scans of one name stop paying once together they looked at as many tokens as the document
        has (a look-up per speech verb or quote mark, each scanning a window): the predicate is then
        evaluated once per token for every table of that name.
        """
        if name in self._truths:
            return False
        total = self._looked.get(name, 0) + looked
        self._looked[name] = total
        return total < len(self.doc)

    def _truth(self, name: str, predicate: Callable[[Token], bool]) -> list[bool]:
        """`predicate` of every token, evaluated once per `name` (the count, next and previous tables share it)."""
        truth = self._truths.get(name)
        if truth is None:
            truth = self._truths[name] = [bool(predicate(token)) for token in tokens_of(self.doc)]
        return truth

    def count(self, name: str, predicate: Callable[[Token], bool], start: int, end: int) -> int:
        """How many tokens of [start, end) satisfy `predicate` (one predicate per `name`)."""
        start, end = max(start, 0), min(end, len(self.doc))
        if end <= start:
            return 0
        prefix = self._tables.get("count:" + name)
        if prefix is None and end - start <= LOOK and self._scan_pays(name, end - start):
            return sum(1 for token in tokens_of(self.doc, start, end) if predicate(token))
        if prefix is None:
            prefix = self._tables["count:" + name] = [0]
            for value in self._truth(name, predicate):
                prefix.append(prefix[-1] + (1 if value else 0))
        return prefix[end] - prefix[start]

    def next_at(self, name: str, predicate: Callable[[Token], bool], i: int) -> int:
        """The first token index >= i that satisfies `predicate`, else len(doc)."""
        n = len(self.doc)
        i = min(max(i, 0), n)
        table = self._tables.get("next:" + name)
        if table is None and self._scan_pays(name, min(i + LOOK, n) - i):
            for token in tokens_of(self.doc, i, min(i + LOOK, n)):
                if predicate(token):
                    return token.i
            if i + LOOK >= n:
                return n
        if table is None:
            table = self._tables["next:" + name] = [n] * (n + 1)
            truth = self._truth(name, predicate)
            for k in range(n - 1, -1, -1):
                table[k] = k if truth[k] else table[k + 1]
        return table[i]

    def previous_before(self, name: str, predicate: Callable[[Token], bool], i: int) -> int:
        """The last token index < i that satisfies `predicate`, else -1."""
        n = len(self.doc)
        i = min(max(i, 0), n)
        table = self._tables.get("previous:" + name)
        if table is None and self._scan_pays(name, i - max(i - LOOK, 0)):
            for token in reversed(tokens_of(self.doc, max(i - LOOK, 0), i)):
                if predicate(token):
                    return token.i
            if i - LOOK <= 0:
                return -1
        if table is None:
            table = self._tables["previous:" + name] = [-1] * (n + 1)
            truth = self._truth(name, predicate)
            for k in range(n):
                table[k + 1] = k if truth[k] else table[k]
        return table[i]


def annotated(doc: Doc, attr: str) -> bool:
    """Whether the document has `attr` annotation (remembered while extract_quotes runs)."""
    active = _ACTIVE.get()
    return active.annotated(attr) if active is not None and active.doc is doc else doc.has_annotation(attr)


def index_of(doc: Doc) -> DocIndex:
    """The index `extract_quotes` opened for this document, else a fresh one."""
    active = _ACTIVE.get()
    return active if active is not None and active.doc is doc else DocIndex(doc)


@contextmanager
def indexed(doc: Doc) -> Iterator[DocIndex]:
    """Make `doc`'s index the one every helper uses until the block ends."""
    with opened(doc):  # the Token objects too, when analyze_doc has not opened them already
        index = DocIndex(doc)
        token = _ACTIVE.set(index)
        try:
            yield index
        finally:
            _ACTIVE.reset(token)


class TokenSpans:
    """Fixed token ranges [start, end) (the quoted passages): membership and counts in constant time."""

    def __init__(self, length: int, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = list(spans)
        self.length = length
        depth = [0] * (length + 1)
        for start, end in self.spans:
            start, end = max(start, 0), min(end, length)
            if start < end:
                depth[start] += 1
                depth[end] -= 1
        self._covered = bytearray(length)
        self._prefix = [0] * (length + 1)
        running = 0
        for i in range(length):
            running += depth[i]
            self._covered[i] = running > 0
            self._prefix[i + 1] = self._prefix[i] + (running > 0)
        self._starts = sorted(range(len(self.spans)), key=lambda k: self.spans[k][0])
        self._start_keys = [self.spans[k][0] for k in self._starts]
        self._ends = sorted(range(len(self.spans)), key=lambda k: self.spans[k][1])
        self._end_keys = [self.spans[k][1] for k in self._ends]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def covers(self, i: int) -> bool:
        """Whether token i lies inside one of the ranges."""
        return 0 <= i < self.length and bool(self._covered[i])

    def count(self, start: int, end: int) -> int:
        """How many tokens of [start, end) lie inside a range."""
        start, end = max(start, 0), min(end, self.length)
        return self._prefix[end] - self._prefix[start] if end > start else 0

    def touching(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges that start in [start, end) or end in (start, end], each once."""
        found = set(self._starts[bisect_left(self._start_keys, start):bisect_left(self._start_keys, end)])
        found.update(self._ends[bisect_right(self._end_keys, start):bisect_right(self._end_keys, end)])
        return [self.spans[k] for k in sorted(found)]


class Claims:
    """Token positions of one sentence claimed by growing ranges; each position is marked once."""

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end
        self._marked = bytearray(end - start)
        self._next = list(range(end - start + 1))  # next position that may be unmarked

    def _free(self, k: int) -> int:
        root = k
        while self._next[root] != root:
            root = self._next[root]
        while self._next[k] != root:  # path compression keeps later look-ups short
            self._next[k], k = root, self._next[k]
        return root

    def add(self, start: int, end: int) -> None:
        """Claim [start, end) (clipped to the sentence)."""
        first, stop = max(start - self.start, 0), min(end, self.end) - self.start
        if first >= stop:
            return
        k = self._free(first)
        while k < stop:
            self._marked[k] = 1
            self._next[k] = k + 1
            k = self._free(k + 1)

    def covers(self, i: int) -> bool:
        """Whether token i of the sentence is claimed."""
        return self.start <= i < self.end and bool(self._marked[i - self.start])


class PrefixBest:
    """Keys stored at positions 0..size; the largest key stored at a position <= p (a Fenwick tree)."""

    def __init__(self, size: int) -> None:
        self._tree: list[Any] = [None] * (size + 2)

    def add(self, position: int, key: Any) -> None:
        """Store `key` at `position`."""
        k = position + 1
        while k < len(self._tree):
            if self._tree[k] is None or key > self._tree[k]:
                self._tree[k] = key
            k += k & -k

    def best(self, position: int) -> Any:
        """The largest key stored at a position <= `position`, or None."""
        k = min(position + 1, len(self._tree) - 1)
        found = None
        while k > 0:
            if self._tree[k] is not None and (found is None or self._tree[k] > found):
                found = self._tree[k]
            k -= k & -k
        return found


def first_containers(queries: list[tuple[int, int]], ranges: list[tuple[int, int]], size: int) -> list[Optional[int]]:
    """For each query range, the lowest index of a range that contains it (start <= q.start, q.end <= end)."""
    answers: list[Optional[int]] = [None] * len(queries)
    by_start = sorted(range(len(ranges)), key=lambda k: ranges[k][0])
    lowest = PrefixBest(size + 1)  # position size - end, key -index: a prefix is every end >= a bound
    taken = 0
    for q in sorted(range(len(queries)), key=lambda k: queries[k][0]):
        q_start, q_end = queries[q]
        while taken < len(by_start) and ranges[by_start[taken]][0] <= q_start:
            k = by_start[taken]
            lowest.add(_end_position(ranges[k][1], size), -k)
            taken += 1
        if q_end > size:
            continue
        best = lowest.best(size - max(q_end, 0))
        answers[q] = -best if best is not None else None
    return answers


def _end_position(end: int, size: int) -> int:
    return size - min(max(end, 0), size)
