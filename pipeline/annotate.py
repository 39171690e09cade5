"""Stage 2: run a German spaCy pipeline over the document stream."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterable, Iterator, Optional, cast

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from . import lexicons
from .budget import DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS, OverBudget, deadline
from .models import BUNDLED_MODEL, MODEL_ENV, PREFERRED_MODEL, ModelNotFound, auto_fell_back, label_of_meta, resolve_model  # noqa: F401
from .ops import numpy_gemm
from .records import Document, batches

log = logging.getLogger(__name__)
WARM_CHUNK = 1000  # plain words per warm-up call


def load_model(name: Optional[str] = "auto") -> Language:
    """Load a pipeline and add the project's components, which work with any German model."""
    resolved = resolve_model(name)
    try:
        with numpy_gemm():
            nlp = spacy.load(resolved)
    except OSError as err:
        raise ModelNotFound(f"cannot load model {resolved!r}: {err}") from None
    from . import gazetteer, konjunktiv  # noqa: F401  register the component factories

    first = nlp.pipe_names[0] if nlp.pipe_names else None
    if first is not None:
        nlp.add_pipe("wersagtwas_paragraphs", before=first)
    else:
        nlp.add_pipe("wersagtwas_paragraphs")
    after = "morphologizer" if "morphologizer" in nlp.pipe_names else None
    nlp.add_pipe("wersagtwas_konjunktiv", after=after) if after else nlp.add_pipe("wersagtwas_konjunktiv")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("wersagtwas_gazetteer", after="ner")
    warm_tokenizer(nlp)
    log.info("using model %s (%s)", resolved, model_label(nlp))
    return nlp


def warm_tokenizer(nlp: Language) -> None:
    """Tokenize the frequent words once, outside any memory zone, so that they stay in the tokenizer's cache.

    Inside a zone spaCy caches no tokenization (`batch_zone`): without this every word of a long run
    is split into affixes again each time it occurs. Tokens come out the same either way.
    """
    if nlp.vocab.in_memory_zone:  # type: ignore[attr-defined]  # spaCy 3.8 vocab.pyi omits it
        return
    # After a special case ("Prof.") the tokenizer caches nothing more of that call: words with
    # punctuation get a call each, plain words share long texts (a call each costs twice the time).
    plain: list[str] = []
    for word in lexicons.lines("frequent_words"):
        if word.replace("-", "").isalnum():
            plain.append(word)
        else:
            nlp.tokenizer(word)
    for start in range(0, len(plain), WARM_CHUNK):
        nlp.tokenizer(" ".join(plain[start:start + WARM_CHUNK]))


def model_label(nlp: Language) -> str:
    """`de_core_news_md-3.8.0` style name for the documents table."""
    return label_of_meta(nlp.meta)


# The longest stretch of prose without a line break or a sentence-final mark in the quote corpora
# is 144 tokens (a list of victims). Longer ones are no prose ("sagte sagte …", tables, feeds),
# and the rules look at a whole sentence for each of its words: a cap keeps them linear.
MAX_SENTENCE_TOKENS = 300
SENTENCE_FINAL = (".", "!", "?", "…")


@Language.component("wersagtwas_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break (headlines and teaser bullets have no final stop),
    and after MAX_SENTENCE_TOKENS tokens without a line break or a sentence-final mark."""
    starts = []
    run = 1  # tokens since the last line break or sentence-final mark
    tokens = list(doc)  # one Token object per position (doc[i] makes a new one each time)
    for previous, token in zip(tokens, tokens[1:]):
        if previous.text.endswith(SENTENCE_FINAL):
            run = 0
        if token.is_space:
            continue
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text) or run >= MAX_SENTENCE_TOKENS:
            starts.append(token.i)
            run = 0
        run += 1
    if starts and doc.has_annotation("DEP"):
        doc[starts[0]].is_sent_start = True  # refused on a parsed doc (spaCy E043), as each one always was
    if starts:
        # all at once: the setter checks the whole doc for a parse each time (quadratic in line breaks)
        values = doc.to_array([SENT_START])
        values[starts] = 1
        doc.from_array([SENT_START], cast(Ints2d, values))
    return doc


def within_limit(document: Document, max_chars: Optional[int], model_limit: int) -> Document:
    """A document over the size budget as an error row, before spaCy sees it (and before it costs memory)."""
    if max_chars is not None and 0 < max_chars <= model_limit:
        limit, option = max_chars, "--max-chars"
    else:
        limit, option = model_limit, "the model's max_length"
    if document.status != "ok" or len(document.text) <= limit:
        return document
    return replace(document, status="error", error=(
        f"too long: {len(document.text):,} characters, the limit is {limit:,} ({option}) ({document.source}); split the article"))


def annotate(
    nlp: Language,
    documents: Iterable[Document],
    batch_size: int = 32,
    max_chars: Optional[int] = DEFAULT_MAX_CHARS,
    max_seconds: Optional[float] = DEFAULT_MAX_SECONDS,
    memory_zone: bool = False,
) -> Iterator[tuple[Document, Optional[Doc]]]:
    """Pairs of (document, spaCy Doc) in input order; documents that failed, here or earlier, get None.

    A batch that raises or runs past `max_seconds` per document is annotated again one document
    at a time, so that only the document at fault becomes an error row.

    memory_zone=True keeps the vocabulary bounded in long runs (`batch_zone`): a Doc is then valid
    only until the caller asks for the next pair of another batch; use it and drop it before that.
    """
    checked = (within_limit(d, max_chars, nlp.max_length) for d in documents)
    for batch in batches(checked, max(1, batch_size)):
        with batch_zone(nlp, memory_zone):
            # The zone stays open while the caller works on this batch's Docs (the generator is suspended in it).
            yield from _annotate_batch(nlp, batch, max_seconds)


@contextmanager
def batch_zone(nlp: Language, enabled: bool = True) -> Iterator[None]:
    """spaCy's `nlp.memory_zone()` around one batch: the strings and lexemes its new words added are freed at the end.

    Without it the vocabulary grows with every new word of a long run (names, numbers, typos) and with
    it the memory. Everything made from a Doc inside the zone must be plain data (str, int) before the
    zone closes: touching the Doc, its tokens or spans afterwards is undefined behaviour in spaCy, so the
    rule stages run inside the zone and only the rows leave it. Zones do not nest: a caller that opened
    one already (or a pipeline without memory zones) passes enabled=False.
    """
    if not enabled:
        yield
        return
    with nlp.memory_zone():
        yield


def _annotate_batch(nlp: Language, batch: list[Document], max_seconds: Optional[float]) -> list[tuple[Document, Optional[Doc]]]:
    """One batch through nlp.pipe; on an error or an overrun, each document on its own."""
    # Failed documents keep their slot as an empty text: the batches, and so the results, stay as they were.
    texts = [d.text if d.status == "ok" else "" for d in batch]
    budget = max_seconds * len(batch) if max_seconds is not None and max_seconds > 0 else None
    try:
        with deadline(budget):
            parsed = list(nlp.pipe(texts, batch_size=len(batch)))
    except OverBudget:
        log.warning("a batch of %d documents ran past its time budget; annotating them one at a time", len(batch))
    except Exception as err:  # noqa: BLE001 - which document raised is found out below
        log.warning("a batch of %d documents failed (%s); annotating them one at a time", len(batch), one_line(err))
    else:
        return [(d, doc if d.status == "ok" else None) for d, doc in zip(batch, parsed)]
    return [_annotate_one(nlp, document, max_seconds) for document in batch]


def _annotate_one(nlp: Language, document: Document, max_seconds: Optional[float]) -> tuple[Document, Optional[Doc]]:
    """One document through the pipeline; an exception or an overrun makes it an error row."""
    if document.status != "ok":
        return document, None
    try:
        with deadline(max_seconds):
            return document, nlp(document.text)
    except OverBudget as err:
        message = f"over the time budget of {err.seconds:g} s (--max-seconds) in annotate ({document.source})"
    except Exception as err:  # noqa: BLE001 - one document's failure must not cost the run
        log.debug("annotation failed on %s", document.source, exc_info=True)
        message = f"annotation failed on {document.source}: {type(err).__name__}: {one_line(err)}"
    log.warning("%s", message)
    return replace(document, status="error", error=message), None


def one_line(err: BaseException) -> str:
    """An exception's message on one line (tracebacks and multi-line messages do not fit a table cell)."""
    return " ".join(str(err).split())
