import json
import logging
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.export import TABLES, read_table, unguard


def test_stage_out_of_order_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "run the previous stage first" in result.output
    assert "Traceback" not in result.output


def test_unknown_csv_dialect_is_refused_before_work(tmp_path):
    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path), "--csv-dialect", "tsv"])
    assert result.exit_code == 2
    assert "rfc4180" in result.output


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for command in (["extract"], ["clean"], ["annotate"], ["entities"], ["quotes"], ["export"],
                    ["evaluate", "ner"], ["evaluate", "syntax"], ["evaluate", "quotes"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, command


COMMANDS = (["extract"], ["clean"], ["annotate"], ["entities"], ["quotes"], ["export"], ["entities-report"],
            ["evaluate", "ner"], ["evaluate", "syntax"], ["evaluate", "quotes"])


def test_help_shows_no_types_on_flags_and_plain_argument_names():
    runner = CliRunner()
    for command in [[], ["evaluate"], *COMMANDS]:
        result = runner.invoke(app, [*command, "--help"], terminal_width=160)
        assert result.exit_code == 0, command
        assert "<bool>" not in result.output and "{" not in result.output, (command, result.output)
        assert "--verbose" in result.output or command == ["evaluate"], command
    usage = runner.invoke(app, ["extract", "--help"], terminal_width=160).output
    assert "Usage: wersagtwas extract [OPTIONS] INPUTS..." in " ".join(usage.split()).replace("root ", "wersagtwas ")


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_before_or_after_the_command(tmp_path, where):
    root = logging.getLogger()
    level = root.level
    args = ["entities-report", "--out", str(tmp_path)]
    try:
        root.setLevel(logging.WARNING)
        result = CliRunner().invoke(app, ["-v", *args] if where == "before" else [*args, "-v"])
        assert "No such option" not in result.output and result.exit_code == 2  # no entities.csv: a usage error
        assert root.level == logging.DEBUG
    finally:
        root.setLevel(level)


def _tables(out: Path) -> dict[str, list[dict[str, str]]]:
    """Every table's rows as read back, without the --excel-safe guard."""
    return {name: [{k: unguard(v) for k, v in row.items()} for row in read_table(out / f"{name}.csv")] for name in TABLES}


def test_export_after_extract_rewrites_the_tables_in_another_dialect(de_vocab, tmp_path):
    from test_workbook import build_outputs

    original = build_outputs(de_vocab, tmp_path / "original")
    out = shutil.copytree(original, tmp_path / "run")
    result = CliRunner().invoke(app, ["export", "--out", str(out), "--csv-dialect", "excel-de", "--excel-safe", "--no-views"])
    assert result.exit_code == 1, result.output  # the fixture's failed document still counts as failed
    assert "2 documents ok, 1 failed" in result.output
    text = (out / "quotes.csv").read_text("utf-8-sig")
    assert text.startswith("doc_id;quote_id;") and text.count(";0,830\n") == 2 and "0.830" not in text
    assert ";'=1+2 und" in text  # --excel-safe guards the formula-like quote
    assert _tables(out) == _tables(original)
    assert json.loads((out / "manifest.json").read_text("utf-8"))["command"] == "export"
    with sqlite3.connect(out / "wersagtwas.sqlite") as db:
        assert db.execute("SELECT count(*), max(confidence) FROM quotes").fetchone() == (2, 0.83)
    # ... and back: the same bytes as the first run wrote
    result = CliRunner().invoke(app, ["export", "--out", str(out), "--no-views"])
    for name in TABLES:
        assert (out / f"{name}.csv").read_bytes() == (original / f"{name}.csv").read_bytes(), name


def test_export_after_a_real_extract(tiny_model, tmp_path):
    out = tmp_path / "run1"
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    done = CliRunner().invoke(app, ["extract", str(seeds), "--out", str(out), "--model", str(tiny_model), "--no-views"])
    assert done.exit_code == 0, done.output
    before = _tables(out)
    done = CliRunner().invoke(app, ["export", "--out", str(out), "--csv-dialect", "excel-de", "--no-views"])
    assert done.exit_code == 0, done.output
    assert (out / "documents.csv").read_text("utf-8-sig").startswith("doc_id;source;title;")
    assert _tables(out) == before and (out / "clean").is_dir()
