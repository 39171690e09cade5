"""Quotation marks: pairing German, Swiss and English marks into quoted passages."""
from __future__ import annotations

from .constants import _CLOSERS, _QUOTE_CHARS

# The openers each mark closes ("“" closes "„" and "“").
_CLOSED_BY = {char: tuple(opener for opener, closers in _CLOSERS.items() if char in closers) for char in _QUOTE_CHARS}


class _Stack(list[tuple[str, int]]):
    """Open quotes as (mark, position), with the depths of each kind of mark: finding the innermost
    quote a closer ends takes one look per kind, not a walk down a stack thousands deep."""

    def __init__(self) -> None:
        super().__init__()
        self.depths: dict[str, list[int]] = {opener: [] for opener in _CLOSERS}

    def push(self, char: str, i: int) -> None:
        self.depths[char].append(len(self))
        self.append((char, i))

    def innermost(self, char: str) -> int:
        """Depth of the innermost open quote that `char` closes, or -1."""
        return max((self.depths[opener][-1] for opener in _CLOSED_BY.get(char, ()) if self.depths[opener]), default=-1)

    def cut(self, depth: int) -> None:
        """Close the quote at `depth` and every quote inside it."""
        for char, _ in self[depth:]:
            self.depths[char].pop()
        del self[depth:]

    def clear(self) -> None:
        super().clear()
        for depths in self.depths.values():
            depths.clear()

# ---------------------------------------------------------------------------------------------
# Quotation marks


def find_quote_marks(text: str) -> list[tuple[int, int, int]]:
    """Character spans (start, end, depth) of quoted passages, marks included.

    Never raises on unbalanced marks: a quote left open at a paragraph end is closed there,
    unless the next paragraph reopens it (German typesetting of multi-paragraph quotes).
    """
    spans: list[tuple[int, int, int]] = []
    stack = _Stack()
    skip: set[int] = set()
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n" and stack:
            j = i
            while j < n and text[j].isspace():
                j += 1
            if "\n" in text[i:j] and (j >= n or not _reopens(text[j], stack[0][0])):
                _close_all(text, stack, i, spans)
            elif j < n and "\n" in text[i:j] and j - i >= 1:
                skip.add(j)  # the reopening mark continues the quote
            i = j if j > i else i + 1
            continue
        if char in _QUOTE_CHARS and i not in skip:
            _handle_mark(text, i, stack, spans)
        i += 1
    if stack:
        _close_all(text, stack, n, spans)
    return sorted(spans)


def _reopens(char: str, opener: str) -> bool:
    return char == opener or (opener in "„“" and char in "„“")


def _close_all(text: str, stack: _Stack, at: int, spans: list[tuple[int, int, int]]) -> None:
    """Close unbalanced quotes at a paragraph end when they look like speech, else drop them."""
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    opener, start = stack[0]
    if len(text[start:end].split()) >= 4 and opener not in "'’":
        spans.append((start, end, 0))
    stack.clear()


def _handle_mark(text: str, i: int, stack: _Stack, spans: list[tuple[int, int, int]]) -> None:
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    depth = stack.innermost(char) if not (char in "'’" and after.isalpha()) else -1
    if depth >= 0:
        opener, start = stack[depth]
        if not (char == opener and char in "»«›‹" and not (after.isspace() or after in ".,;:!?)–-" or after == "")):
            stack.cut(depth)
            spans.append((start, i + 1, depth))
            return
        # else another opener of the same kind, e.g. Swiss «a» after German »b«
    if char in {"”", "’"}:
        return  # closers only; ’ is also the apostrophe
    if char in {"'", "‘"} and not (before.isspace() or before in "(„\"«»") :
        return  # apostrophe ("geht's", "Putin'sche")
    if char in {'"', "'", "“", "‘", "‚"} and (after.isspace() or i + 1 >= len(text)):
        return  # a closer without its opener
    stack.push(char, i)
