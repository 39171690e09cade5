"""Fault injection on whole runs: kills at each commit point, concurrent runs, a full disk, exit codes.

Runs use a blank German pipeline (the `tiny_model` fixture), so the suite needs no trained model.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.outfolder import FAULT_ENV, Run, checksum
from pipeline.store import CleanTextReader

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ("Berlin. Die Ministerin sagte am Montag, man werde die Pläne prüfen.\n\n"
           "„Wir lassen uns nicht drängen“, sagte sie. Artikel {n} von {tag}.\n")


def _inputs(folder: Path, n: int, tag: str = "a") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{tag}{i}.txt").write_text(ARTICLE.format(n=i, tag=tag), encoding="utf-8")
    return folder


def _extract(model: Path, inputs, out: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pipeline", "extract", *map(str, inputs), "--out", str(out),
               "--model", str(model), *options]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _comparable(folder: Path) -> dict:
    """Every file byte for byte, except the manifest's times and the workbook's zip dates (compared by cell)."""
    files = _snapshot(folder)
    files.pop("manifest.json")
    book = load_workbook(folder / "wersagtwas.xlsx", read_only=True)
    files["wersagtwas.xlsx"] = {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book}
    book.close()
    return files


def _complete(folder: Path) -> None:
    """The folder is one whole run: exactly the files its manifest lists, with their checksums."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {k for k in _snapshot(folder) if k != "manifest.json"}
    assert on_disk == set(manifest["files"])
    for name, entry in manifest["files"].items():
        assert checksum(folder / name) == entry["sha256"], name


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.wersagtwas-")
                  and not p.name.endswith(("-lock", "-checkpoint.sqlite")))


@pytest.mark.parametrize("point", ["documents", "tables", "before_manifest", "before_swap", "after_swap"])
def test_a_kill_at_any_point_leaves_a_complete_run_and_the_rerun_matches(tmp_path, tiny_model, point):
    out = tmp_path / "out"
    first, second = _inputs(tmp_path / "first", 3, "a"), _inputs(tmp_path / "second", 2, "b")
    assert _extract(tiny_model, [first], out).returncode == 0
    before = _snapshot(out)

    killed = _extract(tiny_model, [second], out, env={FAULT_ENV: point})
    assert killed.returncode == -9, killed.stderr
    _complete(out)
    if point == "after_swap":
        texts = _snapshot(out)["clean/texts.jsonl"].decode("utf-8")
        assert '"doc_id": "b0"' in texts and '"doc_id": "a0"' not in texts
    else:
        assert _snapshot(out) == before

    assert _extract(tiny_model, [second], out).returncode == 0
    assert _leftovers(out) == []
    reference = tmp_path / "reference"
    assert _extract(tiny_model, [second], reference).returncode == 0
    assert _comparable(out) == _comparable(reference)


def test_sigterm_unwinds_the_run_and_leaves_nothing_behind(tmp_path, tiny_model):
    out = tmp_path / "out"
    assert _extract(tiny_model, [_inputs(tmp_path / "first", 2, "a")], out).returncode == 0
    before = _snapshot(out)
    stopped = _extract(tiny_model, [_inputs(tmp_path / "second", 2, "b")], out, env={FAULT_ENV: "documents:TERM"})
    assert stopped.returncode == 2
    assert stopped.stderr.strip().splitlines()[-1] == f"error: interrupted; {out} was not changed"
    assert _snapshot(out) == before and _leftovers(out) == []


def test_a_second_concurrent_run_is_refused_and_changes_nothing(tmp_path, tiny_model):
    out = tmp_path / "out"
    assert _extract(tiny_model, [_inputs(tmp_path / "in", 1)], out).returncode == 0
    before = _snapshot(out)
    with Run(out, "extract"):
        second = _extract(tiny_model, [tmp_path / "in"], out)
    assert second.returncode == 2
    assert "another wersagtwas run" in second.stderr and "Traceback" not in second.stderr
    assert _snapshot(out) == before


def test_exit_status_tells_a_complete_run_with_failures_from_a_failed_run(tmp_path, tiny_model):
    inputs = _inputs(tmp_path / "in", 2)
    assert _extract(tiny_model, [inputs], tmp_path / "ok").returncode == 0

    (inputs / "broken.txt").write_bytes(b"\x00\x01binary")
    partial = _extract(tiny_model, [inputs], tmp_path / "partial")
    assert partial.returncode == 1
    assert "2 documents ok, 1 failed" in partial.stderr
    _complete(tmp_path / "partial")

    (tmp_path / "a-file").write_text("x")
    refused = _extract(tiny_model, [inputs], tmp_path / "a-file")
    assert refused.returncode == 2 and refused.stderr.strip().splitlines()[-1].startswith("error:")
    assert "Traceback" not in refused.stderr

    nothing = _extract(tiny_model, [tmp_path / "empty-folder"], tmp_path / "none")
    assert nothing.returncode in (1, 2)


def test_out_inside_the_input_folder_is_not_read_back(tmp_path, tiny_model):
    inputs = _inputs(tmp_path / "in", 2)
    for _ in range(2):
        assert _extract(tiny_model, [inputs], inputs / "out").returncode == 0
    manifest = json.loads((inputs / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents_ok"] == 2


def _tmpfs(mount: Path, options: str):
    """A tmpfs at `mount`: only where the tests run as root and may mount."""
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small or read-only disk needs a tmpfs mount (root only)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.fixture
def small_disk(tmp_path):
    yield from _tmpfs(tmp_path / "disk", "size=1M")


@pytest.fixture
def read_only_disk(tmp_path):
    yield from _tmpfs(tmp_path / "ro", "size=1M,ro")


def test_a_read_only_out_is_one_line_and_exit_2(tmp_path, tiny_model, read_only_disk):
    refused = _extract(tiny_model, [_inputs(tmp_path / "in", 1)], read_only_disk / "out")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1].startswith("error: cannot write next to --out")
    assert "Traceback" not in refused.stderr


def test_a_full_disk_fails_the_run_in_one_line_and_keeps_the_previous_run(tmp_path, tiny_model, small_disk):
    out = small_disk / "out"
    assert _extract(tiny_model, [_inputs(tmp_path / "small", 1)], out).returncode == 0
    before = _snapshot(out)
    big = tmp_path / "big"
    big.mkdir()
    for i in range(20):
        (big / f"long{i}.txt").write_text(f"Artikel {i}. " + "Das Wetter bleibt trocken und mild. " * 2000,
                                          encoding="utf-8")
    failed = _extract(tiny_model, [big], out)
    assert failed.returncode == 2, failed.stderr
    assert "was not changed" in failed.stderr and "Traceback" not in failed.stderr
    assert _snapshot(out) == before
    assert _leftovers(out) == []


def _bad_input_corpus(folder: Path) -> dict[str, str]:
    """Good articles among every kind of bad input; returns file name -> the status its row must have."""
    _inputs(folder, 3, "good")
    expected = {f"good{i}": "ok" for i in range(3)}
    cases = {
        "empty.txt": (b"", "empty"),
        "binary.txt": (b"\x00\x01\x02PK" * 100, "error"),
        "cp1252.txt": ("Die Ministerin sagte, man werde die Pläne prüfen.".encode("cp1252"), "ok"),
        "stray-byte.txt": (("Sie wollen das klären, sagte er. " + ARTICLE * 3).encode() + b"\xff", "ok"),
        "utf16.txt": ("Er sagte, es sei gut.".encode("utf-16"), "ok"),
        "too-large.txt": (b"Wort " * 15000, "error"),
        "too-long.txt": (b"Wort " * 6000, "error"),
        ("l" * 240 + ".txt"): (b"Ein langer Name, sagte sie.", "ok"),
    }
    for name, (raw, status) in cases.items():
        (folder / name).write_bytes(raw)
        expected[Path(name).stem] = status
    os.mkfifo(folder / "fifo.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    os.symlink(folder / "missing", folder / "dangling.txt")
    expected.update({"fifo": "error", "zero": "error", "dangling": "error"})
    lines = [
        '{"id": "surrogate", "text": "Er sagte, es sei \\ud800 gut.", "title": "Titel \\udfff"}',
        '{"id": "number", "text": 42}',
        '{"id": "list", "text": ["a"]}',
        '{"id": "dict", "text": {"a": 1}}',
        '{"id": "nan", "text": NaN}',
        '{"id": "' + "i" * 300 + '", "text": "Eine lange Kennung, sagte er."}',
        "{not json",
    ]
    (folder / "bulk.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "nothing.jsonl").write_text("", encoding="utf-8")
    # A line that is not a valid record is named by its file and line number.
    expected.update({"surrogate": "ok", "bulk-2": "error", "bulk-3": "error", "bulk-4": "error", "bulk-5": "error",
                     "i" * 300: "ok", "bulk-7": "error", "nothing": "empty"})
    return expected


def test_the_bad_input_corpus_costs_nothing_but_the_bad_rows(tmp_path, tiny_model):
    folder = tmp_path / "in"
    expected = _bad_input_corpus(folder)
    done = _extract(tiny_model, [folder], folder / "out", "--max-bytes", "60000", "--max-chars", "20000")
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("  failed: ") == 5 and "more, see documents.csv" in done.stderr
    out = folder / "out"
    _complete(out)
    with (out / "documents.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["doc_id"]: row for row in csv.DictReader(handle)}
    assert {doc_id: row["status"] for doc_id, row in rows.items()} == expected
    for row in rows.values():
        assert (row["status"] == "ok") == (row["error"] == ""), row
        assert "\n" not in row["error"]
    assert rows["stray-byte"]["warnings"] and rows["surrogate"]["warnings"]
    assert "--max-bytes" in rows["too-large"]["error"] or "bytes" in rows["too-large"]["error"]
    assert "--max-chars" in rows["too-long"]["error"]
    texts = dict(CleanTextReader(out))
    assert texts["stray-byte"].startswith("Sie wollen das klären")
    assert len(texts) == sum(s == "ok" for s in expected.values())
    first = _comparable(out)
    again = _extract(tiny_model, [folder], folder / "out", "--max-bytes", "60000", "--max-chars", "20000")
    assert again.returncode == 1
    assert _comparable(out) == first
