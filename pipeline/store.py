"""What each stage saves for the next one, so stages can also run one at a time."""
from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from .export import AtomicFile, write_text
from .records import Document, Entity, Mention, Quote, as_dict, safe_stem

if TYPE_CHECKING:  # spaCy is imported where a Doc is read or written, so `wersagtwas --help` stays fast
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

CLEAN = "clean"
ANNOTATED = "annotated"
STAGES = "stages"
META = "documents.jsonl"
TEXTS = "texts.jsonl"  # the cleaned texts of a run, one {"doc_id", "text"} line per ok document
TEXT_LAYOUTS = ("jsonl", "files")


class StageError(RuntimeError):
    """A stage's input is missing or does not line up with the previous stage."""


def clean_path(out: Path, doc_id: str) -> Path:
    """Where the cleaned text of a document lives."""
    return Path(out) / CLEAN / f"{safe_stem(doc_id)}.txt"


class JsonLines:
    """An atomically written JSON-lines file."""

    def __init__(self, path: Path):
        self.file = AtomicFile(path)

    def write(self, record: dict) -> None:
        """Append one record."""
        self.file.handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def __enter__(self) -> "JsonLines":
        return self

    def __exit__(self, *exc) -> None:
        self.file.__exit__(*exc)


def read_jsonl(path: Path) -> Iterator[dict]:
    """Records of a JSON-lines file written by a previous stage."""
    if not path.exists():
        raise StageError(f"{path} not found: run the previous stage first (see `wersagtwas --help`)")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def document_meta(document: Document, **extra) -> dict:
    """A document's metadata without its text."""
    meta = {k: v for k, v in as_dict(document).items() if k != "text"}
    meta.update(extra)
    return meta


def document_from(meta: dict, text: str = "") -> Document:
    """Rebuild a Document from saved metadata."""
    names = {f.name for f in fields(Document)}
    return Document(**{k: v for k, v in meta.items() if k in names and k != "text"}, text=text)


class CleanTexts:
    """Writes a run's cleaned texts: `clean/texts.jsonl` (layout "jsonl") or `clean/<doc_id>.txt` ("files")."""

    def __init__(self, out: Path, layout: str = "jsonl"):
        if layout not in TEXT_LAYOUTS:
            raise ValueError(f"layout must be one of {TEXT_LAYOUTS}, not {layout!r}")
        self.out = Path(out)
        self.lines = JsonLines(self.out / CLEAN / TEXTS) if layout == "jsonl" else None

    def write(self, document: Document) -> None:
        """Save the text of an ok document."""
        if document.status != "ok":
            return
        if self.lines is not None:
            self.lines.write({"doc_id": document.doc_id, "text": document.text})
        else:
            write_text(clean_path(self.out, document.doc_id), document.text)

    def __enter__(self) -> "CleanTexts":
        return self

    def __exit__(self, *exc) -> None:
        if self.lines is not None:
            self.lines.__exit__(*exc)


class CleanTextReader:
    """The cleaned text of a document in a finished run, whichever layout it was written in."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.path = self.out / CLEAN / TEXTS
        self._offsets: Optional[dict[str, int]] = None

    def get(self, doc_id: str) -> str:
        """The text; OSError when the run holds none for `doc_id`."""
        if not self.path.exists():
            return clean_path(self.out, doc_id).read_text("utf-8")
        offsets = self._index()
        if doc_id not in offsets:
            raise FileNotFoundError(f"no text for {doc_id!r} in {self.path}")
        with self.path.open("rb") as handle:
            handle.seek(offsets[doc_id])
            return json.loads(handle.readline())["text"]

    def _index(self) -> dict[str, int]:
        """doc_id -> byte offset of its line: one pass, so memory holds no texts."""
        if self._offsets is None:
            self._offsets = {}
            with self.path.open("rb") as handle:
                offset = 0
                for line in handle:
                    if line.strip():
                        self._offsets[json.loads(line)["doc_id"]] = offset
                    offset += len(line)
        return self._offsets

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """(doc_id, text) in run order (texts.jsonl layout only)."""
        for record in read_jsonl(self.path):
            yield record["doc_id"], record["text"]


def read_clean_text(out: Path, doc_id: str) -> str:
    """The cleaned text of one document of a finished run (every offset in the tables refers to it)."""
    return CleanTextReader(out).get(doc_id)


def save_clean(out: Path, document: Document, meta: JsonLines, texts: Optional[CleanTexts] = None) -> None:
    """Save the cleaned text and its metadata."""
    if texts is not None:
        texts.write(document)
    elif document.status == "ok":
        write_text(clean_path(out, document.doc_id), document.text)
    meta.write(document_meta(document))


def load_clean(out: Path) -> Iterator[Document]:
    """Documents as the clean stage left them."""
    texts = CleanTextReader(out)
    for meta in read_jsonl(Path(out) / CLEAN / META):
        text = texts.get(meta["doc_id"]) if meta["status"] == "ok" else ""
        yield document_from(meta, text)


def save_annotated(out: Path, document: Document, doc: Optional[Doc], model: str, meta: JsonLines) -> None:
    """Save one annotated Doc (one DocBin per document keeps memory flat)."""
    n_sentences = 0
    if doc is not None:
        path = Path(out) / ANNOTATED / f"{safe_stem(document.doc_id)}.spacy"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        from spacy.tokens import DocBin

        DocBin(docs=[doc], store_user_data=True).to_disk(tmp)
        os.replace(tmp, path)
        n_sentences = count_sentences(doc)
    meta.write(document_meta(document, model=model, n_sentences=n_sentences))


def aligned(records: Iterable[tuple], *stages: Iterable[dict]) -> Iterator[tuple]:
    """Join annotated documents with saved stage lines, failing loudly when they drift apart."""
    try:
        for row in zip(records, *stages, strict=True):
            doc_id = row[0][1].doc_id
            if any(record["doc_id"] != doc_id for record in row[1:]):
                raise StageError(f"stage files are out of step at {doc_id!r}: re-run the stages in order")
            yield row
    except ValueError:  # zip(strict=True): one file has more documents than another
        raise StageError("stage files hold different numbers of documents: re-run the stages in order") from None


def load_annotated(out: Path, vocab: Vocab) -> Iterator[tuple[dict, Document, Optional[Doc]]]:
    """(metadata, document, Doc or None) as the annotate stage left them."""
    from spacy.tokens import DocBin

    for meta in read_jsonl(Path(out) / ANNOTATED / META):
        doc = None
        if meta["status"] == "ok":
            path = Path(out) / ANNOTATED / f"{safe_stem(meta['doc_id'])}.spacy"
            doc = next(iter(DocBin().from_disk(path).get_docs(vocab)))
        yield meta, document_from(meta, doc.text if doc is not None else ""), doc


def count_sentences(doc: Doc) -> int:
    """Number of sentences, 0 when the pipeline sets no boundaries."""
    if not doc.has_annotation("SENT_START"):
        return 0
    return sum(1 for _ in doc.sents)


def stage_path(out: Path, name: str) -> Path:
    """The JSON-lines file of the entities or quotes stage."""
    return Path(out) / STAGES / f"{name}.jsonl"


def entities_record(doc_id: str, mentions: list[Mention], entities: list[Entity]) -> dict:
    """One line of the entities stage file."""
    return {"doc_id": doc_id, "mentions": [as_dict(m) for m in mentions], "entities": [as_dict(e) for e in entities]}


def entities_from(record: dict) -> tuple[list[Mention], list[Entity]]:
    """Mentions and entities of one saved line."""
    return [Mention(**m) for m in record["mentions"]], [Entity(**e) for e in record["entities"]]


def quotes_record(doc_id: str, quotes: list[Quote]) -> dict:
    """One line of the quotes stage file."""
    return {"doc_id": doc_id, "quotes": [as_dict(q) for q in quotes]}


def quotes_from(record: dict) -> list[Quote]:
    """Quotes of one saved line."""
    return [Quote(**q) for q in record["quotes"]]
