"""Stage 5: tables written incrementally, each file appearing atomically when complete."""
from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import fields
from itertools import groupby
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional

from .outfolder import umask
from .records import DocumentSummary, Entity, Mention, Quote, Relation, columns, to_row

DIALECTS: dict[str, dict[str, Any]] = {
    # RFC 4180: comma, CRLF, double quotes; what most tools read.
    "rfc4180": {"delimiter": ",", "quotechar": '"', "lineterminator": "\r\n", "quoting": csv.QUOTE_MINIMAL},
    # German Excel expects semicolons because the comma is the decimal separator.
    "excel-de": {"delimiter": ";", "quotechar": '"', "lineterminator": "\r\n", "quoting": csv.QUOTE_MINIMAL},
}
TABLES = {
    "documents": DocumentSummary,
    "mentions": Mention,
    "entities": Entity,
    "quotes": Quote,
    "relations": Relation,
}
# Columns holding decimal numbers (written "%.3f"; with a decimal comma in excel-de).
FLOAT_COLUMNS = frozenset(f.name for record_type in TABLES.values() for f in fields(record_type) if "float" in str(f.type))
# A spreadsheet treats cells starting with these as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value):
    """Text that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class AtomicFile:
    """A file written under a temporary name and renamed into place on success."""

    def __init__(self, path: Path, encoding: str = "utf-8", newline: Optional[str] = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.fchmod(fd, 0o666 & ~umask())  # mkstemp makes 0600; outputs follow the umask like any file
        self.handle: IO[str] = os.fdopen(fd, "w", encoding=encoding, newline=newline)

    def commit(self) -> None:
        """Close and move into place."""
        self.handle.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        """Close and delete the partial file; any older complete file stays."""
        self.handle.close()
        Path(self.tmp).unlink(missing_ok=True)

    def __enter__(self) -> "AtomicFile":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.discard() if exc_type else self.commit()


def write_text(path: Path, text: str) -> None:
    """Write a whole text file atomically."""
    with AtomicFile(path) as out:
        out.handle.write(text)


class TableWriter:
    """Streams records of one type into a CSV table (UTF-8 with BOM, for spreadsheets)."""

    def __init__(self, path: Path, record_type: type, dialect: str = "rfc4180", safe: bool = False):
        if dialect not in DIALECTS:
            raise ValueError(f"unknown CSV dialect {dialect!r}; choose one of {', '.join(DIALECTS)}")
        self.file = AtomicFile(path, encoding="utf-8-sig", newline="")
        self.safe = safe
        self.decimal = decimal_separator(dialect)
        self.writer = csv.DictWriter(self.file.handle, fieldnames=columns(record_type), **DIALECTS[dialect])
        self.writer.writeheader()

    def __enter__(self) -> "TableWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.file.__exit__(exc_type, exc, tb)

    def write(self, records: Iterable) -> None:
        """Append records as rows."""
        for record in records:
            self._write_row(to_row(record))

    def write_rows(self, rows: Iterable[dict[str, str]]) -> None:
        """Append rows read back from a table (`read_table`): the text unguarded, decimals as numbers again."""
        for row in rows:
            # A column this version no longer writes is left out (DictWriter refuses unknown keys).
            self._write_row({k: _number(v) if k in FLOAT_COLUMNS else unguard(v) for k, v in row.items()
                             if k in self.writer.fieldnames})

    def _write_row(self, row: dict[str, Any]) -> None:
        if self.safe:
            row = {k: excel_safe(v) for k, v in row.items()}
        self.writer.writerow({k: _cell(v, self.decimal) for k, v in row.items()})


def _number(value: str) -> Any:
    """A decimal cell as a float, so it is written in the target dialect; text that is no number stays."""
    try:
        return float(value) if value else value
    except ValueError:
        return value


def rewrite_tables(src: Path, dst: Path, dialect: str = "rfc4180", safe: bool = False) -> Iterator[dict[str, str]]:
    """Copy every table in `src` to `dst` in another dialect (and --excel-safe or not); yields the documents rows.

    The rows and their order stay as they were: only the separators, decimal marks and formula guards change.
    """
    for name, record_type in TABLES.items():
        source = Path(src) / f"{name}.csv"
        if not source.is_file():
            continue
        with TableWriter(Path(dst) / f"{name}.csv", record_type, dialect, safe) as table:
            for row in read_table(source):
                table.write_rows([row])
                if name == "documents":
                    yield {k: unguard(v) for k, v in row.items()}


def unguard(value: str) -> str:
    """Undo excel_safe on a cell read back from a --excel-safe CSV."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def decimal_separator(dialect: str) -> str:
    """"," where the field separator is ";" (German spreadsheets read "0,830" as a number), else "."."""
    return "," if DIALECTS[dialect]["delimiter"] == ";" else "."


def read_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a table this module wrote, in either dialect (told apart by the header).

    Decimal numbers come back with a decimal point whatever the dialect wrote ("0,830" -> "0.830").
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
        handle.seek(0)
        delimiter = ";" if header.count(";") > header.count(",") else ","
        rows = csv.DictReader(handle, delimiter=delimiter, quotechar='"')
        decimals = [c for c in rows.fieldnames or () if c in FLOAT_COLUMNS] if delimiter == ";" else []
        if not decimals:
            yield from rows
            return
        for row in rows:
            for column in decimals:
                if row[column]:
                    row[column] = row[column].replace(",", ".")
            yield row


def per_document(documents: Iterable[dict], *tables: Iterable[dict]) -> Iterator[tuple[dict, list[list[dict]]]]:
    """Each documents.csv row with its rows from other tables (a merge join: one document in memory at a time).

    All tables are written in document order, so the rows of a document are consecutive.
    """
    streams = [_Peek(groupby(table, key=lambda row: row["doc_id"])) for table in tables]
    for document in documents:
        yield document, [stream.take(document["doc_id"]) for stream in streams]


class _Peek:
    def __init__(self, groups: Iterator):
        self.groups = groups
        self.head = next(groups, None)

    def take(self, doc_id: str) -> list[dict]:
        if self.head is None or self.head[0] != doc_id:
            return []
        rows = list(self.head[1])
        self.head = next(self.groups, None)
        return rows


def _cell(value, decimal: str = "."):
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.3f}"
        return text.replace(".", decimal) if decimal != "." else text
    return value


class Tables:
    """The output tables (all, or the named ones), open for the length of a run."""

    def __init__(self, out_dir: Path, dialect: str = "rfc4180", safe: bool = False,
                 names: Optional[Iterable[str]] = None):
        self.writers = {name: TableWriter(Path(out_dir) / f"{name}.csv", TABLES[name], dialect, safe)
                        for name in (names or TABLES)}

    def write(self, name: str, records: Iterable) -> None:
        """Append records to one table."""
        self.writers[name].write(records)

    def __enter__(self) -> "Tables":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        for writer in self.writers.values():
            writer.file.__exit__(exc_type, exc, tb)
