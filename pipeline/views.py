"""Pandas views of the output tables, for notebooks: loading, aggregation and charts, no pipeline logic.

Every view that could grow with the corpus is cut to its top N rows (and columns), so the charts
read the same for 50 articles and for 10,000.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

import pandas as pd

from . import lexicons
from .export import TABLES, table_path, unguard

OUTPUTS_ENV = "WERSAGTWAS_OUTPUTS"
TOP = 20  # rows and columns of a heat map; more do not fit a readable chart
QUOTE_TYPES = ("direct", "indirect", "free_indirect", "reported")
OTHER = "(other)"
NUMERIC = frozenset({"start", "end", "sentence_index", "n_mentions", "n_docs", "n_chars", "n_sentences", "n_quotes",
                     "quote_start", "quote_end", "gap_start", "gap_end", "speaker_start", "speaker_end", "confidence"})


def outputs_dir(default: str = "../outputs") -> Path:
    """The output folder a notebook reads: $WERSAGTWAS_OUTPUTS, else `default`."""
    return Path(os.environ.get(OUTPUTS_ENV) or default)


def read_table(path: Path) -> pd.DataFrame:
    """One CSV table in either dialect, or a Parquet table; text stays text (no NaN for empty cells), counts become numbers."""
    if Path(path).suffix == ".parquet":
        return pd.read_parquet(path)
    with open(path, encoding="utf-8-sig") as handle:
        header = handle.readline()
    sep = ";" if header.count(";") > header.count(",") else ","
    frame = pd.read_csv(path, sep=sep, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    for column in frame.columns:
        if column in NUMERIC:
            # excel-de writes decimal commas ("0,830"); no number in these columns has a thousands separator.
            values = frame[column].str.replace(",", ".", regex=False) if sep == ";" else frame[column]
            frame[column] = pd.to_numeric(values, errors="coerce")
        else:
            frame[column] = frame[column].map(unguard)
    return frame


def load_tables(out_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table of a run that exists in `out_dir`, by name."""
    out_dir = Path(out_dir)
    paths = {name: table_path(out_dir, name) for name in TABLES}
    return {name: read_table(path) for name, path in paths.items() if path.exists()}


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Words that never name a speaker on their own: pronouns, articles, demonstratives, statements, time words."""
    lists = ("pronouns_male", "pronouns_female_or_plural", "third_person_pronouns", "nominative_pronouns", "articles",
             "anaphors", "demonstratives_male", "demonstratives_female_or_plural", "relative_pronouns", "non_speakers",
             "adverbial_words", "abstract_sources")
    return frozenset(set().union(*(lexicons.load(name) for name in lists)))


def speaker_name(canonical: str, text: str) -> str:
    """Who a quote's speaker is, for tallies: the entity's name, else the text unless it names nobody ("Sie", "Angaben")."""
    name = canonical or text
    words = name.split()
    if not words or len(words) == 1 and words[0].lower() in _not_names():
        return ""
    if any(ch.isdigit() for ch in name):
        return ""  # a time or a number the model took for a name ("15:36 Uhr MEZ")
    return name


def speaker_names(quotes: pd.DataFrame) -> pd.Series:
    """The speaker of each quote: the canonical entity name, else the text that names it (pronouns left out)."""
    return pd.Series(
        [speaker_name(c, t) for c, t in zip(quotes["speaker_canonical"], quotes["speaker_text"])], index=quotes.index, dtype=str
    )


def tallied_speakers(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """The speaker name of each quote of one article that counts in a tally.

    A quote inside another quote of the same speaker (a partial quotation repeating the outer
    words) is one statement, not two; quotes without a nameable speaker are left out.
    """
    named = list(dict.fromkeys(
        (speaker_name(r["speaker_canonical"], r["speaker_text"]), int(r["quote_start"]), int(r["quote_end"])) for r in rows
    ))  # the same quote attributed twice to one speaker is one statement
    return [
        name for i, (name, start, end) in enumerate(named)
        if name and not any(j != i and other == name and s <= start and end <= e for j, (other, s, e) in enumerate(named))
    ]


def top_speakers(quotes: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Speakers with the most quotes (a nested repeat counted once): columns speaker, quotes."""
    per_doc: dict[str, list[dict]] = {}
    # One conversion for the whole table: a per-group to_dict costs milliseconds each, minutes at 10,000 articles.
    for row in quotes[["doc_id", "speaker_canonical", "speaker_text", "quote_start", "quote_end"]].to_dict("records"):
        per_doc.setdefault(row["doc_id"], []).append(row)
    names = [name for rows in per_doc.values() for name in tallied_speakers(rows)]
    counts = pd.Series(names, dtype=str).value_counts()
    frame = counts.rename_axis("speaker").reset_index(name="quotes")
    return frame.sort_values(["quotes", "speaker"], ascending=[False, True], kind="stable").head(n).reset_index(drop=True)


def who_said_what(quotes: pd.DataFrame, doc_id: str) -> pd.DataFrame:
    """The quotes of one article in text order: speaker, type, quote, cue."""
    rows = quotes[quotes["doc_id"] == doc_id].sort_values("quote_start")
    return pd.DataFrame({
        "speaker": speaker_names(rows),
        "type": rows["quote_type"],
        "quote": rows["quote_text"],
        "cue": rows["cue_text"],
    }).reset_index(drop=True)


def mention_vs_quote_counts(entities: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Per entity: how often it is mentioned (talked about) and how often it is quoted (talks)."""
    quoted = quotes[quotes["speaker_entity_id"] != ""].groupby("speaker_entity_id").size()
    frame = entities[["entity_id", "canonical_name", "label", "n_mentions", "n_docs"]].copy()
    frame["n_quotes"] = frame["entity_id"].map(quoted).fillna(0).astype(int)
    return frame.sort_values(["n_mentions", "n_quotes", "canonical_name"], ascending=[False, False, True],
                             kind="stable").reset_index(drop=True)


def quote_types_per_article(documents: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Article x quote type counts; articles without quotes keep a row of zeros."""
    table = pd.crosstab(quotes["doc_id"], quotes["quote_type"]) if len(quotes) else pd.DataFrame()
    ok = documents.loc[documents["status"] == "ok", "doc_id"]
    return table.reindex(ok, fill_value=0).rename_axis(index="doc_id", columns="quote_type")


def busiest_articles(documents: pd.DataFrame, quotes: pd.DataFrame, n: int = TOP) -> pd.DataFrame:
    """`quote_types_per_article` for the `n` articles with the most quotes, indexed by a short title."""
    table = quote_types_per_article(documents, quotes)
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index[:n]
    titles = documents.set_index("doc_id")["title"]
    table = table.loc[order, [t for t in QUOTE_TYPES if t in table.columns] + sorted(set(table.columns) - set(QUOTE_TYPES))]
    table.index = [shorten(titles.get(d) or d, 40) for d in table.index]
    return table.rename_axis(index="article")


def _gap_columns(quotes: pd.DataFrame) -> list[str]:
    """The gap columns where the table has them (tables written before they existed do not)."""
    return [c for c in ("gap_start", "gap_end") if c in quotes.columns]


def _inside_quote(pairs: pd.DataFrame) -> pd.Series:
    """Mentions inside their quote's range but not in its gap: a source frame inside a quote is not the quote."""
    inside = (pairs["start"] >= pairs["quote_start"]) & (pairs["end"] <= pairs["quote_end"])
    if "gap_start" in pairs.columns:
        gap_start = pd.to_numeric(pairs["gap_start"], errors="coerce")
        gap_end = pd.to_numeric(pairs["gap_end"], errors="coerce")
        inside &= ~((pairs["start"] >= gap_start) & (pairs["end"] <= gap_end))  # a quote without a gap compares False
    return inside


def speaker_entity_matrix(quotes: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Speaker x entity mentioned inside their quotes: who talks about whom."""
    pairs = quotes.assign(speaker=speaker_names(quotes))[["doc_id", "speaker", "quote_start", "quote_end", *_gap_columns(quotes)]]
    pairs = pairs[pairs["speaker"] != ""].merge(mentions[["doc_id", "entity_id", "start", "end"]], on="doc_id")
    inside = pairs[_inside_quote(pairs)]
    names = entities.set_index("entity_id")["canonical_name"]
    inside = inside.assign(mentioned=inside["entity_id"].map(names).fillna(inside["entity_id"]))
    if inside.empty:
        return pd.DataFrame(dtype=int)
    return pd.crosstab(inside["speaker"], inside["mentioned"])


def entity_counts(entities: pd.DataFrame, n: int = 15, label: Optional[str] = None) -> pd.Series:
    """Mentions of the most mentioned entities (optionally of one label), for a bar chart."""
    rows = entities if label is None else entities[entities["label"] == label]
    return rows.set_index("canonical_name")["n_mentions"].sort_values(ascending=False).head(n)


def bar_chart(data, title: str, **options):
    """A horizontal bar chart of a Series or DataFrame; None (and no error) when there is nothing to plot."""
    if data is None or len(data) == 0:
        return None
    ax = data.plot.barh(title=title, **options)
    ax.invert_yaxis()  # the largest bar on top
    return ax


def named_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """The quotes with a nameable speaker, with that name in a `speaker` column."""
    named = quotes.assign(speaker=speaker_names(quotes)) if len(quotes) else quotes.assign(speaker=pd.Series(dtype=str))
    return named[named["speaker"] != ""]


def period(dates: pd.Series) -> str:
    """A pandas period for a time axis of about 10 to 60 points: days, weeks, months, quarters or years."""
    days = (dates.max() - dates.min()).days if len(dates) else 0
    for limit, freq in ((31, "D"), (365, "W"), (3 * 365, "M"), (10 * 365, "Q")):
        if days <= limit:
            return freq
    return "Y"


def article_dates(documents: pd.DataFrame) -> pd.Series:
    """doc_id -> the article's date (NaT where it has none or no ISO date)."""
    dates = pd.to_datetime(documents["date"].astype(str).str[:10], format="%Y-%m-%d", errors="coerce")
    return pd.Series(dates.values, index=documents["doc_id"])


def quotes_over_time(quotes: pd.DataFrame, documents: pd.DataFrame, n: int = 8, freq: Optional[str] = None) -> pd.DataFrame:
    """Quotes per period (rows, oldest first, gaps as 0) of the `n` most quoted speakers (columns); undated articles are left out."""
    top = top_speakers(quotes, n)["speaker"].tolist()
    rows = named_quotes(quotes)
    rows = rows[rows["speaker"].isin(top)]
    dates = rows["doc_id"].map(article_dates(documents))
    rows, dates = rows[dates.notna()], dates[dates.notna()]
    if rows.empty:
        return pd.DataFrame(columns=pd.Index(top, name="speaker"), dtype=int)
    freq = freq or period(dates)
    periods = dates.dt.to_period(freq)
    table = pd.crosstab(periods, rows["speaker"])
    every = pd.period_range(periods.min(), periods.max(), freq=freq)
    table = table.reindex(index=every, columns=top, fill_value=0)
    table.index = every.start_time
    return table.rename_axis(index="period", columns="speaker")


def source_label(source: str) -> str:
    """The outlet of a documents.csv `source`: a URL's host, a JSONL file's name, else the folder of the input file."""
    host = re.match(r"^[a-z]+://(?:www\.)?([^/]+)", source)
    if host:
        return host.group(1)
    path = re.sub(r":\d+$", "", source)  # "archive.jsonl:12" -> "archive.jsonl"
    if path.endswith(".jsonl") or "/" not in path:
        return Path(path).name or source
    return Path(path).parent.name or path


def types_per_source(documents: pd.DataFrame, quotes: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """Quote counts by type (columns) for the `n` sources with the most quotes (rows); the rest as one "(other)" row."""
    sources = documents.set_index("doc_id")["source"].map(source_label)
    labels = quotes["doc_id"].map(sources).fillna("")
    table = pd.crosstab(labels, quotes["quote_type"]) if len(quotes) else pd.DataFrame(dtype=int)
    table = table.reindex(columns=[t for t in QUOTE_TYPES if t in table.columns] + sorted(set(table.columns) - set(QUOTE_TYPES)))
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
    table = table.loc[order]
    if len(table) > n:
        table = pd.concat([table.head(n), table.iloc[n:].sum().to_frame(OTHER).T])
    return table.rename_axis(index="source", columns="quote_type")


def shares(table: pd.DataFrame) -> pd.DataFrame:
    """Each row as percentages of its total (rows of different sizes become comparable)."""
    totals = table.sum(axis=1).replace(0, 1)
    return table.div(totals, axis=0).mul(100).round(1)


def quote_topics(quotes: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """(speaker, topic) pairs, one per quote and topic: the entities named in the quote's sentence or inside
    the quote, other than the speaker's own entity."""
    named = named_quotes(quotes).reset_index(drop=True).rename_axis("row").reset_index()
    columns = ["row", "doc_id", "speaker", "speaker_entity_id", "sentence_index", "quote_start", "quote_end", *_gap_columns(named)]
    pairs = named[columns].merge(
        mentions[["doc_id", "entity_id", "start", "end", "sentence_index"]].rename(columns={"sentence_index": "mention_sentence"}),
        on="doc_id")
    inside = _inside_quote(pairs)
    pairs = pairs[(inside | (pairs["mention_sentence"] == pairs["sentence_index"])) & (pairs["entity_id"] != pairs["speaker_entity_id"])]
    names = entities.set_index("entity_id")["canonical_name"]
    pairs = pairs.assign(topic=pairs["entity_id"].map(names).fillna(pairs["entity_id"]))
    pairs = pairs[pairs["topic"] != pairs["speaker"]]
    return pairs.drop_duplicates(["row", "topic"])[["speaker", "topic"]].reset_index(drop=True)


def speaker_topic_matrix(quotes: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame, n: int = TOP) -> pd.DataFrame:
    """Quotes of each of the `n` most quoted speakers (rows) about each of the `n` most frequent topics (columns)."""
    pairs = quote_topics(quotes, mentions, entities)
    if pairs.empty:
        return pd.DataFrame(dtype=int)
    with_topics = set(pairs["speaker"])
    speakers = [s for s in top_speakers(quotes, len(quotes))["speaker"] if s in with_topics][:n]
    pairs = pairs[pairs["speaker"].isin(speakers)]
    topics = pairs["topic"].value_counts().sort_index(kind="stable").sort_values(ascending=False, kind="stable").head(n).index
    table = pd.crosstab(pairs["speaker"], pairs["topic"]).reindex(index=speakers, columns=topics, fill_value=0)
    return table.rename_axis(index="speaker", columns="topic")


def find_quotes(quotes: pd.DataFrame, speaker: Optional[str] = None, contains: Optional[str] = None,
                doc_id: Optional[str] = None, min_confidence: float = 0.0, named: bool = False) -> pd.DataFrame:
    """Quotes by speaker (exact name), text (case-insensitive), article or confidence, most confident first; the full text.

    `named=True` keeps only quotes with a nameable speaker (a quote without one is as confident as its quote rule).
    """
    rows = quotes.assign(speaker=speaker_names(quotes)) if len(quotes) else quotes.assign(speaker=pd.Series(dtype=str))
    keep = rows["confidence"].fillna(0) >= min_confidence
    if named:
        keep &= rows["speaker"] != ""
    if speaker is not None:
        keep &= rows["speaker"] == speaker
    if contains:
        keep &= rows["quote_text"].str.contains(contains, case=False, regex=False)
    if doc_id is not None:
        keep &= rows["doc_id"] == doc_id
    rows = rows[keep].sort_values(["confidence", "doc_id", "quote_start"], ascending=[False, True, True], kind="stable")
    return rows[["quote_id", "doc_id", "speaker", "quote_type", "confidence", "quote_text"]].reset_index(drop=True)


def full_text(found: pd.DataFrame, limit: Optional[int] = 20) -> str:
    """Quotes from `find_quotes` as readable text, each in full (pandas cuts long cells); at most `limit` of them."""
    rows = found if limit is None else found.head(limit)
    blocks = [f"{r.speaker or '(no speaker)'} ({r.quote_type}, {r.confidence:.2f}, {r.quote_id}):\n  {' '.join(r.quote_text.split())}"
              for r in rows.itertuples()]
    if limit is not None and len(found) > limit:
        blocks.append(f"… and {len(found) - limit} more (full_text(found, limit=None) shows all)")
    return "\n".join(blocks)


def shorten(label: str, width: int = 28) -> str:
    """An axis label of at most `width` characters (names, not quotes: quotes are never cut)."""
    label = " ".join(str(label).split())
    return label if len(label) <= width else label[: width - 1] + "…"


def line_chart(data: pd.DataFrame, title: str, ax=None):
    """One line per column over the index (a time axis), the legend beside the plot; None when there is nothing to plot."""
    if data is None or data.empty or not data.to_numpy().any():
        return None
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(11, 4.5))
    for column in data.columns:
        ax.plot(data.index, data[column], marker="o", markersize=3, linewidth=1.5, label=shorten(column))
    ax.set_title(title)
    ax.set_ylabel("quotes")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    ax.figure.autofmt_xdate()
    return ax


def heat_map(matrix: pd.DataFrame, title: str, ax=None):
    """A labelled heat map with the count in each non-empty cell; None when there is nothing to plot."""
    if matrix is None or matrix.empty:
        return None
    import matplotlib.pyplot as plt

    rows, cols = matrix.shape
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.0, 0.45 * cols + 3), max(3.0, 0.4 * rows + 2)))
    image = ax.imshow(matrix.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(cols), [shorten(c) for c in matrix.columns], rotation=60, ha="right", fontsize="small")
    ax.set_yticks(range(rows), [shorten(r) for r in matrix.index], fontsize="small")
    top = matrix.to_numpy().max()
    for (i, j), value in pd.DataFrame(matrix.to_numpy()).stack().items():
        if value:
            ax.text(j, i, str(value), ha="center", va="center", fontsize="x-small", color="white" if value > top / 2 else "black")
    ax.set_title(title)
    from matplotlib.ticker import MaxNLocator

    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="quotes", ticks=MaxNLocator(integer=True))  # counts: no 2.5
    return ax
