"""The Brown-cluster features of training/clusters.py and the string pruning of assemble.py."""
import sys
from pathlib import Path

import numpy
import spacy
from spacy.vectors import Vectors

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import assemble  # noqa: E402
import clusters  # noqa: E402


def test_clusters_sharing_a_path_prefix_share_its_code():
    # paths 101000 and 101001 share the 4-bit prefix only; 1110 shares nothing with either
    codes = clusters.path_codes([0b101000, 0b101001, 0b1110])
    assert codes.sum(axis=1).tolist() == [3.0, 3.0, 3.0]
    assert codes[0] @ codes[1] == 1.0
    assert codes[0] @ codes[2] == 0.0
    assert codes[0] @ codes[0] == 3.0


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
    ner_nlp.to_disk(tmp_path / "ner")
    assemble.main(tmp_path / "syntax", tmp_path / "ner", tmp_path / "out", version="9.9.9")
    out = spacy.load(tmp_path / "out")
    assert out.pipe_names == ["sentencizer", "ner"]
    assert "Lemma-Baum" in out.vocab.strings and "PER" in out.vocab.strings
    assert "Trainingswort" not in out.vocab.strings
    assert out.meta["version"] == "9.9.9"
    assert len(out("Sie sagt nichts.")) == 4  # the pruned vocab still runs the pipeline
