"""Stage 5: tables written incrementally, each file appearing atomically when complete.

Every table is a CSV file (`TableWriter`), a Parquet file (`ParquetTableWriter`: typed columns,
written in row groups so memory stays flat) or both (`--format csv,parquet`), with the same
columns in the same order.
"""
from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import fields
from itertools import groupby
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, Optional, Sequence

from .outfolder import umask
from .records import DocumentSummary, Entity, Mention, Quote, Relation, columns, record_fields, to_row

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
FORMATS = ("csv", "parquet")
# Rows per Parquet row group: what a table holds in memory while it is written (a few MB of mentions).
ROW_GROUP = 20_000


def parse_formats(value: str) -> tuple[str, ...]:
    """"csv,parquet" -> ("csv", "parquet"); a ValueError names the choices."""
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise ValueError(f"unknown table format {', '.join(unknown) or repr(value)}; choose from {', '.join(FORMATS)}")
    return chosen


def table_path(out: Path, name: str) -> Path:
    """A run's table by name: the CSV file, or the Parquet file where the run wrote no CSV."""
    csv_path = Path(out) / f"{name}.csv"
    parquet_path = csv_path.with_suffix(".parquet")
    return parquet_path if not csv_path.exists() and parquet_path.exists() else csv_path


def column_kinds(record_type: type) -> dict[str, str]:
    """Column -> int | float | str, from the record's annotations (strings under `from __future__`)."""
    kinds = {}
    for f in fields(record_type):
        annotation = str(f.type)
        kinds[f.name] = "int" if "int" in annotation else "float" if "float" in annotation else "str"
    return kinds


def excel_safe(value):
    """Text that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class AtomicFile:
    """A file written under a temporary name and renamed into place on success."""

    def __init__(self, path: Path, encoding: Optional[str] = "utf-8", newline: Optional[str] = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.fchmod(fd, 0o666 & ~umask())  # mkstemp makes 0600; outputs follow the umask like any file
        # encoding=None: a binary file (Parquet)
        mode = "w" if encoding else "wb"
        self.handle: IO[Any] = os.fdopen(fd, mode, encoding=encoding, newline=newline if encoding else None)

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
        self.fieldnames = columns(record_type)
        self.names = record_fields(record_type)  # None: a field holds records (to_row's deep copy)
        # Lists of cells in column order: csv.DictWriter's per-row dict and key checks cost a fifth of a rerun's table writing.
        self.writer = csv.writer(self.file.handle, **DIALECTS[dialect])
        self.writer.writerow(self.fieldnames)

    def __enter__(self) -> "TableWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.file.__exit__(exc_type, exc, tb)

    def write(self, records: Iterable) -> None:
        """Append records as rows."""
        for record in records:
            if self.names is None:
                row = to_row(record)
                values = [row[name] for name in self.fieldnames]
            else:
                values = [getattr(record, name) for name in self.names]
            self._write_values([" | ".join(v) if isinstance(v, list) else v for v in values])

    def write_rows(self, rows: Iterable[dict[str, str]]) -> None:
        """Append rows read back from a table (`read_table`): the text unguarded, decimals as numbers again."""
        for row in rows:
            # A column this version no longer writes is left out; one it lacks is empty.
            self._write_values([_number(row.get(k, "")) if k in FLOAT_COLUMNS else unguard(row.get(k, ""))
                                for k in self.fieldnames])

    def _write_values(self, values: list[Any]) -> None:
        if self.safe:
            values = [excel_safe(v) for v in values]
        self.writer.writerow([_cell(v, self.decimal) for v in values])

    def write_plain(self, rows: Iterable[dict]) -> None:
        """Append rows of plain text as the corpus pass stages them (rfc4180, no formula guard, "0.830")."""
        floats = [i for i, c in enumerate(self.fieldnames) if c in FLOAT_COLUMNS] if self.decimal != "." else []
        for row in rows:
            values = [row.get(k, "") for k in self.fieldnames]
            if self.safe:
                values = [excel_safe(v) for v in values]
            values = [_cell(v, self.decimal) for v in values]
            for i in floats:  # "0.830" -> "0,830"
                if isinstance(values[i], str):
                    values[i] = values[i].replace(".", self.decimal)
            self.writer.writerow(values)

    def commit(self) -> None:
        """Close the table and move it into place."""
        self.file.commit()

    def discard(self) -> None:
        """Close and delete the partial table."""
        self.file.discard()


class ParquetTableWriter:
    """Streams records of one type into a Parquet table: typed columns, one row group per ROW_GROUP rows.

    Integer and decimal columns are int64 and float64 with null for an empty cell (decimals rounded to
    three places, as in the CSV); text columns are strings as written, "" included, without the CSV
    formula guard (Parquet is read by programs, not spreadsheets).
    """

    def __init__(self, path: Path, record_type: type, row_group: int = ROW_GROUP):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.kinds = column_kinds(record_type)
        arrow = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
        self.schema = pa.schema([(column, arrow[kind]) for column, kind in self.kinds.items()])
        self.file = AtomicFile(path, encoding=None)
        try:
            self.writer = pq.ParquetWriter(self.file.handle, self.schema, compression="zstd")
        except BaseException:
            self.file.discard()
            raise
        self.row_group = row_group
        self.buffer: dict[str, list] = {column: [] for column in self.kinds}
        self.buffered = 0

    def write(self, records: Iterable) -> None:
        """Append records as rows."""
        self.write_plain(to_row(record) for record in records)

    def write_rows(self, rows: Iterable[dict[str, str]]) -> None:
        """Append rows read back from a table (`read_table`): the text without the CSV formula guard."""
        self.write_plain({k: unguard(v) if self.kinds.get(k) == "str" else v for k, v in row.items()} for row in rows)

    def write_plain(self, rows: Iterable[dict]) -> None:
        """Append rows: values as records hold them, or plain text as the corpus pass stages it ("0.830", "")."""
        for row in rows:
            for column, kind in self.kinds.items():
                self.buffer[column].append(_typed(row.get(column), kind))
            self.buffered += 1
            if self.buffered >= self.row_group:
                self._flush()

    def _flush(self) -> None:
        if self.buffered:
            import pyarrow as pa

            self.writer.write_table(pa.Table.from_pydict(self.buffer, schema=self.schema), row_group_size=self.row_group)
            self.buffer = {column: [] for column in self.kinds}
            self.buffered = 0

    def commit(self) -> None:
        """Write the last row group and the footer, and move the table into place."""
        self._flush()
        self.writer.close()
        self.file.commit()

    def discard(self) -> None:
        """Close and delete the partial table."""
        try:
            self.writer.close()
        finally:
            self.file.discard()


def _typed(value: Any, kind: str) -> Any:
    """A cell as its Parquet column holds it (text from a table of this module, or a record's value)."""
    if kind == "str":
        return "" if value is None else str(value)
    if value is None or value == "":
        return None
    if kind == "int":
        return int(value)
    return round(float(value.replace(",", ".") if isinstance(value, str) else value), 3)


def table_writers(out: Path, name: str, formats: Sequence[str] = ("csv",), dialect: str = "rfc4180",
                  safe: bool = False) -> list:
    """One writer per format for table `name` in `out`."""
    record_type = TABLES[name]
    writers: list = []
    try:
        for fmt in formats:
            if fmt == "csv":
                writers.append(TableWriter(Path(out) / f"{name}.csv", record_type, dialect, safe))
            elif fmt == "parquet":
                writers.append(ParquetTableWriter(Path(out) / f"{name}.parquet", record_type))
            else:
                raise ValueError(f"unknown table format {fmt!r}; choose from {', '.join(FORMATS)}")
    except BaseException:
        for writer in writers:
            writer.discard()
        raise
    return writers


def _number(value: str) -> Any:
    """A decimal cell as a float, so it is written in the target dialect; text that is no number stays."""
    try:
        return float(value) if value else value
    except ValueError:
        return value


def rewrite_tables(src: Path, dst: Path, dialect: str = "rfc4180", safe: bool = False,
                   formats: Sequence[str] = ("csv",)) -> Iterator[dict[str, str]]:
    """Copy every table in `src` to `dst` in other formats or another dialect (and --excel-safe or not); yields the documents rows.

    The rows and their order stay as they were: only the file format, separators, decimal marks and formula guards change.
    """
    for name in TABLES:
        source = table_path(src, name)
        if not source.is_file():
            continue
        writers = table_writers(dst, name, formats, dialect, safe)
        try:
            for row in read_table(source):
                for writer in writers:
                    writer.write_rows([row])
                if name == "documents":
                    yield {k: unguard(v) for k, v in row.items()}
        except BaseException:
            for writer in writers:
                writer.discard()
            raise
        for writer in writers:
            writer.commit()


def unguard(value: str) -> str:
    """Undo excel_safe on a cell read back from a --excel-safe CSV."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def decimal_separator(dialect: str) -> str:
    """"," where the field separator is ";" (German spreadsheets read "0,830" as a number), else "."."""
    return "," if DIALECTS[dialect]["delimiter"] == ";" else "."


def read_table(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a table this module wrote, in either dialect (told apart by the header), or a Parquet table.

    Decimal numbers come back with a decimal point whatever the dialect wrote ("0,830" -> "0.830");
    a Parquet table's rows come back as the text its rfc4180 CSV would hold.
    """
    if Path(path).suffix == ".parquet":
        yield from _read_parquet(Path(path))
        return
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


def _read_parquet(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a Parquet table as CSV text, one row group in memory at a time."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches():
        for row in batch.to_pylist():
            yield {k: str(_cell(v)) for k, v in row.items()}


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
    """The output tables (all, or the named ones) in each format, open for the length of a run."""

    def __init__(self, out_dir: Path, dialect: str = "rfc4180", safe: bool = False,
                 names: Optional[Iterable[str]] = None, formats: Sequence[str] = ("csv",)):
        self.writers: dict[str, list] = {}
        try:
            for name in names or TABLES:
                self.writers[name] = table_writers(out_dir, name, formats, dialect, safe)
        except BaseException:
            self.__exit__(RuntimeError, None, None)
            raise

    def write(self, name: str, records: Iterable) -> None:
        """Append records to one table."""
        records = list(records)
        for writer in self.writers[name]:
            writer.write(records)

    def __enter__(self) -> "Tables":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        for writers in self.writers.values():
            for writer in writers:
                writer.discard() if exc_type else writer.commit()
