import numpy as np
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
    # "Putin" inside a source frame within the quote ("nach Angaben von Putin") is no entity the quote is about
    gapped = quotes.assign(gap_start=[4, None], gap_end=[11, None])
    assert views.speaker_entity_matrix(gapped, mentions, entities).to_dict() == {"Selenski": {"Juri Uschakow": 1}}


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
    ("15:36 Uhr MEZ", "15:36 Uhr MEZ", ""),
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


def _zipf(n: int) -> np.ndarray:
    weights = 1 / np.arange(1, n + 1)
    return weights / weights.sum()


def synthetic_run(n_docs: int = 10_000, seed: int = 17) -> dict[str, pd.DataFrame]:
    """Tables the size of a 10,000-article run: hundreds of speakers and entities, 30 outlets, a year of dates."""
    rng = np.random.default_rng(seed)
    firsts = "Anna Boris Clara Dmitri Emil Frieda Gustav Hanna Igor Jana Karl Lena Max Nina Otto Paula Rolf Sara Tom Ulla".split()
    lasts = [a + b for a in ("Bau", "Kre", "Mol", "Sto", "Wen", "Zim") for b in ("er", "mann", "ski", "hoff", "ner")]
    people = [f"{first} {last}" for last in lasts for first in firsts][:600]
    outlets = [f"https://www.outlet{i}.de/artikel" for i in range(30)]
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, n_docs), unit="D")
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n_docs)], "title": [f"Titel {i}" for i in range(n_docs)],
                              "date": days.strftime("%Y-%m-%d"), "source": [f"{outlets[i % 30]}/{i}" for i in range(n_docs)],
                              "status": "ok"})
    n_quotes = 3 * n_docs
    doc = rng.integers(0, n_docs, n_quotes)
    who = rng.choice(len(people), n_quotes, p=_zipf(len(people)))
    quotes = pd.DataFrame({"doc_id": [f"d{i}" for i in doc], "quote_id": [f"d{d}:q{i}" for i, d in enumerate(doc)],
                           "sentence_index": 1, "quote_start": np.arange(n_quotes) * 10, "quote_end": np.arange(n_quotes) * 10 + 8,
                           "quote_type": rng.choice(list(views.QUOTE_TYPES), n_quotes), "quote_text": "Wir sind bereit.",
                           "speaker_canonical": [people[i] for i in who], "speaker_text": "", "speaker_entity_id": [f"P{i}" for i in who],
                           "confidence": rng.random(n_quotes).round(3)})
    topic = rng.choice(750, n_quotes, p=_zipf(750))
    mentions = pd.DataFrame({"doc_id": quotes["doc_id"], "entity_id": [f"T{i}" for i in topic], "start": quotes["quote_start"] + 1,
                             "end": quotes["quote_start"] + 4, "sentence_index": 1})
    entities = pd.DataFrame({"entity_id": [f"T{i}" for i in range(750)] + [f"P{i}" for i in range(600)],
                             "canonical_name": [f"Thema {i}" for i in range(750)] + people})
    return {"documents": documents, "quotes": quotes, "mentions": mentions, "entities": entities}


@pytest.fixture(scope="module")
def big():
    return synthetic_run()


def test_views_of_a_large_run_stay_chart_sized(big):
    documents, quotes, mentions, entities = big["documents"], big["quotes"], big["mentions"], big["entities"]
    matrix = views.speaker_topic_matrix(quotes, mentions, entities)
    assert matrix.shape == (20, 20) and matrix.index[0] == "Anna Bauer" and matrix.columns[0] == "Thema 0"
    over_time = views.quotes_over_time(quotes, documents)
    assert over_time.shape[1] == 8 and 50 <= len(over_time) <= 54  # weeks of one year
    assert over_time.to_numpy().sum() == views.named_quotes(quotes)["speaker"].isin(over_time.columns).sum()
    per_source = views.types_per_source(documents, quotes)
    assert len(per_source) == 16 and per_source.index[-1] == views.OTHER  # 15 outlets and the rest
    assert per_source.to_numpy().sum() == len(quotes) and per_source.index[0].startswith("outlet")
    busiest = views.busiest_articles(documents, quotes)
    assert len(busiest) == 20 and busiest.columns.tolist() == list(views.QUOTE_TYPES)


def test_charts_of_a_large_run_have_bounded_labels(big, monkeypatch):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ax = views.heat_map(views.speaker_topic_matrix(big["quotes"], big["mentions"], big["entities"]), "Speakers × topics")
    assert len(ax.get_xticklabels()) == 20 and len(ax.get_yticklabels()) == 20
    ax = views.line_chart(views.quotes_over_time(big["quotes"], big["documents"]), "Quotes per week")
    assert len(ax.get_lines()) == 8 and len(ax.get_legend().get_texts()) == 8
    plt.close("all")
    assert views.heat_map(pd.DataFrame(), "nothing") is None and views.line_chart(pd.DataFrame(), "nothing") is None


def test_quotes_over_time_fills_gaps_and_skips_undated_articles():
    documents = pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["2024-03-01", "2024-03-04", ""]})
    quotes = pd.DataFrame({"doc_id": ["a", "b", "c"], "speaker_canonical": ["Olaf Scholz"] * 3, "speaker_text": [""] * 3,
                           "quote_start": [0, 0, 0], "quote_end": [5, 5, 5]})
    table = views.quotes_over_time(quotes, documents)
    assert table["Olaf Scholz"].tolist() == [1, 0, 0, 1]  # days: 1, 2, 3 and 4 March
    assert views.quotes_over_time(quotes, documents, freq="W")["Olaf Scholz"].tolist() == [1, 1]


@pytest.mark.parametrize("source, label", [
    ("https://www.tagesschau.de/inland/x.html", "tagesschau.de"), ("archive/dpa.jsonl:12", "dpa.jsonl"),
    ("seeds/000_98d687d6ed5f3761.txt", "seeds"), ("Der Spiegel", "Der Spiegel"),
])
def test_source_label(source, label):
    assert views.source_label(source) == label


def test_topics_are_named_in_the_quotes_sentence_and_never_the_speaker():
    quotes = pd.DataFrame({"doc_id": ["d"], "quote_id": ["d:q1"], "sentence_index": [2], "speaker_canonical": ["Juri Uschakow"],
                           "speaker_text": ["Uschakow"], "speaker_entity_id": ["U"], "quote_start": [100], "quote_end": [180]})
    mentions = pd.DataFrame({"doc_id": ["d"] * 5, "entity_id": ["U", "P", "P", "S", "K"], "start": [90, 110, 150, 200, 10],
                             "end": [98, 115, 155, 208, 16], "sentence_index": [2, 2, 2, 3, 0]})
    entities = pd.DataFrame({"entity_id": ["U", "P", "S", "K"], "canonical_name": ["Juri Uschakow", "Wladimir Putin", "Selenski", "Kiew"]})
    assert views.quote_topics(quotes, mentions, entities).values.tolist() == [["Juri Uschakow", "Wladimir Putin"]]
    assert views.speaker_topic_matrix(quotes, mentions, entities).to_dict() == {"Wladimir Putin": {"Juri Uschakow": 1}}


def test_find_quotes_gives_the_full_text(tables):
    found = views.find_quotes(tables["quotes"], speaker="Dmitri Peskow")
    assert found["quote_text"].tolist() == [MULTILINE]
    assert " ".join(MULTILINE.split()) in views.full_text(found)  # whole, however long
    assert views.find_quotes(tables["quotes"], contains="SUM(")["speaker"].tolist() == ["Donald Trump"]
    assert views.find_quotes(tables["quotes"], min_confidence=0.9).empty
    unnamed = tables["quotes"].assign(speaker_canonical="", speaker_text="Sie")
    assert len(views.find_quotes(unnamed)) == 2 and views.find_quotes(unnamed, named=True).empty
    assert "… and 1 more" in views.full_text(views.find_quotes(tables["quotes"]), limit=1)
