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
