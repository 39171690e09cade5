"""Wiring of the per-document stages into one stream (the CLI and evaluators share it)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .annotate import annotate
from .entities import extract_entities
from .quotes import extract_quotes
from .records import Document, DocumentSummary, Entity, Mention, Quote, Relation
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
    mentions, entities = extract_entities(doc, document.doc_id)
    roles = extract_roles(doc, document.doc_id, mentions, entities)
    quotes = extract_quotes(doc, document.doc_id, mentions, entities, roles)
    relations = roles + quote_relations(document.doc_id, quotes, mentions)
    return Result(document, doc, mentions, entities, quotes, relations)


def analyze(nlp: Language, documents: Iterable[Document], batch_size: int = 32) -> Iterator[Result]:
    """Annotate, then extract entities and quotes, one document at a time."""
    for document, doc in annotate(nlp, documents, batch_size=batch_size):
        try:
            yield analyze_doc(document, doc)
        except Exception as err:  # one document's bug must not cost the rest of the batch
            log.exception("failed on %s", document.doc_id)
            yield Result(replace(document, status="error", error=f"internal error on {document.source}: {err!r}"))


def summarize(document: Document, model: str, n_sentences: int, n_mentions: int, n_quotes: int) -> DocumentSummary:
    """The documents.csv row of one document."""
    return DocumentSummary(
        doc_id=document.doc_id,
        source=document.source,
        title=document.title,
        date=document.date,
        status=document.status,
        error=document.error,
        warnings=document.warnings,
        n_chars=len(document.text),
        n_sentences=n_sentences,
        n_mentions=n_mentions,
        n_quotes=n_quotes,
        model=model,
    )
