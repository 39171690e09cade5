"""The spreadsheet view: outputs/wersagtwas.xlsx, one sheet per table plus "Wer sagt was".

Rows are streamed from the CSV tables into a write-only workbook, so memory stays flat.
Every text cell is stored as text, never as a formula: a quote from the web that starts
with "=" must not run in Excel or LibreOffice. Each sheet prints landscape, one page wide,
with the header row on every page; a row with wrapped text is as high as its longest cell.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import fields
from itertools import chain, islice
from pathlib import Path
from typing import Iterable, Iterator, Optional

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

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
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
# Integers stay in the General format, which shows them as written ("0" would only add a style to
# millions of offset cells and make the workbook a third slower to write).
NUMBER_FORMATS = {"float": "0.00", "date": "YYYY-MM-DD"}
# Row heights for wrapped text, in points. A column width counts "0" digits of the default font, less a
# margin; running German text fits about 1.2 characters per unit in LibreOffice (DejaVu Sans standing in
# for Calibri) and more in Excel, so 1.1 errs towards a row slightly too high: a row too low lets its
# last lines run under the next row in print.
LINE_HEIGHT = 15.0
CHARS_PER_UNIT = 1.1
TOP = Alignment(vertical="top")
MAX_ROW_HEIGHT = 409.0  # the largest row height Excel accepts


def write_workbook(out: Path, path: Optional[Path] = None) -> Path:
    """Write the workbook from the CSV tables in `out` (atomically) and return its path."""
    out = Path(out)
    path = Path(path) if path else out / WORKBOOK
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(SUMMARY_SHEET)
    _fill(summary, SUMMARY_COLUMNS, who_said_what(out), {"date": "date"})
    for name, record_type in TABLES.items():
        table = table_path(out, name)
        if not table.exists():
            log.warning("workbook: %s missing, sheet left out", table)
            continue
        sheet = workbook.create_sheet(name)
        rows = ({k: unguard(v) for k, v in row.items()} for row in read_table(table))
        _fill(sheet, [f.name for f in fields(record_type)], rows, _types(record_type))
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        workbook.save(tmp)
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


def _fill(sheet, columns: list[str], rows: Iterable[dict], kinds: dict[str, str]) -> None:
    """Header, frozen first row, widths from a sample, typed and guarded cells, row heights, print setup, autofilter."""
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    widths: dict[str, float] = {}
    for index, column in enumerate(columns, start=1):
        longest = max([len(column) + 2] + [len(str(row.get(column, ""))) for row in sample])
        width = WRAP_WIDTH if column in WRAPPED and longest > MAX_WIDTH else min(max(longest + 1, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = widths[column] = width
    wrapped = [(c, widths[c]) for c in columns if c in WRAPPED]
    sheet.freeze_panes = "A2"
    _print_setup(sheet)
    sheet.append([_header(sheet, c) for c in columns])
    n = 1
    for row in chain(sample, rows):
        if n >= MAX_ROWS:
            log.warning("workbook: sheet %r stops at %d rows (the spreadsheet limit); the CSV has them all", sheet.title, MAX_ROWS)
            break
        height = row_height(row, wrapped)
        cells = [cell(sheet, row.get(c, ""), kinds.get(c), c in WRAPPED) for c in columns]
        if height:
            # Every cell of a tall row starts at its top, next to the first line of the wrapped text.
            cells = [_top(sheet, c) for c in cells]
            sheet.row_dimensions[n + 1].height = height
        sheet.append(cells)
        if height:
            del sheet.row_dimensions[n + 1]  # written; keep memory flat
        n += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n}"


def _print_setup(sheet) -> None:
    """Landscape, all columns on one page width (as many pages down as needed), the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.4  # inches
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5


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


def _top(sheet, value):
    """A cell of a tall row, aligned to the top (wrapped cells already are)."""
    if value is None:
        return None
    if not isinstance(value, Cell):
        value = WriteOnlyCell(sheet, value=value)
        if isinstance(value.value, str):
            value.data_type = "s"  # text stays text (formula-like text is already a guarded cell)
    if not value.alignment.wrap_text:
        value.alignment = TOP
    return value


def _header(sheet, name: str) -> WriteOnlyCell:
    header = WriteOnlyCell(sheet, value=name)
    header.font = HEADER_FONT
    return header


def cell(sheet, value, kind: Optional[str] = None, wrap: bool = False):
    """A typed cell; text is always text, so "=1+2" or "@cmd" is shown, never evaluated."""
    typed = _typed(value, kind)
    if isinstance(typed, str):
        typed = ILLEGAL_CHARACTERS_RE.sub("", typed)[:MAX_CELL]
    number_format = NUMBER_FORMATS.get(kind or "") if isinstance(typed, (int, float, dt.date)) else None
    plain = not (wrap or number_format or isinstance(typed, str) and typed.startswith(FORMULA_START))
    if plain:
        # A bare value is much faster to stream, and openpyxl keeps it as text unless it starts with "=".
        return typed
    result = WriteOnlyCell(sheet, value=typed)
    if isinstance(typed, str):
        # openpyxl makes any string starting with "=" a formula; force the text type back.
        result.data_type = "s"
        if typed.startswith(FORMULA_START):
            result.quotePrefix = True
    if number_format:
        result.number_format = number_format
    if wrap:
        result.alignment = WRAP
    return result


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
