"""Stage 2: run a German spaCy pipeline over the document stream."""
from __future__ import annotations

import logging
import os
from typing import Iterable, Iterator, Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .ops import numpy_gemm
from .records import Document

log = logging.getLogger(__name__)

PREFERRED_MODEL = "de_core_news_md"
BUNDLED_MODEL = "de_wersagtwas_news"
MODEL_ENV = "WERSAGTWAS_MODEL"


class ModelNotFound(RuntimeError):
    """No usable German pipeline is installed."""


def resolve_model(name: Optional[str] = None) -> str:
    """`auto` picks de_core_news_md when installed, else the bundled model."""
    name = name or os.environ.get(MODEL_ENV) or "auto"
    if name != "auto":
        return name
    for candidate in (PREFERRED_MODEL, BUNDLED_MODEL):
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelNotFound(
        f"no German model installed: run `make setup` (installs the bundled {BUNDLED_MODEL}) "
        f"or `python -m spacy download {PREFERRED_MODEL}`, or pass --model NAME_OR_PATH"
    )


def auto_fell_back(name: Optional[str] = None) -> bool:
    """Whether `auto` uses the bundled model because de_core_news_md is not installed."""
    requested = name or os.environ.get(MODEL_ENV) or "auto"
    return requested == "auto" and not spacy.util.is_package(PREFERRED_MODEL)


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
    log.info("using model %s (%s)", resolved, model_label(nlp))
    return nlp


def model_label(nlp: Language) -> str:
    """`de_core_news_md-3.8.0` style name for the documents table."""
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


@Language.component("wersagtwas_paragraphs", assigns=["token.is_sent_start"])
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and teaser bullets have no final stop."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.is_space:
            continue
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


def within_limit(nlp: Language, document: Document) -> Document:
    """Mark a document over the model's length limit as failed instead of letting spaCy stop the run."""
    if document.status == "ok" and len(document.text) > nlp.max_length:
        document.status = "error"
        document.error = (f"too long: {len(document.text):,} characters, the model's limit is "
                          f"{nlp.max_length:,} ({document.source}); split the article")
    return document


def annotate(nlp: Language, documents: Iterable[Document], batch_size: int = 32) -> Iterator[tuple[Document, Optional[Doc]]]:
    """Pairs of (document, spaCy Doc); documents that failed earlier get None and keep their place."""
    stream = ((doc.text if doc.status == "ok" else "", doc) for doc in (within_limit(nlp, d) for d in documents))
    for parsed, document in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield document, parsed if document.status == "ok" else None
