"""The spreadsheet view: outputs/wersagtwas.xlsx, one sheet per table plus "Wer sagt was".

Rows are streamed from the tables into XlsxWriter in constant-memory mode (each row goes to disk
when the next one starts), so memory stays flat and no cell is built as an object. Every text cell
is written as text, never as a formula: a quote from the web that starts with "=" must not run in
Excel or LibreOffice (and is marked with a quote prefix, as a typed "'" would be). Each sheet prints
landscape, one page wide, with the header row on every page; a row with wrapped text is as high as
its longest cell.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import fields
from itertools import chain, islice
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Optional

from .corpus import role_label, role_phrases
from .export import FORMULA_START, TABLES, per_document, read_table, table_path, unguard

log = logging.getLogger(__name__)

WORKBOOK = "wersagtwas.xlsx"
SUMMARY_SHEET = "Wer sagt was"
SUMMARY_COLUMNS = ["speaker", "role", "quote", "type", "article", "date"]
MAX_ROWS = 1_048_576  # per sheet, in Excel and LibreOffice
MAX_CELL = 32_767  # characters per cell in Excel
WRAPPED = frozenset({"quote", "quote_text", "evidence_text", "aliases", "roles", "title", "error", "role"})
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH = 8, 40, 70
# Integers stay in the General format, which shows them as written (a format on millions of
# offset cells would only make the file bigger and slower to write).
NUMBER_FORMATS = {"float": "0.00", "date": "YYYY-MM-DD"}
# Row heights for wrapped text, in points. A column width counts "0" digits of the default font, less a
# margin; running German text fits about 1.2 characters per unit in LibreOffice (DejaVu Sans standing in
# for Calibri) and more in Excel, so 1.1 errs towards a row slightly too high: a row too low lets its
# last lines run under the next row in print.
LINE_HEIGHT = 15.0
CHARS_PER_UNIT = 1.1
MAX_ROW_HEIGHT = 409.0  # the largest row height Excel accepts
# Characters XML 1.0 does not allow (and a spreadsheet would refuse the file for).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
# XlsxWriter adds the cell margin (5 pixels of 7 per digit) to a width; the file keeps the width as computed.
WIDTH_PADDING = 5 / 7


class Style(NamedTuple):
    """How a cell is shown: its number format, wrapping, top alignment and the formula guard."""

    number_format: str = ""
    wrap: bool = False
    top: bool = False
    quote_prefix: bool = False
    bold: bool = False


PLAIN = Style()


class _Formats:
    """One XlsxWriter format per distinct Style (a workbook holds few, however many cells use them)."""

    def __init__(self, workbook: Any):
        self.workbook = workbook
        self.made: dict[Style, Any] = {}

    def get(self, style: Style) -> Any:
        if style is PLAIN:
            return None
        if style not in self.made:
            properties: dict[str, Any] = {}
            if style.number_format:
                properties["num_format"] = style.number_format
            if style.wrap:
                properties["text_wrap"] = True
            if style.wrap or style.top:
                properties["valign"] = "top"
            if style.quote_prefix:
                properties["quote_prefix"] = True
            if style.bold:
                properties["bold"] = True
            self.made[style] = self.workbook.add_format(properties)
        return self.made[style]


def write_workbook(out: Path, path: Optional[Path] = None) -> Path:
    """Write the workbook from the tables in `out` (atomically) and return its path."""
    import xlsxwriter

    out = Path(out)
    path = Path(path) if path else out / WORKBOOK
    tmp = path.with_name(f".{path.name}.tmp")
    options = {"constant_memory": True, "tmpdir": str(path.parent),
               # Text stays text: no formulas, links or numbers made from strings.
               "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    try:
        workbook = xlsxwriter.Workbook(str(tmp), options)
        formats = _Formats(workbook)
        _fill(workbook.add_worksheet(SUMMARY_SHEET), formats, SUMMARY_COLUMNS, who_said_what(out), {"date": "date"})
        for name, record_type in TABLES.items():
            table = table_path(out, name)
            if not table.exists():
                log.warning("workbook: %s missing, sheet left out", table)
                continue
            rows = ({k: unguard(v) for k, v in row.items()} for row in read_table(table))
            _fill(workbook.add_worksheet(name), formats, [f.name for f in fields(record_type)], rows, _types(record_type))
        workbook.close()
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def who_said_what(out: Path) -> Iterator[dict]:
    """Rows of the "Wer sagt was" sheet: one per quote, with the speaker's role in that article."""
    documents = read_table(table_path(out, "documents"))
    quotes = read_table(table_path(out, "quotes"))
    relations = read_table(table_path(out, "relations")) if table_path(out, "relations").exists() else iter(())
    for document, (doc_quotes, doc_relations) in per_document(documents, quotes, relations):
        roles = document_roles(doc_relations)
        for quote in doc_quotes:
            yield {
                "speaker": unguard(quote["speaker_canonical"] or quote["speaker_text"]),
                "role": roles.get(quote["speaker_entity_id"], ""),
                "quote": unguard(quote["quote_text"]),
                "type": quote["quote_type"],
                "article": unguard(document["title"] or document["doc_id"]),
                "date": document["date"],
            }


def document_roles(relations: Iterable[dict]) -> dict[str, str]:
    """Entity id -> "Kremlsprecher (Kreml)"-style roles from one document's relation rows."""
    roles: dict[str, list[str]] = {}
    for subject, role, of in role_phrases(relations, dict.__getitem__):
        # No name table here: affiliations read as written in the text.
        label = role_label(unguard(role), tuple(("", unguard(obj)) for _, obj in of), {})
        roles.setdefault(subject, []).append(label)
    return {subject: "; ".join(dict.fromkeys(labels)) for subject, labels in roles.items()}


def _types(record_type: type) -> dict[str, str]:
    """Column -> int | float | date, from the record's annotations (strings under `from __future__`)."""
    kinds = {}
    for f in fields(record_type):
        annotation = str(f.type)
        if f.name == "date":
            kinds[f.name] = "date"
        elif "int" in annotation:
            kinds[f.name] = "int"
        elif "float" in annotation:
            kinds[f.name] = "float"
    return kinds


def _fill(sheet: Any, formats: _Formats, columns: list[str], rows: Iterable[dict], kinds: dict[str, str]) -> None:
    """Header, frozen first row, widths from a sample, typed and guarded cells, row heights, print setup, autofilter."""
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    widths: dict[str, float] = {}
    for index, column in enumerate(columns):
        longest = max([len(column) + 2] + [len(str(row.get(column, ""))) for row in sample])
        width = WRAP_WIDTH if column in WRAPPED and longest > MAX_WIDTH else min(max(longest + 1, MIN_WIDTH), MAX_WIDTH)
        widths[column] = width
        sheet.set_column(index, index, width - WIDTH_PADDING)
    wrapped = [(c, widths[c]) for c in columns if c in WRAPPED]
    sheet.freeze_panes(1, 0)
    _print_setup(sheet)
    header = formats.get(Style(bold=True))
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column, header)
    n = 1
    for row in chain(sample, rows):
        if n >= MAX_ROWS:
            log.warning("workbook: sheet %r stops at %d rows (the spreadsheet limit); the table has them all", sheet.name, MAX_ROWS)
            break
        height = row_height(row, wrapped)
        if height:
            sheet.set_row(n, height)
        for index, column in enumerate(columns):
            value, style = cell(row.get(column, ""), kinds.get(column), column in WRAPPED)
            if height:
                # Every cell of a tall row starts at its top, next to the first line of the wrapped text.
                style = Style(style.number_format, style.wrap, True, style.quote_prefix)
            _write(sheet, n, index, value, formats.get(style))
        n += 1
    sheet.autofilter(0, 0, n - 1, len(columns) - 1)


def _write(sheet: Any, row: int, column: int, value: Any, cell_format: Any) -> None:
    """One cell by its type; strings only ever through write_string, so none becomes a formula."""
    if value is None:
        if cell_format is not None:
            sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, cell_format)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, dt.datetime(value.year, value.month, value.day), cell_format)
    else:
        sheet.write_number(row, column, value, cell_format)


def _print_setup(sheet: Any) -> None:
    """Landscape, all columns on one page width (as many pages down as needed), the header row on every page."""
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)  # inches


def text_lines(text: str, width: float) -> int:
    """How many lines `text` takes wrapped at word boundaries in a column `width` units wide (an estimate)."""
    capacity = max(1, int((width - 1) * CHARS_PER_UNIT))
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > capacity:
                lines += 1
                used = 0
            used = used + 1 + len(word) if used else len(word)
            while used > capacity:  # a word longer than the line breaks anywhere
                lines += 1
                used -= capacity
    return lines


def row_height(row: dict, wrapped: list[tuple[str, float]]) -> Optional[float]:
    """Points for a row whose wrapped cells need more than one line; None for a default-height row."""
    lines = max((text_lines(str(row.get(column) or ""), width) for column, width in wrapped), default=1)
    return min(lines * LINE_HEIGHT, MAX_ROW_HEIGHT) if lines > 1 else None


def cell(value: Any, kind: Optional[str] = None, wrap: bool = False) -> tuple[Any, Style]:
    """A typed value and its style; text is always text, so "=1+2" or "@cmd" is shown, never evaluated."""
    typed = _typed(value, kind)
    if isinstance(typed, str):
        typed = ILLEGAL_CHARACTERS_RE.sub("", typed)[:MAX_CELL]
    number_format = NUMBER_FORMATS.get(kind or "", "") if isinstance(typed, (int, float, dt.date)) else ""
    guarded = isinstance(typed, str) and typed.startswith(FORMULA_START)
    return typed, Style(number_format, wrap, False, guarded) if (number_format or wrap or guarded) else PLAIN


def _typed(value, kind: Optional[str]):
    if not isinstance(value, str) or value == "":
        return value if value != "" else None
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "date":
            return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    return value
