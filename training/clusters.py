"""Brown-cluster features for the NER: a spaCy vectors table built from spacy-lookups-data.

    python training/clusters.py OUT_DIR [--min-prob -17.0]

spacy-lookups-data (MIT) ships ``de_lexeme_cluster`` (Brown clusters of 1M German words, 749
clusters, e.g. most surnames share one: "Merkel", "Thierse", "Pofalla", "Selenski") and
``de_lexeme_prob`` (log frequency). Each capitalised word at or above ``--min-prob`` gets the
one-hot codes of its cluster path prefixes as a static vector; the words share one row per
cluster, so the table is small and only the keys cost space (about 11 bytes each, 2.7 MB of the
wheel at -17). The NER's own tok2vec reads it through ``include_static_vectors``
(``[initialize] vectors``); ``spacy.load`` needs nothing else.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy
import spacy
import typer
from spacy.strings import get_string_id
from spacy.vectors import Vectors

PREFIXES = (4, 6, 10)  # path prefixes as in Ratinov & Roth (2009); the full path stands for their 20


def lookups_table(name: str) -> dict:
    """Read one German table of the installed spacy-lookups-data."""
    try:
        import spacy_lookups_data
    except ImportError as exc:
        raise SystemExit("spacy-lookups-data is missing: pip install spacy-lookups-data==1.0.5") from exc
    path = Path(spacy_lookups_data.__file__).parent / "data" / f"de_{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf8") as fh:
        return json.load(fh)


def cluster_path(cluster: int) -> str:
    """The Brown path of a cluster id: spaCy v2 stored ``int(path[::-1], 2)`` so that ``id & 15``
    gives the first four bits (trailing zeros of the path are lost; such clusters share an id)."""
    return bin(cluster)[2:][::-1]


def path_codes(clusters: list[int]) -> numpy.ndarray:
    """One row per cluster: one-hot codes of its path prefixes and of the full path."""
    paths = [cluster_path(c) for c in clusters]
    features = sorted({(n, p[:n]) for p in paths for n in PREFIXES} | {(0, p) for p in paths})
    column = {f: i for i, f in enumerate(features)}
    table = numpy.zeros((len(paths), len(features)), dtype="float32")
    for row, p in enumerate(paths):
        for n in PREFIXES:
            table[row, column[(n, p[:n])]] = 1.0
        table[row, column[(0, p)]] = 1.0
    return table


def main(out_dir: Path, min_prob: float = typer.Option(-17.0, help="lowest log frequency kept")) -> None:
    cluster = lookups_table("lexeme_cluster")
    prob = lookups_table("lexeme_prob")
    # Lowercase words are frequent function words and verbs that the hash embeddings learn anyway;
    # names and nouns (all capitalised in German) are where the NER needs outside knowledge.
    words = sorted(w for w, c in cluster.items() if c and w[:1].isupper() and prob.get(w, -99.0) >= min_prob)
    clusters = sorted({cluster[w] for w in words})
    row = {c: i for i, c in enumerate(clusters)}
    nlp = spacy.blank("de")
    vectors = Vectors(data=path_codes(clusters), name="de_wersagtwas_clusters")
    for w in words:
        # by hash only: the strings would be copied into every pipeline that loads the table
        vectors.add(get_string_id(w), row=row[cluster[w]])
    nlp.vocab.vectors = vectors
    nlp.to_disk(out_dir)
    print(f"{len(words)} words, {len(clusters)} clusters, {vectors.shape[1]} dims -> {out_dir}")


if __name__ == "__main__":
    typer.run(main)
