"""Per-document results kept between runs, so a killed run resumes and a grown corpus costs only its new documents.

The checkpoint is one SQLite file next to `--out` (`.OUT.wersagtwas-checkpoint.sqlite`), written
directly, never through the run's staging folder: it must outlive a killed run. Each row is one
analysed document, keyed by a hash of its id and cleaned text, the model and the rules version (a
hash of the pipeline package's code and resource files and the spaCy version), so any change to
one of them makes the row a miss. Rows are committed once per partition (SQLite transactions:
a kill loses at most the partition in flight, never leaves half a row), and each row carries a
checksum of its payload that is verified on read; a damaged row is a miss, a damaged file is
moved aside and a new one started. Only documents analysed without error are kept.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .models import spacy_version
from .records import Document, Entity, Mention, Quote, Relation, as_dict

log = logging.getLogger(__name__)

SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, rules TEXT NOT NULL, crc INTEGER NOT NULL, payload BLOB NOT NULL)"
PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A hash of every source and resource file of the pipeline package and of the spaCy version."""
    digest = hashlib.sha256(f"spacy {spacy_version()}\n".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in {".py", ".txt", ".tsv", ".json"}:
            digest.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def document_key(document: Document, model: str, rules: str) -> str:
    """What a cached result depends on: the document's id and cleaned text, the model and the rules."""
    digest = hashlib.sha256()
    for part in (document.doc_id, document.text, model, rules):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def encode(result) -> bytes:
    """A per-document result (engine.Analysed) as compressed JSON; the document itself is not stored."""
    record = {
        "n_sentences": result.n_sentences,
        "mentions": [as_dict(m) for m in result.mentions],
        "entities": [as_dict(e) for e in result.entities],
        "quotes": [as_dict(q) for q in result.quotes],
        "relations": [as_dict(r) for r in result.relations],
    }
    return zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 1)


def decode(payload: bytes) -> dict:
    """The fields of a cached result, as records."""
    record = json.loads(zlib.decompress(payload).decode("utf-8"))
    return {
        "n_sentences": record["n_sentences"],
        "mentions": [Mention(**m) for m in record["mentions"]],
        "entities": [Entity(**e) for e in record["entities"]],
        "quotes": [Quote(**q) for q in record["quotes"]],
        "relations": [Relation(**r) for r in record["relations"]],
    }


class Checkpoint:
    """The results of earlier runs on one `--out`; `force` ignores them (and overwrites them)."""

    def __init__(self, path: Path, model: str, force: bool = False):
        self.path = Path(path)
        self.model = model
        self.rules = rules_version()
        self.force = force
        self.hits = self.stored = 0
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            return _connect(self.path, self.rules)
        except sqlite3.DatabaseError as err:
            aside = self.path.with_name(self.path.name + ".damaged")
            log.warning("checkpoint %s is damaged (%s); moved to %s, starting a new one", self.path, err, aside)
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            return _connect(self.path, self.rules)

    def key(self, document: Document) -> str:
        """The row key of a document."""
        return document_key(document, self.model, self.rules)

    def lookup(self, documents: Iterable[Document]) -> dict[int, dict]:
        """Cached results of the ok documents, by position; empty under `force`."""
        if self.force:
            return {}
        keys = {self.key(d): i for i, d in enumerate(documents) if d.status == "ok"}
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        found: dict[int, dict] = {}
        for key, crc, payload in self.db.execute(f"SELECT key, crc, payload FROM results WHERE key IN ({marks})", list(keys)):
            if zlib.crc32(payload) != crc:
                log.warning("checkpoint row %s fails its checksum; the document is analysed again", key[:12])
                continue
            try:
                found[keys[key]] = decode(payload)
            except (ValueError, TypeError, KeyError, zlib.error) as err:
                log.warning("checkpoint row %s cannot be read (%s); the document is analysed again", key[:12], err)
        self.hits += len(found)
        return found

    def expected_misses(self, total: int) -> int:
        """How many of `total` input documents this checkpoint cannot hold: an estimate made before reading them."""
        if self.force:
            return total
        (rows,) = self.db.execute("SELECT count(*) FROM results").fetchone()
        return max(0, total - rows)

    def store(self, result) -> None:
        """Keep one analysed document (committed with the next `commit`)."""
        if result.document.status != "ok":
            return
        payload = encode(result)
        self.db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                        (self.key(result.document), self.rules, zlib.crc32(payload), payload))
        self.stored += 1

    def commit(self) -> None:
        """Make the stored results durable."""
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def __enter__(self) -> "Checkpoint":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _connect(path: Path, rules: str) -> sqlite3.Connection:
    """Open (or create) the checkpoint and drop the rows of other rules versions, which can never hit again."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a power loss may lose the last commits, never corrupt
    db.execute(SCHEMA)
    stale = db.execute("DELETE FROM results WHERE rules != ?", (rules,)).rowcount
    if stale:
        log.info("checkpoint: dropped %d results of other rules versions", stale)
    db.commit()
    return db


def default_path(out: Path) -> Path:
    """The checkpoint of `--out`: next to it, so the run's staging and swapping never touch it."""
    out = Path(out).resolve()
    return out.with_name(f".{out.name}.wersagtwas-checkpoint.sqlite")


