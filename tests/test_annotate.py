import pytest
import spacy

from pipeline import annotate, models
from pipeline.records import Document


def test_line_breaks_start_sentences():
    nlp = spacy.blank("de")
    nlp.add_pipe("wersagtwas_paragraphs")
    doc = nlp("Darum gehts\n\nRussland bietet Treffen an\n\nSelenski will klären")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts[:3] == ["Darum", "Russland", "Selenski"]


def _counting_affix_search(nlp):
    """Count the tokenizer's prefix searches: a word served from its cache needs none."""
    calls = [0]
    search = nlp.tokenizer.prefix_search

    def counted(text):
        calls[0] += 1
        return search(text)

    nlp.tokenizer.prefix_search = counted  # set before any tokenizing: it empties the cache
    return calls


def test_frequent_words_stay_tokenized_across_memory_zones():
    """warm_tokenizer leaves the frequent words cached and in the vocabulary, which a memory zone would not."""
    from pipeline import lexicons

    text = "Die Regierung sagte, sie werde die Kosten prüfen. Wattwurm-Zählung!"
    words = lexicons.lines("frequent_words")
    assert {"Regierung", "sagte,", "Prof."} <= set(words)
    cold, warm = spacy.blank("de"), spacy.blank("de")
    cold_calls, warm_calls = _counting_affix_search(cold), _counting_affix_search(warm)
    annotate.warm_tokenizer(warm)
    tokens = []
    for nlp, calls in ((cold, cold_calls), (warm, warm_calls)):
        with nlp.memory_zone():
            tokens.append([t.text for t in nlp(text)])
            calls[0] = 0
            nlp(" ".join(words))
        # warm: the list is served from the cache (but for "engl.)", which follows a special case)
        assert calls[0] <= 2 if nlp is warm else calls[0] > len(words) // 2
    assert "Regierung" in warm.vocab and "Regierung" not in cold.vocab
    assert "Wattwurm-Zählung" not in warm.vocab  # a rare word is still freed with its zone
    assert tokens[0] == tokens[1] == [t.text for t in spacy.blank("de")(text)]  # the same tokens either way
    inside = spacy.blank("de")
    with inside.memory_zone():
        annotate.warm_tokenizer(inside)  # inside a zone nothing would last: skipped
        assert "Regierung" not in inside.vocab


def test_explicit_model_name_wins(monkeypatch):
    monkeypatch.setenv(annotate.MODEL_ENV, "from_env")
    assert annotate.resolve_model("my_model") == "my_model"
    assert annotate.resolve_model(None) == "from_env"


def test_auto_prefers_de_core_news_md(monkeypatch):
    monkeypatch.delenv(annotate.MODEL_ENV, raising=False)
    installed = {annotate.PREFERRED_MODEL, annotate.BUNDLED_MODEL}
    monkeypatch.setattr(models, "is_package", lambda name: name in installed)
    assert annotate.resolve_model("auto") == annotate.PREFERRED_MODEL
    installed.discard(annotate.PREFERRED_MODEL)
    assert annotate.resolve_model("auto") == annotate.BUNDLED_MODEL


def test_no_model_says_what_to_do(monkeypatch):
    monkeypatch.delenv(annotate.MODEL_ENV, raising=False)
    monkeypatch.setattr(models, "is_package", lambda name: False)
    with pytest.raises(annotate.ModelNotFound, match="make setup"):
        annotate.resolve_model("auto")


def test_failed_documents_keep_their_place():
    nlp = spacy.blank("de")
    docs = [Document("a", "a", text="Eins."), Document("b", "b", status="error", error="x"), Document("c", "c", text="Drei.")]
    pairs = list(annotate.annotate(nlp, docs, batch_size=2))
    assert [d.doc_id for d, _ in pairs] == ["a", "b", "c"]
    assert pairs[1][1] is None and pairs[2][1].text == "Drei."


def test_over_long_document_fails_alone():
    nlp = spacy.blank("de")
    nlp.max_length = 20
    docs = [Document("long", "long.txt", text="Wort " * 10), Document("short", "short.txt", text="Kurz.")]
    pairs = list(annotate.annotate(nlp, docs))
    assert pairs[0][0].status == "error" and "too long" in pairs[0][0].error and pairs[0][1] is None
    assert pairs[1][1].text == "Kurz."


def test_a_failing_extractor_marks_only_its_document(monkeypatch):
    from pipeline import run

    def explode(doc, doc_id):
        if doc_id == "bad":
            raise RuntimeError("boom")
        return [], []

    monkeypatch.setattr(run, "extract_entities", explode)
    nlp = spacy.blank("de")
    docs = [Document("bad", "bad.txt", text="Eins."), Document("good", "good.txt", text="Zwei.")]
    results = list(run.analyze(nlp, docs))
    assert results[0].document.status == "error" and "boom" in results[0].document.error
    assert results[1].document.status == "ok"


def test_load_model_adds_the_project_components(tmp_path):
    import spacy

    blank = spacy.blank("de")
    blank.add_pipe("ner")
    blank.initialize()
    blank.to_disk(tmp_path / "tiny")
    nlp = annotate.load_model(str(tmp_path / "tiny"))
    assert nlp.pipe_names == ["wersagtwas_paragraphs", "ner", "wersagtwas_gazetteer", "wersagtwas_konjunktiv"]
    # the model itself was built with numpy's BLAS (pipeline/ops.py), the process default is untouched
    assert not nlp.get_pipe("ner").model.ops.use_blis
    assert blank.get_pipe("ner").model.ops.use_blis
    doc = nlp("Die Agentur Keystone-SDA meldet.")
    assert ("Keystone-SDA", "ORG") in [(e.text, e.label_) for e in doc.ents]


def test_auto_fell_back_only_when_auto_lacks_the_preferred_model(monkeypatch):
    monkeypatch.delenv(annotate.MODEL_ENV, raising=False)
    monkeypatch.setattr(models, "is_package", lambda name: False)
    assert annotate.auto_fell_back(None) and annotate.auto_fell_back("auto")
    assert not annotate.auto_fell_back("de_wersagtwas_news")
    monkeypatch.setattr(models, "is_package", lambda name: True)
    assert not annotate.auto_fell_back("auto")
