"""Reading inputs: .txt files, directories of them, and .jsonl and .parquet bulk files, as a stream.

Any single input that cannot be read becomes one Document with status "error" (or "empty") and a
one-line reason naming it; nothing here raises for a bad input, so one file never costs the others.
"""
from __future__ import annotations

import codecs
import json
import logging
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Optional

from .records import Document, safe_stem

log = logging.getLogger(__name__)

# The seed format: a first line "date YYYY-MM-DD <text…>" carries the date as metadata.
DATE_PREFIX = re.compile(r"^\ufeff?\s*date\s+(\d{4}-\d{2}-\d{2})\s*")

# Largest .txt file or .jsonl line read (bytes): a 2 MB article is ~300 pages; a larger "article"
# is a mistake (a log, a dump, /dev/zero) and would otherwise be read whole into memory.
DEFAULT_MAX_BYTES = 2_000_000
SUFFIXES = frozenset({".txt", ".jsonl", ".parquet"})
# Parquet rows are read in record batches of this many rows, so memory stays bounded for any file.
PARQUET_BATCH_ROWS = 256
PARQUET_FIELDS = ("id", "text", "title", "date", "source")
# Staging folders and temporary files of a run in progress (or killed): never inputs.
STAGING_NAMES = (".wersagtwas-*", ".*.wersagtwas-*")
# An overlong JSONL line is skipped in pieces of this size, so memory stays bounded.
SKIP_CHUNK = 1 << 16

# Checked longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Lone surrogates cannot be written as UTF-8 (UnicodeEncodeError in spaCy or the CSV writer).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# What surrogateescape makes of each byte that is not UTF-8: one character per bad byte.
ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# Everything str.splitlines() breaks on, and other C0 controls: a message must stay one line.
LINE_BREAKING = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")

# O_NONBLOCK: a FIFO that appears between the stat and the open must not hang the run.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def iter_paths(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = (),
               skipped: Optional[Counter[str]] = None) -> Iterator[Path | Document]:
    """Regular files to read, in a reproducible order; every input that cannot be read is an error Document.

    Directories are walked (sorted by name, symlinked directories not followed) for .txt/.jsonl/.parquet files;
    FIFOs, devices, sockets, dangling links, unlistable folders and missing paths become error rows,
    found by stat before anything is opened. Paths resolving inside an `exclude` folder (the output
    folder) and staging entries of a run (".wersagtwas-*", ".*.wersagtwas-*") are not read. Files of
    other types in a folder are counted by suffix in `skipped`.
    """
    excluded = [_real(Path(folder)) for folder in exclude]
    skipped = Counter() if skipped is None else skipped
    for item in inputs:
        path = Path(item)
        folder = _excluded_by(path, excluded)
        if folder is not None:
            # Named explicitly, so not dropped silently: the row tells why nothing was read.
            yield _problem(path, f"not read: {_name(path)} is inside the excluded folder {_name(folder)}")
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            yield _problem(path, f"cannot read {_name(path)}: {_reason(err)}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, excluded, skipped)
        else:
            yield _regular(path)


def _walk(top: Path, excluded: list[Path], skipped: Counter[str]) -> Iterator[Path | Document]:
    """Depth-first, siblings sorted by name: the order of sorted(all paths), without holding them all."""
    stack: list[tuple[Path, bool]] = [(top, True)]  # (path, is a folder to list)
    while stack:
        path, is_folder = stack.pop()
        if not is_folder:
            yield _regular(path)
            continue
        if not os.access(path, os.X_OK):
            # Listable without execute permission, but no file inside could be opened.
            yield _problem(path, f"cannot enter directory {_name(path)}: permission denied")
            continue
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            yield _problem(path, f"cannot list directory {_name(path)}: {_reason(err)}")
            continue
        children: list[tuple[Path, bool]] = []
        for entry in entries:
            if any(fnmatchcase(entry.name, pattern) for pattern in STAGING_NAMES):
                continue
            child = Path(entry.path)
            if _is_folder(entry):
                if _excluded_by(child, excluded) is None:
                    children.append((child, True))
                else:
                    log.debug("skipping %s: inside an excluded folder", child)
            elif child.suffix in SUFFIXES and _excluded_by(child, excluded) is None:  # a link may lead into one
                children.append((child, False))
            elif child.suffix not in SUFFIXES:
                skipped[child.suffix or "(no suffix)"] += 1
        stack.extend(reversed(children))


def _is_folder(entry: os.DirEntry) -> bool:
    """A real directory (links are not followed: no loops, no leaving the input)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False  # the stat before reading reports it


def _regular(path: Path) -> Path | Document:
    """The path if it is (or links to) a regular file, else its error row."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        return _problem(path, f"cannot read {_name(path)}: {_reason(err)}")
    if not stat.S_ISREG(mode):
        return _problem(path, f"not a regular file: {_name(path)} ({_kind(mode)})")
    return path


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, kind in ((stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "directory")):
        if test(mode):
            return kind
    return "regular file" if stat.S_ISREG(mode) else "special file"


def _real(path: Path) -> Path:
    # os.path.realpath, not Path.resolve: it never raises on a symlink loop.
    return Path(os.path.realpath(path))


def _excluded_by(path: Path, excluded: list[Path]) -> Optional[Path]:
    """The excluded folder that `path` resolves into, if any."""
    if not excluded:
        return None
    real = _real(path)
    return next((folder for folder in excluded if real.is_relative_to(folder)), None)


def read_documents(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = (),
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document]:
    """Every input document, bad ones included with status "error" or "empty", ids made unique.

    `exclude`: folders never read (the output folder); `max_bytes`: the largest .txt file or
    .jsonl line read, a larger one is an error row.
    """
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    return unique_ids(_read_all(inputs, tuple(exclude), max_bytes))


@dataclass
class Survey:
    """What the inputs hold, found before reading them: for a progress bar's total and a warning."""

    documents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def survey(inputs: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> Survey:
    """Count documents (JSONL lines counted, not parsed) and the files of other types a walk passes over."""
    found = Survey()
    for item in iter_paths(inputs, exclude, found.skipped):
        if isinstance(item, Path) and item.suffix == ".jsonl":
            found.documents += _count_lines(item)
        elif isinstance(item, Path) and item.suffix == ".parquet":
            found.documents += _count_rows(item)
        else:
            found.documents += 1
    return found


def _count_rows(path: Path) -> int:
    """Rows of a Parquet file from its footer (1 when it cannot be read: its error row)."""
    try:
        import pyarrow.parquet as pq

        return max(pq.ParquetFile(path).metadata.num_rows, 1)
    except Exception:  # any unreadable file is counted as its one error row
        return 1


def _count_lines(path: Path) -> int:
    """Lines of a file, read in blocks: an estimate for a progress bar (blank lines count too)."""
    count, last = 0, b"\n"
    try:
        with _open_regular(path) as handle:
            for block in iter(lambda: handle.read(SKIP_CHUNK), b""):
                count, last = count + block.count(b"\n"), block[-1:]
    except OSError:
        return 1
    return max(count + (last != b"\n"), 1)


def _read_all(inputs: Iterable[str | Path], exclude: tuple[str | Path, ...], max_bytes: int) -> Iterator[Document]:
    for item in iter_paths(inputs, exclude):
        if isinstance(item, Document):
            yield item
        elif item.suffix == ".jsonl":
            yield from read_jsonl(item, max_bytes)
        elif item.suffix == ".parquet":
            yield from read_parquet(item, max_bytes)
        else:
            yield read_text_file(item, max_bytes)


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


def read_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """One .txt article; undecodable, binary, oversized, unreadable or non-regular files become error records."""
    name = _name(path)
    doc = Document(doc_id=_scrub(path.stem)[0] or "_", source=name)
    _warn(doc, _file_name_warnings(path))
    try:
        with _open_regular(path) as handle:
            # st_size first: an oversized file is not read at all; the bounded read still guards
            # files whose size is not known in advance (/proc, network file systems).
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > max_bytes else handle.read(max_bytes + 1)
    except NotRegularFile as err:
        return _failed(doc, f"not a regular file: {name} ({err})")
    except OSError as err:
        return _failed(doc, f"cannot read {name}: {_reason(err)}")
    if size > max_bytes or len(raw) > max_bytes:
        return _failed(doc, _too_large(max_bytes, name))
    try:
        text, warnings = decode(raw, name)
    except ValueError as err:
        return _failed(doc, str(err))
    _warn(doc, warnings)
    return with_text(doc, text)


def read_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document]:
    """One Document per non-blank line; a bad line becomes an error record naming file and line.

    Each line is a JSON object: "text" must be a string; "title", "date" and "source" a string or
    null/absent; "id" a string or an integer (not a bool or float), or null/absent for "<file stem>-<line>".
    Other fields are ignored. Lines longer than `max_bytes` are errors; a file without any line is one
    "empty" record.
    """
    name = _name(path)
    stem = _scrub(path.stem)[0] or "_"
    file_warnings = _file_name_warnings(path)
    try:
        handle = _open_regular(path)
    except NotRegularFile as err:
        yield _warn(_failed(Document(doc_id=stem, source=name), f"not a regular file: {name} ({err})"), file_warnings)
        return
    except OSError as err:
        yield _warn(_failed(Document(doc_id=stem, source=name), f"cannot read {name}: {_reason(err)}"), file_warnings)
        return
    produced, lineno = 0, 0
    with handle:
        while True:
            lineno += 1
            where = f"{name}:{lineno}"
            try:
                raw = handle.readline(max_bytes + 1)
                overlong = len(raw) > max_bytes and not raw.endswith(b"\n")
                if overlong:
                    _skip_line(handle)
            except OSError as err:
                yield _warn(_failed(Document(doc_id=f"{stem}-{lineno}", source=where),
                                    f"cannot read {name} at line {lineno}: {_reason(err)}"), file_warnings)
                return
            if not raw:
                break
            if overlong:
                produced += 1
                yield _warn(_failed(Document(doc_id=f"{stem}-{lineno}", source=where), _too_large(max_bytes, where)),
                            file_warnings)
                continue
            if not raw.strip():
                continue
            produced += 1
            yield _jsonl_document(raw, stem, lineno, where, file_warnings)
    if not produced:
        doc = _warn(Document(doc_id=stem, source=name), file_warnings)
        doc.status, doc.error = "empty", f"no JSONL lines in {name}"
        yield doc


def read_parquet(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document]:
    """One Document per row of a Parquet table with the JSONL fields as columns (id, text, title, date, source).

    Rows are checked like JSONL objects (a row index names a bad one: "file.parquet:row 7"); a text over
    `max_bytes` in UTF-8 is an error row; a file pyarrow cannot read is one error row, and one without
    rows one "empty" record. Record batches are read one at a time, so memory stays bounded.
    """
    name = _name(path)
    stem = _scrub(path.stem)[0] or "_"
    produced = 0
    try:
        import pyarrow.parquet as pq

        table = pq.ParquetFile(path)
        columns = [column for column in PARQUET_FIELDS if column in table.schema_arrow.names]
        for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            for row in batch.to_pylist():
                produced += 1
                yield _parquet_document(row, stem, produced, f"{name}:row {produced}", max_bytes)
    except Exception as err:  # pyarrow raises its own error types for a damaged or foreign file
        yield _failed(Document(doc_id=f"{stem}-{produced + 1}" if produced else stem, source=name),
                      f"cannot read {name} as Parquet{f' after row {produced}' if produced else ''}: {err}")
        return
    if not produced:
        yield Document(doc_id=stem, source=name, status="empty", error=f"no rows in {name}")


def _parquet_document(row: dict, stem: str, number: int, where: str, max_bytes: int) -> Document:
    """The Document of one Parquet row, or its error row."""
    failed = Document(doc_id=f"{stem}-{number}", source=where)
    problem = _field_problem(row, where)
    if problem:
        return _failed(failed, problem)
    if len(row["text"].encode("utf-8", "surrogatepass")) > max_bytes:
        return _failed(failed, _too_large(max_bytes, where))
    fields = {key: _scrub("" if row.get(key) is None else str(row[key]))[0] for key in PARQUET_FIELDS}
    doc = Document(doc_id=fields["id"] or f"{stem}-{number}", source=fields["source"] or where,
                   title=fields["title"], date=fields["date"])
    return with_text(doc, fields["text"], where)


def _skip_line(handle: BinaryIO) -> None:
    """Read past the rest of an overlong line, a bounded piece at a time."""
    while True:
        piece = handle.readline(SKIP_CHUNK)
        if not piece or piece.endswith(b"\n"):
            return


def _jsonl_document(raw: bytes, stem: str, lineno: int, where: str, file_warnings: list[str]) -> Document:
    """The Document of one JSONL line, or its error row."""
    failed = Document(doc_id=f"{stem}-{lineno}", source=where)
    _warn(failed, file_warnings)
    try:
        line, warnings = decode(raw, where)
        record = json.loads(line)
    except ValueError as err:  # json.JSONDecodeError is a ValueError
        return _failed(failed, f"malformed JSONL line {where}: {err}")
    if not isinstance(record, dict):
        return _failed(failed, f"expected a JSON object, got {_type_name(record)} ({where})")
    problem = _field_problem(record, where)
    if problem:
        return _failed(failed, problem)
    # Validated above: each value is a string or None ("id" may also be an integer).
    fields: dict[str, str] = {}
    scrubbed: list[str] = []
    for key in ("id", "text", "title", "date", "source"):
        value = record.get(key)
        fields[key], n = _scrub("" if value is None else str(value))
        if n:
            scrubbed.append(repr(key))
    if scrubbed:
        warnings.append(f"lone surrogates replaced by U+FFFD in {', '.join(scrubbed)} ({where})")
    doc = Document(
        doc_id=fields["id"] or f"{stem}-{lineno}",
        source=fields["source"] or where,
        title=fields["title"],
        date=fields["date"],
    )
    _warn(doc, file_warnings + warnings)
    return with_text(doc, fields["text"], where)  # the row's source may be the record's own


def _field_problem(record: dict, where: str) -> str:
    """Why a JSONL object's fields are unusable, or "" when they are fine."""
    if "text" not in record:
        return f"field 'text' is missing ({where})"
    if not isinstance(record["text"], str):
        return f"field 'text' must be a string, got {_type_name(record['text'])} ({where})"
    for key in ("title", "date", "source"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"field {key!r} must be a string or null, got {_type_name(record[key])} ({where})"
    doc_id = record.get("id")
    if doc_id is not None and (isinstance(doc_id, bool) or not isinstance(doc_id, (str, int))):
        return f"field 'id' must be a string or an integer, got {_type_name(doc_id)} ({where})"
    return ""


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and value != value:
        return "NaN"
    return type(value).__name__


def decode(raw: bytes, name: str) -> tuple[str, list[str]]:
    """The text of `raw` and warnings about its decoding; raises ValueError for binary data.

    UTF-16/32 with a BOM; UTF-8 (with or without BOM); UTF-8 with a few bad bytes (fewer than its valid
    multibyte characters, or at most 1 per 1000 bytes) replaced by U+FFFD; otherwise cp1252.
    """
    for bom, codec in BOMS:  # before the NUL test: UTF-16 text is full of NUL bytes
        if raw.startswith(bom):
            return _decode_wide(raw, codec, name)
    if b"\x00" in raw:
        raise ValueError(f"binary file, not text: {name}")
    try:
        raw.decode("utf-8")  # not utf-8-sig: its error positions do not count the BOM
    except UnicodeDecodeError as err:
        first_bad = err.start
    else:
        return _text_only(raw.decode("utf-8-sig"), name), []
    escaped = raw.decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    text, bad = ESCAPED_BYTE.subn("\ufffd", escaped)
    # Non-ASCII characters that decoded fine: evidence that the file really is UTF-8.
    multibyte = len(escaped) - len(escaped.encode("ascii", "ignore")) - bad
    if multibyte > bad or bad * 1000 <= len(raw):
        return _text_only(text, name), [f"{bad} undecodable bytes replaced (first at byte {first_bad}) in {name}"]
    try:
        text = _text_only(raw.decode("cp1252"), name)
    except UnicodeDecodeError as err:
        raise ValueError(f"not UTF-8 or cp1252 text: {name} ({err.reason} at byte {err.start})") from None
    return text, [f"decoded as cp1252, not UTF-8: {name}"]


def _decode_wide(raw: bytes, codec: str, name: str) -> tuple[str, list[str]]:
    """UTF-16 or UTF-32 text (the codec reads the BOM for the byte order and drops it)."""
    try:
        return _text_only(raw.decode(codec), name), []
    except UnicodeDecodeError as err:
        text = _text_only(raw.decode(codec, "replace"), name)
        return text, [f"invalid {codec.upper()} data replaced by U+FFFD (first at byte {err.start}) in {name}"]


# C0 controls but line breaks, tab and form feed; DEL and the C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _text_only(text: str, name: str) -> str:
    """Refuse text full of control characters: cp1252 decodes nearly any bytes."""
    controls = len(CONTROL.findall(text))
    if controls > max(2, len(text) // 100):
        raise ValueError(f"binary file, not text: {name} ({controls} control characters)")
    return text


def with_text(doc: Document, text: str, where: str = "") -> Document:
    """Attach the text, moving a leading "date YYYY-MM-DD" into the metadata; `where` names an empty one."""
    match = DATE_PREFIX.match(text)
    if match:
        doc.date = doc.date or match.group(1)
        text = text[match.end():]
    doc.text = text
    if not text.strip():
        doc.status, doc.error = "empty", _one_line(f"no text in {where or doc.source}")
    return doc


class NotRegularFile(OSError):
    """Opened, but not a regular file (it changed after the stat); the message is its kind."""


def _open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading, never blocking on a FIFO and never reading a device."""
    fd = os.open(path, OPEN_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(_kind(mode))
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _too_large(max_bytes: int, where: str) -> str:
    return f"too large: more than {max_bytes} bytes ({where}); raise --max-bytes or split it"


def _scrub(value: str) -> tuple[str, int]:
    """`value` with lone surrogates replaced by U+FFFD, and how many there were."""
    return LONE_SURROGATE.subn("\ufffd", value)


def _name(path: Path) -> str:
    """A path as text that can be written anywhere: undecodable bytes of a file name become U+FFFD."""
    return _scrub(str(path))[0]


def _file_name_warnings(path: Path) -> list[str]:
    if _scrub(str(path))[1]:
        return [f"file name is not valid UTF-8, shown with U+FFFD: {_name(path)}"]
    return []


def _reason(err: OSError) -> str:
    return err.strerror or str(err)


def _one_line(message: str) -> str:
    """A message that stays one line in any table or log: line breaks and controls are escaped."""
    return LINE_BREAKING.sub(lambda m: ascii(m.group())[1:-1], message)


def _problem(path: Path, reason: str) -> Document:
    """The error row of an input that is not read at all."""
    doc = Document(doc_id=_scrub(path.stem or path.name)[0] or "_", source=_name(path))
    return _failed(_warn(doc, _file_name_warnings(path)), reason)


def _warn(doc: Document, warnings: list[str]) -> Document:
    """Add warnings to a document's row (joined with "; ") and the log."""
    for warning in warnings:
        warning = _one_line(warning)
        log.warning("%s", warning)
        doc.warnings = f"{doc.warnings}; {warning}" if doc.warnings else warning
    return doc


def _failed(doc: Document, reason: str) -> Document:
    doc.status, doc.error = "error", _one_line(reason)
    return doc
