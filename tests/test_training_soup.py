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

TEXT = "Putin sagte in Moskau etwas"


def _ner_pipeline(seed: int, width: int = 32, labels: tuple = ("U-PER", "O", "O", "U-LOC", "O")):
    """A tiny trained NER; a few updates give every parameter (output layer, biases,
    layer norms) a seed-specific value."""
    fix_random_seed(seed)
    nlp = spacy.blank("de")
    config = {"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                        "hidden_width": 16, "maxout_pieces": 2, "use_upper": True,
                        "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "width": width,
                                    "depth": 1, "embed_size": 100, "window_size": 1,
                                    "maxout_pieces": 2, "subword_features": True,
                                    "pretrained_vectors": None}}}
    nlp.add_pipe("ner", config=config)
    example = Example.from_dict(nlp.make_doc(TEXT), {"entities": list(labels)})
    optimizer = nlp.initialize(lambda: [example])
    for _ in range(3):
        nlp.update([example], sgd=optimizer, drop=0.1)
    return nlp


def _params(nlp):
    model = nlp.get_pipe("ner").model
    return [node.get_param(name).copy() for node in model.walk() for name in node.param_names
            if node.has_param(name)]


def test_soup_is_the_mean_of_every_weight():
    a, b, c = _ner_pipeline(1), _ner_pipeline(2), _ner_pipeline(3)
    before = [_params(nlp) for nlp in (a, b, c)]
    # every array differs between the runs, so an array left out would show below
    assert all(not numpy.allclose(x, y) for x, y in zip(before[0], before[1]))
    n = soup.soup([a, b, c])
    after = _params(a)
    assert n == sum(p.size for p in after)
    for mean, x, y, z in zip(after, *before):
        assert numpy.allclose(mean, (x + y + z) / 3)
    # the other pipelines are only read, and the averaged one saves and loads as it is
    for nlp, original in [(b, before[1]), (c, before[2])]:
        assert all(numpy.array_equal(p, q) for p, q in zip(_params(nlp), original))
    reloaded = _ner_pipeline(4)
    reloaded.get_pipe("ner").from_bytes(a.get_pipe("ner").to_bytes())
    assert all(numpy.array_equal(p, q) for p, q in zip(_params(reloaded), after))


def test_soup_refuses_pipelines_of_different_shapes():
    with pytest.raises(SystemExit, match="not one recipe"):
        soup.soup([_ner_pipeline(1, width=32), _ner_pipeline(2, width=48)])


def test_soup_refuses_pipelines_whose_actions_differ():
    # "Moskau" an ORG instead of a LOC: other actions behind the output units
    other = _ner_pipeline(2, labels=("U-PER", "O", "O", "U-ORG", "O"))
    with pytest.raises(SystemExit, match="labels or actions differ"):
        soup.soup([_ner_pipeline(1), other])
