import csv

import pytest

from pipeline.export import Tables, TableWriter, excel_safe
from pipeline.records import Mention


def _mention(text="Putin"):
    return Mention("d", "d:m1", "E1", text, "PER", 0, len(text), 0)


def test_csv_has_bom_fixed_columns_and_round_trips(tmp_path):
    with Tables(tmp_path) as tables:
        tables.write("mentions", [_mention("Straße „Zitat“, mit Komma")])
    raw = (tmp_path / "mentions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "mentions.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["doc_id", "mention_id", "entity_id", "text", "label", "start", "end", "sentence_index"]
    assert rows[0]["text"] == "Straße „Zitat“, mit Komma"


def test_excel_de_dialect_uses_semicolons(tmp_path):
    with Tables(tmp_path, dialect="excel-de") as tables:
        tables.write("mentions", [_mention()])
    header = (tmp_path / "mentions.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("doc_id;mention_id;")


def test_interrupted_run_leaves_no_partial_table(tmp_path):
    with pytest.raises(RuntimeError):
        with Tables(tmp_path) as tables:
            tables.write("mentions", [_mention()])
            raise RuntimeError("interrupted")
    assert not (tmp_path / "mentions.csv").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_unknown_dialect_says_what_to_choose(tmp_path):
    with pytest.raises(ValueError, match="rfc4180"):
        TableWriter(tmp_path / "x.csv", type(_mention()), dialect="tsv")


@pytest.mark.parametrize("value,expected", [("=1+2", "'=1+2"), ("@x", "'@x"), ("-2", "'-2"), ("ok", "ok"), (3, 3)])
def test_excel_safe(value, expected):
    assert excel_safe(value) == expected
