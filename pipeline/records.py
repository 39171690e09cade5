"""Plain-data records that flow between stages and become table rows."""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Iterable, Iterator, Optional


@dataclass
class Document:
    """One input article: metadata, (cleaned) text and its processing status."""

    doc_id: str
    source: str
    text: str = ""
    title: str = ""
    date: str = ""
    status: str = "ok"  # ok | empty | error
    error: str = ""
    warnings: str = ""  # "; "-joined; the status stays ok (e.g. bad bytes replaced, cp1252 decoded)


@dataclass
class Mention:
    """A named-entity mention; start/end are character offsets into the cleaned text."""

    doc_id: str
    mention_id: str
    entity_id: str
    text: str
    label: str
    start: int
    end: int
    sentence_index: int


@dataclass
class Entity:
    """A canonical entity: all mentions that name the same real-world thing.

    Per document, n_docs is 1 and roles is empty; the corpus pass (pipeline/corpus.py)
    merges these into one row per entity across all documents.
    """

    entity_id: str
    canonical_name: str
    label: str
    aliases: list[str] = field(default_factory=list)
    n_mentions: int = 0
    n_docs: int = 1
    roles: list[str] = field(default_factory=list)


@dataclass
class Quote:
    """One attributed quote; all offsets are character offsets into the cleaned text."""

    doc_id: str
    quote_id: str
    sentence_index: int
    quote_type: str  # direct | indirect | free_indirect | reported
    quote_text: str
    quote_start: int
    quote_end: int
    # A source frame standing inside the quote's range ("wurde [nach Angaben von Interpol] in Korat
    # gefasst") is not part of the quote; None when the quote is one piece.
    gap_start: Optional[int] = None
    gap_end: Optional[int] = None
    cue_text: str = ""
    cue_lemma: str = ""
    speaker_text: str = ""
    speaker_start: Optional[int] = None
    speaker_end: Optional[int] = None
    speaker_entity_id: str = ""
    speaker_canonical: str = ""
    speaker_label: str = ""
    speaker_resolution: str = "none"  # explicit | pronoun | carried_over | role | none
    addressee_text: str = ""
    rule: str = ""
    speaker_sieve: str = ""  # where a speaker outside the quote's own sentence came from
    confidence: float = 0.0


def columns(record_type: type) -> list[str]:
    """Column order of a record type's table: the dataclass field order."""
    return [f.name for f in fields(record_type)]


def as_dict(record) -> dict:
    """`dataclasses.asdict(record)`, without its deep copy of every value where the record is flat."""
    names = record_fields(type(record))
    if names is None:  # a field that holds records
        return asdict(record)
    # asdict's deep copy was a tenth of the table writing and two thirds of the checkpoint's encoding
    return {name: list(value) if isinstance(value := getattr(record, name), list) else value for name in names}


def to_row(record) -> dict:
    """A record as a flat dict; lists are joined with " | " for spreadsheets."""
    return {k: " | ".join(v) if isinstance(v, list) else v for k, v in as_dict(record).items()}


_PLAIN_TYPES = frozenset({"str", "int", "float", "bool", "list[str]", "Optional[int]", "Optional[float]", "Optional[str]"})
_FIELD_NAMES: dict[type, Optional[tuple[str, ...]]] = {}


def record_fields(record_type: type) -> Optional[tuple[str, ...]]:
    """The field names of a record type whose fields hold only plain values (str, numbers, lists of str), else None."""
    if record_type not in _FIELD_NAMES:
        found = fields(record_type)
        _FIELD_NAMES[record_type] = tuple(f.name for f in found) if all(str(f.type) in _PLAIN_TYPES for f in found) else None
    return _FIELD_NAMES[record_type]


UNSAFE_IN_NAME = re.compile(r"[^\w.-]+")


# Far below the 255-byte limit of most file systems: room for ".txt", temporary-file prefixes and suffixes.
MAX_STEM_BYTES = 100


def safe_stem(doc_id: str) -> str:
    """A file-system-safe name for a document id: at most 100 UTF-8 bytes, long ids cut and hashed."""
    stem = UNSAFE_IN_NAME.sub("_", doc_id) or "_"
    encoded = stem.encode("utf-8")  # only word characters, "." and "-" are left: no surrogates
    if len(encoded) <= MAX_STEM_BYTES:
        return stem
    # The hash of the whole id keeps two ids with the same beginning apart, run after run.
    digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    head = encoded[: MAX_STEM_BYTES - len(digest) - 1].decode("utf-8", "ignore")  # "ignore": a cut character
    return f"{head}-{digest}"


def entity_id(label: str, canonical_name: str) -> str:
    """Content-derived id, so the same input always yields the same ids."""
    key = f"{label}|{canonical_name.casefold()}".encode("utf-8")
    return "E" + hashlib.sha1(key).hexdigest()[:10]


@dataclass
class Relation:
    """A fact between an entity and a role or another entity, with its evidence in the text.

    role_of: `object` is a role or title held by `subject` ("Kremlsprecher");
    member_of / works_for: the organisation, country or person that role belongs to;
    quoted_by: the subject's quote was given to the object (an interviewer, a newspaper).
    """

    doc_id: str
    relation: str  # role_of | member_of | works_for | quoted_by
    subject_entity_id: str
    subject: str
    object_entity_id: str
    object: str
    evidence_text: str
    start: int
    end: int


@dataclass
class DocumentSummary:
    """One row of documents.csv: metadata, status and counts."""

    doc_id: str
    source: str
    title: str
    date: str
    status: str
    error: str
    # Keyword-only so rows built positionally keep working; the column still follows `error`.
    warnings: str = field(default="", kw_only=True)
    n_chars: int
    n_sentences: int
    n_mentions: int
    n_quotes: int
    model: str


def batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Consecutive lists of `size` documents (the last one shorter): annotation batches and engine partitions."""
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


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
