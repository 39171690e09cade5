import json

import pytest

from pipeline.sources import decode, read_documents, survey


def test_seed_date_becomes_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("date 2026-01-28 Titel hier.\n\nText.", encoding="utf-8")
    (doc,) = read_documents([tmp_path])
    assert doc.doc_id == "a"
    assert doc.date == "2026-01-28"
    assert doc.text.startswith("Titel hier.")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Straße".encode("utf-8"), "Straße"),
        ("\ufeffStraße".encode("utf-8"), "Straße"),
        ("Straße „x“".encode("cp1252"), "Straße „x“"),
        ("Straße".encode("latin-1"), "Straße"),
    ],
)
def test_decode_accepts_utf8_bom_and_cp1252(raw, expected):
    assert decode(raw, "x")[0] == expected


def test_bad_inputs_are_recorded_not_raised(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01\x02")
    (tmp_path / "good.txt").write_text("Merkel sagte etwas.", encoding="utf-8")
    docs = {d.doc_id: d for d in read_documents([tmp_path, tmp_path / "missing.txt"])}
    assert docs["empty"].status == "empty"
    assert docs["binary"].status == "error" and "binary" in docs["binary"].error
    assert docs["missing"].status == "error" and "missing.txt" in docs["missing"].error
    assert docs["good"].status == "ok"


def test_jsonl_lines_and_malformed_line(tmp_path):
    path = tmp_path / "bulk.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": "Erster Text.", "title": "T", "date": "2024-01-01", "source": "dpa"}),
        "{not json",
        json.dumps({"id": "x3", "text": "Dritter Text."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs = list(read_documents([path]))
    assert [d.doc_id for d in docs] == ["x1", "bulk-2", "x3"]
    assert docs[0].title == "T" and docs[0].date == "2024-01-01" and docs[0].source == "dpa"
    assert docs[2].source.endswith("bulk.jsonl:3")
    assert docs[1].status == "error" and "bulk.jsonl:2" in docs[1].error
    assert docs[2].status == "ok"


def test_repeated_ids_are_made_unique(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("Eins.", encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text("Zwei.", encoding="utf-8")
    lines = [json.dumps({"id": "a/b", "text": "Drei."}), json.dumps({"id": "a_b", "text": "Vier."}),
             json.dumps({"id": 0, "text": "Fünf."})]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    ids = [d.doc_id for d in read_documents([tmp_path])]
    assert ids == ["x", "x-2", "a/b", "a_b-2", "0"]


def test_binary_data_after_the_first_kilobytes_is_still_binary(tmp_path):
    (tmp_path / "late.txt").write_bytes(b"Text " * 2000 + b"\x00\x01")
    (tmp_path / "noisy.txt").write_bytes(bytes(range(1, 32)) * 20)
    docs = {d.doc_id: d for d in read_documents([tmp_path])}
    assert docs["late"].status == "error" and "binary" in docs["late"].error
    assert docs["noisy"].status == "error" and "binary" in docs["noisy"].error


def test_dangling_link_in_a_folder_is_reported(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (doc,) = read_documents([tmp_path])
    assert doc.status == "error" and "gone.txt" in doc.error


def write_parquet(path, rows: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table(rows), path)


def test_parquet_rows_are_documents_like_jsonl_lines(tmp_path):
    path = tmp_path / "archiv.parquet"
    write_parquet(path, {"id": ["a", "b", None], "text": ["Er sagte das.", "date 2024-05-01 Sie sagte es.", "Drei."],
                         "title": ["Eins", None, None], "extra": [1, 2, 3]})
    docs = list(read_documents([path]))
    assert [(d.doc_id, d.status, d.title, d.date, d.text) for d in docs] == [
        ("a", "ok", "Eins", "", "Er sagte das."), ("b", "ok", "", "2024-05-01", "Sie sagte es."), ("archiv-3", "ok", "", "", "Drei."),
    ]
    assert docs[2].source.endswith("archiv.parquet:row 3")
    assert survey([tmp_path]).documents == 3


def test_bad_parquet_rows_and_files_are_error_rows(tmp_path):
    write_parquet(tmp_path / "a.parquet", {"id": [1, 2, 3], "text": ["Gut.", None, "x" * 50]})
    (tmp_path / "b.parquet").write_bytes(b"PAR1 not really parquet")
    write_parquet(tmp_path / "c.parquet", {"id": ["x"], "body": ["no text column"]})
    write_parquet(tmp_path / "d.parquet", {"id": pa_strings([]), "text": pa_strings([])})
    docs = list(read_documents([tmp_path], max_bytes=20))
    assert [(d.doc_id, d.status) for d in docs] == [
        ("1", "ok"), ("a-2", "error"), ("a-3", "error"), ("b", "error"), ("c-1", "error"), ("d", "empty"),
    ]
    assert "field 'text' must be a string, got null" in docs[1].error and "too large" in docs[2].error
    assert "as Parquet" in docs[3].error and "field 'text' is missing" in docs[4].error


def pa_strings(values: list):
    import pyarrow as pa

    return pa.array(values, type=pa.string())
