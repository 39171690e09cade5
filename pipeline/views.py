"""Pandas views of the output tables, for notebooks: loading and aggregation only, no pipeline logic."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

import pandas as pd

from . import lexicons
from .export import TABLES, table_path, unguard

OUTPUTS_ENV = "WERSAGTWAS_OUTPUTS"
NUMERIC = frozenset({"start", "end", "sentence_index", "n_mentions", "n_docs", "n_chars", "n_sentences", "n_quotes",
                     "quote_start", "quote_end", "speaker_start", "speaker_end", "confidence"})


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
    names = [name for _, rows in quotes.groupby("doc_id", sort=False) for name in tallied_speakers(rows.to_dict("records"))]
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


def speaker_entity_matrix(quotes: pd.DataFrame, mentions: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """Speaker x entity mentioned inside their quotes: who talks about whom."""
    pairs = quotes.assign(speaker=speaker_names(quotes))[["doc_id", "speaker", "quote_start", "quote_end"]]
    pairs = pairs[pairs["speaker"] != ""].merge(mentions[["doc_id", "entity_id", "start", "end"]], on="doc_id")
    inside = pairs[(pairs["start"] >= pairs["quote_start"]) & (pairs["end"] <= pairs["quote_end"])]
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
