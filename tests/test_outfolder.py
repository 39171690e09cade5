"""The output folder as one transaction: staging, swap, lock, leftovers, umask."""
import os
import stat

import pytest

from pipeline import outfolder
from pipeline.export import write_text
from pipeline.outfolder import OutputError, Run, dropped, sibling


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(out, command="extract", files=None):
    with Run(out, command) as run:
        for name, text in (files or {}).items():
            write_text(run.path / name, text)
        run.commit(documents_ok=len(files or {}))
    return run


def test_nothing_is_visible_before_commit(tmp_path):
    out = tmp_path / "out"
    _run(out, files={"documents.csv": "old"})
    with Run(out, "extract") as run:
        write_text(run.path / "documents.csv", "new")
        assert (out / "documents.csv").read_text() == "old"
        run.commit()
    assert (out / "documents.csv").read_text() == "new"


def test_a_failed_run_leaves_the_previous_run_and_no_staging(tmp_path):
    out = tmp_path / "out"
    _run(out, files={"quotes.csv": "old"})
    with pytest.raises(RuntimeError):
        with Run(out, "extract") as run:
            write_text(run.path / "quotes.csv", "half")
            raise RuntimeError("boom")
    assert _files(out)["quotes.csv"] == b"old"
    assert not list(tmp_path.glob(".out.wersagtwas-staging-*"))


def test_a_smaller_rerun_leaves_no_files_of_the_larger_one(tmp_path):
    out = tmp_path / "out"
    _run(out, files={"clean/a.txt": "a", "clean/b.txt": "b", "report/b.html": "b"})
    _run(out, files={"clean/a.txt": "a"})
    assert sorted(_files(out)) == ["clean/a.txt", "manifest.json"]


def test_foreign_files_survive_and_stage_outputs_upstream_are_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".gitkeep").write_text("")
    _run(out, "clean", files={"clean/a.txt": "a"})
    _run(out, "annotate", files={"annotated/a.spacy": "x"})
    _run(out, "entities", files={"stages/entities.jsonl": "e"})
    _run(out, "clean", files={"clean/b.txt": "b"})
    # Re-cleaning drops the annotation made from the old clean texts.
    assert sorted(_files(out)) == [".gitkeep", "clean/b.txt", "manifest.json"]


def test_dropped_paths_follow_the_pipeline_order():
    assert "clean" not in dropped("annotate")
    assert {"annotated", "stages/entities.jsonl", "quotes.csv", "report"} <= dropped("annotate")
    assert "stages/entities.jsonl" not in dropped("quotes")
    assert dropped("extract") == outfolder.OWNED


def test_manifest_lists_every_file_with_its_checksum(tmp_path):
    out = tmp_path / "out"
    _run(out, files={"documents.csv": "d", "clean/a.txt": "a"})
    import json

    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["files"]) == {"documents.csv", "clean/a.txt"}
    assert manifest["files"]["clean/a.txt"]["sha256"] == outfolder.checksum(out / "clean/a.txt")
    assert manifest["documents_ok"] == 2 and manifest["command"] == "extract"


def test_a_second_run_on_the_same_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    with Run(out, "extract"):
        with pytest.raises(OutputError, match="another wersagtwas run .* is writing"):
            Run(out, "extract").__enter__()
    _run(out)  # the lock is released with the first run


def test_leftovers_of_a_killed_run_are_removed_at_the_next_start(tmp_path):
    out = tmp_path / "out"
    _run(out, files={"documents.csv": "old"})
    leftover = sibling(out.resolve(), "staging", "999-1")
    leftover.mkdir()
    (leftover / "documents.csv").write_text("partial")
    _run(out, files={"documents.csv": "new"})
    assert not leftover.exists()


def test_a_kill_between_the_fallback_renames_restores_the_previous_run(tmp_path):
    out = tmp_path / "out"
    _run(out, files={"documents.csv": "old"})
    old = sibling(out.resolve(), "old", "999")
    os.rename(out, old)  # what a kill between the two renames leaves
    outfolder.recover(out.resolve())
    assert (out / "documents.csv").read_text() == "old" and not old.exists()


def test_the_fallback_swap_without_renameat2(tmp_path, monkeypatch):
    monkeypatch.setattr(outfolder, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    _run(out, files={"documents.csv": "old"})
    _run(out, files={"documents.csv": "new"})
    assert (out / "documents.csv").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir() if "wersagtwas-old" in p.name] == []


def test_outputs_follow_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        _run(tmp_path / "out", files={"documents.csv": "d", "report/index.html": "r"})
    finally:
        os.umask(previous)
    for path in (tmp_path / "out").rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), path
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o755


@pytest.mark.parametrize("make, message", [
    (lambda tmp: (tmp / "file").write_text("x") and tmp / "file", "is a file"),
    (lambda tmp: tmp, "current folder or one above"),
])
def test_an_out_that_cannot_hold_a_run_is_refused(tmp_path, monkeypatch, make, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match=message):
        Run(make(tmp_path), "extract")
