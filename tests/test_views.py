import pandas as pd
import pytest

from pipeline import views
from test_workbook import INJECTION, MULTILINE, build_outputs


@pytest.fixture
def tables(de_vocab, tmp_path):
    return views.load_tables(build_outputs(de_vocab, tmp_path / "out", dialect="excel-de", safe=True))


def test_load_tables_reads_either_dialect_and_undoes_the_guard(tables):
    assert set(tables) == {"documents", "mentions", "entities", "quotes", "relations"}
    quotes = tables["quotes"]
    assert set(quotes["quote_text"]) == {MULTILINE, INJECTION}
    assert quotes["quote_start"].dtype.kind == "i" and quotes["confidence"].dtype.kind == "f"
    assert quotes["confidence"].tolist() == [0.83, 0.83]  # "0,830" in the excel-de file
    assert (tables["documents"]["title"] == "").sum() == 1  # empty cells stay empty strings, not NaN


def test_top_speakers(tables):
    again = tables["quotes"].head(1).assign(quote_start=1000, quote_end=1040)  # a second quote of the same speaker
    quotes = pd.concat([tables["quotes"], again])
    assert views.top_speakers(quotes).values.tolist() == [["Dmitri Peskow", 2], ["Donald Trump", 1]]
    assert views.top_speakers(pd.concat([tables["quotes"], tables["quotes"].head(1)]))["quotes"].tolist() == [1, 1]
    assert views.top_speakers(quotes, n=1)["speaker"].tolist() == ["Dmitri Peskow"]


def test_who_said_what(tables):
    frame = views.who_said_what(tables["quotes"], "b")
    assert frame.columns.tolist() == ["speaker", "type", "quote", "cue"]
    assert frame.values.tolist() == [["Donald Trump", "direct", INJECTION, "sagte"]]
    assert views.who_said_what(tables["quotes"], "nope").empty


def test_mentions_versus_quotes(tables):
    frame = views.mention_vs_quote_counts(tables["entities"], tables["quotes"]).set_index("canonical_name")
    assert frame.loc["Donald Trump", ["n_mentions", "n_quotes"]].tolist() == [1, 1]
    assert frame.loc["Melania Trump", ["n_mentions", "n_quotes"]].tolist() == [1, 0]


def test_quote_types_per_article_keeps_articles_without_quotes(tables):
    documents = pd.concat([tables["documents"], tables["documents"].head(1).assign(doc_id="silent")])
    frame = views.quote_types_per_article(documents, tables["quotes"])
    assert frame.index.tolist() == ["a", "b", "silent"]
    assert frame.loc["silent"].sum() == 0 and frame.loc["a", "direct"] == 1


def test_speaker_entity_matrix_counts_mentions_inside_quotes():
    quotes = pd.DataFrame({"doc_id": ["d", "d"], "speaker_canonical": ["Juri Uschakow", ""], "speaker_text": ["", ""],
                           "quote_start": [0, 50], "quote_end": [40, 90]})
    mentions = pd.DataFrame({"doc_id": ["d", "d", "d", "x"], "entity_id": ["P", "S", "P", "P"],
                             "start": [5, 20, 45, 5], "end": [10, 27, 50, 10]})
    entities = pd.DataFrame({"entity_id": ["P", "S"], "canonical_name": ["Wladimir Putin", "Selenski"]})
    matrix = views.speaker_entity_matrix(quotes, mentions, entities)
    assert matrix.to_dict() == {"Selenski": {"Juri Uschakow": 1}, "Wladimir Putin": {"Juri Uschakow": 1}}


def test_entity_counts_and_empty_chart(tables):
    counts = views.entity_counts(tables["entities"], label="PER")
    assert counts.index.tolist()[0] in {"Dmitri Peskow", "Donald Trump", "Melania Trump"} and counts.max() == 1
    assert views.bar_chart(counts.iloc[:0], "nothing") is None


def test_outputs_dir_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(views.OUTPUTS_ENV, str(tmp_path))
    assert views.outputs_dir() == tmp_path
    monkeypatch.delenv(views.OUTPUTS_ENV)
    assert str(views.outputs_dir()) == "../outputs"


@pytest.mark.parametrize("canonical, text, name", [
    ("Boris Pistorius", "Er", "Boris Pistorius"), ("", "Sie", ""), ("", "der", ""), ("", "denen", ""),
    ("", "Angaben", ""), ("Angaben", "Angaben", ""), ("", "Unterdessen", ""), ("", "die Polizei", "die Polizei"), ("", "", ""),
])
def test_speaker_names_leave_out_words_that_name_nobody(canonical, text, name):
    assert views.speaker_name(canonical, text) == name


def test_a_nested_quote_of_the_same_speaker_is_tallied_once():
    row = {"speaker_canonical": "Juri Uschakow", "speaker_text": "Uschakow"}
    rows = [
        {**row, "quote_start": 0, "quote_end": 80},
        {**row, "quote_start": 20, "quote_end": 40},  # partial quotation inside the first
        {**row, "quote_start": 100, "quote_end": 140},
        {"speaker_canonical": "", "speaker_text": "Sie", "quote_start": 150, "quote_end": 160},
        {"speaker_canonical": "Wladimir Putin", "speaker_text": "Putin", "quote_start": 20, "quote_end": 40},
    ]
    assert views.tallied_speakers(rows) == ["Juri Uschakow", "Juri Uschakow", "Wladimir Putin"]
