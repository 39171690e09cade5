import pytest
import spacy


@pytest.fixture(scope="session")
def de_vocab():
    return spacy.blank("de").vocab


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline the CLI would use (bundled model or de_core_news_md)."""
    from pipeline.annotate import ModelNotFound, load_model

    try:
        return load_model("auto")
    except ModelNotFound as err:
        pytest.skip(f"no trained German model: {err}")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    """A blank German pipeline on disk: the CLI runs end to end in a second, without a trained model."""
    path = tmp_path_factory.mktemp("model") / "de_tiny"
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(path)
    return path
