"""Quotation marks: pairing German, Swiss and English marks into quoted passages."""
from __future__ import annotations

from .constants import _CLOSERS, _QUOTE_CHARS

# ---------------------------------------------------------------------------------------------
# Quotation marks


def find_quote_marks(text: str) -> list[tuple[int, int, int]]:
    """Character spans (start, end, depth) of quoted passages, marks included.

    Never raises on unbalanced marks: a quote left open at a paragraph end is closed there,
    unless the next paragraph reopens it (German typesetting of multi-paragraph quotes).
    """
    spans: list[tuple[int, int, int]] = []
    stack: list[tuple[str, int]] = []
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


def _close_all(text: str, stack: list[tuple[str, int]], at: int, spans: list[tuple[int, int, int]]) -> None:
    """Close unbalanced quotes at a paragraph end when they look like speech, else drop them."""
    end = at
    while end > 0 and text[end - 1].isspace():
        end -= 1
    opener, start = stack[0]
    if len(text[start:end].split()) >= 4 and opener not in "'’":
        spans.append((start, end, 0))
    stack.clear()


def _handle_mark(text: str, i: int, stack: list[tuple[str, int]], spans: list[tuple[int, int, int]]) -> None:
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    for depth in range(len(stack) - 1, -1, -1):
        opener, start = stack[depth]
        if char in _CLOSERS[opener] and not (char in "'’" and after.isalpha()):
            if char == opener and char in "»«›‹" and not (after.isspace() or after in ".,;:!?)–-" or after == ""):
                break  # another opener of the same kind, e.g. Swiss «a» after German »b«
            del stack[depth:]
            spans.append((start, i + 1, depth))
            return
    if char in {"”", "’"}:
        return  # closers only; ’ is also the apostrophe
    if char in {"'", "‘"} and not (before.isspace() or before in "(„\"«»") :
        return  # apostrophe ("geht's", "Putin'sche")
    if char in {'"', "'", "“", "‘", "‚"} and (after.isspace() or i + 1 >= len(text)):
        return  # a closer without its opener
    stack.append((char, i))
