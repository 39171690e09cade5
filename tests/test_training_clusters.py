"""The Brown-cluster features of training/clusters.py and the string pruning of assemble.py."""
import sys
from pathlib import Path

import numpy
import spacy
from spacy.vectors import Vectors

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import assemble  # noqa: E402
import clusters  # noqa: E402


def test_cluster_ids_are_read_as_reversed_paths():
    # the stored ids of "Berlin" (80) and "München" (848): paths 0000101 and 0000101011
    assert clusters.cluster_path(80) == "0000101"
    assert clusters.cluster_path(848) == "0000101011"


def test_clusters_sharing_a_path_prefix_share_its_code():
    # Berlin 0000101 and München 0000101011 share the 4- and 6-bit prefixes (0000, 000010) and
    # differ from 10 bits on; "in" (0101) shares nothing with them
    codes = clusters.path_codes([80, 848, 10])
    assert codes.sum(axis=1).tolist() == [4.0, 4.0, 4.0]
    assert codes[0] @ codes[1] == 2.0
    assert codes[0] @ codes[2] == 0.0


def test_words_of_one_cluster_read_the_same_vector():
    nlp = spacy.blank("de")
    codes = clusters.path_codes([0b101000, 0b1110])
    vectors = Vectors(data=codes, name="t")
    for word, row in [("Merkel", 0), ("Thierse", 0), ("Haus", 1)]:
        vectors.add(spacy.strings.get_string_id(word), row=row)
    nlp.vocab.vectors = vectors
    doc = nlp("Merkel und Thierse im Haus")
    assert numpy.array_equal(doc[0].vector, doc[2].vector)
    assert not numpy.array_equal(doc[0].vector, doc[4].vector)
    assert not doc[1].has_vector


def test_assembled_pipeline_keeps_base_strings_and_ner_labels_only(tmp_path):
    base = spacy.blank("de")
    base.add_pipe("sentencizer")
    base.vocab.strings.add("Lemma-Baum")
    base.to_disk(tmp_path / "syntax")
    ner_nlp = spacy.blank("de")
    ner = ner_nlp.add_pipe("ner")
    ner.add_label("PER")
    ner_nlp.initialize()
    ner_nlp.vocab.strings.add("Trainingswort")
    ner_nlp.vocab.vectors = Vectors(data=numpy.ones((1, 3), dtype="float32"), name="cluster-test")
    ner_nlp.vocab.vectors.add(spacy.strings.get_string_id("Merkel"), row=0)
    ner_nlp.to_disk(tmp_path / "ner")
    assemble.main(tmp_path / "syntax", tmp_path / "ner", tmp_path / "out", version="9.9.9")
    out = spacy.load(tmp_path / "out")
    assert out.pipe_names == ["sentencizer", "ner"]
    assert "Lemma-Baum" in out.vocab.strings and "PER" in out.vocab.strings
    assert "Trainingswort" not in out.vocab.strings
    assert out.meta["version"] == "9.9.9"
    assert out.vocab.vectors.name == "cluster-test" and out.vocab.vectors.n_keys == 1
    assert len(out("Sie sagt nichts.")) == 4  # the pruned vocab still runs the pipeline


def test_the_table_keeps_frequent_capitalised_clustered_words_by_hash_only(tmp_path, monkeypatch):
    tables = {
        "lexeme_cluster": {"Merkel": 40, "Thierse": 40, "Berlin": 80, "sagte": 4062, "Seltenst": 40, "Unbekannt": 0},
        "lexeme_prob": {"Merkel": -10.7, "Thierse": -14.1, "Berlin": -8.4, "sagte": -8.5, "Seltenst": -17.5, "Unbekannt": -9.0},
    }
    monkeypatch.setattr(clusters, "lookups_table", tables.__getitem__)
    clusters.main(tmp_path / "c", min_prob=-17.0)
    nlp = spacy.load(tmp_path / "c")
    vectors = nlp.vocab.vectors
    kept = {w for w in tables["lexeme_cluster"] if spacy.strings.get_string_id(w) in vectors.key2row}
    assert kept == {"Merkel", "Thierse", "Berlin"}  # not lowercase, not below -17, not cluster 0
    assert vectors.shape[0] == 2  # one row per cluster
    assert "Merkel" not in nlp.vocab.strings
    doc = nlp("Merkel Thierse Berlin")
    assert numpy.array_equal(doc[0].vector, doc[1].vector) and not numpy.array_equal(doc[0].vector, doc[2].vector)
