"""Stage 1: normalise text and strip site boilerplate; every later offset refers to this text."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from . import lexicons
from .records import Document

# Soft hyphens, zero-width characters and the BOM carry no text but break tokens.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
BLANK_LINES = re.compile(r"\n{3,}")
TITLE_MAX = 160
# spaCy's tokenizer takes a run of punctuation apart one mark at a time and rescans the rest after
# each: quadratic in the run (20,000 quote marks in a row take minutes). Real text has no run
# near this long; a space after every LONG_PUNCT_RUN marks keeps every mark and tokenising linear.
LONG_PUNCT_RUN = 64
PUNCT_RUN = re.compile(rf"(?:[^\w\s]|_){{{LONG_PUNCT_RUN + 1},}}")


@lru_cache(maxsize=1)
def boilerplate_pattern() -> re.Pattern:
    """All boilerplate expressions as one alternation."""
    return re.compile("|".join(f"(?:{p})" for p in lexicons.lines("boilerplate")))


@lru_cache(maxsize=1)
def teaser_pattern() -> re.Pattern:
    """A teaser heading at a line start followed by more text on the same line."""
    headings = "|".join(re.escape(h) for h in lexicons.lines("teaser_headings"))
    return re.compile(rf"^({headings})[ \t]+(?=\S)", re.MULTILINE)


def break_punctuation_runs(text: str) -> str:
    """A space after every LONG_PUNCT_RUN marks of a longer run of punctuation or symbols."""
    def spaced(match: re.Match) -> str:
        run = match.group()
        return " ".join(run[i:i + LONG_PUNCT_RUN] for i in range(0, len(run), LONG_PUNCT_RUN))

    return PUNCT_RUN.sub(spaced, text)


def clean_text(text: str) -> str:
    """NFC, no invisible characters, boilerplate removed, one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text)
    text = INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = break_punctuation_runs(text)
    text = boilerplate_pattern().sub(" ", text)
    text = teaser_pattern().sub(r"\1\n\n", text)
    lines = (HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    text = "\n".join(lines)
    return BLANK_LINES.sub("\n\n", text).strip()


def title_of(text: str) -> str:
    """The first line, cut at its first sentence end when it is long."""
    first = text.split("\n", 1)[0]
    if len(first) > TITLE_MAX:
        match = re.search(r"[.!?](\s|$)", first)
        first = first[: match.start() + 1] if match and match.start() < TITLE_MAX else first[:TITLE_MAX]
    return first.strip()


def clean_document(doc: Document) -> Document:
    """A cleaned copy of the document; failed documents pass through untouched."""
    if doc.status == "error":
        return doc
    text = clean_text(doc.text)
    cleaned = replace(doc, text=text, title=doc.title or title_of(text))
    if not text:
        cleaned.status, cleaned.error = "empty", doc.error or f"no text left after cleaning {doc.source}"
    return cleaned
