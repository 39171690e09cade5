"""The notebook runs top to bottom against real outputs and is stored without outputs."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.views import OUTPUTS_ENV

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def _execute(out: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv(OUTPUTS_ENV, str(out))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return notebook


def test_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)


def test_notebook_runs_on_small_tables(de_vocab, tmp_path, monkeypatch):
    from test_workbook import build_outputs

    notebook = _execute(build_outputs(de_vocab, tmp_path / "out"), monkeypatch)
    text = str([cell.outputs for cell in notebook.cells if cell.cell_type == "code"])
    assert "Dmitri Peskow" in text and "Donald Trump" in text


@pytest.mark.model
def test_notebook_runs_on_the_seed_run(nlp, tmp_path, monkeypatch):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(ROOT / "seeds"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    notebook = _execute(out, monkeypatch)
    assert "Uschakow" in str(notebook.cells[1].outputs + notebook.cells[3].outputs)
