"""The weight averaging of training/soup.py."""
import sys
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.training import Example
from spacy.util import fix_random_seed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
import soup  # noqa: E402


def _ner_pipeline(seed: int, width: int = 32):
    fix_random_seed(seed)
    nlp = spacy.blank("de")
    config = {"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                        "hidden_width": 16, "maxout_pieces": 2, "use_upper": True,
                        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "width": width,
                                    "depth": 1, "embed_size": 100, "window_size": 1,
                                    "maxout_pieces": 2, "subword_features": True,
                                    "pretrained_vectors": None}}}
    nlp.add_pipe("ner", config=config)
    doc = nlp.make_doc("Putin sagte in Moskau etwas")
    nlp.initialize(lambda: [Example.from_dict(doc, {"entities": ["U-PER", "O", "O", "U-LOC", "O"]})])
    return nlp


def _params(nlp):
    model = nlp.get_pipe("ner").model
    return [node.get_param(name).copy() for node in model.walk() for name in node.param_names
            if node.has_param(name)]


def test_soup_is_the_mean_of_the_weights():
    a, b, c = _ner_pipeline(1), _ner_pipeline(2), _ner_pipeline(3)
    before = [_params(nlp) for nlp in (a, b, c)]
    assert not numpy.allclose(before[0][0], before[1][0])
    n = soup.soup([a, b, c])
    after = _params(a)
    assert n == sum(p.size for p in after)
    for mean, x, y, z in zip(after, *before):
        assert numpy.allclose(mean, (x + y + z) / 3)
    # the other pipelines are only read, and the averaged one saves and loads as it is
    assert all(numpy.array_equal(p, q) for p, q in zip(_params(b), before[1]))
    reloaded = _ner_pipeline(4)
    reloaded.get_pipe("ner").from_bytes(a.get_pipe("ner").to_bytes())
    assert all(numpy.array_equal(p, q) for p, q in zip(_params(reloaded), after))


def test_soup_refuses_pipelines_of_different_shapes():
    with pytest.raises(SystemExit, match="differs in shape"):
        soup.soup([_ner_pipeline(1, width=32), _ner_pipeline(2, width=48)])
