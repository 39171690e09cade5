"""A quote under construction."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Span, Token


@dataclass
class _Candidate:
    """A quote under construction: token spans, not yet resolved to entities."""

    start: int  # token index
    end: int  # token index, exclusive
    qtype: str
    rule: str
    cue: list[Token] = field(default_factory=list)
    cue_lemma: str = ""
    speaker: Optional[Span] = None
    addressee: Optional[Span] = None
    carried_from: Optional["_Candidate"] = None
    nested_in: Optional["_Candidate"] = None
    resolved: Optional[tuple[str, str, str, str]] = None  # entity id, canonical, label, resolution
    sieve: str = ""  # the speaker sieve that gave the speaker, when the rule itself found none
    gap: Optional[tuple[int, int]] = None  # token range inside [start, end) that is not the quote: a frame in mid-sentence
