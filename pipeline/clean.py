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
    # One pass over the text: the pattern never spans a line break, so it matches what it matched line by line.
    lines = (line.strip() for line in HORIZONTAL_SPACE.sub(" ", text).split("\n"))
    text = "\n".join(lines)
    return BLANK_LINES.sub("\n\n", text).strip()


def title_of(text: str) -> str:
    """The first line; a long one cut after its first sentence, else at a word boundary (marked "…").

    A period ends a sentence unless it ends an abbreviation ("Dr.", "St.", "z.B.", from
    resources/abbreviations.txt), a number ("9. Mai", "1.000"), an initial ("Donald J. Trump") or a
    Roman numeral ("Wilhelm II."), or a lower-case word follows; so a title is never cut inside a
    name, a date or an abbreviation.
    """
    first = text.split("\n", 1)[0].strip()
    if len(first) <= TITLE_MAX:
        return first
    for match in SENTENCE_END.finditer(first, 0, TITLE_MAX + 1):
        if match.start(1) <= TITLE_MAX and _ends_sentence(first, match):
            return first[: match.start(1)]
    cut = first.rfind(" ", 0, TITLE_MAX)
    return first[: cut if cut > 0 else TITLE_MAX].rstrip(" ,;:-–") + " …"


# A candidate sentence end: . ! or ? (and any closing quotes or brackets), then a space and a next word.
SENTENCE_END = re.compile(r"[.!?]+[\"'“”»«)\]]*( +)(\S)")
ROMAN = re.compile(r"[IVXLC]+")
NUMBER = re.compile(r"\d[\d.]*")


def _ends_sentence(line: str, match: re.Match) -> bool:
    if match.group(2).islower():
        return False
    end = match.start(1)
    punctuation = line[match.start():end]
    if not punctuation.startswith("."):
        return True  # ! and ? end a sentence before a capital
    word = line[:match.start() + 1].rsplit(" ", 1)[-1].lstrip("([„“\"'»«")
    stem = word[:-1]
    if NUMBER.fullmatch(stem) or (len(stem) == 1 and stem.isalpha()) or ROMAN.fullmatch(stem):
        return False  # "9. Mai", "am 9.5. Mehr", "J. Trump", "Wilhelm II."
    return word.casefold() not in _abbreviations()


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(entry.casefold() for entry in lexicons.load("abbreviations"))


def clean_document(doc: Document) -> Document:
    """A cleaned copy of the document; failed documents pass through untouched."""
    if doc.status == "error":
        return doc
    text = clean_text(doc.text)
    cleaned = replace(doc, text=text, title=doc.title or title_of(text))
    if not text:
        cleaned.status, cleaned.error = "empty", doc.error or f"no text left after cleaning {doc.source}"
    return cleaned
