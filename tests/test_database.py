"""wersagtwas.sqlite from hand-made tables: types, keys, indexes, full-text search and the README's queries."""
import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline import database
from pipeline.cli import app
from pipeline.database import DATABASE, write_database
from pipeline.export import TABLES, Tables, read_table
from pipeline.records import DocumentSummary, Entity, Mention, Quote, Relation, columns

README = Path(__file__).resolve().parents[1] / "README.md"
USCHAKOW, PUTIN, SELENSKI = "E1", "E2", "E3"


def _quote(doc_id, n, text, speaker="", entity="", confidence=0.83, start=None):
    return Quote(doc_id, f"{doc_id}:q{n}", n, "indirect", text, 10 * n, 10 * n + len(text), cue_text="sagte",
                 speaker_text=speaker, speaker_start=start, speaker_end=None if start is None else start + len(speaker),
                 speaker_entity_id=entity, speaker_canonical=speaker, confidence=confidence)


def write_tables(out: Path, dialect: str = "rfc4180", safe: bool = False) -> Path:
    """Three articles over two weeks (one without a date) and a failed document."""
    documents = [
        DocumentSummary("a", "a.txt", "Treffen in Moskau?", "2026-01-28", "ok", "", 100, 5, 3, 2, "m"),
        DocumentSummary("b", "b.txt", "=Gipfel", "2026-01-29T10:30:00+01:00", "ok", "", 100, 5, 2, 2, "m"),
        DocumentSummary("c", "c.txt", "Neue Woche", "2026-02-03", "ok", "", 100, 5, 1, 1, "m"),
        DocumentSummary("d", "d.txt", "Ohne Datum", "", "ok", "", 100, 5, 0, 1, "m"),
        DocumentSummary("x", "x.jsonl:2", "", "", "error", "malformed", 0, 0, 0, 0, ""),
    ]
    quotes = {
        "a": [_quote("a", 1, "ein Treffen sei möglich", "Juri Uschakow", USCHAKOW, 0.943, start=0),
              _quote("a", 2, "Moskau sei bereit für ein Treffen", "Wladimir Putin", PUTIN)],
        "b": [_quote("b", 1, "=1+2 Sicherheitsgarantien zuerst", "Wolodimir Selenski", SELENSKI),
              _quote("b", 2, "das Treffen finde statt", "Juri Uschakow", USCHAKOW, 0.5)],
        "c": [_quote("c", 1, "kein Kommentar zum Treffen", "", "", 0.268)],
        "d": [_quote("d", 1, "Gespräche laufen", "Juri Uschakow", USCHAKOW)],
    }
    entities = [Entity(USCHAKOW, "Juri Uschakow", "PER", ["Uschakow"], 4, 3, ["Berater (Wladimir Putin)"]),
                Entity(PUTIN, "Wladimir Putin", "PER", ["Putin", "Putins"], 2, 1),
                Entity(SELENSKI, "Wolodimir Selenski", "PER", [], 1, 1)]
    with Tables(out, dialect, safe) as tables:
        tables.write("documents", documents)
        tables.write("entities", entities)
        for doc in documents:
            tables.write("quotes", quotes.get(doc.doc_id, []))
            tables.write("mentions", [Mention(doc.doc_id, f"{doc.doc_id}:m{i}", USCHAKOW, "Uschakow", "PER", i, i + 8, 0)
                                      for i in range(2 if doc.doc_id in quotes else 0)])
        tables.write("relations", [Relation("a", "works_for", USCHAKOW, "Juri Uschakow", PUTIN, "Wladimir Putin",
                                            "Putins Berater", 0, 14)])
    return out


def connect(out: Path) -> sqlite3.Connection:
    return sqlite3.connect(out / DATABASE)


@pytest.fixture(params=[("rfc4180", False), ("excel-de", True)], ids=["rfc4180", "excel-de-safe"])
def db(request, tmp_path):
    dialect, safe = request.param
    out = write_tables(tmp_path / "out", dialect, safe)
    assert write_database(out) == out / DATABASE
    connection = connect(out)
    yield connection
    connection.close()


def test_same_tables_and_columns_typed(db):
    for name, record_type in TABLES.items():
        info = db.execute(f'PRAGMA table_info("{name}")').fetchall()
        assert [row[1] for row in info] == columns(record_type)
        kinds = {row[1]: row[2] for row in info}
        assert {kinds[c] for c in kinds} <= {"INTEGER", "REAL", "TEXT"}
    assert db.execute("SELECT typeof(confidence), confidence FROM quotes WHERE quote_id = 'a:q1'").fetchone() == ("real", 0.943)
    assert db.execute("SELECT typeof(quote_start), typeof(speaker_start), typeof(speaker_end) FROM quotes "
                      "WHERE quote_id = 'a:q2'").fetchone() == ("integer", "null", "null")
    assert db.execute("SELECT n_chars, error FROM documents WHERE doc_id = 'x'").fetchone() == (0, "malformed")
    # The same rows as the CSV files, the --excel-safe guard undone.
    assert db.execute("SELECT count(*) FROM mentions").fetchone()[0] == 8
    assert db.execute("SELECT title FROM documents WHERE doc_id = 'b'").fetchone() == ("=Gipfel",)
    assert db.execute("SELECT quote_text FROM quotes WHERE quote_id = 'b:q1'").fetchone() == ("=1+2 Sicherheitsgarantien zuerst",)
    assert db.execute("SELECT aliases FROM entities WHERE entity_id = ?", (PUTIN,)).fetchone() == ("Putin | Putins",)


def test_keys_and_indexes(db):
    keys = {name: [row[1] for row in db.execute(f'PRAGMA table_info("{name}")') if row[5]] for name in TABLES}
    assert keys == {"documents": ["doc_id"], "mentions": ["mention_id"], "entities": ["entity_id"],
                    "quotes": ["quote_id"], "relations": []}
    indexed = {(table, db.execute(f'PRAGMA index_info("{index}")').fetchone()[2])
               for index, table in db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")}
    assert {("mentions", "doc_id"), ("mentions", "entity_id"), ("quotes", "doc_id"), ("quotes", "speaker_entity_id"),
            ("relations", "doc_id")} <= indexed
    plan = db.execute("EXPLAIN QUERY PLAN SELECT * FROM quotes WHERE speaker_entity_id = 'E1'").fetchall()
    assert "USING INDEX quotes_speaker_entity_id" in str(plan)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO quotes (quote_id) VALUES ('a:q1')")


def test_full_text_search_over_quotes(db):
    def search(query):
        return [row[0] for row in db.execute(
            "SELECT q.quote_id FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid "
            "WHERE quotes_fts MATCH ? ORDER BY q.quote_id", (query,))]

    assert search("Treffen") == ["a:q1", "a:q2", "b:q2", "c:q1"]
    assert search("möglich") == ["a:q1"] and search("Sicherheit*") == ["b:q1"]
    assert search("speaker_canonical: Uschakow") == ["a:q1", "b:q2", "d:q1"]
    assert db.execute("SELECT quote_id FROM quotes_fts WHERE quotes_fts MATCH 'Gespräche'").fetchall() == [("d:q1",)]


def readme_queries() -> list[str]:
    section = README.read_text("utf-8").split("### The database:", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_the_readme_queries(db):
    every_quote, quoted_about, per_week = readme_queries()
    assert [row[0] for row in db.execute(every_quote)] == ["", "2026-01-28", "2026-01-29T10:30:00+01:00"]
    assert [row[3] for row in db.execute(every_quote)] == ["Gespräche laufen", "ein Treffen sei möglich",
                                                           "das Treffen finde statt"]
    assert db.execute(quoted_about).fetchall() == [("Juri Uschakow", 2), ("Wladimir Putin", 1)]
    # Wednesday 28 and Thursday 29 January are one week (from Monday 26), Tuesday 3 February the next.
    assert db.execute(per_week).fetchall() == [("2026-01-26", 4), ("2026-02-02", 1)]


def test_pandas_reads_it(db, tmp_path):
    frame = pd.read_sql("SELECT * FROM quotes", db)
    assert frame["confidence"].dtype.kind == "f" and frame["quote_start"].dtype.kind == "i"
    assert len(frame) == 6 and list(frame.columns) == columns(Quote)


def test_written_from_the_csv_tables_of_either_dialect_alike(tmp_path):
    dumps = []
    for dialect in ("rfc4180", "excel-de"):
        out = write_database(write_tables(tmp_path / dialect, dialect)).parent
        assert list(read_table(out / "quotes.csv"))[0]["confidence"] == "0.943"
        with connect(out) as connection:
            dumps.append(list(connection.iterdump()))
    assert dumps[0] == dumps[1]


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    out = write_tables(tmp_path / "out")
    write_database(out)
    before = (out / DATABASE).read_bytes()

    def broken(connection, folder):
        connection.execute("CREATE TABLE half (x)")
        raise RuntimeError("disk full")

    monkeypatch.setattr(database, "_fill", broken)
    with pytest.raises(RuntimeError):
        write_database(out)
    assert (out / DATABASE).read_bytes() == before  # the complete older file stays
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_rows_go_in_in_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(database, "CHUNK", 3)
    sizes = [len(chunk) for chunk in database._chunks(iter([(i,) for i in range(8)]))]
    assert sizes == [3, 3, 2]


def test_extract_writes_the_database_even_without_views(tiny_model, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("date 2026-01-28 Ein Artikel. Er sagte nichts.", "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "--out", str(out), "--model", str(tiny_model),
                                      "--no-views"])
    assert result.exit_code == 0, result.output
    assert not (out / "wersagtwas.xlsx").exists()
    with connect(out) as connection:
        assert connection.execute("SELECT doc_id, date FROM documents").fetchall() == [("a", "2026-01-28")]
    assert DATABASE in (out / "manifest.json").read_text("utf-8")
