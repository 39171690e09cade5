"""Wiring of the per-document stages into one stream (the CLI and evaluators share it)."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .annotate import annotate
from .budget import DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS, OverBudget, deadline
from .docfacts import opened
from .entities import extract_entities
from .quotes import extract_quotes
from .quotes.institutions import institution_entities
from .records import Document, Entity, Mention, Quote, Relation, summarize  # noqa: F401  (summarize: its old home)
from .roles import extract_roles, quote_relations

log = logging.getLogger(__name__)


@dataclass
class Result:
    """Everything the stages found in one document."""

    document: Document
    doc: Optional[Doc] = None
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def analyze_doc(document: Document, doc: Optional[Doc]) -> Result:
    """Entities and quotes of one annotated document (a pure function of its inputs)."""
    if doc is None:
        return Result(document)
    with opened(doc):
        with _stage("entities"):
            mentions, entities = extract_entities(doc, document.doc_id)
        with _stage("roles"):
            roles = extract_roles(doc, document.doc_id, mentions, entities)
        with _stage("quotes"):
            quotes = extract_quotes(doc, document.doc_id, mentions, entities, roles)
            mentions, entities = institution_entities(doc, document.doc_id, quotes, mentions, entities)
            relations = roles + quote_relations(document.doc_id, quotes, mentions)
    return Result(document, doc, mentions, entities, quotes, relations)


@contextmanager
def _stage(name: str) -> Iterator[None]:
    """Name the stage that ran out of time (the timer's signal knows no stage)."""
    try:
        yield
    except OverBudget as err:
        err.stage = err.stage or name
        raise


def analyze(
    nlp: Language,
    documents: Iterable[Document],
    batch_size: int = 32,
    max_chars: Optional[int] = DEFAULT_MAX_CHARS,
    max_seconds: Optional[float] = DEFAULT_MAX_SECONDS,
    memory_zone: bool = False,
) -> Iterator[Result]:
    """Annotate, then extract entities and quotes, one document at a time.

    A document longer than `max_chars` characters, or whose annotation or rule stages take longer
    than `max_seconds`, becomes an error row and the run goes on (None or 0: no budget).
    memory_zone=True (long runs: a bounded vocabulary) runs each batch's annotation and rule stages in
    one spaCy memory zone: a Result's `doc` is then valid only until the next Result is asked for.
    """
    annotated = annotate(nlp, documents, batch_size=batch_size, max_chars=max_chars, max_seconds=max_seconds,
                         memory_zone=memory_zone)
    for document, doc in annotated:
        try:
            with deadline(max_seconds):
                result = analyze_doc(document, doc)
        except OverBudget as err:
            stage = err.stage or "the rule stages"
            message = f"over the time budget of {err.seconds:g} s (--max-seconds) in {stage} ({document.source})"
            log.warning("%s", message)
            result = Result(replace(document, status="error", error=message))
        except Exception as err:  # one document's bug must not cost the rest of the batch
            log.exception("failed on %s", document.doc_id)
            result = Result(replace(document, status="error", error=f"internal error on {document.source}: {err!r}"))
        yield result
