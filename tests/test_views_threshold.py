"""Large runs: the workbook and the report are left out above a size, with a one-line note; --format on the CLI."""
import pandas as pd
from typer.testing import CliRunner

from pipeline import cli
from pipeline.cli import app


def _inputs(folder, n):
    folder.mkdir()
    for i in range(n):
        (folder / f"{i}.txt").write_text(f"Artikel {i}. Angela Merkel sagte: „Wir schaffen das {i}.“", "utf-8")
    return folder


def _extract(tmp_path, model, *options):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "--out", str(out), "--model", str(model), *options])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_views_are_left_out_above_the_threshold_with_a_note(tmp_path, tiny_model, monkeypatch):
    monkeypatch.setattr(cli, "VIEWS_MAX_DOCUMENTS", 2)
    _inputs(tmp_path / "in", 3)
    out, output = _extract(tmp_path, tiny_model)
    notes = [line for line in output.splitlines() if line.startswith("note: 3 documents")]
    assert len(notes) == 1 and "--views" in notes[0], output
    assert not (out / "wersagtwas.xlsx").exists() and not (out / "report").exists()
    assert (out / "wersagtwas.sqlite").exists() and (out / "documents.csv").exists()
    # What the note says works: --views writes them whatever the size; --no-views is silent.
    out, output = _extract(tmp_path, tiny_model, "--views")
    assert (out / "wersagtwas.xlsx").exists() and (out / "report" / "index.html").exists() and "note:" not in output
    out, output = _extract(tmp_path, tiny_model, "--no-views")
    assert not (out / "wersagtwas.xlsx").exists() and "note:" not in output


def test_views_are_written_up_to_the_threshold(tmp_path, tiny_model, monkeypatch):
    monkeypatch.setattr(cli, "VIEWS_MAX_DOCUMENTS", 3)
    _inputs(tmp_path / "in", 3)
    out, output = _extract(tmp_path, tiny_model)
    assert (out / "wersagtwas.xlsx").exists() and (out / "report" / "index.html").exists() and "note:" not in output


def test_extract_writes_parquet_beside_or_instead_of_csv(tmp_path, tiny_model):
    _inputs(tmp_path / "in", 3)
    out, _ = _extract(tmp_path, tiny_model, "--format", "csv,parquet", "--no-views")
    documents = pd.read_parquet(out / "documents.parquet")
    assert list(documents["doc_id"]) == list(pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str)["doc_id"])
    assert documents["n_chars"].dtype == "int64" and len(documents) == 3
    out, _ = _extract(tmp_path, tiny_model, "--format", "parquet")
    # Instead of CSV: no CSV table, and the database and views are built from the Parquet tables.
    assert not list(out.glob("*.csv")) and (out / "quotes.parquet").exists()
    assert (out / "wersagtwas.sqlite").exists() and (out / "wersagtwas.xlsx").exists()


def test_export_after_extract_rewrites_the_tables_as_parquet(tmp_path, tiny_model):
    _inputs(tmp_path / "in", 3)
    out, _ = _extract(tmp_path, tiny_model, "--no-views")
    before = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    result = CliRunner().invoke(app, ["export", "--out", str(out), "--format", "parquet", "--no-views"])
    assert result.exit_code == 0, result.output
    assert not list(out.glob("*.csv")) and (out / "wersagtwas.sqlite").exists()
    after = pd.read_parquet(out / "documents.parquet")
    assert list(after["doc_id"]) == list(before["doc_id"]) and list(after["n_chars"]) == [int(n) for n in before["n_chars"]]
    # And back: a Parquet-only run is exported as CSV again, the same rows.
    result = CliRunner().invoke(app, ["export", "--out", str(out), "--format", "csv", "--no-views"])
    assert result.exit_code == 0, result.output
    again = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(again, before)
