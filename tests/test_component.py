"""The spaCy component `wersagtwas_quotes`: registration, entry point, any German pipeline, the CLI's results."""
from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from pipeline import component
from pipeline.records import Document
from pipeline.run import analyze_doc
from test_quotes import GARANTIERE, USCHAKOW, build

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def entry_points() -> dict[str, str]:
    """The `spacy_factories` entry points declared in pyproject.toml."""
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return project.get("entry-points", {}).get("spacy_factories", {})


def test_factory_is_registered_with_what_it_requires_and_assigns():
    meta = Language.get_factory_meta(component.NAME)
    assert "doc._.quotes" in meta.assigns and "span._.speaker" in meta.assigns
    assert meta.requires == ["doc.sents"]


def test_entry_point_names_the_registered_factory():
    target = entry_points()[component.NAME]
    module, _, attribute = target.partition(":")
    assert module == component.__name__ and getattr(component, attribute) is component.make_quote_attributor


def test_spacy_finds_the_component_through_the_entry_point_alone(tmp_path):
    """A fresh interpreter that never imports `pipeline` gets the factory from the installed metadata."""
    dist = tmp_path / "wersagtwas_probe-0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: wersagtwas-probe\nVersion: 0.0\n", "utf-8")
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points().items())
    (dist / "entry_points.txt").write_text(f"[spacy_factories]\n{lines}", "utf-8")
    code = ("import sys, spacy; nlp = spacy.blank('de'); nlp.add_pipe('sentencizer'); nlp.add_pipe('wersagtwas_quotes'); "
            "doc = nlp('Er sagte, es regne.'); print(type(doc._.quotes).__name__, 'pipeline' in sys.modules)")
    env = {"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["list", "True"]  # `pipeline` was imported by spaCy, not by the caller


@pytest.mark.parametrize("scheme", ["tiger", "ud"])
def test_tiger_and_ud_parses_give_the_same_quote(de_vocab, scheme):
    nlp = spacy.blank("de")
    nlp.add_pipe(component.NAME)
    doc = nlp.get_pipe(component.NAME)(build(nlp.vocab, [USCHAKOW, GARANTIERE], scheme))
    quote = next(q for q in doc._.quotes if q.quote_text == "Russland habe solche Kontakte nie abgelehnt")
    assert quote.quote_type == "indirect" and "Uschakow" in quote.speaker_text
    span = next(s for s in doc.spans[component.SPANS_KEY] if s.text == quote.quote_text)
    assert span.label_ == "indirect" and span._.quote == quote and "Uschakow" in span._.speaker.text
    assert any(e.canonical_name == "Juri Uschakow" for e in doc._.entities)
    assert {m.text for m in doc._.mentions} >= {"Juri Uschakow"}


def test_blank_pipeline_with_a_sentencizer_runs(de_vocab):
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(component.NAME)
    doc = nlp("„Wir sind bereit“, sagte er am Montag. Danach ging er.")
    assert isinstance(doc._.quotes, list) and isinstance(doc._.entities, list)
    assert list(doc.spans[component.SPANS_KEY]) == [doc.char_span(q.quote_start, q.quote_end, alignment_mode="expand")
                                                    for q in doc._.quotes]
    assert doc[:2]._.speaker is None and doc[:2]._.quote is None


def test_records_survive_serialisation(de_vocab):
    nlp = spacy.blank("de")
    nlp.add_pipe(component.NAME)
    doc = nlp.get_pipe(component.NAME)(build(nlp.vocab, [USCHAKOW, GARANTIERE], "ud"))
    assert doc._.quotes
    again = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))[0]
    assert again._.quotes == doc._.quotes and again._.relations == doc._.relations
    assert [s.text for s in again.spans[component.SPANS_KEY]] == [s.text for s in doc.spans[component.SPANS_KEY]]
    assert Doc(nlp.vocab, words=["leer"])._.quotes == []


@pytest.fixture(scope="module")
def cli_nlp():
    """The pipeline the CLI loads, plus the component (a fresh copy: the session `nlp` stays as it is)."""
    from pipeline.annotate import ModelNotFound, load_model

    try:
        nlp = load_model("auto")
    except ModelNotFound as err:
        pytest.skip(f"no trained German model: {err}")
    nlp.add_pipe(component.NAME)
    return nlp


@pytest.mark.model
def test_component_gives_the_cli_per_document_results(cli_nlp):
    text = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text("utf-8")
    doc = cli_nlp(text)
    with cli_nlp.select_pipes(disable=[component.NAME]):
        expected = analyze_doc(Document("doc", "", text), cli_nlp(text))
    assert doc._.quotes == expected.quotes and doc._.entities == expected.entities
    assert any("Uschakow" in q.speaker_canonical for q in doc._.quotes)


def readme_example() -> str:
    """The Python block of the README's component section."""
    section = README.read_text("utf-8").split("## spaCy component", 1)[1].split("\n## ", 1)[0]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_readme_example_is_five_lines_or_so():
    assert "nlp.add_pipe(\"wersagtwas_quotes\")" in readme_example()
    assert len(readme_example().strip().splitlines()) <= 6


@pytest.mark.model
def test_readme_example_runs():
    from pipeline.annotate import BUNDLED_MODEL

    if not spacy.util.is_package(BUNDLED_MODEL):
        pytest.skip(f"{BUNDLED_MODEL} is not installed")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(readme_example(), "README.md", "exec"), {})
    assert "Dmitri Peskow" in printed.getvalue() and "direct" in printed.getvalue()


@pytest.mark.model
def test_a_plain_spacy_load_gets_the_konjunktiv_and_gazetteer_steps(cli_nlp):
    """spacy.load lacks what load_model adds; the component applies it, so a text without line breaks
    (where the paragraph step changes nothing) gets the CLI's quotes."""
    from pipeline.annotate import BUNDLED_MODEL

    if not spacy.util.is_package(BUNDLED_MODEL):
        pytest.skip(f"{BUNDLED_MODEL} is not installed")
    plain = spacy.load(BUNDLED_MODEL)
    plain.add_pipe(component.NAME)
    text = " ".join((ROOT / "seeds").glob("*.txt").__next__().read_text("utf-8").split()[3:])  # no date line, one paragraph
    with cli_nlp.select_pipes(disable=[component.NAME]):
        expected = analyze_doc(Document("doc", "", text), cli_nlp(text))
    doc = plain(text)
    assert doc._.quotes == expected.quotes and doc._.entities == expected.entities
