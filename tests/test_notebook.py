"""The notebook runs top to bottom against real outputs (the seed and a 200-article news run) and is stored without outputs."""
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.views import OUTPUTS_ENV, find_quotes, top_speakers
from pipeline.views import load_tables as views_tables

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
NEWS = ROOT.parent / "shared" / "corpora" / "quotes_news_2024" / "data" / "train"
N_ARTICLES = 200


def _execute(out: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv(OUTPUTS_ENV, str(out))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # figures come back as PNG outputs
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


def news_archive(path: Path, n: int = N_ARTICLES) -> Path:
    """A JSONL archive of the first `n` quotes_news_2024 train articles (Wikinews, 2004-2010).

    The title and date come from the file name ("123 - Title (2005-08-05).pretty.json"); the year
    stands in for the outlet, so the per-source views have several sources.
    """
    with path.open("w", encoding="utf-8") as out:
        for file in sorted(NEWS.glob("*.json"))[:n]:
            name = re.match(r"(\d+) - (.*) \((\d{4})-(\d\d)-(\d\d)\)", file.name.removesuffix(".pretty.json"))
            assert name, file.name
            number, title, year, month, day = name.groups()
            record = {"id": f"wikinews-{number}", "title": title, "date": f"{year}-{month}-{day}",
                      "source": f"wikinews-{year}", "text": json.loads(file.read_text("utf-8"))["originalText"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def news_run(nlp, tmp_path_factory):
    """`wersagtwas extract` over 200 news articles with the CLI's model (tables and database, no workbook or report)."""
    if len(list(NEWS.glob("*.json"))) < N_ARTICLES:
        pytest.skip(f"quotes_news_2024 train split not found at {NEWS} (the corpora live in ../shared/corpora)")
    folder = tmp_path_factory.mktemp("news")
    out = folder / "out"
    result = CliRunner().invoke(app, ["extract", str(news_archive(folder / "news.jsonl")), "--out", str(out), "--no-views"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.model
def test_notebook_runs_on_a_200_article_news_run(news_run, monkeypatch):
    documents = views_tables(news_run)["documents"]
    assert len(documents) == N_ARTICLES and (documents["status"] == "ok").all()
    notebook = _execute(news_run, monkeypatch)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert not [o for cell in code for o in cell.outputs if o.output_type == "error"]
    images = sum("image/png" in o.get("data", {}) for cell in code for o in cell.outputs)
    assert images == 7  # every chart drew: speakers, time, mentions, entities, sources, articles, speaker x topic
    quotes = views_tables(news_run)["quotes"]
    first = find_quotes(quotes, speaker=top_speakers(quotes, 1)["speaker"][0])["quote_text"][0]
    text = str([cell.outputs for cell in code])
    assert " ".join(first.split()) in text  # full_text prints the quote whole, not cut
    assert "wikinews-2005" in text
