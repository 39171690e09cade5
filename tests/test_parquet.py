"""Parquet tables (`--format csv,parquet`): the same columns and values as the CSV tables, typed, written in row groups."""
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline import views
from pipeline.cli import app
from pipeline.database import write_database
from pipeline.export import TABLES, ParquetTableWriter, parse_formats, read_table, table_path
from pipeline.outfolder import dropped
from pipeline.records import Quote, columns
from pipeline.workbook import write_workbook
from test_workbook import INJECTION, MULTILINE, build_outputs


@pytest.mark.parametrize("dialect, safe", [("rfc4180", False), ("excel-de", True)])
def test_parquet_holds_what_the_csv_holds(de_vocab, tmp_path, dialect, safe):
    out = build_outputs(de_vocab, tmp_path / "out", dialect, safe, formats=("csv", "parquet"))
    for name, record_type in TABLES.items():
        from_csv = views.read_table(out / f"{name}.csv")  # dialect, decimal comma and formula guard undone
        from_parquet = pd.read_parquet(out / f"{name}.parquet")
        assert list(from_parquet.columns) == columns(record_type), name
        pd.testing.assert_frame_equal(from_parquet, from_csv, check_dtype=False)
        assert len(from_parquet) == sum(1 for _ in read_table(out / f"{name}.csv")), name
    quotes = pd.read_parquet(out / "quotes.parquet")
    # The text as written: the CSV guard (an apostrophe) is for spreadsheets, not for Parquet readers.
    assert {INJECTION, MULTILINE} <= set(quotes["quote_text"])
    assert len(pd.read_parquet(out / "documents.parquet")) == 3  # the failed document is a row too


def test_parquet_columns_are_typed_and_empty_numbers_are_null(tmp_path):
    quotes = [Quote("d", "d:q1", 0, "direct", "Wir sind bereit", 10, 25, speaker_text="Putin", speaker_start=0,
                    speaker_end=5, confidence=0.8333),
              Quote("d", "d:q2", 1, "reported", "", 30, 40)]
    writer = ParquetTableWriter(tmp_path / "quotes.parquet", Quote)
    writer.write(quotes)
    writer.commit()
    table = pq.read_table(tmp_path / "quotes.parquet")
    assert table.schema.field("quote_start").type == pa.int64()
    assert table.schema.field("confidence").type == pa.float64()
    assert table.schema.field("quote_text").type == pa.string()
    rows = table.to_pylist()
    assert rows[0]["speaker_start"] == 0 and rows[1]["speaker_start"] is None  # None -> null, 0 stays 0
    assert rows[0]["confidence"] == 0.833  # three places, as in the CSV
    assert rows[1]["quote_text"] == "" and rows[1]["speaker_text"] == ""  # empty text stays empty text


def test_parquet_is_written_in_row_groups_and_atomically(tmp_path):
    mention = TABLES["mentions"]
    writer = ParquetTableWriter(tmp_path / "mentions.parquet", mention, row_group=10)
    writer.write(mention("d", f"d:m{i}", "E1", "Putin", "PER", i, i + 5, 0) for i in range(35))
    assert writer.buffered == 5  # three full row groups are on disk, not in memory
    assert not (tmp_path / "mentions.parquet").exists()  # nothing appears before the table is complete
    writer.commit()
    parquet = pq.ParquetFile(tmp_path / "mentions.parquet")
    assert parquet.metadata.num_row_groups == 4 and parquet.metadata.num_rows == 35
    broken = ParquetTableWriter(tmp_path / "broken.parquet", mention)
    broken.write([mention("d", "d:m1", "E1", "Putin", "PER", 0, 5, 0)])
    broken.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mentions.parquet"]


def test_parquet_only_run_feeds_the_database_and_the_workbook(de_vocab, tmp_path):
    both = build_outputs(de_vocab, tmp_path / "both", formats=("csv", "parquet"))
    only = build_outputs(de_vocab, tmp_path / "only", formats=("parquet",))
    assert not list(only.glob("*.csv")) and table_path(only, "quotes") == only / "quotes.parquet"
    for name in TABLES:
        assert list(read_table(only / f"{name}.parquet")) == list(read_table(both / f"{name}.csv")), name
    import sqlite3

    counts = []
    for out in (both, only):
        connection = sqlite3.connect(write_database(out))
        counts.append([connection.execute(f'SELECT COUNT(*), SUM(LENGTH("{columns(TABLES[n])[1]}")) FROM "{n}"').fetchone()
                       for n in TABLES])
        connection.close()
    assert counts[0] == counts[1] and counts[0][0][0] == 3
    assert write_workbook(only).stat().st_size > 0


def test_format_option(tmp_path):
    assert parse_formats("csv, parquet,csv") == ("csv", "parquet")
    with pytest.raises(ValueError, match="csv, parquet"):
        parse_formats("xml")
    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path), "--format", "csv,xml"])
    assert result.exit_code == 2 and "csv, parquet" in result.output
    # A later export replaces the Parquet tables of an earlier run, as it replaces the CSV tables.
    assert {"mentions.parquet", "mentions.csv"} <= dropped("export")
