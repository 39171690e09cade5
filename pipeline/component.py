"""The spaCy component: who-says-what inside any German spaCy pipeline (`nlp.add_pipe("wersagtwas_quotes")`).

The component runs the CLI's per-document stages (`run.analyze_doc`: entities, roles, quotes) on
each Doc and sets `doc._.quotes`, `doc._.mentions`, `doc._.entities` and `doc._.relations` (the
records of quotes.csv, mentions.csv, entities.csv and relations.csv, per document), a span group
`doc.spans["wersagtwas_quotes"]` labelled with the quote type, and `span._.quote` / `span._.speaker`
on any span of a quote. The records are stored as plain data in the Doc's user data, so Docs
survive `doc.to_bytes()`, `DocBin` and `nlp.pipe(..., n_process=2)`.

Entity ids and canonical names are per document; the corpus pass of `wersagtwas extract`
(pipeline/corpus.py) merges them across articles.
"""
from __future__ import annotations

import logging
from typing import Callable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .gazetteer import repair_entities
from .konjunktiv import mark_konjunktiv
from .records import Document, Entity, Mention, Quote, Relation, as_dict
from .run import Result, analyze_doc

log = logging.getLogger(__name__)

NAME = "wersagtwas_quotes"
SPANS_KEY = "wersagtwas_quotes"
STORE = "wersagtwas"  # the hidden Doc extension that holds the records as plain data
DOC_ID = "doc_id"  # an optional doc.user_data key: the document id used in the record ids
RECORDS: dict[str, type] = {"quotes": Quote, "mentions": Mention, "entities": Entity, "relations": Relation}


def _records(name: str) -> Callable[[Doc], list]:
    record_type = RECORDS[name]

    def getter(doc: Doc) -> list:
        stored = doc._.get(STORE) or {}
        return [record_type(**row) for row in stored.get(name, ())]

    return getter


def _quote_of(span: Span) -> Optional[Quote]:
    """The quote whose text is this span (token-aligned), or None."""
    for quote in span.doc._.quotes:
        quote_span = span.doc.char_span(quote.quote_start, quote.quote_end, alignment_mode="expand")
        if quote_span is not None and (quote_span.start, quote_span.end) == (span.start, span.end):
            return quote
    return None


def _speaker_of(span: Span) -> Optional[Span]:
    """The speaker of the quote this span is, as a span of the same Doc, or None."""
    quote = _quote_of(span)
    if quote is None or quote.speaker_start is None or quote.speaker_end is None:
        return None
    return span.doc.char_span(quote.speaker_start, quote.speaker_end, alignment_mode="expand")


def register_extensions() -> None:
    """The Doc and Span extensions (force=True: re-registering after a reload replaces them)."""
    Doc.set_extension(STORE, default=None, force=True)
    for name in RECORDS:
        Doc.set_extension(name, getter=_records(name), force=True)
    Span.set_extension("quote", getter=_quote_of, force=True)
    Span.set_extension("speaker", getter=_speaker_of, force=True)


register_extensions()  # once, on import: Docs read back from disk in another process have them too


def set_results(doc: Doc, result: Result) -> Doc:
    """Store one document's records on its Doc and add the span group of its quotes."""
    doc._.set(STORE, {name: [as_dict(r) for r in getattr(result, name)] for name in RECORDS})
    spans = [doc.char_span(q.quote_start, q.quote_end, label=q.quote_type, alignment_mode="expand") for q in result.quotes]
    doc.spans[SPANS_KEY] = [s for s in spans if s is not None]
    return doc


class QuoteAttributor:
    """Entities, roles and quotes of each Doc, by the same function the CLI runs (`run.analyze_doc`)."""

    def __init__(self, nlp: Language, name: str = NAME):
        self.nlp = nlp
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        self._prepare(doc)
        document = Document(doc_id=str(doc.user_data.get(DOC_ID, "doc")), source="", text=doc.text)
        return set_results(doc, analyze_doc(document, doc))

    def _prepare(self, doc: Doc) -> None:
        """What `annotate.load_model` adds to a pipeline, when this one lacks it (a plain `spacy.load`)."""
        names = self.nlp.pipe_names
        if "wersagtwas_konjunktiv" not in names:
            mark_konjunktiv(doc)
        if "ner" in names and "wersagtwas_gazetteer" not in names:
            repair_entities(doc)


@Language.factory(
    NAME,
    requires=["doc.sents"],
    # token.morph and doc.ents only where the pipeline lacks the Konjunktiv and gazetteer steps (see _prepare).
    assigns=["doc._.quotes", "doc._.mentions", "doc._.entities", "doc._.relations", "doc.spans", "span._.speaker",
             "span._.quote", "token.morph", "doc.ents"],
)
def make_quote_attributor(nlp: Language, name: str) -> QuoteAttributor:
    """Factory of the `wersagtwas_quotes` component (registered with spaCy's `spacy_factories` entry point)."""
    return QuoteAttributor(nlp, name)

