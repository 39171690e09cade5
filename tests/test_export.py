import csv
import dataclasses

import pytest

from pipeline.export import FLOAT_COLUMNS, Tables, TableWriter, excel_safe, read_table
from pipeline.records import Entity, Mention, Quote, as_dict


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


def _quote(confidence=0.83):
    return Quote("d", "d:q1", 0, "direct", "Wir sind bereit, 1.000 Mann zu schicken", 10, 49, cue_text="sagte",
                 speaker_start=0, speaker_end=5, confidence=confidence)


@pytest.mark.parametrize("dialect, cell", [("rfc4180", "0.830"), ("excel-de", "0,830")])
def test_decimal_separator_follows_the_dialect_and_reads_back(tmp_path, dialect, cell):
    with Tables(tmp_path, dialect=dialect) as tables:
        tables.write("quotes", [_quote()])
    delimiter = ";" if dialect == "excel-de" else ","
    with open(tmp_path / "quotes.csv", encoding="utf-8-sig", newline="") as handle:
        raw = next(csv.DictReader(handle, delimiter=delimiter))
    assert raw["confidence"] == cell
    assert raw["quote_text"] == "Wir sind bereit, 1.000 Mann zu schicken"  # text is never touched
    assert raw["speaker_start"] == "0" and raw["quote_end"] == "49"  # integers have no separator to change
    row = next(read_table(tmp_path / "quotes.csv"))
    assert row["confidence"] == "0.830" and float(row["confidence"]) == 0.83
    assert row["quote_text"] == raw["quote_text"]


def test_float_columns_come_from_the_records():
    assert FLOAT_COLUMNS == {"confidence"}


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


@pytest.mark.parametrize("record", [
    Mention(doc_id="d", mention_id="m1", entity_id="E1", text="Putin", label="PER", start=0, end=5, sentence_index=0),
    Quote(doc_id="d", quote_id="q1", sentence_index=0, quote_type="indirect", quote_text="es sei gut", quote_start=0,
          quote_end=10, gap_start=None, speaker_start=12, confidence=0.5),
    Entity(entity_id="E1", canonical_name="Wladimir Putin", label="PER", aliases=["Putin"], roles=["Präsident"]),
])
def test_as_dict_is_asdict_without_shared_lists(record):
    """The checkpoint and the Doc store keep what dataclasses.asdict gave, lists copied, not shared."""
    row = as_dict(record)
    assert row == dataclasses.asdict(record) and list(row) == [f.name for f in dataclasses.fields(record)]
    for name, value in row.items():
        assert not isinstance(value, list) or value is not getattr(record, name)
