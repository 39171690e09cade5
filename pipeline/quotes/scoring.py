"""Speaker confidence: a small logistic table of weights over what is known about an attributed speaker.

The weights (`resources/speaker_weights.tsv`, a few hundred numbers) are fitted by `make calibrate`
on the quotes_news_2024 train split to each quote's speaker token precision; only readable numbers
ship, no neural weights.
"""
from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources
from typing import Optional

from spacy.tokens import Doc, Span

from ..konjunktiv import is_konjunktiv_i
from ..records import Quote
from ..syntax import SUBJECT, has_role
from .index import index_of

WEIGHTS_FILE = "speaker_weights.tsv"
BIAS = "bias"


def _length(n: int) -> str:
    return str(n) if n <= 3 else "4-6" if n <= 6 else "7+"


def _quote_length(quote: Optional[Span]) -> str:
    """Short quotes are often no reported speech at all ("X vermutet einen Militärputsch.")."""
    if quote is None:
        return "-"
    n = len(quote)
    return "1-5" if n <= 5 else "6-12" if n <= 12 else "13-25" if n <= 25 else "26+"


def _speaker_span(doc: Doc, quote: Quote) -> Optional[Span]:
    if quote.speaker_start is None or quote.speaker_end is None:
        return None
    return doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")


def speaker_features(doc: Doc, quote: Quote) -> list[str]:
    """Named indicator features of a quote's speaker (empty when it has none)."""
    speaker = _speaker_span(doc, quote)
    if speaker is None or not len(speaker):
        return []
    source = quote.speaker_sieve or quote.rule
    resolution = quote.speaker_resolution or "none"
    head = speaker.root
    quote_first = doc.char_span(quote.quote_start, quote.quote_end, alignment_mode="expand")
    if quote_first is None or not len(quote_first):
        place = "unknown"
    elif speaker.end <= quote_first.start:
        place = "before" if quote_first.start - speaker.end <= 3 else "before_far"
    elif speaker.start >= quote_first.end:
        place = "after" if speaker.start - quote_first.end <= 3 else "after_far"
    else:
        place = "inside"
    index = index_of(doc)  # no sentence boundaries (a blank pipeline) is one sentence, not an error
    same_sentence = quote_first is not None and len(quote_first) > 0 and index.sent(speaker[0]).start == index.sent(quote_first[0]).start
    return [
        BIAS,
        f"source={source}",
        f"rule={quote.rule}",
        f"source|resolution={source}|{resolution}",
        f"resolution={resolution}",
        f"label={quote.speaker_label or '-'}",
        f"resolution|label={resolution}|{quote.speaker_label or '-'}",
        f"entity={bool(quote.speaker_entity_id)}",
        f"type={quote.quote_type}",
        f"head_pos={head.pos_}",
        f"first_pos={speaker[0].pos_}",
        f"length={_length(len(speaker))}",
        f"place={place}",
        f"same_sentence={same_sentence}",
        f"cue={bool(quote.cue_lemma)}",
        f"upper={speaker[0].text[:1].isupper()}",
        f"subject={has_role(head, SUBJECT)}",
        f"case={(head.morph.get('Case', []) or ['-'])[0]}",
        f"quote_start={_opening(quote_first)}",
        f"cue_lemma={quote.cue_lemma or '-'}",
        f"quote_length={_quote_length(quote_first)}",
        f"konjunktiv={quote_first is not None and any(is_konjunktiv_i(t) for t in quote_first)}",
    ]


def _opening(quote: Optional[Span]) -> str:
    """The quote's first word where it is a conjunction or preposition ("dass", "ob", "um"), else its part of speech."""
    if quote is None or not len(quote):
        return "-"
    first = quote[0]
    return first.lower_ if first.pos_ in ("SCONJ", "ADP", "CCONJ") else first.pos_


@lru_cache(maxsize=None)
def speaker_weights() -> dict[str, float]:
    """Feature weights from resources/speaker_weights.tsv; a missing table is an error, never a silent 0.5."""
    path = resources.files("pipeline.resources").joinpath(WEIGHTS_FILE)
    if not path.is_file():
        raise KeyError(f"{WEIGHTS_FILE} is missing: run `make calibrate`")
    table: dict[str, float] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("feature\t"):
            continue
        name, value = line.split("\t")[:2]
        table[name] = float(value)
    return table


def probability(features: list[str], table: dict[str, float]) -> float:
    """The logistic of the summed weights of the features present (unknown features weigh 0)."""
    z = sum(table.get(name, 0.0) for name in features)
    return 1.0 / (1.0 + math.exp(-z))
