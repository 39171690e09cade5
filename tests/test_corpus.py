import pytest
from spacy.tokens import Doc

from pipeline.corpus import CorpusTables, Registry
from pipeline.entities import extract_entities
from pipeline.export import read_table
from pipeline.records import DocumentSummary, Quote, entity_id
from pipeline.roles import extract_roles


def _analyse(vocab, doc_id, words, ents):
    doc = Doc(vocab, words=words, ents=ents)
    mentions, entities = extract_entities(doc, doc_id)
    return doc, mentions, entities


def _merged(vocab, *docs):
    registry = Registry()
    for n, (words, ents) in enumerate(docs):
        _, mentions, entities = _analyse(vocab, f"d{n}", words, ents)
        registry.add(entities, mentions)
    return {name for _, name in registry.merge().values()}, registry


def test_surname_and_genitive_join_the_unique_full_name(de_vocab):
    names, registry = _merged(
        de_vocab,
        (["Wladimir", "Putin", "kam", "."], ["B-PER", "I-PER", "O", "O"]),
        (["Putin", "sprach", "."], ["B-PER", "O", "O"]),
        (["Putins", "Berater", "sprach", "."], ["B-PER", "O", "O", "O"]),
    )
    assert names == {"Wladimir Putin"}
    assert len(registry.entries) == 3  # three per-document entities, one corpus entity


def test_two_people_sharing_a_surname_stay_two(de_vocab):
    names, _ = _merged(
        de_vocab,
        (["Donald", "Trump", "kam", "."], ["B-PER", "I-PER", "O", "O"]),
        (["Melania", "Trump", "kam", "."], ["B-PER", "I-PER", "O", "O"]),
        (["Trump", "sprach", "."], ["B-PER", "O", "O"]),
    )
    assert names == {"Donald Trump", "Melania Trump", "Trump"}


def test_one_name_gets_one_label_by_vote_with_the_gazetteer_as_prior(de_vocab):
    names, registry = _merged(
        de_vocab,
        (["Washington", "kam", "."], ["B-PER", "O", "O"]),
        (["Washington", "und", "Washington", "."], ["B-PER", "O", "B-PER", "O"]),
        (["in", "Washington", "."], ["O", "B-LOC", "O"]),
    )
    # PER has more mentions, but Washington is a gazetteer city: a prior outweighs the votes.
    assert set(registry.merge().values()) == {("LOC", "Washington")}


def test_genitive_of_a_place_joins_the_place(de_vocab):
    names, _ = _merged(
        de_vocab,
        (["Russlands", "Armee", "."], ["B-LOC", "O", "O"]),
        (["in", "Russland", "."], ["O", "B-LOC", "O"]),
    )
    assert names == {"Russland"}


# fmt: off
ARTICLES = {
    "a": (["Kremlsprecher", "Dmitri", "Peskow", "traf", "Wladimir", "Putin", "."],
          ["O", "B-PER", "I-PER", "O", "B-PER", "I-PER", "O"]),
    "b": (["Putin", "und", "Peskow", "sprachen", "mit", "Putin", "."],
          ["B-PER", "O", "B-PER", "O", "O", "B-PER", "O"]),
    "c": (["Donald", "Trump", "und", "Melania", "Trump", "."],
          ["B-PER", "I-PER", "O", "B-PER", "I-PER", "O"]),
}
# fmt: on


def _run(vocab, out, order=("a", "b", "c"), **options):
    with CorpusTables(out, **options) as tables:
        for doc_id in order:
            doc, mentions, entities = _analyse(vocab, doc_id, *ARTICLES[doc_id])
            relations = extract_roles(doc, doc_id, mentions, entities)
            first = mentions[0]
            quote = Quote(doc_id, f"{doc_id}:q1", 0, "direct", "=HYPERLINK(\"x\")", 0, 3,
                          speaker_text=first.text, speaker_entity_id=first.entity_id, speaker_canonical=first.text)
            summary = DocumentSummary(doc_id, f"{doc_id}.txt", "", "2026-01-28", "ok", "", len(doc.text), 1,
                                      len(mentions), 1, "test")
            tables.add(summary, mentions, entities, [quote], relations)
    return {name: list(read_table(out / f"{name}.csv")) for name in ("documents", "entities", "mentions", "quotes", "relations")}


def test_tables_point_to_corpus_entities(de_vocab, tmp_path):
    tables = _run(de_vocab, tmp_path)
    entities = {row["canonical_name"]: row for row in tables["entities"]}
    assert set(entities) == {"Wladimir Putin", "Dmitri Peskow", "Donald Trump", "Melania Trump"}
    putin = entities["Wladimir Putin"]
    assert putin["entity_id"] == entity_id("PER", "Wladimir Putin")
    assert (putin["n_mentions"], putin["n_docs"], putin["aliases"]) == ("3", "2", "Putin")
    assert entities["Dmitri Peskow"]["roles"] == "Kremlsprecher (Kreml)"
    assert list(tables["entities"][0]) == ["entity_id", "canonical_name", "label", "aliases", "n_mentions", "n_docs", "roles"]
    ids = {row["entity_id"] for row in tables["entities"]}
    assert {row["entity_id"] for row in tables["mentions"]} == ids
    # Per-document counts come from mentions.csv.
    assert sum(row["doc_id"] == "b" and row["entity_id"] == putin["entity_id"] for row in tables["mentions"]) == 2
    (quote_b,) = [q for q in tables["quotes"] if q["doc_id"] == "b"]
    assert quote_b["speaker_entity_id"] == putin["entity_id"] and quote_b["speaker_canonical"] == "Wladimir Putin"
    (role,) = [r for r in tables["relations"] if r["relation"] == "role_of"]
    assert role["subject_entity_id"] == entities["Dmitri Peskow"]["entity_id"] and role["object"] == "Kremlsprecher"
    assert not list(tmp_path.glob(".corpus-*")) and not list(tmp_path.glob(".*.tmp"))


def test_same_input_gives_same_ids_in_any_order(de_vocab, tmp_path):
    first = _run(de_vocab, tmp_path / "1")
    second = _run(de_vocab, tmp_path / "2", order=("c", "b", "a"))
    assert first["entities"] == second["entities"]


def test_excel_safe_option_guards_rewritten_tables(de_vocab, tmp_path):
    tables = _run(de_vocab, tmp_path, dialect="excel-de", safe=True)
    assert all(q["quote_text"] == "'=HYPERLINK(\"x\")" for q in tables["quotes"])
    assert (tmp_path / "quotes.csv").read_text("utf-8-sig").startswith("doc_id;quote_id;")


def test_interrupted_run_leaves_no_tables(de_vocab, tmp_path):
    with pytest.raises(RuntimeError):
        with CorpusTables(tmp_path) as tables:
            _, mentions, entities = _analyse(de_vocab, "a", *ARTICLES["a"])
            tables.add(DocumentSummary("a", "", "", "", "ok", "", 0, 0, 0, 0, ""), mentions, entities, [], [])
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.model
def test_seed_run_writes_corpus_tables_relations_and_views(nlp, tmp_path):
    from pathlib import Path

    from typer.testing import CliRunner

    from pipeline.cli import app

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(seeds), "--out", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "x"
    assert (out / "wersagtwas.xlsx").exists() and (out / "report" / "index.html").exists()
    entities = list(read_table(out / "entities.csv"))
    ids = {e["entity_id"] for e in entities}
    assert len(ids) == len(entities)
    assert {m["entity_id"] for m in read_table(out / "mentions.csv")} == ids
    assert {q["speaker_entity_id"] for q in read_table(out / "quotes.csv")} - {""} <= ids
    roles = {(r["subject"], r["object"]) for r in read_table(out / "relations.csv") if r["relation"] == "role_of"}
    assert ("Dmitri Peskow", "Kremlsprecher") in roles
    assert any("Trump" in subject and role == "US-Präsident" for subject, role in roles)
    # The stage commands give the same corpus tables.
    for args in (["clean", str(seeds)], ["annotate"], ["entities"], ["quotes"], ["export"]):
        assert runner.invoke(app, [*args, "--out", str(tmp_path / "s")]).exit_code == 0, args
    for name in ("entities", "relations"):
        assert list(read_table(tmp_path / "s" / f"{name}.csv")) == list(read_table(out / f"{name}.csv"))
