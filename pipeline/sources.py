"""Reading inputs: .txt files, directories of them, and .jsonl bulk files, as a stream."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Iterable, Iterator

from .records import Document, safe_stem

log = logging.getLogger(__name__)

# The seed format: a first line "date YYYY-MM-DD <text…>" carries the date as metadata.
DATE_PREFIX = re.compile(r"^\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\s*")


def iter_paths(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Expand directories to their .txt/.jsonl files (sorted, so runs are reproducible)."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            # Not is_file(): a dangling link must reach the reader and be reported, not vanish.
            yield from sorted(p for p in path.rglob("*") if p.suffix in {".txt", ".jsonl"} and not p.is_dir())
        else:
            yield path


def read_documents(inputs: Iterable[str | Path]) -> Iterator[Document]:
    """Every input document, bad ones included with status "error" or "empty", ids made unique."""
    return unique_ids(_read_all(inputs))


def _read_all(inputs: Iterable[str | Path]) -> Iterator[Document]:
    for path in iter_paths(inputs):
        if path.suffix == ".jsonl":
            yield from read_jsonl(path)
        else:
            yield read_text_file(path)


def unique_ids(documents: Iterable[Document]) -> Iterator[Document]:
    """Suffix repeated ids ("x", "x-2", ...) so no document overwrites another's files.

    Ids are compared as the file names they become (case-folded for case-insensitive disks);
    the set of seen names is the only state that grows with the corpus.
    """
    seen: set[str] = set()
    for doc in documents:
        base, n = doc.doc_id, 1
        while safe_stem(doc.doc_id).casefold() in seen:
            n += 1
            doc.doc_id = f"{base}-{n}"
        if n > 1:
            log.warning("duplicate doc_id %r in %s renamed to %r", base, doc.source, doc.doc_id)
        seen.add(safe_stem(doc.doc_id).casefold())
        yield doc


def read_text_file(path: Path) -> Document:
    """One .txt article; undecodable, binary or unreadable files become error records."""
    doc = Document(doc_id=path.stem, source=str(path))
    try:
        raw = path.read_bytes()
    except OSError as err:
        return _failed(doc, f"cannot read {path}: {err.strerror or err}")
    try:
        text = decode(raw, str(path))
    except ValueError as err:
        return _failed(doc, str(err))
    return with_text(doc, text)


def read_jsonl(path: Path) -> Iterator[Document]:
    """One Document per line; a malformed line becomes an error record naming file and line."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield _failed(Document(doc_id=path.stem, source=str(path)), f"cannot read {path}: {err.strerror or err}")
        return
    with handle:
        for lineno, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            source = f"{path}:{lineno}"
            try:
                record = json.loads(decode(raw, source))
                if not isinstance(record, dict) or "text" not in record:
                    raise ValueError("expected an object with 'id' and 'text'")
                doc_id = str(record["id"]) if record.get("id") not in (None, "") else f"{path.stem}-{lineno}"
                doc = Document(
                    doc_id=doc_id,
                    source=str(record.get("source") or source),
                    title=str(record.get("title") or ""),
                    date=str(record.get("date") or ""),
                )
                yield with_text(doc, str(record["text"] or ""))
            except ValueError as err:  # json.JSONDecodeError is a ValueError
                yield _failed(Document(doc_id=f"{path.stem}-{lineno}", source=source),
                              f"malformed JSONL line {source}: {err}")


def decode(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM); Latin-1/cp1252 with a warning; binary data is an error."""
    if b"\x00" in raw:
        raise ValueError(f"binary file, not text: {name}")
    try:
        return _text_only(raw.decode("utf-8-sig"), name)
    except UnicodeDecodeError:
        pass
    try:
        text = _text_only(raw.decode("cp1252"), name)
    except UnicodeDecodeError as err:
        raise ValueError(f"not UTF-8 or cp1252 text: {name} ({err.reason} at byte {err.start})") from None
    log.warning("%s is not UTF-8; decoded as cp1252/Latin-1", name)
    return text


def _text_only(text: str, name: str) -> str:
    """Refuse text full of control characters: cp1252 decodes nearly any bytes."""
    controls = sum(1 for c in text if (c < " " and c not in "\n\r\t\f") or "\x7f" <= c <= "\x9f")
    if controls > max(2, len(text) // 100):
        raise ValueError(f"binary file, not text: {name} ({controls} control characters)")
    return text


def with_text(doc: Document, text: str) -> Document:
    """Attach the text, moving a leading "date YYYY-MM-DD" into the metadata."""
    match = DATE_PREFIX.match(text)
    if match:
        doc.date = doc.date or match.group(1)
        text = text[match.end():]
    doc.text = text
    if not text.strip():
        doc.status, doc.error = "empty", f"no text in {doc.source}"
    return doc


def _failed(doc: Document, reason: str) -> Document:
    doc.status, doc.error = "error", reason
    return doc
