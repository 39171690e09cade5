"""The SQL view: outputs/wersagtwas.sqlite, the CSV tables as typed SQLite tables with keys, indexes and search.

Written from the finished CSV tables of a run (either dialect) into the same folder, so it is part
of the same all-or-nothing run. Rows are streamed in chunks, so memory stays flat. Readable by
the `sqlite3` shell, pandas (`pd.read_sql`) and Datasette; `quotes_fts` is an FTS5 index over the
quote texts and speakers (`SELECT ... FROM quotes_fts WHERE quotes_fts MATCH 'Uschakow'`).
"""
from __future__ import annotations

import os
import sqlite3
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from .export import TABLES, column_kinds, read_table, table_path, unguard
from .outfolder import umask

DATABASE = "wersagtwas.sqlite"
CHUNK = 5_000
# Natural keys: unique by construction (doc_ids are made unique when read, the other ids derive from them).
PRIMARY_KEYS = {"documents": "doc_id", "mentions": "mention_id", "entities": "entity_id", "quotes": "quote_id"}
INDEXES = {
    "mentions": ("doc_id", "entity_id"),
    "quotes": ("doc_id", "speaker_entity_id"),
    "relations": ("doc_id", "subject_entity_id", "object_entity_id"),
}
FTS = "quotes_fts"


SQL_TYPES = {"int": "INTEGER", "float": "REAL", "str": "TEXT"}


def column_types(record_type: type) -> dict[str, str]:
    """Column -> INTEGER | REAL | TEXT, from the record's annotations (the kinds the Parquet writer uses too)."""
    return {column: SQL_TYPES[kind] for column, kind in column_kinds(record_type).items()}


def schema(name: str, record_type: type) -> str:
    """CREATE TABLE for one output table."""
    key = PRIMARY_KEYS.get(name)
    columns = [f'"{column}" {kind}{" PRIMARY KEY" if column == key else ""}'
               for column, kind in column_types(record_type).items()]
    return f'CREATE TABLE "{name}" ({", ".join(columns)})'


def write_database(out: Path, path: Optional[Path] = None) -> Path:
    """Write the database from the CSV tables in `out` (under a temporary name, then renamed) and return its path."""
    out = Path(out)
    path = Path(path) if path else out / DATABASE
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        connection = sqlite3.connect(tmp, isolation_level=None)
        try:
            _fill(connection, out)
        finally:
            connection.close()
        os.chmod(tmp, 0o666 & ~umask())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
    return path


def _fill(connection: sqlite3.Connection, out: Path) -> None:
    # A fresh file that is thrown away on any failure: no journal and no syncs while it is filled.
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN")
    for name, record_type in TABLES.items():
        connection.execute(schema(name, record_type))
        table = table_path(out, name)
        if table.exists():
            types = column_types(record_type)
            insert = f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(types))})'
            for chunk in _chunks(_typed(read_table(table), types)):
                connection.executemany(insert, chunk)
        for column in INDEXES.get(name, ()):
            connection.execute(f'CREATE INDEX "{name}_{column}" ON "{name}" ("{column}")')
    # External content: the index refers to the quotes table's rows instead of holding a second copy of the text.
    connection.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(quote_id UNINDEXED, quote_text, speaker_canonical, "
                       "content='quotes', content_rowid='rowid')")
    connection.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
    connection.execute("COMMIT")


def _typed(rows: Iterable[dict[str, str]], types: dict[str, str]) -> Iterator[tuple[Any, ...]]:
    """Rows as tuples in column order: numbers as numbers (empty -> NULL), text without the CSV formula guard."""
    for row in rows:
        yield tuple(_value(row.get(column, ""), kind) for column, kind in types.items())


def _value(value: str, kind: str) -> Any:
    value = unguard(value)
    if kind == "TEXT":
        return value
    if value == "":
        return None
    try:
        return int(value) if kind == "INTEGER" else float(value)
    except ValueError:
        return value  # SQLite keeps what it cannot convert; nothing is lost


def _chunks(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    while chunk := list(islice(rows, CHUNK)):
        yield chunk
