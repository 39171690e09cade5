import csv
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Optional

import openpyxl
import pytest
from spacy.tokens import Doc

from pipeline.corpus import CorpusTables
from pipeline.entities import extract_entities
from pipeline.export import Tables, read_table, unguard
from pipeline.records import DocumentSummary, Quote
from pipeline.roles import extract_roles
from pipeline.store import clean_path
from pipeline.workbook import LINE_HEIGHT, SUMMARY_SHEET, text_lines, write_workbook

INJECTION = "=1+2 und @SUM(A1)"
MULTILINE = "Die Straße ist groß.\nÜbermorgen «mehr»"
# fmt: off
ARTICLES = [
    ("a", "2026-01-28",
     ["Kremlsprecher", "Dmitri", "Peskow", "sagte", ":", "„", *MULTILINE.replace("\n", " \n ").split(" "), "“", "."],
     {"Dmitri": "B-PER", "Peskow": "I-PER"}, MULTILINE, "Dmitri Peskow"),
    ("b", "2026-01-29",
     ["Donald", "Trump", "schrieb", ":", *INJECTION.split(), ".", "Melania", "Trump", "schwieg", "."],
     {"Donald": "B-PER", "Melania": "B-PER", "Trump": "I-PER"}, INJECTION, "Donald Trump"),
]
# fmt: on


def build_outputs(vocab, out: Path, dialect: str = "rfc4180", safe: bool = False, formats=("csv",)) -> Path:
    """Tables and clean texts of two small articles and one failed document, as `extract` leaves them."""
    with CorpusTables(out, dialect, safe, formats) as tables:
        for doc_id, date, words, ents, quote_text, speaker in ARTICLES:
            spaces = [w != "\n" and nxt != "\n" for w, nxt in zip(words, words[1:] + [""])]
            doc = Doc(vocab, words=words, spaces=spaces, ents=[ents.get(w, "O") for w in words])
            mentions, entities = extract_entities(doc, doc_id)
            start = doc.text.index(quote_text.split("\n")[0])
            end = start + len(quote_text)
            who = next(m for m in mentions if m.text == speaker)
            quote = Quote(doc_id, f"{doc_id}:q1", 0, "direct", doc.text[start:end], start, end, cue_text="sagte",
                          speaker_text=who.text, speaker_start=who.start, speaker_end=who.end,
                          speaker_entity_id=who.entity_id, speaker_canonical=who.text, speaker_resolution="explicit",
                          confidence=0.83)
            clean_path(out, doc_id).parent.mkdir(parents=True, exist_ok=True)
            clean_path(out, doc_id).write_text(doc.text, "utf-8")
            summary = DocumentSummary(doc_id, f"seeds/{doc_id}.txt", f"Artikel {doc_id.upper()}", date, "ok", "",
                                      len(doc.text), 1, len(mentions), 1, "test")
            tables.add(summary, mentions, entities, [quote], extract_roles(doc, doc_id, mentions, entities))
        tables.add(DocumentSummary("broken", "x.jsonl:2", "", "", "error", "malformed", 0, 0, 0, 0, ""), [], [], [], [])
    return out


@pytest.fixture
def outputs(de_vocab, tmp_path):
    return build_outputs(de_vocab, tmp_path / "out")


def test_multiline_quote_fixture_is_real(outputs):
    assert MULTILINE in {row["quote_text"] for row in read_table(outputs / "quotes.csv")}


def test_one_sheet_per_table_plus_who_said_what(outputs):
    book = openpyxl.load_workbook(write_workbook(outputs))
    assert book.sheetnames == [SUMMARY_SHEET, "documents", "mentions", "entities", "quotes", "relations"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(sheet.cell(1, c).font.bold for c in range(1, sheet.max_column + 1))
    summary = book[SUMMARY_SHEET]
    rows = [[c.value for c in row] for row in summary.iter_rows()]
    assert rows[0] == ["speaker", "role", "quote", "type", "article", "date"]
    assert rows[1][:2] == ["Dmitri Peskow", "Kremlsprecher (Kreml)"]
    assert rows[1][4] == "Artikel A" and rows[1][5] == dt.datetime(2026, 1, 28)
    assert summary["C2"].alignment.wrap_text and 8 <= summary.column_dimensions["C"].width <= 70
    assert len(rows) == 3  # the failed document has no quotes and shifts nothing


def test_numbers_are_numbers(outputs):
    book = openpyxl.load_workbook(write_workbook(outputs))
    mentions = book["mentions"]
    header = [c.value for c in mentions[1]]
    assert isinstance(mentions.cell(2, header.index("start") + 1).value, int)
    quotes = book["quotes"]
    header = [c.value for c in quotes[1]]
    assert isinstance(quotes.cell(2, header.index("confidence") + 1).value, float)


def test_print_setup_number_formats_and_row_heights(outputs):
    book = openpyxl.load_workbook(write_workbook(outputs))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        # fitToWidth may be left out: 1 is its default in the file format (ECMA-376 18.3.1.64)
        assert (setup.orientation, setup.fitToWidth or 1, setup.fitToHeight) == ("landscape", 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page
    quotes = book["quotes"]
    header = [c.value for c in quotes[1]]
    confidence = quotes.cell(2, header.index("confidence") + 1)
    assert confidence.value == 0.83 and confidence.number_format == "0.00"
    summary = book[SUMMARY_SHEET]
    # The two-line quote gets two lines of height, every cell of its row starts at the top; the one-line row keeps the default.
    assert summary.row_dimensions[2].height == 2 * LINE_HEIGHT
    assert all(c.alignment.vertical == "top" for c in summary[2])
    assert summary.row_dimensions[3].height is None


@pytest.mark.parametrize("text, width, lines", [
    ("", 70, 1), ("kurz", 10, 1), ("eins\nzwei\ndrei", 70, 3), ("ein Wort " * 20, 30, 6), ("x" * 100, 11, 10),
])
def test_text_lines(text, width, lines):
    assert text_lines(text, width) == lines


@pytest.mark.parametrize("safe", [False, True])
def test_formula_like_cells_are_text(de_vocab, tmp_path, safe):
    out = build_outputs(de_vocab, tmp_path, safe=safe)
    book = openpyxl.load_workbook(write_workbook(out))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value == INJECTION]
    assert len(cells) == 2  # the quotes sheet and "Wer sagt was", without the CSV guard's apostrophe
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_csv_guard_option(de_vocab, tmp_path):
    guarded = {r["quote_text"] for r in read_table(build_outputs(de_vocab, tmp_path / "s", safe=True) / "quotes.csv")}
    plain = {r["quote_text"] for r in read_table(build_outputs(de_vocab, tmp_path / "p") / "quotes.csv")}
    assert "'" + INJECTION in guarded and INJECTION in plain


# LibreOffice: the proof that a real spreadsheet program reads what we write.
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed: run `make setup-views`")
# Filter options: separator, quote char, charset 76 = UTF-8, first line 1, ..., last token -1 = every sheet.
CSV_EXPORT_ALL = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
CSV_IMPORT_SEMICOLON = "Text - txt - csv (StarCalc):59,34,76,1,,0,false,true"


PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) not installed: run `make setup-views`")
# The excel-de CSV as a German user opens it: separator ";", quote '"', charset 76 = UTF-8, from line 1,
# default column types, language 1031 = German (so "0,830" is the number 0.83).
CSV_IMPORT_GERMAN = "CSV:59,34,76,1,,1031"
GERMAN = {"LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"}  # LibreOffice's own locale data: no system locale needed


def _soffice(tmp_path: Path, target: str, files: list[Path], infilter: str = "", env: Optional[dict] = None,
             outdir: str = "converted") -> Path:
    converted = tmp_path / outdir
    command = [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(converted)]
    if infilter:
        command.append(f"--infilter={infilter}")
    env = {**os.environ, "HOME": str(tmp_path), **(env or {})}
    result = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return converted


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@needs_soffice
def test_libreoffice_reads_workbook_and_excel_csv(de_vocab, tmp_path):
    out = build_outputs(de_vocab, tmp_path / "out", dialect="excel-de", safe=True)
    workbook = write_workbook(out)
    converted = _soffice(tmp_path, CSV_EXPORT_ALL, [workbook])
    summary = _csv(converted / f"wersagtwas-{SUMMARY_SHEET}.csv")
    quotes_sheet = _csv(converted / "wersagtwas-quotes.csv")
    # Every row survives, the text round-trips exactly, dates are dates and formulas stay text.
    assert len(summary) == 3 and len(quotes_sheet) == 3
    assert summary[1] == ["Dmitri Peskow", "Kremlsprecher (Kreml)", MULTILINE, "direct", "Artikel A", "2026-01-28"]
    assert summary[2][2] == INJECTION
    header = quotes_sheet[0]
    for got, expected in zip(quotes_sheet[1:], read_table(out / "quotes.csv")):
        assert dict(zip(header, got))["quote_text"] == unguard(expected["quote_text"])
    # The excel-de CSV as LibreOffice reads it: the same cells as Python's csv module reads. Without
    # --excel-safe LibreOffice runs the formula (the control that shows the guard matters).
    plain = build_outputs(de_vocab, tmp_path / "plain", dialect="excel-de")
    shutil.copy(plain / "quotes.csv", out / "plain_quotes.csv")
    csv_dir = _soffice(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76",
                       [out / "quotes.csv", out / "mentions.csv", out / "plain_quotes.csv"], infilter=CSV_IMPORT_SEMICOLON)
    for name, columns in (("quotes", ["quote_text", "speaker_canonical"]), ("mentions", ["text", "entity_id"])):
        ours = list(read_table(out / f"{name}.csv"))
        theirs = _csv(csv_dir / f"{name}.csv")
        assert len(theirs) == len(ours) + 1
        for ours_row, their_row in zip(ours, theirs[1:]):
            cells = dict(zip(theirs[0], their_row))
            assert all(cells[c] == ours_row[c] for c in columns), (cells, ours_row)
    quote_cells = {c for row in _csv(csv_dir / "quotes.csv") for c in row}
    assert MULTILINE in quote_cells and "'" + INJECTION in quote_cells
    assert INJECTION not in {c for row in _csv(csv_dir / "plain_quotes.csv") for c in row}


def _pdf_pages(pdf: Path) -> int:
    """Pages of a PDF that LibreOffice wrote (it writes no compressed object streams)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


def _pdf_text(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext reads it."""
    result = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.split("\f")[:-1]


@needs_soffice
def test_libreoffice_imports_the_german_csv_with_numbers_and_umlauts(de_vocab, tmp_path):
    out = build_outputs(de_vocab, tmp_path / "out", dialect="excel-de")
    assert ";0,830" in (out / "quotes.csv").read_text("utf-8-sig")
    # As a spreadsheet: the confidence is a number, the header has no BOM, umlauts and line breaks survive.
    book = openpyxl.load_workbook(_soffice(tmp_path, "xlsx", [out / "quotes.csv"], CSV_IMPORT_GERMAN, GERMAN, "xlsx")
                                  / "quotes.xlsx")
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    header = rows[0]
    assert header[0] == "doc_id"
    assert [row[header.index("confidence")] for row in rows[1:]] == [0.83, 0.83]
    assert MULTILINE in [row[header.index("quote_text")] for row in rows[1:]]
    # As shown on screen in a German locale (a CSV export keeps the cells as shown).
    shown = _csv(_soffice(tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76", [out / "quotes.csv"], CSV_IMPORT_GERMAN,
                          GERMAN, "shown") / "quotes.csv")
    assert [dict(zip(shown[0], row))["confidence"] for row in shown[1:]] == ["0,83", "0,83"]
    assert not any("Ã" in c or "ï»¿" in c for row in shown for c in row)


@needs_soffice
@needs_pdftotext
def test_libreoffice_prints_the_german_csv(de_vocab, tmp_path):
    out = build_outputs(de_vocab, tmp_path / "out", dialect="excel-de")
    text = "".join(_pdf_text(_soffice(tmp_path, "pdf", [out / "quotes.csv"], CSV_IMPORT_GERMAN, GERMAN) / "quotes.pdf"))
    assert "0,83" in text and "830" not in text
    assert "Straße" in text and "Ã" not in text and "ï»¿" not in text


def _many_quotes(out: Path, n: int = 120) -> Path:
    """A run with many two-line quotes, enough for several printed pages."""
    words = "Wir werden die Gespräche fortsetzen, sobald die Bedingungen stimmen und alle Seiten bereit sind"
    with Tables(out, dialect="excel-de") as tables:
        tables.write("documents", [DocumentSummary("d", "d.txt", "Artikel", "2026-01-28", "ok", "", 9, 1, 0, n, "m")])
        tables.write("quotes", [Quote("d", f"d:q{i}", i, "direct", f"{i}: {words} ({'ü' * (i % 40)})", 0, 9,
                                      speaker_canonical="Juri Uschakow", confidence=0.83) for i in range(n)])
        for name in ("mentions", "entities", "relations"):
            tables.write(name, [])
    return out


@needs_soffice
@needs_pdftotext
def test_libreoffice_prints_the_workbook_one_page_wide_with_headers(tmp_path):
    workbook = write_workbook(_many_quotes(tmp_path / "out"))
    pages = _pdf_text(_soffice(tmp_path, "pdf", [workbook], env=GERMAN) / "wersagtwas.pdf")
    first_lines = [page.strip().split("\n")[0] for page in pages]
    # Each page repeats its sheet's header row; the sheets with rows take a few pages each, not one per column.
    assert set(first_lines) == {"speaker", "doc_id", "entity_id"}, first_lines
    assert 2 <= first_lines.count("speaker") <= 6 and len(pages) <= 16, first_lines
    text = "".join(pages)
    assert "0,83" in text and "Ã" not in text
    for i in (0, 59, 119):  # every quote printed, none hidden under the next row
        assert f"{i}: Wir werden die Gespräche" in text


@needs_soffice
@pytest.mark.model
def test_libreoffice_prints_the_seed_workbook_on_few_pages(nlp, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(Path(__file__).resolve().parents[1] / "seeds"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    pdf = _soffice(tmp_path, "pdf", [out / "wersagtwas.xlsx"], env=GERMAN) / "wersagtwas.pdf"
    pages = _pdf_pages(pdf)
    print(f"seed workbook: {pages} printed pages")  # 26 before the print setup
    assert 6 <= pages <= 10  # six sheets, each one page wide


def test_control_characters_do_not_break_the_workbook(tmp_path):
    from pipeline.workbook import PLAIN, cell

    assert cell("Zitat\x0b mit\x00 Steuerzeichen") == ("Zitat mit Steuerzeichen", PLAIN)
    value, style = cell("-5 Grad", wrap=False)
    assert value == "-5 Grad" and style.quote_prefix
    assert cell("12", "int") == (12, PLAIN)  # General shows integers as they are
    assert cell("0.830", "float")[1].number_format == "0.00" and cell("", "int")[0] is None
    assert cell("kein Datum", "date") == ("kein Datum", PLAIN)
    # In a file: the control characters are gone, and the cell is still text.
    with Tables(tmp_path) as tables:
        tables.write("documents", [DocumentSummary("d", "d.txt", "Titel\x0b mit\x00 Steuerzeichen", "", "ok", "", 1, 1, 0, 0,
                                                   "m")])
    book = openpyxl.load_workbook(write_workbook(tmp_path))
    assert book["documents"]["C2"].value == "Titel mit Steuerzeichen"
